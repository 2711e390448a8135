import { stopwatch } from './clock.js';
import { whenAborted } from './signals.js';
import { inputName, notAnInput, ownDeadlineMessage, timeoutMessage } from './messages.js';
import type { Limits } from './options.js';

/** Timers longer than this overflow `setTimeout` and fire at once, so long deadlines wait in steps. */
const MAX_TIMER_DELAY = 2 ** 31 - 1;

/** The key rxjs reads an interop Observable from, as rxjs itself resolves it. */
const OBSERVABLE_KEY: PropertyKey = (Symbol as { observable?: symbol }).observable || '@@observable';

/** The last value of an input that has none yet: its `EmptyError` is made only if it completes so. */
const NO_VALUE = {};
/** No delivery has failed. */
const NO_FAILURE = {};
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
  /**
   * The clock of every deadline, in milliseconds: a relative one is measured on it through
   * {@link stopwatch}, which reads the monotonic clock instead only where this one is the real wall clock.
   */
  readonly now: () => number;
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
  /**
   * The inputs of a creation function, which its source emits in order; `null` for a source of inputs.
   * A Promise among those the run never reads (it ended first) is running all the same, and gets a
   * handler, as `forkJoin` gives every Promise of its set one.
   */
  readonly fixed: readonly unknown[] | null;
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

const ignore = (): void => {};

/**
 * Handles the rejection of every Promise of a fixed set from `first` on, which the run ended before
 * reading: nobody awaits them, and an unhandled rejection takes a Node process or a server-rendering
 * host down. An input whose `then` cannot be read or called is no Promise the run must answer for.
 */
function handleUnread(fixed: readonly unknown[], first: number): void {
  for (const input of fixed.slice(first)) {
    try {
      thenOf(input)?.call(input, ignore, ignore);
    } catch {
      // Not a Promise after all: nothing is running that could reject.
    }
  }
}

/** How an input ended. */
const enum Outcome {
  /** With its last value. */
  Fulfilled,
  /** With an error. */
  Failed,
  /** Completed without a value: it fails with the platform's `EmptyError`. */
  Empty,
  /** Still running at its own deadline (`each`). */
  OwnDeadline,
}

/** What an input reports to: its run, one object shared by all the run's inputs. */
interface Owner {
  /** `result`: the value with `Fulfilled`, the error with `Failed`. */
  settle(input: PendingInput, outcome: Outcome, result?: unknown): void;
  teardownFailed(error: unknown): void;
}

/** Where an input is in its life. */
const enum InputState {
  /** Waiting for a `concurrent` slot; its `value` is the input itself. */
  Queued,
  /** Subscribed, or its factory called: it holds a `concurrent` slot. */
  Running,
  /** A Promise listened to from its arrival: already running, it holds no slot. */
  Listening,
  /**
   * Its result is being delivered: an error it receives now is what the delivery threw, routed back
   * into it by rxjs (a synchronous input's subscribe sends what its subscriber throws to that
   * subscriber's `error`).
   */
  Delivering,
  /** Settled or torn down: whatever it does later is ignored. */
  Done,
}

/**
 * One input, from its arrival to its end: in the queue, then active, then done. Kept small, since a
 * run holds one per pending input: a Promise input never gets a `subscription` or a `controller`.
 */
class PendingInput implements InputObserver {
  state = InputState.Queued;
  /** The input itself while queued; then its last value, or `NO_VALUE`. */
  value: unknown;
  /** The next input in the queue while queued; the next active input once active. */
  after: PendingInput | null = null;
  before: PendingInput | null = null;
  subscription?: Teardown;
  /** A factory input's signal, until the input settles. */
  controller?: AbortController;
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
    // Read only when it completes: what it sends once settled or torn down is never read.
    this.value = value;
  }

  error(error: unknown): void {
    this.owner.settle(this, Outcome.Failed, error);
  }

  complete(): void {
    const { value } = this;
    this.owner.settle(this, value === NO_VALUE ? Outcome.Empty : Outcome.Fulfilled, value);
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

/** Where the run is in its life. */
const enum Phase {
  /** The source's synchronous subscribe is under way: nothing is late before the deadline is armed. */
  Subscribing,
  Running,
  /**
   * A delivery threw: nothing more is taken or started, and the run ends with what it threw once the
   * outermost delivery has returned, where the stack that overflowed has unwound.
   */
  Failing,
  Ended,
}

/** What ended a run: its notification, and the reason its inputs' signals are aborted with. */
const enum End {
  /** The source and every input completed. */
  Completed,
  /** The consumer unsubscribed. */
  Unsubscribed,
  /** The subscriber closed within a delivery without unsubscribing the run (rxjs's `take(1)`). */
  Closed,
  InputFailed,
  SourceFailed,
  /** What a delivery threw, through the subscriber. */
  DeliveryFailed,
  /** The total deadline. */
  TimedOut,
  /** An input's own deadline, with a flavour that fails on it. */
  InputTimedOut,
  /** The signal. */
  Aborted,
}

/** The reason a factory's signal is aborted with, for the run's `end`, made once for all its inputs. */
function abortReason(
  caller: string,
  keys: readonly string[] | null,
  end: End,
  cause: unknown,
  culprit: number,
): unknown {
  if (end === End.Aborted) return cause; // size: signal
  if (end === End.TimedOut) {
    return new DOMException(`${caller} timed out before this input settled`, 'TimeoutError');
  }
  const why =
    end === End.Unsubscribed || end === End.Closed
      ? 'the consumer unsubscribed'
      : end === End.InputFailed || end === End.InputTimedOut
        ? `${inputName(culprit, keys)} ${end === End.InputFailed ? 'failed' : 'timed out'}`
        : end === End.SourceFailed
          ? 'the source failed'
          : 'delivering a result threw';
  const reason = new DOMException(`${caller}: ${why} before this input settled`, 'AbortError');
  // What ended the run, as an Error's `cause` (DOMException takes no options where it is oldest).
  if (end !== End.Unsubscribed && end !== End.Closed && end !== End.InputTimedOut) {
    Object.defineProperty(reason, 'cause', { value: cause, writable: true, configurable: true });
  }
  return reason;
}

/**
 * Calls `fire` once, `left` ms from now, in steps that a timer can take: after each step, what is left
 * is `readLeft()` where given (a `Date` deadline reads its clock again), or the step's delay less.
 * Returns what cancels the step under way.
 */
function waitInSteps(platform: Platform, left: number, fire: () => void, readLeft?: () => number): Teardown {
  let current: Teardown;
  const wait = (): void => {
    if (left <= 0) return fire();
    const delay = Math.min(left, MAX_TIMER_DELAY);
    const timer = (current = platform.schedule(() => {
      timer.unsubscribe();
      left = readLeft ? readLeft() : left - delay;
      wait();
    }, delay));
  };
  wait();
  return { unsubscribe: () => current?.unsubscribe() };
}

/** The indices of the inputs still pending, ascending: the active ones, then the queued ones. */
function pendingIndices(active: PendingInput | null, queued: PendingInput | null): number[] {
  const pending: number[] = [];
  for (let input = active; input !== null; input = input.after) pending.push(input.index);
  for (let input = queued; input !== null; input = input.after) pending.push(input.index); // size: concurrent
  // Promises are observed from their arrival, so the active list is not in index order.
  return pending.sort((a, b) => a - b);
}

/**
 * Starts one subscription of an asCompleted flavour, free of any rxjs: the adapter feeds it the
 * source's notifications and tears it down with `unsubscribe()`. Observables and factories are
 * activated in arrival order, bounded by `concurrent`; a Promise is observed from its arrival, since
 * it is already running, and takes no slot.
 */
export function startRun<R>(setup: Setup<R>, sink: Sink<R>): Run {
  return new ActiveRun(setup, sink);
}

/**
 * One subscription, as named state and a method per transition: inputs arrive, start, settle and are
 * delivered; the run ends once, through {@link ActiveRun.end}, however it ends.
 */
class ActiveRun<R> implements Run, Owner {
  source: Teardown | null = null;
  /** Stops listening to the signal; `null` without one, or once the run no longer listens. */
  private stopListening: (() => void) | null = null; // size: signal
  private phase = Phase.Subscribing;
  /** The inputs running or listened to, in the order they started: unlinked in O(1) when they settle. */
  private activeHead: PendingInput | null = null;
  private activeTail: PendingInput | null = null;
  /** How many `concurrent` slots are taken: running inputs, not Promises. */
  private activeCount = 0; // size: concurrent
  /** How many Promises are listened to without a record, and have not settled. */
  private listened = 0;
  /** The inputs waiting for a slot, in arrival order. */
  private queueHead: PendingInput | null = null; // size: concurrent
  private queueTail: PendingInput | null = null; // size: concurrent
  /** The total deadline's timer, while it waits. */
  private timer: Teardown | null = null; // size: timeout
  private arrived = 0;
  private emittedCount = 0;
  private draining = false; // size: concurrent
  private sourceDone = false;
  /**
   * The input whose outcome the innermost delivery takes (a Promise listened to without a record is
   * its handler), `null` outside deliveries, which nest through a subscriber that feeds the source
   * synchronously. Each delivery puts back what it found as its very last step, rather than counting
   * down: one left by a throw that its `catch` did not hold (the stack overflowing in that `catch` or
   * after it, as it can in the calls a coverage or mutation tool adds) leaves its input here, which is
   * how the run knows that throw when rxjs routes it back into the input, and the delivery around it
   * still finds itself nested.
   */
  private settling: unknown = null;
  /** What the first delivery that threw threw, in the `Failing` phase. */
  private deliveryFailure: unknown = NO_FAILURE;
  /** What finalizers threw, raised once the teardown is over. */
  private teardownErrors: unknown[] | null = null;
  // What the setup and its limits fix, named apart from their public namesakes (`caller`, `keys`,
  // `concurrent`...), which the build cannot shorten (scripts/mangle.mjs, docs/performance.md).
  /** The export that was called, and the keys of a dictionary of inputs, for messages. */
  private readonly exportName: string;
  private readonly inputKeys: readonly string[] | null;
  /** `concurrent`, `each`, and the timeout: milliseconds, or a `Date`'s time on the platform's clock. */
  private readonly slots: number;
  private readonly eachLimit: number;
  private readonly timeLimit: number;
  private readonly signal: AbortSignal | null;
  private readonly flavour: Flavour<R>;
  private readonly platform: Platform;
  private readonly fixed: readonly unknown[] | null;
  private readonly start: number;
  private readonly deadlineAt: number;
  /** The elapsed time of a relative deadline: a step of the wall clock neither brings it forward nor postpones it. */
  private readonly elapsed: (() => number) | null;
  /** The stopwatch of the inputs' own deadlines, with `each` only: no cost per input without it. */
  private readonly clock: (() => number) | null;
  /** Whether nothing can cut a Promise off, so that no list of pending inputs is ever reported. */
  private readonly recordless: boolean;

  constructor(
    { caller, keys, limits, flavour, platform, fixed }: Setup<R>,
    private readonly sink: Sink<R>,
  ) {
    const { time, absolute, each, signal } = limits;
    this.exportName = caller;
    this.inputKeys = keys;
    this.slots = limits.concurrent; // size: concurrent
    this.eachLimit = each; // size: each
    this.timeLimit = time; // size: timeout
    this.signal = signal; // size: signal
    this.flavour = flavour;
    this.platform = platform;
    this.fixed = fixed;
    this.start = platform.now(); // size: timeout
    this.deadlineAt = absolute ? time : this.start + time; // size: timeout
    this.elapsed = absolute || time === Infinity ? null : stopwatch(platform.now); // size: timeout
    this.clock = each === Infinity ? null : stopwatch(platform.now); // size: each
    this.recordless = this.deadlineAt === Infinity && !signal && this.clock === null;
    // size: signal
    if (signal && !signal.aborted)
      this.stopListening = whenAborted(signal, () => this.end(End.Aborted, signal.reason));
  }

  // The adapter's calls: the source's notifications, the end of its subscribe, and the consumer's unsubscribe.

  arrive(input: unknown): void {
    if (this.phase >= Phase.Failing) return;
    const index = this.arrived++;
    // A Promise is already running: it is listened to at once, queue or not, so that its result keeps
    // its completion order and its rejection is handled from the start.
    const then = this.thenOrReject(index, input, false);
    if (then === undefined) return;
    if (then !== null) {
      if (this.recordless) return this.listen(index, input, then);
      const pending = new PendingInput(this, index, NO_VALUE);
      this.link(pending, InputState.Listening);
      return this.observe(pending, input, then);
    }
    const pending = new PendingInput(this, index, input);
    if (this.queueHead === null && this.activeCount < this.slots) this.activate(pending);
    else if (this.queueTail === null) this.queueHead = this.queueTail = pending;
    else this.queueTail = this.queueTail.after = pending;
  }

  sourceError(error: unknown): void {
    if (this.pastDeadline()) this.end(End.TimedOut);
    else this.end(End.SourceFailed, error);
  }

  sourceComplete(): void {
    const { source } = this;
    this.source = null;
    this.release(source);
    if (this.pastDeadline()) this.end(End.TimedOut);
    else {
      this.sourceDone = true;
      this.completeIfDone();
    }
    this.raiseTeardownErrors(End.Completed);
  }

  started(): void {
    if (this.phase !== Phase.Subscribing) return;
    this.phase = Phase.Running;
    const { timeLimit: time, signal } = this;
    // A signal aborted before subscription stops the run as a deadline already past does.
    if (signal?.aborted) return this.end(End.Aborted, signal.reason); // size: signal
    if (this.deadlineAt === Infinity) return; // size: timeout
    // A relative deadline counts down the timer's own delays, as rxjs's timeout does, so no step of
    // the wall clock can move it; a Date is a time on the wall clock by definition.
    const { elapsed, platform } = this; // size: timeout
    // size: timeout
    this.timer = waitInSteps(
      platform,
      elapsed === null ? time - platform.now() : time - Math.max(0, elapsed()),
      () => this.end(End.TimedOut),
      elapsed === null ? () => time - platform.now() : undefined,
    );
  }

  unsubscribe(): void {
    this.end(End.Unsubscribed);
  }

  // Starting inputs.

  /** Subscribes queued inputs while there is room; a loop, not recursion, so synchronous inputs cannot overflow the stack. */
  // size: concurrent
  private drain(): void {
    if (this.draining) return;
    this.draining = true;
    while (this.phase < Phase.Failing && this.queueHead !== null && this.activeCount < this.slots) {
      const next: PendingInput = this.queueHead;
      this.queueHead = next.after;
      if (this.queueHead === null) this.queueTail = null;
      next.after = null;
      this.activate(next);
    }
    this.draining = false;
  }

  /** Starts a queued input in a slot: calls its factory, then listens to or subscribes to what it is. */
  private activate(pending: PendingInput): void {
    const { platform } = this;
    let input = pending.value;
    pending.value = NO_VALUE;
    this.link(pending, InputState.Running);
    this.activeCount++; // size: concurrent
    const isFactory = typeof input === 'function';
    if (isFactory) {
      const controller = (pending.controller = new AbortController());
      try {
        input = (input as (signal: AbortSignal) => unknown)(controller.signal);
      } catch (error) {
        return this.settle(pending, Outcome.Failed, error);
      }
    }
    // A string would emit its characters; a function here is what a factory returned.
    if (typeof input === 'string' || typeof input === 'function') {
      return this.rejectInput(pending.index, input, isFactory);
    }
    // Any other thenable was observed on arrival.
    if (isFactory) {
      const then = this.thenOrReject(pending.index, input, true);
      if (then === undefined) return;
      // Called even if the run ended inside the factory, so that the Promise's rejection is handled.
      if (then !== null) return this.observe(pending, input, then);
    }
    if (pending.state === InputState.Done) return;
    let observable: unknown;
    try {
      observable = platform.from(input);
    } catch (cause) {
      return this.rejectInput(pending.index, input, isFactory, cause);
    }
    // What a subscribe throws is no sign of a bad input, but it is this input's failure, as mergeAll
    // makes it the output's: left to the source's `next`, it would end the run only if the source is
    // cold and rxjs 7's, and rxjs 8 would report it and go on, with the input never settling. Once the
    // input or the run is over, it has no input to fail, and goes to whoever called.
    try {
      platform.subscribe(observable, pending);
    } catch (error) {
      // Read again: the subscription may have ended the input, or the run.
      if (this.phase >= Phase.Failing || (pending.state as InputState) === InputState.Done) throw error;
      this.settle(pending, Outcome.Failed, error);
    }
  }

  /** Links an input that starts now into the active list, and starts the clock of its own deadline. */
  private link(pending: PendingInput, state: InputState): void {
    pending.state = state;
    pending.before = this.activeTail;
    if (this.activeTail === null) this.activeHead = pending;
    else this.activeTail.after = pending;
    this.activeTail = pending;
    // size: each
    if (this.clock !== null) {
      pending.since = this.clock();
      pending.timer = waitInSteps(this.platform, this.eachLimit, () =>
        this.settle(pending, Outcome.OwnDeadline),
      );
    }
  }

  /** Listens to a Promise (a thenable): one `then`, where `from` would build an Observable and a subscriber chain. */
  private observe(pending: PendingInput, input: unknown, then: Thenable): void {
    try {
      then.call(
        input,
        (value) => this.settle(pending, Outcome.Fulfilled, value),
        (error) => this.settle(pending, Outcome.Failed, error),
      );
    } catch (error) {
      this.settle(pending, Outcome.Failed, error);
    }
  }

  /**
   * Listens to a Promise that nothing but its outcome can end: with neither deadline nor signal, no
   * list of pending inputs is ever reported, so it needs no record, only its place in the count. It
   * frees no slot when it settles, so it starts nothing.
   */
  private listen(index: number, input: unknown, then: Thenable): void {
    // A thenable may call its handlers more than once, or both: the first call is its outcome.
    let open = true;
    let error: unknown;
    this.listened++;
    // Both outcomes in one handler, the steps of `settle` written out: on V8, a call out of the
    // handler cost a quarter of the time per Promise (docs/performance.md, the Promise path).
    const outcome = (value: unknown): void => {
      if (!open) {
        // A throw out of this handler that its `catch` did not hold, back through `reject`.
        if (this.settling === outcome && value === REJECTED) this.failDelivery(error);
        return;
      }
      // Found here already when a throw got out of this handler before its delivery began, and came back
      // through `reject`: the delivery around it, if any, is unknown, so this one ends the run itself.
      const outer = this.settling === outcome ? null : this.settling;
      this.settling = outcome;
      open = false;
      this.listened--;
      if (this.phase < Phase.Failing) {
        const { flavour, sink } = this;
        try {
          // No count of results: only a deadline's or a signal's error reports it.
          if (value !== REJECTED) flavour.fulfilled(sink, index, value);
          else if (flavour.rejected === null) this.end(End.InputFailed, error, index);
          else flavour.rejected(sink, index, error);
          if (sink.closed) this.end(End.Closed);
          else if (this.listened === 0) this.completeIfDone();
        } catch (thrown) {
          this.deliveryThrew(thrown);
        }
        if (outer === null && this.deliveryFailure !== NO_FAILURE) this.failDelivery();
      }
      this.settling = outer;
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
  }

  /** Ends the run for an input that is not one, with the error that says why (`cause`: what `from` or reading `then` threw). */
  private rejectInput(index: number, input: unknown, isFactory: boolean, cause?: unknown): void {
    this.end(
      End.InputFailed,
      notAnInput(this.exportName, inputName(index, this.inputKeys), input, isFactory, cause),
      index,
    );
  }

  /** The `then` of an input, `null` for anything but a thenable; `undefined` if reading it threw, which ended the run. */
  private thenOrReject(index: number, input: unknown, isFactory: boolean): Thenable | null | undefined {
    try {
      return thenOf(input);
    } catch (cause) {
      this.rejectInput(index, input, isFactory, cause);
      return undefined;
    }
  }

  // Settling and delivering.

  settle(input: PendingInput, outcome: Outcome, result?: unknown): void {
    if (input.state === InputState.Delivering || input === this.settling) {
      // What the delivery threw, routed back into the input by rxjs, past the delivery's own `catch`.
      if (outcome === Outcome.Failed) this.failDelivery(result);
      return;
    }
    if (input.state === InputState.Done) return;
    // All of it counts as a delivery, so that whatever throws in it, a stack overflow included, is caught
    // in this frame, by a catch that calls nothing, and ends the run from the outermost delivery.
    const outer = this.settling;
    this.settling = input;
    try {
      this.take(input, outcome, result);
    } catch (error) {
      this.deliveryThrew(error);
    }
    input.state = InputState.Done;
    if (outer === null && this.deliveryFailure !== NO_FAILURE) this.failDelivery();
    this.settling = outer;
  }

  /** The one guard for a delivery that threw: the first error of a stack is kept, and nothing more is taken or started. */
  private deliveryThrew(error: unknown): void {
    if (this.deliveryFailure === NO_FAILURE) {
      this.deliveryFailure = error;
      this.phase = Phase.Failing;
    }
  }

  /**
   * A delivery threw through the subscriber (a stack overflow, mostly): the run ends with that error, as
   * mergeAll's inner subscriber sends what its `next` throws to the output. A throw held by a delivery's
   * `catch` stopped the run at once (the `Failing` phase), and ends it from the outermost delivery, where
   * the stack that overflowed has unwound, called with no `error`. A throw that got out past that
   * `catch`, which rxjs routes back into its input, ends it at once, with `error`: the delivery it left
   * may have been the outermost. The first error of a stack wins.
   */
  private failDelivery(error?: unknown): void {
    if (this.deliveryFailure !== NO_FAILURE) error = this.deliveryFailure;
    this.deliveryFailure = NO_FAILURE;
    this.end(End.DeliveryFailed, error);
  }

  /** Takes an input's outcome: the deadlines first, then its delivery, then the next inputs and completion. */
  private take(input: PendingInput, outcome: Outcome, result: unknown): void {
    // An input cut off at its own deadline stays running until the total deadline, if it is also now, has had its turn.
    const running = outcome === Outcome.OwnDeadline;
    const holdsSlot = input.state === InputState.Running;
    if (!running) {
      input.state = InputState.Done;
      if (input.controller) input.controller = undefined;
    }
    input.timer?.unsubscribe(); // size: each
    if (this.phase >= Phase.Failing) return;
    if (this.pastDeadline()) return this.end(End.TimedOut); // size: timeout
    // What the cut's finalizers threw is reported after the timeout record, even if the consumer lets go in it.
    let cutErrors: unknown[] | null = null;
    // size: each
    if (running) {
      // What a factory's signal is aborted with when its input is cut off at its own deadline.
      this.cut(
        input,
        () =>
          new DOMException(
            ownDeadlineMessage(this.exportName, inputName(input.index, this.inputKeys), this.eachLimit),
            'TimeoutError',
          ),
      );
      if (this.phase >= Phase.Failing) return;
    } else if (input.since !== undefined && this.clock!() - input.since >= this.eachLimit) {
      // At its own deadline, whichever of the two the scheduler runs first, the result loses.
      outcome = Outcome.OwnDeadline;
    }
    // size: each
    if (outcome === Outcome.OwnDeadline && this.flavour.inputTimedOut === null) {
      return this.end(End.InputTimedOut, undefined, input.index);
    }
    // size: each
    if (running) {
      cutErrors = this.teardownErrors;
      this.teardownErrors = null;
    }
    // Unlinked and delivered here rather than by calls of their own: a first version that called out of
    // `take` cost the deadline path 10 to 15% (docs/performance.md, the Promise path).
    const { before, after, index } = input;
    if (before === null) this.activeHead = after;
    else before.after = after;
    if (after === null) this.activeTail = before;
    else after.before = before;
    if (holdsSlot) this.activeCount--; // size: concurrent
    input.state = InputState.Delivering;
    const { flavour, sink } = this;
    // The cut's errors are reported even if the delivery throws.
    try {
      if (outcome === Outcome.Fulfilled) {
        this.emittedCount++;
        flavour.fulfilled(sink, index, result);
      } else if (outcome === Outcome.OwnDeadline) {
        flavour.inputTimedOut!(sink, index); // size: each
      } else {
        if (outcome === Outcome.Empty) {
          result = this.platform.emptyError(
            `${this.exportName}: ${inputName(index, this.inputKeys)} completed without a value`,
          );
        }
        if (flavour.rejected === null) this.end(End.InputFailed, result, index);
        else flavour.rejected(sink, index, result);
      }
      // The subscriber closed without unsubscribing the run: what its finalizers throw is nobody's to catch.
      if (sink.closed) this.end(End.Closed);
      else {
        this.drain(); // size: concurrent
        this.completeIfDone();
      }
    } finally {
      if (cutErrors !== null) this.platform.teardownFailed(cutErrors, false);
    }
  }

  private completeIfDone(): void {
    if (this.sourceDone && this.activeHead === null && this.queueHead === null && this.listened === 0) {
      this.end(End.Completed);
    }
  }

  /** Whether something that happens now is too late: at the deadline, whichever of the two the scheduler runs first, it loses. */
  // size: timeout
  private pastDeadline(): boolean {
    const { deadlineAt: deadline, elapsed } = this;
    return (
      this.phase === Phase.Running &&
      deadline < Infinity &&
      (elapsed === null ? this.platform.now() >= deadline : elapsed() >= this.timeLimit)
    );
  }

  // Ending.

  /**
   * The one way a run ends: `how`, with the error or the signal's reason as `cause`, and the input to
   * blame at `culprit`. Tears everything down, then notifies the subscriber as `how` says, then raises
   * what finalizers threw. Once the run has ended, or while a failed delivery unwinds, only that
   * delivery's error ends it (again, after the output's last notification: rxjs 7 and 8 hand it to
   * `config.onStoppedNotification`, as they do mergeAll's).
   */
  private end(how: End, cause?: unknown, culprit = -1): void {
    if (this.phase >= Phase.Failing && how !== End.DeliveryFailed) return;
    const { flavour, sink } = this;
    // The inputs a deadline or the signal cut off, listed before the teardown empties the lists.
    const pending =
      how === End.TimedOut || how === End.Aborted
        ? pendingIndices(this.activeHead, this.queueHead)
        : [culprit];
    this.phase = Phase.Ended;
    this.tearDown(how, cause, culprit);
    if (how === End.Completed) sink.complete();
    else if (how === End.Aborted) flavour.aborted(sink, pending, cause);
    else if (how === End.TimedOut || how === End.InputTimedOut)
      flavour.timedOut(sink, this.expiry(pending, how));
    else if (how !== End.Unsubscribed && how !== End.Closed) sink.error(cause);
    this.raiseTeardownErrors(how);
  }

  /** What a deadline found: at the total deadline, or at the own deadline of `pending`'s one input. */
  private expiry(pending: number[], how: End): Expiry {
    const { exportName: caller, inputKeys: keys, emittedCount: emitted, deadlineAt: deadline } = this;
    const total = how === End.TimedOut;
    const timeout = total ? deadline - this.start : this.eachLimit;
    return {
      pending,
      emitted,
      deadline: total ? deadline : this.platform.now(),
      timeout,
      message: total
        ? timeoutMessage(caller, timeout, pending, keys, emitted, !this.sourceDone)
        : `${ownDeadlineMessage(caller, inputName(pending[0], keys), timeout)}: ${emitted} emitted`,
    };
  }

  /**
   * Tears down the source, the timer and every input, whatever their finalizers throw: each step is
   * taken off the run before it is done, so that a call made again, after a finalizer threw what no
   * `catch` can hold (a stack overflow), goes on where the last one stopped.
   */
  private tearDown(how: End, cause: unknown, culprit: number): void {
    const { stopListening, source, timer } = this;
    // size: signal
    if (stopListening !== null) {
      this.stopListening = null;
      stopListening();
    }
    this.source = null;
    this.release(source);
    // size: timeout
    if (timer !== null) {
      this.timer = null;
      timer.unsubscribe();
    }
    this.queueHead = this.queueTail = null; // size: concurrent
    let reason: unknown;
    const why = (): unknown => (reason ??= abortReason(this.exportName, this.inputKeys, how, cause, culprit));
    while (this.activeHead !== null) {
      const input = this.activeHead;
      this.activeHead = input.after;
      this.cut(input, why);
    }
    this.activeTail = null;
    if (this.fixed !== null) handleUnread(this.fixed, this.arrived);
  }

  /** Tears one input down: its subscription, the timer of its own deadline, and its factory's signal, aborted with `reason()`. */
  private cut(input: PendingInput, reason: () => unknown): void {
    input.state = InputState.Done;
    const { subscription, controller } = input;
    input.timer?.unsubscribe(); // size: each
    this.release(subscription);
    if (controller) {
      input.controller = undefined;
      try {
        controller.abort(reason());
      } catch (error) {
        this.collect(error);
      }
    }
  }

  /** Ends a subscription, keeping what its finalizer throws for later. */
  private release(teardown: Teardown | null | undefined): void {
    try {
      teardown?.unsubscribe();
    } catch (error) {
      this.collect(error);
    }
  }

  private collect(error: unknown): void {
    // No call that could overflow the stack between making the list and filling it: an empty list
    // would be raised as an error of its own.
    const errors = this.teardownErrors;
    if (errors === null) this.teardownErrors = [error];
    else errors[errors.length] = error;
  }

  /** What an input's own finalizer threw when the input ended by itself: raised at once, reported. */
  teardownFailed(error: unknown): void {
    this.collect(error);
    this.raiseTeardownErrors(End.Completed);
  }

  /**
   * Raises what finalizers threw, after the notification that the teardown came with: to the caller
   * of `unsubscribe()` when the consumer asked for the teardown (`how` is `Unsubscribed`), otherwise
   * reported.
   */
  private raiseTeardownErrors(how: End): void {
    const errors = this.teardownErrors;
    if (errors === null) return;
    this.teardownErrors = null;
    this.platform.teardownFailed(errors, how === End.Unsubscribed);
  }
}
