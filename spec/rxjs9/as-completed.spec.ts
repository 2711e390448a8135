import { EmptyError, TimeoutError } from 'rxjs';
import { pipe } from 'rxjs/pipe';
import {
  asCompleted,
  asCompletedSettled,
  AsCompletedTimeoutError,
  forkAsCompleted,
  forkAsCompletedSettled,
} from 'rxjs-as-completed/rxjs9';
import { marbleTest } from './helpers/marble-test';
import { countTimers } from './helpers/timers';

/** The error asCompleted fails with at a deadline `timeout` frames after subscription at frame 0. */
const timeoutError = (
  pending: number[],
  emitted: number,
  timeout: number,
  names: string,
  sourceOpen = false,
): AsCompletedTimeoutError =>
  new AsCompletedTimeoutError(
    pending,
    emitted,
    timeout,
    timeout,
    `asCompleted timed out ${timeout} ms after subscription: ${emitted} emitted, ${pending.length} pending (${names})` +
      (sourceOpen ? '; the source had not completed' : ''),
  );

describe('asCompleted (rxjs 9)', () => {
  it('emits each last value in completion order and completes after the source and every input', async () => {
    await marbleTest(({ cold, expectObservable, expectSubscriptions }) => {
      // prettier-ignore
      const a = cold('    ------1|    ');
      const b = cold('       -2|      ');
      const source = cold('-a--b---|   ', { a, b });
      const expected = '   ------2-(1|)';
      expectObservable(source[pipe](asCompleted())).toBe(expected);
      expectSubscriptions(source.subscriptions).toBe('^-------!');
      expectSubscriptions(a.subscriptions).toBe('-^------!');
      expectSubscriptions(b.subscriptions).toBe('----^-!');
    });
  });

  it('errors with the first input error and tears down the source and every other input', async () => {
    await marbleTest(({ cold, expectObservable, expectSubscriptions }) => {
      // prettier-ignore
      const a = cold('    --------1|  ');
      const b = cold('      --#       ');
      const source = cold('a-b-------|  ', { a, b });
      const expected = '   ----#       ';
      expectObservable(source[pipe](asCompleted(100))).toBe(expected);
      expectSubscriptions(source.subscriptions).toBe('^---!');
      expectSubscriptions(a.subscriptions).toBe('     ^---!');
      expectSubscriptions(b.subscriptions).toBe('     --^-!');
    });
  });

  it('errors at the deadline with an rxjs 9 TimeoutError naming the pending inputs, and tears everything down', async () => {
    await marbleTest(({ cold, expectObservable, expectSubscriptions }) => {
      // prettier-ignore
      const a = cold('    ---1|      ');
      const b = cold('    ---------2|');
      const source = cold('(ab)------|  ', { a, b });
      const expected = '   ----1#      ';
      const subs = '       ^----!      ';
      const error = timeoutError([1], 1, 5, 'input 1', true);
      expectObservable(source[pipe](asCompleted(5))).toBe(expected, { 1: '1' }, error);
      expectSubscriptions(source.subscriptions).toBe(subs);
      expectSubscriptions(a.subscriptions).toBe('^---!');
      expectSubscriptions(b.subscriptions).toBe(subs);
    });
  });

  it('gives its timeout error the rxjs 9 TimeoutError info and class', async () => {
    let caught: unknown;
    await marbleTest(({ schedule }) => {
      schedule(() => {
        forkAsCompleted([new Observable<number>(() => undefined)], 3).subscribe({
          error: (e) => (caught = e),
        });
      });
    });
    expect(caught).toBeInstanceOf(TimeoutError);
    expect(caught).toMatchObject({ name: 'TimeoutError', info: { meta: null, seen: 0, lastValue: null } });
  });

  it('lets a result that arrives at exactly the deadline lose to it', async () => {
    await marbleTest(({ cold, expectObservable }) => {
      const source = Observable.from([cold('-----(x|)')]);
      expectObservable(source[pipe](asCompleted(5))).toBe(
        '-----#',
        undefined,
        timeoutError([0], 0, 5, 'input 0'),
      );
    });
  });

  it('measures a Date deadline on the virtual clock, and gives the deadline as epoch milliseconds', async () => {
    await marbleTest(
      ({ cold, expectObservable }) => {
        const source = Observable.from([cold('--------x|')]);
        const error = new AsCompletedTimeoutError(
          [0],
          0,
          1_000_004,
          4,
          'asCompleted timed out 4 ms after subscription: 0 emitted, 1 pending (input 0)',
        );
        expectObservable(source[pipe](asCompleted(new Date(1_000_004)))).toBe('----#', undefined, error);
      },
      { startTime: 1_000_000 },
    );
  });

  it('fails an input that completes without a value with an EmptyError naming it', async () => {
    await marbleTest(({ cold, expectObservable }) => {
      const error = new EmptyError();
      error.message = 'asCompleted: input 1 completed without a value';
      const source = Observable.from([cold('----a|'), cold('--|')]);
      expectObservable(source[pipe](asCompleted())).toBe('--#', undefined, error);
    });
  });

  it('subscribes at most `concurrent` inputs at once, the others in arrival order as slots free', async () => {
    await marbleTest(({ cold, expectObservable, expectSubscriptions }) => {
      // prettier-ignore
      const a = cold('--a|     ');
      const b = cold('----b|   ');
      const c = cold('-c|      ');
      const expected = '---a-(bc|)';
      expectObservable(forkAsCompleted([a, b, c], { concurrent: 2 })).toBe(expected);
      expectSubscriptions(a.subscriptions).toBe('^--!    ');
      expectSubscriptions(b.subscriptions).toBe('^----!  ');
      expectSubscriptions(c.subscriptions).toBe('---^-!  ');
    });
  });

  it('tears down every input, the source and the timer when the consumer unsubscribes', async () => {
    await marbleTest(({ observable, cold, expectObservable, expectSubscriptions, schedule }) => {
      const timers = countTimers();
      // prettier-ignore
      const a = cold('     -----1|');
      const b = cold('       ------2|');
      const source = observable('a-b------|', { a, b });
      const unsub = '            ^---!     ';
      expectObservable(source[pipe](asCompleted(50)), unsub).toBe('');
      expectSubscriptions(source.subscriptions).toBe(unsub);
      expectSubscriptions(a.subscriptions).toBe(unsub);
      expectSubscriptions(b.subscriptions).toBe('--^-!');
      schedule(() => expect(timers).toMatchObject({ set: 1, active: 1 }), 3);
      schedule(() => expect(timers).toMatchObject({ set: 1, active: 0 }), 5);
    });
  });

  it('clears its timer when it completes, and sets none without a deadline or for an empty source', async () => {
    await marbleTest(({ cold, expectObservable, schedule }) => {
      const timers = countTimers();
      expectObservable(Observable.from([cold('--x|')])[pipe](asCompleted(10))).toBe('---(x|)');
      expectObservable(Observable.from([cold('--y|')])[pipe](asCompleted())).toBe('---(y|)');
      expectObservable(Observable.from([])[pipe](asCompleted(10))).toBe('|');
      schedule(() => expect(timers).toMatchObject({ set: 1, active: 0 }), 4);
    });
  });

  it('takes Promises settled in virtual time, async iterables and arrays', async () => {
    await marbleTest(({ expectObservable }) => {
      const later = new Promise<string>((resolve) => setTimeout(() => resolve('p'), 4));
      async function* generate(): AsyncGenerator<string> {
        await Promise.resolve();
        yield 'g';
      }
      expectObservable(forkAsCompleted([later, generate(), ['x', 'y']])).toBe('(yg)(p|)');
    });
  });

  it('gives each subscriber of a cold source its own run', async () => {
    await marbleTest(({ cold, expectObservable, expectSubscriptions }) => {
      const input = cold('---x|');
      const source = cold('i|', { i: input });
      const output = source[pipe](asCompleted(10));
      expectObservable(output).toBe('----(x|)');
      expectObservable(output, '-^-----').toBe('-----(x|)');
      expectSubscriptions(input.subscriptions).toBe(['^---!', '-^---!']);
    });
  });

  it('shares one run, its inputs and its deadline among subscribers that join a platform source while it is active', async () => {
    await marbleTest(({ observable, cold, expectObservable, expectSubscriptions }) => {
      const input = cold('---x|');
      const slow = cold('---------y|');
      const source = observable('(is|)', { i: input, s: slow });
      const output = source[pipe](asCompleted(6));
      const error = timeoutError([1], 1, 6, 'input 1');
      expectObservable(output).toBe('----x-#', { x: 'x' }, error);
      // Joins at frame 2: the run that started at 0, one deadline for both; no replay of what came before.
      expectObservable(output, '--^---').toBe('----x-#', { x: 'x' }, error);
      expectSubscriptions(input.subscriptions).toBe('^---!');
      expectSubscriptions(source.subscriptions).toBe('(^!)');
    });
  });

  it('returns from forkAsCompleted a platform Observable, whose concurrent subscribers share one run', async () => {
    let calls = 0;
    await marbleTest(({ cold, expectObservable, expectSubscriptions }) => {
      const input = cold('---x|');
      const factory = (): Observable<string> => {
        calls++;
        return input;
      };
      const output = forkAsCompleted([factory]);
      expectObservable(output).toBe('----(x|)');
      expectObservable(output, '-^---').toBe('----(x|)');
      expectSubscriptions(input.subscriptions).toBe('^---!');
    });
    expect(calls).toBe(1);
  });

  it('starts a new run for a subscriber that comes after the shared one ended', async () => {
    await marbleTest(({ observable, cold, expectObservable, expectSubscriptions }) => {
      const input = cold('--x|');
      const output = observable('i|', { i: input })[pipe](asCompleted());
      expectObservable(output).toBe('---(x|)');
      expectObservable(output, '----^').toBe('-------(x|)');
      expectSubscriptions(input.subscriptions).toBe(['^--!', '----^--!']);
    });
  });

  it('refuses a string input at run time, saying what to pass instead', async () => {
    let caught: unknown;
    await marbleTest(() => {
      forkAsCompleted(['/users' as never]).subscribe({ error: (e) => (caught = e) });
    });
    expect(caught).toBeInstanceOf(TypeError);
    expect((caught as Error).message).toContain(
      'forkAsCompleted: input 0 must be an ObservableInput, not a string ("/users")',
    );
  });

  it('errors with a TypeError that keeps what Observable.from threw as its cause', async () => {
    let caught: unknown;
    await marbleTest(() => {
      forkAsCompleted({ user: { subscribe() {} } as never }).subscribe({ error: (e) => (caught = e) });
    });
    expect(caught).toBeInstanceOf(TypeError);
    expect(caught).toMatchObject({
      message: 'forkAsCompleted: input "user" (index 0) must be an ObservableInput; got an object',
      cause: expect.any(TypeError) as unknown,
    });
  });

  it('reports no timeout error when the consumer unsubscribes while the deadline tears the inputs down', async () => {
    // The factory's abort listener ends the subscription inside the teardown that precedes the timeout
    // error: a platform Subscriber would report an error it receives once closed.
    await marbleTest(({ schedule }) => {
      const consumer = new AbortController();
      const received: string[] = [];
      const input = (signal: AbortSignal): Observable<string> => {
        signal.addEventListener('abort', () => consumer.abort());
        return new Observable<string>(() => undefined);
      };
      forkAsCompleted([input], 5).subscribe(
        { error: () => received.push('error'), complete: () => received.push('complete') },
        { signal: consumer.signal },
      );
      schedule(
        () => expect({ received, aborted: consumer.signal.aborted }).toEqual({ received: [], aborted: true }),
        6,
      );
    });
  });

  it('reports nothing when the consumer unsubscribes in its next handler while a failing input follows', async () => {
    await marbleTest(({ schedule }) => {
      const failing = new Observable<number>((subscriber) => subscriber.error(new Error('late')));
      const controller = new AbortController();
      const seen: number[] = [];
      schedule(() => {
        forkAsCompleted([Observable.from([1]), failing]).subscribe(
          {
            next: (value) => {
              seen.push(value);
              controller.abort();
            },
          },
          { signal: controller.signal },
        );
      });
      schedule(() => expect(seen).toEqual([1]), 1);
    });
  });
});

describe('where rxjs 9 differs', () => {
  it('leaves to the platform an input that errors while it is torn down: reported, unlike in rxjs 7', async () => {
    // The input's own closed Subscriber reports the error (reportError), before anything reaches the
    // operator; rxjs 7 drops a notification after unsubscription.
    const run = marbleTest(({ cold, expectObservable }) => {
      const failure = new Error('down');
      const erringOnAbort = new Observable<string>((subscriber) => {
        subscriber.signal.addEventListener('abort', () => subscriber.error(new Error('error on abort')));
      });
      expectObservable(forkAsCompleted([erringOnAbort, cold('-#', undefined, failure)])).toBe(
        '-#',
        undefined,
        failure,
      );
    });
    await expect(run).rejects.toThrow('error on abort');
  });

  it('refuses an rxjs 7 Observable as an input, which Observable.from does not take', async () => {
    let caught: unknown;
    const legacy = { subscribe: () => ({ unsubscribe: () => undefined }) };
    await marbleTest(() => {
      forkAsCompleted([legacy as never]).subscribe({ error: (e) => (caught = e) });
    });
    expect(caught).toMatchObject({
      message: expect.stringContaining('input 0 must be an ObservableInput') as unknown,
    });
  });
});

describe('asCompleted argument checks (rxjs 9)', () => {
  it('throws at call time for a bad timeout, concurrent or unknown option, as the main entry does', () => {
    expect(() => asCompleted('5s' as never)).toThrow(
      new TypeError(
        'asCompleted: timeout must be a number of milliseconds, a Date or null; got a string ("5s")',
      ),
    );
    expect(() => asCompletedSettled(Number.NaN)).toThrow(RangeError);
    expect(() => forkAsCompleted([], { concurrent: 0 })).toThrow(RangeError);
    expect(() => forkAsCompletedSettled({}, { concurrent: 1.5 })).toThrow(RangeError);
  });

  it('has no scheduler option: rxjs 9 has no schedulers', () => {
    expect(() => asCompleted({ timeout: 5, scheduler: {} } as never)).toThrow(
      new TypeError(
        'asCompleted: unknown option "scheduler"; the options are timeout, concurrent, each, signal',
      ),
    );
  });

  it('refuses inputs that are neither an array nor a dictionary', () => {
    expect(() => forkAsCompleted(Observable.from([]) as never)).toThrow(TypeError);
    expect(() => forkAsCompletedSettled(Promise.resolve(1) as never)).toThrow(
      /must be an array or a dictionary of inputs/,
    );
  });
});

describe('errors in production logs (rxjs 9)', () => {
  const never = (): Observable<never> => new Observable<never>(() => undefined);

  it('makes a timeout error whose stack opens with its name and message, with the keys of the pending inputs', async () => {
    let caught: unknown;
    await marbleTest(({ cold }) => {
      forkAsCompleted({ user: never(), feed: cold('-f|'), ads: never() }, 4).subscribe({
        error: (error: unknown) => (caught = error),
      });
    });
    expect(caught).toBeInstanceOf(AsCompletedTimeoutError);
    expect(caught).toBeInstanceOf(TimeoutError);
    const error = caught as AsCompletedTimeoutError;
    expect(error.name).toBe('TimeoutError');
    expect(error.stack?.split('\n')[0]).toBe(
      'TimeoutError: forkAsCompleted timed out 4 ms after subscription: 1 emitted, 2 pending (input "user" (index 0), input "ads" (index 2))',
    );
    expect({ pending: error.pending, pendingKeys: error.pendingKeys }).toEqual({
      pending: [0, 2],
      pendingKeys: ['user', 'ads'],
    });
  });

  it('gives null pendingKeys for a list of inputs or a source', async () => {
    const errors: AsCompletedTimeoutError[] = [];
    await marbleTest(() => {
      const error = (caught: AsCompletedTimeoutError): number => errors.push(caught);
      forkAsCompleted([never()], 4).subscribe({ error });
      Observable.from([never()])[pipe](asCompleted(4)).subscribe({ error });
    });
    expect(errors.map(({ pendingKeys }) => pendingKeys)).toEqual([null, null]);
  });

  it('says that a factory returned undefined, and that a bigint timeout is a bigint', async () => {
    let caught: unknown;
    await marbleTest(() => {
      forkAsCompleted({ user: (() => undefined) as never }).subscribe({ error: (e) => (caught = e) });
    });
    expect(caught).toBeInstanceOf(TypeError);
    expect((caught as Error).message).toBe(
      'forkAsCompleted: the factory of input "user" (index 0) must return an ObservableInput; it returned undefined (is its `return` missing?)',
    );
    expect(() => asCompleted(5000n as never)).toThrow(
      new TypeError(
        'asCompleted: timeout must be a number of milliseconds, a Date or null; got a bigint (5000n)',
      ),
    );
  });
});

describe('factory inputs (rxjs 9)', () => {
  it('are called with a signal when subscribed, and aborted with a TimeoutError at the deadline', async () => {
    const reasons: unknown[] = [];
    let calls = 0;
    await marbleTest(({ cold, expectObservable }) => {
      const factory = (signal: AbortSignal): Observable<string> => {
        calls++;
        signal.addEventListener('abort', () => reasons.push(signal.reason));
        return cold('--------x|');
      };
      expectObservable(forkAsCompleted([factory, () => cold('-y|')], 4)).toBe(
        '--y-#',
        undefined,
        new AsCompletedTimeoutError(
          [0],
          1,
          4,
          4,
          'forkAsCompleted timed out 4 ms after subscription: 1 emitted, 1 pending (input 0)',
        ),
      );
    });
    expect(calls).toBe(1);
    expect(reasons).toEqual([expect.objectContaining({ name: 'TimeoutError' })]);
    expect(reasons[0]).toBeInstanceOf(DOMException);
  });

  it('are aborted with an AbortError when the consumer unsubscribes, and never after they settled', async () => {
    const reasons: string[] = [];
    await marbleTest(({ cold, expectObservable }) => {
      const factory =
        (marbles: string, name: string) =>
        (signal: AbortSignal): Observable<string> => {
          signal.addEventListener('abort', () =>
            reasons.push(`${name}: ${(signal.reason as DOMException).name}`),
          );
          return cold(marbles);
        };
      const output = forkAsCompletedSettled([factory('-a|', 'a'), factory('------b|', 'b')]);
      expectObservable(output, '^---!').toBe('--a', { a: { index: 0, status: 'fulfilled', value: 'a' } });
    });
    expect(reasons).toEqual(['b: AbortError']);
  });
});

describe('asCompletedSettled (rxjs 9)', () => {
  it('emits a record per input, goes on after a failing input, and ends with timeout records', async () => {
    await marbleTest(({ cold, expectObservable }) => {
      const failure = new Error('down');
      const source = Observable.from([cold('---a|'), cold('-#', undefined, failure), cold('--------c|')]);
      expectObservable(source[pipe](asCompletedSettled(5))).toBe('-R--F(T|)', {
        R: { index: 1, status: 'rejected', error: failure },
        F: { index: 0, status: 'fulfilled', value: 'a' },
        T: { index: 2, status: 'timeout' },
      });
    });
  });

  it('carries the key of a dictionary input in its records', async () => {
    await marbleTest(({ cold, expectObservable }) => {
      expectObservable(forkAsCompletedSettled({ user: cold('--u|'), feed: cold('-f|') })).toBe('--F(U|)', {
        F: { index: 1, key: 'feed', status: 'fulfilled', value: 'f' },
        U: { index: 0, key: 'user', status: 'fulfilled', value: 'u' },
      });
    });
  });
});
