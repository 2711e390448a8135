/**
 * `node --expose-gc --max-semi-space-size=256 --import tsx bench/snapshots.ts`: what one snapshot of
 * forkAsCompletedSnapshots costs, for sets of N inputs, beside the settled record of
 * forkAsCompletedSettled for the same outcome. Each input is a Subject, completed one at a time, so that
 * each completion is one emission; only the emissions are measured, not the subscription.
 *
 * - allocated: heap bytes per emission, garbage included, measured with a young generation large enough
 *   that no collection runs during the measured emissions (checked: a run that collected is rejected);
 * - retained: heap bytes per emission that stay when the consumer keeps every snapshot (a history);
 * - time: nanoseconds per emission, over at least 2,000 emissions, the median of several such runs.
 */
import { PerformanceObserver } from 'node:perf_hooks';
import { Subject } from 'rxjs';
import { forkAsCompletedSettled, forkAsCompletedSnapshots } from '../src/index';

const SIZES = [10, 100, 1000, 10_000];
/** Emissions measured per run: at most this many of the N completions. */
const EMISSIONS = 200;
const WARMUP_RUNS = 3;
const RUNS = 5;
const TIMED_EMISSIONS = 2000;

function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('run with node --expose-gc');
  gc();
  gc();
}

let collections = 0;
new PerformanceObserver((list) => (collections += list.getEntries().length)).observe({ entryTypes: ['gc'] });

type Flavour = 'snapshots' | 'settled';
type Shape = 'array' | 'dictionary';

interface Sample {
  readonly allocated: number;
  readonly retained: number;
  readonly nanoseconds: number;
}

/** One run: N Subjects subscribed, then `emissions` of them completed, measured. */
function sample(flavour: Flavour, shape: Shape, n: number, keep: boolean): Sample {
  const subjects = Array.from({ length: n }, () => new Subject<number>());
  const inputs =
    shape === 'array'
      ? subjects
      : Object.fromEntries(subjects.map((subject, index) => [`k${index}`, subject]));
  const create = flavour === 'snapshots' ? forkAsCompletedSnapshots : forkAsCompletedSettled;
  const kept: unknown[] = [];
  let last: unknown = null;
  const subscription = (create as (inputs: unknown, timeout: number) => import('rxjs').Observable<unknown>)(
    inputs,
    60_000,
  ).subscribe((value) => {
    if (keep) kept.push(value);
    else last = value;
  });
  const emissions = Math.min(n, EMISSIONS);
  collectGarbage();
  const before = process.memoryUsage().heapUsed;
  const collectionsBefore = collections;
  const start = process.hrtime.bigint();
  for (let index = 0; index < emissions; index++) {
    subjects[index].next(index);
    subjects[index].complete();
  }
  const nanoseconds = Number(process.hrtime.bigint() - start) / emissions;
  const allocated = (process.memoryUsage().heapUsed - before) / emissions;
  const collected = collections !== collectionsBefore;
  collectGarbage();
  const retained = (process.memoryUsage().heapUsed - before) / emissions;
  subscription.unsubscribe();
  void last;
  if (keep) return { allocated: NaN, retained, nanoseconds };
  return { allocated: collected ? NaN : allocated, retained: NaN, nanoseconds };
}

const median = (values: number[]): number => {
  const sorted = values.filter((value) => !Number.isNaN(value)).sort((a, b) => a - b);
  return sorted.length === 0 ? NaN : sorted[Math.floor(sorted.length / 2)];
};

/** The medians of one flavour's runs over one set. */
async function measure(flavour: Flavour, shape: Shape, n: number): Promise<Sample> {
  for (let run = 0; run < WARMUP_RUNS; run++) sample(flavour, shape, n, false);
  const transient: Sample[] = [];
  const history: Sample[] = [];
  for (let run = 0; run < RUNS; run++) {
    // Let the gc observer's entries of the last run arrive before counting again.
    await new Promise((resolve) => setImmediate(resolve));
    transient.push(sample(flavour, shape, n, false));
    history.push(sample(flavour, shape, n, true));
  }
  // Time over at least TIMED_EMISSIONS emissions, so that a set of 10 is timed as well as one of 10,000.
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    let nanoseconds = 0;
    let emissions = 0;
    while (emissions < TIMED_EMISSIONS) {
      const count = Math.min(n, EMISSIONS);
      nanoseconds += sample(flavour, shape, n, false).nanoseconds * count;
      emissions += count;
    }
    times.push(nanoseconds / emissions);
  }
  return {
    allocated: median(transient.map(({ allocated }) => allocated)),
    retained: median(history.map(({ retained }) => retained)),
    nanoseconds: median(times),
  };
}

const column = (value: number, width: number): string =>
  (Number.isNaN(value) ? '(collected)' : value.toFixed(0)).padStart(width);

async function main(): Promise<void> {
  console.log(
    'Per emission. settled: forkAsCompletedSettled; snapshot: forkAsCompletedSnapshots; extra: the difference.',
  );
  console.log(
    'shape        N   allocated B: settled snapshot   extra   retained B: extra   time ns: settled snapshot',
  );
  for (const shape of ['array', 'dictionary'] as const) {
    for (const n of SIZES) {
      const settled = await measure('settled', shape, n);
      const snapshot = await measure('snapshots', shape, n);
      console.log(
        `${shape.padEnd(10)} ${String(n).padStart(6)}  ${column(settled.allocated, 20)} ${column(snapshot.allocated, 8)} ${column(
          snapshot.allocated - settled.allocated,
          7,
        )}  ${column(snapshot.retained - settled.retained, 18)}  ${column(settled.nanoseconds, 17)} ${column(
          snapshot.nanoseconds,
          8,
        )}`,
      );
    }
  }
}

void main();
