import { mergeAll, Observable, of, timeout, timer } from 'rxjs';
import { asCompleted, forkAsCompleted } from '../src';
import { timeoutError } from './helpers/test-scheduler';

/**
 * An input that emits `value` and ends as `end` says, logging its finalizer, which it adds first, as
 * any input that ends later has (a finalizer returned by a synchronous subscribe is added only after).
 */
function logged(
  log: string[],
  name: string,
  end: 'complete' | 'error' | 'never',
  value = name,
): Observable<string> {
  return new Observable<string>((subscriber) => {
    subscriber.add(() => log.push(`${name} finalized`));
    if (end !== 'never') subscriber.next(value);
    if (end === 'complete') subscriber.complete();
    if (end === 'error') subscriber.error(new Error(`${name} failed`));
  });
}

describe('the order of notifications and finalizers', () => {
  it('finalizes an input before it delivers the input’s result, where mergeAll delivers first', () => {
    const ours: string[] = [];
    of(logged(ours, 'a', 'complete'))
      .pipe(asCompleted())
      .subscribe({ next: (value) => ours.push(`got ${value}`), complete: () => ours.push('complete') });
    const theirs: string[] = [];
    of(logged(theirs, 'a', 'complete'))
      .pipe(mergeAll())
      .subscribe({ next: (value) => theirs.push(`got ${value}`), complete: () => theirs.push('complete') });

    // The result is the input's outcome, so the input is over, finalizer and all, when it is delivered,
    // as an async function's `finally` has run when its caller's `await` returns.
    expect(ours).toEqual(['a finalized', 'got a', 'complete']);
    expect(theirs).toEqual(['got a', 'a finalized', 'complete']);
  });

  it('tears every input down before the subscriber hears an input’s error, where mergeAll sends the error first', () => {
    const ours: string[] = [];
    of(logged(ours, 'a', 'never'), logged(ours, 'b', 'error'))
      .pipe(asCompleted())
      .subscribe({ error: (error: Error) => ours.push(error.message) });
    const theirs: string[] = [];
    of(logged(theirs, 'a', 'never'), logged(theirs, 'b', 'error'))
      .pipe(mergeAll())
      .subscribe({ error: (error: Error) => theirs.push(error.message) });

    // Torn down first, as rxjs's timeout tears its source down before it errors: a subscriber that
    // retries starts its new run after the old one has let go of everything.
    expect(ours).toEqual(['b finalized', 'a finalized', 'b failed']);
    expect(theirs).toEqual(['b failed', 'a finalized', 'b finalized']);
  });

  it('tears every input down before the subscriber hears the deadline, as rxjs’s timeout does', async () => {
    const ours: string[] = [];
    forkAsCompleted([logged(ours, 'a', 'never')], 1).subscribe({ error: () => ours.push('timed out') });
    const theirs: string[] = [];
    logged(theirs, 'a', 'never')
      .pipe(timeout(1))
      .subscribe({ error: () => theirs.push('timed out') });
    await new Promise((resolve) => setTimeout(resolve, 20));

    expect(ours).toEqual(['a finalized', 'timed out']);
    expect(theirs).toEqual(['a finalized', 'timed out']);
  });
});

describe('results that a blocked thread delays past the deadline', () => {
  /** Blocks the thread for `ms` of real time, as a long task does. */
  const block = (ms: number): unknown => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

  it('lose to the deadline, as in asyncio, where mergeAll with timeout({ first }) lets them through', async () => {
    const ours: unknown[] = [];
    forkAsCompleted([timer(10)], 60).subscribe({
      next: (value) => ours.push(value),
      error: (error: unknown) => ours.push(error),
    });
    const theirs: unknown[] = [];
    of(timer(10))
      .pipe(mergeAll(), timeout({ first: 60 }))
      .subscribe({ next: (value) => theirs.push(value), error: (error: unknown) => theirs.push(error) });
    // The result is due at 10 ms, but a long task holds the thread until past the deadline: when the
    // timers run again, the result and the deadline are both due.
    setTimeout(() => block(150), 1);
    // Both outcomes, however late a loaded machine runs the timers (bounded far below the spec's timeout).
    for (let waited = 0; (ours.length === 0 || theirs.length === 0) && waited < 5000; waited += 25) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }

    expect(ours).toEqual([timeoutError({ pending: [0], emitted: 0, timeout: 60 })]);
    expect(theirs).toEqual([0]);
  });
});
