/**
 * Starts a stopwatch for a relative deadline on the clock that `now` reads.
 *
 * When that clock is the platform's real wall clock, a step of it (NTP, a suspended laptop) is no
 * elapsed time, so the stopwatch reads the monotonic `performance.now()` instead. That takes three
 * facts, each a matter of identity, not of timing: `Date.now` and `performance.now` are the platform's
 * own functions (a native `Date.now`, the `now` of the platform's `Performance`), and `now` reads
 * `Date.now` (it returned the same millisecond, or the next, as the read just after it). Every fake
 * clock (zone.js `fakeAsync`, Jest, Vitest and sinon fake timers) replaces `Date.now` to fake the wall
 * clock, so under any of them, and under a virtual-time scheduler, the deadline follows `now` exactly:
 * where the fake clock says, whatever real time passes meanwhile, and whether or not `performance` is
 * faked too.
 */
export function stopwatch(now: () => number): () => number {
  const origin = now();
  const lag = Date.now() - origin;
  if (
    lag >= 0 &&
    lag <= 1 &&
    // The platform's `Date.now`, which a fake clock, replacing it with a function of its own, cannot make.
    /\[native code\]/.test(Function.prototype.toString.call(Date.now)) &&
    // The platform's `performance.now`: Node writes it in JavaScript, so its source does not tell it
    // from a fake as `Date.now`'s does; every fake clock replaces the global `performance`, or its `now`.
    performance.now ===
      (globalThis as { Performance?: { prototype: { now?: unknown } } }).Performance?.prototype.now
  ) {
    const monotonicOrigin = performance.now();
    return () => performance.now() - monotonicOrigin;
  }
  return () => now() - origin;
}
