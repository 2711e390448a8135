// Made from src/options.ts by `npm run generate:entries`, with the edits of scripts/entries/rxjs9.ts: edit those.

/**
 * Options for {@link asCompleted}, {@link asCompletedSettled} and the `forkAsCompleted` creation
 * functions of `rxjs-as-completed/rxjs9`. rxjs 9 has no schedulers: the deadline is measured by
 * `Date.now()` and `setTimeout`, which virtual-time tests (`rxTest` of `@rxjs/test`) replace.
 *
 * @example
 * ```ts
 * import { pipe } from 'rxjs/pipe';
 * import { asCompleted } from 'rxjs-as-completed/rxjs9';
 *
 * inputs$[pipe](asCompleted({ timeout: 5000, concurrent: 4 }));
 * ```
 */
export interface AsCompletedConfig {
  /**
   * The one deadline for the whole operation: milliseconds from subscription, or a `Date`.
   * `null`, `undefined` or `Infinity` mean no deadline (and no timer). Zero or a negative number
   * (or a `Date` in the past) delivers what is available synchronously, then times out.
   * Milliseconds are elapsed time, on the timer and `performance.now()`, so no step of the wall
   * clock moves them; a `Date` is a time on the wall clock.
   */
  readonly timeout?: number | Date | null;
  /**
   * How many inputs it starts at once, as in `mergeAll(concurrent)`: Observables and factories.
   * Inputs beyond the limit wait in arrival order and are still covered by the deadline. A Promise is
   * already running: it is observed from its arrival and takes no slot. Defaults to `Infinity`.
   */
  readonly concurrent?: number;
  /**
   * A deadline on each input's whole run as well as the total: milliseconds from that input's own start
   * to its result, which no value of the input restarts (rxjs `timeout({ each })` restarts at every
   * value; this bounds the run, as asyncio's `wait_for` around each task does). A queued input's clock starts when it is subscribed; a
   * Promise's, when it arrives. An input still running at its own deadline is torn down (a factory's signal is aborted
   * with a `TimeoutError` `DOMException`): {@link asCompleted} fails with an `AsCompletedTimeoutError`
   * that names it, {@link asCompletedSettled} emits its `timeout` record and goes on. A result at
   * exactly its own deadline loses to it. No timer, and no cost, without it.
   */
  readonly each?: number | null;
  /**
   * Stops the run from outside, as the deadline does but with the signal's reason: the inputs still
   * pending are torn down and their factories' signals aborted with that reason; {@link asCompleted}
   * errors with the reason, {@link asCompletedSettled} emits an `aborted` record for each pending input
   * and completes. A signal aborted before subscription stops the run at once, once what is available
   * synchronously is delivered. Its listener is removed when the run ends.
   */
  readonly signal?: AbortSignal | null;
}

/**
 * What every export takes after its inputs: a timeout alone (milliseconds or a `Date`; `null` for none), or a config.
 *
 * @example
 * ```ts
 * import { pipe } from 'rxjs/pipe';
 * import { asCompleted, type AsCompletedOptions } from 'rxjs-as-completed/rxjs9';
 *
 * const options: AsCompletedOptions = { timeout: new Date(Date.now() + 5000), concurrent: 8 };
 * inputs$[pipe](asCompleted(options));
 * ```
 */
export type AsCompletedOptions = number | Date | null | AsCompletedConfig;
