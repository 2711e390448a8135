import { fc } from '@fast-check/jest';

/**
 * A random use of asCompleted, described as plain data, so that a reference model can compute the
 * expected notifications from it and a harness can build the same scenario out of observables.
 * Frames are milliseconds on the scenario's clock; the output is subscribed at frame 0.
 */
export interface Scenario {
  readonly inputs: readonly InputScript[];
  /** For a fork front, a synchronous source that completes: the fixed set, read on subscription. */
  readonly source: SourceScript;
  readonly front: FrontScript;
  readonly downstream: DownstreamScript;
  readonly clock: ClockScript;
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
 * What the output is: the operator over the scripted source, or a creation function over the inputs
 * as a fixed set, an array (`keys` null) or a dictionary whose keys, in script order, are `keys`.
 */
export type FrontScript =
  { readonly kind: 'operator' } | { readonly kind: 'fork'; readonly keys: readonly string[] | null };

/**
 * What stands between the output and the consumer. `switchMap` maps an outer Observable that emits at
 * frame 0 (the output) and at `at` (EMPTY), then completes: it lets go of the output at `at`.
 */
export type DownstreamScript =
  | { readonly kind: 'none' }
  | { readonly kind: 'take'; readonly count: number }
  | { readonly kind: 'first' }
  | { readonly kind: 'switchMap'; readonly at: number };

/**
 * The clock the run executes on: the virtual time of `TestScheduler.run`, or Jest's fake timers with
 * `Date` faked and `performance` real, advanced by hand, with `ms` of real time spent when the fake
 * clock reaches each pause's `at` (a slow machine between two advances).
 */
export type ClockScript =
  | { readonly kind: 'virtual' }
  | { readonly kind: 'fake'; readonly pauses: readonly { readonly at: number; readonly ms: number }[] };

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
 * Settled on the scenario's clock `settlesAfter` frames after its arrival, as a Promise is, whatever
 * `concurrent` says. Behind the operator, a thenable whose clock starts when its `then` is called;
 * in a fixed set, a native Promise, running from its creation before subscription, and rejected
 * unhandled unless someone handles it.
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

/**
 * Keys of a dictionary of inputs: some look like numbers, which `Object.keys` lists first, ascending,
 * whatever the order they were written in (`01` and `-1` are no array index and keep their place), and
 * `constructor` is the name of a property every object inherits.
 */
const KEYS = ['user', 'feed', 'total', '2024', '7', '0', '01', '-1', 'constructor'];

const fronts: fc.Arbitrary<FrontScript> = fc.oneof(
  { weight: 3, arbitrary: fc.constant({ kind: 'operator' } as const) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('fork'),
      keys: fc.option(fc.shuffledSubarray(KEYS, { minLength: MAX_INPUTS, maxLength: MAX_INPUTS }), {
        freq: 2,
      }),
    }),
  },
);

/**
 * In a fixed set, synchronous inputs and Promises are as frequent as timed ones: a run that a
 * synchronous input ends on subscription leaves the Promises after it unread.
 */
const forkInput: fc.Arbitrary<InputScript> = fc.oneof(
  { weight: 2, arbitrary: timedInput },
  { weight: 2, arbitrary: syncInput },
  { weight: 2, arbitrary: promiseInput },
);

const downstreams: fc.Arbitrary<DownstreamScript> = fc.oneof(
  { weight: 3, arbitrary: fc.constant({ kind: 'none' } as const) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('take'), count: fc.integer({ min: 1, max: 3 }) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'first' } as const) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('switchMap'), at: fc.integer({ min: 1, max: 30 }) }),
  },
);

/**
 * One run in sixteen on fake timers, with a few milliseconds of real time (up to 12 in all) spent in
 * the first frames: as much as those runs' deadlines, so that a stopwatch on the real clock would find
 * past its deadline a result that the fake clock brings before it.
 */
const clocks: fc.Arbitrary<ClockScript> = fc.oneof(
  { weight: 15, arbitrary: fc.constant({ kind: 'virtual' } as const) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('fake'),
      pauses: fc
        .array(fc.record({ at: fc.nat(4), ms: fc.integer({ min: 1, max: 6 }) }), {
          minLength: 1,
          maxLength: 2,
        })
        .map((pauses) => [...pauses].sort((a, b) => a.at - b.at)),
    }),
  },
);

/**
 * The deadlines. On fake timers, on the scale of the real time spent (a deadline the run ends long
 * before shows nothing of the clock it is measured on), and more often given.
 */
function deadlines(clock: ClockScript): fc.Arbitrary<Pick<Scenario, 'deadline' | 'each'>> {
  if (clock.kind === 'fake') {
    return fc.record({
      deadline: fc.option(fc.record({ at: fc.integer({ min: 1, max: 8 }), asDate: fc.boolean() }), {
        freq: 4,
      }),
      each: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined, freq: 3 }),
    });
  }
  // Each of the deadline, `each` and the signal is left out of one scenario in two, so that one in
  // eight has none of them: there a Promise is listened to without a record.
  return fc.record({
    deadline: fc.option(fc.record({ at: fc.integer({ min: -2, max: 40 }), asDate: fc.boolean() }), {
      freq: 2,
    }),
    each: fc.option(fc.integer({ min: 1, max: MAX_DURATION }), { nil: undefined, freq: 2 }),
  });
}

export const scenarios: fc.Arbitrary<Scenario> = fc.tuple(fronts, clocks).chain(([front, clock]) =>
  fc
    .array(
      front.kind === 'fork'
        ? forkInput
        : fc.oneof(
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
        front: fc.constant(
          front.kind === 'fork' && front.keys !== null
            ? { ...front, keys: front.keys.slice(0, inputs.length) }
            : front,
        ),
        downstream: downstreams,
        clock: fc.constant(clock),
        timing: deadlines(clock),
        concurrent: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
        unsubscribeAt: fc.option(fc.integer({ min: 1, max: 60 }), { freq: 2 }),
        bareTimeout: fc.boolean(),
        abortAt: fc.option(fc.integer({ min: -1, max: 30 }), { freq: 2 }),
        reentry,
      }),
    )
    .map(({ timing, ...scenario }) => consistent({ ...scenario, ...timing })),
);

/**
 * Makes a generated scenario one the harness can build and the model can predict:
 *
 * - A fixed set is read by a synchronous source that completes, and cannot be fed.
 * - Behind a downstream operator, the consumer does not re-enter and no finalizer throws: where rxjs
 *   sends what a teardown throws is then rxjs's operators' business, not the run's.
 * - On fake timers, no finalizer throws either, and no input schedules anything with a delay of 0:
 *   a fake clock runs a timer of 0 set while it advances 1 ms later, where a scheduler runs it in the
 *   same frame, and the run reports a finalizer's error on such a timer.
 */
function consistent(scenario: Scenario): Scenario {
  let result = scenario;
  if (result.front.kind === 'fork') {
    const source: SourceScript = {
      timing: 'sync',
      gaps: result.inputs.map(() => 0),
      end: 'complete',
      endGap: 0,
      hostile: false,
    };
    result = { ...result, source, reentry: result.reentry?.action === 'feed' ? null : result.reentry };
  }
  if (result.downstream.kind !== 'none') result = { ...harmless(result), reentry: null };
  if (result.clock.kind === 'fake') {
    result = harmless(result);
    const later = (input: InputScript): InputScript => {
      if (input.kind === 'promise') return { ...input, settlesAfter: Math.max(1, input.settlesAfter) };
      if (input.kind === 'sync') return input;
      const values = input.values.map(({ at, value }) => ({ at: Math.max(1, at), value }));
      return { ...input, values, duration: Math.max(1, input.duration) };
    };
    const { reentry } = result;
    result = {
      ...result,
      inputs: result.inputs.map(later),
      reentry: reentry?.action === 'feed' ? { ...reentry, input: later(reentry.input) } : reentry,
    };
  }
  return result;
}

/** The scenario with no finalizer that throws. */
function harmless(scenario: Scenario): Scenario {
  const calm = (input: InputScript): InputScript =>
    input.kind === 'promise' ? input : { ...input, hostile: false };
  const { reentry } = scenario;
  return {
    ...scenario,
    inputs: scenario.inputs.map(calm),
    source: { ...scenario.source, hostile: false },
    reentry: reentry?.action === 'feed' ? { ...reentry, input: calm(reentry.input) } : reentry,
  };
}

/** What the output did, in a form both the model and the harness can produce and Jest can compare. */
export type Notification =
  | { readonly frame: number; readonly kind: 'N'; readonly value: unknown }
  | { readonly frame: number; readonly kind: 'E'; readonly error: ErrorDescription }
  | { readonly frame: number; readonly kind: 'C' };

export type ErrorDescription =
  | { readonly type: 'input'; readonly index: number }
  | { readonly type: 'source' }
  /** An input's: it completed without a value. */
  | { readonly type: 'empty' }
  /** `first()`'s: the output completed without a value. */
  | { readonly type: 'no elements' }
  /** The signal's reason. */
  | { readonly type: 'abort' }
  /** Anything the scenario did not produce: never expected, so it fails the comparison. */
  | { readonly type: 'unexpected'; readonly text: string }
  | {
      readonly type: 'timeout';
      readonly pending: readonly number[];
      /** The pending inputs' keys, for a dictionary. */
      readonly pendingKeys: readonly string[] | null;
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
