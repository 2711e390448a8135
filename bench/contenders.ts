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
import pLimit from 'p-limit';
import pMap, { pMapIterable } from 'p-map';
import PQueue from 'p-queue';
import { basename, join, resolve } from 'node:path';
import type * as Package from '../src/index';
import type { AsCompletedInput } from '../src/index';

/**
 * The built package, as users get it: TypeScript's output, not the sources run through a loader's
 * transform (which compiles class fields differently and runs several times slower).
 */
const built =
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the build output has no types of its own until built
  require('../dist/cjs/index.js') as typeof Package;
const { asCompleted, asCompletedSettled, forkAsCompleted } = built;

/**
 * Another engine to time beside this one, in the same process: the CommonJS build of another commit,
 * which `bash scripts/build-baseline.sh REV` makes in bench/baseline/REV (`BENCH_BASELINE` names that
 * folder). Its rows are this package's rows under the name `[REV] ...`.
 */
const baselineFolder = process.env.BENCH_BASELINE;
export const baselineLabel = baselineFolder ? `[${basename(baselineFolder)}]` : null;
const baseline = baselineFolder
  ? {
      label: baselineLabel!,
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- a build of another commit
      package: require(join(resolve(baselineFolder), 'cjs', 'index.js')) as typeof Package,
    }
  : null;

export type Input = AsCompletedInput<unknown>;
export type WorkloadName =
  | 'sync'
  | 'promise'
  | 'factory'
  | 'scattered'
  | 'lazy-16'
  | 'lazy-100'
  | 'lazy-timers-16'
  | 'lazy-timers-100';

/** How long the scattered inputs take: (i * 7919) % SCATTER_MS milliseconds, so neighbours finish apart. */
export const SCATTER_MS = 10;

/** A deadline no input reaches: the rows "with deadline" pay for the timer and the deadline checks only. */
const DEADLINE_MS = 60_000;

export interface Workload {
  readonly name: WorkloadName;
  readonly description: string;
  /** Builds the inputs once per size; every contender and every iteration reuses them. */
  makeInputs(n: number): Input[];
  /** The concurrency limit every contender is given; unlimited when absent. */
  readonly concurrent?: number;
  /** Each sample waits for timers: fewer rounds suffice, and more would take minutes. */
  readonly slow?: boolean;
}

/** How long each lazy timer input takes: setTimeout's shortest delay. */
export const LAZY_TIMER_MS = 1;

/** Lazy Promise work as the libraries for it take it: a function that starts the work when called. */
const lazyResolved = (n: number): Input[] => Array.from({ length: n }, (_, i) => () => Promise.resolve(i));
const lazyTimers = (n: number): Input[] =>
  Array.from(
    { length: n },
    (_, i) => () => new Promise<number>((resolve) => setTimeout(resolve, LAZY_TIMER_MS, i)),
  );

function lazyWorkload(name: WorkloadName, concurrent: number, timers: boolean): Workload {
  return {
    name,
    description: timers
      ? `N factories of a ${LAZY_TIMER_MS} ms timer, () => new Promise(r => setTimeout(r, ${LAZY_TIMER_MS}, i)), ${concurrent} at a time`
      : `N factories returning a resolved Promise, () => Promise.resolve(i), ${concurrent} at a time`,
    makeInputs: timers ? lazyTimers : lazyResolved,
    concurrent,
    slow: timers,
  };
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
  'lazy-16': lazyWorkload('lazy-16', 16, false),
  'lazy-100': lazyWorkload('lazy-100', 100, false),
  'lazy-timers-16': lazyWorkload('lazy-timers-16', 16, true),
  'lazy-timers-100': lazyWorkload('lazy-timers-100', 100, true),
};

/**
 * Runs one contender over all the inputs, at most `concurrent` at a time when the workload limits it,
 * and resolves when every result has been delivered; rejects when the count of results is wrong, so
 * that a broken contender cannot pass for a fast one.
 */
export type Run = (inputs: Input[], concurrent: number) => void | Promise<void>;

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
function viaOperator(
  name: string,
  operator: (n: number, concurrent: number) => OperatorFunction<Input, unknown>,
): Run {
  return viaObservable(name, (inputs, concurrent) => from(inputs).pipe(operator(inputs.length, concurrent)));
}

/** Subscribes to the Observable `make` returns and counts its values; synchronous when every result is. */
function viaObservable(
  name: string,
  make: (inputs: Input[], concurrent: number) => Observable<unknown>,
): Run {
  return (inputs, concurrent) => {
    let received = 0;
    let done = false;
    let failure: Error | null = null;
    let settle: (() => void) | null = null;
    make(inputs, concurrent).subscribe({
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

/** The least an rxjs operator over Promises costs: see its contender. */
export const OPERATOR_FLOOR = 'operator floor: .then per input, no bookkeeping';
/** The same, with handlers that know their input, as the identity floor's do: see its contender. */
export const NAMING_OPERATOR_FLOOR = 'operator floor, handlers capture its index';

/** {@link OPERATOR_FLOOR}'s operator; `capture` gives each input handlers that capture its index. */
const floorOperator =
  (capture: boolean): OperatorFunction<Input, unknown> =>
  (source) =>
    new Observable<unknown>((destination) => {
      let pending = 0;
      let arrived = 0;
      /** The indices the handlers were given, summed: all N of them, once each, or the run fails. */
      let indexSum = 0;
      let sourceDone = false;
      const complete = (): void => {
        if (capture && indexSum !== (arrived * (arrived - 1)) / 2)
          destination.error(new Error('lost an index'));
        else destination.complete();
      };
      const settled = (value: unknown): void => {
        destination.next(value);
        if (--pending === 0 && sourceDone) complete();
      };
      const failed = (error: unknown): void => destination.error(error);
      return source.subscribe({
        next: (input) => {
          pending++;
          const promise = input as Promise<unknown>;
          if (!capture) return void promise.then(settled, failed);
          const index = arrived++;
          void promise.then(
            (value) => {
              indexSum += index;
              settled(value);
            },
            (error: unknown) => failed(new Error(`input ${index} failed: ${String(error)}`)),
          );
        },
        error: failed,
        complete: () => {
          sourceDone = true;
          if (pending === 0) complete();
        },
      });
    });

/** The identity floor calls factories with a signal nobody aborts, as the operator's own would be until teardown. */
const neverAborted = new AbortController().signal;

/** The rxjs baselines take what `from` takes, never a factory: their maxN leaves the factory workload out. */
const mergeMapLast = (): OperatorFunction<Input, unknown> =>
  mergeMap((input: Input) => from(input as ObservableInput<unknown>).pipe(last()));
const mergeAllInputs = (): OperatorFunction<Input, unknown> => mergeAll() as OperatorFunction<Input, unknown>;

/** The operator's own rows, timed on `pkg`; `label` opens their names (a baseline engine's). */
function packageContenders(pkg: typeof Package, label = ''): Contender[] {
  const { asCompleted, asCompletedSettled } = pkg;
  const named = (name: string): string => (label ? `${label} ${name}` : name);
  return [
    {
      name: named(AS_COMPLETED),
      maxN: { ...ALL, factory: Infinity },
      run: viaOperator(AS_COMPLETED, () => asCompleted()),
    },
    {
      name: named(`asCompleted(${DEADLINE_MS})`),
      maxN: VARIANT,
      run: viaOperator('asCompleted(deadline)', () => asCompleted(DEADLINE_MS)),
    },
    {
      name: named('asCompleted({ concurrent: N/10 })'),
      maxN: VARIANT,
      run: viaOperator('asCompleted(concurrent)', (n) => asCompleted({ concurrent: tenth(n) })),
    },
    {
      name: named('asCompletedSettled()'),
      maxN: ALL,
      run: viaOperator('asCompletedSettled()', () => asCompletedSettled()),
    },
    {
      name: named(`asCompletedSettled(${DEADLINE_MS})`),
      maxN: VARIANT,
      run: viaOperator('asCompletedSettled(deadline)', () => asCompletedSettled(DEADLINE_MS)),
    },
    {
      name: named('asCompletedSettled({ concurrent: N/10 })'),
      maxN: VARIANT,
      run: viaOperator('asCompletedSettled(concurrent)', (n) => asCompletedSettled({ concurrent: tenth(n) })),
    },
  ];
}

/**
 * Which engine tinybench times first: this one, or with `BENCH_BASELINE_FIRST=1` the baseline. Run
 * both orders: whichever goes second meets a warmer, more fragmented heap.
 */
const engines = [
  packageContenders(built),
  baseline ? packageContenders(baseline.package, baseline.label) : [],
];
if (process.env.BENCH_BASELINE_FIRST === '1') engines.reverse();

export const contenders: Contender[] = [
  ...engines.flat(),
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
    // What any rxjs operator over Promises pays before bookkeeping: the source's emissions and the
    // output's subscriber chain, around one `.then` per input. It keeps no order of its own, no deadline
    // and no teardown: it tells apart how much of the operator's cost is rxjs, and how much its own.
    name: OPERATOR_FLOOR,
    maxN: { promise: Infinity },
    run: viaOperator(OPERATOR_FLOOR, () => floorOperator(false)),
  },
  {
    // The operator floor with the identity floor's handlers: two per input, capturing its index, the
    // least an operator needs to say which input gave a result or failed. No bookkeeping either.
    name: NAMING_OPERATOR_FLOOR,
    maxN: { promise: Infinity },
    run: viaOperator(NAMING_OPERATOR_FLOOR, () => floorOperator(true)),
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

/**
 * The lazy workloads: resolved factories run to 1e6 for every contender; 1 ms timers stop where a sample
 * would take more than about a second (N / concurrent waves of at least 1 ms).
 */
const LAZY: Partial<Record<WorkloadName, number>> = {
  'lazy-16': Infinity,
  'lazy-100': Infinity,
  'lazy-timers-16': 1e4,
  'lazy-timers-100': 1e5,
};

type LazyTask = () => Promise<unknown>;

/**
 * The libraries below deliver an array (or a stream) in input order: each result must be its input's
 * index, so a contender that dropped, duplicated or reordered results fails the run.
 */
function checkInOrder(name: string, results: readonly unknown[], n: number): void {
  let matching = 0;
  for (let index = 0; index < results.length; index++) if (results[index] === index) matching++;
  if (matching !== n || results.length !== n) {
    throw new Error(`${name}: ${matching} of ${results.length} results in place for ${n} inputs`);
  }
}

export const P_MAP = 'pMap';
export const FORK_AS_COMPLETED_CONCURRENT = 'forkAsCompleted(factories, { concurrent })';

/** What users pick for bounded lazy Promise work, beside the operator's two forms. */
const lazyContenders: Contender[] = [
  {
    name: FORK_AS_COMPLETED_CONCURRENT,
    maxN: LAZY,
    run: viaObservable(FORK_AS_COMPLETED_CONCURRENT, (inputs, concurrent) =>
      forkAsCompleted(inputs, { concurrent }),
    ),
  },
  {
    name: 'asCompleted({ concurrent })',
    maxN: LAZY,
    run: viaOperator('asCompleted({ concurrent })', (_, concurrent) => asCompleted({ concurrent })),
  },
  {
    name: P_MAP,
    maxN: LAZY,
    run: async (inputs, concurrency) => {
      const results = await pMap(inputs as LazyTask[], (task) => task(), { concurrency });
      checkInOrder(P_MAP, results, inputs.length);
    },
  },
  {
    // p-map's streaming form: results as an async iterable, in input order, pulling at most
    // `concurrency` tasks ahead of the consumer.
    name: 'pMapIterable',
    maxN: LAZY,
    run: async (inputs, concurrency) => {
      const results: unknown[] = [];
      for await (const result of pMapIterable(inputs as LazyTask[], (task) => task(), { concurrency })) {
        results.push(result);
      }
      checkInOrder('pMapIterable', results, inputs.length);
    },
  },
  {
    name: 'p-limit + Promise.all',
    maxN: LAZY,
    run: async (inputs, concurrency) => {
      const limit = pLimit(concurrency);
      const results = await Promise.all((inputs as LazyTask[]).map((task) => limit(task)));
      checkInOrder('p-limit + Promise.all', results, inputs.length);
    },
  },
  {
    name: 'p-queue addAll',
    maxN: LAZY,
    run: async (inputs, concurrency) => {
      const queue = new PQueue({ concurrency });
      const results = await queue.addAll(inputs as LazyTask[]);
      checkInOrder('p-queue addAll', results, inputs.length);
    },
  },
];

if (baseline) {
  const { label, package: base } = baseline;
  lazyContenders.push(
    {
      name: `${label} ${FORK_AS_COMPLETED_CONCURRENT}`,
      maxN: LAZY,
      run: viaObservable(FORK_AS_COMPLETED_CONCURRENT, (inputs, concurrent) =>
        base.forkAsCompleted(inputs, { concurrent }),
      ),
    },
    {
      name: `${label} asCompleted({ concurrent })`,
      maxN: LAZY,
      run: viaOperator('asCompleted({ concurrent })', (_, concurrent) => base.asCompleted({ concurrent })),
    },
  );
}

contenders.push(...lazyContenders);

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

/**
 * Pending Promise work, for the heap it holds per input: `hold` starts the work and returns what the
 * caller would keep (a subscription, a Promise). The inputs are made before the heap is read, so only
 * what the contender adds is counted; see `pendingInputs` for what keeps it all reachable.
 */
export interface PendingWorkContender {
  readonly name: string;
  /** `promises`: N pending Promises, all running; `factories`: N factories of Promises that never settle. */
  readonly inputs: 'promises' | 'factories';
  hold(inputs: Input[]): unknown;
}

/** The concurrency of the pending-work rows: nine in ten inputs of the smallest N wait in a queue. */
export const PENDING_CONCURRENCY = 16;

export const pendingWorkContenders: PendingWorkContender[] = [
  {
    name: 'asCompleted() on Promises',
    inputs: 'promises',
    hold: (inputs) => from(inputs).pipe(asCompleted()).subscribe(),
  },
  {
    name: `${IDENTITY_FLOOR} on Promises`,
    inputs: 'promises',
    hold: (inputs) => {
      const results: unknown[] = [];
      (inputs as Promise<unknown>[]).forEach((input, index) => {
        void input.then(
          (value) => (results[index] = value),
          (error: unknown) => (results[index] = error),
        );
      });
      return results;
    },
  },
  {
    name: 'forkAsCompleted(factories, { concurrent: 16 })',
    inputs: 'factories',
    hold: (inputs) => forkAsCompleted(inputs, { concurrent: PENDING_CONCURRENCY }).subscribe(),
  },
  {
    name: 'asCompleted({ concurrent: 16 }) on factories',
    inputs: 'factories',
    hold: (inputs) =>
      from(inputs)
        .pipe(asCompleted({ concurrent: PENDING_CONCURRENCY }))
        .subscribe(),
  },
  {
    name: 'pMap, concurrency 16',
    inputs: 'factories',
    hold: (inputs) => pMap(inputs as LazyTask[], (task) => task(), { concurrency: PENDING_CONCURRENCY }),
  },
  {
    name: 'pMapIterable, concurrency 16, first result awaited',
    inputs: 'factories',
    hold: (inputs) => {
      const iterator = pMapIterable(inputs as LazyTask[], (task) => task(), {
        concurrency: PENDING_CONCURRENCY,
      })[Symbol.asyncIterator]();
      return [iterator, iterator.next()];
    },
  },
  {
    name: 'p-limit(16) + Promise.all',
    inputs: 'factories',
    hold: (inputs) => {
      const limit = pLimit(PENDING_CONCURRENCY);
      return Promise.all((inputs as LazyTask[]).map((task) => limit(task)));
    },
  },
  {
    name: 'p-queue({ concurrency: 16 }) addAll',
    inputs: 'factories',
    hold: (inputs) => new PQueue({ concurrency: PENDING_CONCURRENCY }).addAll(inputs as LazyTask[]),
  },
];

/**
 * N inputs that stay pending until `release` settles them: each Promise's resolver is kept, as an open
 * socket or a timer keeps a real one. Without that, a Promise nobody can settle is garbage together with
 * every reaction and queue entry that hangs on it, and a contender's pending work would not be counted.
 */
export function pendingInputs(
  kind: PendingWorkContender['inputs'],
  n: number,
): { inputs: Input[]; release: () => void } {
  const resolvers: ((value: number) => void)[] = [];
  const pending = (): Promise<number> => new Promise<number>((resolve) => resolvers.push(resolve));
  const inputs: Input[] =
    kind === 'promises'
      ? Array.from({ length: n }, pending)
      : Array.from({ length: n }, () => () => pending());
  return {
    inputs,
    release: () => {
      resolvers.forEach((resolve, index) => resolve(index));
      resolvers.length = 0;
    },
  };
}
