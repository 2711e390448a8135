/// <reference lib="es2021.weakref" />
/*
 * Soak: pushes many inputs through asCompleted with a deadline and a concurrency limit, then checks
 * that the heap, after garbage collection, is back within a small bound of where it started.
 *
 *   npm run soak                                 1,000,000 inputs
 *   npm run soak -- --inputs 20000 --json        what the test suite runs
 *
 * Needs `--expose-gc` (the npm script passes it). Exits 1 when a check fails.
 */
import { NEVER, Observable, from, map, of, timer, type ObservableInput } from 'rxjs';
import { asCompleted, AsCompletedTimeoutError } from '../src';

interface Options {
  readonly inputs: number;
  readonly concurrent: number;
  readonly json: boolean;
}

function parseOptions(argv: readonly string[]): Options {
  const value = (name: string, fallback: number): number => {
    const at = argv.indexOf(`--${name}`);
    if (at === -1) return fallback;
    const parsed = Number(argv[at + 1]);
    if (!Number.isInteger(parsed) || parsed < 1) throw new RangeError(`--${name} must be a positive integer`);
    return parsed;
  };
  return {
    inputs: value('inputs', 1_000_000),
    concurrent: value('concurrent', 64),
    json: argv.includes('--json'),
  };
}

const collectGarbage = (globalThis as { gc?: () => void }).gc;
if (collectGarbage === undefined) {
  console.error('soak: run node with --expose-gc (npm run soak does)');
  process.exit(2);
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Heap in use after full collections: the least of several, with event-loop turns between them so
 * that pending callbacks run and what they held goes too. A leak survives every collection.
 */
async function settledHeap(): Promise<number> {
  let least = Infinity;
  for (let round = 0; round < 5; round++) {
    await turn();
    collectGarbage!();
    least = Math.min(least, process.memoryUsage().heapUsed);
  }
  return least;
}

/** A source that emits `count` inputs in batches, one batch per event-loop turn, as a stream would. */
function paced<T>(count: number, make: (index: number) => T, batch = 1000): Observable<T> {
  return new Observable<T>((subscriber) => {
    let next = 0;
    let handle: NodeJS.Immediate | undefined;
    const emitBatch = (): void => {
      const end = Math.min(count, next + batch);
      while (next < end && !subscriber.closed) subscriber.next(make(next++));
      if (next === count) subscriber.complete();
      else if (!subscriber.closed) handle = setImmediate(emitBatch);
    };
    emitBatch();
    return () => clearImmediate(handle);
  });
}

/** Inputs of every kind the operator takes, most finishing at once or within a microtask. */
function mixedInput(index: number): ObservableInput<number> {
  if (index % 1000 === 999) return timer(1).pipe(map(() => index));
  switch (index % 4) {
    case 0:
      return new Observable<number>((subscriber) => {
        subscriber.next(index);
        subscriber.complete();
      });
    case 1:
      return [index - 1, index];
    case 2:
      return Promise.resolve(index);
    default:
      return new Observable<number>((subscriber) => {
        queueMicrotask(() => {
          subscriber.next(index);
          subscriber.complete();
        });
      });
  }
}

interface Phase {
  readonly name: string;
  readonly inputs: number;
  readonly heapBefore: number;
  readonly heapPeak: number;
  readonly heapAfter: number;
  readonly milliseconds: number;
}

/** Every input completes before the deadline: all N results, in some order, then completion. */
async function throughput(options: Options): Promise<Phase> {
  const { inputs, concurrent } = options;
  const heapBefore = await settledHeap();
  let heapPeak = heapBefore;
  const sampleEvery = Math.max(1, Math.floor(inputs / 20));
  const started = performance.now();
  const outcome = await new Promise<{ count: number; sum: number }>((resolve, reject) => {
    let count = 0;
    let sum = 0;
    paced(inputs, mixedInput)
      .pipe(asCompleted({ timeout: 10 * 60_000, concurrent }))
      .subscribe({
        next: (value) => {
          count++;
          sum += value;
          if (count % sampleEvery === 0) heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
        },
        error: reject,
        complete: () => resolve({ count, sum }),
      });
  });
  const milliseconds = performance.now() - started;
  check(outcome.count === inputs, `throughput: ${outcome.count} results for ${inputs} inputs`);
  check(outcome.sum === (inputs * (inputs - 1)) / 2, `throughput: results sum to ${outcome.sum}`);
  return { name: 'throughput', inputs, heapBefore, heapPeak, heapAfter: await settledHeap(), milliseconds };
}

/**
 * No input ever completes: half are NEVER, half are Promises that never settle; half of them run,
 * the rest wait in the queue. The deadline must error the output with every index pending and
 * release everything: weak references to a sample of the Promises (running and queued) and to the
 * consumer show that nothing the operator kept (its timer above all) holds on to them.
 */
async function deadline(options: Options): Promise<Phase & { readonly collected: boolean }> {
  const inputs = Math.max(1, Math.floor(options.inputs / 2));
  const heapBefore = await settledHeap();
  const started = performance.now();
  const samples: WeakRef<object>[] = [];
  let heapPeak = heapBefore;
  // Only a summary leaves the consumer: the timeout error lists every pending index, and keeping it
  // would look like a leak.
  const ending = await new Promise<string>((resolve) => {
    const end = (error: unknown): void =>
      resolve(
        error instanceof AsCompletedTimeoutError
          ? `timeout with ${error.pending.length} pending`
          : String(error),
      );
    const consumer = {
      next: () => resolve('a value'),
      error: end,
      complete: () => resolve('completion'),
    };
    samples.push(new WeakRef(consumer));
    function* neverEnding(): Generator<ObservableInput<never>> {
      for (let index = 0; index < inputs; index++) {
        if (index % 2 === 0) {
          yield NEVER;
        } else {
          const promise = new Promise<never>(() => undefined);
          if (index % 997 === 1) samples.push(new WeakRef(promise));
          yield promise;
        }
      }
      heapPeak = process.memoryUsage().heapUsed;
    }
    from(neverEnding())
      .pipe(asCompleted({ timeout: 50, concurrent: Math.max(1, Math.floor(inputs / 2)) }))
      .subscribe(consumer);
  });
  const milliseconds = performance.now() - started;
  check(ending === `timeout with ${inputs} pending`, `deadline: ended with ${ending}, for ${inputs} inputs`);
  const heapAfter = await settledHeap();
  const collected = samples.every((sample) => sample.deref() === undefined);
  check(collected, 'deadline: the consumer or a never-settling Promise is still reachable after teardown');
  return { name: 'deadline', inputs, heapBefore, heapPeak, heapAfter, milliseconds, collected };
}

/**
 * One Promise that never settles, held by the caller, used as the input of many subscriptions that
 * all time out. rxjs subscribes to a Promise with `then`, which cannot be undone: while the Promise
 * lives, its reactions keep what they close over (as with `mergeMap` or `from` alone). This phase
 * measures that cost per subscription, then drops the Promise and checks that everything goes.
 */
async function heldPromise(options: Options): Promise<Phase & { readonly retainedPerSubscription: number }> {
  const inputs = Math.max(1, Math.min(10_000, Math.floor(options.inputs / 10)));
  const heapBefore = await settledHeap();
  const started = performance.now();
  // Held in an object read after the measurement, so that the engine cannot drop it any earlier.
  const caller: { held: Promise<never> | null } = { held: new Promise<never>(() => undefined) };
  let timeouts = 0;
  for (let index = 0; index < inputs; index++) {
    of(caller.held!)
      .pipe(asCompleted({ timeout: 0, concurrent: options.concurrent }))
      .subscribe({
        error: (error: unknown) => void (error instanceof AsCompletedTimeoutError && timeouts++),
      });
  }
  const milliseconds = performance.now() - started;
  check(timeouts === inputs, `held promise: ${timeouts} of ${inputs} subscriptions timed out`);
  const heapPeak = await settledHeap();
  check(caller.held !== null, 'held promise: the caller let go of it too early');
  caller.held = null;
  const heapAfter = await settledHeap();
  const retainedPerSubscription = Math.round((heapPeak - heapBefore) / inputs);
  return {
    name: 'held promise',
    inputs,
    heapBefore,
    heapPeak,
    heapAfter,
    milliseconds,
    retainedPerSubscription,
  };
}

const failures: string[] = [];
function check(condition: boolean, failure: string): void {
  if (!condition) failures.push(failure);
}

/**
 * Allowed growth of the heap across a phase: a fixed slack for V8's own bookkeeping, and 4 bytes per
 * input, far below what one retained input costs (its subscriber alone is some 100 bytes).
 */
const heapBound = (inputs: number): number => 512 * 1024 + 4 * inputs;

const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(2)} MiB`;

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  // A small warm-up first, so that what V8 keeps once (compiled code, inline caches) is not counted.
  const warmUp = { ...options, inputs: Math.min(options.inputs, 5000) };
  await throughput(warmUp);
  await deadline(warmUp);
  await heldPromise(warmUp);
  failures.length = 0;
  const throughputPhase = await throughput(options);
  const deadlinePhase = await deadline(options);
  const heldPhase = await heldPromise(options);
  const phases: readonly Phase[] = [throughputPhase, deadlinePhase, heldPhase];
  for (const phase of phases) {
    const growth = phase.heapAfter - phase.heapBefore;
    check(growth <= heapBound(phase.inputs), `${phase.name}: heap grew by ${mib(growth)}`);
  }
  // A timer left armed (a deadline not cancelled) would also keep the process from exiting.
  const timers = process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;
  check(timers === 0, `${timers} timers still armed after every phase ended`);
  if (options.json) {
    console.log(JSON.stringify({ concurrent: options.concurrent, phases, failures }));
  } else {
    console.log(`soak: concurrent ${options.concurrent}, node ${process.version}`);
    for (const phase of phases) {
      console.log(
        `${phase.name.padEnd(12)} ${String(phase.inputs).padStart(9)} inputs in ${phase.milliseconds.toFixed(0).padStart(6)} ms;` +
          ` heap before ${mib(phase.heapBefore)}, peak ${mib(phase.heapPeak)}, after ${mib(phase.heapAfter)}` +
          ` (growth ${mib(phase.heapAfter - phase.heapBefore)}, bound ${mib(heapBound(phase.inputs))})`,
      );
    }
    console.log(
      `while the caller held the never-settling Promise: ${heldPhase.retainedPerSubscription} bytes per subscription;` +
        ` once it let go: ${mib(heldPhase.heapAfter - heldPhase.heapBefore)} above the start`,
    );
    console.log(failures.length === 0 ? 'soak: ok' : `soak: FAILED\n  ${failures.join('\n  ')}`);
  }
  // Exit even if something the operator left behind (a timer) would keep the process alive.
  process.exit(failures.length === 0 ? 0 : 1);
}

void main();
