import { rxTest } from '@rxjs/test';
import { pipe } from 'rxjs/pipe';
import { asCompleted, asCompletedSettled, AsCompletedTimeoutError } from 'rxjs-as-completed/rxjs9';
import { describeConformance } from '../asyncio/conformance';
import { recording, scenarioInputs, startOf, type Notification } from '../asyncio/scenario';

/**
 * rxjs 9: each scenario in rxTest virtual time, against the built entry (dist/esm/rxjs9); the
 * source is `Observable.from(inputs)`, subscribed at the start frame. Inputs drawn with marbles are
 * rxTest's cold Observables, one producer per subscription, as rxjs 7's cold ones.
 */
describeConformance({
  AsCompletedTimeoutError,
  async replay(scenario, flavour, timeout) {
    const notifications: Notification[] = [];
    await rxTest(({ cold, schedule, now }) => {
      const inputs = scenarioInputs<Observable<string>>(scenario, {
        cold: (marbles, values, error) => cold<string>(marbles, values, error),
        synchronous: (value) => Observable.from([value]),
        failing: (error) => new Observable<string>((subscriber) => subscriber.error(error)),
        never: () => new Observable<string>(() => undefined),
      });
      const operator = flavour === 'asCompleted' ? asCompleted(timeout) : asCompletedSettled(timeout);
      const output: Observable<unknown> = Observable.from(inputs)[pipe](operator);
      schedule(() => {
        output.subscribe(recording(notifications, now));
      }, startOf(scenario));
    });
    return notifications;
  },
});
