// Made from src/as-completed-entries.ts by `npm run generate:entries`, with the edits of scripts/entries/rxjs9.ts: edit those.
import { entries } from '../core/flavours.js';
import type { Flavour } from '../core/run.js';
import type { AsCompletedEntry } from '../core/settled.js';
import { timeoutError } from './as-completed.js';
import type { AsCompletedInput, InputValue } from './inputs.js';
import { operate } from './operate.js';
import type { AsCompletedOptions } from './options.js';

/** Each result as an entry that says which input it came from; the first error and the deadline as the output's error. */
export const entriesWithTimeoutError = (keys: readonly string[] | null): Flavour<unknown> =>
  entries(keys, timeoutError);

/**
 * Like {@link asCompleted}, but emits each result as an {@link AsCompletedEntry}, `{ index, value }`,
 * so that the subscriber knows which input it came from: `index` is the input's position in the
 * source. As Python 3.13's `async for task in as_completed(tasks)` yields the original task.
 * For rxjs 9: use it with `source[pipe](asCompletedEntries(...))`.
 *
 * ```
 * source:   -a--b--c----|
 * a:         -------1|
 * b:            --2|
 * c:               ---3|
 *
 *           asCompletedEntries()
 *
 * output:   -------B-A-C|
 *
 * A = { index: 0, value: '1' }
 * B = { index: 1, value: '2' }
 * C = { index: 2, value: '3' }
 * ```
 *
 * Everything else is as {@link asCompleted}: the first error and the deadlines fail the output.
 *
 * ## Example
 *
 * ```ts
 * import 'rxjs';
 * import { pipe } from 'rxjs/pipe';
 * import { asCompletedEntries } from 'rxjs-as-completed/rxjs9';
 *
 * const urls = ['/a', '/b', '/c'];
 * const requests = Observable.from(urls.map((url) => (signal: AbortSignal) => fetch(url, { signal })));
 * requests[pipe](asCompletedEntries(5000)).subscribe(({ index, value }) =>
 *   console.log(urls[index], value.status),
 * );
 * ```
 *
 * @param options The timeout in milliseconds or as a `Date` (none by default), or an {@link AsCompletedConfig}.
 * @throws {TypeError | RangeError} At call time, for an option that is not valid, or an unknown option.
 */
export function asCompletedEntries<T extends AsCompletedInput<unknown>>(
  options?: AsCompletedOptions,
): (source: Observable<T>) => Observable<AsCompletedEntry<InputValue<T>>> {
  return operate('asCompletedEntries', options, () => entriesWithTimeoutError(null)) as (
    source: Observable<T>,
  ) => Observable<AsCompletedEntry<InputValue<T>>>;
}
