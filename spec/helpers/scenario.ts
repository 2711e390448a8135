import { fc } from '@fast-check/jest';

/**
 * A random use of asCompleted, described as plain data, so that a reference model can compute the
 * expected notifications from it and a harness can build the same scenario out of observables.
 * Frames are virtual milliseconds; the output is subscribed at frame 0.
 */
export interface Scenario {
  readonly inputs: readonly InputScript[];
  readonly source: SourceScript;
  /** The deadline, on the scheduler's clock (subscription is at 0), or none. */
  readonly deadline: { readonly at: number; readonly asDate: boolean } | null;
  /** `undefined` leaves the option out (no limit). */
  readonly concurrent: number | undefined;
  /** When the consumer unsubscribes, if it does before {@link FINAL_FRAME}. */
  readonly unsubscribeAt: number | null;
  /** Whether a deadline given without `concurrent` is passed alone rather than in a config. */
  readonly bareTimeout: boolean;
  /** The `each` option: frames each input may run from its own subscription; `undefined` leaves it out. */
  readonly each: number | undefined;
  /** When the `signal` aborts (negative: before subscription); `null`: no signal. */
  readonly abortAt: number | null;
  /** What the consumer does, synchronously in its `next`, once it has received `afterValues` values. */
  readonly reentry: ReentryScript | null;
}

/**
 * A re-entrant consumer: in the `next` of value number `afterValues + 1`, it unsubscribes, or feeds
 * the source `input` (whose script index is then `inputs.length`), if the source is still open.
 */
export type ReentryScript =
  | { readonly afterValues: number; readonly action: 'unsubscribe' }
  | { readonly afterValues: number; readonly action: 'feed'; readonly input: InputScript };

/** An input that emits on its own schedule, relative to the frame it was subscribed at. */
export interface TimedInputScript {
  readonly kind: 'timed';
  /** Values in emission order: by frame, none after the input's end. */
  readonly values: readonly { readonly at: number; readonly value: number }[];
  readonly end: 'complete' | 'error' | 'never';
  /** Frames from subscription to completion or error. */
  readonly duration: number;
  /** Whether its finalizer throws. */
  readonly hostile: boolean;
}

/** An input that delivers everything synchronously on subscribe. */
export interface SyncInputScript {
  readonly kind: 'sync';
  /** An Observable (`of`, with `throwError` appended when it fails) or a plain array (never fails). */
  readonly form: 'observable' | 'array';
  readonly values: readonly number[];
  readonly fails: boolean;
  /** Whether its finalizer throws (an Observable only). */
  readonly hostile: boolean;
}

/**
 * A thenable settled on the virtual clock `settlesAfter` frames after its `then` is called: running
 * from its arrival, as a Promise is, whatever `concurrent` says.
 */
export interface PromiseInputScript {
  readonly kind: 'promise';
  readonly settlesAfter: number;
  readonly value: number;
  readonly fails: boolean;
}

export type InputScript = TimedInputScript | SyncInputScript | PromiseInputScript;

export interface SourceScript {
  /** `sync`: every input arrives on subscribe; `timed`: input i arrives `gaps[i]` frames after input i-1. */
  readonly timing: 'sync' | 'timed';
  readonly gaps: readonly number[];
  readonly end: 'complete' | 'error' | 'never';
  /** Frames from the last arrival to the end (timed sources only). */
  readonly endGap: number;
  /** Whether its finalizer throws. */
  readonly hostile: boolean;
}

/**
 * Every run is unsubscribed at this frame at the latest, so that scenarios with an input or a source
 * that never ends still end, and their teardown can be checked.
 */
export const FINAL_FRAME = 1000;

const MAX_INPUTS = 7;
const MAX_DURATION = 12;
const MAX_GAP = 4;
/** One finalizer in six throws. */
const hostile = fc.constantFrom(false, false, false, false, false, true);

const timedInput: fc.Arbitrary<TimedInputScript> = fc
  .record({
    kind: fc.constant('timed'),
    values: fc.array(fc.record({ at: fc.nat(MAX_DURATION), value: fc.integer({ min: -99, max: 99 }) }), {
      maxLength: 3,
    }),
    end: fc.constantFrom('complete', 'complete', 'complete', 'complete', 'error', 'never'),
    duration: fc.nat(MAX_DURATION),
    hostile,
  })
  .map((input) => {
    // Values come in frame order, none after the end; a stable sort keeps same-frame values in order.
    const end = input.end === 'never' ? Infinity : input.duration;
    const values = input.values.map(({ at, value }) => ({ at: Math.min(at, end), value }));
    return { ...input, values: values.sort((a, b) => a.at - b.at) };
  });

const syncInput: fc.Arbitrary<SyncInputScript> = fc
  .record({
    kind: fc.constant('sync'),
    form: fc.constantFrom('observable', 'array'),
    values: fc.array(fc.integer({ min: -99, max: 99 }), { maxLength: 3 }),
    fails: fc.constantFrom(false, false, false, true),
    hostile,
  })
  .map((input) => (input.form === 'array' ? { ...input, fails: false, hostile: false } : input));

const promiseInput: fc.Arbitrary<PromiseInputScript> = fc.record({
  kind: fc.constant('promise'),
  settlesAfter: fc.nat(MAX_DURATION),
  value: fc.integer({ min: -99, max: 99 }),
  fails: fc.constantFrom(false, false, false, true),
});

const reentry: fc.Arbitrary<ReentryScript | null> = fc.option(
  fc.oneof(
    fc.record({ afterValues: fc.nat(3), action: fc.constant('unsubscribe') }),
    fc.record({
      afterValues: fc.nat(3),
      action: fc.constant('feed'),
      input: fc.oneof(
        { weight: 2, arbitrary: timedInput },
        { weight: 1, arbitrary: syncInput },
        { weight: 1, arbitrary: promiseInput },
      ),
    }),
  ),
  { freq: 3 },
);

export const scenarios: fc.Arbitrary<Scenario> = fc
  .array(
    fc.oneof(
      { weight: 3, arbitrary: timedInput },
      { weight: 1, arbitrary: syncInput },
      { weight: 1, arbitrary: promiseInput },
    ),
    { maxLength: MAX_INPUTS },
  )
  .chain((inputs) =>
    fc.record({
      inputs: fc.constant(inputs),
      source: fc.record({
        timing: fc.constantFrom('sync', 'timed', 'timed'),
        gaps: fc.array(fc.nat(MAX_GAP), { minLength: inputs.length, maxLength: inputs.length }),
        end: fc.constantFrom('complete', 'complete', 'complete', 'error', 'never'),
        endGap: fc.nat(MAX_GAP),
        hostile,
      }),
      // Each of the deadline, `each` and the signal is left out of one scenario in two, so that one in
      // eight has none of them: there a Promise is listened to without a record.
      deadline: fc.option(fc.record({ at: fc.integer({ min: -2, max: 40 }), asDate: fc.boolean() }), {
        freq: 2,
      }),
      concurrent: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
      unsubscribeAt: fc.option(fc.integer({ min: 1, max: 60 }), { freq: 2 }),
      bareTimeout: fc.boolean(),
      each: fc.option(fc.integer({ min: 1, max: MAX_DURATION }), { nil: undefined, freq: 2 }),
      abortAt: fc.option(fc.integer({ min: -1, max: 30 }), { freq: 2 }),
      reentry,
    }),
  );

/** What the output did, in a form both the model and the harness can produce and Jest can compare. */
export type Notification =
  | { readonly frame: number; readonly kind: 'N'; readonly value: unknown }
  | { readonly frame: number; readonly kind: 'E'; readonly error: ErrorDescription }
  | { readonly frame: number; readonly kind: 'C' };

export type ErrorDescription =
  | { readonly type: 'input'; readonly index: number }
  | { readonly type: 'source' }
  | { readonly type: 'empty' }
  /** The signal's reason. */
  | { readonly type: 'abort' }
  /** Anything the scenario did not produce: never expected, so it fails the comparison. */
  | { readonly type: 'unexpected'; readonly text: string }
  | {
      readonly type: 'timeout';
      readonly pending: readonly number[];
      readonly emitted: number;
      readonly deadline: number;
      readonly timeout: number;
    };

/** When something was subscribed and when it was torn down (`Infinity`: never). */
export interface SubscriptionSpan {
  readonly subscribed: number;
  readonly unsubscribed: number;
}

/** A finalizer's error: reported through `config.onUnhandledError`, or thrown to the consumer's `unsubscribe()`. */
export interface TeardownError {
  readonly frame: number;
  readonly channel: 'reported' | 'thrown';
  /** Whose finalizer threw: `'source'`, an input (by script index), or a text for anything else (never expected). */
  readonly of: number | string;
}

export interface Observed {
  readonly notifications: readonly Notification[];
  readonly teardownErrors: readonly TeardownError[];
  /** For each input, every subscription it received. */
  readonly inputSubscriptions: readonly (readonly SubscriptionSpan[])[];
  readonly sourceSubscriptions: readonly SubscriptionSpan[];
}

export function sourceError(): Error {
  return new Error('source failed');
}

/** What the scenarios' signal is aborted with. */
export const ABORT_REASON = 'stopped by the signal';

export function inputError(index: number): Error {
  return new Error(`input ${index} failed`);
}
