import {
  asyncScheduler,
  config,
  NEVER,
  Observable,
  of,
  Subject,
  take,
  throwError,
  type ObservableInput,
  type SchedulerAction,
  type SchedulerLike,
  Subscription,
  from,
} from 'rxjs';
import {
  asCompleted,
  asCompletedSettled,
  AsCompletedTimeoutError,
  forkAsCompleted,
  forkAsCompletedSettled,
  type InputFactory,
} from '../src';
import { createTestScheduler } from './helpers/test-scheduler';

/** Runs `body` and returns what rxjs reported as notifications that came after their subscriber had stopped. */
function stoppedNotifications(body: () => void): unknown[] {
  const stopped: unknown[] = [];
  config.onStoppedNotification = (notification) => stopped.push(notification);
  jest.useFakeTimers();
  try {
    body();
    // rxjs reports stopped notifications through a timeout.
    jest.runOnlyPendingTimers();
  } finally {
    jest.useRealTimers();
    config.onStoppedNotification = null;
  }
  return stopped;
}

/**
 * An observer that rxjs 7 hands the operator as its destination as it is (a Subscription with next, error
 * and complete), so it counts every notification the operator sends, even one after the end.
 */
class RawObserver extends Subscription {
  readonly notifications: string[] = [];

  next(value: unknown): void {
    this.notifications.push(`next ${String(value)}`);
  }

  error(error: unknown): void {
    this.notifications.push(`error ${String(error)}`);
  }

  complete(): void {
    this.notifications.push('complete');
  }
}

/** A scheduler whose clock the spec sets, recording the delay of every timer it is asked for. */
class ManualClockScheduler implements SchedulerLike {
  time = 0;
  readonly delays: number[] = [];

  now(): number {
    return this.time;
  }

  schedule<T>(work: (this: SchedulerAction<T>, state?: T) => void, delay = 0, state?: T): Subscription {
    this.delays.push(delay);
    return asyncScheduler.schedule(work, delay, state);
  }
}

function whatFromThrows(input: unknown): string {
  try {
    from(input as ObservableInput<unknown>);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('from() took it');
}

describe('the engine at its edges', () => {
  describe('the queue under `concurrent`', () => {
    it('keeps every queued input when another arrives after the queue was partly drained', () => {
      createTestScheduler().run(({ cold, hot, expectObservable }) => {
        const a = cold('-a|');
        const b = cold('-----b|');
        const c = cold('-c|');
        const d = cold('-d|');
        // b and c wait behind a; when a is done b starts and c still waits; d then arrives behind c.
        const source = hot('(abc)--d---|', { a, b, c, d });
        expectObservable(source.pipe(asCompleted({ concurrent: 1 }))).toBe('--a-----b-c-(d|)');
      });
    });

    it('keeps an input that arrives once the queue has emptied, while the slot is taken', () => {
      createTestScheduler().run(({ cold, hot, expectObservable }) => {
        const a = cold('-a|');
        const b = cold('----b|');
        const c = cold('-c|');
        const source = hot('ab---c----|', { a, b, c });
        expectObservable(source.pipe(asCompleted({ concurrent: 1 }))).toBe('--a----b-c|');
      });
    });

    it('drains a long queue of synchronous inputs behind a slow one without growing the stack', () => {
      const count = 100_000;
      const first = new Subject<number>();
      const values: number[] = [];
      const inputs: ObservableInput<number>[] = [first, ...Array.from({ length: count }, (_, i) => of(i))];
      forkAsCompleted(inputs, { concurrent: 1 }).subscribe((value) => values.push(value));
      expect(values).toEqual([]);
      // Ending the first input drains the whole queue, each queued input completing as it is subscribed.
      first.next(-1);
      first.complete();
      expect(values).toHaveLength(count + 1);
      expect(values[count]).toBe(count - 1);
    });
  });

  describe('an input that misbehaves', () => {
    it('counts once when it completes, emits and completes again', () => {
      const values: number[] = [];
      const twice = new Observable<number>((subscriber) => {
        subscriber.next(1);
        subscriber.complete();
        subscriber.next(2);
        subscriber.complete();
      });
      forkAsCompleted([twice, NEVER]).subscribe((value) => values.push(value));
      expect(values).toEqual([1]);
    });

    it('is never subscribed when its factory ended the run', () => {
      let subscribed = 0;
      const input = new Observable<number>(() => void subscribed++);
      const source = new Subject<InputFactory<number>>();
      const subscription = source.pipe(asCompleted()).subscribe();
      source.next(() => {
        subscription.unsubscribe();
        return input;
      });
      expect(subscribed).toBe(0);
    });
  });

  describe('after the output has ended', () => {
    it('does not error the output again when the source errors after an input failed', () => {
      const observer = new RawObserver();
      const source = new Observable<ObservableInput<never>>((subscriber) => {
        subscriber.next(throwError(() => new Error('input failed')));
        subscriber.error(new Error('source failed too'));
      });
      source.pipe(asCompleted()).subscribe(observer);
      expect(observer.notifications).toEqual(['error Error: input failed']);
    });

    it('delivers nothing from an input that completes while the others are being torn down', () => {
      const values: number[] = [];
      const stopped = stoppedNotifications(() => {
        const late = new Subject<number>();
        const completesOthers = new Observable<number>(() => () => {
          late.next(1);
          late.complete();
        });
        forkAsCompleted([completesOthers, late])
          .subscribe((value) => values.push(value))
          .unsubscribe();
      });
      expect(values).toEqual([]);
      expect(stopped).toEqual([]);
    });

    it('does not time out twice when a source that ignores its teardown completes after the deadline', () => {
      const observer = new RawObserver();
      const testScheduler = createTestScheduler();
      testScheduler.run(({ flush }) => {
        const stubborn = new Observable<ObservableInput<never>>((subscriber) => {
          subscriber.next(NEVER);
          testScheduler.schedule(() => subscriber.complete(), 10);
        });
        stubborn.pipe(asCompleted(5)).subscribe(observer);
        flush();
      });
      expect(observer.notifications).toHaveLength(1);
      expect(observer.notifications[0]).toMatch(/^error TimeoutError: asCompleted timed out 5 ms/);
    });

    it('never subscribes an input that a source ignoring its teardown emits after the deadline', () => {
      const testScheduler = createTestScheduler();
      testScheduler.run(({ cold, flush }) => {
        const late = cold('-x|');
        const stubborn = new Observable<ObservableInput<string>>((subscriber) => {
          subscriber.next(NEVER);
          testScheduler.schedule(() => subscriber.next(late), 10);
        });
        stubborn.pipe(asCompleted(5)).subscribe({ error: () => undefined });
        flush();
        expect(late.subscriptions).toEqual([]);
      });
    });

    it('emits no timeout record after the consumer stopped listening', () => {
      const records: unknown[] = [];
      const stopped = stoppedNotifications(() => {
        createTestScheduler().run(({ flush }) => {
          forkAsCompletedSettled([NEVER, NEVER, NEVER], 5)
            .pipe(take(1))
            .subscribe((record) => records.push(record));
          flush();
        });
      });
      expect(records).toEqual([{ index: 0, status: 'timeout' }]);
      expect(stopped).toEqual([]);
    });
  });

  describe('the timer', () => {
    it('never asks for a delay longer than a timer can wait', () => {
      createTestScheduler().run(() => {
        const scheduler = new ManualClockScheduler();
        forkAsCompleted([NEVER], { timeout: 2 ** 31 + 5, scheduler }).subscribe({ error: () => undefined });
        expect(scheduler.delays).toEqual([2 ** 31 - 1]);
      });
    });

    it('counts the time the source took to subscribe against a relative deadline', () => {
      createTestScheduler().run(() => {
        const scheduler = new ManualClockScheduler();
        const slowToSubscribe = new Observable<ObservableInput<never>>((subscriber) => {
          scheduler.time += 3;
          subscriber.next(NEVER);
        });
        slowToSubscribe.pipe(asCompleted({ timeout: 10, scheduler })).subscribe({ error: () => undefined });
        expect(scheduler.delays).toEqual([7]);
      });
    });

    it('does not lengthen a relative deadline when the clock went back while the source subscribed', () => {
      createTestScheduler().run(() => {
        const scheduler = new ManualClockScheduler();
        scheduler.time = 100;
        const clockGoesBack = new Observable<ObservableInput<never>>((subscriber) => {
          scheduler.time -= 50;
          subscriber.next(NEVER);
        });
        clockGoesBack.pipe(asCompleted({ timeout: 10, scheduler })).subscribe({ error: () => undefined });
        expect(scheduler.delays).toEqual([10]);
      });
    });
  });

  describe('messages at their boundaries', () => {
    it('lists three pending inputs by name, with no "more"', () => {
      createTestScheduler().run(({ flush }) => {
        let caught: Error | undefined;
        forkAsCompleted([NEVER, NEVER, NEVER], 5).subscribe({ error: (error: Error) => (caught = error) });
        flush();
        expect(caught?.message).toBe(
          'forkAsCompleted timed out 5 ms after subscription: 0 emitted, 3 pending (input 0, input 1, input 2)',
        );
      });
    });

    it('says a timeout of 0 came at once', () => {
      createTestScheduler().run(({ flush }) => {
        let caught: Error | undefined;
        forkAsCompleted([NEVER], 0).subscribe({ error: (error: Error) => (caught = error) });
        flush();
        expect(caught?.message).toBe(
          'forkAsCompleted timed out at once: its deadline had passed at subscription: 0 emitted, 1 pending (input 0)',
        );
      });
    });

    it('calls a function given as the timeout a function', () => {
      expect(() => asCompleted({ timeout: (() => 5) as unknown as number })).toThrow(
        new TypeError(
          'asCompleted: timeout must be a number of milliseconds, a Date or null; got a function',
        ),
      );
    });

    it('keeps what from() threw as the cause for null and undefined, not a failed read of its own', () => {
      const errors: unknown[] = [];
      const notAnInputs = [null, undefined];
      for (const notAnInput of notAnInputs) {
        forkAsCompletedSettled([notAnInput as unknown as ObservableInput<never>]).subscribe({
          error: (error: unknown) => errors.push(error),
        });
      }
      expect(errors).toHaveLength(2);
      for (const error of errors) {
        expect(error).toBeInstanceOf(TypeError);
        const { cause } = error as { cause?: unknown };
        expect(cause).toBeInstanceOf(TypeError);
        expect((cause as Error).message).toBe(whatFromThrows(notAnInputs[errors.indexOf(error)]));
      }
    });

    it("gives an argument's TypeError no cause, since nothing was thrown", () => {
      let thrown: unknown;
      try {
        asCompleted({ concurrent: 0 });
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(RangeError);
      expect('cause' in (thrown as Error)).toBe(false);
    });

    it('rejects a scheduler that has no clock', () => {
      const noClock = { schedule: asyncScheduler.schedule.bind(asyncScheduler) } as unknown as SchedulerLike;
      expect(() => asCompletedSettled({ scheduler: noClock })).toThrow(
        new TypeError('asCompletedSettled: scheduler must be a SchedulerLike; got an object'),
      );
    });

    it('makes a timeout error with a message of its own when given none', () => {
      const error = new AsCompletedTimeoutError([1, 2], 3, 1000, 10);
      expect(error.message).toBe('timed out 10 ms after subscription: 3 emitted, 2 pending');
    });
  });
});
