import { expect } from '@jest/globals';

/**
 * Jest's `toEqual` compares errors by message (and cause) alone, so `new TypeError('x')` equals
 * `new RangeError('x')`, and an `EmptyError` equals a plain `Error` with its message. Worse, a
 * `DOMException` (an abort reason) comes from outside the spec's realm, so it is no `Error` there and
 * Jest compares its own properties, of which it has none: any two would be equal. This tester, loaded
 * before every spec file, makes two errors equal only if they are also of the same class and name, and
 * two DOMExceptions only if they have the same name and message; it applies wherever `toEqual` looks,
 * nested values and TestScheduler notifications included (`toMatchObject`'s pattern objects are left
 * to Jest).
 */
function sameErrorClass(a: unknown, b: unknown): boolean | undefined {
  if (a instanceof DOMException && b instanceof DOMException) {
    return a.name === b.name && a.message === b.message;
  }
  if (
    (a instanceof DOMException && b instanceof Error) ||
    (a instanceof Error && b instanceof DOMException)
  ) {
    return false;
  }
  if (a instanceof Error && b instanceof Error && (a.constructor !== b.constructor || a.name !== b.name)) {
    return false;
  }
  // Otherwise Jest's own comparison decides.
  return undefined;
}

expect.addEqualityTesters([sameErrorClass]);
