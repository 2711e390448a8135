import { expect } from '@jest/globals';

/**
 * Jest's `toEqual` compares errors by message (and cause) alone, so `new TypeError('x')` equals
 * `new RangeError('x')`, and an `EmptyError` equals a plain `Error` with its message. This tester,
 * loaded before every spec file, makes two errors equal only if they are also of the same class and
 * name; it applies wherever `toEqual` looks, nested values and TestScheduler notifications included.
 */
function sameErrorClass(a: unknown, b: unknown): boolean | undefined {
  if (a instanceof Error && b instanceof Error && (a.constructor !== b.constructor || a.name !== b.name)) {
    return false;
  }
  // Otherwise Jest's own comparison decides.
  return undefined;
}

expect.addEqualityTesters([sameErrorClass]);
