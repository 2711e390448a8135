import { EmptyError } from 'rxjs';
import { create } from 'rxjs/create';
import { readOptions } from '../core/options.js';
import { startRun, type Platform, type Sink, type Teardown } from '../core/run.js';
import type { OpenFlavour } from '../core/snapshots.js';

/** Ends a platform subscription: aborting the signal it was made with. */
function abortable(controller: AbortController): Teardown {
  return { unsubscribe: () => controller.abort() };
}

/**
 * The host as rxjs 9 uses it: `Observable.from` for inputs, subscriptions ended by their signal, and
 * `Date.now()` and `setTimeout` read at call time, as rxjs 9's own timers do, so that a virtual-time
 * test (which replaces them for its duration) drives the deadline too.
 */
export const hostPlatform: Platform = {
  from: (input) => Observable.from(input as ObservableValue<unknown>),
  subscribe(observable, observer) {
    const controller = new AbortController();
    observer.subscription = abortable(controller);
    // The run's observer is called as it is, so an input costs one AbortController besides its subscriber.
    (observable as Observable<unknown>).subscribe(observer, { signal: controller.signal });
  },
  now: () => Date.now(),
  schedule(fire, delay) {
    const handle = globalThis.setTimeout(fire, delay);
    return { unsubscribe: () => globalThis.clearTimeout(handle) };
  },
  emptyError(message) {
    const error = new EmptyError();
    error.message = message;
    return error;
  },
  // Each error is reported, as rxjs 9 reports what a teardown throws: the consumer's unsubscription
  // is an abort, which the platform runs teardowns for and reports their errors itself.
  teardownFailed(errors) {
    for (const error of errors) reportError(error);
  },
};

/** Reports an error nobody can catch, as rxjs 9 does: `reportError` where the host has it, else thrown from a timer. */
function reportError(error: unknown): void {
  const report = (globalThis as { reportError?: (error: unknown) => void }).reportError;
  if (typeof report === 'function') report(error);
  else
    globalThis.setTimeout(() => {
      throw error;
    });
}

/**
 * The output's subscriber as the run sees it. A platform subscriber reports an error it receives after
 * it closed (an uncaught exception in Node), where rxjs 7 drops it, so a late error is dropped here.
 */
function sinkOf<R>(destination: Subscriber<R>): Sink<R> {
  return {
    next: (value) => destination.next(value),
    error(error) {
      if (destination.active) destination.error(error);
    },
    complete: () => destination.complete(),
    get closed() {
      return !destination.active;
    },
  };
}

/** The inputs of a fixed set, as the source of their creation function. */
export const fromInputs = (inputs: readonly unknown[]): Observable<unknown> => Observable.from(inputs);

/**
 * The operator of one flavour: checks the options at once, then starts one run per producer, with the
 * flavour `flavourOf` makes for it. The output is made by the source's own `[create]`, as rxjs 9's
 * operators make theirs, so it has the source's lifecycle: one run per subscriber of a cold source,
 * one shared run for the subscribers of a platform Observable that join while it is active.
 */
export function operate<R>(
  caller: string,
  options: unknown,
  flavourOf: OpenFlavour<R>,
  keys: readonly string[] | null = null,
  fixed: readonly unknown[] | null = null,
): (source: Observable<unknown>) => Observable<R> {
  // rxjs 9 has no schedulers: the deadline is measured by the host's clock and timers.
  const { limits } = readOptions(caller, options, ['timeout', 'concurrent', 'each', 'signal']);
  return (source) =>
    source[create]<R>((destination) => {
      const sink = sinkOf(destination);
      const run = startRun(
        { caller, keys, limits, flavour: flavourOf(sink), platform: hostPlatform, fixed },
        sink,
      );
      // Subscribed with a signal that was already aborted, or let go in a notification the flavour sent
      // as it was made (a snapshot's first): the run ends before it subscribes anything, and handles the
      // Promises of the set, as every end of a run does.
      if (sink.closed) return run.unsubscribe();
      destination.addTeardown(() => run.unsubscribe());
      const controller = new AbortController();
      run.source = abortable(controller);
      source.subscribe(
        {
          next: (input) => run.arrive(input),
          error: (error: unknown) => run.sourceError(error),
          complete: () => run.sourceComplete(),
        },
        { signal: controller.signal },
      );
      run.started();
    });
}
