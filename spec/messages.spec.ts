import { EmptyError, EMPTY, from, NEVER, of, Subject, type ObservableInput } from 'rxjs';
import {
  asCompleted,
  asCompletedSettled,
  AsCompletedTimeoutError,
  forkAsCompleted,
  forkAsCompletedSettled,
  type SettledRecord,
} from '../src';
import { createTestScheduler } from './helpers/test-scheduler';

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
          `${name}: unknown option "timeOut" (did you mean "timeout"?); the options are timeout, concurrent, scheduler`,
        );
      },
    );

    it('lists the options when the key resembles none', () => {
      expect(thrownBy(() => asCompleted({ retries: 3 } as object)).message).toBe(
        'asCompleted: unknown option "retries"; the options are timeout, concurrent, scheduler',
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

  it('keeps what from() threw as the cause of the TypeError', () => {
    const trap = new Error('property trap');
    const hostile = new Proxy(
      {},
      {
        get: () => {
          throw trap;
        },
      },
    ) as ObservableInput<string>;
    const error = errorOf(from([hostile]).pipe(asCompleted()));
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toBe('asCompleted: input 0 must be an ObservableInput; got an object');
    expect((error as { cause?: unknown }).cause).toBe(trap);
  });
});
