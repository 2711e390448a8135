// src/rxjs9/as-completed.ts is made from this file by `npm run generate:entries`: see docs/entries.md.
import type { OperatorFunction } from 'rxjs';
import { values } from './core/flavours.js';
import type { Expiry, Flavour } from './core/run.js';
import type { AsCompletedInput, InputValue } from './inputs.js';
import { operate } from './operate.js';
import type { AsCompletedOptions } from './options.js';
import { AsCompletedTimeoutError } from './timeout-error.js';

/** The error of a deadline, as the flavours that fail fast make it. */
// size: timeout
export const timeoutError = (
  { pending, emitted, deadline, timeout, message }: Expiry,
  pendingKeys: string[] | null,
): AsCompletedTimeoutError =>
  new AsCompletedTimeoutError(pending, emitted, deadline, timeout, message, pendingKeys);

/** Each result as it is; the first error and the deadline as the output's error. */
export const valuesWithTimeoutError = (keys: readonly string[] | null): Flavour<unknown> =>
  values(keys, timeoutError);

/**
 * Subscribes to every input the source emits, all at once, and emits each input's result (its last
 * value) the moment that input completes, so results come out in completion order, as
 * `asyncio.as_completed` yields them. One deadline covers the whole operation.
 *
 * <span class="informal">Like `mergeMap(input => from(input).pipe(last()))`, with one subscription per
 * input and one total deadline.</span>
 *
 * ```
 * source:   -a--b--c----|
 * a:         -------1|
 * b:            --2|
 * c:               ---3|
 *
 *           asCompleted()
 *
 * output:   -------2-1-3|
 * ```
 *
 * When the deadline passes first, the inputs still running are cut off:
 *
 * ```
 * source:   -a--b--c|
 * a:         ------1|
 * b:            -2|
 * c:               --------3|
 *
 *           asCompleted(10)
 *
 * output:   ------2-1-#
 *
 * # = AsCompletedTimeoutError { pending: [2], emitted: 2, timeout: 10 }
 * ```
 *
 * - Inputs are anything `from` accepts (Observables, Promises, arrays, iterables, async iterables)
 *   but strings, or factories: functions `(signal: AbortSignal) => input` that the operator calls when
 *   it subscribes that input, and whose signal it aborts if it tears the input down first. A Promise is
 *   already running when it is created: it can be neither cancelled nor bounded by `concurrent`; a
 *   factory can be both.
 * - An input that completes without a value fails with rxjs `EmptyError`, as `last()` does.
 * - The first input error errors the output and tears down the source, every other input and the timer.
 * - The output completes when the source and every input have completed. An empty source completes
 *   at once and schedules no timer.
 * - The deadline is `timeout` ms from subscription, or a `Date`. When it passes first, the output errors
 *   with an {@link AsCompletedTimeoutError} (an rxjs `TimeoutError`) and everything is torn down. A
 *   result arriving at exactly the deadline loses to it. With `0` or a negative timeout, what is
 *   available synchronously is delivered, then the timeout error.
 * - `each` gives every input its own deadline as well, counted from that input's start: an input still
 *   running at it fails the output with an {@link AsCompletedTimeoutError} that names it.
 * - `signal` stops the run from outside: when it aborts, everything is torn down as at the deadline,
 *   and the output errors with the signal's reason.
 *
 * ## Example
 *
 * Fetch three pages and show each as soon as it arrives; at 5 seconds, abort the requests still running:
 *
 * ```ts
 * import { from } from 'rxjs';
 * import { asCompleted } from 'rxjs-as-completed';
 *
 * from(['/a', '/b', '/c'].map((url) => (signal: AbortSignal) => fetch(url, { signal })))
 *   .pipe(asCompleted(5000))
 *   .subscribe({
 *     next: (response) => console.log(response.url),
 *     error: (err: Error) => console.error(err.message),
 *   });
 * ```
 *
 * @param options The timeout in milliseconds or as a `Date` (none by default), or an
 * {@link AsCompletedConfig} with `timeout`, `each`, `signal`, `scheduler` and `concurrent`.
 * @throws {TypeError | RangeError} At call time, for an option that is not valid, or an unknown option.
 */
export function asCompleted<T extends AsCompletedInput<unknown>>(
  options?: AsCompletedOptions,
): OperatorFunction<T, InputValue<T>> {
  return operate('asCompleted', options, () => values(null, timeoutError)) as OperatorFunction<
    T,
    InputValue<T>
  >;
}
