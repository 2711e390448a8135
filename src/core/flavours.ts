import type { Expiry, Flavour, Sink } from './run.js';
import type { SettledRecord } from './settled.js';

/**
 * Each result as it is; the first error, and the deadline, as the output's error. With `keys`, the
 * timeout error is also given the keys of the pending inputs, in the order of `pending`.
 */
export function values(
  keys: readonly string[] | null,
  timeoutError: (expiry: Expiry, pendingKeys: string[] | null) => Error,
): Flavour<unknown> {
  return {
    fulfilled(sink, _index, value) {
      sink.next(value);
    },
    rejected: null,
    timedOut(sink, expiry) {
      sink.error(timeoutError(expiry, keys && expiry.pending.map((index) => keys[index])));
    },
    inputTimedOut: null, // size: each
    // size: signal
    aborted(sink, _pending, reason) {
      sink.error(reason);
    },
  };
}

/** {@link values}, each result as an entry: its input's index, its key with `keys`, and its value. */
export function entries(
  keys: readonly string[] | null,
  timeoutError: (expiry: Expiry, pendingKeys: string[] | null) => Error,
): Flavour<unknown> {
  return {
    ...values(keys, timeoutError),
    fulfilled(sink, index, value) {
      sink.next(keys === null ? { index, value } : { index, key: keys[index], value });
    },
  };
}

export type MaybeKeyedRecord = SettledRecord<unknown> & { readonly key?: string };

/** A record for each outcome; with `keys`, each record also carries its input's key. */
export function records(keys: readonly string[] | null): Flavour<MaybeKeyedRecord> {
  const emit = (sink: Sink<MaybeKeyedRecord>, record: SettledRecord<unknown>): void =>
    sink.next(keys === null ? record : { ...record, key: keys[record.index] });
  /** A record for each input still pending, in index order, then completion. */
  const settleAll = (
    sink: Sink<MaybeKeyedRecord>,
    pending: number[],
    record: (index: number) => SettledRecord<unknown>,
  ): void => {
    for (const index of pending) {
      if (sink.closed) return;
      emit(sink, record(index));
    }
    // The consumer may have let go in the last record's `next`.
    if (!sink.closed) sink.complete();
  };
  return {
    fulfilled(sink, index, value) {
      emit(sink, { index, status: 'fulfilled', value });
    },
    rejected(sink, index, error) {
      emit(sink, { index, status: 'rejected', error });
    },
    timedOut(sink, { pending }) {
      settleAll(sink, pending, (index) => ({ index, status: 'timeout' }));
    },
    // size: each
    inputTimedOut(sink, index) {
      emit(sink, { index, status: 'timeout' });
    },
    // size: signal
    aborted(sink, pending, reason) {
      settleAll(sink, pending, (index) => ({ index, status: 'aborted', reason }));
    },
  };
}
