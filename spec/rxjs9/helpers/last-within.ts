import { EmptyError, TimeoutError } from 'rxjs';
import { create } from 'rxjs/create';

/** What a {@link lastWithin} timeout error carries as its `meta`. */
export interface Deadline {
  readonly deadline: number;
}

/**
 * The source's last value, or a `TimeoutError` when the source has not completed `ms` after
 * subscription. A small operator written the way rxjs 9 writes its own (see `timeout.js` and `last.js`
 * in rxjs/dist/esm): the result is built by the source's `[create]`, so it has the source's lifecycle
 * (a ColdObservable stays cold); the upstream is subscribed with the subscriber's signal, so it is
 * torn down with it; the host timer is cleared through `addTeardown`; the deadline is read from the
 * host clock. These are the pieces the asCompleted adapter needs, tested here under virtual time.
 */
export function lastWithin<T>(ms: number): (source: Observable<T>) => Observable<T> {
  return (source) =>
    source[create]<T>((subscriber) => {
      const deadline = Date.now() + ms;
      let seen = 0;
      let lastValue: T | null = null;
      const timer = setTimeout(() => {
        subscriber.error(new TimeoutError<T, Deadline>({ lastValue, meta: { deadline }, seen }));
      }, ms);
      subscriber.addTeardown(() => clearTimeout(timer));
      source.subscribe(
        {
          next: (value) => {
            seen++;
            lastValue = value;
          },
          error: (error: unknown) => subscriber.error(error),
          complete: () => {
            if (seen === 0) {
              subscriber.error(new EmptyError());
            } else {
              subscriber.next(lastValue as T);
              subscriber.complete();
            }
          },
        },
        { signal: subscriber.signal },
      );
    });
}
