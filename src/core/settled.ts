/** An input that completed with a value: `value` is its last value. */
export interface FulfilledRecord<T> {
  readonly index: number;
  readonly status: 'fulfilled';
  readonly value: T;
}

/** An input that errored, or completed without a value (`error` is then an rxjs `EmptyError`). */
export interface RejectedRecord {
  readonly index: number;
  readonly status: 'rejected';
  readonly error: unknown;
}

/** An input that was still pending when the deadline passed, or that passed its own deadline (`each`). */
export interface TimeoutRecord {
  readonly index: number;
  readonly status: 'timeout';
}

/**
 * An input that was still pending when the `signal` aborted: stopped from outside, not timed out.
 * `reason` is the signal's reason.
 */
export interface AbortedRecord {
  readonly index: number;
  readonly status: 'aborted';
  readonly reason: unknown;
}

/**
 * An input of a snapshot that has not settled yet: running, or waiting for a `concurrent` slot. It is
 * the same object in every snapshot until the input settles.
 *
 * @example
 * ```ts
 * import { forkAsCompletedSnapshots } from 'rxjs-as-completed';
 *
 * forkAsCompletedSnapshots([getUser(id), getOrders(id)], 2000).subscribe(({ records }) => {
 *   const waiting = records.filter((record) => record.status === 'pending').map(({ index }) => index);
 *   console.log(`still waiting for inputs ${waiting.join(', ')}`);
 * });
 * ```
 */
export interface PendingRecord {
  readonly index: number;
  readonly status: 'pending';
}

/**
 * One record per input from {@link asCompletedSettled}; `index` is the input's position in the
 * source, and the type narrows on `status`.
 *
 * @example
 * ```ts
 * import { asCompletedSettled } from 'rxjs-as-completed';
 *
 * inputs$.pipe(asCompletedSettled(5000)).subscribe((record) => {
 *   if (record.status === 'fulfilled') console.log(record.index, record.value);
 *   else if (record.status === 'rejected') console.warn(record.index, record.error);
 *   else if (record.status === 'timeout') console.warn(`input ${record.index} timed out`);
 *   else console.warn(`input ${record.index} was stopped:`, record.reason);
 * });
 * ```
 */
export type SettledRecord<T> = FulfilledRecord<T> | RejectedRecord | TimeoutRecord | AbortedRecord;

/**
 * A result of `asCompletedEntries` and `forkAsCompletedEntries`: the value, and which input it came
 * from: its `index`, its position in the source or the array. The fulfilled settled record, without the
 * status that is always `'fulfilled'` where errors fail the output.
 *
 * @example
 * ```ts
 * import { forkAsCompletedEntries } from 'rxjs-as-completed';
 *
 * const urls = ['/a', '/b'];
 * forkAsCompletedEntries(urls.map((url) => (signal: AbortSignal) => fetch(url, { signal }))).subscribe(
 *   ({ index, value }) => console.log(urls[index], value.status),
 * );
 * ```
 */
export interface AsCompletedEntry<T> {
  readonly index: number;
  readonly value: T;
}

/**
 * The state of a fixed set of inputs after one of its changes, as `forkAsCompletedSnapshots` emits it:
 * every input's record, `pending` until it settles, then its settled record. A snapshot is frozen, and a
 * record that did not change is the same object in the next snapshot, so `===` tells what changed.
 * `settled + pending` is the number of inputs; `done` is `pending === 0`, true in the last snapshot only.
 *
 * @example
 * ```ts
 * import { forkAsCompletedSnapshots } from 'rxjs-as-completed';
 *
 * forkAsCompletedSnapshots({ user: getUser(id), feed: getFeed(id) }, 2000).subscribe((snapshot) => {
 *   console.log(`${snapshot.settled} of ${snapshot.settled + snapshot.pending}`, snapshot.done);
 *   const { user } = snapshot.records;
 *   if (user.status === 'fulfilled') panels.user.show(user.value);
 * });
 * ```
 */
export interface AsCompletedSnapshot<Records> {
  /** Each input's record: an array by index for an array of inputs, a dictionary by key for a dictionary. */
  readonly records: Records;
  /** How many inputs have settled: fulfilled, rejected, timed out or aborted. */
  readonly settled: number;
  /** How many inputs have not settled yet. */
  readonly pending: number;
  /** Whether every input has settled: the last snapshot, which the output's completion follows. */
  readonly done: boolean;
}
