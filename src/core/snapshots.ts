import type { MaybeKeyedRecord } from './flavours.js';
import type { Flavour, Sink } from './run.js';
import type { AsCompletedSnapshot, PendingRecord, SettledRecord } from './settled.js';

type SnapshotRecord = MaybeKeyedRecord | (PendingRecord & { readonly key?: string });
type SnapshotRecords = readonly SnapshotRecord[] | Readonly<Record<string, SnapshotRecord>>;

/** A snapshot as the flavour makes it: its records by index, or by key with `keys`. */
export type Snapshot = AsCompletedSnapshot<SnapshotRecords>;

/** Makes the flavour of one subscription, with its own state; it may emit before the run starts. */
export type OpenFlavour<R> = (sink: Sink<R>) => Flavour<R>;

/**
 * The state of a fixed set of `count` inputs after each outcome, as one snapshot: the records as the
 * settled flavour makes them, and a pending record for each input that has not settled. What every
 * subscription shares, the pending records and the first snapshot, is made once, here; each
 * subscription emits that first snapshot, then its own, each made from the last: one new record per
 * outcome, the records that did not change kept as they are, and one new array or dictionary of them.
 * Everything a snapshot holds is frozen, since it is shared.
 */
export function snapshots(keys: readonly string[] | null, count: number): OpenFlavour<Snapshot> {
  const { freeze } = Object;
  const keyed = (record: SettledRecord<unknown> | PendingRecord): SnapshotRecord =>
    freeze(keys === null ? record : { ...record, key: keys[record.index] });
  const pendingRecords: SnapshotRecord[] = [];
  for (let index = 0; index < count; index++) pendingRecords[index] = keyed({ index, status: 'pending' });
  const first: Snapshot = freeze({
    // `fromEntries` defines each key: set, a key `__proto__` would be the records' prototype.
    records: freeze(
      keys === null
        ? pendingRecords
        : (Object.fromEntries(pendingRecords.map((record) => [record.key, record])) as Record<
            string,
            SnapshotRecord
          >),
    ),
    settled: 0,
    pending: count,
    done: count === 0,
  });

  return (sink) => {
    let last = first;
    sink.next(first);
    /** Emits the next snapshot: the last one, with `outcomes` settled. */
    const emit = (outcomes: readonly SettledRecord<unknown>[]): void => {
      // Spread, not sliced: V8 copies a frozen array by `slice` one element at a time (1 ms for 10,000),
      // by spread at once. Every key is already a property of the copy, so setting it never reaches a
      // setter (`__proto__`).
      const records = (
        keys === null ? [...(last.records as readonly SnapshotRecord[])] : { ...last.records }
      ) as Record<number | string, SnapshotRecord>;
      for (const outcome of outcomes) {
        records[keys === null ? outcome.index : keys[outcome.index]] = keyed(outcome);
      }
      const settled = last.settled + outcomes.length;
      last = freeze({
        records: freeze(records),
        settled,
        pending: count - settled,
        done: settled === count,
      });
      sink.next(last);
    };
    /**
     * The last snapshot, at the deadline or when the signal aborts: every input still pending gets its
     * record, including any the run never reached, then completion.
     */
    const settleAll = (record: (index: number) => SettledRecord<unknown>): void => {
      const outcomes: SettledRecord<unknown>[] = [];
      for (const { index, status } of Object.values(last.records)) {
        if (status === 'pending') outcomes.push(record(index));
      }
      emit(outcomes);
      // The consumer may have let go in the last snapshot's `next`.
      if (!sink.closed) sink.complete();
    };
    return {
      fulfilled(_sink, index, value) {
        emit([{ index, status: 'fulfilled', value }]);
      },
      rejected(_sink, index, error) {
        emit([{ index, status: 'rejected', error }]);
      },
      timedOut() {
        settleAll((index) => ({ index, status: 'timeout' }));
      },
      inputTimedOut(_sink, index) {
        emit([{ index, status: 'timeout' }]);
      },
      aborted(_sink, _pending, reason) {
        settleAll((index) => ({ index, status: 'aborted', reason }));
      },
    };
  };
}
