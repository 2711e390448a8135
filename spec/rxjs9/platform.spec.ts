import { EmptyError, TimeoutError } from 'rxjs';
import { pipe } from 'rxjs/pipe';
import { rxTest } from '@rxjs/test';
import { marbleTest } from './helpers/marble-test';

/*
 * The rxjs 9 platform as an operator meets it: what the asCompleted adapter relies on, checked against
 * the installed rxjs 9, @rxjs/observable-polyfill and @rxjs/test.
 */

/** Subscribes and records every notification; returns the log and the controller that cancels. */
function record<T>(observable: Observable<T>): { log: string[]; controller: AbortController } {
  const log: string[] = [];
  const controller = new AbortController();
  observable.subscribe(
    {
      next: (value) => log.push(`next ${String(value)}`),
      error: (error: unknown) => log.push(`error ${error instanceof Error ? error.message : String(error)}`),
      complete: () => log.push('complete'),
    },
    { signal: controller.signal },
  );
  return { log, controller };
}

describe('the platform Observable (rxjs 9)', () => {
  it('runs its initializer synchronously on subscribe, and subscribe returns undefined', () => {
    const log: string[] = [];
    const observable = new Observable<number>((subscriber) => {
      log.push(`init, active ${subscriber.active}`);
      subscriber.next(1);
      subscriber.complete();
      log.push(`after complete, active ${subscriber.active}`);
    });
    log.push('before subscribe');
    const returned: unknown = observable.subscribe({ next: (value) => log.push(`next ${value}`) });
    expect(returned).toBeUndefined();
    expect(log).toEqual(['before subscribe', 'init, active true', 'next 1', 'after complete, active false']);
  });

  it('sends an error thrown by the initializer to the observer', () => {
    const { log } = record(
      new Observable(() => {
        throw new Error('thrown');
      }),
    );
    expect(log).toEqual(['error thrown']);
  });

  it('aborts the producer signal first, then runs teardowns in reverse order, without completing', () => {
    const steps: string[] = [];
    const observable = new Observable((subscriber) => {
      subscriber.signal.addEventListener('abort', () =>
        steps.push(`signal: ${String(subscriber.signal.reason)}`),
      );
      subscriber.addTeardown(() => steps.push('teardown 1'));
      subscriber.addTeardown(() => steps.push('teardown 2'));
    });
    const { log, controller } = record(observable);
    controller.abort('cancelled');
    expect(steps).toEqual(['signal: cancelled', 'teardown 2', 'teardown 1']);
    expect(log).toEqual([]);
  });

  it('shares one producer between concurrent subscribers and starts a new one after the last has left', () => {
    let producers = 0;
    const observable = new Observable<string>((subscriber) => {
      const producer = ++producers;
      subscriber.next(`first of ${producer}`);
      subscriber.addTeardown(() => subscriber.next('never seen'));
    });
    const a = record(observable);
    const b = record(observable);
    expect({ producers, a: a.log, b: b.log }).toEqual({ producers: 1, a: ['next first of 1'], b: [] });
    a.controller.abort();
    b.controller.abort();
    const c = record(observable);
    expect({ producers, c: c.log }).toEqual({ producers: 2, c: ['next first of 2'] });
  });
});

describe('Observable.from (rxjs 9)', () => {
  it('delivers an iterable synchronously', () => {
    expect(record(Observable.from(new Set([1, 2]))).log).toEqual(['next 1', 'next 2', 'complete']);
  });

  it('delivers a Promise after a microtask', async () => {
    const { log } = record(Observable.from(Promise.resolve('p')));
    expect(log).toEqual([]);
    await Promise.resolve();
    expect(log).toEqual(['next p', 'complete']);
  });

  it('delivers an async iterable', async () => {
    async function* values(): AsyncGenerator<number> {
      yield await Promise.resolve(1);
      yield 2;
    }
    const { log } = record(Observable.from(values()));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(log).toEqual(['next 1', 'next 2', 'complete']);
  });

  it('returns an Observable as it is', () => {
    const observable = new Observable(() => undefined);
    expect(Observable.from(observable)).toBe(observable);
  });

  it.each([
    ['a string', 'ab'],
    ['a function', () => 1],
    ['null', null],
    ['an object with a subscribe method', { subscribe: () => undefined }],
  ])('throws a TypeError synchronously for %s', (_label, input) => {
    expect(() => Observable.from(input as never)).toThrow(TypeError);
  });
});

describe('[pipe] (rxjs 9)', () => {
  it('applies plain functions from left to right', () => {
    const double = (source: Observable<number>): Observable<number> => source.map((value) => value * 2);
    const result = Observable.from([1, 2])[pipe](double, (doubled) => doubled.map(String));
    expect(record(result).log).toEqual(['next 2', 'next 4', 'complete']);
  });

  it('converts its first argument with Observable.from when used statically', () => {
    const result = Observable[pipe]([1, 2], (source) => source.map((value) => value + 1));
    expect(record(result).log).toEqual(['next 2', 'next 3', 'complete']);
  });
});

describe('rxjs 9 errors', () => {
  it('builds TimeoutError with an optional info, and EmptyError without arguments', () => {
    expect(new TimeoutError()).toMatchObject({
      name: 'TimeoutError',
      message: 'Timeout has occurred',
      info: null,
    });
    const info = { lastValue: null, meta: null, seen: 0 };
    expect(new TimeoutError(info).info).toBe(info);
    expect(new EmptyError()).toMatchObject({ name: 'EmptyError', message: 'no elements in sequence' });
  });

  it('lets a subclass of TimeoutError stay an instance of it', () => {
    class DeadlineError extends TimeoutError<unknown, null> {
      constructor(readonly pending: readonly number[]) {
        super({ lastValue: null, meta: null, seen: 0 });
        this.message = `pending ${pending.join()}`;
      }
    }
    const error = new DeadlineError([2]);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ name: 'TimeoutError', message: 'pending 2', pending: [2] });
  });
});

describe('rxTest virtual time (@rxjs/test)', () => {
  it('fakes setTimeout, Date.now() and performance.now() in the callback, and restores them', async () => {
    const realSetTimeout = globalThis.setTimeout;
    const seen: number[][] = [];
    await rxTest(
      ({ schedule }) => {
        expect(globalThis.setTimeout).not.toBe(realSetTimeout);
        schedule(() => {
          seen.push([Date.now(), performance.now()]);
        }, 7);
        setTimeout(() => seen.push([Date.now(), performance.now()]), 60_000);
      },
      { startTime: 1_000 },
    );
    expect(seen).toEqual([
      [1_007, 7],
      [61_000, 60_000],
    ]);
    expect(globalThis.setTimeout).toBe(realSetTimeout);
  });

  it('fails the test with an error reported by a closed platform Subscriber', async () => {
    const run = rxTest(() => {
      new Observable((subscriber) => {
        subscriber.complete();
        subscriber.error(new Error('late'));
      }).subscribe({});
    });
    await expect(run).rejects.toThrow('late');
  });

  it('fails the test when an observation never ends and no unsubscription is drawn', async () => {
    const run = marbleTest(({ cold, expectObservable }) => {
      expectObservable(cold('-a-')).toBe('-a-');
    });
    await expect(run).rejects.toThrow('open observation');
  });
});
