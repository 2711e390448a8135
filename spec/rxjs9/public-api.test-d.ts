/**
 * Type tests of `rxjs-as-completed/rxjs9` against rxjs 9, checked by `tsc -p spec/rxjs9` (`npm run
 * test:rxjs9`), never run: each `expectTypeOf` fails to compile when the inferred type differs, and
 * each `@ts-expect-error` fails to compile when its line compiles.
 */
import { expectTypeOf } from 'expect-type';
import { TimeoutError } from 'rxjs';
import { pipe } from 'rxjs/pipe';
import {
  asCompleted,
  asCompletedEntries,
  forkAsCompletedEntries,
  type AsCompletedEntry,
  type IndexedEntry,
  type IndexedSettledRecord,
  type InputDictionary,
  type KeyedEntry,
  type KeyedSettledRecord,
  asCompletedSettled,
  AsCompletedTimeoutError,
  forkAsCompleted,
  forkAsCompletedSettled,
  forkAsCompletedSnapshots,
  type AsCompletedSnapshot,
  type IndexedSnapshot,
  type KeyedSnapshot,
  type PendingRecord,
  type AsCompletedConfig,
  type AsCompletedOptions,
  type FulfilledRecord,
  type InputValue,
  type RejectedRecord,
  type SettledRecord,
  type TimeoutRecord,
  type AbortedRecord,
} from 'rxjs-as-completed/rxjs9';

declare const user: Promise<{ name: string }>;
declare const orders: Observable<readonly number[]>;
declare const mixed: Observable<Observable<number> | Promise<string>>;
declare const numbers: Observable<number>;
declare const words: Observable<string>;
declare const pages: AsyncIterable<Uint8Array>;
declare const report: Observable<{ readonly title: string }>;
declare const meta: unique symbol;

describeAsCompleted();
describeFactories();
describeAsCompletedSettled();
describeForkAsCompleted();
describeForkAsCompletedSettled();
describeEntries();
describeOptionsAndErrors();
describeInputsThatAreNotInputs();
describeSettledRecordsOfATuple();
describeKeysWrittenAsNumbers();
describeSnapshots();

function describeAsCompleted(): void {
  // Observables of different value types: the union of their values.
  expectTypeOf(Observable.from([numbers, words])[pipe](asCompleted(10))).toEqualTypeOf<
    Observable<number | string>
  >();

  // Promises, arrays, iterables and async iterables infer their element type, as Observable.from does.
  expectTypeOf(Observable.from([Promise.resolve(1), Promise.resolve(2)])[pipe](asCompleted())).toEqualTypeOf<
    Observable<number>
  >();
  expectTypeOf(Observable.from([[1, 2, 3], ['a']])[pipe](asCompleted())).toEqualTypeOf<
    Observable<number | string>
  >();
  expectTypeOf(Observable.from([new Set([true])])[pipe](asCompleted(null))).toEqualTypeOf<
    Observable<boolean>
  >();
  expectTypeOf(mixed[pipe](asCompleted(new Date()))).toEqualTypeOf<Observable<number | string>>();
  expectTypeOf(Observable.from([pages])[pipe](asCompleted())).toEqualTypeOf<Observable<Uint8Array>>();

  // The operator is a plain function from an Observable to an Observable, what [pipe] takes.
  expectTypeOf(asCompleted<Promise<number>>(5)).toEqualTypeOf<
    (source: Observable<Promise<number>>) => Observable<number>
  >();

  // A source of values that are not inputs is refused.
  // @ts-expect-error numbers are not inputs
  numbers[pipe](asCompleted());
}

function describeFactories(): void {
  const fetchUser = (signal: AbortSignal): Promise<{ name: string }> => {
    expectTypeOf(signal).toEqualTypeOf<AbortSignal>();
    return user;
  };
  expectTypeOf(Observable.from([fetchUser])[pipe](asCompleted(5000))).toEqualTypeOf<
    Observable<{ name: string }>
  >();
  expectTypeOf(forkAsCompleted([fetchUser, () => numbers])).toEqualTypeOf<
    Observable<{ name: string } | number>
  >();
  expectTypeOf<InputValue<typeof fetchUser>>().toEqualTypeOf<{ name: string }>();
  // @ts-expect-error a factory returns an input, not a plain value
  forkAsCompleted([() => 42]);
}

function describeAsCompletedSettled(): void {
  const records = Observable.from([user, orders] as const)[pipe](asCompletedSettled(100));
  expectTypeOf(records).toEqualTypeOf<Observable<SettledRecord<{ name: string } | readonly number[]>>>();

  records.subscribe((record) => {
    expectTypeOf(record.index).toEqualTypeOf<number>();
    if (record.status === 'fulfilled') {
      expectTypeOf(record).toEqualTypeOf<FulfilledRecord<{ name: string } | readonly number[]>>();
    } else if (record.status === 'rejected') {
      expectTypeOf(record).toEqualTypeOf<RejectedRecord>();
      expectTypeOf(record.error).toEqualTypeOf<unknown>();
    } else if (record.status === 'timeout') {
      expectTypeOf(record).toEqualTypeOf<TimeoutRecord>();
    } else {
      expectTypeOf(record).toEqualTypeOf<AbortedRecord>();
      expectTypeOf(record.reason).toEqualTypeOf<unknown>();
    }
    // @ts-expect-error `value` exists only once `status` is 'fulfilled'
    void record.value;
    // @ts-expect-error a settled record has no key when the inputs were not a dictionary
    void record.key;
  });
}

function describeForkAsCompleted(): void {
  expectTypeOf(forkAsCompleted([numbers, Promise.resolve('a'), [true]])).toEqualTypeOf<
    Observable<number | string | boolean>
  >();
  expectTypeOf(forkAsCompleted({ user, orders }, 2000)).toEqualTypeOf<
    Observable<{ name: string } | readonly number[]>
  >();

  // @ts-expect-error an Observable of inputs is for the asCompleted operator, not the creation function
  forkAsCompleted(Observable.from([numbers]));
  // @ts-expect-error a single input is not an array or a dictionary of inputs
  forkAsCompleted(user);
  // @ts-expect-error array elements must be inputs
  forkAsCompleted([numbers, 2]);
}

function describeForkAsCompletedSettled(): void {
  forkAsCompletedSettled({ user, orders, count: numbers }, { timeout: 2000 }).subscribe((record) => {
    expectTypeOf(record.key).toEqualTypeOf<'user' | 'orders' | 'count'>();
    if (record.status === 'fulfilled') {
      // Narrowing on the key gives that key's own value type.
      if (record.key === 'user') expectTypeOf(record.value).toEqualTypeOf<{ name: string }>();
      else if (record.key === 'orders') expectTypeOf(record.value).toEqualTypeOf<readonly number[]>();
      else expectTypeOf(record.value).toEqualTypeOf<number>();
    }
    // @ts-expect-error 'feed' is not a key of the dictionary
    if (record.key === 'feed') return;
  });

  // An array of unknown length gives plain records of the union of the values.
  expectTypeOf(forkAsCompletedSettled([] as Observable<number | string>[])).toEqualTypeOf<
    Observable<SettledRecord<number | string>>
  >();
  expectTypeOf<IndexedSettledRecord<Observable<number>[]>>().toEqualTypeOf<SettledRecord<number>>();
}

function describeSettledRecordsOfATuple(): void {
  // A tuple: the index is a literal, and narrowing on it and on the status narrows the value, as entries do.
  forkAsCompletedSettled([numbers, words]).subscribe((record) => {
    expectTypeOf(record.index).toEqualTypeOf<0 | 1>();
    if (record.status === 'fulfilled' && record.index === 0)
      expectTypeOf(record.value).toEqualTypeOf<number>();
    if (record.status === 'fulfilled' && record.index === 1)
      expectTypeOf(record.value).toEqualTypeOf<string>();
    if (record.status === 'fulfilled') expectTypeOf(record.value).toEqualTypeOf<number | string>();
    // @ts-expect-error the tuple has no third input
    if (record.index === 2) return;
    // @ts-expect-error a settled record has no key when the inputs were not a dictionary
    void record.key;
  });
  // Each record is still a SettledRecord of the union of the values: subscribers typed for it compile.
  forkAsCompletedSettled([numbers, words]).subscribe((record: SettledRecord<number | string>) => void record);

  // The fulfilled record is the entry with a status: code that reads `index` and `value` takes both.
  const render = (
    part: { readonly index: 0; readonly value: number } | { readonly index: 1; readonly value: string },
  ): void => void part;
  forkAsCompletedEntries([numbers, words]).subscribe(render);
  forkAsCompletedSettled([numbers, words]).subscribe((record) => {
    if (record.status === 'fulfilled') render(record);
  });
}

function describeKeysWrittenAsNumbers(): void {
  // Object.keys reads `2024` as '2024': the key is that string, and narrowing on it narrows the value.
  const years = { 2024: report, 2025: report, total: numbers };
  forkAsCompletedEntries(years).subscribe((entry) => {
    expectTypeOf(entry.key).toEqualTypeOf<'2024' | '2025' | 'total'>();
    if (entry.key === 'total') expectTypeOf(entry.value).toEqualTypeOf<number>();
    else expectTypeOf(entry.value).toEqualTypeOf<{ readonly title: string }>();
    // @ts-expect-error a report has no toFixed: only the 'total' entry is a number
    void entry.value.toFixed;
    // @ts-expect-error the key is the string Object.keys gives, not the number it was written as
    if (entry.key === 2024) return;
  });
  forkAsCompletedSettled(years).subscribe((record) => {
    if (record.status === 'fulfilled' && record.key === '2025')
      expectTypeOf(record.value).toEqualTypeOf<{ readonly title: string }>();
  });
  expectTypeOf(forkAsCompleted(years)).toEqualTypeOf<Observable<{ readonly title: string } | number>>();

  // Only keys written as numbers: every flavour keeps them, none collapses to `never`.
  const statuses = { 404: words, 500: numbers };
  expectTypeOf<KeyedSettledRecord<typeof statuses>>().not.toBeNever();
  expectTypeOf<KeyedEntry<typeof statuses>>().not.toBeNever();
  forkAsCompletedSettled(statuses).subscribe((record) => {
    expectTypeOf(record.key).toEqualTypeOf<'404' | '500'>();
    if (record.status === 'fulfilled' && record.key === '404') {
      expectTypeOf(record.value).toEqualTypeOf<string>();
      // @ts-expect-error the '404' input's value is a string
      void record.value.toFixed;
    }
    // @ts-expect-error a record is not a number (a `never` would be assignable to anything)
    const status: number = record;
    void status;
  });
  forkAsCompletedEntries(statuses).subscribe((entry) => {
    if (entry.key === '500') expectTypeOf(entry.value).toEqualTypeOf<number>();
    // @ts-expect-error an entry is not a string (a `never` would be assignable to anything)
    const text: string = entry;
    void text;
  });
  expectTypeOf(forkAsCompleted(statuses)).toEqualTypeOf<Observable<string | number>>();

  // Symbol keys are not read by Object.keys, so they give no record, entry or value.
  const tagged = { user, [meta]: words };
  expectTypeOf(forkAsCompleted(tagged)).toEqualTypeOf<Observable<{ name: string }>>();
  forkAsCompletedEntries(tagged).subscribe((entry) => expectTypeOf(entry.key).toEqualTypeOf<'user'>());
  forkAsCompletedSettled(tagged).subscribe((record) => expectTypeOf(record.key).toEqualTypeOf<'user'>());

  // A dictionary typed only as one: any string key.
  expectTypeOf<KeyedEntry<InputDictionary>>().toEqualTypeOf<
    AsCompletedEntry<unknown> & { readonly key: string }
  >();
}

function describeOptionsAndErrors(): void {
  const config: AsCompletedConfig = { timeout: new Date(), concurrent: 4 };
  expectTypeOf(config).toMatchTypeOf<AsCompletedOptions>();
  expectTypeOf(asCompleted).parameter(0).toEqualTypeOf<AsCompletedOptions | undefined>();

  // @ts-expect-error a timeout is a number of milliseconds or a Date, not a string
  asCompleted('5s');
  // @ts-expect-error `concurrent` is a number
  asCompletedSettled({ concurrent: '2' });
  // @ts-expect-error rxjs 9 has no schedulers, so there is no `scheduler` option
  asCompleted({ timeout: 5, scheduler: {} });
  // @ts-expect-error the options come after the inputs
  forkAsCompleted(1000, [numbers]);

  const error = new AsCompletedTimeoutError([0, 2], 1, 5000, 5000);
  expectTypeOf(error).toMatchTypeOf<TimeoutError<unknown, null>>();
  expectTypeOf(error.pending).toEqualTypeOf<readonly number[]>();
  expectTypeOf(error.pendingKeys).toEqualTypeOf<readonly string[] | null>();
  expectTypeOf(
    new AsCompletedTimeoutError([0], 1, 5000, 5000, 'timed out', ['user']).pendingKeys,
  ).toEqualTypeOf<readonly string[] | null>();
  // @ts-expect-error the keys are strings
  new AsCompletedTimeoutError([0], 1, 5000, 5000, 'timed out', [0]);
  expectTypeOf(error.deadline).toEqualTypeOf<number>();
}

function describeInputsThatAreNotInputs(): void {
  // @ts-expect-error a string is an iterable of characters, not an input: a URL given instead of a request
  Observable.from(['/a', '/bc'])[pipe](asCompleted());
  // @ts-expect-error the same in the settled flavour
  words[pipe](asCompletedSettled());
  // @ts-expect-error and among the inputs of a creation function
  forkAsCompleted([numbers, '/a']);
  // @ts-expect-error or a dictionary's
  forkAsCompletedSettled({ user: numbers, url: '/a' });
  // Arrays of strings stay inputs: their values are the strings.
  expectTypeOf(Observable.from([['a', 'b']])[pipe](asCompleted())).toEqualTypeOf<Observable<string>>();
}

function describeEntries(): void {
  // A dictionary: each entry carries its key, and narrowing on the key narrows the value.
  forkAsCompletedEntries({ user, orders, count: numbers }, { timeout: 2000, each: 500 }).subscribe(
    (entry) => {
      expectTypeOf(entry.key).toEqualTypeOf<'user' | 'orders' | 'count'>();
      expectTypeOf(entry.index).toEqualTypeOf<number>();
      if (entry.key === 'user') expectTypeOf(entry.value).toEqualTypeOf<{ name: string }>();
      else if (entry.key === 'orders') expectTypeOf(entry.value).toEqualTypeOf<readonly number[]>();
      else expectTypeOf(entry.value).toEqualTypeOf<number>();
      // @ts-expect-error 'feed' is not a key of the dictionary
      if (entry.key === 'feed') return;
    },
  );
  // Destructured, as a subscriber usually takes it: the narrowing holds.
  forkAsCompletedEntries({ user, orders }).subscribe(({ key, value }) => {
    if (key === 'user') expectTypeOf(value).toEqualTypeOf<{ name: string }>();
    else expectTypeOf(value).toEqualTypeOf<readonly number[]>();
  });
  expectTypeOf<KeyedEntry<{ user: typeof user }>>().toEqualTypeOf<
    AsCompletedEntry<{ name: string }> & { readonly key: 'user' }
  >();

  // A tuple: the index is a literal, and narrowing on it narrows the value.
  forkAsCompletedEntries([numbers, user]).subscribe((entry) => {
    expectTypeOf(entry.index).toEqualTypeOf<0 | 1>();
    if (entry.index === 0) expectTypeOf(entry.value).toEqualTypeOf<number>();
    else expectTypeOf(entry.value).toEqualTypeOf<{ name: string }>();
    // @ts-expect-error an array's entries have no key
    void entry.key;
  });
  // An array of unknown length: any index, the union of the values.
  expectTypeOf(forkAsCompletedEntries([] as (typeof user)[])).toEqualTypeOf<
    Observable<AsCompletedEntry<{ name: string }>>
  >();
  expectTypeOf<IndexedEntry<(typeof user)[]>>().toEqualTypeOf<AsCompletedEntry<{ name: string }>>();

  // The operator: the index of the input in the source.
  expectTypeOf(mixed[pipe](asCompletedEntries(100))).toEqualTypeOf<
    Observable<AsCompletedEntry<number | string>>
  >();
}

function describeSnapshots(): void {
  // A dictionary: records by key, each typed with its key's value type; a platform Observable of them.
  expectTypeOf(forkAsCompletedSnapshots({ user, orders }, 2000)).toEqualTypeOf<
    Observable<KeyedSnapshot<{ user: typeof user; orders: typeof orders }>>
  >();
  forkAsCompletedSnapshots({ user, orders }, 2000).subscribe(({ records, settled, pending, done }) => {
    expectTypeOf(settled).toEqualTypeOf<number>();
    expectTypeOf(pending).toEqualTypeOf<number>();
    expectTypeOf(done).toEqualTypeOf<boolean>();
    expectTypeOf(records.user.key).toEqualTypeOf<'user'>();
    if (records.user.status === 'fulfilled')
      expectTypeOf(records.user.value).toEqualTypeOf<{ name: string }>();
    if (records.orders.status === 'pending') expectTypeOf(records.orders).toMatchTypeOf<PendingRecord>();
    // @ts-expect-error 'feed' is not a key of the dictionary
    void records.feed;
  });

  // A tuple: a tuple of records with literal indices; an array of unknown length: the union.
  forkAsCompletedSnapshots([numbers, words]).subscribe(({ records: [first, second] }) => {
    expectTypeOf(first.index).toEqualTypeOf<0>();
    if (first.status === 'fulfilled') expectTypeOf(first.value).toEqualTypeOf<number>();
    if (second.status === 'fulfilled') expectTypeOf(second.value).toEqualTypeOf<string>();
  });
  expectTypeOf<IndexedSnapshot<Observable<number>[]>>().toEqualTypeOf<
    AsCompletedSnapshot<readonly (SettledRecord<number> | PendingRecord)[]>
  >();
}
