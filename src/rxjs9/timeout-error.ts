// Generated from scripts/entries/timeout-error.ts.in by `npm run generate:entries`: edit it there.
import { TimeoutError } from 'rxjs';
import { restack } from '../core/messages.js';

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
