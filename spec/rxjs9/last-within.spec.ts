import { EmptyError, TimeoutError } from 'rxjs';
import { pipe } from 'rxjs/pipe';
import { lastWithin } from './helpers/last-within';
import { marbleTest } from './helpers/marble-test';

/** The timeout error lastWithin fails with, as Jest compares it (its `info` included). */
const timeoutError = (lastValue: string | null, seen: number, deadline: number): TimeoutError =>
  new TimeoutError({ lastValue, meta: { deadline }, seen });

describe('lastWithin (a local rxjs 9 operator under @rxjs/test virtual time)', () => {
  it('emits the last value when the source completes before the deadline', async () => {
    await marbleTest(({ cold, expectObservable, expectSubscriptions }) => {
      // prettier-ignore
      const source = cold('-a-b-|      ');
      const subs = '       ^----!      ';
      const expected = '   -----(b|)   ';
      expectObservable(source[pipe](lastWithin(10))).toBe(expected);
      expectSubscriptions(source.subscriptions).toBe(subs);
    });
  });

  it('errors with a TimeoutError at the deadline and tears the source down', async () => {
    await marbleTest(({ cold, expectObservable, expectSubscriptions }) => {
      // prettier-ignore
      const source = cold('-a--------b|');
      const subs = '       ^----!      ';
      const expected = '   -----#      ';
      expectObservable(source[pipe](lastWithin(5))).toBe(expected, undefined, timeoutError('a', 1, 5));
      expectSubscriptions(source.subscriptions).toBe(subs);
    });
  });

  it('fails the test when the error differs from the expected one in its info only', async () => {
    const run = marbleTest(({ cold, expectObservable }) => {
      const source = cold('-a--------b|');
      expectObservable(source[pipe](lastWithin(5))).toBe('-----#', undefined, timeoutError('a', 2, 5));
    });
    await expect(run).rejects.toThrow('toEqual');
  });

  it('lets the timer win a tie with the source, having scheduled it first', async () => {
    await marbleTest(({ cold, expectObservable }) => {
      // prettier-ignore
      const source = cold('-a---|');
      const expected = '   -----#';
      expectObservable(source[pipe](lastWithin(5))).toBe(expected, undefined, timeoutError('a', 1, 5));
    });
  });

  it('errors with EmptyError when the source completes without a value', async () => {
    await marbleTest(({ cold, expectObservable }) => {
      expectObservable(cold('---|')[pipe](lastWithin(10))).toBe('---#', undefined, new EmptyError());
    });
  });

  it('reads the deadline from the virtual Date, which starts at startTime', async () => {
    await marbleTest(
      ({ cold, expectObservable }) => {
        const source = cold('-a--------b|');
        expectObservable(source[pipe](lastWithin(5))).toBe(
          '-----#',
          undefined,
          timeoutError('a', 1, 1_000_005),
        );
      },
      { startTime: 1_000_000 },
    );
  });

  it('clears its timer when the consumer unsubscribes', async () => {
    // On a platform source the result is a platform Observable, whose closed Subscriber reports a late
    // error (rxTest fails the test on it); a ColdObservable's Subscriber would drop it silently.
    await marbleTest(({ observable, expectObservable, expectSubscriptions }) => {
      // prettier-ignore
      const source = observable('-a-------|');
      const unsub = '            ^--!      ';
      expectObservable(source[pipe](lastWithin(5)), unsub).toBe('');
      expectSubscriptions(source.subscriptions).toBe(unsub);
    });
  });

  it('gives each subscriber its own run on a cold source, the result being cold too', async () => {
    await marbleTest(({ cold, expectObservable, expectSubscriptions }) => {
      // prettier-ignore
      const source = cold('-a-b-|       ');
      const result = source[pipe](lastWithin(10));
      expectObservable(result).toBe('   -----(b|)    ');
      expectObservable(result, '        --^          ').toBe('-------(b|)');
      expectSubscriptions(source.subscriptions).toBe(['^----!', '--^----!']);
    });
  });

  it('shares one run between concurrent subscribers on a platform source', async () => {
    await marbleTest(({ observable, expectObservable, expectSubscriptions }) => {
      // prettier-ignore
      const source = observable('-a-b-|     ');
      const result = source[pipe](lastWithin(10));
      expectObservable(result).toBe('       -----(b|)  ');
      expectObservable(result, '            --^        ').toBe('-----(b|)');
      expectSubscriptions(source.subscriptions).toBe('^----!');
    });
  });

  it('takes the values of a hot source from its subscription on', async () => {
    await marbleTest(({ hot, expectObservable }) => {
      // prettier-ignore
      const source = hot('--a-^-b---|');
      const expected = '       ------(b|)';
      expectObservable(source[pipe](lastWithin(10))).toBe(expected);
    });
  });

  it('takes a Promise settling on a virtual timer, through Observable.from', async () => {
    await marbleTest(({ expectObservable }) => {
      const answer = new Promise<number>((resolve) => setTimeout(() => resolve(42), 30));
      const late = new Promise<number>((resolve) => setTimeout(() => resolve(43), 30));
      expectObservable(Observable.from(answer)[pipe](lastWithin(50))).toBe('30ms (x|)', { x: 42 });
      expectObservable(Observable.from(late)[pipe](lastWithin(20))).toBe(
        '20ms #',
        undefined,
        timeoutError(null, 0, 20),
      );
    });
  });
});
