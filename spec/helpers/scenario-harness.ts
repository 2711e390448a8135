import {
  asyncScheduler,
  concat,
  config,
  EMPTY,
  EmptyError,
  first,
  Observable,
  of,
  Subscriber,
  switchMap,
  take,
  throwError,
  UnsubscriptionError,
  type ObservableInput,
  type OperatorFunction,
  type SchedulerAction,
  type SchedulerLike,
  type Subscription,
  type TeardownLogic,
} from 'rxjs';
import { getEventListeners } from 'node:events';
import { setImmediate as macrotask } from 'node:timers/promises';
import { runInThisContext } from 'node:vm';
import { TestScheduler } from 'rxjs/testing';
import {
  asCompleted,
  asCompletedEntries,
  asCompletedSettled,
  AsCompletedTimeoutError,
  forkAsCompleted,
  forkAsCompletedEntries,
  forkAsCompletedSettled,
  type AsCompletedOptions,
} from '../../src';
import { spendRealTime } from './fake-clocks';
import type { Flavour } from './reference-model';
import {
  ABORT_REASON,
  FINAL_FRAME,
  inputError,
  sourceError,
  type ClockScript,
  type ErrorDescription,
  type InputScript,
  type Notification,
  type Observed,
  type PromiseInputScript,
  type Scenario,
  type SubscriptionSpan,
  type TeardownError,
} from './scenario';
import { boundActions } from './test-scheduler';

export interface ObservedRun extends Observed {
  /** Anything found alive when the output terminated, was unsubscribed or let go, or the clock ran out. */
  readonly leftovers: readonly string[];
  /** The rejections Node found unhandled during the run. */
  readonly unhandledRejections: readonly ErrorDescription[];
}

/**
 * Node's own process. Jest hands each test file a process object of its own, and Node reports an
 * unhandled rejection on the real one, where Jest listens to fail the test it happened in; listening
 * there too tells which run left it, so that fast-check can report and shrink that run.
 */
const nodeProcess = runInThisContext('process') as NodeJS.Process;

/** The clock a scenario runs on, as the harness schedules its scripts on it and checks what is left. */
interface ScenarioClock {
  now(): number;
  schedule(work: () => void, delay: number): Subscription;
  /** How many actions are still to run later, those for which `outlives` holds left aside. */
  queued(outlives: (action: Subscription) => boolean): number;
  /** Runs the scenario to its end. */
  runOut(): void;
}

/** Virtual time, in `TestScheduler.run`. */
function virtualClock(testScheduler: TestScheduler): ScenarioClock {
  const now = (): number => testScheduler.now();
  return {
    now,
    schedule: (work, delay) => testScheduler.schedule(work, delay),
    // What is due now may be what the operator reports of a teardown that just ended.
    queued: (outlives) =>
      testScheduler.actions.filter((action) => !outlives(action) && action.delay > now()).length,
    runOut: () => testScheduler.flush(),
  };
}

/**
 * Jest's fake timers, with `Date` faked and `performance` real, under the operator's default
 * scheduler: advanced by hand to each pause, where real time is spent, then run out. Every action,
 * the harness's and the operator's alike, goes through `asyncScheduler.schedule`, which is watched so
 * that what is still queued can be counted: a fake timer's count would also hold the one running now.
 */
function fakeClock(clock: Extract<ClockScript, { kind: 'fake' }>): ScenarioClock & { uninstall(): void } {
  jest.useFakeTimers({ doNotFake: ['performance'], now: 0 });
  const actions: Subscription[] = [];
  const started = new WeakSet<Subscription>();
  const schedule: SchedulerLike['schedule'] = asyncScheduler.schedule.bind(asyncScheduler);
  const watch = jest.spyOn(asyncScheduler, 'schedule').mockImplementation(function <T>(
    work: (this: SchedulerAction<T>, state?: T) => void,
    delay?: number,
    state?: T,
  ): Subscription {
    const action = schedule<T>(
      function (this: SchedulerAction<T>, value?: T) {
        started.add(this);
        work.call(this, value);
      },
      delay,
      state,
    );
    actions.push(action);
    return action;
  });
  return {
    now: () => Date.now(),
    schedule: (work, delay) => asyncScheduler.schedule(work, delay),
    queued: (outlives) =>
      actions.filter((action) => !action.closed && !started.has(action) && !outlives(action)).length,
    runOut() {
      for (const { at, ms } of clock.pauses) {
        jest.advanceTimersByTime(at - Date.now());
        spendRealTime(ms);
      }
      // Throws past 100,000 timers: a timer that re-arms itself forever fails the run.
      jest.runAllTimers();
    },
    uninstall() {
      watch.mockRestore();
      jest.useRealTimers();
    },
  };
}

function optionsFor(scenario: Scenario, signal: AbortSignal | null): AsCompletedOptions {
  const { deadline, concurrent, bareTimeout, each } = scenario;
  const timeout = deadline === null ? null : deadline.asDate ? new Date(deadline.at) : deadline.at;
  const extra = { ...(each === undefined ? {} : { each }), ...(signal === null ? {} : { signal }) };
  return concurrent === undefined && bareTimeout && Object.keys(extra).length === 0
    ? timeout
    : { timeout, concurrent, ...extra };
}

const operators = { asCompleted, asCompletedSettled, asCompletedEntries } as Record<
  Flavour,
  (options: AsCompletedOptions) => OperatorFunction<ObservableInput<number>, unknown>
>;

/** The creation functions, each called as its overloads allow: with an array or a dictionary. */
const forks = {
  asCompleted: forkAsCompleted,
  asCompletedSettled: forkAsCompletedSettled,
  asCompletedEntries: forkAsCompletedEntries,
} as Record<
  Flavour,
  (
    inputs: readonly ObservableInput<number>[] | Record<string, ObservableInput<number>>,
    options?: AsCompletedOptions,
  ) => Observable<unknown>
>;

/**
 * Builds the scenario out of observables, runs it on its clock, and records what the consumer got,
 * when each input and the source were subscribed and torn down, anything (an input, the source, a
 * scheduled action, an abort listener) that outlived the run, and the rejections left unhandled,
 * which Node reports once a macrotask has passed.
 */
export async function observedRun(scenario: Scenario, flavour: Flavour): Promise<ObservedRun> {
  const { onUnhandledError } = config;
  const unhandled: unknown[] = [];
  const listener = (reason: unknown): void => void unhandled.push(reason);
  nodeProcess.on('unhandledRejection', listener);
  try {
    let run: Omit<ObservedRun, 'unhandledRejections'>;
    let describeError: (error: unknown) => ErrorDescription;
    if (scenario.clock.kind === 'fake') {
      const clock = fakeClock(scenario.clock);
      try {
        ({ run, describeError } = runScenario(clock, scenario, flavour));
      } finally {
        clock.uninstall();
      }
    } else {
      const testScheduler = boundActions(new TestScheduler(() => undefined));
      ({ run, describeError } = testScheduler.run(() =>
        runScenario(virtualClock(testScheduler), scenario, flavour),
      ));
    }
    // Only a fixed set's inputs are native Promises, and only those that reject can be left unhandled:
    // each of them has rejected by the time the clock ran out.
    const rejects = scenario.inputs.some((input) => input.kind === 'promise' && input.fails);
    if (scenario.front.kind === 'fork' && rejects) await macrotask();
    return { ...run, unhandledRejections: unhandled.map(describeError) };
  } finally {
    nodeProcess.off('unhandledRejection', listener);
    config.onUnhandledError = onUnhandledError;
  }
}

function runScenario(
  clock: ScenarioClock,
  scenario: Scenario,
  flavour: Flavour,
): { run: Omit<ObservedRun, 'unhandledRejections'>; describeError: (error: unknown) => ErrorDescription } {
  const now = (): number => clock.now();
  const errorDescriptions = new Map<unknown, ErrorDescription>([[ABORT_REASON, { type: 'abort' }]]);
  const leftovers: string[] = [];
  const inputSubscriptions: SubscriptionSpan[][] = scenario.inputs.map(() => []);
  const sourceSubscriptions: SubscriptionSpan[] = [];
  const isOpen = (span: SubscriptionSpan): boolean => span.unsubscribed === Infinity;
  const { reentry, downstream, front } = scenario;
  const scripts = reentry?.action === 'feed' ? [...scenario.inputs, reentry.input] : scenario.inputs;
  if (reentry?.action === 'feed') inputSubscriptions.push([]);

  /** Whose finalizer threw each error the finalizers throw. */
  const finalizerErrors = new Map<unknown, TeardownError['of']>();
  const teardownErrors: TeardownError[] = [];
  const recordTeardownError = (error: unknown, channel: TeardownError['channel']): void => {
    const errors = error instanceof UnsubscriptionError ? (error.errors as unknown[]) : [error];
    for (const each of errors) {
      const of = finalizerErrors.get(each) ?? `unexpected: ${String(each)}`;
      teardownErrors.push({ frame: now(), channel, of });
    }
  };
  config.onUnhandledError = (error) => recordTeardownError(error, 'reported');
  /** Runs `teardown`, then throws, as a hostile finalizer does. */
  const hostile = (of: TeardownError['of'], teardown: TeardownLogic): TeardownLogic => {
    const error = new Error(`finalizer of ${of} failed`);
    finalizerErrors.set(error, of);
    return () => {
      if (typeof teardown === 'function') teardown();
      else teardown?.unsubscribe();
      throw error;
    };
  };
  /** The Promises' settlements: scheduled on the scenario's clock, they outlive the output by design. */
  const settlements = new Set<unknown>();
  /** The harness's own actions, which outlive the output until they run. */
  const harness = new Set<unknown>();

  const noElements = new EmptyError().message;
  const describeError = (error: unknown): ErrorDescription => {
    if (error instanceof AsCompletedTimeoutError) {
      const { pending, pendingKeys, emitted, deadline, timeout } = error;
      return {
        type: 'timeout',
        pending: [...pending],
        pendingKeys: pendingKeys && [...pendingKeys],
        emitted,
        deadline,
        timeout,
      };
    }
    if (error instanceof EmptyError) return { type: error.message === noElements ? 'no elements' : 'empty' };
    return errorDescriptions.get(error) ?? { type: 'unexpected', text: String(error) };
  };
  const describeValue = (value: unknown): unknown =>
    typeof value === 'object' && value !== null && 'error' in value
      ? { ...value, error: describeError(value.error) }
      : value;
  const failure = (description: ErrorDescription): Error => {
    const error = description.type === 'input' ? inputError(description.index) : sourceError();
    errorDescriptions.set(error, description);
    return error;
  };

  /** An Observable that logs each of its subscriptions, with the frame it was torn down at. */
  const logged = <T>(log: SubscriptionSpan[], subscribe: (subscriber: Subscriber<T>) => TeardownLogic) =>
    new Observable<T>((subscriber) => {
      const span = { subscribed: now(), unsubscribed: Infinity };
      log.push(span);
      subscriber.add(() => (span.unsubscribed = now()));
      return subscribe(subscriber);
    });

  /** Schedules `work` at each frame, relative to now, and cancels what is left on teardown. */
  const scripted = <T>(subscriber: Subscriber<T>, steps: [number, () => void][]): void => {
    for (const [frame, work] of steps) subscriber.add(clock.schedule(work, frame));
  };

  /** A thenable whose clock starts when its `then` is called: an input the source brings. */
  const thenable = (input: PromiseInputScript, index: number): PromiseLike<number> => {
    const promise: PromiseLike<number> = {
      then(onFulfilled, onRejected) {
        settlements.add(
          clock.schedule(() => {
            if (input.fails) onRejected?.(failure({ type: 'input', index }));
            else onFulfilled?.(input.value);
          }, input.settlesAfter),
        );
        return promise as never;
      },
    };
    return promise;
  };

  /**
   * A native Promise of a fixed set, running from now: nobody handles its rejection unless the run
   * does. Its `then` is the run's way in: it calls back on the scenario's clock, at the frame the
   * Promise settles, and handles the Promise exactly as the native `then` it calls would.
   */
  const promised = (input: PromiseInputScript, index: number): Promise<number> => {
    const settlesAt = now() + input.settlesAfter;
    const error = input.fails ? failure({ type: 'input', index }) : null;
    const promise = new Promise<number>((resolve, reject) => {
      settlements.add(
        clock.schedule(() => (error === null ? resolve(input.value) : reject(error)), input.settlesAfter),
      );
    });
    Reflect.defineProperty(promise, 'then', {
      value(onFulfilled?: (value: number) => unknown, onRejected?: (reason: unknown) => unknown) {
        const handled = Promise.prototype.then.call(
          promise,
          () => undefined,
          typeof onRejected === 'function' ? () => undefined : undefined,
        );
        settlements.add(
          clock.schedule(
            () => {
              if (error === null) onFulfilled?.(input.value);
              else onRejected?.(error);
            },
            Math.max(0, settlesAt - now()),
          ),
        );
        return handled;
      },
    });
    return promise;
  };

  const buildInput = (input: InputScript, index: number): ObservableInput<number> => {
    if (input.kind === 'promise')
      return front.kind === 'fork' ? promised(input, index) : thenable(input, index);
    if (input.kind === 'sync') {
      // A plain array goes to the operator as it is: it cannot be logged, and cannot outlive anything.
      if (input.form === 'array') return [...input.values];
      const values = of(...input.values);
      const inner = input.fails
        ? concat(
            values,
            throwError(() => failure({ type: 'input', index })),
          )
        : values;
      return logged<number>(inputSubscriptions[index], (subscriber) => {
        const subscription = inner.subscribe(subscriber);
        return input.hostile ? hostile(index, subscription) : subscription;
      });
    }
    return logged<number>(inputSubscriptions[index], (subscriber) => {
      const { duration } = input;
      const steps: [number, () => void][] = input.values.map(({ at, value }) => [
        at,
        () => subscriber.next(value),
      ]);
      if (input.end === 'complete') steps.push([duration, () => subscriber.complete()]);
      if (input.end === 'error')
        steps.push([duration, () => subscriber.error(failure({ type: 'input', index }))]);
      scripted(subscriber, steps);
      return input.hostile ? hostile(index, undefined) : undefined;
    });
  };

  const allInputs = scripts.map(buildInput);
  const inputs = allInputs.slice(0, scenario.inputs.length);
  const { source: script } = scenario;
  let sourceSubscriber: Subscriber<ObservableInput<number>> | undefined;
  const source = logged<ObservableInput<number>>(sourceSubscriptions, (subscriber) => {
    sourceSubscriber = subscriber;
    const teardown = subscribeSource(subscriber);
    return script.hostile ? hostile('source', teardown) : teardown;
  });
  function subscribeSource(subscriber: Subscriber<ObservableInput<number>>): TeardownLogic {
    const end = (): void => {
      if (script.end === 'complete') subscriber.complete();
      if (script.end === 'error') subscriber.error(failure({ type: 'source' }));
    };
    if (script.timing === 'sync') {
      for (const input of inputs) if (!subscriber.closed) subscriber.next(input);
      if (!subscriber.closed) end();
      return;
    }
    let frame = 0;
    const steps: [number, () => void][] = inputs.map((input, index) => [
      (frame += script.gaps[index]),
      () => subscriber.next(input),
    ]);
    steps.push([frame + script.endGap, end]);
    scripted(subscriber, steps);
  }

  const notifications: Notification[] = [];
  let subscription: Subscription | undefined = undefined;
  const checkTornDown = (moment: string): void => {
    const openInputs = inputSubscriptions.flat().filter(isOpen).length;
    const sourceOpen = sourceSubscriptions.some(isOpen);
    // Left aside: the harness's own actions (the settlements, the unsubscription, the abort, switchMap's
    // second emission), and what the operator reports now, after the teardown.
    const queued = clock.queued((action) => harness.has(action) || settlements.has(action));
    if (openInputs !== 0 || sourceOpen || queued !== 0) {
      leftovers.push(
        `${moment} at ${now()}: ${openInputs} inputs open, source open: ${sourceOpen}, ${queued} actions queued`,
      );
    }
  };
  // Scheduled before subscribing, so that it runs first in its frame.
  const finalUnsubscription = clock.schedule(() => {
    if (subscription !== undefined && !subscription.closed) {
      try {
        subscription.unsubscribe();
      } catch (error) {
        recordTeardownError(error, 'thrown');
      }
      checkTornDown('unsubscription');
    }
  }, scenario.unsubscribeAt ?? FINAL_FRAME);
  harness.add(finalUnsubscription);
  // Scheduled before subscribing too: in its frame, after the unsubscription and before everything else.
  const { abortAt } = scenario;
  const controller = abortAt === null ? null : new AbortController();
  if (abortAt !== null && abortAt < 0) controller!.abort(ABORT_REASON);
  if (abortAt !== null && abortAt >= 0)
    harness.add(clock.schedule(() => controller!.abort(ABORT_REASON), abortAt));
  const listenersLeft = (moment: string): void => {
    const left = controller === null ? 0 : getEventListeners(controller.signal, 'abort').length;
    if (left !== 0) leftovers.push(`${moment} at ${now()}: ${left} abort listeners left on the signal`);
  };

  const options = optionsFor(scenario, controller?.signal ?? null);
  let output: Observable<unknown>;
  if (front.kind === 'operator') output = source.pipe(operators[flavour](options));
  else {
    const { keys } = front;
    output = forks[flavour](
      keys === null ? inputs : Object.fromEntries(keys.map((key, index) => [key, inputs[index]])),
      options,
    );
  }
  /** The output as a downstream operator subscribes to it: once that subscription ends, nothing of the run is left. */
  const watched = new Observable<unknown>((subscriber) => {
    // The subscriber itself, not a wrapper, is handed on, so that the run sees it closed as soon as the
    // downstream is done; its finalizers run in order, the run's teardown before this check.
    output.subscribe(subscriber);
    return () => {
      checkTornDown('the downstream let go');
      listenersLeft('the downstream let go');
    };
  });
  let consumed: Observable<unknown>;
  if (downstream.kind === 'none') consumed = output;
  else if (downstream.kind === 'take') consumed = watched.pipe(take(downstream.count));
  else if (downstream.kind === 'first') consumed = watched.pipe(first());
  else {
    const { at } = downstream;
    const outer = new Observable<number>((subscriber) => {
      const second = clock.schedule(() => {
        subscriber.next(1);
        subscriber.complete();
      }, at);
      harness.add(second);
      subscriber.add(second);
      subscriber.next(0);
    });
    consumed = outer.pipe(switchMap((emission) => (emission === 0 ? watched : EMPTY)));
  }

  let values = 0;
  /** A Subscriber, so that it can unsubscribe from within `next` while the output is being subscribed. */
  class Consumer extends Subscriber<unknown> {
    override next(value: unknown): void {
      if (this.stoppedAlready('next')) return;
      notifications.push({ frame: now(), kind: 'N', value: describeValue(value) });
      if (reentry === null || ++values !== reentry.afterValues + 1) return;
      if (reentry.action === 'feed') {
        if (sourceSubscriber !== undefined && !sourceSubscriber.closed)
          sourceSubscriber.next(allInputs[scenario.inputs.length]);
        return;
      }
      try {
        this.unsubscribe();
      } catch (error) {
        recordTeardownError(error, 'thrown');
      }
    }
    override error(error: unknown): void {
      if (this.stoppedAlready('error')) return;
      notifications.push({ frame: now(), kind: 'E', error: describeError(error) });
      this.checkEnded('error');
    }
    override complete(): void {
      if (this.stoppedAlready('complete')) return;
      notifications.push({ frame: now(), kind: 'C' });
      this.checkEnded('completion');
    }
    /** rxjs would drop a notification to a closed subscriber: the operator should not send it. */
    private stoppedAlready(kind: string): boolean {
      if (this.closed) leftovers.push(`${kind} after the consumer unsubscribed, at ${now()}`);
      return this.closed;
    }
    /**
     * The run ends before the consumer hears it end, where a downstream operator lets go of it after
     * telling. Then the consumer lets go of what it subscribed to, as every Subscriber does once it has
     * heard the end: the downstream operators stop there.
     */
    private checkEnded(moment: string): void {
      if (downstream.kind === 'none') {
        checkTornDown(moment);
        listenersLeft(moment);
      }
      this.unsubscribe();
    }
  }
  subscription = consumed.subscribe(new Consumer());
  clock.runOut();
  // No count of actions left here: running the clock out empties its queue, so such a count could not
  // fail. What the run leaves scheduled is counted when it ends, by checkTornDown.
  listenersLeft('the end');
  return {
    run: { notifications, teardownErrors, inputSubscriptions, sourceSubscriptions, leftovers },
    describeError,
  };
}
