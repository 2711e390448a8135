import { forkAsCompleted, forkAsCompletedSettled } from 'rxjs-as-completed/rxjs9';

/** Spends `ms` of real time, whatever the clock in force fakes: a slow machine between two steps of a test. */
function spendRealTime(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** A Promise that resolves with `value` after `ms` on the timers in force. */
const after = <T>(ms: number, value: T): Promise<T> =>
  new Promise((resolve) => setTimeout(() => resolve(value), ms));

describe("deadlines under Jest's fake timers, Date faked and performance real (rxjs 9)", () => {
  beforeEach(() => jest.useFakeTimers({ doNotFake: ['performance'] }));
  afterEach(() => jest.useRealTimers());

  it('follows the fake clock: a result at 50 before a deadline at 100, with 150 ms of real time spent', async () => {
    const events: unknown[] = [];
    const start = Date.now();
    forkAsCompleted([after(50, 'a')], 100).subscribe({
      next: (value) => events.push([Date.now() - start, value]),
      error: (error: unknown) => events.push([Date.now() - start, error]),
      complete: () => events.push([Date.now() - start, 'complete']),
    });
    spendRealTime(150);
    await jest.advanceTimersByTimeAsync(200);
    expect(events).toEqual([
      [50, 'a'],
      [50, 'complete'],
    ]);
  });

  it('follows the fake clock: an own deadline (each) of 100 cuts a result at 120 off at 100, not before', async () => {
    const events: unknown[] = [];
    const start = Date.now();
    forkAsCompletedSettled([after(120, 'late'), after(60, 'early')], { each: 100 }).subscribe({
      next: (record) => events.push([Date.now() - start, record]),
      complete: () => events.push([Date.now() - start, 'complete']),
    });
    spendRealTime(150);
    await jest.advanceTimersByTimeAsync(200);
    expect(events).toEqual([
      [60, { index: 1, status: 'fulfilled', value: 'early' }],
      [100, { index: 0, status: 'timeout' }],
      [100, 'complete'],
    ]);
  });
});
