// What an app writes against `rxjs-as-completed/rxjs9` with rxjs 9: the exports through `[pipe]`, a
// factory that takes the AbortSignal, a settled record narrowed by key (one written as a number too)
// and by a tuple's index, and a string refused.
// scripts/check-consumers.ts installs the packed package beside rxjs 9 and type-checks this file (as
// .mts, .cts and .ts) with each compiler and resolution, skipLibCheck off.
import { TimeoutError } from 'rxjs';
import { pipe } from 'rxjs/pipe';
import {
  asCompleted,
  asCompletedSettled,
  AsCompletedTimeoutError,
  forkAsCompleted,
  forkAsCompletedSettled,
  type InputFactory,
  type KeyedSettledRecord,
  type SettledRecord,
} from 'rxjs-as-completed/rxjs9';

const user: InputFactory<{ name: string }> = (signal: AbortSignal) =>
  Promise.resolve({ name: signal.aborted ? '' : 'Ada' });

const sizes: Observable<number> = Observable.from([Promise.resolve(1), async () => 2])[pipe](
  asCompleted(500),
);
const records: Observable<SettledRecord<number>> = Observable.from([Promise.resolve(1)])[pipe](
  asCompletedSettled({ timeout: 10, concurrent: 1 }),
);
const names: Observable<{ name: string }> = forkAsCompleted([user], 1000);

const dictionary = { user, count: Promise.resolve(1) };
forkAsCompletedSettled(dictionary).subscribe((record: KeyedSettledRecord<typeof dictionary>) => {
  if (record.key === 'user' && record.status === 'fulfilled') console.log(record.value.name);
  if (record.key === 'count' && record.status === 'fulfilled') record.value.toFixed();
});

// A key written as a number is the string Object.keys reads; a tuple's index narrows the value.
forkAsCompletedSettled({ 404: Promise.resolve('Not found'), total: Promise.resolve(2) }).subscribe(
  (record) => {
    if (record.key === '404' && record.status === 'fulfilled') record.value.toUpperCase();
    if (record.key === 'total' && record.status === 'fulfilled') record.value.toFixed();
    // @ts-expect-error the key is a string, not the number it was written as
    if (record.key === 404) record.index.toFixed();
  },
);
forkAsCompletedSettled([user, Promise.resolve(1)]).subscribe((record) => {
  if (record.status === 'fulfilled' && record.index === 0) console.log(record.value.name);
  if (record.status === 'fulfilled' && record.index === 1) record.value.toFixed();
});

sizes.subscribe({
  error: (error: unknown) => {
    if (error instanceof AsCompletedTimeoutError) {
      const timeoutError: TimeoutError = error;
      console.log(timeoutError.name, error.pending, error.emitted, error.timeout);
    }
  },
});

// @ts-expect-error a string is not an input
forkAsCompletedSettled(['/api/user']);

export { names, records };
