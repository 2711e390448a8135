import {
  concatMap,
  config,
  defer,
  EMPTY,
  from,
  NEVER,
  Observable,
  of,
  Subject,
  Subscription,
  take,
  type ObservableInput,
  type OperatorFunction,
} from 'rxjs';
import { asCompleted, asCompletedSettled, type SettledRecord } from '../src';
import { createTestScheduler, timeoutError, TrackingScheduler } from './helpers/test-scheduler';

describe('asCompleted re-entrancy', () => {
  let testScheduler: ReturnType<typeof createTestScheduler>;

  beforeEach(() => {
    testScheduler = createTestScheduler();
  });

  describe('a consumer that unsubscribes inside next', () => {
    it('gets nothing more, not even results of the same frame, and leaves nothing subscribed or scheduled', () => {
      testScheduler.run(({ cold, expectSubscriptions }) => {
        const scheduler = new TrackingScheduler();
        // prettier-ignore
        const a = cold('---1|');
        // prettier-ignore
        const b = cold('---2|');
        // prettier-ignore
        const c = cold('------3|');
        const source = cold('(abc)-----|', { a, b, c });
        const received: string[] = [];
        const subscription = new Subscription();
        subscription.add(
          source.pipe(asCompleted({ timeout: 10, scheduler, concurrent: 2 })).subscribe({
            next: (value) => {
              received.push(value);
              subscription.unsubscribe();
            },
            error: (error: unknown) => received.push(`error: ${String(error)}`),
            complete: () => received.push('complete'),
          }),
        );
        testScheduler.flush();

        expect(received).toEqual(['1']);
        expectSubscriptions(source.subscriptions).toBe('^---!');
        expectSubscriptions(a.subscriptions).toBe('     ^---!');
        expectSubscriptions(b.subscriptions).toBe('     ^---!');
        expect(c.subscriptions).toEqual([]);
        expect(scheduler.actions).toHaveLength(1);
        expect(scheduler.open).toBe(0);
      });
    });

    it('stops the timeout records of asCompletedSettled at the one it unsubscribed in', () => {
      testScheduler.run(({ cold, expectSubscriptions }) => {
        const inputs = [cold('--------1|'), cold('--------2|'), cold('--------3|')];
        const received: SettledRecord<string>[] = [];
        let completed = false;
        const subscription = new Subscription();
        subscription.add(
          from(inputs)
            .pipe(asCompletedSettled(5))
            .subscribe({
              next: (record) => {
                received.push(record);
                if (record.index === 1) subscription.unsubscribe();
              },
              complete: () => (completed = true),
            }),
        );
        testScheduler.flush();

        expect(received).toEqual([
          { index: 0, status: 'timeout' },
          { index: 1, status: 'timeout' },
        ]);
        expect(completed).toBe(false);
        for (const input of inputs) expectSubscriptions(input.subscriptions).toBe('^----!');
      });
    });
  });

  describe('take(1) after asCompleted', () => {
    it('stops every other input, the source and the timer in the frame of the first result', () => {
      testScheduler.run(({ cold, hot, expectObservable, expectSubscriptions }) => {
        const scheduler = new TrackingScheduler();
        // prettier-ignore
        const a = cold(' -------1|');
        // prettier-ignore
        const b = cold('  ---2|');
        // prettier-ignore
        const c = cold('   -------3|');
        const source = hot('abc--------|', { a, b, c });
        const expected = '  -----(2|)';

        expectObservable(source.pipe(asCompleted({ timeout: 20, scheduler }), take(1))).toBe(expected);
        expectSubscriptions(source.subscriptions).toBe('^----!');
        expectSubscriptions(a.subscriptions).toBe('     ^----!');
        expectSubscriptions(b.subscriptions).toBe('     -^---!');
        expectSubscriptions(c.subscriptions).toBe('     --^--!');
        testScheduler.flush();
        expect(scheduler.open).toBe(0);
      });
    });

    it.each([
      ['no limit', undefined],
      ['concurrent: 1', 1],
      ['concurrent: 3', 3],
    ])('stops an endless synchronous source of synchronous inputs (%s)', (_name, concurrent) => {
      const limit = 10_000;
      let produced = 0;
      let closed = false;
      function* endless(): Generator<ObservableInput<number>> {
        try {
          // The limit only keeps a failure finite: the operator must stop the source long before it.
          while (produced < limit) {
            const value = produced++;
            yield value % 2 === 0 ? of(value) : [value];
          }
        } finally {
          closed = true;
        }
      }
      const values: number[] = [];
      from(endless())
        .pipe(asCompleted({ timeout: 10, concurrent }), take(2))
        .subscribe((value) => values.push(value));

      expect(values).toEqual([0, 1]);
      expect(produced).toBe(2);
      expect(closed).toBe(true);
    });

    it('stops an endless synchronous source in the settled flavour too', () => {
      let produced = 0;
      function* endless(): Generator<ObservableInput<number>> {
        while (produced < 10_000) yield produced++ % 2 === 0 ? EMPTY : of(produced);
      }
      const records: SettledRecord<number>[] = [];
      from(endless())
        .pipe(asCompletedSettled({ concurrent: 2 }), take(3))
        .subscribe((record) => records.push(record));

      expect(records.map((record) => [record.index, record.status])).toEqual([
        [0, 'rejected'],
        [1, 'fulfilled'],
        [2, 'rejected'],
      ]);
      expect(produced).toBe(3);
    });
  });

  describe('an input that completes synchronously while the source is still emitting', () => {
    it('is delivered before the source emits its next input', () => {
      const log: string[] = [];
      const source = new Observable<ObservableInput<string>>((subscriber) => {
        for (const name of ['a', 'b', 'c']) {
          log.push(`source emits ${name}`);
          subscriber.next(of(name));
        }
        log.push('source completes');
        subscriber.complete();
      });
      source.pipe(asCompleted()).subscribe({
        next: (value) => log.push(`result ${value}`),
        complete: () => log.push('complete'),
      });

      expect(log).toEqual([
        'source emits a',
        'result a',
        'source emits b',
        'result b',
        'source emits c',
        'result c',
        'source completes',
        'complete',
      ]);
    });

    it('stops the source at once when its failure errors the output', () => {
      const log: string[] = [];
      let sourceTornDown = false;
      const source = new Observable<ObservableInput<string>>((subscriber) => {
        subscriber.next(of('a'));
        subscriber.next(EMPTY);
        log.push(`source still open: ${String(!subscriber.closed)}`);
        if (!subscriber.closed) subscriber.next(of('c'));
        return () => (sourceTornDown = true);
      });
      source.pipe(asCompleted()).subscribe({
        next: (value) => log.push(`result ${value}`),
        error: (error: Error) => log.push(`error ${error.name}, source torn down: ${String(sourceTornDown)}`),
      });

      expect(log).toEqual([
        'result a',
        'error EmptyError, source torn down: false',
        'source still open: false',
      ]);
      expect(sourceTornDown).toBe(true);
    });

    it('lets a queued synchronous input run as soon as a slot frees up, in the same frame', () => {
      testScheduler.run(({ cold, hot, expectObservable, expectSubscriptions }) => {
        const a = cold('---1|');
        const b = of('2');
        const c = cold('    -----3|');
        const source = hot('(abc|)', { a, b, c });
        expectObservable(source.pipe(asCompleted({ concurrent: 1 }))).toBe('----(12)--(3|)');
        expectSubscriptions(c.subscriptions).toBe('                        ----^-----!');
      });
    });

    it('takes inputs the consumer feeds back to the source from inside next', () => {
      for (const concurrent of [undefined, 1]) {
        const source = new Subject<ObservableInput<number>>();
        const values: number[] = [];
        let completed = false;
        source.pipe(asCompleted({ concurrent })).subscribe({
          next: (value) => {
            values.push(value);
            if (value < 3) {
              source.next(of(value + 1));
              source.next([value + 10]);
            }
          },
          complete: () => (completed = true),
        });
        source.next(of(0));
        source.complete();

        expect(values).toEqual([0, 1, 2, 3, 12, 11, 10]);
        expect(completed).toBe(true);
        expect(source.observed).toBe(false);
      }
    });
  });

  describe('a source that errors with inputs pending', () => {
    it.each<[string, typeof asCompleted | typeof asCompletedSettled]>([
      ['asCompleted', asCompleted],
      ['asCompletedSettled', asCompletedSettled],
    ])(
      '%s errors with it, tears down running inputs, never starts queued ones and cancels the timer',
      (_name, flavour) => {
        testScheduler.run(({ cold, hot, expectObservable, expectSubscriptions }) => {
          const scheduler = new TrackingScheduler();
          // prettier-ignore
          const a = cold(' ------1|');
          const b = cold(' ------2|');
          const c = cold('  -3|');
          const source = hot('abc-#', { a, b, c }, 'source failed');

          expectObservable(
            source.pipe(
              flavour({ timeout: 10, scheduler, concurrent: 2 }) as OperatorFunction<
                ObservableInput<string>,
                unknown
              >,
            ),
          ).toBe('----#', undefined, 'source failed');
          expectSubscriptions(a.subscriptions).toBe('^---!');
          expectSubscriptions(b.subscriptions).toBe('-^--!');
          expect(c.subscriptions).toEqual([]);
          testScheduler.flush();
          expect(scheduler.open).toBe(0);
        });
      },
    );
  });

  describe('a source that emits inputs after the deadline', () => {
    it('is unsubscribed at the deadline, so that later inputs are never subscribed', () => {
      testScheduler.run(({ cold, hot, expectObservable, expectSubscriptions }) => {
        const a = cold('-------1|');
        const b = cold('-2|');
        const source = hot('a------b|', { a, b });

        expectObservable(source.pipe(asCompleted(4))).toBe(
          '----#',
          undefined,
          timeoutError({ pending: [0], emitted: 0, deadline: 4 }),
        );
        expectSubscriptions(source.subscriptions).toBe('^---!');
        expect(b.subscriptions).toEqual([]);
      });
    });

    it('leaves a Subject source unobserved, so later inputs go nowhere', () => {
      testScheduler.run(() => {
        const source = new Subject<ObservableInput<string>>();
        const received: SettledRecord<string>[] = [];
        let subscribed = false;
        source.pipe(asCompletedSettled(3)).subscribe((record) => received.push(record));
        source.next(NEVER);
        testScheduler.flush();
        expect(source.observed).toBe(false);

        source.next(defer(() => ((subscribed = true), of('late'))));
        expect(subscribed).toBe(false);
        expect(received).toEqual([{ index: 0, status: 'timeout' }]);
      });
    });
  });

  describe('an input that throws synchronously on subscribe', () => {
    const thrown = new Error('cannot subscribe');
    const throwing = new Observable<string>(() => {
      throw thrown;
    });

    it('errors asCompleted with what it threw and tears down the others, also when it was queued', () => {
      testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
        const a = cold('--1|');
        const b = cold('-----2|');
        expectObservable(of(a, b, throwing).pipe(asCompleted({ concurrent: 2 }))).toBe(
          '---(1#)',
          undefined,
          thrown,
        );
        expectSubscriptions(a.subscriptions).toBe('^--!');
        expectSubscriptions(b.subscriptions).toBe('^--!');
      });
    });

    it('becomes a rejected record in asCompletedSettled, and the others go on', () => {
      testScheduler.run(({ cold, expectObservable }) => {
        const a = cold('-----1|');
        const deferred = defer((): Observable<string> => {
          throw thrown;
        });
        expectObservable(of(throwing, a, deferred).pipe(asCompletedSettled())).toBe('(TD)--(A|)', {
          T: { index: 0, status: 'rejected', error: thrown },
          D: { index: 2, status: 'rejected', error: thrown },
          A: { index: 1, status: 'fulfilled', value: '1' },
        });
      });
    });
  });

  describe('a consumer whose next handler throws', () => {
    let reported: unknown[];

    beforeEach(() => {
      reported = [];
      config.onUnhandledError = (error) => reported.push(error);
    });

    afterEach(() => {
      config.onUnhandledError = null;
    });

    /** rxjs 7 reports through its timeout provider, virtual inside `run`; rxjs 8 through a real `setTimeout`. */
    const reportsDelivered = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

    it('has the error reported by rxjs, and still gets every later result and the completion', async () => {
      const failure = new Error('consumer failed');
      testScheduler.run(({ cold, hot, expectSubscriptions }) => {
        const scheduler = new TrackingScheduler();
        const a = cold('--1|');
        const b = cold('----2|');
        const c = cold('----3|');
        const source = hot('(ab)c|', { a, b, c });
        const received: string[] = [];
        source.pipe(asCompleted({ timeout: 10, scheduler })).subscribe({
          next: (value) => {
            received.push(value);
            if (value !== '3') throw failure;
          },
          complete: () => received.push('complete'),
        });
        testScheduler.flush();

        expect(received).toEqual(['1', '2', '3', 'complete']);
        expectSubscriptions(b.subscriptions).toBe('^----!');
        expectSubscriptions(c.subscriptions).toBe('----^----!');
        expect(scheduler.open).toBe(0);
      });
      await reportsDelivered();
      expect(reported).toEqual([failure, failure]);
    });

    it('has the error reported for a timeout record, and still gets the other records and the completion', async () => {
      const failure = new Error('consumer failed');
      testScheduler.run(() => {
        const received: SettledRecord<unknown>[] = [];
        let completed = false;
        of(NEVER, NEVER)
          .pipe(asCompletedSettled(2))
          .subscribe({
            next: (record) => {
              received.push(record);
              throw failure;
            },
            complete: () => (completed = true),
          });
        testScheduler.flush();

        expect(received).toEqual([
          { index: 0, status: 'timeout' },
          { index: 1, status: 'timeout' },
        ]);
        expect(completed).toBe(true);
      });
      await reportsDelivered();
      expect(reported).toEqual([failure, failure]);
    });
  });
});

describe('the source ending in the deadline’s frame', () => {
  type Ending = 'complete' | 'error';

  /**
   * What the output does when the source ends at frame 5, the deadline, with no input pending: with
   * `early`, the source's ending was scheduled when the source was subscribed (before the operator
   * armed its timer), so the scheduler runs it before the timer; otherwise it was scheduled at frame
   * 2, after the timer, and runs after it.
   */
  function outcome(ending: Ending, early: boolean): string {
    const notifications: string[] = [];
    const testScheduler = createTestScheduler();
    testScheduler.run(({ cold }) => {
      const a = cold('-1|');
      const end = ending === 'complete' ? '|' : '#';
      const source = early
        ? cold(`a----${end}`, { a })
        : cold('a-b|', { a, b: null }).pipe(
            concatMap((input) => (input === null ? cold<never>(`---${end}`) : of(input))),
          );
      source.pipe(asCompleted(5)).subscribe({
        next: (value) => notifications.push(`${testScheduler.now()}: ${value}`),
        error: (error: unknown) =>
          notifications.push(
            `${testScheduler.now()}: ${error instanceof Error ? error.name : String(error)}`,
          ),
        complete: () => notifications.push(`${testScheduler.now()}: complete`),
      });
    });
    return notifications.join(', ');
  }

  it.each<Ending>(['complete', 'error'])(
    'lets the source’s %s at the deadline lose to it, whichever the scheduler runs first',
    (ending) => {
      expect(outcome(ending, true)).toBe('2: 1, 5: TimeoutError');
      expect(outcome(ending, false)).toBe('2: 1, 5: TimeoutError');
    },
  );
});
