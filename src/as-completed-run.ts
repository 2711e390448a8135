import {
  EmptyError,
  from,
  Subscription,
  type Observable,
  type ObservableInput,
  type SchedulerAction,
  type Subscriber,
  type TeardownLogic,
} from 'rxjs';
import { InputList } from './input-list.js';
import type { ResolvedOptions } from './options.js';

/** Timers longer than this overflow `setTimeout` and fire at once, so long deadlines wait in steps. */
const MAX_TIMER_DELAY = 2 ** 31 - 1;

/** What the deadline found: the inputs it cut off, in index order, and what had been delivered. */
export interface Expiry {
  readonly pending: number[];
  readonly emitted: number;
  readonly deadline: number;
  readonly timeout: number;
}

/** What a flavour of the operator makes of each outcome; the run does all the bookkeeping. */
export interface Outcomes<R> {
  fulfilled(destination: Subscriber<R>, index: number, value: unknown): void;
  /** Delivers an input's error as a value; `null` when an input's error errors the output and tears down the rest. */
  readonly rejected: ((destination: Subscriber<R>, index: number, error: unknown) => void) | null;
  /** Called after every input, the source and the timer have been torn down. */
  timedOut(destination: Subscriber<R>, expiry: Expiry): void;
}

function describeInput(input: unknown): string {
  if (input === null || typeof input !== 'object')
    return typeof input === 'string' ? JSON.stringify(input) : String(input);
  return Object.prototype.toString.call(input);
}

/**
 * One input, from its arrival to its completion. It is its own subscriber: being a Subscription
 * with `next`, `error` and `complete`, rxjs uses it directly (or chains it), so an input costs one
 * object, and tearing it down is `unsubscribe()`.
 */
class PendingInput extends Subscription {
  before: PendingInput | null = null;
  after: PendingInput | null = null;
  private value: unknown = undefined;
  private hasValue = false;

  constructor(
    private readonly run: AsCompletedRun<unknown>,
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
      this.run.settle(this, true, error);
    }
  }

  complete(): void {
    if (!this.closed) {
      this.unsubscribe();
      if (this.hasValue) {
        const value = this.value;
        this.value = undefined;
        this.run.settle(this, false, value);
      } else {
        this.run.settle(this, true, new EmptyError());
      }
    }
  }
}

/** The subscriber to the source of inputs; a Subscription so that a synchronous source stops when we do. */
class SourceSubscriber extends Subscription {
  constructor(private readonly run: AsCompletedRun<unknown>) {
    super();
  }

  next(input: ObservableInput<unknown>): void {
    if (!this.closed) this.run.arrive(input);
  }

  error(error: unknown): void {
    if (!this.closed) this.run.fail(error);
  }

  complete(): void {
    if (!this.closed) {
      this.unsubscribe();
      this.run.sourceCompleted();
    }
  }
}

/** The state of one subscription to an asCompleted output. */
class AsCompletedRun<R> {
  private readonly active = new InputList<PendingInput>();
  private readonly waiting = new InputList<PendingInput>();
  private readonly sourceSubscriber: SourceSubscriber;
  private readonly start: number;
  private readonly deadline: number;
  private timer: Subscription | null = null;
  private arrived = 0;
  private emitted = 0;
  private subscribing = true;
  private draining = false;
  private sourceDone = false;
  private finished = false;

  constructor(
    private readonly caller: string,
    private readonly destination: Subscriber<R>,
    private readonly outcomes: Outcomes<R>,
    private readonly options: ResolvedOptions,
  ) {
    this.sourceSubscriber = new SourceSubscriber(this);
    this.start = options.scheduler.now();
    const { due } = options;
    this.deadline = due === null ? Infinity : 'relative' in due ? this.start + due.relative : due.absolute;
  }

  subscribeTo(source: Observable<ObservableInput<unknown>>): void {
    source.subscribe(this.sourceSubscriber);
    this.subscribing = false;
    if (this.finished || this.deadline === Infinity) return;
    const remaining = this.deadline - this.options.scheduler.now();
    if (remaining <= 0) this.expire();
    else this.armTimer(remaining);
  }

  arrive(input: ObservableInput<unknown>): void {
    const pending = new PendingInput(this, this.arrived++, input);
    if (this.active.size < this.options.concurrent && this.waiting.head === null) this.activate(pending);
    else this.waiting.push(pending);
  }

  settle(input: PendingInput, failed: boolean, result: unknown): void {
    if (this.finished) return;
    if (this.isPastDeadline()) {
      this.expire();
      return;
    }
    this.active.remove(input);
    const { destination, outcomes } = this;
    if (!failed) {
      this.emitted++;
      outcomes.fulfilled(destination, input.index, result);
    } else if (outcomes.rejected === null) {
      this.fail(result);
      return;
    } else {
      outcomes.rejected(destination, input.index, result);
    }
    if (destination.closed) {
      this.finish();
      return;
    }
    this.drain();
    this.completeIfDone();
  }

  sourceCompleted(): void {
    this.sourceDone = true;
    this.completeIfDone();
  }

  fail(error: unknown): void {
    this.finish();
    this.destination.error(error);
  }

  /** Tears down the source, every input and the timer; safe to call more than once. */
  finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.sourceSubscriber.unsubscribe();
    this.timer?.unsubscribe();
    this.timer = null;
    for (let input = this.active.head; input !== null;) {
      const after = input.after;
      input.unsubscribe();
      input = after;
    }
    this.active.clear();
    this.waiting.clear();
  }

  private activate(pending: PendingInput): void {
    this.active.push(pending);
    const input = pending.input;
    pending.input = null;
    let observable: Observable<unknown>;
    try {
      observable = from(input as ObservableInput<unknown>);
    } catch {
      this.fail(
        new TypeError(
          `${this.caller}: input ${pending.index} is not an Observable, Promise, array, iterable or async iterable; got ${describeInput(input)}`,
        ),
      );
      return;
    }
    observable.subscribe(pending);
  }

  /** Subscribes queued inputs while there is room; a loop, not recursion, so synchronous inputs cannot overflow the stack. */
  private drain(): void {
    if (this.draining) return;
    this.draining = true;
    const { active, waiting } = this;
    while (!this.finished && active.size < this.options.concurrent && waiting.head !== null) {
      this.activate(waiting.shift()!);
    }
    this.draining = false;
  }

  private completeIfDone(): void {
    if (this.sourceDone && this.active.size === 0 && this.waiting.head === null && !this.finished) {
      this.finish();
      this.destination.complete();
    }
  }

  /** A result that arrives at the deadline loses to it, whichever of the two the scheduler runs first. */
  private isPastDeadline(): boolean {
    return this.deadline !== Infinity && !this.subscribing && this.options.scheduler.now() >= this.deadline;
  }

  private armTimer(delay: number): void {
    this.timer = this.options.scheduler.schedule(
      function (this: SchedulerAction<AsCompletedRun<R>>, run?: AsCompletedRun<R>) {
        const remaining = run!.deadline - run!.options.scheduler.now();
        if (remaining > 0) this.schedule(run, Math.min(remaining, MAX_TIMER_DELAY));
        else run!.expire();
      },
      Math.min(delay, MAX_TIMER_DELAY),
      this,
    );
  }

  private expire(): void {
    if (this.finished) return;
    const pending: number[] = [];
    for (let input = this.active.head; input !== null; input = input.after) pending.push(input.index);
    for (let input = this.waiting.head; input !== null; input = input.after) pending.push(input.index);
    this.finish();
    this.outcomes.timedOut(this.destination, {
      pending,
      emitted: this.emitted,
      deadline: this.deadline,
      timeout: this.deadline - this.start,
    });
  }
}

/** Runs one subscription of an asCompleted flavour; returns its teardown. */
export function subscribeAsCompleted<R>(
  caller: string,
  source: Observable<ObservableInput<unknown>>,
  destination: Subscriber<R>,
  outcomes: Outcomes<R>,
  options: ResolvedOptions,
): TeardownLogic {
  const run = new AsCompletedRun(caller, destination, outcomes, options);
  run.subscribeTo(source);
  return () => run.finish();
}
