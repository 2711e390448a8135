import { from, map, timer, type ObservableInput, type OperatorFunction } from 'rxjs';
import { asCompleted, asCompletedSettled, type AsCompletedConfig } from '../src';
import { createTestScheduler, TrackingScheduler } from './helpers/test-scheduler';

type Flavour = (config: AsCompletedConfig) => OperatorFunction<ObservableInput<number>, unknown>;

const flavours: [string, Flavour][] = [
  ['asCompleted', (config) => asCompleted(config)],
  ['asCompletedSettled', (config) => asCompletedSettled(config)],
];

/** N inputs completing at scattered frames; they run on the test scheduler itself, not on the one counted. */
function scatteredInputs(n: number): ObservableInput<number>[] {
  return Array.from({ length: n }, (_, i) => timer((i * 7919) % 50).pipe(map(() => i)));
}

describe('timers', () => {
  let testScheduler: ReturnType<typeof createTestScheduler>;

  beforeEach(() => {
    testScheduler = createTestScheduler();
  });

  describe.each(flavours)('%s', (_name, flavour) => {
    it.each([1, 100, 2000])(
      'schedules exactly one timer for N = %i inputs, and cancels it on completion',
      (n) => {
        testScheduler.run(() => {
          const scheduler = new TrackingScheduler();
          let results = 0;
          from(scatteredInputs(n))
            .pipe(flavour({ timeout: 1000, scheduler }))
            .subscribe(() => results++);
          testScheduler.flush();
          expect(results).toBe(n);
          expect(scheduler.actions).toHaveLength(1);
          expect(scheduler.open).toBe(0);
        });
      },
    );

    it('schedules one timer when most inputs wait in the `concurrent` queue', () => {
      testScheduler.run(() => {
        const scheduler = new TrackingScheduler();
        let results = 0;
        from(scatteredInputs(1000))
          .pipe(flavour({ timeout: 100_000, scheduler, concurrent: 10 }))
          .subscribe(() => results++);
        testScheduler.flush();
        expect(results).toBe(1000);
        expect(scheduler.actions).toHaveLength(1);
        expect(scheduler.open).toBe(0);
      });
    });

    it('schedules no timer and reads the clock once without a deadline, whatever the number of inputs', () => {
      testScheduler.run(() => {
        const scheduler = new TrackingScheduler();
        let results = 0;
        from(scatteredInputs(2000))
          .pipe(flavour({ scheduler }))
          .subscribe(() => results++);
        testScheduler.flush();
        expect(results).toBe(2000);
        expect(scheduler.actions).toHaveLength(0);
        // At subscription only: no result checks a deadline that cannot pass.
        expect(scheduler.clockReads).toBe(1);
      });
    });
  });
});
