import { NEVER, type Observable, of } from 'rxjs';
import {
  asCompleted,
  asCompletedEntries,
  AsCompletedTimeoutError,
  createTimeoutError,
  forkAsCompleted,
  forkAsCompletedEntries,
} from '../src';
import { createTestScheduler } from './helpers/test-scheduler';

/** Everything a timeout error carries, for a comparison that `toEqual` on errors (message and class) would not make. */
function fieldsOf(error: unknown): Record<string, unknown> {
  const { name, message, pending, pendingKeys, emitted, deadline, timeout } =
    error as AsCompletedTimeoutError;
  return {
    class: (error as object).constructor,
    name,
    message,
    pending,
    pendingKeys,
    emitted,
    deadline,
    timeout,
    info: (error as AsCompletedTimeoutError).info,
  };
}

/** The error `output` fails with, in virtual time. */
function failure(output: () => Observable<unknown>): unknown {
  let caught: unknown;
  createTestScheduler().run(() => output().subscribe({ error: (error: unknown) => (caught = error) }));
  return caught;
}

describe('createTimeoutError', () => {
  it('equals the operator’s error, field for field, for a source that completed', () => {
    const actual = failure(() => of(of('a'), NEVER, NEVER).pipe(asCompleted(5)));
    expect(fieldsOf(actual)).toEqual(
      fieldsOf(createTimeoutError({ caller: 'asCompleted', pending: [1, 2], emitted: 1, timeout: 5 })),
    );
  });

  it('equals the operator’s error when its source had not completed', () => {
    const actual = failure(() => NEVER.pipe(asCompletedEntries(7)));
    expect(fieldsOf(actual)).toEqual(
      fieldsOf(
        createTimeoutError({
          caller: 'asCompletedEntries',
          pending: [],
          emitted: 0,
          timeout: 7,
          sourceOpen: true,
        }),
      ),
    );
  });

  it('equals the error of a dictionary, whose inputs it names by key', () => {
    const actual = failure(() =>
      forkAsCompleted({ user: of(1), feed: NEVER, ads: NEVER, news: NEVER, more: NEVER }, 3),
    );
    const expected = createTimeoutError({
      caller: 'forkAsCompleted',
      pending: [1, 2, 3, 4],
      emitted: 1,
      timeout: 3,
      keys: ['user', 'feed', 'ads', 'news', 'more'],
    });
    expect(fieldsOf(actual)).toEqual(fieldsOf(expected));
    expect(expected.pendingKeys).toEqual(['feed', 'ads', 'news', 'more']);
  });

  it('equals the error of an input that passed its own deadline (each)', () => {
    const actual = failure(() =>
      forkAsCompletedEntries({ user: of(1), feed: NEVER }, { timeout: 50, each: 4 }),
    );
    const expected = createTimeoutError({
      caller: 'forkAsCompletedEntries',
      pending: [1],
      emitted: 1,
      timeout: 4,
      keys: ['user', 'feed'],
      own: true,
    });
    expect(fieldsOf(actual)).toEqual(fieldsOf(expected));
  });

  it('equals the error of a deadline already past at subscription', () => {
    const actual = failure(() => forkAsCompleted([NEVER], 0));
    expect(fieldsOf(actual)).toEqual(
      fieldsOf(createTimeoutError({ caller: 'forkAsCompleted', pending: [0], emitted: 0, timeout: 0 })),
    );
  });

  it('takes the deadline where the subscription was later than frame 0', () => {
    const testScheduler = createTestScheduler();
    testScheduler.run(({ cold, expectObservable }) => {
      const inputs = cold('---a|', { a: NEVER });
      const expected = createTimeoutError({
        caller: 'asCompleted',
        pending: [0],
        emitted: 0,
        timeout: 5,
        deadline: 7,
      });
      expectObservable(inputs.pipe(asCompleted(5)), '--^').toBe('-------#', undefined, expected);
    });
  });

  it('serves a marble test as its error value, as the README shows', () => {
    createTestScheduler().run(({ cold, hot, expectObservable }) => {
      const inputs = hot('a-b-|', { a: cold('-x|'), b: cold('-----y|') });
      const timedOut = createTimeoutError({ caller: 'asCompleted', pending: [1], emitted: 1, timeout: 5 });
      expectObservable(inputs.pipe(asCompleted(5))).toBe('--x--#', { x: 'x' }, timedOut);
    });
  });

  it('differs from the operator’s error when a field differs: the comparison can fail', () => {
    const actual = failure(() => forkAsCompleted([of(1), NEVER], 5));
    expect(fieldsOf(actual)).not.toEqual(
      fieldsOf(createTimeoutError({ caller: 'forkAsCompleted', pending: [1], emitted: 0, timeout: 5 })),
    );
    expect(fieldsOf(actual)).not.toEqual(
      fieldsOf(createTimeoutError({ caller: 'asCompleted', pending: [1], emitted: 1, timeout: 5 })),
    );
  });
});
