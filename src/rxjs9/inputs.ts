// Made from src/inputs.ts by `npm run generate:entries`, with the edits of scripts/entries/rxjs9.ts: edit those.
import 'rxjs';

/**
 * An input given as a recipe: a function that starts the work when the operator subscribes to it, as
 * asyncio starts a coroutine when it schedules it. It is called with an `AbortSignal` that is aborted
 * if the input is torn down before it settles (a `DOMException` named `'TimeoutError'` at the deadline,
 * `'AbortError'` otherwise), so `(signal) => fetch(url, { signal })` is lazy, bounded by `concurrent`
 * and cancelled at the deadline, where a `fetch(url)` Promise is already running and cannot be.
 *
 * @example
 * ```ts
 * import { forkAsCompleted, type InputFactory } from 'rxjs-as-completed/rxjs9';
 *
 * const user: InputFactory<Response> = (signal) => fetch('/api/user', { signal });
 * forkAsCompleted([user], 5000).subscribe((response) => console.log(response.status));
 * ```
 */
export type InputFactory<T> = (signal: AbortSignal) => ObservableValue<T>;

/**
 * What the operators take as an input: anything `Observable.from` accepts (an Observable, a Promise,
 * an array, an iterable, an async iterable) but a string, or an {@link InputFactory} that returns one.
 *
 * @example
 * ```ts
 * import { forkAsCompleted, type AsCompletedInput } from 'rxjs-as-completed/rxjs9';
 *
 * const inputs: AsCompletedInput<number>[] = [Observable.from([1]), Promise.resolve(2), async () => 3];
 * forkAsCompleted(inputs).subscribe((value) => console.log(value));
 * ```
 */
export type AsCompletedInput<T> = (ObservableValue<T> & NotAString) | InputFactory<T>;

/**
 * Keeps strings out: a string is an iterable of its characters, which `Observable.from` refuses at run
 * time and which is never what an input means here (a URL given instead of a request); a string has
 * a `charAt`, no input type does.
 */
interface NotAString {
  readonly charAt?: never;
}

/** The value type of an Observable, Promise, iterable or async iterable. */
type ObservedValueOf<I> = I extends ObservableValue<infer V> ? V : never;

/**
 * The value type of an input, or of what a factory returns.
 *
 * @example
 * ```ts
 * import type { InputValue } from 'rxjs-as-completed/rxjs9';
 *
 * export type User = InputValue<(signal: AbortSignal) => Promise<{ name: string }>>; // { name: string }
 * ```
 */
export type InputValue<I> = I extends (signal: AbortSignal) => infer O
  ? ObservedValueOf<O>
  : ObservedValueOf<I>;
