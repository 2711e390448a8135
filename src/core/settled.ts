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
