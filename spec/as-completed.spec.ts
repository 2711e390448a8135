import {
  catchError,
  EmptyError,
  EMPTY,
  from,
  lastValueFrom,
  map,
  NEVER,
  Observable,
  of,
  Subject,
  take,
  throwError,
  timer,
  TimeoutError,
  type ObservableInput,
} from 'rxjs';
import { asCompleted, AsCompletedTimeoutError } from '../src';
import { createTestScheduler, timeoutError, TrackingScheduler } from './helpers/test-scheduler';

describe('asCompleted', () => {
  let testScheduler: ReturnType<typeof createTestScheduler>;

  beforeEach(() => {
    testScheduler = createTestScheduler();
  });

  describe('ordering', () => {
    it('emits each input’s last value the moment that input completes, in completion order', () => {
      testScheduler.run(({ cold, hot, expectObservable, expectSubscriptions }) => {
        // prettier-ignore
        const a = cold(        '------1|');
        // prettier-ignore
        const b = cold(           '--2|');
        // prettier-ignore
        const c = cold(              '---3|');
        const source = hot('  --a--b--c--|', { a, b, c });
        const expected = '    --------21--(3|)';

        expectObservable(source.pipe(asCompleted())).toBe(expected);
        expectSubscriptions(a.subscriptions).toBe('--^------!');
        expectSubscriptions(b.subscriptions).toBe('-----^--!');
        expectSubscriptions(c.subscriptions).toBe('--------^---!');
      });
    });

    it('emits only the last value of an input that emits several', () => {
      testScheduler.run(({ cold, expectObservable }) => {
        const a = cold('-1-2-3|');
        const b = cold('-4|');
        expectObservable(of(a, b).pipe(asCompleted())).toBe('--4---(3|)');
      });
    });

    it('emits inputs that finish in one frame in the order they finished, not in source order', () => {
      testScheduler.run(({ cold, expectObservable }) => {
        const first = new Subject<string>();
        const second = new Subject<string>();
        const source = new Observable<ObservableInput<string>>((subscriber) => {
          subscriber.next(first);
          subscriber.next(second);
          return cold('--x|').subscribe(() => {
            second.next('b');
            second.complete();
            first.next('a');
            first.complete();
            subscriber.complete();
          });
        });
        expectObservable(source.pipe(asCompleted())).toBe('--(ba|)');
      });
    });

    it('emits synchronous inputs in source order, synchronously', () => {
      const values: unknown[] = [];
      let completed = false;
      from([of(1), [2, 3], new Set([4])])
        .pipe(asCompleted())
        .subscribe({ next: (value) => values.push(value), complete: () => (completed = true) });
      expect(values).toEqual([1, 3, 4]);
      expect(completed).toBe(true);
    });

    it('keeps every input, identical ones included, and tells them apart by position', () => {
      testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
        const a = cold('--1|');
        expectObservable(of(a, a, a).pipe(asCompleted())).toBe('---(111|)');
        expectSubscriptions(a.subscriptions).toBe(['^--!', '^--!', '^--!']);
      });
    });

    it('goes on subscribing inputs the source emits after some inputs are done', () => {
      testScheduler.run(({ cold, hot, expectObservable }) => {
        const a = cold('-1|');
        const b = cold('-2|');
        const c = cold('---3|');
        const source = hot('a-----b------c-|', { a, b, c });
        expectObservable(source.pipe(asCompleted())).toBe('--1-----2--------(3|)');
      });
    });
  });

  describe('input kinds', () => {
    it('takes Promises and emits them in the order they resolve', async () => {
      const resolvers: ((value: string) => void)[] = [];
      const promises = [0, 1, 2].map(() => new Promise<string>((resolve) => resolvers.push(resolve)));
      const values: string[] = [];
      const done = new Promise<void>((resolve, reject) =>
        from(promises)
          .pipe(asCompleted())
          .subscribe({ next: (value) => values.push(value), error: reject, complete: resolve }),
      );
      resolvers[2]('c');
      await Promise.resolve();
      resolvers[0]('a');
      await Promise.resolve();
      resolvers[1]('b');
      await done;
      expect(values).toEqual(['c', 'a', 'b']);
    });

    it('errors with the rejection of a Promise input', async () => {
      const failure = new Error('nope');
      const result = from([new Promise<number>(() => undefined), Promise.reject(failure)]).pipe(
        asCompleted(),
      );
      await expect(lastValueFrom(result)).rejects.toBe(failure);
    });

    it('takes async iterables and emits their last value', async () => {
      async function* count(to: number): AsyncGenerator<number> {
        for (let i = 1; i <= to; i++) {
          await Promise.resolve();
          yield i;
        }
      }
      const values: number[] = [];
      await new Promise<void>((resolve, reject) =>
        from([count(3), count(1)])
          .pipe(asCompleted())
          .subscribe({ next: (value) => values.push(value), error: reject, complete: resolve }),
      );
      expect(values.sort()).toEqual([1, 3]);
    });
  });

  describe('errors', () => {
    it('errors with EmptyError when an input completes without a value', () => {
      testScheduler.run(({ cold, expectObservable }) => {
        const a = cold('---1|');
        const b = cold('--|');
        expectObservable(of(a, b).pipe(asCompleted())).toBe(
          '--#',
          undefined,
          Object.assign(new EmptyError(), { message: 'asCompleted: input 1 completed without a value' }),
        );
      });
    });

    it('errors on the first input error and tears down the source, every other input and the timer', () => {
      testScheduler.run(({ cold, hot, expectObservable, expectSubscriptions }) => {
        const scheduler = new TrackingScheduler();
        const a = cold('  --------1|');
        const b = cold('  ------#', undefined, 'boom');
        const c = cold('      ------3|');
        const source = hot('(ab)c------|', { a, b, c });
        const expected = '------#';

        expectObservable(source.pipe(asCompleted({ timeout: 50, scheduler }))).toBe(
          expected,
          undefined,
          'boom',
        );
        expectSubscriptions(source.subscriptions).toBe('^-----!');
        expectSubscriptions(a.subscriptions).toBe('     ^-----!');
        expectSubscriptions(b.subscriptions).toBe('     ^-----!');
        expectSubscriptions(c.subscriptions).toBe('     ----^-!');
        testScheduler.flush();
        expect(scheduler.actions).toHaveLength(1);
        expect(scheduler.open).toBe(0);
      });
    });

    it('errors with the source’s error and tears down every input', () => {
      testScheduler.run(({ cold, hot, expectObservable, expectSubscriptions }) => {
        const a = cold('-----1|');
        const source = hot('a--#', { a }, 'source failed');
        expectObservable(source.pipe(asCompleted())).toBe('---#', undefined, 'source failed');
        expectSubscriptions(a.subscriptions).toBe('^--!');
      });
    });

    it('errors with a TypeError naming the index of an input that is not an ObservableInput', () => {
      testScheduler.run(({ cold, expectObservable }) => {
        const a = cold('-1|');
        const bad = null as unknown as ObservableInput<string>;
        const error: unknown = expect.objectContaining({
          name: 'TypeError',
          message: expect.stringContaining('input 2 ') as unknown,
        });
        expectObservable(of(a, a, bad).pipe(asCompleted())).toBe('#', undefined, error);
      });
    });
  });

  describe('completion', () => {
    it('completes when the source and every input have completed', () => {
      testScheduler.run(({ cold, hot, expectObservable }) => {
        const a = cold('-1|');
        const source = hot('a------|', { a });
        expectObservable(source.pipe(asCompleted())).toBe('--1----|');
      });
    });

    it('completes an empty source at once and schedules no timer', () => {
      testScheduler.run(({ expectObservable }) => {
        const scheduler = new TrackingScheduler();
        expectObservable(EMPTY.pipe(asCompleted({ timeout: 100, scheduler }))).toBe('|');
        testScheduler.flush();
        expect(scheduler.actions).toHaveLength(0);
      });
    });

    it('cancels the timer when it completes before the deadline', () => {
      testScheduler.run(({ cold, expectObservable }) => {
        const scheduler = new TrackingScheduler();
        const a = cold('--1|');
        expectObservable(of(a).pipe(asCompleted({ timeout: 100, scheduler }))).toBe('---(1|)');
        testScheduler.flush();
        expect(scheduler.actions).toHaveLength(1);
        expect(scheduler.open).toBe(0);
      });
    });
  });

  describe('deadline', () => {
    it('errors with a TimeoutError at the deadline and tears down the source and every pending input', () => {
      testScheduler.run(({ cold, hot, expectObservable, expectSubscriptions }) => {
        const a = cold('  --1|');
        const b = cold('  ---------2|');
        const c = cold('      --------3|');
        const source = hot('(ab)c-----|', { a, b, c });
        const expected = '---1--#';

        expectObservable(source.pipe(asCompleted(6))).toBe(
          expected,
          undefined,
          timeoutError({ pending: [1, 2], emitted: 1, deadline: 6, timeout: 6 }),
        );
        expectSubscriptions(source.subscriptions).toBe('^-----!');
        expectSubscriptions(b.subscriptions).toBe('     ^-----!');
        expectSubscriptions(c.subscriptions).toBe('     ----^-!');
      });
    });

    it('lets a result that arrives at exactly the deadline lose, when the input was scheduled before the timer', () => {
      testScheduler.run(({ cold, expectObservable }) => {
        const a = cold('-----1|');
        expectObservable(of(a).pipe(asCompleted(6))).toBe(
          '------#',
          undefined,
          timeoutError({ pending: [0] }),
        );
      });
    });

    it('lets a result that arrives at exactly the deadline lose, when the timer was scheduled before the input', () => {
      testScheduler.run(({ cold, hot, expectObservable }) => {
        const a = cold('    ---1|');
        const source = hot('--a--|', { a });
        expectObservable(source.pipe(asCompleted(6))).toBe(
          '------#',
          undefined,
          timeoutError({ pending: [0] }),
        );
      });
    });

    it('lets an error that arrives at exactly the deadline lose to it', () => {
      testScheduler.run(({ cold, expectObservable }) => {
        const a = cold('---#');
        expectObservable(of(a).pipe(asCompleted(3))).toBe('---#', undefined, timeoutError({ pending: [0] }));
      });
    });

    it('delivers results one frame before the deadline', () => {
      testScheduler.run(({ cold, expectObservable }) => {
        const a = cold('----1|');
        const b = cold('-----------2|');
        expectObservable(of(a, b).pipe(asCompleted(6))).toBe(
          '-----1#',
          undefined,
          timeoutError({ pending: [1] }),
        );
      });
    });

    it('delivers synchronous results, then times out at once, with a timeout of 0', () => {
      testScheduler.run(({ cold, expectObservable }) => {
        const scheduler = new TrackingScheduler();
        const later = cold('1|');
        const result = of(of(1), later, of(2)).pipe(asCompleted({ timeout: 0, scheduler }));
        expectObservable(result).toBe('(12#)', { 1: 1, 2: 2 }, timeoutError({ pending: [1], emitted: 2 }));
        testScheduler.flush();
        expect(scheduler.actions).toHaveLength(0);
      });
    });

    it('delivers synchronous results, then times out at once, with a negative timeout', () => {
      testScheduler.run(({ cold, expectObservable }) => {
        const result = of(of('a'), cold('-b|')).pipe(asCompleted(-5));
        expectObservable(result).toBe('(a#)', undefined, timeoutError({ pending: [1], timeout: -5 }));
      });
    });

    it('completes without timing out when every input is synchronous, even with a timeout of 0', () => {
      testScheduler.run(({ expectObservable }) => {
        expectObservable(of(of('a'), ['b']).pipe(asCompleted(0))).toBe('(ab|)');
      });
    });

    it('takes the deadline as a Date on the scheduler’s clock', () => {
      testScheduler.run(({ cold, expectObservable }) => {
        const a = cold('--1|');
        const b = cold('--------2|');
        expectObservable(of(a, b).pipe(asCompleted(new Date(5)))).toBe(
          '---1-#',
          undefined,
          timeoutError({ pending: [1], deadline: 5 }),
        );
      });
    });

    it('lets a result that arrives at exactly a Date deadline lose, when the input was scheduled before the timer', () => {
      testScheduler.run(({ cold, expectObservable }) => {
        const a = cold('-----1|');
        expectObservable(of(a).pipe(asCompleted(new Date(6)))).toBe(
          '------#',
          undefined,
          timeoutError({ pending: [0], deadline: 6 }),
        );
      });
    });

    it('reports the pending inputs in index order, when a Promise arrived while Observables waited for a slot', () => {
      testScheduler.run(({ expectObservable }) => {
        const inputs: ObservableInput<never>[] = [NEVER, NEVER, new Promise<never>(() => undefined)];
        expectObservable(from(inputs).pipe(asCompleted({ timeout: 5, concurrent: 1 }))).toBe(
          '-----#',
          undefined,
          timeoutError({ pending: [0, 1, 2] }),
        );
      });
    });

    it('takes a Date in the past as a deadline that has passed at subscription', () => {
      testScheduler.run(({ cold, expectObservable }) => {
        const result = of(of(1), cold('-2|')).pipe(asCompleted(new Date(4)));
        const subscription = '----------^';
        expectObservable(result, subscription).toBe(
          '----------(1#)',
          { 1: 1 },
          timeoutError({ pending: [1], deadline: 4, timeout: -6 }),
        );
      });
    });

    it.each([
      ['undefined', undefined],
      ['null', null],
      ['Infinity', Infinity],
    ])('has no deadline and schedules no timer with %s', (_name, timeout) => {
      testScheduler.run(({ cold, expectObservable }) => {
        const scheduler = new TrackingScheduler();
        const a = cold('-------------------------------------1|');
        expectObservable(of(a).pipe(asCompleted({ timeout, scheduler }))).toBe(
          '--------------------------------------(1|)',
        );
        testScheduler.flush();
        expect(scheduler.actions).toHaveLength(0);
      });
    });

    it('waits for a deadline beyond the longest timer delay in steps, and still meets it exactly', () => {
      testScheduler.run(() => {
        const scheduler = new TrackingScheduler();
        const deadline = 2 ** 31 + 10;
        const inputs = [timer(deadline - 1).pipe(map(() => 'early')), timer(deadline).pipe(map(() => 'tie'))];
        const frames: number[] = [];
        const result = from(inputs).pipe(asCompleted({ timeout: deadline, scheduler }));
        result.subscribe({
          next: () => frames.push(testScheduler.now()),
          error: () => frames.push(-testScheduler.now()),
        });
        testScheduler.flush();
        expect(frames).toEqual([deadline - 1, -deadline]);
        expect(scheduler.actions.length).toBeGreaterThanOrEqual(1);
        expect(scheduler.open).toBe(0);
      });
    });
  });

  describe('the timeout error', () => {
    it('is an rxjs TimeoutError that catchError code can recognise', () => {
      testScheduler.run(({ expectObservable }) => {
        const result = of(NEVER).pipe(
          asCompleted(5),
          catchError((err: unknown) => of(err instanceof TimeoutError ? 'timed out' : 'other')),
        );
        expectObservable(result).toBe('-----(t|)', { t: 'timed out' });
      });
    });

    it('says how many inputs were pending at which deadline, and carries fields a program can read', () => {
      testScheduler.run(({ cold }) => {
        let caught: unknown;
        of(cold('-1|'), NEVER, cold('---------2|'))
          .pipe(asCompleted(4))
          .subscribe({ error: (err: unknown) => (caught = err) });
        testScheduler.flush();
        expect(caught).toBeInstanceOf(AsCompletedTimeoutError);
        expect(caught).toBeInstanceOf(TimeoutError);
        const error = caught as AsCompletedTimeoutError;
        expect(error.name).toBe('TimeoutError');
        expect(error.message).toBe(
          'asCompleted timed out 4 ms after subscription: 1 emitted, 2 pending (input 1, input 2)',
        );
        expect(error.pending).toEqual([1, 2]);
        expect(error.emitted).toBe(1);
        expect(error.deadline).toBe(4);
        expect(error.timeout).toBe(4);
        expect(error.info).toEqual({ meta: null, seen: 1, lastValue: null });
      });
    });

    it('lists every pending index in its `pending` field, however many there are', () => {
      testScheduler.run(() => {
        let caught: AsCompletedTimeoutError | undefined;
        from(Array.from({ length: 1000 }, (_, i) => (i % 2 === 0 ? NEVER : of(i))))
          .pipe(asCompleted(1))
          .subscribe({ error: (err: AsCompletedTimeoutError) => (caught = err) });
        testScheduler.flush();
        expect(caught?.message).toContain(
          ': 500 emitted, 500 pending (input 0, input 2, input 4 and 497 more)',
        );
        expect(caught?.pending).toEqual(Array.from({ length: 500 }, (_, i) => 2 * i));
      });
    });
  });

  describe('concurrent', () => {
    it('subscribes at most `concurrent` inputs at once, and the next queued input when one completes', () => {
      testScheduler.run(({ cold, hot, expectObservable, expectSubscriptions }) => {
        const a = cold('  ----1|');
        const b = cold('  --2|');
        const c = cold('     --3|');
        const d = cold('        -4|');
        const source = hot('(abcd|)', { a, b, c, d });
        const expected = '---2-13(4|)';

        expectObservable(source.pipe(asCompleted({ concurrent: 2 }))).toBe(expected);
        expectSubscriptions(a.subscriptions).toBe('^----!');
        expectSubscriptions(b.subscriptions).toBe('^--!');
        expectSubscriptions(c.subscriptions).toBe('---^--!');
        expectSubscriptions(d.subscriptions).toBe('-----^-!');
      });
    });

    it('covers queued inputs by the deadline and lists them as pending', () => {
      testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
        const a = cold('--1|');
        const b = cold('--------2|');
        const c = cold('-3|');
        const result = of(a, b, c).pipe(asCompleted({ timeout: 5, concurrent: 1 }));
        expectObservable(result).toBe('---1-#', undefined, timeoutError({ pending: [1, 2], emitted: 1 }));
        expectSubscriptions(b.subscriptions).toBe('---^-!');
        expectSubscriptions(c.subscriptions).toBe([]);
      });
    });

    it('drains a long queue of synchronous inputs without growing the stack', () => {
      const count = 100_000;
      let last = -1;
      let emitted = 0;
      from(Array.from({ length: count }, (_, i) => of(i)))
        .pipe(asCompleted({ concurrent: 1 }))
        .subscribe((value) => {
          last = value;
          emitted++;
        });
      expect(emitted).toBe(count);
      expect(last).toBe(count - 1);
    });
  });

  describe('unsubscription', () => {
    it('tears down the source, every input and the timer when the output is unsubscribed', () => {
      testScheduler.run(({ cold, hot, expectObservable, expectSubscriptions }) => {
        const scheduler = new TrackingScheduler();
        const a = cold('  -1|');
        const b = cold('  -------2|');
        const c = cold('      -----3|');
        const source = hot('(ab)c-----|', { a, b, c });
        const unsub = '   -----!';

        expectObservable(source.pipe(asCompleted({ timeout: 20, scheduler })), unsub).toBe('--1--');
        expectSubscriptions(source.subscriptions).toBe('^----!');
        expectSubscriptions(a.subscriptions).toBe('     ^-!');
        expectSubscriptions(b.subscriptions).toBe('     ^----!');
        expectSubscriptions(c.subscriptions).toBe('     ----^!');
        testScheduler.flush();
        expect(scheduler.actions).toHaveLength(1);
        expect(scheduler.open).toBe(0);
      });
    });

    it('stops an endless synchronous source of inputs when the consumer takes what it needs', () => {
      let produced = 0;
      function* endless(): Generator<Observable<number>> {
        // The limit only keeps a failure finite: the operator must stop the source long before it.
        while (produced < 10_000) yield of(produced++);
      }
      const values: number[] = [];
      from(endless())
        .pipe(asCompleted(), take(3))
        .subscribe((value) => values.push(value));
      expect(values).toEqual([0, 1, 2]);
      expect(produced).toBe(3);
    });
  });

  describe('arguments', () => {
    it.each([
      ['NaN', NaN, RangeError, /timeout must be a number of milliseconds or a valid Date; got NaN/],
      [
        'an invalid Date',
        new Date('nope'),
        RangeError,
        /timeout must be a number of milliseconds or a valid Date; got an invalid Date/,
      ],
      [
        'a string',
        '5000',
        TypeError,
        /must be a number of milliseconds, a Date or null; got a string \("5000"\)/,
      ],
      ['a boolean', true, TypeError, /got true/],
    ])('throws at call time for a timeout that is %s', (_name, timeout, type, message) => {
      expect(() => asCompleted(timeout as number)).toThrow(type);
      expect(() => asCompleted(timeout as number)).toThrow(message);
      expect(() => asCompleted({ timeout: timeout as number })).toThrow(type);
    });

    it.each([
      ['0', 0, RangeError],
      ['negative', -1, RangeError],
      ['NaN', NaN, RangeError],
      ['fractional', 1.5, RangeError],
      ['a string', '2', TypeError],
    ])('throws at call time for a `concurrent` that is %s', (_name, concurrent, type) => {
      expect(() => asCompleted({ concurrent: concurrent as number })).toThrow(type);
      expect(() => asCompleted({ concurrent: concurrent as number })).toThrow(
        /concurrent must be a positive integer or Infinity/,
      );
    });

    it('throws at call time for an array given as the options, rather than reading it as a config', () => {
      expect(() => asCompleted([5000] as unknown as number)).toThrow(TypeError);
      expect(() => asCompleted([5000] as unknown as number)).toThrow(/timeout must be .*; got an Array/);
    });

    it('throws at call time for a scheduler that is not a SchedulerLike', () => {
      const scheduler = { now: () => 0 } as unknown as TrackingScheduler;
      expect(() => asCompleted({ scheduler })).toThrow(TypeError);
      expect(() => asCompleted({ scheduler })).toThrow(/scheduler must be a SchedulerLike/);
    });

    it('accepts Infinity for `concurrent`', () => {
      testScheduler.run(({ cold, expectObservable }) => {
        expectObservable(of(cold('-1|'), cold('-2|')).pipe(asCompleted({ concurrent: Infinity }))).toBe(
          '--(12|)',
        );
      });
    });
  });

  it('throws nothing and subscribes to nothing until subscribed', () => {
    let subscribed = false;
    const source = new Observable<ObservableInput<number>>(() => {
      subscribed = true;
    });
    source.pipe(asCompleted(10));
    expect(subscribed).toBe(false);
    expect(() => throwError(() => new Error('x')).pipe(asCompleted(10))).not.toThrow();
  });
});
