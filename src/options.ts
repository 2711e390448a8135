import { asyncScheduler, type SchedulerLike } from 'rxjs';

/**
 * Options for {@link asCompleted}, {@link asCompletedSettled} and the `forkAsCompleted` creation functions.
 *
 * @example
 * ```ts
 * inputs$.pipe(asCompleted({ timeout: 5000, concurrent: 4 }));
 * ```
 */
export interface AsCompletedConfig {
  /**
   * The one deadline for the whole operation: milliseconds from subscription, or a `Date`.
   * `null`, `undefined` or `Infinity` mean no deadline (and no timer). Zero or a negative number
   * (or a `Date` in the past) delivers what is available synchronously, then times out.
   */
  readonly timeout?: number | Date | null;
  /** The scheduler that measures the deadline. Defaults to `asyncScheduler`. */
  readonly scheduler?: SchedulerLike;
  /**
   * How many inputs are subscribed at once, as in `mergeAll(concurrent)`. Inputs beyond the limit
   * wait in arrival order and are still covered by the deadline. Defaults to `Infinity`.
   */
  readonly concurrent?: number;
}

/**
 * What every export takes after its inputs: a timeout alone (milliseconds or a `Date`; `null` for none), or a config.
 *
 * @example
 * ```ts
 * const options: AsCompletedOptions = { timeout: new Date(Date.now() + 5000), concurrent: 8 };
 * inputs$.pipe(asCompleted(options));
 * ```
 */
export type AsCompletedOptions = number | Date | null | AsCompletedConfig;

/** The checked form of {@link AsCompletedOptions}, as the run uses it. */
export interface ResolvedOptions {
  /** Milliseconds from subscription, or with `absolute` a time on the scheduler's clock; `Infinity` for none. */
  readonly time: number;
  readonly absolute: boolean;
  readonly scheduler: SchedulerLike;
  readonly concurrent: number;
}

/** A short description of a value for an error message; reads nothing from it, so it cannot throw. */
export function describe(value: unknown): string {
  if (typeof value === 'string') return `"${value}"`;
  if (typeof value === 'function') return 'a function';
  return typeof value === 'object' && value !== null ? 'an object' : String(value);
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

/** Checks the arguments at call time, so that a mistake throws where it was made. */
export function resolveOptions(caller: string, options: unknown): ResolvedOptions {
  const config: AsCompletedConfig =
    typeof options === 'object' && options !== null && !(options instanceof Date) && !Array.isArray(options)
      ? options
      : { timeout: options as number };
  const { timeout, scheduler = asyncScheduler, concurrent = Infinity } = config;
  const absolute = timeout instanceof Date;
  const time = absolute ? timeout.getTime() : (timeout ?? Infinity);

  if (typeof time !== 'number') {
    const what = 'a number of milliseconds, a Date or null';
    throw invalid(caller, 'timeout', what, describe(timeout));
  }
  // NaN, given as it is or as the time of an invalid Date.
  if (time !== time) {
    const got = absolute ? 'an invalid Date' : 'NaN';
    throw invalid(caller, 'timeout', 'a number of milliseconds or a valid Date', got, RangeError);
  }
  if (typeof scheduler?.schedule !== 'function' || typeof scheduler.now !== 'function') {
    throw invalid(caller, 'scheduler', 'a SchedulerLike', describe(scheduler));
  }
  if (!(concurrent >= 1) || (concurrent !== Infinity && !Number.isInteger(concurrent))) {
    const type = typeof concurrent === 'number' ? RangeError : TypeError;
    throw invalid(caller, 'concurrent', 'a positive integer or Infinity', describe(concurrent), type);
  }
  return { time, absolute, scheduler, concurrent };
}
