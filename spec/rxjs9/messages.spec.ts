import { pipe } from 'rxjs/pipe';
import {
  asCompleted,
  AsCompletedTimeoutError,
  asCompletedEntries,
  createTimeoutError,
  asCompletedSettled,
  forkAsCompleted,
  forkAsCompletedEntries,
  forkAsCompletedSettled,
  forkAsCompletedSnapshots,
} from 'rxjs-as-completed/rxjs9';
import { marbleTest } from './helpers/marble-test';

describe('messages (rxjs 9)', () => {
  it.each([
    ['forkAsCompleted', () => forkAsCompleted([], { concurrent: 0 })],
    ['forkAsCompletedSettled', () => forkAsCompletedSettled([], { concurrent: 0 })],
    ['forkAsCompletedEntries', () => forkAsCompletedEntries([], { concurrent: 0 })],
    ['forkAsCompletedSnapshots', () => forkAsCompletedSnapshots([], { concurrent: 0 })],
    ['asCompletedSettled', () => asCompletedSettled({ concurrent: 0 })],
    ['asCompletedEntries', () => asCompletedEntries({ concurrent: 0 })],
  ])('names %s, the export that was called, in what it throws for a bad option', (name, call) => {
    expect(call).toThrow(new RangeError(`${name}: concurrent must be a positive integer or Infinity; got 0`));
  });

  it('gives a timeout error constructed directly the message of its fields', () => {
    const error = new AsCompletedTimeoutError([1, 2], 3, 1000, 10);
    expect(error.message).toBe('timed out 10 ms after subscription: 3 emitted, 2 pending');
    expect(error.stack?.split('\n')[0]).toBe(
      'TimeoutError: timed out 10 ms after subscription: 3 emitted, 2 pending',
    );
  });
});

describe('subscribing with a signal already aborted (rxjs 9)', () => {
  it('starts nothing and emits nothing: neither the source, an input factory nor a first snapshot', () => {
    const started: string[] = [];
    const source = new Observable<() => Observable<never>>((subscriber) => {
      started.push('source');
      subscriber.next(() => {
        started.push('factory');
        return new Observable<never>(() => undefined);
      });
    });
    const received: unknown[] = [];
    forkAsCompleted([
      () => {
        started.push('factory');
        return new Observable<never>(() => undefined);
      },
    ]).subscribe((value) => received.push(value), { signal: AbortSignal.abort() });
    asCompletedSettled()(source).subscribe((value) => received.push(value), { signal: AbortSignal.abort() });
    forkAsCompletedSnapshots([
      () => {
        started.push('factory');
        return new Observable<never>(() => undefined);
      },
    ]).subscribe((value) => received.push(value), { signal: AbortSignal.abort() });

    expect(started).toEqual([]);
    expect(received).toEqual([]);
  });
});

describe('createTimeoutError (rxjs 9)', () => {
  it('makes the error the operator fails with, field for field, for a marble test to expect', async () => {
    await marbleTest(({ cold, hot, expectObservable }) => {
      const inputs = hot('a-b-|', { a: cold('-x|'), b: cold('-----y|') });
      const timedOut = createTimeoutError({ caller: 'asCompleted', pending: [1], emitted: 1, timeout: 5 });
      expectObservable(inputs[pipe](asCompleted(5))).toBe('--x--#', { x: 'x' }, timedOut);
    });
  });

  it('makes the error of an input that passed its own deadline (each)', async () => {
    await marbleTest(({ cold, hot, expectObservable }) => {
      const inputs = hot('a|', { a: cold('------x|') });
      const timedOut = createTimeoutError({
        caller: 'asCompleted',
        pending: [0],
        emitted: 0,
        timeout: 4,
        own: true,
      });
      expectObservable(inputs[pipe](asCompleted({ timeout: 50, each: 4 }))).toBe(
        '----#',
        undefined,
        timedOut,
      );
    });
  });

  it('differs where a field differs: the comparison can fail', async () => {
    await expect(
      marbleTest(({ cold, hot, expectObservable }) => {
        const inputs = hot('a-b-|', { a: cold('-x|'), b: cold('-----y|') });
        const wrong = createTimeoutError({ caller: 'asCompleted', pending: [1], emitted: 0, timeout: 5 });
        expectObservable(inputs[pipe](asCompleted(5))).toBe('--x--#', { x: 'x' }, wrong);
      }),
    ).rejects.toThrow();
  });
});
