import {
  asyncScheduler,
  type SchedulerAction,
  type SchedulerLike,
  type Subscription,
  type VirtualTimeScheduler,
} from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { AsCompletedTimeoutError } from '../../src';

/** Far more actions than any spec schedules on one scheduler (the largest run a few thousand). */
export const MAX_ACTIONS = 100_000;

/**
 * Makes a virtual-time scheduler throw once it has executed `limit` actions. Inside
 * `TestScheduler.run` the frame limit is infinite, so a timer that re-arms itself forever would
 * otherwise spin the flush, and the whole test run, at full CPU instead of failing the spec.
 */
export function boundActions<S extends VirtualTimeScheduler>(scheduler: S, limit = MAX_ACTIONS): S {
  const { actions } = scheduler;
  const shift = actions.shift.bind(actions);
  let executed = 0;
  // The flush takes each action off the front of the queue before executing it. Not enumerable, so
  // that the queue still equals a plain array.
  Object.defineProperty(actions, 'shift', {
    value: () => {
      if (++executed > limit) {
        throw new Error(
          `the scheduler executed more than ${limit} actions: something re-arms itself forever`,
        );
      }
      return shift();
    },
  });
  return scheduler;
}

/** A TestScheduler whose assertions are Jest's deep equality, bounded by {@link boundActions}. */
export function createTestScheduler(): TestScheduler {
  return boundActions(new TestScheduler((actual, expected) => expect(actual).toEqual(expected)));
}

/**
 * `asyncScheduler` (virtual inside `TestScheduler.run`) that records every action scheduled through
 * it, so a spec can count timers and check that none outlives the subscription.
 */
export class TrackingScheduler implements SchedulerLike {
  readonly actions: Subscription[] = [];
  /** How many times `now()` was read. */
  clockReads = 0;

  now(): number {
    this.clockReads++;
    return asyncScheduler.now();
  }

  schedule<T>(work: (this: SchedulerAction<T>, state?: T) => void, delay?: number, state?: T): Subscription {
    const action = asyncScheduler.schedule(work, delay, state);
    this.actions.push(action);
    return action;
  }

  get open(): number {
    return this.actions.filter((action) => !action.closed).length;
  }
}

/** Matches an {@link AsCompletedTimeoutError} with the given fields. */
export function timeoutError(
  fields: Partial<Pick<AsCompletedTimeoutError, 'pending' | 'emitted' | 'deadline' | 'timeout'>>,
): unknown {
  return expect.objectContaining({ name: 'TimeoutError', constructor: AsCompletedTimeoutError, ...fields });
}
