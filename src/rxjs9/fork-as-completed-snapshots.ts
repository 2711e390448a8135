// Made from src/fork-as-completed-snapshots.ts by `npm run generate:entries`, with the edits of scripts/entries/rxjs9.ts: edit those.
import { snapshots } from '../core/snapshots.js';
import type {
  AbortedRecord,
  AsCompletedSnapshot,
  FulfilledRecord,
  PendingRecord,
  RejectedRecord,
  SettledRecord,
  TimeoutRecord,
} from '../core/settled.js';
import type { InputDictionary } from './fork-as-completed.js';
import type { AsCompletedInput, InputValue } from './inputs.js';
import { operateOn } from './fixed-set.js';
import type { AsCompletedOptions } from './options.js';

/**
 * A snapshot of {@link forkAsCompletedSnapshots} for an array of inputs. For a tuple, its `records` are
 * a tuple: each record has a literal `index` and its input's value type, as {@link IndexedSettledRecord}
 * has. For an array of unknown length, an array of records of the union of the values.
 *
 * @example
 * ```ts
 * import { forkAsCompletedSnapshots, type IndexedSnapshot } from 'rxjs-as-completed/rxjs9';
 *
 * const inputs = [getUser(id), getOrders(id)] as const;
 * const show = ({ records: [user, orders] }: IndexedSnapshot<typeof inputs>): void => {
 *   if (user.status === 'fulfilled') panels.user.show(user.value); // a User
 *   if (orders.status === 'fulfilled') render(orders.value); // an Order[]
 * };
 * forkAsCompletedSnapshots(inputs, 2000).subscribe(show);
 * ```
 */
export type IndexedSnapshot<A extends readonly unknown[]> = AsCompletedSnapshot<
  number extends A['length']
    ? readonly (SettledRecord<InputValue<A[number]>> | PendingRecord)[]
    : {
        readonly [I in keyof A]: I extends `${infer N extends number}`
          ? | (FulfilledRecord<InputValue<A[I]>> & { readonly index: N })
            | (RejectedRecord & { readonly index: N })
            | (TimeoutRecord & { readonly index: N })
            | (AbortedRecord & { readonly index: N })
            | (PendingRecord & { readonly index: N })
          : never;
      }
>;

/**
 * A snapshot of {@link forkAsCompletedSnapshots} for a dictionary of inputs: its `records` are a
 * dictionary with the same keys, each record carrying its `key` and typed with that key's value type,
 * as {@link KeyedSettledRecord} is.
 *
 * @example
 * ```ts
 * import { forkAsCompletedSnapshots, type KeyedSnapshot } from 'rxjs-as-completed/rxjs9';
 *
 * const inputs = { user: getUser(id), feed: getFeed(id) };
 * const show = ({ records: { user, feed } }: KeyedSnapshot<typeof inputs>): void => {
 *   if (user.status === 'fulfilled') panels.user.show(user.value); // a User
 *   if (feed.status === 'fulfilled') panels.feed.show(feed.value); // a Feed
 *   else if (feed.status !== 'pending') panels.feed.hide();
 * };
 * forkAsCompletedSnapshots(inputs, 2000).subscribe(show);
 * ```
 */
export type KeyedSnapshot<D extends InputDictionary> = AsCompletedSnapshot<{
  readonly [K in keyof D & (string | number)]:
    | (FulfilledRecord<InputValue<D[K]>> & { readonly key: `${K}` })
    | (RejectedRecord & { readonly key: `${K}` })
    | (TimeoutRecord & { readonly key: `${K}` })
    | (AbortedRecord & { readonly key: `${K}` })
    | (PendingRecord & { readonly key: `${K}` });
}>;

/**
 * {@link forkAsCompletedSettled} as a state: "forkJoin with partial results". It emits a snapshot of
 * the whole set at subscription, with every input `pending`, then a new one each time an input
 * settles, and completes after the snapshot in which every input has settled. Each snapshot holds every
 * input's record (a settled record, or `{ index, status: 'pending' }`), how many are `settled` and
 * `pending`, and whether the run is `done`: the latest snapshot is all a page needs to render.
 * Like rxjs 9's `forkJoin`, it returns a platform Observable: subscribers that join while it is
 * active share its run, and get its snapshots from the next one on, each of them the whole state.
 *
 * ```
 * a:        --1|
 * b:        -------2|
 *
 *           forkAsCompletedSnapshots([a, b], 5)
 *
 * output:   P--A-(B|)
 *
 * P = { records: [{ index: 0, status: 'pending' }, { index: 1, status: 'pending' }], settled: 0, pending: 2, done: false }
 * A = { records: [{ index: 0, status: 'fulfilled', value: '1' }, { index: 1, status: 'pending' }], settled: 1, pending: 1, done: false }
 * B = { records: [{ index: 0, status: 'fulfilled', value: '1' }, { index: 1, status: 'timeout' }], settled: 2, pending: 0, done: true }
 * ```
 *
 * - The records are those of {@link forkAsCompletedSettled}, by index in an array for an array of
 *   inputs, by key in a dictionary for a dictionary: a tuple's records are typed per index
 *   ({@link IndexedSnapshot}), a dictionary's per key ({@link KeyedSnapshot}).
 * - At the deadline, and when the `signal` aborts, one last snapshot gives each input still pending its
 *   `timeout` or `aborted` record, then the output completes. At an input's own deadline (`each`), that
 *   input's `timeout` record is the next snapshot, and the others go on.
 * - Snapshots are frozen, and share what did not change: a record is the same object from the snapshot
 *   where it first appears on, so `===` tells which inputs changed. Each snapshot is one new object,
 *   with one new array or dictionary of the records.
 * - An empty array or dictionary emits one snapshot, `done`, and completes.
 * - The output errors only for an input that is no input at all, as the settled flavour's does.
 *
 * ## Example
 *
 * ```ts
 * import { forkAsCompletedSnapshots } from 'rxjs-as-completed/rxjs9';
 *
 * forkAsCompletedSnapshots({ user: getUser(id), feed: getFeed(id) }, 2000).subscribe(
 *   ({ records, settled, pending, done }) => {
 *     console.log(`${settled} of ${settled + pending} settled${done ? ': done' : ''}`);
 *     if (records.user.status === 'fulfilled') panels.user.show(records.user.value); // a User
 *     if (records.feed.status === 'rejected') panels.feed.hide();
 *   },
 * );
 * ```
 *
 * @param inputs An array or a dictionary of inputs: Observables, Promises, arrays, iterables, async
 * iterables, or factories `(signal) => input`.
 * @param options The timeout in milliseconds or as a `Date`, or an {@link AsCompletedConfig}.
 * @throws {TypeError | RangeError} At call time, for inputs that are neither an array nor a dictionary, an
 * option that is not valid, or an unknown option.
 */
export function forkAsCompletedSnapshots<A extends readonly AsCompletedInput<unknown>[]>(
  inputs: readonly [...A],
  options?: AsCompletedOptions,
): Observable<IndexedSnapshot<A>>;
export function forkAsCompletedSnapshots<D extends InputDictionary>(
  inputs: D,
  options?: AsCompletedOptions,
): Observable<KeyedSnapshot<D>>;
export function forkAsCompletedSnapshots(
  inputs: readonly AsCompletedInput<unknown>[] | InputDictionary,
  options?: AsCompletedOptions,
): Observable<unknown> {
  return operateOn('forkAsCompletedSnapshots', inputs, options, snapshots);
}
