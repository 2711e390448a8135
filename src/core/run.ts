import { inputName, notAnInput, ownDeadlineMessage, timeoutMessage } from './messages.js';
import type { Limits } from './options.js';

/** Timers longer than this overflow `setTimeout` and fire at once, so long deadlines wait in steps. */
const MAX_TIMER_DELAY = 2 ** 31 - 1;

/** The key rxjs reads an interop Observable from, as rxjs itself resolves it. */
const OBSERVABLE_KEY: PropertyKey = (Symbol as { observable?: symbol }).observable || '@@observable';

/** Marks an input that completed without a value: its error is made only if it is needed. */
const NO_VALUE = {};
/** Marks an input that has settled or been torn down: whatever it does later is ignored. */
const DONE = {};
/**
 * Marks an input whose result is being delivered: an error it receives now is what the delivery threw,
 * routed back into it by rxjs (a synchronous input's subscribe sends what its subscriber throws to
 * that subscriber's `error`), after it got past `settle`'s own `catch`.
 */
const DELIVERING = {};
/** No delivery has failed. */
const NO_FAILURE = {};
/** The outcome of an input still running at its own deadline (`each`). */
const OWN_DEADLINE = {};
/** Stands for a Promise's error, kept beside it, in its handler. */
const REJECTED = {};

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
  /** What the input's own finalizer threw when the input ended by itself, after `error` or `complete`. */
  teardownFailed(error: unknown): void;
  subscription?: Teardown;
}

/** What the run needs from one generation of rxjs: subscriptions, a clock, timers and its error classes. */
export interface Platform {
  /** An input as `from` takes it; throws what `from` throws for anything else. */
  from(input: unknown): unknown;
  /** Subscribes `observer` to what {@link from} returned. */
  subscribe(observable: unknown, observer: InputObserver): void;
  /** The clock of a `Date` deadline, and of the deadline the timeout error reports, in milliseconds. */
  now(): number;
  /**
   * Starts a stopwatch for a relative deadline: the returned function reads the milliseconds elapsed
   * since, on a monotonic clock, so that a step of the wall clock is not taken for elapsed time.
   */
  stopwatch(): () => number;
  /** Calls `fire` once, `delay` ms from now. */
  schedule(fire: () => void, delay: number): Teardown;
  /** The error of an input that completed without a value (rxjs `EmptyError`). */
  emptyError(message: string): Error;
  /**
   * Raises what finalizers threw during a teardown, once the teardown is over and the subscriber has
   * its terminal notification: thrown when the consumer's `unsubscribe()` asked for the teardown
   * (`byConsumer`), reported as the platform reports errors nobody can catch otherwise.
   */
  teardownFailed(errors: unknown[], byConsumer: boolean): void;
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
  /**
   * Called after every input, the source and the timer have been torn down: at the deadline, or at an
   * input's own deadline (`each`) when {@link inputTimedOut} is `null`.
   */
  timedOut(sink: Sink<R>, expiry: Expiry): void;
  /** Delivers an input's own deadline (`each`) as a value; `null` when it ends the run as the deadline does. */
  readonly inputTimedOut: ((sink: Sink<R>, index: number) => void) | null;
  /** Called after everything has been torn down because the `signal` aborted, with its reason. */
  aborted(sink: Sink<R>, pending: number[], reason: unknown): void;
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

/** What an input reports to: its run, one object shared by all the run's inputs. */
interface Owner {
  settle(input: PendingInput, failed: boolean, result: unknown): void;
  teardownFailed(error: unknown): void;
}

/**
 * One input, from its arrival to its end: in the queue, then active, then done. Kept small, since a
 * run holds one per pending input: a Promise input never gets a `subscription` or a `controller`,
 * which is also how the run tells that it holds no `concurrent` slot.
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
  // With `each` only: when the input started, on the run's stopwatch, and the timer of its own deadline.
  // Declared, not initialised, so that an input without `each` carries neither.
  declare since?: number;
  declare timer?: Teardown;

  constructor(
    private readonly owner: Owner,
    readonly index: number,
    input: unknown,
  ) {
    this.value = input;
  }

  next(value: unknown): void {
    if (this.value !== DONE && this.value !== DELIVERING) this.value = value;
  }

  error(error: unknown): void {
    this.owner.settle(this, true, error);
  }

  complete(): void {
    this.owner.settle(this, this.value === NO_VALUE, this.value);
  }

  teardownFailed(error: unknown): void {
    this.owner.teardownFailed(error);
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

/** Why a run ended before its inputs settled, as their signals' abort reasons say it. */
const enum Ending {
  TimedOut,
  Unsubscribed,
  InputFailed,
  SourceFailed,
  DeliveryFailed,
  InputTimedOut,
  Aborted,
}

/**
 * Starts one subscription of an asCompleted flavour, free of any rxjs: the adapter feeds it the
 * source's notifications and tears it down with `unsubscribe()`. Observables and factories are
 * activated in arrival order, bounded by `concurrent`; a Promise is observed from its arrival, since
 * it is already running, and takes no slot.
 */
export function startRun<R>({ caller, keys, limits, flavour, platform }: Setup<R>, sink: Sink<R>): Run {
  const { time, absolute, concurrent, each, signal } = limits;
  let activeHead: PendingInput | null = null;
  let activeTail: PendingInput | null = null;
  /** How many `concurrent` slots are taken: active inputs but Promises. */
  let activeCount = 0;
  /** How many Promises are listened to without a record, and have not settled. */
  let listened = 0;
  let queueHead: PendingInput | null = null;
  let queueTail: PendingInput | null = null;
  let timer: Teardown | null = null;
  let arrived = 0;
  let emitted = 0;
  let subscribing = true;
  let draining = false;
  let sourceDone = false;
  let finished = false;
  /**
   * The input whose outcome the innermost delivery takes (a Promise listened to without a record is
   * its handler), `null` outside deliveries, which nest through a subscriber that feeds the source
   * synchronously. Each delivery puts back what it found as its very last step, rather than counting
   * down: one left by a throw that its `catch` did not hold (the stack overflowing in that `catch` or
   * after it, as it can in the calls a coverage or mutation tool adds) leaves its input here, which is
   * how the run knows that throw when rxjs routes it back into the input, and the delivery around it
   * still finds itself nested.
   */
  let settling: unknown = null;
  let deliveryFailure: unknown = NO_FAILURE;
  /** What finalizers threw, raised once the teardown is over. */
  let teardownErrors: unknown[] | null = null;
  const start = platform.now();
  const deadline = absolute ? time : start + time;
  /** The elapsed time of a relative deadline: a step of the wall clock neither brings it forward nor postpones it. */
  const elapsed = absolute || time === Infinity ? null : platform.stopwatch();
  /** The stopwatch of the inputs' own deadlines, with `each` only: no cost per input without it. */
  const clock = each === Infinity ? null : platform.stopwatch();
  /** Whether nothing can cut a Promise off, so that no list of pending inputs is ever reported. */
  const recordless = deadline === Infinity && !signal && clock === null;

  const collect = (error: unknown): void => {
    // No call that could overflow the stack between making the list and filling it: an empty list
    // would be raised as an error of its own.
    if (teardownErrors === null) teardownErrors = [error];
    else teardownErrors[teardownErrors.length] = error;
  };

  /** Ends a subscription, keeping what its finalizer throws for later. */
  const release = (teardown: Teardown | null | undefined): void => {
    try {
      teardown?.unsubscribe();
    } catch (error) {
      collect(error);
    }
  };

  /** Raises what finalizers threw, after the notification that the teardown came with. */
  const raiseTeardownErrors = (byConsumer: boolean): void => {
    const errors = teardownErrors;
    if (errors === null) return;
    teardownErrors = null;
    platform.teardownFailed(errors, byConsumer);
  };

  const abortReason = (ending: Ending, cause: unknown, culprit: number): unknown => {
    if (ending === Ending.Aborted) return cause;
    if (ending === Ending.TimedOut) {
      return new DOMException(`${caller} timed out before this input settled`, 'TimeoutError');
    }
    const why =
      ending === Ending.Unsubscribed
        ? 'the consumer unsubscribed'
        : ending === Ending.InputFailed || ending === Ending.InputTimedOut
          ? `${inputName(culprit, keys)} ${ending === Ending.InputFailed ? 'failed' : 'timed out'}`
          : ending === Ending.SourceFailed
            ? 'the source failed'
            : 'delivering a result threw';
    const reason = new DOMException(`${caller}: ${why} before this input settled`, 'AbortError');
    // What ended the run, as an Error's `cause` (DOMException takes no options where it is oldest).
    if (ending !== Ending.Unsubscribed && ending !== Ending.InputTimedOut) {
      Object.defineProperty(reason, 'cause', { value: cause, writable: true, configurable: true });
    }
    return reason;
  };

  /**
   * Tears down the source, the timer and every input, whatever their finalizers throw: each step is
   * taken off the run before it is done, so that a call made again, after a finalizer threw what no
   * `catch` can hold (a stack overflow), goes on where the last one stopped.
   */
  const finish = (ending: Ending, cause?: unknown, culprit = -1): void => {
    finished = true;
    signal?.removeEventListener('abort', onAbort);
    const { source } = run;
    run.source = null;
    release(source);
    if (timer !== null) {
      const step = timer;
      timer = null;
      step.unsubscribe();
    }
    queueHead = queueTail = null;
    let reason: unknown;
    const why = (): unknown => (reason ??= abortReason(ending, cause, culprit));
    while (activeHead !== null) {
      const input = activeHead;
      activeHead = input.after;
      cut(input, why);
    }
    activeTail = null;
  };

  /** Tears one input down: its subscription, the timer of its own deadline, and its factory's signal, aborted with `reason(input)`. */
  const cut = (input: PendingInput, reason: (input: PendingInput) => unknown): void => {
    input.value = DONE;
    const { subscription, controller } = input;
    input.timer?.unsubscribe();
    release(subscription);
    if (controller) {
      input.controller = null;
      try {
        controller.abort(reason(input));
      } catch (error) {
        collect(error);
      }
    }
  };

  const fail = (error: unknown, ending: Ending, culprit = -1): void => {
    if (finished) return;
    end(error, ending, culprit);
  };

  const end = (error: unknown, ending: Ending, culprit: number): void => {
    finish(ending, error, culprit);
    sink.error(error);
    raiseTeardownErrors(false);
  };

  const completeIfDone = (): void => {
    if (sourceDone && activeHead === null && queueHead === null && listened === 0 && !finished) {
      finish(Ending.Unsubscribed);
      sink.complete();
      raiseTeardownErrors(false);
    }
  };

  /**
   * Ends the run at the deadline; at the own deadline of the input at `culprit`, which is then all that
   * is pending; or, `aborted`, for the signal.
   */
  const expire = (culprit = -1, aborted = false): void => {
    if (finished) return;
    let pending = [culprit];
    if (culprit < 0) {
      pending = [];
      for (let input = activeHead; input !== null; input = input.after) pending.push(input.index);
      for (let input = queueHead; input !== null; input = input.after) pending.push(input.index);
      // Promises are observed from their arrival, so the active list is not in index order.
      pending.sort((a, b) => a - b);
    }
    const reason: unknown = aborted ? signal?.reason : undefined;
    finish(aborted ? Ending.Aborted : culprit < 0 ? Ending.TimedOut : Ending.InputTimedOut, reason, culprit);
    if (aborted) flavour.aborted(sink, pending, reason);
    else {
      const timeout = culprit < 0 ? deadline - start : each;
      const message =
        culprit < 0
          ? timeoutMessage(caller, timeout, pending, keys, emitted, !sourceDone)
          : `${ownDeadlineMessage(caller, inputName(culprit, keys), each)}: ${emitted} emitted`;
      flavour.timedOut(sink, {
        pending,
        emitted,
        deadline: culprit < 0 ? deadline : platform.now(),
        timeout,
        message,
      });
    }
    raiseTeardownErrors(false);
  };

  const onAbort = (): void => expire(-1, true);

  /** Whether something that happens now is too late: at the deadline, whichever of the two the scheduler runs first, it loses. */
  const pastDeadline = (): boolean =>
    !subscribing &&
    deadline < Infinity &&
    (elapsed === null ? platform.now() >= deadline : elapsed() >= time);

  const settle = (input: PendingInput, failed: boolean, result: unknown): void => {
    if (input.value === DELIVERING || input === settling) {
      if (failed) failDelivery(result);
      return;
    }
    if (input.value === DONE) return;
    // All of it counts as a delivery, so that whatever throws in it, a stack overflow included, is caught
    // in this frame, by a catch that calls nothing, and ends the run from the outermost delivery.
    const outer = settling;
    settling = input;
    try {
      take(input, failed, result);
    } catch (error) {
      if (deliveryFailure === NO_FAILURE) {
        deliveryFailure = error;
        finished = true;
      }
    }
    input.value = DONE;
    if (outer === null && deliveryFailure !== NO_FAILURE) failDelivery();
    settling = outer;
  };

  /**
   * A delivery threw through the subscriber (a stack overflow, mostly): the run ends with that error, as
   * mergeAll's inner subscriber sends what its `next` throws to the output. A throw held by a delivery's
   * `catch` stopped the run at once, and ends it from the outermost delivery, where the stack that
   * overflowed has unwound, called with no `error`. A throw that got out past that `catch`, which rxjs
   * routes back into its input, ends it at once, with `error`: the delivery it left may have been the
   * outermost. The first error of a stack wins. One thrown after the output's last notification is sent
   * all the same, as mergeAll's is, and rxjs 7 and 8 hand it to `config.onStoppedNotification`.
   */
  const failDelivery = (error?: unknown): void => {
    if (deliveryFailure !== NO_FAILURE) error = deliveryFailure;
    deliveryFailure = NO_FAILURE;
    end(error, Ending.DeliveryFailed, -1);
  };

  /** Takes an input's outcome: the deadlines first, then its delivery, then the next inputs and completion. */
  const take = (input: PendingInput, failed: boolean, result: unknown): void => {
    // An input cut off at its own deadline stays running until the total deadline, if it is also now, has had its turn.
    const running = result === OWN_DEADLINE;
    const holdsSlot = input.subscription !== undefined || input.controller !== undefined;
    if (!running) {
      input.value = DONE;
      if (input.controller) input.controller = null;
    }
    input.timer?.unsubscribe();
    if (finished) return;
    if (pastDeadline()) return expire();
    // What the cut's finalizers threw is reported after the timeout record, even if the consumer lets go in it.
    let cutErrors: unknown[] | null = null;
    if (running) {
      cut(input, ownDeadlineReason);
      if (finished) return;
    } else if (input.since !== undefined && clock!() - input.since >= each) {
      // At its own deadline, whichever of the two the scheduler runs first, the result loses.
      failed = true;
      result = OWN_DEADLINE;
    }
    if (result === OWN_DEADLINE && flavour.inputTimedOut === null) return expire(input.index);
    if (running) {
      cutErrors = teardownErrors;
      teardownErrors = null;
    }
    const { before, after } = input;
    if (before === null) activeHead = after;
    else before.after = after;
    if (after === null) activeTail = before;
    else after.before = before;
    if (holdsSlot) activeCount--;
    input.value = DELIVERING;
    // The cut's errors are reported even if the delivery throws.
    try {
      if (!failed) {
        emitted++;
        flavour.fulfilled(sink, input.index, result);
      } else if (result === OWN_DEADLINE) {
        flavour.inputTimedOut!(sink, input.index);
      } else {
        if (result === NO_VALUE) {
          result = platform.emptyError(
            `${caller}: ${inputName(input.index, keys)} completed without a value`,
          );
        }
        if (flavour.rejected === null) fail(result, Ending.InputFailed, input.index);
        else flavour.rejected(sink, input.index, result);
      }
      // The subscriber closed without unsubscribing the run: what its finalizers throw is nobody's to catch.
      if (sink.closed) unsubscribe(false);
      else {
        drain();
        completeIfDone();
      }
    } finally {
      if (cutErrors !== null) platform.teardownFailed(cutErrors, false);
    }
  };

  /** What a factory's signal is aborted with when its input is cut off at its own deadline. */
  const ownDeadlineReason = ({ index }: PendingInput): DOMException =>
    new DOMException(ownDeadlineMessage(caller, inputName(index, keys), each), 'TimeoutError');

  /** Links an input that starts now into the active list, and starts the clock of its own deadline. */
  const link = (pending: PendingInput): void => {
    pending.before = activeTail;
    if (activeTail === null) activeHead = pending;
    else activeTail.after = pending;
    activeTail = pending;
    if (clock !== null) {
      pending.since = clock();
      armOwnDeadline(pending, each);
    }
  };

  /** Times out an input at its own deadline, in steps that a timer can take. */
  const armOwnDeadline = (pending: PendingInput, left: number): void => {
    const delay = Math.min(left, MAX_TIMER_DELAY);
    const step = (pending.timer = platform.schedule(() => {
      if (left <= delay) return settle(pending, true, OWN_DEADLINE);
      step.unsubscribe();
      armOwnDeadline(pending, left - delay);
    }, delay));
  };

  /** Listens to a Promise (a thenable): one `then`, where `from` would build an Observable and a subscriber chain. */
  const observe = (pending: PendingInput, input: unknown, then: Thenable): void => {
    try {
      then.call(
        input,
        (value) => settle(pending, false, value),
        (error) => settle(pending, true, error),
      );
    } catch (error) {
      settle(pending, true, error);
    }
  };

  /**
   * Listens to a Promise that nothing but its outcome can end: with neither deadline nor signal, no
   * list of pending inputs is ever reported, so it needs no record, only its place in the count. It
   * frees no slot when it settles, so it starts nothing.
   */
  const listen = (index: number, input: unknown, then: Thenable): void => {
    // A thenable may call its handlers more than once, or both: the first call is its outcome.
    let open = true;
    let error: unknown;
    listened++;
    // Both outcomes in one handler, the steps of `settle` written out: on V8, a call out of the
    // handler cost a quarter of the time per Promise.
    const outcome = (value: unknown): void => {
      if (!open) {
        // A throw out of this handler that its `catch` did not hold, back through `reject`.
        if (settling === outcome && value === REJECTED) failDelivery(error);
        return;
      }
      // Found here already when a throw got out of this handler before its delivery began, and came back
      // through `reject`: the delivery around it, if any, is unknown, so this one ends the run itself.
      const outer = settling === outcome ? null : settling;
      settling = outcome;
      open = false;
      listened--;
      if (!finished) {
        try {
          // No count of results: only a deadline's or a signal's error reports it.
          if (value !== REJECTED) flavour.fulfilled(sink, index, value);
          else if (flavour.rejected === null) fail(error, Ending.InputFailed, index);
          else flavour.rejected(sink, index, error);
          if (sink.closed) unsubscribe(false);
          else if (listened === 0) completeIfDone();
        } catch (thrown) {
          if (deliveryFailure === NO_FAILURE) {
            deliveryFailure = thrown;
            finished = true;
          }
        }
        if (outer === null && deliveryFailure !== NO_FAILURE) failDelivery();
      }
      settling = outer;
    };
    const reject = (reason: unknown): void => {
      // Read by the first call only, before anything else can call it.
      error = reason;
      outcome(REJECTED);
    };
    try {
      then.call(input, outcome, reject);
    } catch (thrown) {
      reject(thrown);
    }
  };

  /** Ends the run for an input that is not one, with the error that says why. */
  const rejectInput = (index: number, error: Error): void => fail(error, Ending.InputFailed, index);

  /** The `then` of an input, `null` for anything but a thenable; `undefined` if reading it threw, which ended the run. */
  const thenOrReject = (index: number, input: unknown, isFactory: boolean): Thenable | null | undefined => {
    try {
      return thenOf(input);
    } catch (cause) {
      rejectInput(index, notAnInput(caller, inputName(index, keys), input, isFactory, cause));
      return undefined;
    }
  };

  const activate = (pending: PendingInput): void => {
    link(pending);
    activeCount++;

    let input = pending.value;
    pending.value = NO_VALUE;
    const isFactory = typeof input === 'function';
    if (isFactory) {
      const controller = (pending.controller = new AbortController());
      try {
        input = (input as (signal: AbortSignal) => unknown)(controller.signal);
      } catch (error) {
        return settle(pending, true, error);
      }
    }
    // A string would emit its characters; a function here is what a factory returned.
    if (typeof input === 'string' || typeof input === 'function') {
      return rejectInput(pending.index, notAnInput(caller, inputName(pending.index, keys), input, isFactory));
    }
    // Any other thenable was observed on arrival.
    if (isFactory) {
      const then = thenOrReject(pending.index, input, true);
      if (then === undefined) return;
      // Called even if the run ended inside the factory, so that the Promise's rejection is handled.
      if (then !== null) return observe(pending, input, then);
    }
    if (pending.value === DONE) return;
    let observable: unknown;
    try {
      observable = platform.from(input);
    } catch (cause) {
      return rejectInput(
        pending.index,
        notAnInput(caller, inputName(pending.index, keys), input, isFactory, cause),
      );
    }
    // What a subscribe throws is no sign of a bad input, but it is this input's failure, as mergeAll
    // makes it the output's: left to the source's `next`, it would end the run only if the source is
    // cold and rxjs 7's, and rxjs 8 would report it and go on, with the input never settling. Once the
    // input or the run is over, it has no input to fail, and goes to whoever called.
    try {
      platform.subscribe(observable, pending);
    } catch (error) {
      if (finished || pending.value === DONE) throw error;
      settle(pending, true, error);
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

  const unsubscribe = (byConsumer: boolean): void => {
    if (finished) return;
    finish(Ending.Unsubscribed);
    raiseTeardownErrors(byConsumer);
  };

  const run: Run = {
    source: null,
    arrive(input) {
      if (finished) return;
      const index = arrived++;
      if (typeof input !== 'function') {
        // A Promise is already running: it is listened to at once, queue or not, so that its result
        // keeps its completion order and its rejection is handled from the start.
        const then = thenOrReject(index, input, false);
        if (then === undefined) return;
        if (then !== null) {
          if (recordless) return listen(index, input, then);
          const pending = new PendingInput(owner, index, NO_VALUE);
          link(pending);
          return observe(pending, input, then);
        }
      }
      const pending = new PendingInput(owner, index, input);
      if (queueHead === null && activeCount < concurrent) activate(pending);
      else if (queueTail === null) queueHead = queueTail = pending;
      else queueTail = queueTail.after = pending;
    },
    sourceError(error) {
      if (pastDeadline()) expire();
      else fail(error, Ending.SourceFailed);
    },
    sourceComplete() {
      const { source } = run;
      run.source = null;
      release(source);
      if (pastDeadline()) expire();
      else {
        sourceDone = true;
        completeIfDone();
      }
      raiseTeardownErrors(false);
    },
    started() {
      subscribing = false;
      if (finished) return;
      // A signal aborted before subscription stops the run as a deadline already past does.
      if (signal?.aborted) return expire(-1, true);
      if (deadline === Infinity) return;
      // A relative deadline counts down the timer's own delays, as rxjs's timeout does, so no step of
      // the wall clock can move it; a Date is a time on the wall clock by definition.
      let left = elapsed === null ? time - platform.now() : time - Math.max(0, elapsed());
      const wait = (): void => {
        if (left <= 0) return expire();
        const delay = Math.min(left, MAX_TIMER_DELAY);
        const step = (timer = platform.schedule(() => {
          step.unsubscribe();
          left = elapsed === null ? time - platform.now() : left - delay;
          wait();
        }, delay));
      };
      wait();
    },
    unsubscribe: () => unsubscribe(true),
  };

  if (signal && !signal.aborted) signal.addEventListener('abort', onAbort);

  const owner: Owner = {
    settle,
    teardownFailed(error) {
      collect(error);
      raiseTeardownErrors(false);
    },
  };
  return run;
}
