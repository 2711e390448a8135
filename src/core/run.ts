import { inputName, notAnInput, timeoutMessage } from './messages.js';
import type { Limits } from './options.js';

/** Timers longer than this overflow `setTimeout` and fire at once, so long deadlines wait in steps. */
const MAX_TIMER_DELAY = 2 ** 31 - 1;

/** The key rxjs reads an interop Observable from, as rxjs itself resolves it. */
const OBSERVABLE_KEY: PropertyKey =
  (typeof Symbol === 'function' && (Symbol as { observable?: symbol }).observable) || '@@observable';

/** Marks an input that completed without a value: its error is made only if it is needed. */
const NO_VALUE = {};
/** Marks an input that has settled or been torn down: whatever it does later is ignored. */
const DONE = {};

/** What ends a subscription or cancels a timer. */
export interface Teardown {
  unsubscribe(): void;
}

/** The output's subscriber. */
export interface Sink<R> {
  next(value: R): void;
  error(error: unknown): void;
  complete(): void;
  readonly closed: boolean;
}

/** What an input's subscription reports to. `subscription` is set before subscribing, so the run can end it mid-subscribe. */
export interface InputObserver {
  next(value: unknown): void;
  error(error: unknown): void;
  complete(): void;
  subscription?: Teardown;
}

/** What the run needs from one generation of rxjs: subscriptions, a clock, timers and its error classes. */
export interface Platform {
  /** Subscribes `observer` to an input as `from` takes it; throws what `from` throws for anything else. */
  subscribe(input: unknown, observer: InputObserver): void;
  /** The clock of the deadline, in milliseconds. */
  now(): number;
  /** Calls `fire` once, `delay` ms from now. */
  schedule(fire: () => void, delay: number): Teardown;
  /** The error of an input that completed without a value (rxjs `EmptyError`). */
  emptyError(message: string): Error;
}

/** What the deadline found: the inputs it cut off (indices, ascending) and what had been delivered. */
export interface Expiry {
  readonly pending: number[];
  readonly emitted: number;
  /** The deadline on the platform's clock. */
  readonly deadline: number;
  /** The deadline relative to subscription, in milliseconds. */
  readonly timeout: number;
  readonly message: string;
}

/** What a flavour of the operator makes of each outcome; the run does all the bookkeeping. */
export interface Flavour<R> {
  fulfilled(sink: Sink<R>, index: number, value: unknown): void;
  /** Delivers an input's error as a value; `null` when an input's error errors the output and tears down the rest. */
  readonly rejected: ((sink: Sink<R>, index: number, error: unknown) => void) | null;
  /** Called after every input, the source and the timer have been torn down. */
  timedOut(sink: Sink<R>, expiry: Expiry): void;
}

/** Everything one call of an export fixes, shared by all subscriptions of its output. */
export interface Setup<R> {
  /** The export that was called, for messages. */
  readonly caller: string;
  /** The keys of a dictionary of inputs, by index; `null` for a list or a source. */
  readonly keys: readonly string[] | null;
  readonly limits: Limits;
  readonly flavour: Flavour<R>;
  readonly platform: Platform;
}

type Thenable = (
  this: unknown,
  onFulfilled: (value: unknown) => void,
  onRejected: (error: unknown) => void,
) => unknown;

/** The `then` of a Promise-like input, read as `from` would meet it: after the interop and array-like checks. */
function thenOf(input: unknown): Thenable | null {
  if (typeof input !== 'object' || input === null) return null;
  const candidate = input as Record<PropertyKey, unknown>;
  if (typeof candidate[OBSERVABLE_KEY] === 'function' || typeof candidate.length === 'number') return null;
  const then = candidate.then;
  return typeof then === 'function' ? (then as Thenable) : null;
}

type Settle = (input: PendingInput, failed: boolean, result: unknown) => void;

/**
 * One input, from its arrival to its end: in the queue, then active, then done. Kept small, since a
 * run holds one per pending input: a Promise input never gets a `subscription` or a `controller`.
 */
class PendingInput implements InputObserver {
  /** The input itself until it is activated; then its last value, or `NO_VALUE`; `DONE` once it is over. */
  value: unknown;
  /** The next input in the queue while queued; the next active input once active. */
  after: PendingInput | null = null;
  before: PendingInput | null = null;
  subscription?: Teardown;
  /** A factory input's signal, until the input settles. */
  controller?: AbortController | null;

  constructor(
    private readonly settle: Settle,
    readonly index: number,
    input: unknown,
  ) {
    this.value = input;
  }

  next(value: unknown): void {
    if (this.value !== DONE) this.value = value;
  }

  error(error: unknown): void {
    this.settle(this, true, error);
  }

  complete(): void {
    this.settle(this, this.value === NO_VALUE, this.value);
  }
}

/** One subscription of an asCompleted flavour, as its adapter drives it. */
export interface Run extends Teardown {
  /** The source's subscription, set by the adapter before it subscribes, torn down first. */
  source: Teardown | null;
  /**
   * An input from the source. Not named `add`: rxjs 8 takes any teardown with `add` and `unsubscribe`
   * for a Subscription and calls its `add`.
   */
  arrive(input: unknown): void;
  sourceError(error: unknown): void;
  sourceComplete(): void;
  /** The source's synchronous subscription is over: arm the deadline. */
  started(): void;
}

/**
 * Starts one subscription of an asCompleted flavour, free of any rxjs: the adapter feeds it the
 * source's notifications and tears it down with `unsubscribe()`. Inputs are activated in arrival
 * order, so the active list and the queue behind it hold the pending inputs in index order.
 */
export function startRun<R>({ caller, keys, limits, flavour, platform }: Setup<R>, sink: Sink<R>): Run {
  const { time, absolute, concurrent } = limits;
  let activeHead: PendingInput | null = null;
  let activeTail: PendingInput | null = null;
  let activeCount = 0;
  let queueHead: PendingInput | null = null;
  let queueTail: PendingInput | null = null;
  let timer: Teardown | null = null;
  let arrived = 0;
  let emitted = 0;
  let subscribing = true;
  let draining = false;
  let sourceDone = false;
  let finished = false;
  const start = platform.now();
  const deadline = absolute ? time : start + time;

  /** Tears down the source, every input and the timer; safe to call more than once. */
  const finish = (timedOut: boolean): void => {
    if (finished) return;
    finished = true;
    run.source?.unsubscribe();
    timer?.unsubscribe();
    let reason: DOMException | undefined;
    for (let input = activeHead; input !== null; input = input.after) {
      input.value = DONE;
      input.subscription?.unsubscribe();
      if (input.controller) {
        reason ??= new DOMException(
          `${caller} ${timedOut ? 'timed out' : 'unsubscribed'} before this input settled`,
          timedOut ? 'TimeoutError' : 'AbortError',
        );
        input.controller.abort(reason);
      }
    }
    activeHead = activeTail = queueHead = queueTail = null;
  };

  const fail = (error: unknown): void => {
    if (finished) return;
    finish(false);
    sink.error(error);
  };

  const completeIfDone = (): void => {
    if (sourceDone && activeCount === 0 && queueHead === null && !finished) {
      finish(false);
      sink.complete();
    }
  };

  const expire = (): void => {
    if (finished) return;
    const pending: number[] = [];
    for (let input = activeHead; input !== null; input = input.after) pending.push(input.index);
    for (let input = queueHead; input !== null; input = input.after) pending.push(input.index);
    const timeout = deadline - start;
    const message = timeoutMessage(caller, timeout, pending, keys, emitted, !sourceDone);
    finish(true);
    flavour.timedOut(sink, { pending, emitted, deadline, timeout, message });
  };

  /** Whether something that happens now is too late: at the deadline, whichever of the two the scheduler runs first, it loses. */
  const pastDeadline = (): boolean => !subscribing && deadline !== Infinity && platform.now() >= deadline;

  const settle = (input: PendingInput, failed: boolean, result: unknown): void => {
    if (input.value === DONE) return;
    input.value = DONE;
    if (input.controller) input.controller = null;
    if (finished) return;
    if (pastDeadline()) return expire();
    const { before, after } = input;
    if (before === null) activeHead = after;
    else before.after = after;
    if (after === null) activeTail = before;
    else after.before = before;
    activeCount--;
    if (!failed) {
      emitted++;
      flavour.fulfilled(sink, input.index, result);
    } else {
      if (result === NO_VALUE) {
        result = platform.emptyError(`${caller}: ${inputName(input.index, keys)} completed without a value`);
      }
      if (flavour.rejected === null) return fail(result);
      flavour.rejected(sink, input.index, result);
    }
    if (sink.closed) finish(false);
    else {
      drain();
      completeIfDone();
    }
  };

  const activate = (pending: PendingInput): void => {
    pending.before = activeTail;
    if (activeTail === null) activeHead = pending;
    else activeTail.after = pending;
    activeTail = pending;
    activeCount++;

    let input = pending.value;
    pending.value = NO_VALUE;
    const factory = typeof input === 'function';
    if (factory) {
      const controller = (pending.controller = new AbortController());
      try {
        input = (input as (signal: AbortSignal) => unknown)(controller.signal);
      } catch (error) {
        return settle(pending, true, error);
      }
    }
    // A string would emit its characters; a function here is what a factory returned.
    if (typeof input === 'string' || typeof input === 'function') {
      return fail(notAnInput(caller, inputName(pending.index, keys), input, factory));
    }

    let then: Thenable | null;
    try {
      then = thenOf(input);
    } catch (cause) {
      return fail(notAnInput(caller, inputName(pending.index, keys), input, factory, cause));
    }
    if (then !== null) {
      // The Promise fast path: one `then`, where `from` would build an Observable and a subscriber chain.
      // Called even if the run ended inside a factory, so that the Promise's rejection is handled.
      try {
        then.call(
          input,
          (value) => settle(pending, false, value),
          (error) => settle(pending, true, error),
        );
      } catch (error) {
        settle(pending, true, error);
      }
      return;
    }
    if (pending.value === DONE) return;
    try {
      platform.subscribe(input, pending);
    } catch (cause) {
      fail(notAnInput(caller, inputName(pending.index, keys), input, factory, cause));
    }
  };

  /** Subscribes queued inputs while there is room; a loop, not recursion, so synchronous inputs cannot overflow the stack. */
  const drain = (): void => {
    if (draining) return;
    draining = true;
    while (!finished && queueHead !== null && activeCount < concurrent) {
      const next: PendingInput = queueHead;
      queueHead = next.after;
      if (queueHead === null) queueTail = null;
      next.after = null;
      activate(next);
    }
    draining = false;
  };

  const run: Run = {
    source: null,
    arrive(input) {
      if (finished) return;
      const pending = new PendingInput(settle, arrived++, input);
      if (queueHead === null && activeCount < concurrent) activate(pending);
      else if (queueTail === null) queueHead = queueTail = pending;
      else queueTail = queueTail.after = pending;
    },
    sourceError(error) {
      if (pastDeadline()) expire();
      else fail(error);
    },
    sourceComplete() {
      run.source?.unsubscribe();
      if (pastDeadline()) expire();
      else {
        sourceDone = true;
        completeIfDone();
      }
    },
    started() {
      subscribing = false;
      if (finished || deadline === Infinity) return;
      // A relative deadline counts down the timer's own delays, as rxjs's timeout does, so no step of
      // the wall clock can postpone it; a Date is a time on the wall clock by definition.
      let left = absolute ? time - platform.now() : time - Math.max(0, platform.now() - start);
      const wait = (): void => {
        if (left <= 0) return expire();
        const delay = Math.min(left, MAX_TIMER_DELAY);
        const step = (timer = platform.schedule(() => {
          step.unsubscribe();
          left = absolute ? time - platform.now() : left - delay;
          wait();
        }, delay));
      };
      wait();
    },
    unsubscribe: () => finish(false),
  };
  return run;
}
