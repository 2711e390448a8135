import { from, last, map, NEVER, of, timeout, timer, type ObservableInput } from 'rxjs';
import type { TestScheduler } from 'rxjs/testing';
import {
  asCompleted,
  asCompletedSettled,
  AsCompletedTimeoutError,
  forkAsCompleted,
  forkAsCompletedSettled,
} from '../src';
import { createTestScheduler, TrackingScheduler } from './helpers/test-scheduler';

/** The error of an input cut off at its own deadline, as its fields and message say it. */
const ownDeadlineError = (
  caller: string,
  pending: number[],
  name: string,
  each: number,
  emitted: number,
  pendingKeys: string[] | null = null,
): unknown =>
  expect.objectContaining({
    pendingKeys,
    constructor: AsCompletedTimeoutError,
    name: 'TimeoutError',
    pending,
    emitted,
    timeout: each,
    message: `${caller}: ${name} timed out at its own deadline (each: ${each} ms from its start): ${emitted} emitted`,
  });

describe('the each option', () => {
  let testScheduler: TestScheduler;

  beforeEach(() => {
    testScheduler = createTestScheduler();
  });

  it('bounds an input’s whole run, from its start to its result: its values do not restart it, as rxjs’s timeout({ each }) restarts', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      // prettier-ignore
      const chatty = cold('-1-2-3-4-5|');
      const ours = forkAsCompleted([chatty], { each: 6 });
      const theirs = chatty.pipe(timeout({ each: 6 }), last());

      expectObservable(ours).toBe(
        '------#',
        undefined,
        ownDeadlineError('forkAsCompleted', [0], 'input 0', 6, 0),
      );
      expectObservable(theirs).toBe('----------(5|)');
    });
  });

  it('fails asCompleted at an input’s own deadline, naming it, and tears down the rest', () => {
    testScheduler.run(({ cold, hot, expectObservable, expectSubscriptions }) => {
      // prettier-ignore
      const a = cold( '--1|');
      // prettier-ignore
      const b = cold(   '--------2|');
      const c = cold('   -------------3|');
      const source = hot('a-b-c|', { a, b, c });
      const expected = '  ---1--#';

      expectObservable(source.pipe(asCompleted({ each: 4 }))).toBe(
        expected,
        undefined,
        ownDeadlineError('asCompleted', [1], 'input 1', 4, 1),
      );
      expectSubscriptions(b.subscriptions).toBe('--^---!');
      expectSubscriptions(c.subscriptions).toBe('----^-!');
    });
  });

  it('names a dictionary’s input by its key and gives its key in pendingKeys', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      const error = ownDeadlineError('forkAsCompleted', [1], 'input "feed" (index 1)', 3, 1, ['feed']);
      expectObservable(forkAsCompleted({ user: cold('-u|'), feed: NEVER }, { each: 3 })).toBe(
        '--u#',
        undefined,
        error,
      );
    });
  });

  it('gives the settled flavours a timeout record for that input, and the others go on', () => {
    testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const user = cold('--u|');
      const feed = cold('----------f|');
      const ads = cold('-----a|');

      expectObservable(forkAsCompletedSettled({ user, feed, ads }, { each: 7 })).toBe('---U--A(F|)', {
        U: { index: 0, key: 'user', status: 'fulfilled', value: 'u' },
        A: { index: 2, key: 'ads', status: 'fulfilled', value: 'a' },
        F: { index: 1, key: 'feed', status: 'timeout' },
      });
      expectSubscriptions(feed.subscriptions).toBe('^------!');
    });
  });

  it('starts a queued input’s clock when the input starts', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      const a = cold('---1|');
      const b = cold('-----2|');
      const c = cold('------3|');

      // b starts at 4, when a's slot is freed, and has until 11; c starts at 10 and has until 17.
      expectObservable(of(a, b, c).pipe(asCompletedSettled({ each: 7, concurrent: 1 }))).toBe(
        '----A-----B------(C|)',
        {
          A: { index: 0, status: 'fulfilled', value: '1' },
          B: { index: 1, status: 'fulfilled', value: '2' },
          C: { index: 2, status: 'timeout' },
        },
      );
    });
  });

  it('lets a result at exactly its own deadline lose to it, in either flavour', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      const tie = cold('---1|');
      expectObservable(forkAsCompletedSettled([tie, cold('-2|')], { each: 4 })).toBe('--B-(A|)', {
        A: { index: 0, status: 'timeout' },
        B: { index: 1, status: 'fulfilled', value: '2' },
      });
      expectObservable(forkAsCompleted([tie], { each: 4 })).toBe(
        '----#',
        undefined,
        ownDeadlineError('forkAsCompleted', [0], 'input 0', 4, 0),
      );
    });
  });

  it('lets a result at exactly its own deadline lose to it also when the scheduler runs the result first', () => {
    testScheduler.run(({ hot, expectObservable }) => {
      // A hot input's frames were scheduled before the subscription, so before its own deadline's timer.
      const tie = hot('----(1|)');
      expectObservable(forkAsCompletedSettled([tie, hot('--2|')], { each: 4 })).toBe('---B(A|)', {
        A: { index: 0, status: 'timeout' },
        B: { index: 1, status: 'fulfilled', value: '2' },
      });
      expectObservable(forkAsCompleted([hot('----(1|)')], { each: 4 })).toBe(
        '----#',
        undefined,
        ownDeadlineError('forkAsCompleted', [0], 'input 0', 4, 0),
      );
    });
  });

  it('waits for an own deadline beyond the longest timer delay in steps, and still meets it exactly', () => {
    testScheduler.run(() => {
      const scheduler = new TrackingScheduler();
      const each = 2 ** 31 + 10;
      const inputs = [timer(each - 1).pipe(map(() => 'early')), NEVER];
      const events: [number, unknown][] = [];
      forkAsCompletedSettled(inputs, { each, scheduler }).subscribe((record) =>
        events.push([testScheduler.now(), record]),
      );
      testScheduler.flush();
      expect(events).toEqual([
        [each - 1, { index: 0, status: 'fulfilled', value: 'early' }],
        [each, { index: 1, status: 'timeout' }],
      ]);
      expect(scheduler.open).toBe(0);
    });
  });

  it('combines with the total deadline, which wins when both fall in the same frame', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      const slow = cold('---------1|');
      expectObservable(forkAsCompletedSettled([slow, slow], { each: 20, timeout: 5 })).toBe('-----(AB|)', {
        A: { index: 0, status: 'timeout' },
        B: { index: 1, status: 'timeout' },
      });
      expectObservable(forkAsCompleted([slow], { each: 5, timeout: 5 })).toBe(
        '-----#',
        undefined,
        expect.objectContaining({
          message: 'forkAsCompleted timed out 5 ms after subscription: 0 emitted, 1 pending (input 0)',
        }),
      );
    });
  });

  it('aborts the factory’s signal with a TimeoutError DOMException; under asCompleted, the others with an AbortError', () => {
    testScheduler.run(({ expectObservable, flush }) => {
      const signals: AbortSignal[] = [];
      const factory = (signal: AbortSignal) => {
        signals.push(signal);
        return NEVER;
      };

      expectObservable(forkAsCompletedSettled([factory], { each: 2 })).toBe('--(A|)', {
        A: { index: 0, status: 'timeout' },
      });
      expectObservable(forkAsCompleted([factory, factory], { each: 3 })).toBe(
        '---#',
        undefined,
        expect.anything(),
      );
      flush();
      const reasons = signals.map((signal) => signal.reason as DOMException);
      expect(reasons.map(({ name, message }) => ({ name, message }))).toEqual([
        {
          name: 'TimeoutError',
          message:
            'forkAsCompletedSettled: input 0 timed out at its own deadline (each: 2 ms from its start)',
        },
        {
          name: 'TimeoutError',
          message: 'forkAsCompleted: input 0 timed out at its own deadline (each: 3 ms from its start)',
        },
        { name: 'AbortError', message: 'forkAsCompleted: input 0 timed out before this input settled' },
      ]);
      // An own deadline is no error of the input's: the others' reason has no cause.
      expect('cause' in reasons[2]).toBe(false);
    });
  });

  it('reports only the input at its own deadline as pending, whatever its index, at the time it fell', () => {
    testScheduler.run(({ cold, hot, expectObservable }) => {
      // Input 0 starts at 0 and input 1 at 1: input 0's own deadline comes first, with input 1 still running.
      const source = hot('ab', { a: cold('------0|'), b: cold('------1|') });
      expectObservable(source.pipe(asCompleted({ each: 3 }))).toBe(
        '---#',
        undefined,
        expect.objectContaining({ pending: [0], deadline: 3, timeout: 3 }),
      );
    });
  });

  it('starts a Promise’s clock at its arrival, even while the other inputs are queued', () => {
    testScheduler.run(({ cold, hot, expectObservable }) => {
      const pending = new Promise<never>(() => {});
      const source = hot('a-p|', { a: cold('--1|'), p: pending });
      expectObservable(
        source.pipe(asCompletedSettled<ObservableInput<string>>({ each: 4, concurrent: 1 })),
      ).toBe('---A--(P|)', {
        A: { index: 0, status: 'fulfilled', value: '1' },
        // Arrived at 2 while a held the only slot: queued, it would have started at 3 and lasted until 7.
        P: { index: 1, status: 'timeout' },
      });
    });
  });

  it('holds one timer per active input, each cleared when its input settles, and none without each', () => {
    testScheduler.run(() => {
      const inputs = Array.from({ length: 100 }, (_, i) => timer((i * 7919) % 50).pipe(map(() => i)));
      const scheduler = new TrackingScheduler();
      let results = 0;
      from(inputs)
        .pipe(asCompleted({ each: 1000, concurrent: 10, scheduler }))
        .subscribe(() => results++);
      expect(scheduler.open).toBe(10);
      testScheduler.flush();
      expect(results).toBe(100);
      expect(scheduler.actions).toHaveLength(100);
      expect(scheduler.open).toBe(0);

      const without = new TrackingScheduler();
      from(inputs)
        .pipe(asCompleted({ scheduler: without }))
        .subscribe();
      testScheduler.flush();
      expect(without.actions).toHaveLength(0);
    });
  });

  it('takes a fraction of a millisecond for each, as the deadline does', () => {
    expect(() => asCompleted({ each: 2.5 })).not.toThrow();
    expect(() => asCompleted({ each: Infinity })).not.toThrow();
  });

  it('throws at call time for each that is not a positive number', () => {
    expect(() => asCompleted({ each: 0 })).toThrow(
      new RangeError('asCompleted: each must be a positive number of milliseconds or Infinity; got 0'),
    );
    expect(() => forkAsCompleted([], { each: '5' as unknown as number })).toThrow(
      new TypeError(
        'forkAsCompleted: each must be a positive number of milliseconds or Infinity; got a string ("5")',
      ),
    );
  });
});
