import { EmptyError, EMPTY, NEVER, of, type ObservableInput } from 'rxjs';
import { asCompletedSettled } from '../src';
import { createTestScheduler, TrackingScheduler } from './helpers/test-scheduler';

describe('asCompletedSettled', () => {
  let testScheduler: ReturnType<typeof createTestScheduler>;

  beforeEach(() => {
    testScheduler = createTestScheduler();
  });

  it('emits a fulfilled record with the input’s index and last value, in completion order', () => {
    testScheduler.run(({ cold, hot, expectObservable }) => {
      // prettier-ignore
      const a = cold(  '-----1-2|');
      // prettier-ignore
      const b = cold(    '--3|');
      const source = hot('a-b--|', { a, b });
      const expected = '  -----B--(A|)';

      expectObservable(source.pipe(asCompletedSettled())).toBe(expected, {
        A: { index: 0, status: 'fulfilled', value: '2' },
        B: { index: 1, status: 'fulfilled', value: '3' },
      });
    });
  });

  it('emits a rejected record for a failing input and goes on with the others', () => {
    testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const a = cold('------1|');
      const b = cold('-#', undefined, 'boom');
      const c = cold('---3|');
      expectObservable(of(a, b, c).pipe(asCompletedSettled())).toBe('-B--C--(A|)', {
        A: { index: 0, status: 'fulfilled', value: '1' },
        B: { index: 1, status: 'rejected', error: 'boom' },
        C: { index: 2, status: 'fulfilled', value: '3' },
      });
      expectSubscriptions(a.subscriptions).toBe('^------!');
    });
  });

  it('emits a rejected record with EmptyError for an input that completes without a value', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      expectObservable(of(cold('--|')).pipe(asCompletedSettled())).toBe('--(E|)', {
        E: {
          index: 0,
          status: 'rejected',
          error: Object.assign(new EmptyError(), {
            message: 'asCompletedSettled: input 0 completed without a value',
          }),
        },
      });
    });
  });

  it('emits a timeout record for each pending input, in index order, then completes at the deadline', () => {
    testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const a = cold('---------1|');
      const b = cold('-2|');
      const c = cold('-------3|');
      const expected = '--B--(AC|)';

      expectObservable(of(a, b, c).pipe(asCompletedSettled(5))).toBe(expected, {
        A: { index: 0, status: 'timeout' },
        B: { index: 1, status: 'fulfilled', value: '2' },
        C: { index: 2, status: 'timeout' },
      });
      expectSubscriptions(a.subscriptions).toBe('^----!');
      expectSubscriptions(c.subscriptions).toBe('^----!');
    });
  });

  it('completes at the deadline over a source that never completes, and ignores what it emits after', () => {
    testScheduler.run(({ cold, hot, expectObservable, expectSubscriptions }) => {
      // prettier-ignore
      const a = cold(    '--x|');
      // prettier-ignore
      const b = cold(        '-----y|');
      // prettier-ignore
      const c = cold(                '-z|');
      const source = hot('-a---b------c---', { a, b, c });
      const expected = '  ----A---(B|)';

      expectObservable(source.pipe(asCompletedSettled(8))).toBe(expected, {
        A: { index: 0, status: 'fulfilled', value: 'x' },
        B: { index: 1, status: 'timeout' },
      });
      expectSubscriptions(source.subscriptions).toBe('^-------!');
      expectSubscriptions(b.subscriptions).toBe('-----^--!');
      expectSubscriptions(c.subscriptions).toBe([]);
    });
  });

  it('turns a result that arrives at exactly the deadline into a timeout record', () => {
    testScheduler.run(({ cold, hot, expectObservable }) => {
      const a = cold('   ---1|');
      const b = cold('   ----#');
      const source = hot('-(ab)|', { a, b });
      expectObservable(source.pipe(asCompletedSettled(5))).toBe('-----(AB|)', {
        A: { index: 0, status: 'timeout' },
        B: { index: 1, status: 'timeout' },
      });
    });
  });

  it('emits timeout records for queued inputs after the active ones, in index order', () => {
    testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const a = cold('--------1|');
      const b = cold('-2|');
      const c = cold('--------3|');
      const d = cold('-4|');
      const result = of(a, b, c, d).pipe(asCompletedSettled({ timeout: 4, concurrent: 2 }));
      expectObservable(result).toBe('--B-(ACD|)', {
        A: { index: 0, status: 'timeout' },
        B: { index: 1, status: 'fulfilled', value: '2' },
        C: { index: 2, status: 'timeout' },
        D: { index: 3, status: 'timeout' },
      });
      expectSubscriptions(c.subscriptions).toBe('--^-!');
      expectSubscriptions(d.subscriptions).toBe([]);
    });
  });

  it('delivers synchronous records, then timeout records at once, with a timeout of 0', () => {
    testScheduler.run(({ expectObservable }) => {
      const scheduler = new TrackingScheduler();
      const result = of(of(1), NEVER, ['x', 2]).pipe(asCompletedSettled({ timeout: 0, scheduler }));
      expectObservable(result).toBe('(ACB|)', {
        A: { index: 0, status: 'fulfilled', value: 1 },
        B: { index: 1, status: 'timeout' },
        C: { index: 2, status: 'fulfilled', value: 2 },
      });
      testScheduler.flush();
      expect(scheduler.actions).toHaveLength(0);
    });
  });

  it('errors with the source’s own error and tears down every input', () => {
    testScheduler.run(({ cold, hot, expectObservable, expectSubscriptions }) => {
      const a = cold('-------1|');
      const source = hot('a---#', { a }, 'source failed');
      expectObservable(source.pipe(asCompletedSettled())).toBe('----#', undefined, 'source failed');
      expectSubscriptions(a.subscriptions).toBe('^---!');
    });
  });

  it('errors with a TypeError for an input that is not an ObservableInput', () => {
    testScheduler.run(({ expectObservable }) => {
      const bad = 42 as unknown as ObservableInput<never>;
      const error: unknown = expect.objectContaining({
        name: 'TypeError',
        message: expect.stringMatching(/^asCompletedSettled: input 0 .* got 42$/) as unknown,
      });
      expectObservable(of(bad).pipe(asCompletedSettled())).toBe('#', undefined, error);
    });
  });

  it('completes an empty source at once and schedules no timer', () => {
    testScheduler.run(({ expectObservable }) => {
      const scheduler = new TrackingScheduler();
      expectObservable(EMPTY.pipe(asCompletedSettled({ timeout: 10, scheduler }))).toBe('|');
      testScheduler.flush();
      expect(scheduler.actions).toHaveLength(0);
    });
  });

  it('tears down every input and the timer when the output is unsubscribed', () => {
    testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const scheduler = new TrackingScheduler();
      const a = cold('-1|');
      const b = cold('------2|');
      const unsub = ' ---!';
      expectObservable(of(a, b).pipe(asCompletedSettled({ timeout: 9, scheduler })), unsub).toBe('--A', {
        A: { index: 0, status: 'fulfilled', value: '1' },
      });
      expectSubscriptions(b.subscriptions).toBe('^--!');
      testScheduler.flush();
      expect(scheduler.open).toBe(0);
    });
  });

  it('throws at call time for bad arguments', () => {
    expect(() => asCompletedSettled(NaN)).toThrow(RangeError);
    expect(() => asCompletedSettled({ concurrent: 0 })).toThrow(RangeError);
    expect(() => asCompletedSettled({ timeout: '1' as unknown as number })).toThrow(/^asCompletedSettled: /);
  });
});
