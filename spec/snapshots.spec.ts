import { firstValueFrom, NEVER, of, take, toArray, type Observable, type ObservableInput } from 'rxjs';
import {
  forkAsCompletedSnapshots,
  type AsCompletedSnapshot,
  type PendingRecord,
  type SettledRecord,
} from '../src';
import { createTestScheduler, TrackingScheduler } from './helpers/test-scheduler';

type Records = readonly (SettledRecord<unknown> | PendingRecord)[];

/** A snapshot of an array of inputs, its counts read off its records. */
function snapshot(...records: Records): AsCompletedSnapshot<Records> {
  const pending = records.filter(({ status }) => status === 'pending').length;
  return { records, settled: records.length - pending, pending, done: pending === 0 };
}

const pending = (index: number): PendingRecord => ({ index, status: 'pending' });

/** Every snapshot an output emits, as it emitted them, for the specs that compare them by identity. */
function collect<T>(output: Observable<T>): T[] {
  const emitted: T[] = [];
  output.subscribe((value) => emitted.push(value));
  return emitted;
}

describe('forkAsCompletedSnapshots', () => {
  let testScheduler: ReturnType<typeof createTestScheduler>;

  beforeEach(() => {
    testScheduler = createTestScheduler();
  });

  it('emits every input pending at subscription, a snapshot after each input settles, and completes after the last', () => {
    testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      // prettier-ignore
      const a = cold('   -----1|');
      const b = cold('   --#    ');
      const c = cold('   ---|   ');
      const expected = ' P-BC--(A|)';
      const rejected = { index: 1, status: 'rejected', error: 'error' } as const;
      const empty = expect.objectContaining({
        name: 'EmptyError',
        message: 'forkAsCompletedSnapshots: input 2 completed without a value',
      }) as unknown;
      const cRejected = { index: 2, status: 'rejected', error: empty } as const;
      expectObservable(forkAsCompletedSnapshots([a, b, c])).toBe(expected, {
        P: snapshot(pending(0), pending(1), pending(2)),
        B: snapshot(pending(0), rejected, pending(2)),
        C: snapshot(pending(0), rejected, cRejected),
        A: snapshot({ index: 0, status: 'fulfilled', value: '1' }, rejected, cRejected),
      });
      expectSubscriptions(a.subscriptions).toBe('^-----!');
      expectSubscriptions(b.subscriptions).toBe('^-!');
      expectSubscriptions(c.subscriptions).toBe('^--!');
    });
  });

  it('keeps a dictionary’s keys: its records are a dictionary, each record carrying its key', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      const result = forkAsCompletedSnapshots({ user: cold('---u|'), feed: cold('-f|') });
      const user = { index: 0, key: 'user', status: 'pending' } as const;
      const feed = { index: 1, key: 'feed', status: 'fulfilled', value: 'f' } as const;
      expectObservable(result).toBe('P-F-(U|)', {
        P: {
          records: { user, feed: { index: 1, key: 'feed', status: 'pending' } },
          settled: 0,
          pending: 2,
          done: false,
        },
        F: { records: { user, feed }, settled: 1, pending: 1, done: false },
        U: {
          records: { user: { index: 0, key: 'user', status: 'fulfilled', value: 'u' }, feed },
          settled: 2,
          pending: 0,
          done: true,
        },
      });
    });
  });

  it('keeps a key named __proto__ as a record of its own, not as the prototype of the records', () => {
    const emitted = collect(forkAsCompletedSnapshots({ ['__proto__']: of(1) }));
    expect(emitted).toHaveLength(2);
    for (const { records } of emitted) {
      expect(Object.keys(records)).toEqual(['__proto__']);
      expect(Object.getPrototypeOf(records)).toBe(Object.prototype);
    }
    expect(Object.getOwnPropertyDescriptor(emitted[1].records, '__proto__')?.value).toEqual({
      index: 0,
      key: '__proto__',
      status: 'fulfilled',
      value: 1,
    });
  });

  it('gives every input still pending at the deadline, queued ones included, its timeout record in one last snapshot, then completes', () => {
    testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      // prettier-ignore
      const a = cold('   --1|      ');
      const b = cold('   ---------2|');
      const c = cold('      ------3|');
      const d = cold('      ------4|');
      const result = forkAsCompletedSnapshots([a, b, c, d], { timeout: 6, concurrent: 2 });
      const expected = ' P--A--(T|)';
      const fulfilled = { index: 0, status: 'fulfilled', value: '1' } as const;
      expectObservable(result).toBe(expected, {
        P: snapshot(pending(0), pending(1), pending(2), pending(3)),
        A: snapshot(fulfilled, pending(1), pending(2), pending(3)),
        T: snapshot(
          fulfilled,
          { index: 1, status: 'timeout' },
          { index: 2, status: 'timeout' },
          { index: 3, status: 'timeout' },
        ),
      });
      expectSubscriptions(b.subscriptions).toBe('^-----!');
      expectSubscriptions(c.subscriptions).toBe('---^--!');
      expectSubscriptions(d.subscriptions).toBe([]);
    });
  });

  it('gives an input its timeout record at its own deadline (each), and the others go on', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      const result = forkAsCompletedSnapshots({ slow: cold('-----s|'), fast: cold('--f|') }, { each: 4 });
      const slow = { index: 0, key: 'slow', status: 'timeout' } as const;
      const fast = { index: 1, key: 'fast', status: 'fulfilled', value: 'f' } as const;
      expectObservable(result).toBe('P--F(S|)', {
        P: {
          records: {
            slow: { index: 0, key: 'slow', status: 'pending' },
            fast: { index: 1, key: 'fast', status: 'pending' },
          },
          settled: 0,
          pending: 2,
          done: false,
        },
        F: {
          records: { slow: { index: 0, key: 'slow', status: 'pending' }, fast },
          settled: 1,
          pending: 1,
          done: false,
        },
        S: { records: { slow, fast }, settled: 2, pending: 0, done: true },
      });
    });
  });

  it('gives every input still pending when the signal aborts its aborted record with the reason, and aborts the factories’ signals with it', () => {
    testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const controller = new AbortController();
      testScheduler.schedule(() => controller.abort('gone'), 3);
      const signals: AbortSignal[] = [];
      const slow = cold('-----1|');
      const factory = (signal: AbortSignal): Observable<string> => {
        signals.push(signal);
        return slow;
      };
      const result = forkAsCompletedSnapshots([cold('-0|'), factory], { signal: controller.signal });
      const fulfilled = { index: 0, status: 'fulfilled', value: '0' } as const;
      expectObservable(result).toBe('P-A(S|)', {
        P: snapshot(pending(0), pending(1)),
        A: snapshot(fulfilled, pending(1)),
        S: snapshot(fulfilled, { index: 1, status: 'aborted', reason: 'gone' }),
      });
      expectSubscriptions(slow.subscriptions).toBe('^--!');
      testScheduler.flush();
      expect(signals.map(({ aborted, reason }) => ({ aborted, reason: reason as unknown }))).toEqual([
        { aborted: true, reason: 'gone' },
      ]);
    });
  });

  it('ends at subscription, after what is synchronous, when the signal was aborted before', () => {
    testScheduler.run(({ expectObservable }) => {
      const controller = new AbortController();
      controller.abort('gone');
      const result = forkAsCompletedSnapshots([of(0), NEVER], { signal: controller.signal });
      const fulfilled = { index: 0, status: 'fulfilled', value: 0 } as const;
      expectObservable(result).toBe('(PAS|)', {
        P: snapshot(pending(0), pending(1)),
        A: snapshot(fulfilled, pending(1)),
        S: snapshot(fulfilled, { index: 1, status: 'aborted', reason: 'gone' }),
      });
    });
  });

  it('settles in its last snapshot the inputs the run never reached, when a factory aborts the signal', () => {
    const controller = new AbortController();
    const stop = (): Observable<never> => {
      controller.abort('stop');
      return NEVER;
    };
    const aborted = (index: number) => ({ index, status: 'aborted', reason: 'stop' }) as const;
    const emitted = collect(forkAsCompletedSnapshots([stop, of(1), NEVER], { signal: controller.signal }));
    expect(emitted).toEqual([
      snapshot(pending(0), pending(1), pending(2)),
      snapshot(aborted(0), aborted(1), aborted(2)),
    ]);
  });

  it('delivers what is synchronous, then the last snapshot, with a timeout of 0', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      const result = forkAsCompletedSnapshots([of('a'), cold('-b|')], 0);
      const fulfilled = { index: 0, status: 'fulfilled', value: 'a' } as const;
      expectObservable(result).toBe('(PAT|)', {
        P: snapshot(pending(0), pending(1)),
        A: snapshot(fulfilled, pending(1)),
        T: snapshot(fulfilled, { index: 1, status: 'timeout' }),
      });
    });
  });

  it('emits one done snapshot for an empty array or dictionary, completes, and schedules no timer', () => {
    testScheduler.run(({ expectObservable }) => {
      const scheduler = new TrackingScheduler();
      expectObservable(forkAsCompletedSnapshots([], { timeout: 5, scheduler })).toBe('(E|)', {
        E: { records: [], settled: 0, pending: 0, done: true },
      });
      expectObservable(forkAsCompletedSnapshots({}, { timeout: 5, scheduler })).toBe('(E|)', {
        E: { records: {}, settled: 0, pending: 0, done: true },
      });
      testScheduler.flush();
      expect(scheduler.actions).toHaveLength(0);
    });
  });

  it.each([
    ['an array', (a: Observable<string>, b: Observable<string>, c: Observable<string>) => [a, b, c]],
    ['a dictionary', (a: Observable<string>, b: Observable<string>, c: Observable<string>) => ({ a, b, c })],
  ])(
    'shares what did not change, for %s: a record is the same object in every snapshot from the one it first appears in',
    (_kind, inputs) => {
      testScheduler.run(({ cold }) => {
        const set = inputs(cold('-1|'), cold('--2|'), cold('---3|'));
        const keys = Object.keys(set);
        const emitted = collect(
          forkAsCompletedSnapshots(set as Record<string, Observable<string>>, 10),
        ) as AsCompletedSnapshot<Readonly<Record<string, unknown>>>[];
        testScheduler.flush();
        expect(emitted.map(({ settled }) => settled)).toEqual([0, 1, 2, 3]);
        for (let at = 1; at < emitted.length; at++) {
          const [before, after] = [emitted[at - 1].records, emitted[at].records];
          // Only the input that settled has a new record; the snapshot and its records are new objects.
          expect(keys.filter((key) => before[key] !== after[key])).toEqual([keys[at - 1]]);
          expect(after).not.toBe(before);
          expect(emitted[at]).not.toBe(emitted[at - 1]);
        }
      });
    },
  );

  it('freezes each snapshot, its records and each record', () => {
    testScheduler.run(({ cold }) => {
      const emitted = collect(forkAsCompletedSnapshots([cold('-1|'), cold('--#')]));
      testScheduler.flush();
      expect(emitted).toHaveLength(3);
      for (const snapshot of emitted) {
        expect(Object.isFrozen(snapshot)).toBe(true);
        expect(Object.isFrozen(snapshot.records)).toBe(true);
        expect(snapshot.records.every((record) => Object.isFrozen(record))).toBe(true);
      }
    });
  });

  it('runs each subscription on its own, each from a snapshot with every input pending', () => {
    testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const a = cold('-1|');
      const result = forkAsCompletedSnapshots([a]);
      const values = {
        P: snapshot(pending(0)),
        A: snapshot({ index: 0, status: 'fulfilled', value: '1' }),
      };
      expectObservable(result).toBe('P-(A|)', values);
      expectObservable(result, '---^').toBe('---P-(A|)', values);
      expectSubscriptions(a.subscriptions).toBe(['^-!', '---^-!']);
    });
  });

  it('starts nothing when the consumer lets go in the first snapshot', () => {
    testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const a = cold('-1|');
      let called = 0;
      const factory = (): Observable<number> => {
        called++;
        return of(1);
      };
      expectObservable(forkAsCompletedSnapshots([a, factory], 5).pipe(take(1))).toBe('(P|)', {
        P: snapshot(pending(0), pending(1)),
      });
      expectSubscriptions(a.subscriptions).toBe([]);
      testScheduler.flush();
      expect(called).toBe(0);
    });
  });

  it('tears the other inputs down when the consumer lets go in a later snapshot', () => {
    testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const slow = cold('-----1|');
      const result = forkAsCompletedSnapshots([cold('--0|'), slow]).pipe(take(2));
      expectObservable(result).toBe('P--(A|)', {
        P: snapshot(pending(0), pending(1)),
        A: snapshot({ index: 0, status: 'fulfilled', value: '0' }, pending(1)),
      });
      expectSubscriptions(slow.subscriptions).toBe('^--!');
    });
  });

  it('fails after its first snapshot for an input that is no input, naming it', () => {
    testScheduler.run(({ expectObservable }) => {
      const result = forkAsCompletedSnapshots({ count: 3 as unknown as ObservableInput<number> });
      expectObservable(result).toBe(
        '(P#)',
        {
          P: {
            records: { count: { index: 0, key: 'count', status: 'pending' } },
            settled: 0,
            pending: 1,
            done: false,
          },
        },
        expect.objectContaining({
          name: 'TypeError',
          message: expect.stringMatching(/^forkAsCompletedSnapshots: input "count"/) as unknown,
        }),
      );
    });
  });

  it('takes Promises, settling each in the snapshot after it', async () => {
    const emitted = await firstValueFrom(
      forkAsCompletedSnapshots([Promise.resolve('a'), Promise.reject(new Error('no'))]).pipe(toArray()),
    );
    expect(emitted).toEqual([
      snapshot(pending(0), pending(1)),
      snapshot({ index: 0, status: 'fulfilled', value: 'a' }, pending(1)),
      snapshot(
        { index: 0, status: 'fulfilled', value: 'a' },
        { index: 1, status: 'rejected', error: new Error('no') },
      ),
    ]);
  });

  it('reads the array when called, so later changes to it do not count', () => {
    const inputs: ObservableInput<number>[] = [of(1)];
    const result = forkAsCompletedSnapshots(inputs);
    inputs.push(of(2));
    expect(collect(result).map(({ records }) => records.length)).toEqual([1, 1]);
  });

  it('throws at call time, naming itself, for inputs that are neither an array nor a dictionary and for bad options', () => {
    expect(() => forkAsCompletedSnapshots(of(of(1)) as unknown as [])).toThrow(
      /^forkAsCompletedSnapshots: inputs must be an array or a dictionary/,
    );
    expect(() => forkAsCompletedSnapshots([of(1)], NaN)).toThrow(/^forkAsCompletedSnapshots: timeout/);
    expect(() => forkAsCompletedSnapshots([of(1)], { each: 0 })).toThrow(/^forkAsCompletedSnapshots: each/);
  });
});
