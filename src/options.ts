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
  /** Milliseconds from subscription, or an absolute time on the scheduler's clock, or none. */
  readonly due: { readonly relative: number } | { readonly absolute: number } | null;
  readonly scheduler: SchedulerLike;
  readonly concurrent: number;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'object' && value !== null) return Object.prototype.toString.call(value);
  return String(value);
}

function resolveTimeout(caller: string, timeout: unknown): ResolvedOptions['due'] {
  if (timeout === null || timeout === undefined || timeout === Infinity) return null;
  if (timeout instanceof Date) {
    const time = timeout.getTime();
    if (Number.isNaN(time)) throw new RangeError(`${caller}: timeout is an invalid Date`);
    return { absolute: time };
  }
  if (typeof timeout !== 'number') {
    throw new TypeError(
      `${caller}: timeout must be a number of milliseconds, a Date, null or undefined; got ${describe(timeout)}`,
    );
  }
  if (Number.isNaN(timeout))
    throw new RangeError(`${caller}: timeout must be a number of milliseconds, not NaN`);
  return { relative: timeout };
}

function resolveConcurrent(caller: string, concurrent: unknown): number {
  if (concurrent === undefined) return Infinity;
  if (typeof concurrent !== 'number') {
    throw new TypeError(
      `${caller}: concurrent must be a positive integer or Infinity; got ${describe(concurrent)}`,
    );
  }
  if (!(concurrent >= 1) || (concurrent !== Infinity && !Number.isInteger(concurrent))) {
    throw new RangeError(`${caller}: concurrent must be a positive integer or Infinity; got ${concurrent}`);
  }
  return concurrent;
}

function isSchedulerLike(value: unknown): value is SchedulerLike {
  const candidate = value as Partial<SchedulerLike> | null | undefined;
  return typeof candidate?.schedule === 'function' && typeof candidate.now === 'function';
}

function resolveScheduler(caller: string, scheduler: unknown): SchedulerLike {
  if (scheduler === undefined) return asyncScheduler;
  if (!isSchedulerLike(scheduler)) {
    throw new TypeError(`${caller}: scheduler must be a SchedulerLike; got ${describe(scheduler)}`);
  }
  return scheduler;
}

function isConfig(options: unknown): options is AsCompletedConfig {
  return typeof options === 'object' && options !== null && !(options instanceof Date);
}

/** Checks the arguments at call time, so that a mistake throws where it was made. */
export function resolveOptions(caller: string, options: unknown): ResolvedOptions {
  if (!isConfig(options)) {
    return { due: resolveTimeout(caller, options), scheduler: asyncScheduler, concurrent: Infinity };
  }
  return {
    due: resolveTimeout(caller, options.timeout),
    scheduler: resolveScheduler(caller, options.scheduler),
    concurrent: resolveConcurrent(caller, options.concurrent),
  };
}
