import { forkAsCompletedSnapshots } from 'rxjs-as-completed/rxjs9';
import { marbleTest } from './helpers/marble-test';

const pending = <I extends number>(index: I) => ({ index, status: 'pending' }) as const;

describe('forkAsCompletedSnapshots (rxjs 9)', () => {
  it('emits every input pending at subscription, a snapshot after each input settles, and completes after the last', async () => {
    await marbleTest(({ cold, expectObservable }) => {
      const user = cold('---u|');
      const feed = cold('-#');
      const rejected = { index: 1, key: 'feed', status: 'rejected', error: 'error' } as const;
      expectObservable(forkAsCompletedSnapshots({ user, feed })).toBe('PF--(U|)', {
        P: {
          records: { user: { ...pending(0), key: 'user' }, feed: { ...pending(1), key: 'feed' } },
          settled: 0,
          pending: 2,
          done: false,
        },
        F: {
          records: { user: { ...pending(0), key: 'user' }, feed: rejected },
          settled: 1,
          pending: 1,
          done: false,
        },
        U: {
          records: { user: { index: 0, key: 'user', status: 'fulfilled', value: 'u' }, feed: rejected },
          settled: 2,
          pending: 0,
          done: true,
        },
      });
    });
  });

  it('gives every input still pending at the deadline its timeout record in one last snapshot, then completes', async () => {
    await marbleTest(({ cold, expectObservable, expectSubscriptions }) => {
      // prettier-ignore
      const a = cold('   --1|    ');
      const b = cold('   -------2|');
      const expected = ' P--A-(T|)';
      const fulfilled = { index: 0, status: 'fulfilled', value: '1' } as const;
      expectObservable(forkAsCompletedSnapshots([a, b], 5)).toBe(expected, {
        P: { records: [pending(0), pending(1)], settled: 0, pending: 2, done: false },
        A: { records: [fulfilled, pending(1)], settled: 1, pending: 1, done: false },
        T: { records: [fulfilled, { index: 1, status: 'timeout' }], settled: 2, pending: 0, done: true },
      });
      expectSubscriptions(b.subscriptions).toBe('^----!');
    });
  });

  it('gives every input still pending when the signal aborts its aborted record with the reason', async () => {
    await marbleTest(({ cold, expectObservable }) => {
      const controller = new AbortController();
      setTimeout(() => controller.abort('cancel'), 2);
      expectObservable(forkAsCompletedSnapshots([cold('----1|')], { signal: controller.signal })).toBe(
        'P-(A|)',
        {
          P: { records: [pending(0)], settled: 0, pending: 1, done: false },
          A: {
            records: [{ index: 0, status: 'aborted', reason: 'cancel' }],
            settled: 1,
            pending: 0,
            done: true,
          },
        },
      );
    });
  });

  it('emits one done snapshot for an empty array or dictionary, and completes', async () => {
    await marbleTest(({ expectObservable }) => {
      expectObservable(forkAsCompletedSnapshots([], 5)).toBe('(E|)', {
        E: { records: [], settled: 0, pending: 0, done: true },
      });
      expectObservable(forkAsCompletedSnapshots({}, 5)).toBe('(E|)', {
        E: { records: {}, settled: 0, pending: 0, done: true },
      });
    });
  });

  it('starts nothing when the consumer lets go in the first snapshot', () => {
    let called = 0;
    const factory = (): number[] => {
      called++;
      return [1];
    };
    const controller = new AbortController();
    const emitted: unknown[] = [];
    forkAsCompletedSnapshots([factory]).subscribe(
      (snapshot) => {
        emitted.push(snapshot);
        controller.abort();
      },
      { signal: controller.signal },
    );
    expect(emitted).toEqual([{ records: [pending(0)], settled: 0, pending: 1, done: false }]);
    expect(called).toBe(0);
  });

  it('shares what did not change between snapshots, and freezes them', async () => {
    const emitted: { records: readonly object[] }[] = [];
    await marbleTest(({ cold }) => {
      forkAsCompletedSnapshots([cold('-1|'), cold('--2|')]).subscribe((snapshot) => emitted.push(snapshot));
    });
    expect(
      emitted.map(({ records }) => records.map((record) => (record as { status: string }).status)),
    ).toEqual([
      ['pending', 'pending'],
      ['fulfilled', 'pending'],
      ['fulfilled', 'fulfilled'],
    ]);
    expect(emitted[1].records[1]).toBe(emitted[0].records[1]);
    expect(emitted[2].records[0]).toBe(emitted[1].records[0]);
    for (const snapshot of emitted) {
      expect(Object.isFrozen(snapshot)).toBe(true);
      expect(Object.isFrozen(snapshot.records)).toBe(true);
    }
  });

  it('shares its run with a subscriber that joins while it is active, which gets the snapshots from the next one on', async () => {
    await marbleTest(({ cold, expectObservable, expectSubscriptions }) => {
      const a = cold('-1|');
      const b = cold('----2|');
      const output = forkAsCompletedSnapshots([a, b]);
      const fulfilled = { index: 0, status: 'fulfilled', value: '1' } as const;
      const values = {
        P: { records: [pending(0), pending(1)], settled: 0, pending: 2, done: false },
        A: { records: [fulfilled, pending(1)], settled: 1, pending: 1, done: false },
        B: {
          records: [fulfilled, { index: 1, status: 'fulfilled', value: '2' }],
          settled: 2,
          pending: 0,
          done: true,
        },
      } as const;
      expectObservable(output).toBe('P-A--(B|)', values);
      expectObservable(output, '---^').toBe('-----(B|)', values);
      expectSubscriptions(b.subscriptions).toBe('^----!');
    });
  });
});
