import { describe, invalid } from './messages.js';

/** The checked timeout and concurrency limit, as the run uses them. */
export interface Limits {
  /** Milliseconds from subscription, or with `absolute` a time on the clock; `Infinity` for none. */
  readonly time: number;
  readonly absolute: boolean;
  readonly concurrent: number;
  /** Milliseconds each input may run, from its own start; `Infinity` for no per-input deadline. */
  readonly each: number;
  /** Ends the run when aborted, with its reason; `null` for none. */
  readonly signal: AbortSignal | null;
}

/**
 * Reads the options every export takes after its inputs: a timeout alone (milliseconds, a `Date` or
 * `null`), or a config object whose keys must be among `known`. Throws where the mistake was made.
 */
export function readOptions(
  caller: string,
  options: unknown,
  known: readonly string[],
): { limits: Limits; config: Readonly<Record<string, unknown>> } {
  const isConfig =
    typeof options === 'object' && options !== null && !(options instanceof Date) && !Array.isArray(options);
  const config = (isConfig ? options : { timeout: options }) as Readonly<Record<string, unknown>>;
  // A scheduler given where rxjs's `timeout(5000, scheduler)` takes it would read as unknown options.
  if (typeof config.schedule === 'function' && typeof config.now === 'function') {
    const hint = known.includes('scheduler') ? ': give it as { scheduler }' : '';
    throw invalid(
      caller,
      'options',
      'a timeout or a config object',
      `${describe(options)}, a scheduler${hint}`,
    );
  }
  for (const key of Object.keys(config)) {
    if (!known.includes(key)) throw unknownOption(caller, key, known);
  }
  const { timeout, concurrent = Infinity, each, signal = null } = config;
  const absolute = timeout instanceof Date; // size: timeout
  const time = absolute ? timeout.getTime() : (timeout ?? Infinity); // size: timeout

  // size: timeout
  if (typeof time !== 'number') {
    throw invalid(caller, 'timeout', 'a number of milliseconds, a Date or null', describe(timeout));
  }
  // NaN, given as it is or as the time of an invalid Date.
  // size: timeout
  if (time !== time) {
    const got = absolute ? 'an invalid Date' : 'NaN';
    throw invalid(caller, 'timeout', 'a number of milliseconds or a valid Date', got, RangeError);
  }
  // size: signal
  if (signal !== null && typeof (signal as AbortSignal).addEventListener !== 'function') {
    throw invalid(caller, 'signal', 'an AbortSignal', describe(signal));
  }
  return {
    limits: {
      time, // size: timeout
      absolute, // size: timeout
      concurrent: positive(caller, 'concurrent', concurrent, 'a positive integer or Infinity', true), // size: concurrent
      // size: each
      each: positive(
        caller,
        'each',
        each ?? Infinity,
        'a positive number of milliseconds or Infinity',
        false,
      ),
      signal: signal as AbortSignal | null, // size: signal
    },
    config,
  };
}

/** `value`, if it is a positive number (an integer, with `integer`) or Infinity; else the error that says so. */
function positive(caller: string, name: string, value: unknown, what: string, integer: boolean): number {
  if (
    typeof value !== 'number' ||
    !(value > 0) ||
    (integer && value !== Infinity && !Number.isInteger(value))
  ) {
    throw invalid(caller, name, what, describe(value), typeof value === 'number' ? RangeError : TypeError);
  }
  return value;
}

function unknownOption(caller: string, key: string, known: readonly string[]): TypeError {
  const near = known.find((name) => name.slice(0, 3) === key.slice(0, 3).toLowerCase());
  const hint = near === undefined ? '' : ` (did you mean "${near}"?)`;
  return new TypeError(`${caller}: unknown option "${key}"${hint}; the options are ${known.join(', ')}`);
}
