import {
  concat,
  config,
  EmptyError,
  Observable,
  of,
  Subscriber,
  throwError,
  UnsubscriptionError,
  type ObservableInput,
  type OperatorFunction,
  type Subscription,
  type TeardownLogic,
} from 'rxjs';
import { getEventListeners } from 'node:events';
import { TestScheduler } from 'rxjs/testing';
import { asCompleted, asCompletedSettled, AsCompletedTimeoutError } from '../../src';
import type { Flavour } from './reference-model';
import {
  ABORT_REASON,
  FINAL_FRAME,
  inputError,
  sourceError,
  type ErrorDescription,
  type InputScript,
  type Notification,
  type Observed,
  type Scenario,
  type SubscriptionSpan,
  type TeardownError,
} from './scenario';
import { boundActions } from './test-scheduler';

export interface ObservedRun extends Observed {
  /** Anything found alive when the output terminated, was unsubscribed, or the scheduler was flushed. */
  readonly leftovers: readonly string[];
}

function operatorFor(
  flavour: Flavour,
  scenario: Scenario,
  signal: AbortSignal | null,
): OperatorFunction<ObservableInput<number>, unknown> {
  const { deadline, concurrent, bareTimeout, each } = scenario;
  const timeout = deadline === null ? null : deadline.asDate ? new Date(deadline.at) : deadline.at;
  const extra = { ...(each === undefined ? {} : { each }), ...(signal === null ? {} : { signal }) };
  const options =
    concurrent === undefined && bareTimeout && Object.keys(extra).length === 0
      ? timeout
      : { timeout, concurrent, ...extra };
  return flavour === 'asCompleted' ? asCompleted(options) : asCompletedSettled(options);
}

/**
 * Builds the scenario out of observables, runs it in virtual time, and records what the output did,
 * when each input and the source were subscribed and torn down, and anything (an input, the source,
 * a scheduled action) that outlived the output.
 */
export function observedRun(scenario: Scenario, flavour: Flavour): ObservedRun {
  const testScheduler = boundActions(new TestScheduler(() => undefined));
  const { onUnhandledError } = config;
  try {
    return runScenario(testScheduler, scenario, flavour);
  } finally {
    config.onUnhandledError = onUnhandledError;
  }
}

function runScenario(testScheduler: TestScheduler, scenario: Scenario, flavour: Flavour): ObservedRun {
  return testScheduler.run(() => {
    const now = (): number => testScheduler.now();
    const errorDescriptions = new Map<unknown, ErrorDescription>([[ABORT_REASON, { type: 'abort' }]]);
    const leftovers: string[] = [];
    const inputSubscriptions: SubscriptionSpan[][] = scenario.inputs.map(() => []);
    const sourceSubscriptions: SubscriptionSpan[] = [];
    const isOpen = (span: SubscriptionSpan): boolean => span.unsubscribed === Infinity;
    const { reentry } = scenario;
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
    /** The thenables' settlements: scheduled on the virtual clock, they outlive the output by design. */
    const settlements = new Set<unknown>();

    const describeError = (error: unknown): ErrorDescription => {
      if (error instanceof AsCompletedTimeoutError) {
        const { pending, emitted, deadline, timeout } = error;
        return { type: 'timeout', pending: [...pending], emitted, deadline, timeout };
      }
      if (error instanceof EmptyError) return { type: 'empty' };
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
      for (const [frame, work] of steps) subscriber.add(testScheduler.schedule(work, frame));
    };

    const buildInput = (input: InputScript, index: number): ObservableInput<number> => {
      if (input.kind === 'promise') {
        const thenable: PromiseLike<number> = {
          then(onFulfilled, onRejected) {
            settlements.add(
              testScheduler.schedule(() => {
                if (input.fails) onRejected?.(failure({ type: 'input', index }));
                else onFulfilled?.(input.value);
              }, input.settlesAfter),
            );
            return thenable as never;
          },
        };
        return thenable;
      }
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
      // Left aside: the thenables' settlements, the signal's abort, and what the operator reports now, after the teardown.
      const queued = testScheduler.actions.filter(
        (action) =>
          action !== finalUnsubscription &&
          action !== abortAction &&
          !settlements.has(action) &&
          action.delay > now(),
      ).length;
      if (openInputs !== 0 || sourceOpen || queued !== 0) {
        leftovers.push(
          `${moment} at ${now()}: ${openInputs} inputs open, source open: ${sourceOpen}, ${queued} actions queued`,
        );
      }
    };
    // Scheduled before subscribing, so that it runs first in its frame.
    const finalUnsubscription = testScheduler.schedule(() => {
      if (subscription !== undefined && !subscription.closed) {
        try {
          subscription.unsubscribe();
        } catch (error) {
          recordTeardownError(error, 'thrown');
        }
        checkTornDown('unsubscription');
      }
    }, scenario.unsubscribeAt ?? FINAL_FRAME);
    // Scheduled before subscribing too: in its frame, after the unsubscription and before everything else.
    const { abortAt } = scenario;
    const controller = abortAt === null ? null : new AbortController();
    if (abortAt !== null && abortAt < 0) controller!.abort(ABORT_REASON);
    const abortAction =
      abortAt !== null && abortAt >= 0
        ? testScheduler.schedule(() => controller!.abort(ABORT_REASON), abortAt)
        : null;
    const listenersLeft = (moment: string): void => {
      const left = controller === null ? 0 : getEventListeners(controller.signal, 'abort').length;
      if (left !== 0) leftovers.push(`${moment} at ${now()}: ${left} abort listeners left on the signal`);
    };

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
        checkTornDown('error');
        listenersLeft('error');
      }
      override complete(): void {
        if (this.stoppedAlready('complete')) return;
        notifications.push({ frame: now(), kind: 'C' });
        checkTornDown('completion');
        listenersLeft('completion');
      }
      /** rxjs would drop a notification to a closed subscriber: the operator should not send it. */
      private stoppedAlready(kind: string): boolean {
        if (this.closed) leftovers.push(`${kind} after the consumer unsubscribed, at ${now()}`);
        return this.closed;
      }
    }
    subscription = source
      .pipe(operatorFor(flavour, scenario, controller?.signal ?? null))
      .subscribe(new Consumer());
    testScheduler.flush();
    listenersLeft('the end');
    const left = testScheduler.actions.filter((action) => !settlements.has(action)).length;
    if (left !== 0) leftovers.push(`${left} actions left after flush`);
    return { notifications, teardownErrors, inputSubscriptions, sourceSubscriptions, leftovers };
  });
}
