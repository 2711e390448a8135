import { config, from, NEVER, Observable, Subject, type ObservableInput } from 'rxjs';
import {
  asCompleted,
  asCompletedSettled,
  forkAsCompleted,
  forkAsCompletedSettled,
  type SettledRecord,
} from '../src';
import { createTestScheduler } from './helpers/test-scheduler';

/** Values that are not ObservableInputs, as a caller could pass them by mistake, typed as inputs. */
const notInputs: [string, unknown, string][] = [
  ['null', null, 'got null'],
  ['undefined', undefined, 'got undefined'],
  ['a number', 42, 'got 42'],
  ['NaN', NaN, 'got NaN'],
  ['a boolean', true, 'got true'],
  ['a symbol', Symbol('input'), 'got Symbol(input)'],
  ['a bigint', 10n, 'got a bigint (10n)'],
  ['a plain object', {}, 'got an object'],
  ['an object without a prototype', Object.create(null) as unknown, 'got an object'],
  ['an object whose `then` is not a function', { then: 42 }, 'got an object'],
];

const expected = 'must be an ObservableInput';

describe('hostile inputs', () => {
  let testScheduler: ReturnType<typeof createTestScheduler>;

  beforeEach(() => {
    testScheduler = createTestScheduler();
  });

  describe.each(notInputs)('%s as an input', (_name, notInput, described) => {
    it('errors asCompleted with a TypeError naming its index, and tears down the inputs before it', () => {
      testScheduler.run(({ cold, hot, expectObservable, expectSubscriptions }) => {
        const a = cold('-----1|');
        const b = cold('-----2|');
        const c = cold('--3|');
        const source = hot('abcx--|', { a, b, c, x: notInput as ObservableInput<string> });
        const error = new TypeError(`asCompleted: input 3 ${expected}; ${described}`);

        expectObservable(source.pipe(asCompleted())).toBe('---#', undefined, error);
        expectSubscriptions(source.subscriptions).toBe('^--!');
        expectSubscriptions(a.subscriptions).toBe('^--!');
        expectSubscriptions(b.subscriptions).toBe('-^-!');
        expectSubscriptions(c.subscriptions).toBe('--^!');
      });
    });

    it('errors asCompletedSettled too, after the records it had emitted', () => {
      testScheduler.run(({ cold, hot, expectObservable }) => {
        const a = cold('-1|');
        const source = hot('a--x--|', { a, x: notInput as ObservableInput<string> });
        const error = new TypeError(`asCompletedSettled: input 1 ${expected}; ${described}`);

        expectObservable(source.pipe(asCompletedSettled())).toBe(
          '--A#',
          { A: { index: 0, status: 'fulfilled', value: '1' } },
          error,
        );
      });
    });

    it('errors when a queued input turns out to be bad, naming its index, at the moment it is subscribed', () => {
      testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
        const a = cold('--1|');
        const b = cold('----2|');
        const inputs = [a, b, notInput as ObservableInput<string>];
        const error = new TypeError(`forkAsCompleted: input 2 ${expected}; ${described}`);

        expectObservable(forkAsCompleted(inputs, { concurrent: 2 })).toBe('---(1#)', undefined, error);
        expectSubscriptions(b.subscriptions).toBe('^--!');
      });
    });

    it('errors forkAsCompletedSettled given a dictionary, naming the input by its key and index', () => {
      const errors: unknown[] = [];
      forkAsCompletedSettled({ first: NEVER, second: notInput as ObservableInput<string> }).subscribe({
        error: (error: unknown) => errors.push(error),
      });
      expect(errors).toEqual([
        new TypeError(`forkAsCompletedSettled: input "second" (index 1) ${expected}; ${described}`),
      ]);
    });
  });

  describe('inputs that fail when rxjs subscribes to them', () => {
    const broken: [string, ObservableInput<string>, RegExp][] = [
      [
        'an iterable whose iterator throws',
        {
          [Symbol.iterator]: () => {
            throw new Error('iterator failed');
          },
        },
        /iterator failed/,
      ],
      [
        'an Observable whose subscribe throws',
        new Observable<string>(() => {
          throw new Error('subscribe failed');
        }),
        /subscribe failed/,
      ],
    ];

    it.each(broken)('errors asCompleted through the error channel for %s', (_name, input, message) => {
      const errors: unknown[] = [];
      expect(() =>
        from([NEVER, input])
          .pipe(asCompleted())
          .subscribe({ error: (e: unknown) => errors.push(e) }),
      ).not.toThrow();
      expect(errors).toEqual([
        expect.objectContaining({ message: expect.stringMatching(message) as unknown }),
      ]);
    });

    it.each(broken)('rejects only that input in asCompletedSettled for %s', (_name, input, message) => {
      const records: SettledRecord<string>[] = [];
      from([input, ['ok']])
        .pipe(asCompletedSettled())
        .subscribe((record) => records.push(record));
      expect(records).toEqual([
        {
          index: 0,
          status: 'rejected',
          error: expect.objectContaining({ message: expect.stringMatching(message) as unknown }) as unknown,
        },
        { index: 1, status: 'fulfilled', value: 'ok' },
      ]);
    });
  });

  describe('an input that throws on any property access', () => {
    const trap = (): never => {
      throw new Error('property trap');
    };
    const hostile = (): ObservableInput<string> =>
      new Proxy({}, { get: trap, has: trap, getPrototypeOf: trap }) as ObservableInput<string>;

    // The operator catches what `from` throws, then describes the input for its TypeError; describing
    // this input throws again, from inside the catch, out of the source's `next`. With rxjs 7 the
    // exception reaches whoever called `next` (a cold source's subscribe turns it into an error, but
    // not the TypeError); with rxjs 8 it is reported as unhandled. Either way, the output never errors.
    const runWith = async (
      emit: (subject: Subject<ObservableInput<string>>) => void,
    ): Promise<{ thrown: unknown; reported: unknown[]; errors: unknown[]; observed: boolean }> => {
      const reported: unknown[] = [];
      config.onUnhandledError = (error) => reported.push(error);
      try {
        const source = new Subject<ObservableInput<string>>();
        const errors: unknown[] = [];
        source.pipe(asCompleted()).subscribe({ error: (error: unknown) => errors.push(error) });
        let thrown: unknown = undefined;
        try {
          emit(source);
        } catch (error) {
          thrown = error;
        }
        // rxjs 8 reports unhandled errors through a real setTimeout.
        await new Promise((resolve) => setTimeout(resolve, 0));
        return { thrown, reported, errors, observed: source.observed };
      } finally {
        config.onUnhandledError = null;
      }
    };
    const namingIndexOne = expect.objectContaining({
      name: 'TypeError',
      message: expect.stringContaining('input 1 ') as unknown,
    }) as unknown;

    it('errors the output with a TypeError naming its index, and throws nothing at the source', async () => {
      const outcome = await runWith((source) => {
        source.next(NEVER);
        source.next(hostile());
      });
      expect(outcome).toEqual({
        thrown: undefined,
        reported: [],
        errors: [namingIndexOne],
        observed: false,
      });
    });

    it('does the same when a cold source emits it', async () => {
      const outcome = await runWith((source) => from([NEVER, hostile()]).subscribe(source));
      expect(outcome).toEqual({ thrown: undefined, reported: [], errors: [namingIndexOne], observed: false });
    });
  });
});

describe('hostile arguments', () => {
  const operators: [string, (options: unknown) => unknown][] = [
    ['asCompleted', (options) => asCompleted(options as number)],
    ['asCompletedSettled', (options) => asCompletedSettled(options as number)],
    ['forkAsCompleted', (options) => forkAsCompleted([NEVER], options as number)],
    ['forkAsCompletedSettled', (options) => forkAsCompletedSettled({ a: NEVER }, options as number)],
  ];

  const badOptions: [string, unknown, ErrorConstructor, RegExp][] = [
    ['a NaN timeout', NaN, RangeError, /timeout must be a number of milliseconds or a valid Date; got NaN/],
    [
      'a NaN timeout in a config',
      { timeout: NaN },
      RangeError,
      /timeout must be a number of milliseconds or a valid Date; got NaN/,
    ],
    [
      'a string timeout',
      '5000',
      TypeError,
      /timeout must be a number of milliseconds, a Date or null; got a string \("5000"\)/,
    ],
    ['a string timeout in a config', { timeout: '5000' }, TypeError, /got a string \("5000"\)/],
    [
      'an invalid Date',
      new Date('not a date'),
      RangeError,
      /timeout must be a number of milliseconds or a valid Date; got an invalid Date/,
    ],
    [
      'an invalid Date in a config',
      { timeout: new Date(NaN) },
      RangeError,
      /timeout must be a number of milliseconds or a valid Date; got an invalid Date/,
    ],
    [
      'concurrent: -1',
      { concurrent: -1 },
      RangeError,
      /concurrent must be a positive integer or Infinity; got -1/,
    ],
    [
      'concurrent: 0',
      { concurrent: 0 },
      RangeError,
      /concurrent must be a positive integer or Infinity; got 0/,
    ],
    ['concurrent: -Infinity', { concurrent: -Infinity }, RangeError, /got -Infinity/],
    ['concurrent: 0.5', { concurrent: 0.5 }, RangeError, /got 0\.5/],
    [
      'concurrent: null',
      { concurrent: null },
      TypeError,
      /concurrent must be a positive integer or Infinity; got null/,
    ],
    ['concurrent: "4"', { concurrent: '4' }, TypeError, /got a string \("4"\)/],
    [
      'a scheduler without schedule()',
      { scheduler: { now: () => 0 } },
      TypeError,
      /scheduler must be a SchedulerLike/,
    ],
  ];

  describe.each(operators)('%s', (name, call) => {
    it.each(badOptions)(
      'throws at call time for %s, saying what it expected',
      (_case, options, type, message) => {
        let thrown: unknown;
        try {
          call(options);
        } catch (error) {
          thrown = error;
        }
        expect(thrown).toBeInstanceOf(type);
        expect((thrown as Error).message).toMatch(message);
        expect((thrown as Error).message.startsWith(`${name}: `)).toBe(true);
      },
    );
  });
});
