import { asyncScheduler, type SchedulerAction, type SchedulerLike, type Subscription } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { AsCompletedTimeoutError } from '../../src';

/** A TestScheduler whose assertions are Jest's deep equality. */
export function createTestScheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
}

/**
 * `asyncScheduler` (virtual inside `TestScheduler.run`) that records every action scheduled through
 * it, so a spec can count timers and check that none outlives the subscription.
 */
export class TrackingScheduler implements SchedulerLike {
  readonly actions: Subscription[] = [];

  now(): number {
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
