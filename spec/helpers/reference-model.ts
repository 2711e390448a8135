import {
  ABORT_REASON,
  FINAL_FRAME,
  type ErrorDescription,
  type InputScript,
  type Notification,
  type Observed,
  type Scenario,
  type SubscriptionSpan,
} from './scenario';

export type Flavour = 'asCompleted' | 'asCompletedSettled';

type Result =
  { readonly ok: true; readonly value: number } | { readonly ok: false; readonly error: ErrorDescription };

/** What an input ends with: its last value, its error, EmptyError, or nothing (it never ends). */
function resultOf(input: InputScript, index: number): Result | null {
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
 *
 * Within one frame, things happen in the order the virtual scheduler runs them: the consumer's
 * unsubscription (scheduled before subscribing), then the source's emissions (scheduled when the
 * source is subscribed, before the operator arms its timer), then the deadline, then the inputs'
 * completions in the order the inputs were subscribed, which is index order. The signal's abort is
 * scheduled before subscribing: it comes right after the unsubscription. An input's own deadline is
 * armed before the input is subscribed: it comes where the input's completion would, and before it. The source's end, like an
 * input's result, loses to the deadline from the deadline's frame on, whatever that order.
 */
export function expectedRun(scenario: Scenario, flavour: Flavour): Observed {
  const { inputs, source } = scenario;
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

  const tearDown = (frame: number): void => {
    finished = true;
    for (const index of running)
      inputSubscriptions[index].push({ subscribed: startedAt.get(index)!, unsubscribed: frame });
    running.length = 0;
    queued.length = 0;
    if (sourceEndedAt === Infinity) sourceEndedAt = frame;
  };

  const timeOut = (frame: number): void => {
    const pending = [...running, ...queued].sort((a, b) => a - b);
    tearDown(frame);
    if (flavour === 'asCompleted') {
      const error = { type: 'timeout', pending, emitted, deadline, timeout: deadline } as const;
      notifications.push({ frame, kind: 'E', error });
    } else {
      for (const index of pending)
        notifications.push({ frame, kind: 'N', value: { index, status: 'timeout' } });
      notifications.push({ frame, kind: 'C' });
    }
  };

  const abort = (frame: number): void => {
    const pending = [...running, ...queued].sort((a, b) => a - b);
    tearDown(frame);
    if (flavour === 'asCompleted') {
      notifications.push({ frame, kind: 'E', error: { type: 'abort' } });
    } else {
      for (const index of pending)
        notifications.push({ frame, kind: 'N', value: { index, status: 'aborted', reason: ABORT_REASON } });
      notifications.push({ frame, kind: 'C' });
    }
  };

  /** An input still running at its own deadline. */
  const cutOff = (index: number, frame: number): void => {
    if (frame >= deadline) {
      timeOut(frame);
      return;
    }
    if (flavour === 'asCompleted') {
      tearDown(frame);
      const error = { type: 'timeout', pending: [index], emitted, deadline: frame, timeout: each } as const;
      notifications.push({ frame, kind: 'E', error });
      return;
    }
    running.splice(running.indexOf(index), 1);
    inputSubscriptions[index].push({ subscribed: startedAt.get(index)!, unsubscribed: frame });
    notifications.push({ frame, kind: 'N', value: { index, status: 'timeout' } });
    startQueued(frame);
    completeIfDone(frame);
  };

  const completeIfDone = (frame: number): void => {
    if (!finished && sourceCompleted && running.length === 0 && queued.length === 0) {
      tearDown(frame);
      notifications.push({ frame, kind: 'C' });
    }
  };

  const finishInput = (index: number, frame: number): void => {
    if (!subscribing && frame >= deadline) {
      timeOut(frame);
      return;
    }
    running.splice(running.indexOf(index), 1);
    inputSubscriptions[index].push({ subscribed: startedAt.get(index)!, unsubscribed: frame });
    const result = resultOf(inputs[index], index)!;
    if (result.ok) {
      emitted++;
      const value =
        flavour === 'asCompleted' ? result.value : { index, status: 'fulfilled', value: result.value };
      notifications.push({ frame, kind: 'N', value });
    } else if (flavour === 'asCompleted') {
      tearDown(frame);
      notifications.push({ frame, kind: 'E', error: result.error });
      return;
    } else {
      notifications.push({ frame, kind: 'N', value: { index, status: 'rejected', error: result.error } });
    }
    startQueued(frame);
    completeIfDone(frame);
  };

  const start = (index: number, frame: number): void => {
    running.push(index);
    startedAt.set(index, frame);
    if (inputs[index].kind === 'sync') finishInput(index, frame);
  };

  function startQueued(frame: number): void {
    while (!finished && running.length < limit && queued.length > 0) start(queued.shift()!, frame);
  }

  const arrive = (index: number, frame: number): void => {
    if (running.length < limit && queued.length === 0) start(index, frame);
    else queued.push(index);
  };

  const endSource = (frame: number): void => {
    if (source.end === 'never') return;
    sourceEndedAt = frame;
    if (!subscribing && frame >= deadline) {
      timeOut(frame);
      return;
    }
    if (source.end === 'error') {
      tearDown(frame);
      notifications.push({ frame, kind: 'E', error: { type: 'source' } });
    } else {
      sourceCompleted = true;
      completeIfDone(frame);
    }
  };

  // Subscription, at frame 0: a synchronous source delivers everything now.
  if (source.timing === 'sync') {
    for (let index = 0; index < inputs.length && !finished; index++) arrive(index, 0);
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
      tearDown(now);
      break;
    }
    if (now === abortAt) abort(now);
    if (source.timing === 'timed') {
      for (let index = 0; index < inputs.length && !finished; index++) {
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
    return running
      .filter((index) => {
        const input = inputs[index];
        const started = startedAt.get(index)!;
        if (input.kind !== 'timed') return false;
        return (input.end !== 'never' && started + input.duration === now) || started + each === now;
      })
      .sort((a, b) => a - b)[0];
  }

  return {
    notifications,
    inputSubscriptions,
    sourceSubscriptions: [{ subscribed: 0, unsubscribed: sourceEndedAt }],
  };
}
