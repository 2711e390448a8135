import {
  concat,
  EmptyError,
  Observable,
  of,
  throwError,
  type ObservableInput,
  type OperatorFunction,
  type Subscriber,
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
  return testScheduler.run(() => {
    const now = (): number => testScheduler.now();
    const errorDescriptions = new Map<unknown, ErrorDescription>([[ABORT_REASON, { type: 'abort' }]]);
    const leftovers: string[] = [];
    const inputSubscriptions: SubscriptionSpan[][] = scenario.inputs.map(() => []);
    const sourceSubscriptions: SubscriptionSpan[] = [];
    const isOpen = (span: SubscriptionSpan): boolean => span.unsubscribed === Infinity;

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
        return logged<number>(inputSubscriptions[index], (subscriber) => inner.subscribe(subscriber));
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
      });
    };

    const inputs = scenario.inputs.map(buildInput);
    const { source: script } = scenario;
    const source = logged<ObservableInput<number>>(sourceSubscriptions, (subscriber) => {
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
    });

    const notifications: Notification[] = [];
    let subscription: Subscription | undefined = undefined;
    const checkTornDown = (moment: string): void => {
      const openInputs = inputSubscriptions.flat().filter(isOpen).length;
      const sourceOpen = sourceSubscriptions.some(isOpen);
      const queued = testScheduler.actions.filter(
        (action) => action !== finalUnsubscription && action !== abortAction,
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
        subscription.unsubscribe();
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

    subscription = source.pipe(operatorFor(flavour, scenario, controller?.signal ?? null)).subscribe({
      next: (value) => notifications.push({ frame: now(), kind: 'N', value: describeValue(value) }),
      error: (error: unknown) => {
        notifications.push({ frame: now(), kind: 'E', error: describeError(error) });
        checkTornDown('error');
        listenersLeft('error');
      },
      complete: () => {
        notifications.push({ frame: now(), kind: 'C' });
        checkTornDown('completion');
        listenersLeft('completion');
      },
    });
    testScheduler.flush();
    listenersLeft('the end');
    if (testScheduler.actions.length !== 0)
      leftovers.push(`${testScheduler.actions.length} actions left after flush`);
    return { notifications, inputSubscriptions, sourceSubscriptions, leftovers };
  });
}
