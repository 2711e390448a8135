import {
  from,
  last,
  mergeAll,
  mergeMap,
  Observable,
  of,
  timer,
  type ObservableInput,
  type OperatorFunction,
} from 'rxjs';
import type * as Package from '../src/index';
import type { AsCompletedInput } from '../src/index';

/**
 * The built package, as users get it: TypeScript's output, not the sources run through a loader's
 * transform (which compiles class fields differently and runs several times slower).
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the build output has no types of its own until built
const { asCompleted, asCompletedSettled } = require('../dist/cjs/index.js') as typeof Package;

export type Input = AsCompletedInput<unknown>;
export type WorkloadName = 'sync' | 'promise' | 'factory' | 'scattered';

/** How long the scattered inputs take: (i * 7919) % SCATTER_MS milliseconds, so neighbours finish apart. */
export const SCATTER_MS = 10;

/** A deadline no input reaches: the rows "with deadline" pay for the timer and the deadline checks only. */
const DEADLINE_MS = 60_000;

export interface Workload {
  readonly name: WorkloadName;
  readonly description: string;
  /** Builds the inputs once per size; every contender and every iteration reuses them. */
  makeInputs(n: number): Input[];
}

export const workloads: Record<WorkloadName, Workload> = {
  sync: {
    name: 'sync',
    description: 'N synchronous inputs, of(i)',
    makeInputs: (n) => Array.from({ length: n }, (_, i) => of(i)),
  },
  promise: {
    name: 'promise',
    description: 'N resolved Promises',
    makeInputs: (n) => Array.from({ length: n }, (_, i) => Promise.resolve(i)),
  },
  factory: {
    name: 'factory',
    description: 'N input factories returning a resolved Promise, () => Promise.resolve(i)',
    makeInputs: (n) => Array.from({ length: n }, (_, i) => () => Promise.resolve(i)),
  },
  scattered: {
    name: 'scattered',
    description: `N inputs completing at scattered times on asyncScheduler, timer((i * 7919) % ${SCATTER_MS})`,
    makeInputs: (n) => Array.from({ length: n }, (_, i) => timer((i * 7919) % SCATTER_MS)),
  },
};

/**
 * Runs one contender over all the inputs and resolves when every result has been delivered; rejects
 * when the count of results is wrong, so that a broken contender cannot pass for a fast one.
 */
export type Run = (inputs: Input[]) => void | Promise<void>;

export interface Contender {
  readonly name: string;
  /** Workloads this contender takes part in, and the largest N it is run at there. */
  readonly maxN: Partial<Record<WorkloadName, number>>;
  readonly run: Run;
}

function checkCount(received: number, expected: number, name: string): void {
  if (received !== expected) throw new Error(`${name}: ${received} results for ${expected} inputs`);
}

/** Subscribes `operator` to `from(inputs)`; synchronous when every result is. */
function viaOperator(name: string, operator: (n: number) => OperatorFunction<Input, unknown>): Run {
  return (inputs) => {
    let received = 0;
    let done = false;
    let failure: Error | null = null;
    let settle: (() => void) | null = null;
    from(inputs)
      .pipe(operator(inputs.length))
      .subscribe({
        next: () => {
          received++;
        },
        error: (error: unknown) => {
          failure = new Error(`${name} errored: ${error instanceof Error ? error.message : typeof error}`);
          done = true;
          settle?.();
        },
        complete: () => {
          done = true;
          settle?.();
        },
      });
    const finish = (): void => {
      if (failure !== null) throw failure;
      checkCount(received, inputs.length, name);
    };
    if (done) return finish();
    return new Promise<void>((resolve) => {
      settle = resolve;
    }).then(finish);
  };
}

/**
 * Scattered inputs stop at 1e5 for everyone: asyncScheduler makes a setInterval per input, ~15 s a run
 * at 1e6. Factories stop at 1e5 but for asCompleted() itself: on Node 20 each AbortSignal costs
 * microseconds, and 1e6 factories take seconds a run.
 */
const ALL: Partial<Record<WorkloadName, number>> = {
  sync: Infinity,
  promise: Infinity,
  factory: 1e5,
  scattered: 1e5,
};

/**
 * The rows with a deadline or `concurrent` stop at 1e5, to keep the run to minutes: they differ from
 * the plain rows by a constant per subscription or per input, which 1e3..1e5 already shows.
 */
const VARIANT: Partial<Record<WorkloadName, number>> = {
  sync: 1e5,
  promise: 1e5,
  factory: 1e4,
  scattered: 1e5,
};

/**
 * mergeAll removes each finished inner subscription from an array (indexOf and splice): quadratic
 * once many inputs are pending, as Promises and timers are. At 1e5 Promises a run takes seconds.
 */
const MERGE_CAPS: Partial<Record<WorkloadName, number>> = { sync: Infinity, promise: 1e4, scattered: 1e4 };

/** `concurrent` for the rows that limit it: a tenth of the inputs, so that nine in ten wait in the queue. */
const tenth = (n: number): number => Math.max(1, Math.floor(n / 10));

export const MERGE_MAP_LAST = 'mergeMap(x => from(x).pipe(last()))';
/** The column headings' short names for the two baselines. */
export const MERGE_MAP_LAST_SHORT = 'mergeMap+last';
export const MERGE_ALL = 'mergeAll()';
export const AS_COMPLETED = 'asCompleted()';
export const THEN_PER_INPUT = '.then per input';
/** The identity floor: see its contender. */
export const IDENTITY_FLOOR = '.then per input, handlers capture its index';

/** The identity floor calls factories with a signal nobody aborts, as the operator's own would be until teardown. */
const neverAborted = new AbortController().signal;

/** The rxjs baselines take what `from` takes, never a factory: their maxN leaves the factory workload out. */
const mergeMapLast = (): OperatorFunction<Input, unknown> =>
  mergeMap((input: Input) => from(input as ObservableInput<unknown>).pipe(last()));
const mergeAllInputs = (): OperatorFunction<Input, unknown> => mergeAll() as OperatorFunction<Input, unknown>;

export const contenders: Contender[] = [
  {
    name: AS_COMPLETED,
    maxN: { ...ALL, factory: Infinity },
    run: viaOperator(AS_COMPLETED, () => asCompleted()),
  },
  {
    name: `asCompleted(${DEADLINE_MS})`,
    maxN: VARIANT,
    run: viaOperator('asCompleted(deadline)', () => asCompleted(DEADLINE_MS)),
  },
  {
    name: 'asCompleted({ concurrent: N/10 })',
    maxN: VARIANT,
    run: viaOperator('asCompleted(concurrent)', (n) => asCompleted({ concurrent: tenth(n) })),
  },
  {
    name: 'asCompletedSettled()',
    maxN: ALL,
    run: viaOperator('asCompletedSettled()', () => asCompletedSettled()),
  },
  {
    name: `asCompletedSettled(${DEADLINE_MS})`,
    maxN: VARIANT,
    run: viaOperator('asCompletedSettled(deadline)', () => asCompletedSettled(DEADLINE_MS)),
  },
  {
    name: 'asCompletedSettled({ concurrent: N/10 })',
    maxN: VARIANT,
    run: viaOperator('asCompletedSettled(concurrent)', (n) => asCompletedSettled({ concurrent: tenth(n) })),
  },
  {
    name: MERGE_MAP_LAST,
    maxN: MERGE_CAPS,
    run: viaOperator(MERGE_MAP_LAST, mergeMapLast),
  },
  { name: MERGE_ALL, maxN: MERGE_CAPS, run: viaOperator(MERGE_ALL, mergeAllInputs) },
  {
    // What a user writes without RxJS: race what is left, remove the winner, repeat. Each race
    // subscribes to every pending Promise again, so N inputs cost N²/2 reactions.
    name: 'Promise.race loop',
    maxN: { promise: 1e3 },
    run: async (inputs) => {
      const pending = new Map(
        (inputs as Promise<unknown>[]).map((input, index) => [
          index,
          input.then((value) => [index, value] as const),
        ]),
      );
      let received = 0;
      while (pending.size > 0) {
        const [index] = await Promise.race(pending.values());
        pending.delete(index);
        received++;
      }
      checkCount(received, inputs.length, 'Promise.race loop');
    },
  },
  {
    // The linear way with Promises alone: one reaction per input, results taken in the order they settle.
    name: THEN_PER_INPUT,
    maxN: { promise: Infinity },
    run: (inputs) =>
      new Promise<void>((resolve) => {
        let received = 0;
        const deliver = (): void => {
          if (++received === inputs.length) resolve();
        };
        for (const input of inputs as Promise<unknown>[]) void input.then(deliver);
      }),
  },
  {
    // The least an operator can do and still say which input gave which result or error: a reaction
    // per input whose two handlers capture the input's index. A factory is called first.
    name: IDENTITY_FLOOR,
    maxN: { promise: Infinity, factory: Infinity },
    run: (inputs) =>
      new Promise<void>((resolve, reject) => {
        let received = 0;
        let indexSum = 0;
        const deliver = (index: number): void => {
          indexSum += index;
          if (++received === inputs.length) {
            if (indexSum !== (inputs.length * (inputs.length - 1)) / 2) reject(new Error('lost an index'));
            else resolve();
          }
        };
        const fail = (index: number, error: unknown): void => {
          reject(new Error(`input ${index} failed: ${String(error)}`));
        };
        inputs.forEach((input, index) => {
          const promise = (typeof input === 'function' ? input(neverAborted) : input) as Promise<unknown>;
          promise.then(
            () => deliver(index),
            (error: unknown) => fail(index, error),
          );
        });
      }),
  },
];

/** An input that never completes: what a pending input costs, and what is left after unsubscribing. */
export const neverInput = new Observable<never>(() => undefined);

/** The operators the memory measurement compares. */
export const memoryContenders: { name: string; operator: () => OperatorFunction<Input, unknown> }[] = [
  { name: AS_COMPLETED, operator: () => asCompleted() },
  { name: `asCompleted(${DEADLINE_MS})`, operator: () => asCompleted(DEADLINE_MS) },
  { name: 'asCompletedSettled()', operator: () => asCompletedSettled() },
  { name: MERGE_MAP_LAST, operator: mergeMapLast },
  { name: MERGE_ALL, operator: mergeAllInputs },
];
