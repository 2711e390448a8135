import {
  asyncScheduler,
  config,
  EmptyError,
  from,
  Observable,
  Subscriber,
  Subscription,
  type ObservableInput,
  type OperatorFunction,
  type SchedulerAction,
  type SchedulerLike,
  UnsubscriptionError,
} from 'rxjs';
import { describe, invalid } from './core/messages.js';
import { readOptions } from './core/options.js';
import { startRun, type InputObserver, type Platform, type Run } from './core/run.js';
import type { OpenFlavour } from './core/snapshots.js';

const KNOWN_OPTIONS = ['timeout', 'concurrent', 'each', 'signal', 'scheduler'];

/**
 * An input's subscriber. Being a Subscriber, every rxjs from 7.2 on uses it as it is, so ending it
 * mid-subscribe stops a synchronous input. rxjs 8 would wrap anything else in a Subscriber of its own,
 * which stops before it passes a notification on: a stack overflow thrown there would reach that
 * stopped wrapper, never the run, and the input would never settle.
 */
class InputSubscriber extends Subscriber<unknown> {
  constructor(private readonly observer: InputObserver) {
    super();
  }

  // The run ignores whatever an input does once it is over, so these forward without checking `closed`.
  next(value: unknown): void {
    this.observer.next(value);
  }

  // The input is torn down before the run takes its result; a finalizer that throws does not keep the
  // result from the run, which then raises what it threw.
  error(error: unknown): void {
    try {
      this.unsubscribe();
    } catch (failure) {
      this.observer.error(error);
      return this.observer.teardownFailed(failure);
    }
    this.observer.error(error);
  }

  complete(): void {
    try {
      this.unsubscribe();
    } catch (failure) {
      this.observer.complete();
      return this.observer.teardownFailed(failure);
    }
    this.observer.complete();
  }
}

/** The source's subscriber: a Subscription too, so that a synchronous source stops when the run ends. */
class SourceSubscriber extends Subscription {
  constructor(private readonly run: Run) {
    super();
  }

  next(input: unknown): void {
    this.run.arrive(input);
  }

  error(error: unknown): void {
    this.run.sourceError(error);
  }

  complete(): void {
    this.run.sourceComplete();
  }
}

function platformOf(scheduler: SchedulerLike): Platform {
  return {
    from: (input) => from(input as ObservableInput<unknown>),
    subscribe(observable, observer) {
      const subscriber = (observer.subscription = new InputSubscriber(observer));
      try {
        (observable as Observable<unknown>).subscribe(subscriber);
      } catch (error) {
        // rxjs runs a finalizer at once when the subscription it joins is over: an input that ended
        // within its own subscribe, and whose finalizer threw. Its result is the run's already.
        if (!subscriber.closed) throw error;
        observer.teardownFailed(error);
      }
    },
    now: () => scheduler.now(),
    schedule: (fire, delay) => scheduler.schedule(fire, delay),
    emptyError(message) {
      const error = new EmptyError();
      error.message = message;
      return error;
    },
    teardownFailed(errors, byConsumer) {
      const error = unsubscriptionError(errors);
      // The consumer's unsubscribe() gets it as Subscription.unsubscribe throws it. Otherwise the run
      // ended itself, in a timer or in an input's or the source's notification, whose caller neither
      // asked for the teardown nor could handle it (thrown into an input, rxjs routes it to that input's
      // error, which is over): it is reported as rxjs reports what nobody can catch, on the scheduler.
      if (byConsumer) throw error;
      scheduler.schedule(function (this: SchedulerAction<unknown>) {
        this.unsubscribe();
        const { onUnhandledError } = config;
        if (onUnhandledError) onUnhandledError(error);
        else throw error;
      });
    },
  };
}

/** One UnsubscriptionError for all the errors of a teardown, flattened as Subscription.unsubscribe does. */
function unsubscriptionError(errors: unknown[]): UnsubscriptionError {
  const flat: unknown[] = [];
  for (const error of errors) {
    if (error instanceof UnsubscriptionError) flat.push(...(error.errors as unknown[]));
    else flat.push(error);
  }
  return new UnsubscriptionError(flat);
}

/** The inputs of a fixed set, as the source of their creation function. */
export const fromInputs: (inputs: readonly unknown[]) => Observable<unknown> = from;

/** The operator of one flavour: checks the options at once, then starts one run per subscriber. */
export function operate<R>(
  caller: string,
  options: unknown,
  flavourOf: OpenFlavour<R>,
  keys: readonly string[] | null = null,
  fixed: readonly unknown[] | null = null,
): OperatorFunction<unknown, R> {
  const { limits, config } = readOptions(caller, options, KNOWN_OPTIONS);
  // The deadline is measured on a scheduler, `asyncScheduler` unless the options name one.
  const scheduler = (config.scheduler ?? asyncScheduler) as SchedulerLike;
  // size: scheduler
  if (typeof scheduler.schedule !== 'function' || typeof scheduler.now !== 'function') {
    throw invalid(caller, 'scheduler', 'a SchedulerLike', describe(scheduler));
  }
  const platform = platformOf(scheduler);
  return (source) =>
    new Observable<R>((destination) => {
      const run = startRun(
        { caller, keys, limits, flavour: flavourOf(destination), platform, fixed },
        destination,
      );
      // The consumer let go in a notification the flavour sent as it was made (a snapshot's first): the
      // run ends before it subscribes anything, and handles the Promises of the set, as every end does.
      if (destination.closed) return run.unsubscribe();
      const sourceSubscriber = new SourceSubscriber(run);
      run.source = sourceSubscriber;
      try {
        source.subscribe(sourceSubscriber);
      } catch (error) {
        // rxjs sends what a source's subscribe throws to its subscriber: what comes out is its finalizer
        // failing as rxjs adds it to a subscription the run ended while the source was subscribing.
        platform.teardownFailed([error], false);
      }
      run.started();
      return run;
    });
}
