import { from, NEVER, of, throwError, type Observable } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { asCompleted, asCompletedSettled, AsCompletedTimeoutError } from '../../src';
import { boundActions } from '../helpers/test-scheduler';
import { describeConformance } from './conformance';
import { recording, scenarioInputs, startOf, type Notification } from './scenario';

/** rxjs 7/8: each scenario in TestScheduler.run virtual time; the source is `from(inputs)`, subscribed at the start frame. */
describeConformance({
  AsCompletedTimeoutError,
  replay(scenario, flavour, timeout) {
    const scheduler = boundActions(new TestScheduler(() => undefined));
    const notifications: Notification[] = [];
    scheduler.run(({ cold }) => {
      const inputs = scenarioInputs<Observable<string>>(scenario, {
        cold,
        synchronous: (value) => of(value),
        failing: (error) => throwError(() => error),
        never: () => NEVER,
      });
      const operator = flavour === 'asCompleted' ? asCompleted(timeout) : asCompletedSettled(timeout);
      const output: Observable<unknown> = from(inputs).pipe(operator);
      scheduler.schedule(() => {
        output.subscribe(recording(notifications, () => scheduler.now()));
      }, startOf(scenario));
    });
    return notifications;
  },
});
