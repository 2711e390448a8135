import {
  EmptyError,
  from,
  Observable,
  Subscription,
  type ObservableInput,
  type OperatorFunction,
  type SchedulerLike,
} from 'rxjs';
import { readInputs } from './core/inputs.js';
import { startRun, type Flavour, type InputObserver, type Platform, type Run } from './core/run.js';
import { resolveOptions } from './options.js';

/**
 * An input's subscriber. Being a Subscription with `next`, `error` and `complete`, rxjs uses it as it
 * is, so an input costs one rxjs object, and ending it mid-subscribe stops a synchronous input.
 */
class InputSubscriber extends Subscription {
  constructor(private readonly observer: InputObserver) {
    super();
  }

  // The run ignores whatever an input does once it is over, so these forward without checking `closed`.
  next(value: unknown): void {
    this.observer.next(value);
  }

  error(error: unknown): void {
    this.unsubscribe();
    this.observer.error(error);
  }

  complete(): void {
    this.unsubscribe();
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
    subscribe(input, observer) {
      const observable = from(input as ObservableInput<unknown>);
      const subscriber = (observer.subscription = new InputSubscriber(observer));
      observable.subscribe(subscriber);
    },
    now: () => scheduler.now(),
    schedule: (fire, delay) => scheduler.schedule(fire, delay),
    emptyError(message) {
      const error = new EmptyError();
      error.message = message;
      return error;
    },
  };
}

/** The operator of one flavour: checks the options at once, then runs one subscription per subscriber. */
export function operate<R>(
  caller: string,
  options: unknown,
  flavour: Flavour<R>,
  keys: readonly string[] | null = null,
): OperatorFunction<unknown, R> {
  const { limits, scheduler } = resolveOptions(caller, options);
  const setup = { caller, keys, limits, flavour, platform: platformOf(scheduler) };
  return (source) =>
    new Observable<R>((destination) => {
      const run = startRun(setup, destination);
      const sourceSubscriber = new SourceSubscriber(run);
      run.source = sourceSubscriber;
      source.subscribe(sourceSubscriber);
      run.started();
      return run;
    });
}

/** The operator of one flavour over a fixed set of inputs, an array or a dictionary. */
export function operateOn<R>(
  caller: string,
  inputs: unknown,
  options: unknown,
  flavour: (keys: readonly string[] | null) => Flavour<R>,
): Observable<R> {
  const set = readInputs(caller, inputs);
  return from(set.inputs).pipe(operate(caller, options, flavour(set.keys), set.keys));
}
