import * as FakeTimers from '@sinonjs/fake-timers';
import { spendRealTime, underClock } from './helpers/fake-clocks';

describe('deadlines under fake clocks', () => {
  underClock("Jest's fake timers, Date faked and performance real", {
    install: () => jest.useFakeTimers({ doNotFake: ['performance'] }),
    advance: (ms) => jest.advanceTimersByTime(ms),
    uninstall: () => jest.useRealTimers(),
  });

  underClock("Jest's fake timers, Date and performance faked", {
    install: () => jest.useFakeTimers(),
    advance: (ms) => jest.advanceTimersByTime(ms),
    uninstall: () => jest.useRealTimers(),
  });

  let sinon: FakeTimers.Clock | null = null;
  underClock("sinon's fake timers, Date and timers faked, performance real", {
    install: () =>
      (sinon = FakeTimers.install({
        toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
      })),
    advance: (ms) => sinon!.tick(ms),
    uninstall: () => sinon!.uninstall(),
  });

  it('checks what it claims: with performance real, 150 ms of it pass while the fake clock stands still', () => {
    jest.useFakeTimers({ doNotFake: ['performance'] });
    try {
      const fakeStart = Date.now();
      const realStart = performance.now();
      spendRealTime(150);
      expect(Date.now() - fakeStart).toBe(0);
      expect(performance.now() - realStart).toBeGreaterThanOrEqual(149);
    } finally {
      jest.useRealTimers();
    }
  });
});
