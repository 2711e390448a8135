import { TimeoutError } from 'rxjs';
import { pipe } from 'rxjs/pipe';
import { asCompleted, AsCompletedTimeoutError } from 'rxjs-as-completed/rxjs9';

/** Why each cancelled request was cancelled. */
const cancelled: string[] = [];

/** A request that resolves after `ms` real milliseconds and is cancelled by its signal. */
const request =
  (ms: number, value: string) =>
  (signal: AbortSignal): Promise<string> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => resolve(value), ms);
      signal.addEventListener('abort', () => {
        clearTimeout(timer);
        cancelled.push(`${value}: ${(signal.reason as DOMException).name}`);
        reject(signal.reason as DOMException);
      });
    });

describe('asCompleted on real timers (rxjs 9)', () => {
  // Bounded and tolerant of a loaded machine: only the order and a lower bound of the deadline are
  // asserted, with inputs far apart from each other and from the deadline.
  it('emits in completion order, errors at the deadline and cancels the late input', async () => {
    const started = Date.now();
    const values: string[] = [];
    const requests = [request(150, 'slow'), request(10, 'fast'), request(5000, 'late')];
    const results = Observable.from(requests)[pipe](asCompleted(600));
    const error = await new Promise<unknown>((resolve) => {
      results.subscribe({
        next: (value) => values.push(value),
        error: resolve,
        complete: () => resolve(null),
      });
    });
    expect(values).toEqual(['fast', 'slow']);
    expect(error).toBeInstanceOf(AsCompletedTimeoutError);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ pending: [2], emitted: 2, timeout: 600 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(590);
    expect(cancelled).toEqual(['late: TimeoutError']);
  }, 10_000);
});
