import {
  ABORT_REASON,
  FINAL_FRAME,
  type ErrorDescription,
  type InputScript,
  type Notification,
  type Observed,
  type Scenario,
  type SubscriptionSpan,
  type TeardownError,
} from './scenario';

/** The operator's flavour; over a fixed set, the creation function of the same flavour (`forkAsCompleted`...). */
export type Flavour = 'asCompleted' | 'asCompletedSettled' | 'asCompletedEntries';

type Result =
  { readonly ok: true; readonly value: number } | { readonly ok: false; readonly error: ErrorDescription };

/** What an input ends with: its last value, its error, EmptyError, or nothing (it never ends). */
function resultOf(input: InputScript, index: number): Result | null {
  if (input.kind === 'promise') {
    return input.fails ? { ok: false, error: { type: 'input', index } } : { ok: true, value: input.value };
  }
  if (input.kind === 'timed' && input.end === 'never') return null;
  if (input.kind === 'timed' ? input.end === 'error' : input.fails) {
    return { ok: false, error: { type: 'input', index } };
  }
  if (input.values.length === 0) return { ok: false, error: { type: 'empty' } };
  const last = input.values[input.values.length - 1];
  return { ok: true, value: typeof last === 'number' ? last : last.value };
}

/**
 * The expected behaviour of one subscription, computed by a direct simulation of the scenario, frame
 * by frame. Rules, as the operator documents them:
 *
 * - An input is subscribed when it arrives if fewer than `concurrent` inputs are running and none is
 *   queued; otherwise it waits in a FIFO queue and is subscribed when a running input finishes.
 * - A timed input finishes `duration` frames after it was subscribed; a synchronous one at once.
 * - Its result is its last value (none: EmptyError). asCompleted emits the value, or errors with the
 *   first error; asCompletedSettled emits a fulfilled or rejected record.
 * - The deadline is exclusive: from the deadline's frame on, the timeout wins over any input result.
 *   During subscription itself results are delivered, then a deadline at or before 0 times out.
 * - At the deadline, asCompleted errors with the pending indices (running, then queued: ascending);
 *   asCompletedSettled emits a timeout record per pending input, then completes.
 * - The output completes when the source has completed and no input is running or queued.
 * - Everything is torn down when the output terminates or is unsubscribed.
 * - With `each`, an input still running `each` frames after its own subscription is cut off then (a
 *   result in that very frame loses): asCompleted errors with that input alone pending and the frame as
 *   its deadline; asCompletedSettled emits its timeout record and goes on, its slot freed.
 * - When the signal aborts, the run ends as at the deadline with the signal's reason: asCompleted errors
 *   with it, asCompletedSettled emits an aborted record per pending input, then completes. A signal
 *   aborted before subscription ends the run once subscription is over, before a deadline at or before 0.
 * - A Promise (a thenable) is observed from its arrival: it never waits in the queue and takes no
 *   slot; it is pending until it settles, and has no subscription to tear down.
 * - asCompletedEntries is asCompleted whose values are `{ index, value }`.
 * - A fork front is the operator over a synchronous source of the fixed set that completes. A
 *   dictionary's inputs come in the order `Object.keys` lists their keys, and every value, record and
 *   timeout names the key beside the index.
 * - Downstream, `take(n)` passes n values on, completes, and lets go of the output; `first()` does so
 *   after one, and errors with its own EmptyError if the output completes first; `switchMap` passes
 *   values and an error on, not the output's completion, and lets go of the output at `at`, completing
 *   there. Letting go tears the run down, as an unsubscription does.
 * - No Promise's rejection is left unhandled, however little of a fixed set the run read before it
 *   ended (the harness reports what Node finds unhandled; the model expects nothing).
 * - The clock changes nothing: on fake timers, with real time spent between two advances, every frame
 *   is the one of virtual time.
 * - A finalizer that throws changes nothing of the above: every teardown still happens, and each
 *   error is raised at the frame of its teardown, thrown to the consumer's `unsubscribe()` when that
 *   call asked for the teardown (while the output is being subscribed, rxjs has not handed the call
 *   on yet), reported through `config.onUnhandledError` otherwise.
 * - A re-entrant consumer acts inside the `next` that brings it its value: what it feeds the source
 *   arrives then (indices count arrivals), and its unsubscription ends the output there.
 *
 * Within one frame, things happen in the order the scheduler runs them (the order they were
 * scheduled in, on a fake clock as in virtual time): the consumer's unsubscription (scheduled before
 * subscribing), then the source's emissions (scheduled when the source is subscribed, before the
 * operator arms its timer), then the deadline, then the inputs' completions in the order they were
 * scheduled: the order the inputs were subscribed, or observed (a Promise). The signal's abort is
 * scheduled before subscribing: it comes right after the unsubscription, and switchMap letting go
 * (scheduled as the outer is subscribed, before the output) right after the abort. An input's own
 * deadline is armed before the input is subscribed: it comes where the input's completion would, and
 * before it. The source's end, like an input's result, loses to the deadline from the deadline's frame
 * on, whatever that order.
 */
export function expectedRun(scenario: Scenario, flavour: Flavour): Observed {
  const { source, reentry, downstream } = scenario;
  const inputs = reentry?.action === 'feed' ? [...scenario.inputs, reentry.input] : scenario.inputs;
  const limit = scenario.concurrent ?? Infinity;
  const deadline = scenario.deadline?.at ?? Infinity;
  const unsubscribeAt = scenario.unsubscribeAt ?? FINAL_FRAME;
  const each = scenario.each ?? Infinity;
  const abortAt = scenario.abortAt ?? Infinity;
  const failFast = flavour !== 'asCompletedSettled';
  const keys = scenario.front.kind === 'fork' ? scenario.front.keys : null;
  /** The script indices in the order the source delivers them: a dictionary's, as `Object.keys` lists its keys. */
  const order =
    keys === null
      ? scenario.inputs.map((_, index) => index)
      : Object.keys(Object.fromEntries(keys.map((key, index) => [key, index]))).map((key) =>
          keys.indexOf(key),
        );

  const notifications: Notification[] = [];
  const inputSubscriptions: SubscriptionSpan[][] = inputs.map(() => []);
  const startedAt = new Map<number, number>();
  const running: number[] = [];
  const queued: number[] = [];
  let sourceEndedAt = Infinity;
  let sourceCompleted = false;
  let subscribing = true;
  let finished = false;
  let emitted = 0;
  /** Promises being observed: pending, but holding no slot. */
  const observing: number[] = [];
  /** The index each input got, by arrival; and the order its completion was scheduled in. */
  const arrivalIndex = new Map<number, number>();
  const scheduledAs = new Map<number, number>();
  let scheduled = 0;
  const teardownErrors: TeardownError[] = [];
  let values = 0;
  /** Values passed on by `take(n)` or `first()`. */
  let taken = 0;
  let consumerGone = false;

  const endSpan = (index: number, frame: number, channel: TeardownError['channel']): void => {
    inputSubscriptions[index].push({ subscribed: startedAt.get(index)!, unsubscribed: frame });
    const input = inputs[index];
    if (input.kind !== 'promise' && input.hostile) teardownErrors.push({ frame, channel, of: index });
  };

  const tearDown = (frame: number, channel: TeardownError['channel'] = 'reported'): void => {
    finished = true;
    for (const index of running) endSpan(index, frame, channel);
    running.length = 0;
    queued.length = 0;
    observing.length = 0;
    if (sourceEndedAt === Infinity) endSourceSpan(frame, channel);
  };

  function endSourceSpan(frame: number, channel: TeardownError['channel']): void {
    sourceEndedAt = frame;
    if (source.hostile) teardownErrors.push({ frame, channel, of: 'source' });
  }

  /** A value or record naming input `index`: its arrival index, and its key in a dictionary. */
  const named = (index: number, fields: object): object => ({
    index: arrivalIndex.get(index)!,
    ...(keys === null ? {} : { key: keys[index] }),
    ...fields,
  });

  /** The pending inputs' script indices, in arrival order. */
  const pendingNow = (): number[] =>
    [...running, ...queued, ...observing].sort((a, b) => arrivalIndex.get(a)! - arrivalIndex.get(b)!);

  /** The timeout error of the inputs at `indices`. */
  const timeoutError = (indices: readonly number[], deadline: number, timeout: number): ErrorDescription => ({
    type: 'timeout',
    pending: indices.map((index) => arrivalIndex.get(index)!),
    pendingKeys: keys === null ? null : indices.map((index) => keys[index]),
    emitted,
    deadline,
    timeout,
  });

  /** What reaches the consumer, who may act on a value there and then. */
  const deliver = (notification: Notification): void => {
    notifications.push(notification);
    if (notification.kind !== 'N') {
      consumerGone = true;
      return;
    }
    if (reentry === null || ++values !== reentry.afterValues + 1) return;
    const { frame } = notification;
    if (reentry.action === 'unsubscribe') {
      consumerGone = true;
      if (!finished) tearDown(frame, subscribing ? 'reported' : 'thrown');
    } else if (!finished && sourceEndedAt === Infinity) arrive(inputs.length - 1, frame);
  };

  /** A notification of the output, as the downstream operator passes it on, letting go of the output when it is done with it. */
  const notify = (notification: Notification): void => {
    if (consumerGone) return;
    const { frame } = notification;
    if (downstream.kind === 'none') deliver(notification);
    else if (downstream.kind === 'switchMap') {
      // The outer is still open: switchMap completes when it does, at `at`.
      if (notification.kind !== 'C') deliver(notification);
    } else if (notification.kind === 'N') {
      deliver(notification);
      if (++taken === (downstream.kind === 'take' ? downstream.count : 1)) {
        deliver({ frame, kind: 'C' });
        if (!finished) tearDown(frame);
      }
    } else if (notification.kind === 'C' && downstream.kind === 'first') {
      deliver({ frame, kind: 'E', error: { type: 'no elements' } });
    } else deliver(notification);
  };

  const timeOut = (frame: number): void => {
    const pending = pendingNow();
    tearDown(frame);
    if (failFast) {
      notify({ frame, kind: 'E', error: timeoutError(pending, deadline, deadline) });
    } else {
      for (const index of pending) notify({ frame, kind: 'N', value: named(index, { status: 'timeout' }) });
      notify({ frame, kind: 'C' });
    }
  };

  const abort = (frame: number): void => {
    const pending = pendingNow();
    tearDown(frame);
    if (failFast) {
      notify({ frame, kind: 'E', error: { type: 'abort' } });
    } else {
      for (const index of pending)
        notify({ frame, kind: 'N', value: named(index, { status: 'aborted', reason: ABORT_REASON }) });
      notify({ frame, kind: 'C' });
    }
  };

  /** An input still running at its own deadline (a Promise's counts from its arrival). */
  const cutOff = (index: number, frame: number): void => {
    if (frame >= deadline) {
      timeOut(frame);
      return;
    }
    if (failFast) {
      tearDown(frame);
      notify({ frame, kind: 'E', error: timeoutError([index], frame, each) });
      return;
    }
    if (inputs[index].kind === 'promise') observing.splice(observing.indexOf(index), 1);
    else {
      running.splice(running.indexOf(index), 1);
      endSpan(index, frame, 'reported');
    }
    notify({ frame, kind: 'N', value: named(index, { status: 'timeout' }) });
    if (finished) return;
    startQueued(frame);
    completeIfDone(frame);
  };

  const completeIfDone = (frame: number): void => {
    if (
      !finished &&
      sourceCompleted &&
      running.length === 0 &&
      queued.length === 0 &&
      observing.length === 0
    ) {
      tearDown(frame);
      notify({ frame, kind: 'C' });
    }
  };

  const finishInput = (index: number, frame: number): void => {
    if (!subscribing && frame >= deadline) {
      timeOut(frame);
      return;
    }
    if (inputs[index].kind === 'promise') observing.splice(observing.indexOf(index), 1);
    else {
      running.splice(running.indexOf(index), 1);
      endSpan(index, frame, 'reported');
    }
    const result = resultOf(inputs[index], index)!;
    if (result.ok) {
      emitted++;
      const value =
        flavour === 'asCompleted'
          ? result.value
          : named(
              index,
              flavour === 'asCompletedSettled'
                ? { status: 'fulfilled', value: result.value }
                : { value: result.value },
            );
      notify({ frame, kind: 'N', value });
    } else if (failFast) {
      tearDown(frame);
      notify({ frame, kind: 'E', error: result.error });
      return;
    } else {
      notify({ frame, kind: 'N', value: named(index, { status: 'rejected', error: result.error }) });
    }
    if (finished) return;
    startQueued(frame);
    completeIfDone(frame);
  };

  const start = (index: number, frame: number): void => {
    running.push(index);
    startedAt.set(index, frame);
    scheduledAs.set(index, scheduled++);
    if (inputs[index].kind === 'sync') finishInput(index, frame);
  };

  function startQueued(frame: number): void {
    while (!finished && running.length < limit && queued.length > 0) start(queued.shift()!, frame);
  }

  function arrive(index: number, frame: number): void {
    arrivalIndex.set(index, arrivalIndex.size);
    if (inputs[index].kind === 'promise') {
      observing.push(index);
      startedAt.set(index, frame);
      scheduledAs.set(index, scheduled++);
    } else if (running.length < limit && queued.length === 0) start(index, frame);
    else queued.push(index);
  }

  const endSource = (frame: number): void => {
    if (source.end === 'never') return;
    endSourceSpan(frame, 'reported');
    if (!subscribing && frame >= deadline) {
      timeOut(frame);
      return;
    }
    if (source.end === 'error') {
      tearDown(frame);
      notify({ frame, kind: 'E', error: { type: 'source' } });
    } else {
      sourceCompleted = true;
      completeIfDone(frame);
    }
  };

  // Subscription, at frame 0: a synchronous source delivers everything now.
  if (source.timing === 'sync') {
    for (const index of order) if (!finished) arrive(index, 0);
    if (!finished) endSource(0);
  }
  subscribing = false;
  if (!finished && abortAt < 0) abort(0);
  if (!finished && deadline <= 0) timeOut(0);

  const arrivals: number[] = [];
  let frame = 0;
  for (const gap of source.gaps) arrivals.push((frame += gap));
  const sourceEnd = frame + source.endGap;
  const letGoAt = downstream.kind === 'switchMap' ? downstream.at : Infinity;

  for (let now = 0; !finished; now++) {
    if (now === unsubscribeAt) {
      tearDown(now, 'thrown');
      break;
    }
    if (now === abortAt) abort(now);
    if (!finished && now === letGoAt) {
      tearDown(now);
      break;
    }
    if (source.timing === 'timed') {
      for (let index = 0; index < scenario.inputs.length && !finished; index++) {
        if (arrivals[index] === now) arrive(index, now);
      }
      if (!finished && now === sourceEnd) endSource(now);
    }
    if (!finished && now === deadline) timeOut(now);
    // Inputs subscribed in this very frame with a duration of 0 finish in it too, after the others.
    for (let next = dueInput(now); !finished && next !== undefined; next = dueInput(now)) {
      if (startedAt.get(next)! + each === now) cutOff(next, now);
      else finishInput(next, now);
    }
  }
  // switchMap completes with its outer, at `at`, however the output ended before.
  if (!consumerGone && letGoAt < unsubscribeAt) deliver({ frame: letGoAt, kind: 'C' });

  function dueInput(now: number): number | undefined {
    return [...running, ...observing]
      .filter((index) => {
        const input = inputs[index];
        const started = startedAt.get(index)!;
        const after =
          input.kind === 'promise'
            ? input.settlesAfter
            : input.kind === 'timed' && input.end !== 'never'
              ? input.duration
              : null;
        return (after !== null && started + after === now) || started + each === now;
      })
      .sort((a, b) => scheduledAs.get(a)! - scheduledAs.get(b)!)[0];
  }

  return {
    notifications,
    teardownErrors,
    inputSubscriptions,
    // A fixed set's source is the creation function's own: the harness cannot log it.
    sourceSubscriptions:
      scenario.front.kind === 'fork' ? [] : [{ subscribed: 0, unsubscribed: sourceEndedAt }],
  };
}
