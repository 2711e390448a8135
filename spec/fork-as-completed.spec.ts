import { of, type ObservableInput } from 'rxjs';
import { forkAsCompleted, forkAsCompletedSettled } from '../src';
import { createTestScheduler, timeoutError, TrackingScheduler } from './helpers/test-scheduler';

describe('forkAsCompleted', () => {
  let testScheduler: ReturnType<typeof createTestScheduler>;

  beforeEach(() => {
    testScheduler = createTestScheduler();
  });

  it('emits the results of an array of inputs in completion order', () => {
    testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const a = cold('-----1|');
      const b = cold('--2|');
      const c = cold('---------3|');
      expectObservable(forkAsCompleted([a, b, c], 8)).toBe(
        '---2--1-#',
        undefined,
        timeoutError({ pending: [2] }),
      );
      expectSubscriptions(c.subscriptions).toBe('^-------!');
    });
  });

  it('emits the results of a dictionary of inputs in completion order', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      const result = forkAsCompleted({ user: cold('---u|'), feed: cold('-f|') });
      expectObservable(result).toBe('--f-(u|)');
    });
  });

  it('subscribes to nothing until subscribed, and again on each subscription', () => {
    testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const a = cold('-1|');
      const result = forkAsCompleted([a]);
      expectObservable(result).toBe('--(1|)');
      expectObservable(result, '---^').toBe('-----(1|)');
      expectSubscriptions(a.subscriptions).toBe(['^-!', '---^-!']);
    });
  });

  it('completes an empty array or dictionary at once and schedules no timer', () => {
    testScheduler.run(({ expectObservable }) => {
      const scheduler = new TrackingScheduler();
      expectObservable(forkAsCompleted([], { timeout: 5, scheduler })).toBe('|');
      expectObservable(forkAsCompleted({}, { timeout: 5, scheduler })).toBe('|');
      testScheduler.flush();
      expect(scheduler.actions).toHaveLength(0);
    });
  });

  it('reads the array when called, so later changes to it do not count', () => {
    testScheduler.run(({ expectObservable }) => {
      const inputs: ObservableInput<number>[] = [of(1)];
      const result = forkAsCompleted(inputs);
      inputs.push(of(2));
      expectObservable(result).toBe('(1|)', { 1: 1 });
    });
  });

  it('throws a TypeError at call time for inputs that are neither an array nor a dictionary', () => {
    const observable = of(of(1)) as unknown as ObservableInput<number>[];
    expect(() => forkAsCompleted(observable)).toThrow(TypeError);
    expect(() => forkAsCompleted(observable)).toThrow(
      /forkAsCompleted: inputs must be an array or a dictionary/,
    );
    expect(() => forkAsCompleted(null as unknown as [])).toThrow(TypeError);
    expect(() => forkAsCompleted(new Set([of(1)]) as unknown as [])).toThrow(TypeError);
    expect(() => forkAsCompleted(Promise.resolve(1) as unknown as [])).toThrow(TypeError);
  });

  it('throws at call time for bad options, naming itself', () => {
    expect(() => forkAsCompleted([of(1)], NaN)).toThrow(/^forkAsCompleted: timeout/);
  });
});

describe('forkAsCompletedSettled', () => {
  let testScheduler: ReturnType<typeof createTestScheduler>;

  beforeEach(() => {
    testScheduler = createTestScheduler();
  });

  it('emits a record per input of an array, in completion order, without keys', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      const result = forkAsCompletedSettled([cold('---1|'), cold('-#', undefined, 'boom')]);
      expectObservable(result).toBe('-B--(A|)', {
        A: { index: 0, status: 'fulfilled', value: '1' },
        B: { index: 1, status: 'rejected', error: 'boom' },
      });
    });
  });

  it('emits records that carry the key of each input of a dictionary', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      const result = forkAsCompletedSettled(
        { user: cold('---u|'), feed: cold('-#', undefined, 'down'), ads: cold('--------a|') },
        5,
      );
      expectObservable(result).toBe('-F--U(A|)', {
        U: { index: 0, key: 'user', status: 'fulfilled', value: 'u' },
        F: { index: 1, key: 'feed', status: 'rejected', error: 'down' },
        A: { index: 2, key: 'ads', status: 'timeout' },
      });
    });
  });

  it('gives a key written as a number as the string Object.keys reads, in its order, and reads no symbol key', () => {
    testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const meta = cold('m|');
      const result = forkAsCompletedSettled({
        total: cold('---3|'),
        2025: cold('-#', undefined, 'late'),
        2024: cold('--r|'),
        [Symbol('meta')]: meta,
      });
      expectObservable(result).toBe('-B-A(T|)', {
        A: { index: 0, key: '2024', status: 'fulfilled', value: 'r' },
        B: { index: 1, key: '2025', status: 'rejected', error: 'late' },
        T: { index: 2, key: 'total', status: 'fulfilled', value: '3' },
      });
      expectSubscriptions(meta.subscriptions).toBe([]);
    });
  });

  it('throws at call time for bad inputs or options, naming itself', () => {
    expect(() => forkAsCompletedSettled('abc' as unknown as [])).toThrow(/^forkAsCompletedSettled: inputs/);
    expect(() => forkAsCompletedSettled([], { concurrent: -1 })).toThrow(
      /^forkAsCompletedSettled: concurrent/,
    );
  });
});
