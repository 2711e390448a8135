import { asyncScheduler, type SchedulerAction } from 'rxjs';
import { createTestScheduler } from './test-scheduler';

describe('the bounded TestScheduler of the specs', () => {
  it('fails a run whose timer re-arms itself forever, instead of spinning', () => {
    let executed = 0;
    const run = (): void =>
      createTestScheduler().run(() => {
        asyncScheduler.schedule(function (this: SchedulerAction<void>) {
          executed++;
          this.schedule(undefined, 0);
        });
      });

    expect(run).toThrow(/executed more than 100000 actions/);
    expect(executed).toBe(100_000);
  });

  it('runs a long but finite schedule to its end', () => {
    let executed = 0;
    createTestScheduler().run(() => {
      asyncScheduler.schedule(
        function (this: SchedulerAction<number>, left?: number) {
          executed++;
          if (left! > 1) this.schedule(left! - 1, 1);
        },
        0,
        50_000,
      );
    });

    expect(executed).toBe(50_000);
  });
});
