// src/rxjs9/fork-as-completed.ts is made from this file by `npm run generate:entries`: see docs/entries.md.
import type { Observable } from 'rxjs';
import { records } from './core/flavours.js';
import type {
  AbortedRecord,
  AsCompletedEntry,
  FulfilledRecord,
  RejectedRecord,
  SettledRecord,
  TimeoutRecord,
} from './core/settled.js';
import { valuesWithTimeoutError } from './as-completed.js';
import { entriesWithTimeoutError } from './as-completed-entries.js';
import type { AsCompletedInput, InputValue } from './inputs.js';
import { operateOn } from './fixed-set.js';
import type { AsCompletedOptions } from './options.js';

/**
 * A dictionary of inputs, as `forkJoin` takes it.
 *
 * @example
 * ```ts
 * import { forkAsCompleted, type InputDictionary } from 'rxjs-as-completed';
 *
 * const inputs: InputDictionary = { user: getUser(id), feed: (signal) => fetch('/feed', { signal }) };
 * forkAsCompleted(inputs).subscribe((part) => console.log(part));
 * ```
 */
export type InputDictionary = Readonly<Record<string, AsCompletedInput<unknown>>>;

/**
 * The settled record of the input under `key` of a dictionary: it carries the key, and the value type of that key.
 * The key is typed as the string the run reads with `Object.keys`: a key written as a number
 * (`{ 404: ... }`) is `'404'`, and symbol keys, which `Object.keys` skips, have no record.
 *
 * @example
 * ```ts
 * import { forkAsCompletedSettled, type KeyedSettledRecord } from 'rxjs-as-completed';
 *
 * const inputs = { user: getUser(id), feed: getFeed(id) };
 * const show = (record: KeyedSettledRecord<typeof inputs>): void => {
 *   if (record.key === 'user' && record.status === 'fulfilled') panels.user.show(record.value); // a User
 * };
 * forkAsCompletedSettled(inputs).subscribe(show);
 * ```
 */
export type KeyedSettledRecord<D extends InputDictionary> = {
  [K in keyof D & (string | number)]:
    | (FulfilledRecord<InputValue<D[K]>> & { readonly key: `${K}` })
    | (RejectedRecord & { readonly key: `${K}` })
    | (TimeoutRecord & { readonly key: `${K}` })
    | (AbortedRecord & { readonly key: `${K}` });
}[keyof D & (string | number)];

/**
 * The settled record of an input of an array given to {@link forkAsCompletedSettled}: for a tuple, the
 * `index` is a literal, and narrowing on it (with the `status`) narrows the value to that input's type,
 * as {@link IndexedEntry} does for entries. For an array of unknown length, a {@link SettledRecord} of
 * the union of the values.
 *
 * @example
 * ```ts
 * import { forkAsCompletedSettled, type IndexedSettledRecord } from 'rxjs-as-completed';
 *
 * const inputs = [Promise.resolve(1), Promise.resolve('a')] as const;
 * const log = (record: IndexedSettledRecord<typeof inputs>): void => {
 *   if (record.status !== 'fulfilled') console.warn(`input ${record.index}: ${record.status}`);
 *   else if (record.index === 0) console.log(record.value.toFixed(2)); // a number
 *   else console.log(record.value.toUpperCase()); // a string
 * };
 * forkAsCompletedSettled(inputs).subscribe(log);
 * ```
 */
export type IndexedSettledRecord<A extends readonly unknown[]> = number extends A['length']
  ? SettledRecord<InputValue<A[number]>>
  : {
      [I in keyof A]: I extends `${infer N extends number}`
        ? | (FulfilledRecord<InputValue<A[I]>> & { readonly index: N })
          | (RejectedRecord & { readonly index: N })
          | (TimeoutRecord & { readonly index: N })
          | (AbortedRecord & { readonly index: N })
        : never;
    }[number];

/**
 * An entry of {@link forkAsCompletedEntries} for an array of inputs: for a tuple, the `index` is a
 * literal, and narrowing on it narrows the value to that input's type.
 *
 * @example
 * ```ts
 * import { forkAsCompletedEntries, type IndexedEntry } from 'rxjs-as-completed';
 *
 * const inputs = [Promise.resolve(1), Promise.resolve('a')] as const;
 * const log = (entry: IndexedEntry<typeof inputs>): void => {
 *   if (entry.index === 0) console.log(entry.value.toFixed(2)); // a number
 *   else console.log(entry.value.toUpperCase()); // a string
 * };
 * forkAsCompletedEntries(inputs).subscribe(log);
 * ```
 */
export type IndexedEntry<A extends readonly unknown[]> = number extends A['length']
  ? AsCompletedEntry<InputValue<A[number]>>
  : {
      [I in keyof A]: I extends `${infer N extends number}`
        ? { readonly index: N; readonly value: InputValue<A[I]> }
        : never;
    }[number];

/**
 * An entry of {@link forkAsCompletedEntries} for a dictionary of inputs: it carries the input's `key`,
 * and narrowing on the key narrows the value to that key's type. The key is typed as the string the
 * run reads with `Object.keys`: a key written as a number (`{ 2024: ... }`) is `'2024'`, and symbol keys,
 * which `Object.keys` skips, have no entry.
 *
 * @example
 * ```ts
 * import { forkAsCompletedEntries, type KeyedEntry } from 'rxjs-as-completed';
 *
 * const inputs = { user: getUser(id), feed: getFeed(id) };
 * const show = (entry: KeyedEntry<typeof inputs>): void => {
 *   if (entry.key === 'user') panels.user.show(entry.value); // a User
 *   else panels.feed.show(entry.value); // a Feed
 * };
 * forkAsCompletedEntries(inputs).subscribe({ next: show, error: (err: Error) => console.error(err.message) });
 * ```
 */
export type KeyedEntry<D extends InputDictionary> = {
  [K in keyof D & (string | number)]: AsCompletedEntry<InputValue<D[K]>> & { readonly key: `${K}` };
}[keyof D & (string | number)];

/**
 * Subscribes to a fixed set of inputs, given as `forkJoin` takes them (an array or a dictionary),
 * and emits each input's result the moment it completes: {@link asCompleted} for inputs you already
 * hold. Named after `forkJoin`: it forks the same way, and instead of joining, it emits as completed.
 *
 * ```
 * a:        ------1|
 * b:        --2|
 * c:           --------3|
 *
 *           forkAsCompleted([a, b, c], { timeout: 10, concurrent: 2 })
 *
 * output:   ---2---1--#
 *
 * # = AsCompletedTimeoutError { pending: [2], emitted: 2, timeout: 10 }
 * ```
 *
 * ## Example
 *
 * ```ts
 * import { forkAsCompleted } from 'rxjs-as-completed';
 *
 * forkAsCompleted({ user: getUser(id), orders: getOrders(id), recommendations: getRecommendations(id) }, 2000)
 *   .subscribe({
 *     next: (part) => render(part),
 *     error: (err: Error) => console.error(err.message),
 *   });
 * ```
 *
 * Factories make requests lazy: at most 4 in flight, each response as it lands, the stragglers aborted
 * at the deadline:
 *
 * ```ts
 * import { forkAsCompleted } from 'rxjs-as-completed';
 *
 * forkAsCompleted(
 *   urls.map((url) => (signal: AbortSignal) => fetch(url, { signal })),
 *   { concurrent: 4, timeout: 5000 },
 * ).subscribe((response) => console.log(response.url, response.status));
 * ```
 *
 * @param inputs An array or a dictionary of inputs: Observables, Promises, arrays, iterables, async
 * iterables, or factories `(signal) => input`.
 * @param options The timeout in milliseconds or as a `Date`, or an {@link AsCompletedConfig}.
 * @throws {TypeError | RangeError} At call time, for inputs that are neither an array nor a dictionary, an
 * option that is not valid, or an unknown option.
 */
export function forkAsCompleted<A extends readonly AsCompletedInput<unknown>[]>(
  inputs: readonly [...A],
  options?: AsCompletedOptions,
): Observable<InputValue<A[number]>>;
export function forkAsCompleted<D extends InputDictionary>(
  inputs: D,
  options?: AsCompletedOptions,
): Observable<InputValue<D[keyof D & (string | number)]>>;
export function forkAsCompleted(
  inputs: readonly AsCompletedInput<unknown>[] | InputDictionary,
  options?: AsCompletedOptions,
): Observable<unknown> {
  return operateOn('forkAsCompleted', inputs, options, (keys) => () => valuesWithTimeoutError(keys));
}

/**
 * {@link forkAsCompleted} in the settled flavour: one {@link SettledRecord} per input, in completion
 * order, and a failing input does not stop the others. Records from a dictionary carry the input's
 * `key`, typed with that key's value type ({@link KeyedSettledRecord}); records from a tuple have a
 * literal `index`, typed with that input's value type ({@link IndexedSettledRecord}).
 *
 * ```
 * user:     -----u|
 * feed:     --#
 * ads:      ---------a|
 *
 *           forkAsCompletedSettled({ user, feed, ads }, 8)
 *
 * output:   --F---U-(A|)
 *
 * F = { index: 1, key: 'feed', status: 'rejected', error: 'error' }
 * U = { index: 0, key: 'user', status: 'fulfilled', value: 'u' }
 * A = { index: 2, key: 'ads', status: 'timeout' }
 * ```
 *
 * ## Example
 *
 * ```ts
 * import { forkAsCompletedSettled } from 'rxjs-as-completed';
 *
 * forkAsCompletedSettled({ user: getUser(id), feed: getFeed(id) }, 2000).subscribe((record) => {
 *   if (record.status !== 'fulfilled') return panels[record.key].hide();
 *   // Narrowing on the key narrows the value: a User for 'user', a Feed for 'feed'.
 *   if (record.key === 'user') panels.user.show(record.value);
 *   else panels.feed.show(record.value);
 * });
 * ```
 *
 * @param inputs An array or a dictionary of inputs: Observables, Promises, arrays, iterables, async
 * iterables, or factories `(signal) => input`.
 * @param options The timeout in milliseconds or as a `Date`, or an {@link AsCompletedConfig}.
 * @throws {TypeError | RangeError} At call time, for inputs that are neither an array nor a dictionary, an
 * option that is not valid, or an unknown option.
 */
export function forkAsCompletedSettled<A extends readonly AsCompletedInput<unknown>[]>(
  inputs: readonly [...A],
  options?: AsCompletedOptions,
): Observable<IndexedSettledRecord<A>>;
export function forkAsCompletedSettled<D extends InputDictionary>(
  inputs: D,
  options?: AsCompletedOptions,
): Observable<KeyedSettledRecord<D>>;
export function forkAsCompletedSettled(
  inputs: readonly AsCompletedInput<unknown>[] | InputDictionary,
  options?: AsCompletedOptions,
): Observable<unknown> {
  return operateOn('forkAsCompletedSettled', inputs, options, (keys) => () => records(keys));
}

/**
 * {@link forkAsCompleted}, each result as an entry that says which input it came from: `{ index, value }`
 * for an array, `{ index, key, value }` for a dictionary. Narrowing on the key (or on the index of a
 * tuple) narrows the value to that input's type. The first error and the deadlines fail the output, as
 * {@link forkAsCompleted}'s do.
 *
 * ```
 * user:     -----u|
 * feed:     --f|
 *
 *           forkAsCompletedEntries({ user, feed })
 *
 * output:   --F---(U|)
 *
 * F = { index: 1, key: 'feed', value: 'f' }
 * U = { index: 0, key: 'user', value: 'u' }
 * ```
 *
 * ## Example
 *
 * ```ts
 * import { forkAsCompletedEntries } from 'rxjs-as-completed';
 *
 * forkAsCompletedEntries({ user: getUser(id), ads: getAds() }, { timeout: 5000, each: 1500 }).subscribe({
 *   next: (entry) => {
 *     if (entry.key === 'user') panels.user.show(entry.value); // a User
 *     else panels.ads.show(entry.value); // an Ad
 *   },
 *   error: (err: Error) => console.error(err.message),
 * });
 * ```
 *
 * @param inputs An array or a dictionary of inputs: Observables, Promises, arrays, iterables, async
 * iterables, or factories `(signal) => input`.
 * @param options The timeout in milliseconds or as a `Date`, or an {@link AsCompletedConfig}.
 * @throws {TypeError | RangeError} At call time, for inputs that are neither an array nor a dictionary, an
 * option that is not valid, or an unknown option.
 */
export function forkAsCompletedEntries<A extends readonly AsCompletedInput<unknown>[]>(
  inputs: readonly [...A],
  options?: AsCompletedOptions,
): Observable<IndexedEntry<A>>;
export function forkAsCompletedEntries<D extends InputDictionary>(
  inputs: D,
  options?: AsCompletedOptions,
): Observable<KeyedEntry<D>>;
export function forkAsCompletedEntries(
  inputs: readonly AsCompletedInput<unknown>[] | InputDictionary,
  options?: AsCompletedOptions,
): Observable<unknown> {
  return operateOn('forkAsCompletedEntries', inputs, options, (keys) => () => entriesWithTimeoutError(keys));
}
