import { of } from 'rxjs';
import type { TestScheduler } from 'rxjs/testing';
import { asCompletedEntries, forkAsCompletedEntries } from '../src';
import { createTestScheduler, timeoutError } from './helpers/test-scheduler';

describe('asCompletedEntries and forkAsCompletedEntries', () => {
  let testScheduler: TestScheduler;

  beforeEach(() => {
    testScheduler = createTestScheduler();
  });

  it('emits each result with the index of its input in the source, in completion order', () => {
    testScheduler.run(({ cold, hot, expectObservable }) => {
      // prettier-ignore
      const a = cold( '-------1|');
      // prettier-ignore
      const b = cold(    '--2|');
      const source = hot('-a--b-----|', { a, b });
      const expected = '  -------B-A|';

      expectObservable(source.pipe(asCompletedEntries())).toBe(expected, {
        A: { index: 0, value: '1' },
        B: { index: 1, value: '2' },
      });
    });
  });

  it('emits a dictionary’s results with their key and index', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      const user = cold('-----u|');
      const feed = cold('--f|');
      expectObservable(forkAsCompletedEntries({ user, feed })).toBe('---F--(U|)', {
        F: { index: 1, key: 'feed', value: 'f' },
        U: { index: 0, key: 'user', value: 'u' },
      });
    });
  });

  it('gives a key written as a number as the string Object.keys reads, and reads no symbol key', () => {
    testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const meta = cold('m|');
      const statuses = { 500: cold('-e|'), 404: cold('---n|'), [Symbol('meta')]: meta };
      expectObservable(forkAsCompletedEntries(statuses)).toBe('--E-(N|)', {
        E: { index: 1, key: '500', value: 'e' },
        N: { index: 0, key: '404', value: 'n' },
      });
      expectSubscriptions(meta.subscriptions).toBe([]);
    });
  });

  it('fails as forkAsCompleted does: at the first error, and at the deadline with the pending keys', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      expectObservable(forkAsCompletedEntries([of(1), cold('--#', undefined, 'boom')])).toBe(
        'A-#',
        { A: { index: 0, value: 1 } },
        'boom',
      );
      expectObservable(forkAsCompletedEntries({ fast: of(1), slow: cold('-----s|') }, 3)).toBe(
        'F--#',
        { F: { index: 0, key: 'fast', value: 1 } },
        timeoutError({ pending: [1], emitted: 1, timeout: 3 }),
      );
    });
  });

  it('names itself in its messages', () => {
    expect(() => forkAsCompletedEntries(of(1) as never)).toThrow(/^forkAsCompletedEntries: inputs must be/);
    expect(() => asCompletedEntries({ each: -1 })).toThrow(/^asCompletedEntries: each must be/);
  });
});
