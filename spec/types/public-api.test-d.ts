/**
 * Type tests, checked by `tsc` (`npm run test:types`), never run: each `expectTypeOf` fails to compile
 * when the inferred type differs, and each `@ts-expect-error` fails to compile when its line compiles.
 */
import { expectTypeOf } from 'expect-type';
import { from, type Observable, of, type OperatorFunction } from 'rxjs';
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
  type RejectedRecord,
  type SettledRecord,
  type TimeoutRecord,
  AbortedRecord,
} from '../../src';

declare const user: Promise<{ name: string }>;
declare const orders: Observable<readonly number[]>;
declare const mixed: Observable<Observable<number> | Promise<string>>;

describeAsCompleted();
describeAsCompletedSettled();
describeForkAsCompleted();
describeForkAsCompletedSettled();
describeEntries();
describeOptionsAndErrors();

function describeAsCompleted(): void {
  // Observables of different value types: the union of their values.
  expectTypeOf(from([of(1), of('a')]).pipe(asCompleted(10))).toEqualTypeOf<Observable<number | string>>();

  // Promises, arrays and iterables infer their element type, as `from` does.
  expectTypeOf(from([Promise.resolve(1), Promise.resolve(2)]).pipe(asCompleted())).toEqualTypeOf<
    Observable<number>
  >();
  expectTypeOf(of([1, 2, 3], ['a']).pipe(asCompleted())).toEqualTypeOf<Observable<number | string>>();
  expectTypeOf(of(new Set([true])).pipe(asCompleted(null))).toEqualTypeOf<Observable<boolean>>();
  expectTypeOf(mixed.pipe(asCompleted(new Date()))).toEqualTypeOf<Observable<number | string>>();

  // The operator is an ordinary OperatorFunction, so it composes with pipe.
  expectTypeOf(asCompleted<Promise<number>>(5)).toEqualTypeOf<OperatorFunction<Promise<number>, number>>();

  // A source of values that are not inputs is refused.
  // @ts-expect-error numbers are not ObservableInputs
  of(1, 2).pipe(asCompleted());
}

function describeAsCompletedSettled(): void {
  const records = from([user, orders]).pipe(asCompletedSettled(100));
  expectTypeOf(records).toEqualTypeOf<Observable<SettledRecord<{ name: string } | readonly number[]>>>();

  records.subscribe((record) => {
    expectTypeOf(record.index).toEqualTypeOf<number>();
    if (record.status === 'fulfilled') {
      expectTypeOf(record).toEqualTypeOf<FulfilledRecord<{ name: string } | readonly number[]>>();
      expectTypeOf(record.value).toEqualTypeOf<{ name: string } | readonly number[]>();
    } else if (record.status === 'rejected') {
      expectTypeOf(record).toEqualTypeOf<RejectedRecord>();
      expectTypeOf(record.error).toEqualTypeOf<unknown>();
    } else if (record.status === 'timeout') {
      expectTypeOf(record).toEqualTypeOf<TimeoutRecord>();
    } else {
      // Stopped by the signal: the record carries its reason.
      expectTypeOf(record).toEqualTypeOf<AbortedRecord>();
      expectTypeOf(record.reason).toEqualTypeOf<unknown>();
    }
    // @ts-expect-error `value` exists only once `status` is 'fulfilled'
    void record.value;
  });

  records.subscribe((record) => {
    // @ts-expect-error a settled record has no key when the inputs were not a dictionary
    void record.key;
  });
}

function describeForkAsCompleted(): void {
  expectTypeOf(forkAsCompleted([of(1), Promise.resolve('a'), [true]])).toEqualTypeOf<
    Observable<number | string | boolean>
  >();
  expectTypeOf(forkAsCompleted({ user, orders }, 2000)).toEqualTypeOf<
    Observable<{ name: string } | readonly number[]>
  >();
  expectTypeOf(forkAsCompleted([] as Observable<Date>[])).toEqualTypeOf<Observable<Date>>();

  // @ts-expect-error an Observable of inputs is for the asCompleted operator, not the creation function
  forkAsCompleted(of(of(1)));
  // @ts-expect-error a single input is not an array or a dictionary of inputs
  forkAsCompleted(user);
  // @ts-expect-error array elements must be inputs
  forkAsCompleted([of(1), 2]);
}

function describeForkAsCompletedSettled(): void {
  forkAsCompletedSettled({ user, orders, count: of(3) }, { timeout: 2000 }).subscribe((record) => {
    expectTypeOf(record.key).toEqualTypeOf<'user' | 'orders' | 'count'>();
    expectTypeOf(record.index).toEqualTypeOf<number>();
    if (record.status === 'fulfilled') {
      // Narrowing on the key gives that key's own value type.
      if (record.key === 'user') expectTypeOf(record.value).toEqualTypeOf<{ name: string }>();
      else if (record.key === 'orders') expectTypeOf(record.value).toEqualTypeOf<readonly number[]>();
      else expectTypeOf(record.value).toEqualTypeOf<number>();
    } else if (record.status === 'rejected') {
      expectTypeOf(record.error).toEqualTypeOf<unknown>();
    } else if (record.status === 'timeout') {
      expectTypeOf(record).toMatchTypeOf<TimeoutRecord>();
      // @ts-expect-error a timeout record has no value
      void record.value;
    } else {
      expectTypeOf(record).toMatchTypeOf<AbortedRecord>();
      expectTypeOf(record.key).toEqualTypeOf<'user' | 'orders' | 'count'>();
    }
    // @ts-expect-error 'feed' is not a key of the dictionary
    if (record.key === 'feed') return;
  });

  // An array gives records without keys; of unknown length, plain records of the union of the values.
  expectTypeOf(forkAsCompletedSettled([] as Observable<number | string>[])).toEqualTypeOf<
    Observable<SettledRecord<number | string>>
  >();
  expectTypeOf<IndexedSettledRecord<Observable<number>[]>>().toEqualTypeOf<SettledRecord<number>>();
}

function describeSettledRecordsOfATuple(): void {
  // A tuple: the index is a literal, and narrowing on it and on the status narrows the value, as entries do.
  forkAsCompletedSettled([user, orders]).subscribe((record) => {
    expectTypeOf(record.index).toEqualTypeOf<0 | 1>();
    if (record.status === 'fulfilled' && record.index === 0)
      expectTypeOf(record.value).toEqualTypeOf<{ name: string }>();
    if (record.status === 'fulfilled' && record.index === 1)
      expectTypeOf(record.value).toEqualTypeOf<readonly number[]>();
    if (record.status === 'fulfilled') {
      // Narrowed on the status alone, the value is any input's.
      expectTypeOf(record.value).toEqualTypeOf<{ name: string } | readonly number[]>();
      expectTypeOf(record).toMatchTypeOf<FulfilledRecord<{ name: string } | readonly number[]>>();
    }
    if (record.status === 'rejected') {
      expectTypeOf(record.index).toEqualTypeOf<0 | 1>();
      expectTypeOf(record).toMatchTypeOf<RejectedRecord>();
    }
    // @ts-expect-error the tuple has no third input
    if (record.index === 2) return;
    // @ts-expect-error `value` exists only once `status` is 'fulfilled'
    void record.value;
    // @ts-expect-error a settled record has no key when the inputs were not a dictionary
    void record.key;
  });

  // Each record is still a SettledRecord of the union of the values: subscribers typed for it compile.
  forkAsCompletedSettled([user, orders]).subscribe(
    (record: SettledRecord<{ name: string } | readonly number[]>) => void record,
  );
  expectTypeOf<IndexedSettledRecord<[typeof user, typeof orders]>>().toMatchTypeOf<
    SettledRecord<{ name: string } | readonly number[]>
  >();

  // The fulfilled record is the entry with a status: code that reads `index` and `value` takes both.
  const render = (
    part:
      | { readonly index: 0; readonly value: { name: string } }
      | { readonly index: 1; readonly value: readonly number[] },
  ): void => void part;
  forkAsCompletedEntries([user, orders]).subscribe(render);
  forkAsCompletedSettled([user, orders]).subscribe((record) => {
    if (record.status === 'fulfilled') render(record);
  });
}

describeSettledRecordsOfATuple();

declare const report: Observable<{ readonly title: string }>;
declare const meta: unique symbol;

function describeKeysWrittenAsNumbers(): void {
  // Object.keys reads `2024` as '2024': the key is that string, and narrowing on it narrows the value.
  const years = { 2024: report, 2025: report, total: of(3) };
  forkAsCompletedEntries(years).subscribe((entry) => {
    expectTypeOf(entry.key).toEqualTypeOf<'2024' | '2025' | 'total'>();
    if (entry.key === 'total') expectTypeOf(entry.value).toEqualTypeOf<number>();
    else expectTypeOf(entry.value).toEqualTypeOf<{ readonly title: string }>();
    if (entry.key === '2024') expectTypeOf(entry.value).toEqualTypeOf<{ readonly title: string }>();
    // @ts-expect-error a report has no toFixed: only the 'total' entry is a number
    void entry.value.toFixed;
    // @ts-expect-error the key is the string Object.keys gives, not the number it was written as
    if (entry.key === 2024) return;
  });
  forkAsCompletedSettled(years).subscribe((record) => {
    expectTypeOf(record.key).toEqualTypeOf<'2024' | '2025' | 'total'>();
    if (record.status === 'fulfilled' && record.key === '2025')
      expectTypeOf(record.value).toEqualTypeOf<{ readonly title: string }>();
    if (record.status === 'fulfilled' && record.key === 'total')
      expectTypeOf(record.value).toEqualTypeOf<number>();
  });
  expectTypeOf(forkAsCompleted(years)).toEqualTypeOf<Observable<{ readonly title: string } | number>>();

  // Only keys written as numbers: every flavour keeps them, none collapses to `never`.
  const pages = { 404: of('Not found'), 500: of(500) };
  expectTypeOf<KeyedSettledRecord<typeof pages>>().not.toBeNever();
  expectTypeOf<KeyedEntry<typeof pages>>().not.toBeNever();
  forkAsCompletedSettled(pages).subscribe((record) => {
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
  forkAsCompletedEntries(pages).subscribe((entry) => {
    expectTypeOf(entry.key).toEqualTypeOf<'404' | '500'>();
    if (entry.key === '500') expectTypeOf(entry.value).toEqualTypeOf<number>();
    // @ts-expect-error an entry is not a string (a `never` would be assignable to anything)
    const text: string = entry;
    void text;
  });
  expectTypeOf(forkAsCompleted(pages)).toEqualTypeOf<Observable<string | number>>();

  // The string JavaScript writes for the number, as Object.keys gives it.
  forkAsCompletedEntries({ 1.5: of(1), 0x10: of(2), 1e21: of(3) }).subscribe((entry) =>
    expectTypeOf(entry.key).toEqualTypeOf<'1.5' | '16' | '1e+21'>(),
  );

  // Symbol keys are not read by Object.keys, so they give no record, entry or value.
  const tagged = { user, [meta]: of('not read') };
  expectTypeOf(forkAsCompleted(tagged)).toEqualTypeOf<Observable<{ name: string }>>();
  expectTypeOf(forkAsCompletedEntries(tagged)).toEqualTypeOf<
    Observable<AsCompletedEntry<{ name: string }> & { readonly key: 'user' }>
  >();
  forkAsCompletedSettled(tagged).subscribe((record) => expectTypeOf(record.key).toEqualTypeOf<'user'>());

  // A dictionary typed only as one: any string key, the values' type.
  expectTypeOf<KeyedEntry<InputDictionary>>().toEqualTypeOf<
    AsCompletedEntry<unknown> & { readonly key: string }
  >();
  expectTypeOf<KeyedEntry<Record<string, Observable<number>>>>().toEqualTypeOf<
    AsCompletedEntry<number> & { readonly key: string }
  >();
}

describeKeysWrittenAsNumbers();

function describeOptionsAndErrors(): void {
  const config: AsCompletedConfig = { timeout: new Date(), concurrent: 4 };
  expectTypeOf(config).toMatchTypeOf<AsCompletedOptions>();
  expectTypeOf<undefined>().not.toMatchTypeOf<AsCompletedOptions>();
  expectTypeOf<null>().toMatchTypeOf<AsCompletedOptions>();
  expectTypeOf(asCompleted).parameter(0).toEqualTypeOf<AsCompletedOptions | undefined>();
  expectTypeOf(asCompletedSettled).parameter(0).toEqualTypeOf<AsCompletedOptions | undefined>();

  // @ts-expect-error a timeout is a number of milliseconds or a Date, not a string
  asCompleted('5s');
  // @ts-expect-error the config has no `deadline` option
  asCompleted({ deadline: 5 });
  // @ts-expect-error `concurrent` is a number
  asCompletedSettled({ concurrent: '2' });
  // @ts-expect-error a scheduler needs `now` and `schedule`
  asCompleted({ scheduler: {} });
  // @ts-expect-error the options come after the inputs
  forkAsCompleted(1000, [of(1)]);

  const error = new AsCompletedTimeoutError([0, 2], 1, 5000, 5000);
  expectTypeOf(error.pending).toEqualTypeOf<readonly number[]>();
  expectTypeOf(error.pendingKeys).toEqualTypeOf<readonly string[] | null>();
  expectTypeOf(
    new AsCompletedTimeoutError([0], 1, 5000, 5000, 'timed out', ['user']).pendingKeys,
  ).toEqualTypeOf<readonly string[] | null>();
  // @ts-expect-error the keys are strings
  new AsCompletedTimeoutError([0], 1, 5000, 5000, 'timed out', [0]);
  expectTypeOf(error.emitted).toEqualTypeOf<number>();
  expectTypeOf(error.deadline).toEqualTypeOf<number>();
  expectTypeOf(error.timeout).toEqualTypeOf<number>();
}

describeInputsThatAreNotInputs();

function describeInputsThatAreNotInputs(): void {
  // @ts-expect-error a string is an iterable of characters, not an input: a URL given instead of a request
  of('/a', '/bc').pipe(asCompleted());
  // @ts-expect-error the same in the settled flavour
  of('/a').pipe(asCompletedSettled());
  // @ts-expect-error and among the inputs of a creation function
  forkAsCompleted([of(1), '/a']);
  // @ts-expect-error or a dictionary's
  forkAsCompletedSettled({ user: of(1), url: '/a' });
  // Arrays of strings stay inputs: their values are the strings.
  expectTypeOf(of(['a', 'b']).pipe(asCompleted())).toEqualTypeOf<Observable<string>>();
}

describeFactories();

function describeFactories(): void {
  interface User {
    readonly name: string;
  }
  const getUser = (signal: AbortSignal): Promise<User> =>
    fetch('/user', { signal }).then((response) => response.json() as Promise<User>);

  // The value type is what the factory's input gives.
  expectTypeOf(from([getUser]).pipe(asCompleted())).toEqualTypeOf<Observable<User>>();
  expectTypeOf(of(getUser, () => of(1)).pipe(asCompleted())).toEqualTypeOf<Observable<User | number>>();
  expectTypeOf(forkAsCompleted([getUser, () => [true]])).toEqualTypeOf<Observable<User | boolean>>();

  // Settled records of a dictionary keep each key's type, for factories too.
  forkAsCompletedSettled({ user: getUser, count: of(1) }).subscribe((record) => {
    if (record.status === 'fulfilled' && record.key === 'user')
      expectTypeOf(record.value).toEqualTypeOf<User>();
    if (record.status === 'fulfilled' && record.key === 'count')
      expectTypeOf(record.value).toEqualTypeOf<number>();
  });

  // The factory is given an AbortSignal.
  forkAsCompleted([(signal) => (expectTypeOf(signal).toEqualTypeOf<AbortSignal>(), of(1))]);

  // @ts-expect-error a factory must return an input
  forkAsCompleted([() => 42]);
  // @ts-expect-error nor a string
  forkAsCompleted([() => '/a']);
}

function describeEntries(): void {
  // A dictionary: each entry carries its key, and narrowing on the key narrows the value.
  forkAsCompletedEntries({ user, orders, count: of(3) }, { timeout: 2000, each: 500 }).subscribe((entry) => {
    expectTypeOf(entry.key).toEqualTypeOf<'user' | 'orders' | 'count'>();
    expectTypeOf(entry.index).toEqualTypeOf<number>();
    if (entry.key === 'user') expectTypeOf(entry.value).toEqualTypeOf<{ name: string }>();
    else if (entry.key === 'orders') expectTypeOf(entry.value).toEqualTypeOf<readonly number[]>();
    else expectTypeOf(entry.value).toEqualTypeOf<number>();
    // @ts-expect-error 'feed' is not a key of the dictionary
    if (entry.key === 'feed') return;
  });
  // Destructured, as a subscriber usually takes it: the narrowing holds.
  forkAsCompletedEntries({ user, orders }).subscribe(({ key, value }) => {
    if (key === 'user') expectTypeOf(value).toEqualTypeOf<{ name: string }>();
    else expectTypeOf(value).toEqualTypeOf<readonly number[]>();
  });
  expectTypeOf<KeyedEntry<{ user: typeof user }>>().toEqualTypeOf<
    AsCompletedEntry<{ name: string }> & { readonly key: 'user' }
  >();

  // A tuple: the index is a literal, and narrowing on it narrows the value.
  forkAsCompletedEntries([of(3), user]).subscribe((entry) => {
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
  expectTypeOf(mixed.pipe(asCompletedEntries(100))).toEqualTypeOf<
    Observable<AsCompletedEntry<number | string>>
  >();
}

describeSnapshots();

function describeSnapshots(): void {
  // A dictionary: records by key, each typed with its key's value type, and the counts.
  forkAsCompletedSnapshots({ user, orders, count: of(3) }, 2000).subscribe((snapshot) => {
    expectTypeOf(snapshot.settled).toEqualTypeOf<number>();
    expectTypeOf(snapshot.pending).toEqualTypeOf<number>();
    expectTypeOf(snapshot.done).toEqualTypeOf<boolean>();
    const { user: userRecord, orders: ordersRecord, count } = snapshot.records;
    expectTypeOf(userRecord.key).toEqualTypeOf<'user'>();
    expectTypeOf(userRecord.status).toEqualTypeOf<
      'fulfilled' | 'rejected' | 'timeout' | 'aborted' | 'pending'
    >();
    if (userRecord.status === 'fulfilled') expectTypeOf(userRecord.value).toEqualTypeOf<{ name: string }>();
    if (ordersRecord.status === 'fulfilled')
      expectTypeOf(ordersRecord.value).toEqualTypeOf<readonly number[]>();
    if (count.status === 'pending') {
      expectTypeOf(count).toMatchTypeOf<PendingRecord>();
      // @ts-expect-error a pending record has no value
      void count.value;
    }
    // @ts-expect-error 'feed' is not a key of the dictionary
    void snapshot.records.feed;
    // @ts-expect-error a snapshot is read-only
    snapshot.records.user = userRecord;
    // @ts-expect-error a snapshot is read-only
    snapshot.done = true;
  });
  expectTypeOf(forkAsCompletedSnapshots({ user })).toEqualTypeOf<
    Observable<KeyedSnapshot<{ user: typeof user }>>
  >();

  // A tuple: a tuple of records, each with a literal index and its input's value type.
  forkAsCompletedSnapshots([user, orders]).subscribe(({ records }) => {
    expectTypeOf(records).toMatchTypeOf<readonly [unknown, unknown]>();
    const [first, second] = records;
    expectTypeOf(first.index).toEqualTypeOf<0>();
    expectTypeOf(second.index).toEqualTypeOf<1>();
    if (first.status === 'fulfilled') expectTypeOf(first.value).toEqualTypeOf<{ name: string }>();
    if (second.status === 'fulfilled') expectTypeOf(second.value).toEqualTypeOf<readonly number[]>();
    if (second.status === 'aborted') expectTypeOf(second.reason).toEqualTypeOf<unknown>();
    // @ts-expect-error the tuple has no third input
    void records[2];
    // @ts-expect-error records from an array carry no key
    void first.key;
  });

  // An array of unknown length: an array of records of the union of the values.
  expectTypeOf(forkAsCompletedSnapshots([] as Observable<number | string>[])).toEqualTypeOf<
    Observable<AsCompletedSnapshot<readonly (SettledRecord<number | string> | PendingRecord)[]>>
  >();
  expectTypeOf<IndexedSnapshot<[]>['records']>().toEqualTypeOf<readonly []>();
  expectTypeOf<KeyedSnapshot<Record<never, never>>['records']>().toEqualTypeOf<Record<never, never>>();

  // Keys written as numbers are the strings Object.keys reads; symbol keys are no inputs.
  forkAsCompletedSnapshots({ 2024: report, total: of(3), [meta]: of(0) }).subscribe(({ records }) => {
    expectTypeOf(records[2024].key).toEqualTypeOf<'2024'>();
    if (records.total.status === 'fulfilled') expectTypeOf(records.total.value).toEqualTypeOf<number>();
  });

  // @ts-expect-error a string is not an input
  forkAsCompletedSnapshots({ user, url: '/a' });
  // @ts-expect-error no option named timeOut
  forkAsCompletedSnapshots([user], { timeOut: 5 });
}
