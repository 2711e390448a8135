/**
 * The runs that listen to one signal, and the one listener they share: an `EventTarget` calls an
 * object's `handleEvent` as it calls a function. Each run is called in the order it was added, as
 * listeners are; one that throws does not keep the others from being called, and what it threw is
 * thrown from a microtask, which reaches where the signal reports a listener's error.
 */
class Runs extends Set<() => void> implements EventListenerObject {
  handleEvent(): void {
    for (const run of this) {
      try {
        run();
      } catch (error) {
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }
}

const bySignal = new WeakMap<AbortSignal, Runs>();

/**
 * Calls `callback` when `signal` aborts, until the returned function is called. However many runs
 * share a signal (a route's signal passed to every request of a page), the signal gets one listener,
 * removed with the last run: an `EventTarget` warns of a leak past ten, where nothing leaks.
 */
export function whenAborted(signal: AbortSignal, callback: () => void): () => void {
  let runs = bySignal.get(signal);
  if (runs === undefined) {
    bySignal.set(signal, (runs = new Runs()));
    signal.addEventListener('abort', runs);
  }
  const listening = runs;
  listening.add(callback);
  return () => {
    if (listening.delete(callback) && listening.size === 0) {
      bySignal.delete(signal);
      signal.removeEventListener('abort', listening);
    }
  };
}
