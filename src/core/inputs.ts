import { describe, invalid } from './messages.js';

/** A fixed set of inputs as `forkJoin` takes them: the inputs in order, and their keys for a dictionary. */
export interface InputSet {
  readonly keys: readonly string[] | null;
  readonly inputs: readonly unknown[];
}

/** Reads the inputs of a creation function: an array, or a dictionary (a plain object of inputs). */
export function readInputs(caller: string, inputs: unknown): InputSet {
  if (Array.isArray(inputs)) return { keys: null, inputs: inputs.slice() };
  const isDictionary =
    typeof inputs === 'object' &&
    inputs !== null &&
    typeof (inputs as { subscribe?: unknown }).subscribe !== 'function' &&
    typeof (inputs as { then?: unknown }).then !== 'function' &&
    !(Symbol.iterator in inputs) &&
    !(Symbol.asyncIterator in inputs);
  if (!isDictionary) {
    const what =
      'an array or a dictionary of inputs (for an Observable of inputs, use the operator asCompleted)';
    throw invalid(caller, 'inputs', what, describe(inputs));
  }
  const dictionary = inputs as Readonly<Record<string, unknown>>;
  const keys = Object.keys(dictionary);
  return { keys, inputs: keys.map((key) => dictionary[key]) };
}
