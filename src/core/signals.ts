/** The runs that listen to one signal, behind the one listener they share. */
interface Listeners {
  readonly callbacks: Set<() => void>;
  readonly dispatch: () => void;
}

const bySignal = new WeakMap<AbortSignal, Listeners>();

/**
 * Calls `callback` when `signal` aborts, until the returned function is called. However many runs
 * share a signal (a route's signal passed to every request of a page), the signal gets one listener:
 * an `EventTarget` warns of a leak past ten, where nothing leaks. Each callback is called in the order
 * it was added, as listeners are; one that throws does not keep the others from being called, and
 * what it threw is thrown from a microtask, which reaches where the signal reports a listener's error.
 */
export function whenAborted(signal: AbortSignal, callback: () => void): () => void {
  let listeners = bySignal.get(signal);
  if (listeners === undefined) {
    const callbacks = new Set<() => void>();
    const dispatch = (): void => {
      bySignal.delete(signal);
      signal.removeEventListener('abort', dispatch);
      for (const call of callbacks) {
        try {
          call();
        } catch (error) {
          queueMicrotask(() => {
            throw error;
          });
        }
      }
    };
    listeners = { callbacks, dispatch };
    bySignal.set(signal, listeners);
    signal.addEventListener('abort', dispatch);
  }
  const { callbacks, dispatch } = listeners;
  callbacks.add(callback);
  return () => {
    if (callbacks.delete(callback) && callbacks.size === 0 && bySignal.get(signal) === listeners) {
      bySignal.delete(signal);
      signal.removeEventListener('abort', dispatch);
    }
  };
}
