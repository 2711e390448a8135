import {
  from,
  mergeAll,
  mergeMap,
  Observable,
  of,
  Subject,
  Subscriber,
  take,
  type ObservableInput,
  type OperatorFunction,
} from 'rxjs';
import { asCompleted, asCompletedSettled, type SettledRecord } from '../src';
import { throwingSubscriber } from './helpers/throwing-subscriber';

/** Counts microtask turns from the moment it starts, so two runs can be compared turn by turn. */
function microtaskClock(turns: number): { now: () => number; done: Promise<void> } {
  let turn = 0;
  const done = (async () => {
    while (turn < turns) {
      await Promise.resolve();
      turn++;
    }
  })();
  return { now: () => turn, done };
}

type Trace = [turn: number, event: string][];

/** Subscribes and records each notification with the microtask turn it came in. */
async function trace(make: () => Observable<unknown>): Promise<Trace> {
  const clock = microtaskClock(20);
  const events: Trace = [];
  make().subscribe({
    next: (value) => events.push([clock.now(), `next ${String(value)}`]),
    error: (error: unknown) => events.push([clock.now(), `error ${String(error)}`]),
    complete: () => events.push([clock.now(), 'complete']),
  });
  await clock.done;
  return events;
}

const deferred = <T>(): { promise: Promise<T>; resolve: (value: T) => void } => {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((settle) => (resolve = settle));
  return { promise, resolve };
};

describe('Promise inputs', () => {
  it('deliver each result in the same microtask turn as from() would', async () => {
    const inputs = (): Promise<string>[] => {
      const later = deferred<string>();
      void Promise.resolve().then(() => later.resolve('later'));
      return [
        later.promise,
        Promise.resolve('resolved'),
        Promise.reject(new Error('rejected')).catch(() => 'caught'),
        Promise.resolve().then(() => 'chained'),
      ];
    };
    const viaFrom = await trace(() => from(inputs()).pipe(mergeMap((input) => from(input))));
    const viaFastPath = await trace(() => from(inputs()).pipe(asCompleted()));

    expect(viaFastPath).toEqual(viaFrom);
    // Not vacuous: every input's result and the completion, spread over several turns.
    expect(viaFrom.map(([, event]) => event).sort()).toEqual([
      'complete',
      'next caught',
      'next chained',
      'next later',
      'next resolved',
    ]);
    expect(new Set(viaFrom.map(([turn]) => turn)).size).toBeGreaterThan(1);
  });

  it('deliver a rejection in the same turn as from() would', async () => {
    const inputs = (): Promise<string>[] => [
      new Promise<string>(() => undefined),
      Promise.reject(new Error('no')),
    ];
    const viaFrom = await trace(() => from(inputs()).pipe(mergeMap((input) => from(input))));
    const viaFastPath = await trace(() => from(inputs()).pipe(asCompleted()));
    expect(viaFastPath).toEqual(viaFrom);
    expect(viaFastPath).toEqual([[1, 'error Error: no']]);
  });

  // Without a deadline or a signal nothing ever lists the pending inputs, so a Promise is listened to
  // without a record of its own; with either, it has one. Both ways must behave alike.
  describe.each([
    ['listened to without a record (no deadline, no signal)', {}],
    ['with a record, for a deadline', { timeout: 60_000 }],
    ['with a record, for a signal', { signal: new AbortController().signal }],
  ])('a thenable, %s', (_path, options) => {
    it('whose then throws errors the output with what it threw', () => {
      const thrown = new Error('then failed');
      const errors: unknown[] = [];
      const thenable = {
        then(): never {
          throw thrown;
        },
      };
      from([thenable as PromiseLike<string>])
        .pipe(asCompleted(options))
        .subscribe({ error: (error: unknown) => errors.push(error) });
      expect(errors).toEqual([thrown]);
      expect(errors[0]).toBe(thrown);
    });

    it('whose then throws is a rejected record in the settled flavour', () => {
      const thrown = new Error('then failed');
      const records: SettledRecord<string>[] = [];
      const thenable = {
        then(): never {
          throw thrown;
        },
      };
      from([thenable as PromiseLike<string>, ['ok']])
        .pipe(asCompletedSettled(options))
        .subscribe((record) => records.push(record));
      expect(records).toEqual([
        { index: 0, status: 'rejected', error: thrown },
        { index: 1, status: 'fulfilled', value: 'ok' },
      ]);
    });

    it('that settles synchronously, twice, counts once, with its first outcome', () => {
      const values: string[] = [];
      const errors: unknown[] = [];
      const thenable = {
        then(resolve: (value: string) => void, reject: (error: unknown) => void): void {
          resolve('first');
          resolve('second');
          reject(new Error('third'));
        },
      };
      from([thenable as PromiseLike<string>])
        .pipe(asCompleted(options))
        .subscribe({ next: (value) => values.push(value), error: (error: unknown) => errors.push(error) });
      expect(values).toEqual(['first']);
      expect(errors).toEqual([]);
    });

    it('that settles after the output was unsubscribed delivers nothing', () => {
      let settleLater!: (value: string) => void;
      const thenable = {
        then(resolve: (value: string) => void): void {
          settleLater = resolve;
        },
      };
      const values: string[] = [];
      from([thenable as PromiseLike<string>])
        .pipe(asCompleted(options))
        .subscribe((value) => values.push(value))
        .unsubscribe();
      settleLater('late');
      expect(values).toEqual([]);
    });

    it('whose delivery throws errors the output with what the consumer threw, and leaves no rejection unhandled', async () => {
      const failure = new Error('delivery failed');
      const unhandled: unknown[] = [];
      const onUnhandled = (reason: unknown): number => unhandled.push(reason);
      process.on('unhandledRejection', onUnhandled);
      try {
        const { subscriber, received } = throwingSubscriber(failure);
        const later = deferred<string>();
        from([Promise.resolve('first'), later.promise])
          .pipe(asCompleted(options))
          .subscribe(subscriber);
        await Promise.resolve();
        later.resolve('after the end');
        // Node looks for unhandled rejections after the microtasks of a macrotask.
        await new Promise((resolve) => setImmediate(resolve));
        expect(received).toEqual(['first', failure]);
        expect(received[1]).toBe(failure);
        expect(unhandled).toEqual([]);
      } finally {
        process.off('unhandledRejection', onUnhandled);
      }
    });

    it('that settles after another input failed delivers nothing', async () => {
      const failure = new Error('failed first');
      const later = deferred<string>();
      const received: unknown[] = [];
      from([later.promise, Promise.reject(failure)])
        .pipe(asCompleted(options))
        .subscribe({
          next: (value) => received.push(value),
          error: (error: unknown) => received.push(error),
          complete: () => received.push('complete'),
        });
      await Promise.resolve();
      later.resolve('late');
      await later.promise;
      await Promise.resolve();
      expect(received).toEqual([failure]);
    });

    it('that settles synchronously to a consumer that takes one stops the source there, as mergeAll does', () => {
      const outcome = (operator: OperatorFunction<PromiseLike<string>, string>): unknown[] => {
        const received: unknown[] = [];
        const settlesAtOnce = { then: (resolve: (value: string) => void) => resolve('first') };
        const never = {
          then(): void {
            received.push('then of the next input called');
          },
        };
        from([settlesAtOnce, never] as PromiseLike<string>[])
          .pipe(operator, take(1))
          .subscribe({ next: (value) => received.push(value), complete: () => received.push('complete') });
        return received;
      };
      expect(outcome(asCompleted(options))).toEqual(outcome(mergeAll()));
      expect(outcome(asCompleted(options))).toEqual(['first', 'complete']);
    });

    it('that settles synchronously inside a delivery that then throws: the output errors after that delivery is over', () => {
      const failure = new Error('delivery failed');
      const received: unknown[] = [];
      const source = new Subject<ObservableInput<string>>();
      const settlesAtOnce = { then: (resolve: (value: string) => void) => resolve('inner') };
      class FeedsThenThrows extends Subscriber<string> {
        override next(value: string): void {
          received.push(value);
          if (value === 'outer') {
            source.next(settlesAtOnce as PromiseLike<string>);
            received.push('back in the outer delivery');
          } else throw failure;
        }
        override error(error: unknown): void {
          received.push(error);
        }
      }
      source.pipe(asCompleted(options)).subscribe(new FeedsThenThrows());
      source.next(of('outer'));
      expect(received).toEqual(['outer', 'inner', 'back in the outer delivery', failure]);
      expect(source.observed).toBe(false);
    });

    it('completes the output after the last of them settles, when the source completed first', async () => {
      const first = deferred<string>();
      const second = deferred<string>();
      const received: unknown[] = [];
      from([first.promise, second.promise])
        .pipe(asCompleted(options))
        .subscribe({ next: (value) => received.push(value), complete: () => received.push('complete') });
      second.resolve('second');
      await second.promise;
      expect(received).toEqual(['second']);
      first.resolve('first');
      await first.promise;
      expect(received).toEqual(['second', 'first', 'complete']);
    });
  });

  it('are told from Observables and arrays as from() tells them: an interop Observable with a then is an Observable', () => {
    const interop = {
      [Symbol.observable ?? '@@observable']: () => from(['observable']),
      then: (resolve: (value: string) => void) => resolve('thenable'),
    } as unknown as ObservableInput<string>;
    const arrayLike = {
      length: 1,
      0: 'array',
      then: (resolve: (value: string) => void) => resolve('thenable'),
    };
    const values: string[] = [];
    from([interop, arrayLike as unknown as ObservableInput<string>])
      .pipe(asCompleted())
      .subscribe((value) => values.push(value));
    expect(values).toEqual(['observable', 'array']);
  });
});
