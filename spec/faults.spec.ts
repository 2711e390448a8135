import {
  config,
  from,
  map,
  mergeAll,
  NEVER,
  Observable,
  of,
  Subject,
  Subscriber,
  timer,
  UnsubscriptionError,
  type ObservableInput,
  type OperatorFunction,
} from 'rxjs';
import {
  asCompleted,
  asCompletedSettled,
  forkAsCompleted,
  forkAsCompletedSettled,
  type AsCompletedInput,
  type InputFactory,
} from '../src';
import { createTestScheduler, timeoutError, TrackingScheduler } from './helpers/test-scheduler';
import { throwingSubscriber } from './helpers/throwing-subscriber';

/** An input whose finalizer throws `error`. */
function hostile(error: Error, subscribe: (subscriber: Subscriber<never>) => void = () => undefined) {
  return new Observable<never>((subscriber) => {
    subscribe(subscriber);
    return () => {
      throw error;
    };
  });
}

/** A factory that records its signal and never settles. */
function watched(): { factory: InputFactory<never>; signal: () => AbortSignal | undefined } {
  let signal: AbortSignal | undefined;
  return {
    factory: (given) => {
      signal = given;
      return NEVER;
    },
    signal: () => signal,
  };
}

/** What rxjs reports through `config.onUnhandledError`, while a spec runs. */
function captureUnhandled(): unknown[] {
  const reported: unknown[] = [];
  const previous = config.onUnhandledError;
  config.onUnhandledError = (error) => reported.push(error);
  afterEachRestore.push(() => (config.onUnhandledError = previous));
  return reported;
}

/** What rxjs is handed after a subscriber stopped: it calls `config.onStoppedNotification` from a timer. */
function captureStopped(): unknown[][] {
  const stopped: unknown[][] = [];
  const previous = config.onStoppedNotification;
  config.onStoppedNotification = (notification) =>
    stopped.push(notification.kind === 'E' ? ['E', notification.error] : [notification.kind]);
  afterEachRestore.push(() => (config.onStoppedNotification = previous));
  return stopped;
}

const afterEachRestore: (() => void)[] = [];
// Last in, first out: a test that captures twice gets the original back, not its first capture.
afterEach(() =>
  afterEachRestore
    .splice(0)
    .reverse()
    .forEach((restore) => restore()),
);

describe('faults around the operator', () => {
  describe('Promises under concurrent', () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    const sleep = <T>(ms: number, value: T): Promise<T> =>
      new Promise((resolve) => setTimeout(() => resolve(value), ms));
    const rejectsAfter = (ms: number, error: Error): Promise<never> =>
      new Promise((_resolve, reject) => setTimeout(() => reject(error), ms));

    it('handles the rejection of a Promise that arrives while the slots are full: no unhandled rejection', async () => {
      const unhandled: unknown[] = [];
      const onUnhandled = (reason: unknown): number => unhandled.push(reason);
      process.on('unhandledRejection', onUnhandled);
      try {
        const failure = new Error('rejected at 10');
        const events: unknown[] = [];
        const start = Date.now();
        forkAsCompletedSettled([timer(30), rejectsAfter(10, failure)], { concurrent: 1 }).subscribe({
          next: (record) => events.push([Date.now() - start, record]),
          complete: () => events.push([Date.now() - start, 'complete']),
        });
        await jest.advanceTimersByTimeAsync(50);
        // Let Node look for unhandled rejections, which it does after the microtasks of a macrotask.
        jest.useRealTimers();
        await new Promise((resolve) => setImmediate(resolve));

        expect(unhandled).toEqual([]);
        expect(events).toEqual([
          [10, { index: 1, status: 'rejected', error: failure }],
          [30, { index: 0, status: 'fulfilled', value: 0 }],
          [30, 'complete'],
        ]);
      } finally {
        process.off('unhandledRejection', onUnhandled);
      }
    });

    it('delivers Promises in completion order, whatever the limit: concurrent bounds what the operator starts', async () => {
      const events: unknown[] = [];
      const start = Date.now();
      forkAsCompleted([sleep(100, 'slow'), sleep(10, 'fast')], { concurrent: 1 }).subscribe({
        next: (value) => events.push([Date.now() - start, value]),
        complete: () => events.push([Date.now() - start, 'complete']),
      });
      await jest.advanceTimersByTimeAsync(200);

      expect(events).toEqual([
        [10, 'fast'],
        [100, 'slow'],
        [100, 'complete'],
      ]);
    });

    it('delivers a Promise that resolves before the deadline, even when Observables hold every slot', async () => {
      const events: unknown[] = [];
      const start = Date.now();
      forkAsCompleted([sleep(100, 'slow'), timer(80), sleep(10, 'fast')], {
        concurrent: 1,
        timeout: 50,
      }).subscribe({
        next: (value) => events.push([Date.now() - start, value]),
        error: (error: unknown) => events.push([Date.now() - start, error]),
      });
      await jest.advanceTimersByTimeAsync(200);

      expect(events).toEqual([
        [10, 'fast'],
        [50, timeoutError({ pending: [0, 1], emitted: 1, timeout: 50 })],
      ]);
    });

    it('takes no slot for a Promise: Observables and factories alone wait for one', async () => {
      const started: [number, string][] = [];
      const start = Date.now();
      const tracked = (name: string, ms: number): Observable<string> =>
        new Observable<string>((subscriber) => {
          started.push([Date.now() - start, name]);
          return timer(ms).subscribe(() => {
            subscriber.next(name);
            subscriber.complete();
          });
        });
      const values: string[] = [];
      forkAsCompleted([tracked('a', 20), sleep(5, 'p'), tracked('b', 20), () => tracked('c', 20)], {
        concurrent: 1,
      }).subscribe((value) => values.push(value));
      await jest.advanceTimersByTimeAsync(100);

      expect(started).toEqual([
        [0, 'a'],
        [20, 'b'],
        [40, 'c'],
      ]);
      expect(values).toEqual(['p', 'a', 'b', 'c']);
    });
  });

  describe('a finalizer that throws', () => {
    let testScheduler: ReturnType<typeof createTestScheduler>;
    beforeEach(() => (testScheduler = createTestScheduler()));

    it('at the deadline: still tears down every input, aborts every signal, clears the timer, times out, then reports an UnsubscriptionError', () => {
      const reported = captureUnhandled();
      testScheduler.run(({ flush }) => {
        const scheduler = new TrackingScheduler();
        const boom = new Error('teardown boom');
        const watcher = watched();
        const events: unknown[] = [];
        forkAsCompleted([hostile(boom), watcher.factory], { timeout: 10, scheduler }).subscribe({
          error: (error: unknown) => events.push([testScheduler.now(), error, reported.length]),
        });
        flush();

        expect(events).toEqual([[10, timeoutError({ pending: [0, 1] }), 0]]);
        expect(watcher.signal()?.reason).toEqual(
          new DOMException('forkAsCompleted timed out before this input settled', 'TimeoutError'),
        );
        expect(reported).toEqual([new UnsubscriptionError([boom])]);
        expect((reported[0] as UnsubscriptionError).errors).toEqual([boom]);
        expect(scheduler.open).toBe(0);
      });
    });

    it.each([
      ['asCompleted', (inputs: AsCompletedInput<unknown>[]) => forkAsCompleted(inputs)],
      ['asCompletedSettled', (inputs: AsCompletedInput<unknown>[]) => forkAsCompletedSettled(inputs)],
    ])(
      'when a sibling errors (%s): the others are torn down and the output terminates first',
      (_flavour, make) => {
        const reported = captureUnhandled();
        testScheduler.run(({ cold, flush }) => {
          const boom = new Error('teardown boom');
          const failure = new Error('input failed');
          const watcher = watched();
          const last = watched();
          const events: unknown[] = [];
          const failing = cold('--#', undefined, failure);
          make([hostile(boom), watcher.factory, failing, last.factory]).subscribe({
            next: (value) => events.push(['N', value]),
            error: (error: unknown) => events.push(['E', error]),
          });
          flush();

          if (_flavour === 'asCompleted') {
            expect(events).toEqual([['E', failure]]);
            expect(watcher.signal()?.reason).toEqual(
              new DOMException('forkAsCompleted: input 2 failed before this input settled', 'AbortError'),
            );
            expect((watcher.signal()?.reason as { cause?: unknown }).cause).toBe(failure);
            expect(last.signal()?.aborted).toBe(true);
            expect(reported).toEqual([new UnsubscriptionError([boom])]);
          } else {
            // The settled flavour goes on: the finalizer only throws when the consumer lets go.
            expect(events).toEqual([['N', { index: 2, status: 'rejected', error: failure }]]);
            expect(reported).toEqual([]);
          }
        });
      },
    );

    it('when the consumer unsubscribes: tears everything down, then throws the UnsubscriptionError to the caller', () => {
      testScheduler.run(() => {
        const scheduler = new TrackingScheduler();
        const boom = new Error('teardown boom');
        const other = new Error('other boom');
        const watcher = watched();
        const subscription = forkAsCompletedSettled([hostile(boom), watcher.factory, hostile(other)], {
          timeout: 10,
          scheduler,
        }).subscribe();

        let thrown: unknown;
        try {
          subscription.unsubscribe();
        } catch (error) {
          thrown = error;
        }
        expect(thrown).toBeInstanceOf(UnsubscriptionError);
        expect((thrown as UnsubscriptionError).errors).toEqual([boom, other]);
        expect(watcher.signal()?.reason).toEqual(
          new DOMException(
            'forkAsCompletedSettled: the consumer unsubscribed before this input settled',
            'AbortError',
          ),
        );
        expect(scheduler.open).toBe(0);
      });
    });

    it('of the source, when it errors: the inputs are still torn down, the output errors, and it is reported', () => {
      const reported = captureUnhandled();
      testScheduler.run(({ flush }) => {
        const boom = new Error('source teardown boom');
        const failure = new Error('source failed');
        const watcher = watched();
        const source = new Observable<ObservableInput<never> | InputFactory<never>>((subscriber) => {
          subscriber.next(watcher.factory);
          subscriber.error(failure);
          return () => {
            throw boom;
          };
        });
        const errors: unknown[] = [];
        source.pipe(asCompleted(10)).subscribe({ error: (error: unknown) => errors.push(error) });
        flush();

        expect(errors).toEqual([failure]);
        expect(watcher.signal()?.reason).toEqual(
          new DOMException('asCompleted: the source failed before this input settled', 'AbortError'),
        );
        expect((watcher.signal()?.reason as { cause?: unknown }).cause).toBe(failure);
        expect(reported).toEqual([new UnsubscriptionError([boom])]);
      });
    });

    it('of an input that completes by itself: its result is still delivered, and the error reported', () => {
      const reported = captureUnhandled();
      testScheduler.run(({ expectObservable, flush }) => {
        const boom = new Error('teardown boom');
        const completes = hostile(boom, (subscriber) => {
          subscriber.add(
            testScheduler.schedule(() => (subscriber.next('a' as never), subscriber.complete()), 2),
          );
        });
        expectObservable(forkAsCompleted([completes, timer(4)], 10)).toBe('--a-(b|)', { a: 'a', b: 0 });
        flush();
        expect(reported).toEqual([new UnsubscriptionError([boom])]);
      });
    });

    it('of an input that fails by itself: the output errors with its error, and the finalizer error is reported', () => {
      const reported = captureUnhandled();
      testScheduler.run(({ expectObservable, flush }) => {
        const boom = new Error('teardown boom');
        const failure = new Error('input failed');
        const fails = hostile(boom, (subscriber) => {
          subscriber.add(testScheduler.schedule(() => subscriber.error(failure), 2));
        });
        expectObservable(forkAsCompleted([fails, timer(4)], 10)).toBe('--#', undefined, failure);
        flush();
        expect(reported).toEqual([new UnsubscriptionError([boom])]);
      });
    });

    it('of an input that completes within its own subscribe: its result is delivered, the run goes on, and the error is reported', () => {
      const reported = captureUnhandled();
      testScheduler.run(({ expectObservable, flush }) => {
        const boom = new Error('teardown boom');
        // rxjs runs the finalizer as it adds it to the subscription that is already over, inside subscribe.
        const completes = hostile(boom, (subscriber) => {
          subscriber.next(1 as never);
          subscriber.complete();
        });
        expectObservable(forkAsCompleted([completes, of(2)], 10)).toBe('(ab|)', { a: 1, b: 2 });
        flush();
        expect(reported).toEqual([new UnsubscriptionError([boom])]);
      });
    });

    it('of the timeout records: no completion after the consumer lets go in the last one', () => {
      const stopped = captureStopped();
      const received: unknown[] = [];
      class LetsGo extends Subscriber<unknown> {
        override next(record: unknown): void {
          received.push(record);
          this.unsubscribe();
        }
        override complete(): void {
          received.push('complete');
        }
      }
      forkAsCompletedSettled([NEVER], 0).subscribe(new LetsGo());
      return new Promise((resolve) => setTimeout(resolve, 1)).then(() => {
        expect(received).toEqual([{ index: 0, status: 'timeout' }]);
        expect(stopped).toEqual([]);
      });
    });

    it('of an input cut at its own deadline, when delivering its timeout record throws: the output errors, and the finalizer error is still reported', () => {
      const reported = captureUnhandled();
      testScheduler.run(({ flush }) => {
        const boom = new Error('own deadline teardown boom');
        const failure = new Error('delivery failed');
        const { subscriber, received } = throwingSubscriber(failure);
        forkAsCompletedSettled([hostile(boom), NEVER], { each: 5 }).subscribe(subscriber);
        flush();
        expect(received).toEqual([{ index: 0, status: 'timeout' }, failure]);
        expect(reported).toEqual([new UnsubscriptionError([boom])]);
      });
    });

    it('of a source completed by a call from outside: that call does not throw; the output completes, then it is reported', () => {
      const reported = captureUnhandled();
      testScheduler.run(({ flush }) => {
        const boom = new Error('source teardown boom');
        let complete!: () => void;
        const source = new Observable<ObservableInput<number>>((subscriber) => {
          complete = () => subscriber.complete();
          return () => {
            throw boom;
          };
        });
        const received: unknown[] = [];
        source.pipe(asCompleted()).subscribe({ complete: () => received.push('complete') });
        expect(complete).not.toThrow();
        expect(received).toEqual(['complete']);
        flush();
        expect(reported).toEqual([new UnsubscriptionError([boom])]);
      });
    });

    it('at completion of a source whose finalizer throws: the output completes, then it is reported', () => {
      const reported = captureUnhandled();
      testScheduler.run(({ expectObservable, flush }) => {
        const boom = new Error('source teardown boom');
        const source = new Observable<ObservableInput<number>>((subscriber) => {
          subscriber.next(of(1));
          subscriber.complete();
          return () => {
            throw boom;
          };
        });
        expectObservable(source.pipe(asCompleted(10))).toBe('(a|)', { a: 1 });
        flush();
        expect(reported).toEqual([new UnsubscriptionError([boom])]);
      });
    });
  });

  describe('nothing swallowed', () => {
    describe('an input whose subscribe throws', () => {
      const boom = new Error('subscribe boom');
      class ThrowsOnSubscribe extends Observable<number> {
        override subscribe(): never {
          throw boom;
        }
      }
      const inputs = (): ObservableInput<number>[] => [new ThrowsOnSubscribe(), of(1)];
      /** A source, and what makes it emit the inputs once the output is subscribed. */
      const sources = {
        cold: () => ({ source: from(inputs()), emit: () => undefined }),
        hot: () => {
          const subject = new Subject<ObservableInput<number>>();
          const emit = (): void => {
            for (const input of inputs()) subject.next(input);
            subject.complete();
          };
          return { source: subject.asObservable(), emit };
        },
      };
      /** What the subscriber receives, what the source's producer catches, and what rxjs reports. */
      const outcome = async <R>(
        kind: keyof typeof sources,
        operator: OperatorFunction<ObservableInput<number>, R>,
      ): Promise<{ received: unknown[]; thrown: unknown[]; reported: unknown[] }> => {
        const reported = captureUnhandled();
        const received: unknown[] = [];
        const thrown: unknown[] = [];
        const { source, emit } = sources[kind]();
        source.pipe(operator).subscribe({
          next: (value) => received.push(value),
          error: (error: unknown) => received.push(error),
          complete: () => received.push('complete'),
        });
        try {
          emit();
        } catch (error) {
          thrown.push(error);
        }
        // rxjs 8 reports unhandled errors through a real setTimeout.
        await new Promise((resolve) => setTimeout(resolve, 1));
        return { received, thrown, reported };
      };

      it.each(Object.keys(sources) as (keyof typeof sources)[])(
        'errors the output with what it threw, as mergeAll does, from a %s source',
        async (kind) => {
          const ours = await outcome(kind, asCompleted());
          expect(ours).toEqual(await outcome(kind, mergeAll()));
          expect(ours).toEqual({ received: [boom], thrown: [], reported: [] });
        },
      );

      it("is that input's rejected record in the settled flavour, and the run goes on", async () => {
        expect(await outcome('hot', asCompletedSettled())).toEqual({
          received: [
            { index: 0, status: 'rejected', error: boom },
            { index: 1, status: 'fulfilled', value: 1 },
            'complete',
          ],
          thrown: [],
          reported: [],
        });
      });
    });

    it('what the subscriber throws while a result is delivered errors the output', () => {
      const failure = new Error('delivery failed');
      const { subscriber, received } = throwingSubscriber(failure);
      const watcher = watched();
      forkAsCompleted([watcher.factory as never, of(1), of(2)]).subscribe(subscriber);

      expect(received).toEqual([1, failure]);
      expect(watcher.signal()?.reason).toEqual(
        new DOMException(
          'forkAsCompleted: delivering a result threw before this input settled',
          'AbortError',
        ),
      );
      expect((watcher.signal()?.reason as { cause?: unknown }).cause).toBe(failure);
    });
  });

  describe('what the subscriber throws after the output ended', () => {
    const timersRun = async (): Promise<void> => {
      for (let i = 0; i < 2; i++) await new Promise((resolve) => setTimeout(resolve, 1));
    };

    const failure = new Error('thrown after the end');
    const sourceFailure = new Error('source failed');
    type Ending = (source: Subject<ObservableInput<number>>, subscriber: Subscriber<number>) => void;
    const endings: Record<string, Ending> = {
      'the source errors': (source) => source.error(sourceFailure),
      'the consumer unsubscribes': (_source, subscriber) => subscriber.unsubscribe(),
    };

    /**
     * Subscribes a Subscriber whose `next` ends the output with `ending`, then throws; it overrides only
     * the protected `_next`, `_error` and `_complete`, so rxjs's own checks after a stop apply to it.
     */
    async function deliverThenThrow(
      operator: OperatorFunction<ObservableInput<number>, number>,
      ending: Ending,
      input: ObservableInput<number>,
    ): Promise<{ received: unknown[]; stopped: unknown[][] }> {
      const stopped = captureStopped();
      const received: unknown[] = [];
      const source = new Subject<ObservableInput<number>>();
      class EndsThenThrows extends Subscriber<number> {
        protected override _next(value: number): void {
          received.push(value);
          ending(source, this);
          throw failure;
        }
        protected override _error(error: unknown): void {
          received.push(error);
        }
        protected override _complete(): void {
          received.push('complete');
        }
      }
      source.pipe(operator).subscribe(new EndsThenThrows());
      source.next(input);
      await timersRun();
      return { received, stopped };
    }

    for (const [name, ending] of Object.entries(endings)) {
      it(`when ${name} in the delivery: it goes where rxjs sends a notification after the stop, as mergeAll's does`, async () => {
        const byMergeAll = await deliverThenThrow(mergeAll(), ending, of(1));
        const received = byMergeAll.received;
        expect(byMergeAll.stopped).toContainEqual(['E', failure]);
        const ways: [OperatorFunction<ObservableInput<number>, number>, ObservableInput<number>][] = [
          [asCompleted(), of(1)],
          [asCompleted(), Promise.resolve(1)],
          [asCompleted(10), Promise.resolve(1)],
        ];
        for (const [operator, input] of ways) {
          expect(await deliverThenThrow(operator, ending, input)).toEqual({
            received,
            stopped: [['E', failure]],
          });
        }
      });
    }

    it('when the source completes in the delivery of the last result: the output completes, and it goes where rxjs sends a notification after the stop', async () => {
      const completes: Ending = (source) => source.complete();
      for (const input of [of(1), Promise.resolve(1)]) {
        expect(await deliverThenThrow(asCompleted(), completes, input)).toEqual({
          received: [1, 'complete'],
          stopped: [['E', failure]],
        });
      }
    });
  });

  describe('abort reasons', () => {
    it('name the input whose failure ended the run, by key in a dictionary', () => {
      const watcher = watched();
      const failure = new Error('b failed');
      forkAsCompleted({
        a: watcher.factory,
        b: () =>
          Promise.reject(failure).catch(() => {
            throw failure;
          }),
      })
        .pipe(map((value) => value))
        .subscribe({ error: () => undefined });
      return Promise.resolve()
        .then(() => new Promise((resolve) => setImmediate(resolve)))
        .then(() => {
          expect((watcher.signal()?.reason as DOMException).message).toBe(
            'forkAsCompleted: input "b" (index 1) failed before this input settled',
          );
          expect((watcher.signal()?.reason as { cause?: unknown }).cause).toBe(failure);
          // As an Error's cause is: its own, not enumerable, writable and configurable.
          expect(Object.getOwnPropertyDescriptor(watcher.signal()?.reason, 'cause')).toEqual({
            value: failure,
            writable: true,
            enumerable: false,
            configurable: true,
          });
        });
    });

    it('keep the TimeoutError at the deadline, with no cause', () => {
      createTestScheduler().run(({ flush }) => {
        const watcher = watched();
        asCompletedSettled(5)(of(watcher.factory)).subscribe();
        flush();
        const reason = watcher.signal()?.reason as DOMException;
        expect(reason.name).toBe('TimeoutError');
        expect('cause' in reason).toBe(false);
      });
    });
  });
});
