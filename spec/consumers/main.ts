// What an app writes against `rxjs-as-completed`: every export, inference through `pipe`, a factory
// that takes the AbortSignal, a settled record narrowed by key (one written as a number too) and by a
// tuple's index, and a string refused. scripts/check-consumers.ts installs the packed package and
// type-checks this file (as .mts, .cts and .ts) with each compiler and resolution, skipLibCheck off,
// so that the published declarations themselves are checked.
import { from, of, TimeoutError, type Observable, type OperatorFunction } from 'rxjs';
import {
  asCompleted,
  asCompletedSettled,
  AsCompletedTimeoutError,
  forkAsCompleted,
  forkAsCompletedSettled,
  type AsCompletedConfig,
  type AsCompletedInput,
  type AsCompletedOptions,
  type InputDictionary,
  type InputFactory,
  type InputValue,
  type KeyedSettledRecord,
  type SettledRecord,
} from 'rxjs-as-completed';

const user: InputFactory<{ name: string }> = (signal: AbortSignal) =>
  Promise.resolve({ name: signal.aborted ? '' : 'Ada' });
const inputs: AsCompletedInput<number>[] = [of(1), Promise.resolve(2), async () => 3];
const config: AsCompletedConfig = { timeout: new Date(Date.now() + 5000), concurrent: 2 };
const options: AsCompletedOptions = config;

const values: Observable<number> = from(inputs).pipe(asCompleted(500));
const operator: OperatorFunction<Promise<string>, string> = asCompleted<Promise<string>>(options);
const records: Observable<SettledRecord<number>> = from(inputs).pipe(asCompletedSettled({ timeout: 10 }));
const names: Observable<{ name: string }> = forkAsCompleted([user], 1000);

const dictionary = { user, count: of(1) } satisfies InputDictionary;
type Name = InputValue<typeof user>;
const name: Name = { name: 'Ada' };
forkAsCompletedSettled(dictionary, null).subscribe((record: KeyedSettledRecord<typeof dictionary>) => {
  if (record.key === 'user' && record.status === 'fulfilled') name.name = record.value.name;
  if (record.key === 'count' && record.status === 'fulfilled') record.value.toFixed();
  if (record.status === 'timeout') record.index.toFixed();
});

// A key written as a number is the string Object.keys reads; a tuple's index narrows the value.
forkAsCompletedSettled({ 404: of('Not found'), total: of(2) }).subscribe((record) => {
  if (record.key === '404' && record.status === 'fulfilled') record.value.toUpperCase();
  if (record.key === 'total' && record.status === 'fulfilled') record.value.toFixed();
  // @ts-expect-error the key is a string, not the number it was written as
  if (record.key === 404) record.index.toFixed();
});
forkAsCompletedSettled([user, of(1)]).subscribe((record) => {
  if (record.status === 'fulfilled' && record.index === 0) name.name = record.value.name;
  if (record.status === 'fulfilled' && record.index === 1) record.value.toFixed();
});

values.subscribe({
  error: (error: unknown) => {
    if (error instanceof AsCompletedTimeoutError) {
      const timeoutError: TimeoutError = error;
      const pending: readonly (number | string)[] = error.pending;
      console.log(timeoutError.name, pending, error.emitted, error.timeout);
    }
  },
});

// @ts-expect-error a string is not an input (from() would read it as its characters)
forkAsCompleted(['/api/user']);

export { names, operator, records };
