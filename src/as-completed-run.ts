import {
  EmptyError,
  from,
  Observable,
  Subscription,
  type ObservableInput,
  type OperatorFunction,
  type SchedulerAction,
  type Subscriber,
  type TeardownLogic,
} from 'rxjs';
import { describe, invalid, resolveOptions, type ResolvedOptions } from './options.js';

/** Timers longer than this overflow `setTimeout` and fire at once, so long deadlines wait in steps. */
const MAX_TIMER_DELAY = 2 ** 31 - 1;

/** What the deadline found: the inputs it cut off, in index order, and what had been delivered; in the order {@link AsCompletedTimeoutError} takes them. */
export type Expiry = [pending: number[], emitted: number, deadline: number, timeout: number];

/** What a flavour of the operator makes of each outcome; the run does all the bookkeeping. */
export interface Outcomes<R> {
  fulfilled(destination: Subscriber<R>, index: number, value: unknown): void;
  /** Delivers an input's error as a value; `null` when an input's error errors the output and tears down the rest. */
  readonly rejected: ((destination: Subscriber<R>, index: number, error: unknown) => void) | null;
  /** Called after every input, the source and the timer have been torn down. */
  timedOut(destination: Subscriber<R>, ...expiry: Expiry): void;
}

type Settle = (input: PendingInput, failed: boolean, result: unknown) => void;

/**
 * One input, from its arrival to its completion. It is its own subscriber: being a Subscription
 * with `next`, `error` and `complete`, rxjs uses it directly (or chains it), so an input costs one
 * object, and tearing it down is `unsubscribe()`.
 */
class PendingInput extends Subscription {
  private value: unknown;
  private hasValue = false;
  /** The input queued after this one, while it waits for a free slot under `concurrent`. */
  behind: PendingInput | null = null;

  constructor(
    private readonly settle: Settle,
    readonly index: number,
    public input: ObservableInput<unknown> | null,
  ) {
    super();
  }

  next(value: unknown): void {
    if (!this.closed) {
      this.value = value;
      this.hasValue = true;
    }
  }

  error(error: unknown): void {
    if (!this.closed) {
      this.unsubscribe();
      this.settle(this, true, error);
    }
  }

  complete(): void {
    if (!this.closed) {
      this.unsubscribe();
      this.settle(this, !this.hasValue, this.hasValue ? this.value : new EmptyError());
    }
  }
}

/** The operator of one flavour: checks the options at once, then runs one subscription per subscriber. */
export function operate<R>(
  caller: string,
  options: unknown,
  outcomes: Outcomes<R>,
): OperatorFunction<ObservableInput<unknown>, R> {
  const resolved = resolveOptions(caller, options);
  return (source) =>
    new Observable<R>((destination) => subscribeAsCompleted(caller, source, destination, outcomes, resolved));
}

/** The operator of one flavour over a fixed list of inputs. */
export function operateOn<R>(
  caller: string,
  inputs: readonly ObservableInput<unknown>[],
  options: unknown,
  outcomes: Outcomes<R>,
): Observable<R> {
  return from(inputs).pipe(operate(caller, options, outcomes));
}

/**
 * Runs one subscription of an asCompleted flavour; returns its teardown. Inputs are subscribed in
 * arrival order, so the active set (insertion-ordered) and the queue behind it hold the pending
 * inputs in index order.
 */
function subscribeAsCompleted<R>(
  caller: string,
  source: Observable<ObservableInput<unknown>>,
  destination: Subscriber<R>,
  outcomes: Outcomes<R>,
  { time, absolute, scheduler, concurrent }: ResolvedOptions,
): TeardownLogic {
  const active = new Set<PendingInput>();
  let queueHead: PendingInput | null = null;
  let queueTail: PendingInput | null = null;
  let timer: Subscription | undefined;
  let arrived = 0;
  let emitted = 0;
  let subscribing = true;
  let draining = false;
  let sourceDone = false;
  let finished = false;
  const start = scheduler.now();
  const deadline = absolute ? time : start + time;

  /** Tears down the source, every input and the timer; safe to call more than once. */
  const finish = (): void => {
    if (finished) return;
    finished = true;
    sourceSubscriber.unsubscribe();
    timer?.unsubscribe();
    for (const input of active) input.unsubscribe();
    active.clear();
    queueHead = queueTail = null;
  };

  const fail = (error: unknown): void => {
    if (finished) return;
    finish();
    destination.error(error);
  };

  const completeIfDone = (): void => {
    if (sourceDone && active.size === 0 && queueHead === null && !finished) {
      finish();
      destination.complete();
    }
  };

  const expire = (): void => {
    if (finished) return;
    const pending: number[] = [];
    for (const input of active) pending.push(input.index);
    for (let input = queueHead; input !== null; input = input.behind) pending.push(input.index);
    finish();
    outcomes.timedOut(destination, pending, emitted, deadline, deadline - start);
  };

  const activate = (pending: PendingInput): void => {
    active.add(pending);
    let observable: Observable<unknown>;
    try {
      observable = from(pending.input!);
    } catch {
      fail(invalid(caller, `input ${pending.index}`, 'an ObservableInput', describe(pending.input)));
      return;
    }
    pending.input = null;
    observable.subscribe(pending);
  };

  /** Subscribes queued inputs while there is room; a loop, not recursion, so synchronous inputs cannot overflow the stack. */
  const drain = (): void => {
    if (draining) return;
    draining = true;
    while (!finished && queueHead !== null && active.size < concurrent) {
      const next: PendingInput = queueHead;
      queueHead = next.behind;
      if (queueHead === null) queueTail = null;
      activate(next);
    }
    draining = false;
  };

  /** Whether something that happens now is too late: at the deadline, whichever of the two the scheduler runs first, it loses. */
  const pastDeadline = (): boolean => !subscribing && deadline !== Infinity && scheduler.now() >= deadline;

  const settle: Settle = (input, failed, result) => {
    if (finished) return;
    if (pastDeadline()) {
      expire();
      return;
    }
    active.delete(input);
    if (!failed) {
      emitted++;
      outcomes.fulfilled(destination, input.index, result);
    } else if (outcomes.rejected === null) {
      fail(result);
      return;
    } else {
      outcomes.rejected(destination, input.index, result);
    }
    if (destination.closed) finish();
    else {
      drain();
      completeIfDone();
    }
  };

  // A Subscription as well as an observer, so that rxjs subscribes it as it is, and a synchronous source stops when we do.
  const sourceSubscriber = Object.assign(new Subscription(), {
    next(input: ObservableInput<unknown>) {
      if (finished) return;
      const pending = new PendingInput(settle, arrived++, input);
      if (queueHead === null && active.size < concurrent) activate(pending);
      else if (queueTail === null) queueHead = queueTail = pending;
      else queueTail = queueTail.behind = pending;
    },
    error(error: unknown) {
      if (pastDeadline()) expire();
      else fail(error);
    },
    complete() {
      sourceSubscriber.unsubscribe();
      if (pastDeadline()) expire();
      else {
        sourceDone = true;
        completeIfDone();
      }
    },
  });

  source.subscribe(sourceSubscriber);
  subscribing = false;
  if (!finished && deadline !== Infinity) {
    const remaining = deadline - scheduler.now();
    if (remaining <= 0) expire();
    else {
      timer = scheduler.schedule(
        function (this: SchedulerAction<void>) {
          const left = deadline - scheduler.now();
          if (left > 0) this.schedule(undefined, Math.min(left, MAX_TIMER_DELAY));
          else expire();
        },
        Math.min(remaining, MAX_TIMER_DELAY),
      );
    }
  }
  return finish;
}
