import { isObservable, type Observable } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import type { Scope } from './expression';
import type { DiagramDriver } from './run';

/**
 * rxjs 7/8: a diagram in `TestScheduler.run` virtual time. `createScheduler` lets a caller bound or
 * instrument the scheduler; the frame bound stops the flush at that frame, whatever is still scheduled.
 */
export function rxjs7Driver(
  entry: Scope,
  createScheduler = (assertDeepEqual: (actual: unknown, expected: unknown) => void): TestScheduler =>
    new TestScheduler(assertDeepEqual),
): DiagramDriver<Observable<unknown>> {
  return {
    entry,
    run(assertDeepEqual, body, frameBound) {
      const scheduler = createScheduler(assertDeepEqual);
      scheduler.run(({ cold, expectObservable }) => {
        // run() sets maxFrames to Infinity before calling back, and restores it after the flush.
        if (frameBound !== undefined) scheduler.maxFrames = frameBound;
        body({
          cold,
          parse: (marbles, values) => TestScheduler.parseMarbles(marbles, values, undefined, false, true),
          isObservable: (value): value is Observable<unknown> => isObservable(value),
          expectObservable,
        });
      });
      return scheduler.actions.length > 0 && frameBound !== undefined ? { stoppedAt: frameBound } : {};
    },
  };
}
