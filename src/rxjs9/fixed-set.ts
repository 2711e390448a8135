// Made from src/fixed-set.ts by `npm run generate:entries`, with the edits of scripts/entries/rxjs9.ts: edit those.
import { readInputs } from '../core/inputs.js';
import type { OpenFlavour } from '../core/snapshots.js';
import { fromInputs, operate } from './operate.js';

/**
 * {@link operate} over a fixed set of inputs, an array or a dictionary, as the creation functions take
 * them: `open` is called once with the set's keys and size, and what it returns makes each
 * subscription's flavour.
 */
export function operateOn<R>(
  caller: string,
  inputs: unknown,
  options: unknown,
  open: (keys: readonly string[] | null, count: number) => OpenFlavour<R>,
): Observable<R> {
  const { keys, inputs: fixed } = readInputs(caller, inputs);
  return operate(caller, options, open(keys, fixed.length), keys, fixed)(fromInputs(fixed));
}
