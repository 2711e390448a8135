/*
 * Deadlines under fake clocks: the scenarios every fake clock runs, in spec/fake-clocks*.spec.ts.
 */
import { asyncScheduler, map, type Observable, of, timeout, timer } from 'rxjs';
import { asCompleted, forkAsCompleted, forkAsCompletedSettled } from '../../src';
import { timeoutError } from './test-scheduler';

/**
 * Spends `ms` of real time, whatever the clock in force fakes: a slow test machine between the
 * subscription and the first advance of the fake clock.
 */
export function spendRealTime(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** A fake clock as a test uses it: installed, advanced by hand, uninstalled. */
export interface FakeClock {
  install(): void;
  advance(ms: number): void;
  uninstall(): void;
}

/** What an output did, each at the fake time it did it, from the subscription on. */
function record<T>(output: Observable<T>): { events: unknown[] } {
  const events: unknown[] = [];
  const start = Date.now();
  output.subscribe({
    next: (value) => events.push([Date.now() - start, value]),
    error: (error: unknown) => events.push([Date.now() - start, error]),
    complete: () => events.push([Date.now() - start, 'complete']),
  });
  return { events };
}

/**
 * The scenarios each clock runs: results before, at and after a deadline, with 150 ms of real time
 * spent before the fake clock moves. Each returns what happened and what should have.
 */
const scenarios: Record<string, (clock: FakeClock) => [unknown[], unknown[]]> = {
  'a result at 50 before a deadline at 100': (clock) => {
    const { events } = record(forkAsCompleted([timer(50)], 100));
    const control = record(timer(50).pipe(timeout(100)));
    spendRealTime(150);
    clock.advance(200);
    expect(events).toEqual(control.events);
    return [
      events,
      [
        [50, 0],
        [50, 'complete'],
      ],
    ];
  },
  'a result at 50 within its own deadline of 100 (each)': (clock) => {
    const { events } = record(forkAsCompleted([timer(50)], { each: 100 }));
    spendRealTime(150);
    clock.advance(200);
    return [
      events,
      [
        [50, 0],
        [50, 'complete'],
      ],
    ];
  },
  'a result at 150 after a deadline at 100': (clock) => {
    const { events } = record(forkAsCompleted([timer(30), timer(150)], 100));
    spendRealTime(150);
    clock.advance(200);
    return [
      events,
      [
        [30, 0],
        [100, timeoutError({ pending: [1], emitted: 1, timeout: 100 })],
      ],
    ];
  },
  'a result at exactly the deadline loses to it': (clock) => {
    const { events } = record(forkAsCompletedSettled([timer(100), timer(40)], 100));
    spendRealTime(150);
    clock.advance(200);
    return [
      events,
      [
        [40, { index: 1, status: 'fulfilled', value: 0 }],
        [100, { index: 0, status: 'timeout' }],
        [100, 'complete'],
      ],
    ];
  },
  'an own deadline (each) of 100 against a result at 120, advanced in steps': (clock) => {
    const { events } = record(
      forkAsCompletedSettled([timer(120), timer(60)], { each: 100, scheduler: asyncScheduler }),
    );
    for (let step = 0; step < 4; step++) {
      spendRealTime(60);
      clock.advance(50);
    }
    return [
      events,
      [
        [60, { index: 1, status: 'fulfilled', value: 0 }],
        [100, { index: 0, status: 'timeout' }],
        [100, 'complete'],
      ],
    ];
  },
  'the operator on a source of inputs that never completes': (clock) => {
    const { events } = record(
      timer(10, 20).pipe(
        map((n) => of(n)),
        asCompleted(100),
      ),
    );
    spendRealTime(150);
    clock.advance(200);
    return [
      events,
      [
        [10, 0],
        [30, 1],
        [50, 2],
        [70, 3],
        [90, 4],
        [100, timeoutError({ pending: [], emitted: 5, timeout: 100 })],
      ],
    ];
  },
};

/** Runs every scenario under `clock`, each in a test of its own. */
export function underClock(
  name: string,
  clock: FakeClock,
  wrap = (body: () => void): (() => void) => body,
): void {
  describe(name, () => {
    for (const [scenario, run] of Object.entries(scenarios)) {
      it(`follows the fake clock: ${scenario}`, () => {
        clock.install();
        try {
          wrap(() => {
            const [actual, expected] = run(clock);
            expect(actual).toEqual(expected);
          })();
        } finally {
          clock.uninstall();
        }
      });
    }
  });
}
