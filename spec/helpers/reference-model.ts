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

export type Flavour = 'asCompleted' | 'asCompletedSettled';

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
 * - A finalizer that throws changes nothing of the above: every teardown still happens, and each
 *   error is raised at the frame of its teardown, thrown to the consumer's `unsubscribe()` when that
 *   call asked for the teardown (while the output is being subscribed, rxjs has not handed the call
 *   on yet), reported through `config.onUnhandledError` otherwise.
 * - A re-entrant consumer acts inside the `next` that brings it its value: what it feeds the source
 *   arrives then (indices count arrivals), and its unsubscription ends the output there.
 *
 * Within one frame, things happen in the order the virtual scheduler runs them: the consumer's
 * unsubscription (scheduled before subscribing), then the source's emissions (scheduled when the
 * source is subscribed, before the operator arms its timer), then the deadline, then the inputs'
 * completions in the order they were scheduled: the order the inputs were subscribed, or observed
 * (a Promise). The signal's abort is scheduled before subscribing: it comes right after the
 * unsubscription. An input's own deadline is armed before the input is subscribed: it comes where the
 * input's completion would, and before it. The source's end, like an
 * input's result, loses to the deadline from the deadline's frame on, whatever that order.
 */
export function expectedRun(scenario: Scenario, flavour: Flavour): Observed {
  const { source, reentry } = scenario;
  const inputs = reentry?.action === 'feed' ? [...scenario.inputs, reentry.input] : scenario.inputs;
  const limit = scenario.concurrent ?? Infinity;
  const deadline = scenario.deadline?.at ?? Infinity;
  const unsubscribeAt = scenario.unsubscribeAt ?? FINAL_FRAME;
  const each = scenario.each ?? Infinity;
  const abortAt = scenario.abortAt ?? Infinity;

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

  /** A notification to the consumer, who may act on a value there and then. */
  const notify = (notification: Notification): void => {
    if (consumerGone) return;
    notifications.push(notification);
    if (notification.kind !== 'N' || reentry === null || ++values !== reentry.afterValues + 1) return;
    const { frame } = notification;
    if (reentry.action === 'unsubscribe') {
      consumerGone = true;
      if (!finished) tearDown(frame, subscribing ? 'reported' : 'thrown');
    } else if (!finished && sourceEndedAt === Infinity) arrive(inputs.length - 1, frame);
  };

  const timeOut = (frame: number): void => {
    const pending = [...running, ...queued, ...observing]
      .map((index) => arrivalIndex.get(index)!)
      .sort((a, b) => a - b);
    tearDown(frame);
    if (flavour === 'asCompleted') {
      const error = { type: 'timeout', pending, emitted, deadline, timeout: deadline } as const;
      notify({ frame, kind: 'E', error });
    } else {
      for (const index of pending) notify({ frame, kind: 'N', value: { index, status: 'timeout' } });
      notify({ frame, kind: 'C' });
    }
  };

  const abort = (frame: number): void => {
    const pending = [...running, ...queued, ...observing]
      .map((index) => arrivalIndex.get(index)!)
      .sort((a, b) => a - b);
    tearDown(frame);
    if (flavour === 'asCompleted') {
      notify({ frame, kind: 'E', error: { type: 'abort' } });
    } else {
      for (const index of pending)
        notify({ frame, kind: 'N', value: { index, status: 'aborted', reason: ABORT_REASON } });
      notify({ frame, kind: 'C' });
    }
  };

  /** An input still running at its own deadline (a Promise's counts from its arrival). */
  const cutOff = (index: number, frame: number): void => {
    if (frame >= deadline) {
      timeOut(frame);
      return;
    }
    const arrived = arrivalIndex.get(index)!;
    if (flavour === 'asCompleted') {
      tearDown(frame);
      const error = { type: 'timeout', pending: [arrived], emitted, deadline: frame, timeout: each } as const;
      notify({ frame, kind: 'E', error });
      return;
    }
    if (inputs[index].kind === 'promise') observing.splice(observing.indexOf(index), 1);
    else {
      running.splice(running.indexOf(index), 1);
      endSpan(index, frame, 'reported');
    }
    notify({ frame, kind: 'N', value: { index: arrived, status: 'timeout' } });
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
    const arrived = arrivalIndex.get(index)!;
    if (result.ok) {
      emitted++;
      const value =
        flavour === 'asCompleted'
          ? result.value
          : { index: arrived, status: 'fulfilled', value: result.value };
      notify({ frame, kind: 'N', value });
    } else if (flavour === 'asCompleted') {
      tearDown(frame);
      notify({ frame, kind: 'E', error: result.error });
      return;
    } else {
      notify({ frame, kind: 'N', value: { index: arrived, status: 'rejected', error: result.error } });
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
    for (let index = 0; index < scenario.inputs.length && !finished; index++) arrive(index, 0);
    if (!finished) endSource(0);
  }
  subscribing = false;
  if (!finished && abortAt < 0) abort(0);
  if (!finished && deadline <= 0) timeOut(0);

  const arrivals: number[] = [];
  let frame = 0;
  for (const gap of source.gaps) arrivals.push((frame += gap));
  const sourceEnd = frame + source.endGap;

  for (let now = 0; !finished; now++) {
    if (now === unsubscribeAt) {
      tearDown(now, 'thrown');
      break;
    }
    if (now === abortAt) abort(now);
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
    sourceSubscriptions: [{ subscribed: 0, unsubscribed: sourceEndedAt }],
  };
}
