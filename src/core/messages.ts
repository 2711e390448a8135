/** A value as an error message names it, by kind: `a string ("/a")`, `a Promise`, `a Map`, `an object`. */
export function describe(value: unknown): string {
  if (typeof value === 'string') return `a string ("${value}")`;
  // `String(5000n)` is "5000": a bigint must not read as the number it looks like.
  if (typeof value === 'bigint') return `a bigint (${value}n)`;
  if (typeof value === 'function') return 'a function';
  if (typeof value !== 'object' || value === null) return String(value);
  let kind = 'object';
  try {
    kind =
      (Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null)?.constructor?.name || kind;
  } catch {
    // A Proxy whose traps throw is still an object.
  }
  return (/^[AEIOU]/i.test(kind) ? 'an ' : 'a ') + (kind === 'Object' ? 'object' : kind);
}

/** The error for an argument or input that is not what it must be. */
export function invalid(
  caller: string,
  subject: string,
  what: string,
  got: string,
  type: ErrorConstructor = TypeError,
): Error {
  return new type(`${caller}: ${subject} must be ${what}; got ${got}`);
}

/** How messages name an input: by its key when the inputs were a dictionary, else by its index. */
export function inputName(index: number, keys: readonly string[] | null): string {
  return keys === null ? `input ${index}` : `input "${keys[index]}" (index ${index})`;
}

/**
 * The error for an input that is no ObservableInput, or for what its factory returned instead of one:
 * a factory that returns `undefined` has most likely lost its `return`, which the message says.
 */
export function notAnInput(
  caller: string,
  name: string,
  input: unknown,
  factory: boolean,
  cause?: unknown,
): TypeError {
  const subject = factory ? `the factory of ${name} must return` : `${name} must be`;
  if (typeof input === 'string') {
    // A URL given instead of a request: the advice is the request, unless a factory was given already.
    const advice = factory
      ? ''
      : '; to request a URL, pass a request, such as (signal) => fetch(url, { signal })';
    return new TypeError(
      `${caller}: ${subject} an ObservableInput, not ${describe(input)}, which would emit its characters${advice}`,
    );
  }
  const got = factory
    ? `it returned ${describe(input)}${input === undefined ? ' (is its `return` missing?)' : ''}`
    : `got ${describe(input)}`;
  const error = new TypeError(`${caller}: ${subject} an ObservableInput; ${got}`);
  if (cause !== undefined) (error as { cause?: unknown }).cause = cause;
  return error;
}

/** The message of a timeout: which export, when, and what it was still waiting for (the first few by name). */
export function timeoutMessage(
  caller: string,
  timeout: number,
  pending: readonly number[],
  keys: readonly string[] | null,
  emitted: number,
  sourceOpen: boolean,
): string {
  const count = pending.length;
  const named = pending.slice(0, 3).map((index) => inputName(index, keys));
  const listed = named.join(', ') + (count > 3 ? ` and ${count - 3} more` : '');
  return (
    `${caller} timed out ${timeout > 0 ? `${timeout} ms after subscription` : 'at once: its deadline had passed at subscription'}` +
    `: ${emitted} emitted, ${count} pending${count > 0 ? ` (${listed})` : ''}` +
    (sourceOpen ? '; the source had not completed' : '')
  );
}

/** What an input cut off at its own deadline (`each`) is told, and the start of its timeout error's message. */
export function ownDeadlineMessage(caller: string, name: string, each: number): string {
  return `${caller}: ${name} timed out at its own deadline (each: ${each} ms from its start)`;
}

/**
 * Makes the stack of an error again, headed by its name and message and starting where `constructor`
 * was called, for an error whose base class made it before the message was known (rxjs's error
 * classes do). Engines without `Error.captureStackTrace` put no message in their stacks.
 */
export function restack(error: Error, constructor: abstract new (...args: never[]) => Error): void {
  const capture = (Error as { captureStackTrace?: (target: object, below: unknown) => void })
    .captureStackTrace;
  capture?.(error, constructor);
}
