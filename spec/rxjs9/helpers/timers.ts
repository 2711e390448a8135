/**
 * Counts the host timers set from now on and neither fired nor cleared yet. Call it inside `rxTest`:
 * it wraps the virtual `setTimeout`/`clearTimeout`, which rxTest restores when the test ends.
 */
export function countTimers(): { readonly active: number; readonly set: number } {
  const active = new Set<unknown>();
  let set = 0;
  const { setTimeout: setTimer, clearTimeout: clearTimer } = globalThis;
  globalThis.setTimeout = ((callback: () => void, delay?: number) => {
    set++;
    const handle = setTimer(() => {
      active.delete(handle);
      callback();
    }, delay);
    active.add(handle);
    return handle;
  }) as typeof setTimeout;
  globalThis.clearTimeout = ((handle: ReturnType<typeof setTimeout>) => {
    active.delete(handle);
    clearTimer(handle);
  }) as typeof clearTimeout;
  return {
    get active() {
      return active.size;
    },
    get set() {
      return set;
    },
  };
}
