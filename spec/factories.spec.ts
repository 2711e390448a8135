import {
  config,
  from,
  NEVER,
  Observable,
  of,
  repeat,
  retry,
  Subject,
  take,
  type ObservableInput,
} from 'rxjs';
import type { TestScheduler } from 'rxjs/testing';
import {
  asCompleted,
  forkAsCompleted,
  forkAsCompletedSettled,
  type InputFactory,
  type SettledRecord,
} from '../src';
import { createTestScheduler, timeoutError } from './helpers/test-scheduler';

/** A factory that records when it was called and the signal it was given, and returns `input`. */
function recording<T>(scheduler: TestScheduler, input: ObservableInput<T>) {
  const calls: number[] = [];
  const signals: AbortSignal[] = [];
  const factory: InputFactory<T> = (signal) => {
    calls.push(scheduler.now());
    signals.push(signal);
    return input;
  };
  return { factory, calls, signals };
}

describe('factory inputs', () => {
  let testScheduler: TestScheduler;

  beforeEach(() => {
    testScheduler = createTestScheduler();
  });

  it('calls each factory with a signal when the operator subscribes that input, and emits what it returns', () => {
    testScheduler.run(({ cold, hot, expectObservable, flush }) => {
      // prettier-ignore
      const a = recording(testScheduler, cold(      '----1|'));
      // prettier-ignore
      const b = recording(testScheduler, cold(         '-2|'));
      const source = hot('                      --a--b-----|', { a: a.factory, b: b.factory });

      expectObservable(source.pipe(asCompleted())).toBe('-------(12)|');
      flush();
      expect(a.calls).toEqual([2]);
      expect(b.calls).toEqual([5]);
      expect([...a.signals, ...b.signals].map((signal) => signal.aborted)).toEqual([false, false]);
    });
  });

  it('calls no factory before subscription, and calls them again for every subscription', () => {
    testScheduler.run(({ cold, expectObservable, flush }) => {
      const a = recording(testScheduler, cold('--1|'));
      const output = forkAsCompleted([a.factory]);
      expect(a.calls).toEqual([]);

      expectObservable(output).toBe('       ---(1|)');
      expectObservable(output, '---^').toBe('------(1|)');
      flush();
      expect(a.calls).toEqual([0, 3]);
    });
  });

  it('calls a queued factory only when a `concurrent` slot frees', () => {
    testScheduler.run(({ cold, expectObservable, flush }) => {
      // prettier-ignore
      const a = recording(testScheduler, cold('---1|'));
      // prettier-ignore
      const b = recording(testScheduler, cold('-2|'));
      // prettier-ignore
      const c = recording(testScheduler, cold(  '--3|'));

      expectObservable(forkAsCompleted([a.factory, b.factory, c.factory], { concurrent: 2 })).toBe(
        '                                      --2-1(3|)',
      );
      flush();
      expect([a.calls, b.calls, c.calls]).toEqual([[0], [0], [2]]);
    });
  });

  it('infers the value type from what the factory returns', () => {
    const values: number[] = [];
    forkAsCompleted([() => of(1), () => [2], () => Promise.resolve(3)]).subscribe((value: number) =>
      values.push(value),
    );
    // The async factory's value comes a microtask later.
    expect(values).toEqual([1, 2]);
  });

  describe('the signal', () => {
    it('is aborted with a TimeoutError at the deadline, and only for the inputs still pending', () => {
      testScheduler.run(({ cold, expectObservable, flush }) => {
        const done = recording(testScheduler, cold('-1|'));
        const slow = recording(testScheduler, cold('--------2|'));
        const queued = recording(testScheduler, cold('-3|'));
        const output = forkAsCompleted([done.factory, slow.factory, queued.factory], {
          timeout: 5,
          concurrent: 2,
        });

        expectObservable(output).toBe('--1-3#', undefined, timeoutError({ pending: [1] }));
        flush();
        expect(done.signals[0].aborted).toBe(false);
        expect(queued.signals[0].aborted).toBe(false);
        expect(slow.signals[0].aborted).toBe(true);
        expect(slow.signals[0].reason).toBeInstanceOf(DOMException);
        expect((slow.signals[0].reason as DOMException).name).toBe('TimeoutError');
        expect((slow.signals[0].reason as DOMException).message).toBe(
          'forkAsCompleted timed out before this input settled',
        );
      });
    });

    it('is aborted at the very frame of the deadline, after the input was unsubscribed', () => {
      testScheduler.run(({ expectObservable, flush }) => {
        const order: string[] = [];
        const factory: InputFactory<never> = (signal) => {
          signal.addEventListener('abort', () => order.push(`aborted at ${testScheduler.now()}`));
          return new Observable<never>(() => () => order.push(`unsubscribed at ${testScheduler.now()}`));
        };

        expectObservable(forkAsCompleted([factory], 7)).toBe('-------#', undefined, timeoutError({}));
        flush();
        expect(order).toEqual(['unsubscribed at 7', 'aborted at 7']);
      });
    });

    it('is never aborted for a result that loses to the deadline in its very frame', () => {
      testScheduler.run(({ cold, expectObservable, flush }) => {
        const tie = recording(testScheduler, cold('-----1|'));
        expectObservable(forkAsCompleted([tie.factory], 6)).toBe(
          '------#',
          undefined,
          timeoutError({ pending: [0] }),
        );
        flush();
        expect(tie.signals[0].aborted).toBe(false);
      });
    });

    /** The case, the output made with a factory, the abort reason's message, and its cause's message (none: no cause). */
    const teardowns: [
      string,
      (factory: InputFactory<string>) => Observable<unknown>,
      string,
      string | undefined,
    ][] = [
      [
        'another input errors',
        (factory) => forkAsCompleted([factory, (): Observable<never> => failing()]),
        'forkAsCompleted: input 1 failed before this input settled',
        'input failed',
      ],
      [
        'the source errors',
        (factory) =>
          new Observable<InputFactory<string>>((subscriber) => {
            subscriber.next(factory);
            subscriber.error(new Error('source failed'));
          }).pipe(asCompleted()),
        'asCompleted: the source failed before this input settled',
        'source failed',
      ],
      [
        'take(1) has what it wanted',
        (factory) => forkAsCompleted([factory, () => of('first')]).pipe(take(1)),
        'forkAsCompleted: the consumer unsubscribed before this input settled',
        undefined,
      ],
      [
        'the settled flavour is unsubscribed',
        (factory) =>
          new Observable<unknown>((subscriber) =>
            forkAsCompletedSettled([factory]).subscribe(subscriber).unsubscribe(),
          ),
        'forkAsCompletedSettled: the consumer unsubscribed before this input settled',
        undefined,
      ],
    ];

    it.each(teardowns)('is aborted with an AbortError saying why when %s', (_case, make, message, cause) => {
      let signal: AbortSignal | undefined;
      make((given) => {
        signal = given;
        return NEVER;
      }).subscribe({ error: () => undefined });
      expect(signal?.aborted).toBe(true);
      expect(signal?.reason).toBeInstanceOf(DOMException);
      expect((signal?.reason as DOMException).name).toBe('AbortError');
      expect((signal?.reason as DOMException).message).toBe(message);
      const reason = signal?.reason as DOMException & { cause?: unknown };
      if (cause === undefined) expect('cause' in reason).toBe(false);
      else expect(reason.cause).toEqual(new Error(cause));
    });

    it('is aborted with an AbortError when the consumer unsubscribes', () => {
      let signal: AbortSignal | undefined;
      const subscription = forkAsCompleted([
        (given: AbortSignal) => {
          signal = given;
          return NEVER;
        },
      ]).subscribe();
      expect(signal?.aborted).toBe(false);
      subscription.unsubscribe();
      expect((signal?.reason as DOMException).name).toBe('AbortError');
    });

    it('is never aborted after its input completed or errored, whatever comes later', () => {
      const signals: AbortSignal[] = [];
      const keep =
        <T>(input: ObservableInput<T>): InputFactory<T> =>
        (signal) => {
          signals.push(signal);
          return input;
        };
      const subscription = forkAsCompletedSettled([keep(of(1)), keep(failing()), keep(NEVER)]).subscribe();
      subscription.unsubscribe();
      expect(signals.map((signal) => signal.aborted)).toEqual([false, false, true]);
    });
  });

  describe('a factory that throws', () => {
    it('errors asCompleted with what it threw, and aborts the others', () => {
      const thrown = new Error('factory failed');
      let other: AbortSignal | undefined;
      const errors: unknown[] = [];
      forkAsCompleted([
        (signal: AbortSignal) => {
          other = signal;
          return NEVER;
        },
        () => {
          throw thrown;
        },
      ]).subscribe({ error: (error: unknown) => errors.push(error) });
      expect(errors).toEqual([thrown]);
      expect(errors[0]).toBe(thrown);
      expect((other?.reason as DOMException).name).toBe('AbortError');
    });

    it('is a rejected record in the settled flavour, and the others go on', () => {
      testScheduler.run(({ cold, expectObservable }) => {
        const thrown = new Error('factory failed');
        const output = forkAsCompletedSettled([
          () => cold('--1|'),
          () => {
            throw thrown;
          },
        ]);
        expectObservable(output).toBe('R--(F|)', {
          R: { index: 1, status: 'rejected', error: thrown },
          F: { index: 0, status: 'fulfilled', value: '1' },
        });
      });
    });
  });

  describe('a factory that returns something that is not an input', () => {
    it.each([
      [42, 'the factory of input "feed" (index 1) must return an ObservableInput; it returned 42'],
      ['/a', 'the factory of input "feed" (index 1) must return an ObservableInput, not a string ("/a")'],
      [
        (): number => 1,
        'the factory of input "feed" (index 1) must return an ObservableInput; it returned a function',
      ],
    ])('errors the output with a TypeError naming the input, for %p', (returned, described) => {
      const errors: unknown[] = [];
      forkAsCompletedSettled({ user: NEVER, feed: () => returned as ObservableInput<unknown> }).subscribe({
        error: (error: unknown) => errors.push(error),
      });
      expect(errors).toHaveLength(1);
      expect(errors[0]).toBeInstanceOf(TypeError);
      expect((errors[0] as Error).message).toContain('forkAsCompletedSettled: ');
      expect((errors[0] as Error).message).toContain('input "feed" (index 1)');
      expect((errors[0] as Error).message).toContain(described);
    });
  });

  it('runs the work again under retry(), which a Promise input cannot do', async () => {
    let calls = 0;
    const flaky = (): Promise<string> => {
      calls++;
      return calls < 3
        ? Promise.reject(new Error(`attempt ${calls} failed`))
        : Promise.resolve(`attempt ${calls}`);
    };
    const values: string[] = [];
    await new Promise<void>((resolve, reject) =>
      forkAsCompleted([flaky])
        .pipe(retry(5))
        .subscribe({ next: (value) => values.push(value), error: reject, complete: resolve }),
    );
    expect(calls).toBe(3);
    expect(values).toEqual(['attempt 3']);
  });

  it('runs the work again under repeat()', () => {
    let calls = 0;
    const values: number[] = [];
    forkAsCompleted([() => [++calls]])
      .pipe(repeat(3))
      .subscribe((value) => values.push(value));
    expect(values).toEqual([1, 2, 3]);
  });

  describe('returning a Promise', () => {
    let unhandled: unknown[];
    const onUnhandled = (reason: unknown): void => void unhandled.push(reason);

    beforeEach(() => {
      unhandled = [];
      process.on('unhandledRejection', onUnhandled);
    });

    afterEach(() => {
      process.off('unhandledRejection', onUnhandled);
    });

    /** A Promise that rejects with the signal's reason when aborted, as `fetch` does. */
    const abortable = (signal: AbortSignal): Promise<string> =>
      new Promise((_resolve, reject) =>
        signal.addEventListener('abort', () => reject(signal.reason as Error)),
      );

    it('causes no unhandled rejection when the aborted Promise rejects after teardown', async () => {
      const errors: unknown[] = [];
      const records: SettledRecord<string>[] = [];
      forkAsCompleted([abortable, () => Promise.reject(new Error('first'))]).subscribe({
        error: (error: unknown) => errors.push(error),
      });
      forkAsCompletedSettled([abortable], 0).subscribe((record) => records.push(record));
      forkAsCompleted([abortable]).subscribe().unsubscribe();
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(errors).toEqual([new Error('first')]);
      expect(records).toEqual([{ index: 0, status: 'timeout' }]);
      expect(unhandled).toEqual([]);
    });

    it('handles the Promise of a factory called while the run was ending', async () => {
      const source = new Subject<InputFactory<string>>();
      const subscription = source.pipe(asCompleted()).subscribe();
      source.next((signal) => {
        subscription.unsubscribe();
        expect(signal.aborted).toBe(true);
        return Promise.reject(new Error('rejected after the end'));
      });
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(unhandled).toEqual([]);
    });
  });

  it('reports nothing as unhandled when an aborted Observable errors on abort', () => {
    const reported: unknown[] = [];
    config.onUnhandledError = (error) => reported.push(error);
    try {
      const errorsOnAbort = (signal: AbortSignal): Observable<never> =>
        new Observable<never>((subscriber) => {
          signal.addEventListener('abort', () => subscriber.error(signal.reason));
        });
      from([errorsOnAbort])
        .pipe(asCompleted(0))
        .subscribe({ error: () => undefined });
      expect(reported).toEqual([]);
    } finally {
      config.onUnhandledError = null;
    }
  });
});

function failing(): Observable<never> {
  return new Observable<never>((subscriber) => subscriber.error(new Error('input failed')));
}
