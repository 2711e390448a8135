/*
 * A Platform with no rxjs behind it, for specs of src/core alone: a virtual clock with a queue of
 * timers, inputs that are plain objects the spec drives by hand, a subscriber that records what it is
 * sent, and one log of everything that happened, in the order it happened.
 */
import { entries, records, values } from '../../src/core/flavours';
import { readOptions } from '../../src/core/options';
import {
  startRun,
  type Expiry,
  type Flavour,
  type InputObserver,
  type Platform,
  type Run,
  type Sink,
  type Teardown,
} from '../../src/core/run';

/** What Node does with a timer longer than this: fires it after 1 ms. The fake clock does the same. */
export const MAX_TIMER_DELAY = 2 ** 31 - 1;

/** Far more timers than any spec sets in one advance of the clock. */
const MAX_TIMERS_PER_ADVANCE = 1000;

interface Timer {
  readonly due: number;
  readonly order: number;
  fire: (() => void) | null;
}

/**
 * A manual clock. Timers fire only when the spec advances it, each at its own time; timers due at the
 * same time fire in the order they were set, as a scheduler's queue runs them.
 */
export class VirtualClock {
  /** The delay of every timer asked for, in the order asked. */
  readonly delays: number[] = [];
  private readonly timers: Timer[] = [];
  private set = 0;

  constructor(
    public now: number,
    private readonly log: string[],
  ) {}

  schedule(fire: () => void, delay: number): Teardown {
    this.delays.push(delay);
    // A delay a real timer cannot hold fires at once, so a deadline that is not stepped ends early.
    const due = this.now + (delay > MAX_TIMER_DELAY ? 1 : Math.max(0, delay));
    const timer: Timer = { due, order: this.set++, fire };
    this.timers.push(timer);
    this.timers.sort((a, b) => a.due - b.due || a.order - b.order);
    return {
      unsubscribe: () => {
        if (timer.fire === null) return;
        timer.fire = null;
        this.timers.splice(this.timers.indexOf(timer), 1);
        this.log.push(`cancel timer ${due}`);
      },
    };
  }

  /** The due times of the timers that have neither fired nor been cancelled. */
  get armed(): number[] {
    return this.timers.map(({ due }) => due);
  }

  /**
   * Moves the clock `ms` on, firing every timer due on the way at its own time. A run that keeps setting
   * timers without end fails the spec, instead of hanging it.
   */
  advance(ms: number): void {
    const end = this.now + ms;
    let fired = 0;
    for (let timer = this.timers[0]; timer !== undefined && timer.due <= end; timer = this.timers[0]) {
      if (++fired > MAX_TIMERS_PER_ADVANCE) {
        throw new Error(`the fake clock fired ${MAX_TIMERS_PER_ADVANCE} timers in one advance: a timer loop`);
      }
      this.timers.shift();
      const fire = timer.fire!;
      timer.fire = null;
      this.now = timer.due;
      fire();
    }
    this.now = end;
  }

  /** Moves the clock on without firing anything: the time a synchronous task takes. */
  spend(ms: number): void {
    this.now += ms;
  }
}

/** The error the fake platform makes for an input that completed without a value. */
export class FakeEmptyError extends Error {
  override name = 'FakeEmptyError';
}

/** The timeout error of the `values` and `entries` flavours, carrying what the run reported. */
export class FakeTimeoutError extends Error {
  override name = 'FakeTimeoutError';

  constructor(
    readonly expiry: Expiry,
    readonly pendingKeys: string[] | null,
  ) {
    super(expiry.message);
  }
}

/**
 * An Observable input as the fake platform knows it: the spec sends its notifications. Like rxjs's
 * subscriber, it runs its finalizer before passing an error or a completion on, and then reports what
 * the finalizer threw; and it ignores everything once it is closed.
 */
export class FakeInput {
  observer: InputObserver | null = null;
  /** The signal its factory was called with, if it was given as one. */
  signal: AbortSignal | null = null;
  /** Whether its finalizer has run. */
  closed = false;
  /** What its finalizer throws, if set. */
  finalizerError: Error | undefined = undefined;

  constructor(
    readonly name: string,
    private readonly log: string[],
    private readonly onSubscribe: ((input: FakeInput) => void) | null,
  ) {}

  subscribe(observer: InputObserver): void {
    this.log.push(`subscribe ${this.name}`);
    this.observer = observer;
    observer.subscription = { unsubscribe: () => this.finalize(`unsubscribe ${this.name}`) };
    this.onSubscribe?.(this);
  }

  emit(value: unknown): void {
    if (!this.closed) this.observer!.next(value);
  }

  complete(): void {
    this.end((observer) => observer.complete());
  }

  fail(error: unknown): void {
    this.end((observer) => observer.error(error));
  }

  /** The input as a factory: a function of a signal, which it keeps, and logs the abort of. */
  factory(): (signal: AbortSignal) => FakeInput {
    return (signal) => {
      this.log.push(`call ${this.name}`);
      this.signal = signal;
      signal.addEventListener('abort', () => this.log.push(`abort ${this.name}`));
      return this;
    };
  }

  private end(notify: (observer: InputObserver) => void): void {
    if (this.closed) return;
    let failure: { error: unknown } | null = null;
    try {
      this.finalize(`end ${this.name}`);
    } catch (error) {
      failure = { error };
    }
    const observer = this.observer!;
    notify(observer);
    if (failure !== null) observer.teardownFailed(failure.error);
  }

  private finalize(entry: string): void {
    if (this.closed) return;
    this.closed = true;
    this.log.push(entry);
    if (this.finalizerError !== undefined) throw this.finalizerError;
  }
}

/** A Promise the spec settles by hand, at once: it calls its handlers synchronously, the first outcome only. */
export class FakePromise {
  /** How many times its `then` was called. */
  thens = 0;
  private handlers: [(value: unknown) => void, (error: unknown) => void][] = [];
  private settled = false;

  constructor(
    readonly name: string,
    private readonly log: string[],
  ) {}

  then(onFulfilled: (value: unknown) => void, onRejected: (error: unknown) => void): void {
    this.thens++;
    this.log.push(`then ${this.name}`);
    this.handlers.push([onFulfilled, onRejected]);
  }

  resolve(value: unknown): void {
    this.settle((handler) => handler[0](value));
  }

  reject(error: unknown): void {
    this.settle((handler) => handler[1](error));
  }

  private settle(call: (handler: [(value: unknown) => void, (error: unknown) => void]) => void): void {
    if (this.settled) return;
    this.settled = true;
    this.handlers.forEach(call);
  }
}

/** One notification the subscriber received, at the virtual time it received it. */
export type Notification =
  | { readonly at: number; readonly next: unknown }
  | { readonly at: number; readonly error: unknown }
  | { readonly at: number; readonly complete: true };

/** The subscriber of a run: records everything it is sent, even after its end, so that nothing extra goes unseen. */
export class RecordingSink<R> implements Sink<R> {
  readonly notifications: Notification[] = [];
  closed = false;
  /** Called with each value after it is recorded: may throw, or unsubscribe. */
  onNext: ((value: R) => void) | null = null;

  constructor(
    private readonly clock: VirtualClock,
    private readonly log: string[],
  ) {}

  next(value: R): void {
    this.notifications.push({ at: this.clock.now, next: value });
    this.log.push(`next ${JSON.stringify(value)}`);
    this.onNext?.(value);
  }

  error(error: unknown): void {
    this.closed = true;
    this.notifications.push({ at: this.clock.now, error });
    this.log.push('error');
  }

  complete(): void {
    this.closed = true;
    this.notifications.push({ at: this.clock.now, complete: true });
    this.log.push('complete');
  }
}

/** What `platform.teardownFailed` was called with, and when. */
export interface TeardownFailure {
  readonly at: number;
  readonly errors: unknown[];
  readonly byConsumer: boolean;
}

/** Everything a spec drives and reads of one run on the fake platform. */
export interface FakeRun<R> {
  readonly run: Run;
  readonly clock: VirtualClock;
  readonly sink: RecordingSink<R>;
  /** Every subscribe, teardown, timer cancelled, factory called and aborted, notification and report, in order. */
  readonly log: string[];
  readonly platform: Platform;
  readonly teardownFailures: TeardownFailure[];
  /** The deepest that subscriptions of inputs were nested inside one another. */
  readonly maxSubscribeDepth: () => number;
  /** Sets what the source's finalizer throws. */
  sourceFinalizerError: Error | undefined;
  /** A new input; `onSubscribe` runs within its subscription, for a synchronous input. */
  input(name: string, onSubscribe?: (input: FakeInput) => void): FakeInput;
  /** A new Promise, which logs each call of its `then`. */
  promise(name: string): FakePromise;
  /** An input that emits `value` and completes within its subscription. */
  sync(name: string, value: unknown): FakeInput;
  /**
   * Subscribes as the adapter does: the source sends `inputs` within its subscription, then completes
   * if `complete`, then the subscription is over (`started()`).
   */
  subscribe(inputs: readonly unknown[], complete?: boolean): void;
}

export type FlavourName = 'values' | 'entries' | 'records';

export interface FakeRunOptions {
  readonly flavour?: FlavourName;
  readonly keys?: readonly string[] | null;
  readonly fixed?: readonly unknown[] | null;
  /** The clock's time at subscription. */
  readonly start?: number;
}

const timeoutError = (expiry: Expiry, pendingKeys: string[] | null): Error =>
  new FakeTimeoutError(expiry, pendingKeys);

function flavourOf(name: FlavourName, keys: readonly string[] | null): Flavour<unknown> {
  if (name === 'records') return records(keys);
  return name === 'entries' ? entries(keys, timeoutError) : values(keys, timeoutError);
}

/** Starts one run of `asCompleted` on the fake platform, with `options` as the operator reads them. */
export function startFakeRun(options: unknown = null, settings: FakeRunOptions = {}): FakeRun<unknown> {
  const { flavour = 'values', keys = null, fixed = null, start = 0 } = settings;
  const log: string[] = [];
  const clock = new VirtualClock(start, log);
  const teardownFailures: TeardownFailure[] = [];
  let depth = 0;
  let maxDepth = 0;
  const platform: Platform = {
    from(input) {
      if (input instanceof FakeInput) return input;
      throw new TypeError('the fake platform takes only FakeInputs');
    },
    subscribe(observable, observer) {
      maxDepth = Math.max(maxDepth, ++depth);
      try {
        (observable as FakeInput).subscribe(observer);
      } finally {
        depth--;
      }
    },
    now: () => clock.now,
    schedule: (fire, delay) => clock.schedule(fire, delay),
    emptyError: (message) => new FakeEmptyError(message),
    teardownFailed(errors, byConsumer) {
      teardownFailures.push({ at: clock.now, errors: [...errors], byConsumer });
      log.push('teardownFailed');
    },
  };
  const caller = 'asCompleted';
  const { limits } = readOptions(caller, options, ['timeout', 'concurrent', 'each', 'signal']);
  const sink = new RecordingSink<unknown>(clock, log);
  const run = startRun({ caller, keys, limits, flavour: flavourOf(flavour, keys), platform, fixed }, sink);
  const fake: FakeRun<unknown> = {
    run,
    clock,
    sink,
    log,
    platform,
    teardownFailures,
    maxSubscribeDepth: () => maxDepth,
    sourceFinalizerError: undefined,
    input: (name, onSubscribe) => new FakeInput(name, log, onSubscribe ?? null),
    promise: (name) => new FakePromise(name, log),
    sync: (name, value) =>
      new FakeInput(name, log, (input) => {
        input.emit(value);
        input.complete();
      }),
    subscribe(inputs, complete = false) {
      // A synchronous source stops once the run has torn it down, as rxjs's `from` does over an array.
      for (const input of inputs) {
        if (sourceClosed) break;
        run.arrive(input);
      }
      if (complete && !sourceClosed) run.sourceComplete();
      run.started();
    },
  };
  let sourceClosed = false;
  run.source = {
    unsubscribe() {
      sourceClosed = true;
      log.push('unsubscribe source');
      if (fake.sourceFinalizerError !== undefined) throw fake.sourceFinalizerError;
    },
  };
  return fake;
}

/** The notifications a spec expects, written as they read. */
export const next = (at: number, value: unknown): Notification => ({ at, next: value });
export const error = (at: number, thrown: unknown): Notification => ({ at, error: thrown });
export const complete = (at: number): Notification => ({ at, complete: true });
