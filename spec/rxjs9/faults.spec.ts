import { pipe } from 'rxjs/pipe';
import {
  asCompleted,
  asCompletedSettled,
  forkAsCompleted,
  forkAsCompletedSettled,
} from 'rxjs-as-completed/rxjs9';
import { marbleTest } from './helpers/marble-test';

/** A factory that records its signal and never settles. */
function watched(): {
  factory: (signal: AbortSignal) => Observable<never>;
  signal: () => AbortSignal | undefined;
} {
  let signal: AbortSignal | undefined;
  return {
    factory: (given) => {
      signal = given;
      return new Observable<never>(() => undefined);
    },
    signal: () => signal,
  };
}

/** A Promise that resolves `ms` milliseconds from now, on the host's (virtual) timers. */
function settlesAfter<T>(ms: number, value: T): Promise<T> {
  return new Promise((resolve) => setTimeout(() => resolve(value), ms));
}

/** A Promise that rejects `ms` milliseconds from now. */
function rejectsAfter(ms: number, error: Error): Promise<never> {
  return new Promise((_resolve, reject) => setTimeout(() => reject(error), ms));
}

describe('faults around the operator (rxjs 9)', () => {
  it('observes Promises from their arrival: completion order and the deadline hold under concurrent', async () => {
    await marbleTest(({ expectObservable }) => {
      expectObservable(
        forkAsCompleted(
          [settlesAfter(8, 'slow'), new Observable<never>(() => undefined), settlesAfter(2, 'fast')],
          {
            concurrent: 1,
            timeout: 5,
          },
        ),
      ).toBe(
        '--f--#',
        { f: 'fast' },
        expect.objectContaining({ name: 'TimeoutError', pending: [0, 1] }) as Error,
      );
    });
  });

  it('handles the rejection of a Promise that arrives while every slot is taken', async () => {
    const failure = new Error('rejected');
    await marbleTest(({ expectObservable }) => {
      expectObservable(
        forkAsCompletedSettled([settlesAfter(4, 0), rejectsAfter(2, failure)], { concurrent: 1 }),
      ).toBe('--r-(f|)', {
        r: { index: 1, status: 'rejected', error: failure },
        f: { index: 0, status: 'fulfilled', value: 0 },
      });
    });
  });

  it('aborts the other factories with an AbortError naming the failed input, with its error as cause', () => {
    const watcher = watched();
    const failure = new Error('input failed');
    const errors: unknown[] = [];
    forkAsCompleted([
      watcher.factory,
      () => new Observable<never>((subscriber) => subscriber.error(failure)),
    ]).subscribe({ error: (error) => errors.push(error) });
    expect(errors).toEqual([failure]);
    const reason = watcher.signal()?.reason as DOMException & { cause?: unknown };
    expect(reason.name).toBe('AbortError');
    expect(reason.message).toBe('forkAsCompleted: input 1 failed before this input settled');
    expect(reason.cause).toBe(failure);
  });

  it('aborts with an AbortError saying the source failed, or that the consumer unsubscribed', () => {
    const fromSource = watched();
    const failure = new Error('source failed');
    const source = new Observable<(signal: AbortSignal) => Observable<never>>((subscriber) => {
      subscriber.next(fromSource.factory);
      subscriber.error(failure);
    });
    source[pipe](asCompleted()).subscribe({ error: () => undefined });
    expect((fromSource.signal()?.reason as DOMException).message).toBe(
      'asCompleted: the source failed before this input settled',
    );
    expect((fromSource.signal()?.reason as { cause?: unknown }).cause).toBe(failure);

    const fromConsumer = watched();
    const controller = new AbortController();
    forkAsCompleted([fromConsumer.factory]).subscribe({}, { signal: controller.signal });
    controller.abort();
    expect((fromConsumer.signal()?.reason as DOMException).message).toBe(
      'forkAsCompleted: the consumer unsubscribed before this input settled',
    );
  });

  it('tears everything down and times out although a teardown throws, then reports what it threw', async () => {
    const boom = new Error('teardown boom');
    const reported: unknown[] = [];
    const watcher = watched();
    const hostile = new Observable<never>((subscriber) =>
      subscriber.addTeardown(() => {
        throw boom;
      }),
    );
    await marbleTest(({ expectObservable }) => {
      // rxTest records what is reported and fails the test on it: this spec expects one report.
      (globalThis as { reportError?: unknown }).reportError = (error: unknown) => reported.push(error);
      const output = forkAsCompleted([hostile, watcher.factory], 3);
      expectObservable(output).toBe(
        '---#',
        undefined,
        expect.objectContaining({ name: 'TimeoutError' }) as Error,
      );
    });
    expect(watcher.signal()?.reason).toEqual(
      new DOMException('forkAsCompleted timed out before this input settled', 'TimeoutError'),
    );
    expect(reported).toEqual([boom]);
  });

  it("errors the output with what an input's subscribe throws, and the settled flavour records it", () => {
    const boom = new Error('subscribe boom');
    class ThrowsOnSubscribe extends Observable<number> {
      constructor() {
        super(() => undefined);
      }

      override subscribe(): never {
        throw boom;
      }
    }
    const one = new Observable<number>((subscriber) => {
      subscriber.next(1);
      subscriber.complete();
    });
    const outcome = <R>(operator: (source: Observable<Observable<number>>) => Observable<R>): unknown[] => {
      const received: unknown[] = [];
      let producer: { next(input: Observable<number>): void; complete(): void } | undefined;
      // A hot source: what its consumer throws would reach this producer, not the output.
      operator(new Observable<Observable<number>>((subscriber) => (producer = subscriber))).subscribe({
        next: (value) => received.push(value),
        error: (error: unknown) => received.push(error),
        complete: () => received.push('complete'),
      });
      producer!.next(new ThrowsOnSubscribe());
      producer!.next(one);
      producer!.complete();
      return received;
    };
    expect(outcome(asCompleted())).toEqual([boom]);
    expect(outcome(asCompletedSettled())).toEqual([
      { index: 0, status: 'rejected', error: boom },
      { index: 1, status: 'fulfilled', value: 1 },
      'complete',
    ]);
  });

  it('measures a relative deadline on the monotonic clock: a step of Date.now() does not bring it forward', async () => {
    const platformNow = Object.getOwnPropertyDescriptor(Performance.prototype, 'now')!;
    try {
      await marbleTest(({ cold, expectObservable, time }) => {
        // The real clocks cannot be stepped in a test, and a fake clock is followed exactly wherever the
        // package can tell it from the real one (by whether Date.now is native and performance.now is
        // the method of the platform's Performance): the virtual clocks stand in for the real ones,
        // Date.now behind a Proxy that passes for a native function, and the virtual performance.now
        // moved onto Performance.prototype.
        Object.defineProperty(Date, 'now', { configurable: true, value: new Proxy(Date.now, {}) });
        const virtualPerformanceNow = Object.getOwnPropertyDescriptor(performance, 'now')!;
        Reflect.deleteProperty(performance, 'now');
        Object.defineProperty(Performance.prototype, 'now', {
          ...platformNow,
          value: virtualPerformanceNow.value,
        });
        const late = cold('----a|');
        // The wall clock jumps an hour forward at frame 2; performance.now() runs on.
        const virtualNow = Date.now.bind(Date);
        setTimeout(() => {
          Object.defineProperty(Date, 'now', { configurable: true, value: () => virtualNow() + 3_600_000 });
        }, 2);
        expectObservable(forkAsCompleted([late], time('------|'))).toBe('-----(a|)');
      });
    } finally {
      Object.defineProperty(Performance.prototype, 'now', platformNow);
    }
  });
});
