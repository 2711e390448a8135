// src/rxjs9/as-completed-settled.ts is made from this file by `npm run generate:entries`: see docs/entries.md.
import type { OperatorFunction } from 'rxjs';
import { records } from './core/flavours.js';
import type { SettledRecord } from './core/settled.js';
import type { AsCompletedInput, InputValue } from './inputs.js';
import { operate } from './operate.js';
import type { AsCompletedOptions } from './options.js';

/**
 * Like {@link asCompleted}, but emits one {@link SettledRecord} per input, in completion order, and a
 * failing input does not stop the others: the image of an `asyncio.as_completed` loop that wraps each
 * `await` in `try`/`except`.
 *
 * <span class="informal">`Promise.allSettled`, one record at a time, as each input finishes.</span>
 *
 * ```
 * source:   -a--b--c|
 * a:         ------1|
 * b:            -#
 * c:               --------3|
 *
 *           asCompletedSettled(10)
 *
 * output:   -----B--A-(C|)
 *
 * A = { index: 0, status: 'fulfilled', value: '1' }
 * B = { index: 1, status: 'rejected', error: 'error' }
 * C = { index: 2, status: 'timeout' }
 * ```
 *
 * - A record per input: `{ index, status: 'fulfilled', value }`, `{ index, status: 'rejected', error }`
 *   (an input that completes without a value is rejected with rxjs `EmptyError`), or
 *   `{ index, status: 'timeout' }`, or `{ index, status: 'aborted', reason }`.
 * - At the deadline, one `timeout` record for each pending input, in index order, then completion; a
 *   result arriving at exactly the deadline loses to it. At an input's own deadline (`each`), that
 *   input's `timeout` record, and the others go on.
 * - When the `signal` aborts, one `aborted` record, with the signal's reason, for each pending input,
 *   then completion: stopped from outside, which is not a timeout.
 * - An input's failure is its record; the output errors only for the source's error, or for an input
 *   that is no input at all (a number, a string: a programming mistake, reported as a `TypeError` naming
 *   the input), and then tears everything down.
 *
 * ## Example
 *
 * ```ts
 * import { from } from 'rxjs';
 * import { asCompletedSettled } from 'rxjs-as-completed';
 *
 * const requests = from(urls.map((url) => (signal: AbortSignal) => fetch(url, { signal })));
 * requests.pipe(asCompletedSettled(5000)).subscribe((record) => {
 *   if (record.status === 'fulfilled') console.log(urls[record.index], record.value.status);
 *   else if (record.status === 'rejected') console.warn(urls[record.index], record.error);
 *   else if (record.status === 'timeout') console.warn(urls[record.index], 'timed out, request aborted');
 *   else console.warn(urls[record.index], 'cancelled');
 * });
 * ```
 *
 * @param options The timeout in milliseconds or as a `Date` (none by default), or an
 * {@link AsCompletedConfig} with `timeout`, `each`, `signal`, `scheduler` and `concurrent`.
 * @throws {TypeError | RangeError} At call time, for an option that is not valid, or an unknown option.
 */
export function asCompletedSettled<T extends AsCompletedInput<unknown>>(
  options?: AsCompletedOptions,
): OperatorFunction<T, SettledRecord<InputValue<T>>> {
  return operate('asCompletedSettled', options, () => records(null)) as OperatorFunction<
    T,
    SettledRecord<InputValue<T>>
  >;
}
