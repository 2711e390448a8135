// zone.js patches this file's globals (Promise, timers, and Date inside fakeAsync), as Angular's test
// setup does; Jest gives each spec file globals of its own, so the other specs never see it.
import 'zone.js';
import 'zone.js/testing';
import { underClock } from './helpers/fake-clocks';

/** zone.js's fakeAsync and tick, which Angular's `fakeAsync` and `tick` from @angular/core/testing call. */
interface FakeAsyncTest {
  readonly fakeAsync: (body: () => void) => () => void;
  readonly tick: (ms: number) => void;
}

const zone = (
  globalThis as unknown as { Zone: Record<string, unknown> & { __symbol__(name: string): string } }
).Zone;
const { fakeAsync, tick } = zone[zone.__symbol__('fakeAsyncTest')] as FakeAsyncTest;

describe('deadlines under fake clocks', () => {
  underClock(
    "zone.js's fakeAsync, as Angular's fakeAsync runs it: Date and timers faked, performance real",
    { install: () => undefined, advance: (ms) => tick(ms), uninstall: () => undefined },
    fakeAsync,
  );

  it('runs in a fake clock there: Date stands still while real time passes', () => {
    fakeAsync(() => {
      const start = Date.now();
      const realStart = performance.now();
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
      expect(Date.now() - start).toBe(0);
      expect(performance.now() - realStart).toBeGreaterThanOrEqual(49);
    })();
  });
});
