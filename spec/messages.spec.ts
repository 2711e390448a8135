import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import {
  asyncScheduler,
  EmptyError,
  EMPTY,
  from,
  NEVER,
  of,
  Subject,
  TimeoutError,
  type ObservableInput,
} from 'rxjs';
import {
  asCompleted,
  asCompletedSettled,
  AsCompletedTimeoutError,
  forkAsCompleted,
  forkAsCompletedSettled,
  type SettledRecord,
} from '../src';
import { createTestScheduler } from './helpers/test-scheduler';
import { TestScheduler } from 'rxjs/testing';

/** The error an Observable errored with, subscribing synchronously; fails the spec if there is none. */
function errorOf(output: { subscribe(observer: { error(error: unknown): void }): unknown }): Error {
  let caught: unknown;
  output.subscribe({ error: (error: unknown) => (caught = error) });
  expect(caught).toBeInstanceOf(Error);
  return caught as Error;
}

function thrownBy(call: () => unknown): Error {
  try {
    call();
  } catch (error) {
    expect(error).toBeInstanceOf(Error);
    return error as Error;
  }
  throw new Error('expected the call to throw');
}

describe('messages', () => {
  describe('a string given as an input', () => {
    it('errors the output with a TypeError naming its index and saying what to pass instead', () => {
      const error = errorOf(of('/a', '/bc').pipe(asCompleted() as never));
      expect(error).toBeInstanceOf(TypeError);
      expect(error.message).toBe(
        'asCompleted: input 0 must be an ObservableInput, not a string ("/a"), which would emit its characters; ' +
          'to request a URL, pass a request, such as (signal) => fetch(url, { signal })',
      );
    });

    it('names a dictionary input by its key', () => {
      const inputs = { user: of(1), url: '/a' } as unknown as Record<string, ObservableInput<number>>;
      const error = errorOf(forkAsCompletedSettled(inputs));
      expect(error).toBeInstanceOf(TypeError);
      expect(error.message).toMatch(
        /^forkAsCompletedSettled: input "url" \(index 1\) must be an ObservableInput, not a string/,
      );
    });

    it('still takes an array of strings, whose values are the strings', () => {
      const values: string[] = [];
      forkAsCompleted([['a', 'b']]).subscribe((value) => values.push(value));
      expect(values).toEqual(['b']);
    });
  });

  describe('an unknown option', () => {
    const calls: [string, (options: object) => unknown][] = [
      ['asCompleted', (options) => asCompleted(options)],
      ['asCompletedSettled', (options) => asCompletedSettled(options)],
      ['forkAsCompleted', (options) => forkAsCompleted([NEVER], options)],
      ['forkAsCompletedSettled', (options) => forkAsCompletedSettled([NEVER], options)],
    ];

    it.each(calls)(
      'throws a TypeError from %s at call time, naming the key and the one it resembles',
      (name, call) => {
        const error = thrownBy(() => call({ timeOut: 5 }));
        expect(error).toBeInstanceOf(TypeError);
        expect(error.message).toBe(
          `${name}: unknown option "timeOut" (did you mean "timeout"?); the options are timeout, concurrent, each, signal, scheduler`,
        );
      },
    );

    it('is what an object with a schedule method but no now is: not taken for a scheduler', () => {
      const error = thrownBy(() => asCompleted({ schedule: () => undefined } as object));
      expect(error).toBeInstanceOf(TypeError);
      expect(error.message).toBe(
        'asCompleted: unknown option "schedule" (did you mean "scheduler"?); the options are timeout, concurrent, each, signal, scheduler',
      );
    });

    it('is what an object with a now method but no schedule is: not taken for a scheduler', () => {
      const error = thrownBy(() => asCompleted({ now: () => 0 } as object));
      expect(error).toBeInstanceOf(TypeError);
      expect(error.message).toBe(
        'asCompleted: unknown option "now"; the options are timeout, concurrent, each, signal, scheduler',
      );
    });

    it('lists the options when the key resembles none', () => {
      expect(thrownBy(() => asCompleted({ retries: 3 } as object)).message).toBe(
        'asCompleted: unknown option "retries"; the options are timeout, concurrent, each, signal, scheduler',
      );
      expect(thrownBy(() => asCompleted({ concurency: 3 } as object)).message).toContain(
        '(did you mean "concurrent"?)',
      );
    });
  });

  describe('the timeout', () => {
    it('names the export that was called, and the pending inputs by key', () => {
      createTestScheduler().run(({ cold, flush }) => {
        const output = forkAsCompleted({ user: cold('-u|'), feed: NEVER, ads: NEVER }, 5);
        let caught: unknown;
        output.subscribe({ error: (error: unknown) => (caught = error) });
        flush();
        expect(caught).toBeInstanceOf(AsCompletedTimeoutError);
        expect((caught as Error).message).toBe(
          'forkAsCompleted timed out 5 ms after subscription: 1 emitted, 2 pending (input "feed" (index 1), input "ads" (index 2))',
        );
      });
    });

    it('says when the deadline had passed at subscription, with no negative duration', () => {
      createTestScheduler().run(({ flush }) => {
        const errors: Error[] = [];
        forkAsCompleted([NEVER], new Date(-5001)).subscribe({ error: (error: Error) => errors.push(error) });
        forkAsCompleted([NEVER], -20).subscribe({ error: (error: Error) => errors.push(error) });
        flush();
        expect(errors.map((error) => error.message)).toEqual([
          'forkAsCompleted timed out at once: its deadline had passed at subscription: 0 emitted, 1 pending (input 0)',
          'forkAsCompleted timed out at once: its deadline had passed at subscription: 0 emitted, 1 pending (input 0)',
        ]);
        expect((errors[0] as AsCompletedTimeoutError).timeout).toBe(-5001);
      });
    });

    it('says that the source had not completed, when every input was done but the source was still open', () => {
      createTestScheduler().run(({ cold, flush }) => {
        const requests = new Subject<ObservableInput<string>>();
        let caught: unknown;
        requests.pipe(asCompleted(10)).subscribe({ error: (error: unknown) => (caught = error) });
        requests.next(cold('-a|'));
        flush();
        expect((caught as Error).message).toBe(
          'asCompleted timed out 10 ms after subscription: 1 emitted, 0 pending; the source had not completed',
        );
      });
    });
  });

  describe('the timeout error in a log', () => {
    /** The timeout error of forkAsCompleted over `inputs`, at a deadline of 5 frames. */
    function timeoutOf(inputs: readonly ObservableInput<unknown>[]): AsCompletedTimeoutError {
      let caught: unknown;
      createTestScheduler().run(({ flush }) => {
        forkAsCompleted(inputs, 5).subscribe({ error: (error: unknown) => (caught = error) });
        flush();
      });
      expect(caught).toBeInstanceOf(AsCompletedTimeoutError);
      return caught as AsCompletedTimeoutError;
    }

    it('has a stack that opens with its name and message, and its frames where it was made', () => {
      const error = timeoutOf([NEVER]);
      expect(error.stack?.split('\n')[0]).toBe(
        'TimeoutError: forkAsCompleted timed out 5 ms after subscription: 0 emitted, 1 pending (input 0)',
      );
      // Not inside rxjs's error class, which made the first stack.
      expect(error.stack?.split('\n')[1]).not.toMatch(/createErrorClass|TimeoutError/);
    });

    it('opens with its message in util.inspect, as console.error prints it in Node', () => {
      // In a Node process of its own: util.inspect tells errors of its own realm, which Jest's sandbox is not.
      const script = [
        "const { inspect } = require('node:util');",
        "const { NEVER } = require('rxjs');",
        "const { forkAsCompleted } = require('./src');",
        'forkAsCompleted({ user: NEVER }, 0).subscribe({ error: (error) => console.log(inspect(error)) });',
      ].join('\n');
      const { stdout, stderr } = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], {
        cwd: join(__dirname, '..'),
        encoding: 'utf8',
      });
      expect(stderr).toBe('');
      const lines = stdout.split('\n');
      // Node names the class, and the error's name when they differ, before the message.
      expect(lines[0]).toMatch(
        /^AsCompletedTimeoutError( \[TimeoutError\])?: forkAsCompleted timed out at once: its deadline had passed at subscription: 0 emitted, 1 pending \(input "user" \(index 0\)\)$/,
      );
      expect(lines[1]).toMatch(/^ {4}at /);
      expect(lines).toContain("  pendingKeys: [ 'user' ],");
    });

    it('stays an rxjs TimeoutError named TimeoutError, with its fields', () => {
      const error = timeoutOf([NEVER, of(1)]);
      expect(error).toBeInstanceOf(TimeoutError);
      expect(error).toBeInstanceOf(Error);
      expect(error.name).toBe('TimeoutError');
      expect(error.info).toEqual({ meta: null, seen: 1, lastValue: null });
      expect({ pending: error.pending, emitted: error.emitted, timeout: error.timeout }).toEqual({
        pending: [0],
        emitted: 1,
        timeout: 5,
      });
    });

    it('has the stack of its message when constructed directly too', () => {
      const error = new AsCompletedTimeoutError([1], 0, 1000, 10);
      expect(error.stack?.split('\n')[0]).toBe(
        'TimeoutError: timed out 10 ms after subscription: 0 emitted, 1 pending',
      );
    });
  });

  describe('pendingKeys', () => {
    it('holds the keys of the pending inputs of a dictionary, in the order of pending', () => {
      createTestScheduler().run(({ cold, flush }) => {
        let caught: unknown;
        forkAsCompleted({ user: NEVER, feed: cold('--f|'), ads: NEVER, tags: cold('-t|') }, 5).subscribe({
          error: (error: unknown) => (caught = error),
        });
        flush();
        const { pending, pendingKeys } = caught as AsCompletedTimeoutError;
        expect(pending).toEqual([0, 2]);
        expect(pendingKeys).toEqual(['user', 'ads']);
      });
    });

    it('is null for a list of inputs and for a source of inputs', () => {
      createTestScheduler().run(({ flush }) => {
        const errors: AsCompletedTimeoutError[] = [];
        const error = (caught: AsCompletedTimeoutError): number => errors.push(caught);
        forkAsCompleted([NEVER], 5).subscribe({ error });
        of(NEVER).pipe(asCompleted(5)).subscribe({ error });
        flush();
        expect(errors.map(({ pending, pendingKeys }) => ({ pending, pendingKeys }))).toEqual([
          { pending: [0], pendingKeys: null },
          { pending: [0], pendingKeys: null },
        ]);
      });
    });

    it('is null when the error is constructed without it', () => {
      expect(new AsCompletedTimeoutError([1], 0, 1000, 10).pendingKeys).toBeNull();
    });

    it('has its parallel in the settled flavour: each timeout record of a dictionary carries its key', () => {
      createTestScheduler().run(({ cold, expectObservable }) => {
        const output = forkAsCompletedSettled({ user: NEVER, feed: cold('--f|'), ads: NEVER }, 5);
        expectObservable(output).toBe('---f-(ua|)', {
          f: { index: 1, key: 'feed', status: 'fulfilled', value: 'f' },
          u: { index: 0, key: 'user', status: 'timeout' },
          a: { index: 2, key: 'ads', status: 'timeout' },
        });
      });
    });
  });

  describe('a factory that returns no input', () => {
    it('says that the factory returned undefined, and asks whether its return is missing', () => {
      const forgotReturn = ((): void => {}) as unknown as () => ObservableInput<number>;
      const error = errorOf(forkAsCompleted([of(1), forgotReturn]));
      expect(error).toBeInstanceOf(TypeError);
      expect(error.message).toBe(
        'forkAsCompleted: the factory of input 1 must return an ObservableInput; it returned undefined (is its `return` missing?)',
      );
    });

    it('says what it returned instead, naming a dictionary input by its key', () => {
      const error = errorOf(forkAsCompleted({ user: () => null as unknown as ObservableInput<number> }));
      expect(error.message).toBe(
        'forkAsCompleted: the factory of input "user" (index 0) must return an ObservableInput; it returned null',
      );
    });

    it('does not advise a factory that returned a string to pass a request: it is one', () => {
      const returnsAUrl = (() => '/a') as unknown as () => ObservableInput<string>;
      const error = errorOf(from([returnsAUrl]).pipe(asCompleted()));
      expect(error.message).toBe(
        'asCompleted: the factory of input 0 must return an ObservableInput, not a string ("/a"), which would emit its characters',
      );
    });
  });

  describe('arguments named by their type', () => {
    it('calls a bigint timeout a bigint, not the number it looks like', () => {
      const error = thrownBy(() => asCompleted(5000n as unknown as number));
      expect(error).toBeInstanceOf(TypeError);
      expect(error.message).toBe(
        'asCompleted: timeout must be a number of milliseconds, a Date or null; got a bigint (5000n)',
      );
    });

    it('calls a bigint concurrent a bigint, with a TypeError', () => {
      const error = thrownBy(() => forkAsCompleted([NEVER], { concurrent: 4n as unknown as number }));
      expect(error).toBeInstanceOf(TypeError);
      expect(error.message).toBe(
        'forkAsCompleted: concurrent must be a positive integer or Infinity; got a bigint (4n)',
      );
    });

    it.each([
      ['an AsyncScheduler', asyncScheduler],
      ['a TestScheduler', new TestScheduler(() => undefined)],
    ])('says that %s given as the options is a scheduler, and how to give it', (kind, scheduler) => {
      const error = thrownBy(() => asCompletedSettled(scheduler as unknown as number));
      expect(error).toBeInstanceOf(TypeError);
      expect(error.message).toBe(
        `asCompletedSettled: options must be a timeout or a config object; got ${kind}, a scheduler: give it as { scheduler }`,
      );
    });
  });

  it('names an input that completed without a value, by key, keeping the EmptyError class', () => {
    const records: SettledRecord<never>[] = [];
    forkAsCompletedSettled({ user: EMPTY }).subscribe((record) => records.push(record));
    const { error } = records[0] as { error: unknown };
    expect(error).toBeInstanceOf(EmptyError);
    expect((error as Error).message).toBe(
      'forkAsCompletedSettled: input "user" (index 0) completed without a value',
    );
  });

  describe('values named by kind', () => {
    it.each([
      ['a Promise', Promise.resolve(5000)],
      ['a Map', new Map()],
      ['a Set', new Set()],
      ['an Array', [5000]],
      ['an object', Object.create(null) as object],
    ])('calls %s given as the timeout that', (kind, timeout) => {
      const error = thrownBy(() => forkAsCompleted([NEVER], { timeout: timeout as unknown as number }));
      expect(error).toBeInstanceOf(TypeError);
      expect(error.message).toBe(
        `forkAsCompleted: timeout must be a number of milliseconds, a Date or null; got ${kind}`,
      );
    });

    it('calls a Map given as the inputs a Map', () => {
      const error = thrownBy(() => forkAsCompleted(new Map() as never));
      expect(error.message).toMatch(
        /^forkAsCompleted: inputs must be an array or a dictionary of inputs .*; got a Map$/,
      );
    });
  });

  /** An object whose every property read throws `trap`. */
  const unreadable = (trap: Error): ObservableInput<string> =>
    new Proxy(
      {},
      {
        get: () => {
          throw trap;
        },
      },
    ) as ObservableInput<string>;

  it('keeps what from() threw as the cause of the TypeError', () => {
    const trap = new Error('property trap');
    const hostile = unreadable(trap);
    const error = errorOf(from([hostile]).pipe(asCompleted()));
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toBe('asCompleted: input 0 must be an ObservableInput; got an object');
    expect((error as { cause?: unknown }).cause).toBe(trap);
  });

  it('names the factory and keeps the cause when what it returned cannot be read', () => {
    const trap = new Error('property trap');
    const hostile = unreadable(trap);
    const error = errorOf(from([() => hostile]).pipe(asCompleted()));
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toBe(
      'asCompleted: the factory of input 0 must return an ObservableInput; it returned an object',
    );
    expect((error as { cause?: unknown }).cause).toBe(trap);
  });

  it('gives no cause to what a factory returned when its kind alone rules it out', () => {
    const error = errorOf(from([(() => () => 1) as never]).pipe(asCompleted()));
    expect(error.message).toBe(
      'asCompleted: the factory of input 0 must return an ObservableInput; it returned a function',
    );
    expect('cause' in error).toBe(false);
  });
});
