// Made from src/timeout-error.ts by `npm run generate:entries`, with the edits of scripts/entries/rxjs9.ts: edit those.
import { TimeoutError } from 'rxjs';
import { inputName, ownDeadlineMessage, restack, timeoutMessage } from '../core/messages.js';

/**
 * The error {@link asCompleted} fails with when its deadline passes before every input has
 * completed. It is an rxjs 9 `TimeoutError`, so `err instanceof TimeoutError` holds, and it tells
 * which inputs were still pending, or which input passed its own deadline (the `each` option). Its
 * `stack` opens with its name and message.
 *
 * @example
 * ```ts
 * import { TimeoutError } from 'rxjs';
 * import { pipe } from 'rxjs/pipe';
 * import { asCompleted, AsCompletedTimeoutError } from 'rxjs-as-completed/rxjs9';
 *
 * requests$[pipe](asCompleted(5000)).subscribe({
 *   next: (user) => render(user),
 *   error: (err: unknown) => {
 *     if (err instanceof AsCompletedTimeoutError) requeue(err.pending);
 *     else if (!(err instanceof TimeoutError)) throw err;
 *   },
 * });
 * ```
 */
export class AsCompletedTimeoutError extends TimeoutError<unknown, null> {
  /** The indices (positions in the source) of the inputs that had not completed, ascending. */
  readonly pending: readonly number[];
  /**
   * The keys of the pending inputs, in the order of `pending`, when the inputs were a dictionary;
   * `null` for a list or a source.
   */
  readonly pendingKeys: readonly string[] | null;
  /** How many results were emitted before the deadline. */
  readonly emitted: number;
  /** The deadline on the clock of `Date.now()`: epoch milliseconds. */
  readonly deadline: number;
  /**
   * The deadline relative to subscription, in milliseconds; for an input cut off at its own deadline
   * (the `each` option, `pending` then naming that input alone), `each`, relative to that input's start.
   */
  readonly timeout: number;

  constructor(
    pending: readonly number[],
    emitted: number,
    deadline: number,
    timeout: number,
    message = `timed out ${timeout} ms after subscription: ${emitted} emitted, ${pending.length} pending`,
    pendingKeys: readonly string[] | null = null,
  ) {
    super({ meta: null, seen: emitted, lastValue: null });
    this.message = message;
    this.pending = pending;
    this.pendingKeys = pendingKeys;
    this.emitted = emitted;
    this.deadline = deadline;
    this.timeout = timeout;
    // rxjs made the stack before the message was known: it would open on a bare `Error` line.
    restack(this, AsCompletedTimeoutError);
  }
}

/** What {@link createTimeoutError} needs to make the error an export fails with at a deadline. */
export interface TimeoutErrorDetails {
  /** The export whose deadline passed, which its message names. The settled flavours emit records instead. */
  readonly caller: 'asCompleted' | 'asCompletedEntries' | 'forkAsCompleted' | 'forkAsCompletedEntries';
  /** The indices of the inputs still pending, ascending; with `own`, the one input that passed its own deadline. */
  readonly pending: readonly number[];
  /** How many results were emitted before the deadline. */
  readonly emitted: number;
  /** The `timeout` option in milliseconds; with `own`, the `each` option. */
  readonly timeout: number;
  /**
   * Where the deadline fell on the clock (the scheduler's, `Date.now()`'s for rxjs 9); by default
   * `timeout`, which is where it falls for a subscription at frame 0 of a virtual-time test.
   */
  readonly deadline?: number;
  /** All the keys of a dictionary of inputs, in order (as `Object.keys` gives them); none for an array or a source. */
  readonly keys?: readonly string[];
  /** The operator's source had not completed by the deadline. */
  readonly sourceOpen?: boolean;
  /** The input at `pending[0]` passed its own deadline (`each`), rather than the total one. */
  readonly own?: boolean;
}

/**
 * Makes the {@link AsCompletedTimeoutError} that an export fails with at a deadline: the same message,
 * fields and class, so that a test can expect it whole (`toEqual`, or a marble test's error value)
 * instead of matching the message's text, which may change.
 *
 * @example
 * ```ts
 * import { pipe } from 'rxjs/pipe';
 * import { rxTest } from '@rxjs/test';
 * import { asCompleted, createTimeoutError } from 'rxjs-as-completed/rxjs9';
 *
 * await rxTest(({ cold, hot, expectObservable }) => {
 *   const inputs = hot('a-b-|', { a: cold('-x|'), b: cold('-----y|') });
 *   const timedOut = createTimeoutError({ caller: 'asCompleted', pending: [1], emitted: 1, timeout: 5 });
 *   expectObservable(inputs[pipe](asCompleted(5))).toBe('--x--#', { x: 'x' }, timedOut);
 * });
 * ```
 */
export function createTimeoutError(details: TimeoutErrorDetails): AsCompletedTimeoutError {
  const { caller, pending, emitted, timeout, deadline = timeout, sourceOpen = false, own = false } = details;
  const keys = details.keys ?? null;
  const message = own
    ? `${ownDeadlineMessage(caller, inputName(pending[0], keys), timeout)}: ${emitted} emitted`
    : timeoutMessage(caller, timeout, pending, keys, emitted, sourceOpen);
  const pendingKeys = keys && pending.map((index) => keys[index]);
  return new AsCompletedTimeoutError(pending, emitted, deadline, timeout, message, pendingKeys);
}
