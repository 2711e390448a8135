/** A value as an error message names it, by kind: `a string ("/a")`, `a Promise`, `a Map`, `an object`. */
export function describe(value: unknown): string {
  if (typeof value === 'string') return `a string ("${value}")`;
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
  cause?: unknown,
): Error {
  const error = new type(`${caller}: ${subject} must be ${what}; got ${got}`);
  if (cause !== undefined) (error as { cause?: unknown }).cause = cause;
  return error;
}

/** How messages name an input: by its key when the inputs were a dictionary, else by its index. */
export function inputName(index: number, keys: readonly string[] | null): string {
  return keys === null ? `input ${index}` : `input "${keys[index]}" (index ${index})`;
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
