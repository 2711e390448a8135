// src/rxjs9/inputs.ts is made from this file by `npm run generate:entries`: see docs/entries.md.
import type { ObservableInput, ObservedValueOf } from 'rxjs';

/**
 * An input given as a recipe: a function that starts the work when the operator subscribes to it, as
 * asyncio starts a coroutine when it schedules it. It is called with an `AbortSignal` that is aborted
 * if the input is torn down before it settles (a `DOMException` named `'TimeoutError'` at the deadline,
 * `'AbortError'` otherwise), so `(signal) => fetch(url, { signal })` is lazy, bounded by `concurrent`
 * and cancelled at the deadline, where a `fetch(url)` Promise is already running and cannot be.
 *
 * @example
 * ```ts
 * import { forkAsCompleted, type InputFactory } from 'rxjs-as-completed';
 *
 * const user: InputFactory<Response> = (signal) => fetch('/api/user', { signal });
 * forkAsCompleted([user], 5000).subscribe((response) => console.log(response.status));
 * ```
 */
export type InputFactory<T> = (signal: AbortSignal) => ObservableInput<T> & NotAString;

/**
 * What the operators take as an input: anything `from` accepts (an Observable, a Promise, an array, an
 * iterable, an async iterable) but a string, or an {@link InputFactory} that returns one.
 *
 * @example
 * ```ts
 * import { of } from 'rxjs';
 * import { forkAsCompleted, type AsCompletedInput } from 'rxjs-as-completed';
 *
 * const inputs: AsCompletedInput<number>[] = [of(1), Promise.resolve(2), async () => 3];
 * forkAsCompleted(inputs).subscribe((value) => console.log(value));
 * ```
 */
export type AsCompletedInput<T> = (ObservableInput<T> & NotAString) | InputFactory<T>;

/**
 * Keeps strings out: `from` reads a string as the iterable of its characters, which is never what an
 * input means here (a URL given instead of a request); a string has a `charAt`, no input type does.
 */
interface NotAString {
  readonly charAt?: never;
}

/**
 * The value type of an input, or of what a factory returns.
 *
 * @example
 * ```ts
 * import type { InputValue } from 'rxjs-as-completed';
 *
 * export type User = InputValue<(signal: AbortSignal) => Promise<{ name: string }>>; // { name: string }
 * ```
 */
export type InputValue<I> = I extends (signal: AbortSignal) => infer O
  ? ObservedValueOf<O>
  : ObservedValueOf<I>;
