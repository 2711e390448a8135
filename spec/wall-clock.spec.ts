import {
  asyncScheduler,
  firstValueFrom,
  map,
  NEVER,
  Subject,
  timeout,
  TimeoutError,
  timer,
  toArray,
  type Observable,
  type ObservableInput,
  type SchedulerLike,
} from 'rxjs';
import { asCompleted, forkAsCompleted } from '../src';
import { timeoutError } from './helpers/test-scheduler';

/*
 * The default scheduler reads the wall clock (`Date.now`) and waits with real timers. Jest's fake
 * timers replace both: `jest.setSystemTime` steps `Date.now` without moving the timers, as an NTP
 * correction or a manual clock change does, and `performance.now`, which the step leaves alone,
 * measures the time the timers have run.
 *
 * The real clocks cannot be stepped in a test, and the package tells them from fake ones (which it
 * follows exactly, spec/fake-clocks.spec.ts) by whether `Date.now` is native and `performance.now` is
 * the method of the platform's `Performance` on the global `performance`. So the fake ones stand in
 * for the real ones here: `Date.now` behind a Proxy, which passes for a native function, and the
 * fake `performance.now` put on the platform's `Performance.prototype`, under the platform's
 * `performance`. The last describe steps a scheduler's clock with the real ones.
 */
const platformPerformance = performance;
const platformNow = Object.getOwnPropertyDescriptor(Performance.prototype, 'now')!;

function passForThePlatformsClocks(): void {
  Date.now = new Proxy(Date.now, {});
  const fakePerformance = performance;
  Object.defineProperty(Performance.prototype, 'now', {
    ...platformNow,
    value: () => fakePerformance.now(),
  });
  globalThis.performance = platformPerformance;
}

function restoreThePlatformsClocks(): void {
  Object.defineProperty(Performance.prototype, 'now', platformNow);
}

const HOUR = 3_600_000;

interface Event {
  /** Milliseconds since subscription, by the timers. */
  readonly at: number;
  readonly kind: 'N' | 'E' | 'C';
  readonly value?: unknown;
  readonly error?: unknown;
}

/** Subscribes and records what the output does, with the time each thing happens at. */
function record(observable: Observable<unknown>): Event[] {
  const start = performance.now();
  const at = (): number => performance.now() - start;
  const events: Event[] = [];
  observable.subscribe({
    next: (value) => events.push({ at: at(), kind: 'N', value }),
    error: (error: unknown) => events.push({ at: at(), kind: 'E', error }),
    complete: () => events.push({ at: at(), kind: 'C' }),
  });
  return events;
}

/** Runs the timers for 50 ms, steps the wall clock by `step`, then runs the timers for two seconds more. */
function stepTheClockAt50ms(step: number): void {
  jest.advanceTimersByTime(50);
  jest.setSystemTime(Date.now() + step);
  jest.advanceTimersByTime(2000);
}

describe('deadlines on the default scheduler when the wall clock steps', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z') });
    passForThePlatformsClocks();
  });

  afterEach(() => {
    restoreThePlatformsClocks();
    jest.clearAllTimers();
    jest.useRealTimers();
  });

  describe('a relative timeout', () => {
    it('behaves as rxjs timeout does, which a backward step does not postpone', () => {
      const events = record(timer(1500).pipe(timeout(200)));
      stepTheClockAt50ms(-HOUR);

      expect(events).toEqual([{ at: 200, kind: 'E', error: expect.any(TimeoutError) as unknown }]);
    });

    it('is not postponed by a backward step: it times out 200 ms after subscription', () => {
      const events = record(forkAsCompleted([timer(1500)], 200));
      stepTheClockAt50ms(-HOUR);

      expect(events).toEqual([
        { at: 200, kind: 'E', error: timeoutError({ pending: [0], emitted: 0, timeout: 200 }) },
      ]);
      expect(jest.getTimerCount()).toBe(0);
    });

    it('is not brought forward by a forward step: with nothing arriving, it times out 200 ms after subscription', () => {
      const events = record(forkAsCompleted([NEVER], 200));
      stepTheClockAt50ms(HOUR);

      expect(events).toEqual([
        { at: 200, kind: 'E', error: timeoutError({ pending: [0], emitted: 0, timeout: 200 }) },
      ]);
      expect(jest.getTimerCount()).toBe(0);
    });

    it('is not brought forward by a forward step: a result arriving after it, before the deadline, is delivered', () => {
      const early = timer(30).pipe(map(() => 'early'));
      const events = record(forkAsCompleted([early, timer(100)], 200));
      stepTheClockAt50ms(HOUR);

      expect(events).toEqual([
        { at: 30, kind: 'N', value: 'early' },
        { at: 100, kind: 'N', value: 0 },
        { at: 100, kind: 'C' },
      ]);
      expect(jest.getTimerCount()).toBe(0);
    });

    it('measures elapsed time only: an hour stepped forward is not an hour elapsed', () => {
      const events = record(forkAsCompleted([timer(20), timer(120)], 5000));
      jest.advanceTimersByTime(40);
      jest.setSystemTime(Date.now() + HOUR);
      jest.advanceTimersByTime(2000);

      expect(events).toEqual([
        { at: 20, kind: 'N', value: 0 },
        { at: 120, kind: 'N', value: 0 },
        { at: 120, kind: 'C' },
      ]);
      expect(jest.getTimerCount()).toBe(0);
    });

    it('behaves as rxjs timeout does under the same forward step', () => {
      const events = record(timer(120).pipe(timeout(5000)));
      jest.advanceTimersByTime(40);
      jest.setSystemTime(Date.now() + HOUR);
      jest.advanceTimersByTime(2000);

      expect(events).toEqual([
        { at: 120, kind: 'N', value: 0 },
        { at: 120, kind: 'C' },
      ]);
    });

    it('still loses a result that arrives at the deadline exactly, after a forward step', () => {
      const events = record(forkAsCompleted([timer(200)], 200));
      stepTheClockAt50ms(HOUR);

      expect(events).toEqual([
        { at: 200, kind: 'E', error: timeoutError({ pending: [0], emitted: 0, timeout: 200 }) },
      ]);
      expect(jest.getTimerCount()).toBe(0);
    });
  });

  describe('a Date deadline', () => {
    it('follows the wall clock, by definition: a backward step postpones it, and a result due later arrives', () => {
      const events = record(forkAsCompleted([timer(1500)], new Date(Date.now() + 200)));
      stepTheClockAt50ms(-HOUR);

      expect(events).toEqual([
        { at: 1500, kind: 'N', value: 0 },
        { at: 1500, kind: 'C' },
      ]);
      expect(jest.getTimerCount()).toBe(0);
    });

    it('follows the wall clock, by definition: after a forward step past it, the next result is late', () => {
      const events = record(forkAsCompleted([timer(100)], new Date(Date.now() + 200)));
      stepTheClockAt50ms(HOUR);

      expect(events).toEqual([{ at: 100, kind: 'E', error: timeoutError({ pending: [0], emitted: 0 }) }]);
      expect(jest.getTimerCount()).toBe(0);
    });
  });

  describe('asCompleted over a Subject', () => {
    it('times out 200 ms after subscription despite a backward step, delivering what arrived before', () => {
      const source = new Subject<ObservableInput<number>>();
      const events = record(source.pipe(asCompleted(200)));
      source.next(timer(1500).pipe(map(() => 1)));
      jest.advanceTimersByTime(50);
      jest.setSystemTime(Date.now() - HOUR);
      jest.advanceTimersByTime(50);
      source.next(timer(50).pipe(map(() => 2)));
      jest.advanceTimersByTime(2000);

      expect(events).toEqual([
        { at: 150, kind: 'N', value: 2 },
        { at: 200, kind: 'E', error: timeoutError({ pending: [0], emitted: 1, timeout: 200 }) },
      ]);
      expect(source.observed).toBe(false);
      expect(jest.getTimerCount()).toBe(0);
    });

    it('delivers a result arriving after a forward step past the deadline, and times out 200 ms after subscription', () => {
      const source = new Subject<ObservableInput<number>>();
      const events = record(source.pipe(asCompleted(200)));
      source.next(timer(100));
      stepTheClockAt50ms(HOUR);

      expect(events).toEqual([
        { at: 100, kind: 'N', value: 0 },
        { at: 200, kind: 'E', error: timeoutError({ pending: [], emitted: 1, timeout: 200 }) },
      ]);
      expect(source.observed).toBe(false);
      expect(jest.getTimerCount()).toBe(0);
    });
  });
});

describe('which clock measures a relative deadline', () => {
  /** A scheduler on the fake timers whose clock reads the wall clock, `offset` ms apart from it. */
  function wallClockScheduler(offset: number): SchedulerLike {
    return { now: () => Date.now() + offset, schedule: asyncScheduler.schedule.bind(asyncScheduler) };
  }

  /** A result at 100 ms under a 200 ms deadline, with the wall clock stepped an hour forward at 50 ms. */
  function resultAfterAForwardStep(scheduler?: SchedulerLike): Event[] {
    const events = record(forkAsCompleted([timer(100)], { timeout: 200, scheduler }));
    stepTheClockAt50ms(HOUR);
    return events;
  }

  const delivered: Event[] = [
    { at: 100, kind: 'N', value: 0 },
    { at: 100, kind: 'C' },
  ];
  const late: Event[] = [
    { at: 100, kind: 'E', error: timeoutError({ pending: [0], emitted: 0, timeout: 200 }) },
  ];

  beforeEach(() => {
    jest.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z') });
  });

  afterEach(() => {
    restoreThePlatformsClocks();
    jest.clearAllTimers();
    jest.useRealTimers();
  });

  it('is the monotonic clock for a scheduler that read the wall clock a millisecond before the deadline read it', () => {
    // The millisecond may turn between the scheduler's read and the next one.
    passForThePlatformsClocks();
    expect(resultAfterAForwardStep(wallClockScheduler(-1))).toEqual(delivered);
  });

  it("is the scheduler's own for a scheduler two milliseconds behind the wall clock", () => {
    passForThePlatformsClocks();
    expect(resultAfterAForwardStep(wallClockScheduler(-2))).toEqual(late);
  });

  it("is the scheduler's own for a scheduler ahead of the wall clock", () => {
    passForThePlatformsClocks();
    expect(resultAfterAForwardStep(wallClockScheduler(1))).toEqual(late);
  });

  it('is the wall clock when performance is faked and Date.now is not', () => {
    Date.now = new Proxy(Date.now, {});
    // Jest's performance, on the global in place of the platform's: no monotonic clock to trust.
    expect(performance).not.toBe(platformPerformance);
    expect(resultAfterAForwardStep()).toEqual(late);
  });
});

describe("deadlines on the platform's own clocks, with real timers", () => {
  it('measure a relative deadline on the monotonic clock: a scheduler clock stepped an hour forward does not bring it forward', async () => {
    // Reads the wall clock and waits with real timers, as asyncScheduler does, but its clock can be
    // stepped, which the platform's Date.now cannot be in a test.
    let step = 0;
    const wallClockScheduler: SchedulerLike = {
      now: () => Date.now() + step,
      schedule: asyncScheduler.schedule.bind(asyncScheduler),
    };
    const results = firstValueFrom(
      forkAsCompleted([timer(20).pipe(map(() => 'in time'))], {
        timeout: 2000,
        scheduler: wallClockScheduler,
      }).pipe(toArray()),
    );
    step = HOUR;

    await expect(results).resolves.toEqual(['in time']);
  });
});
