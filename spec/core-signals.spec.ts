import { whenAborted } from '../src/core/signals';

/** A signal that keeps its listeners where the spec can call them, as an EventTarget would on abort. */
function fakeSignal(): { signal: AbortSignal; listeners: Set<() => void> } {
  const listeners = new Set<() => void>();
  const signal = {
    addEventListener: (_type: string, listener: () => void) => listeners.add(listener),
    removeEventListener: (_type: string, listener: () => void) => listeners.delete(listener),
  };
  return { signal: signal as unknown as AbortSignal, listeners };
}

describe('whenAborted', () => {
  it('adds one listener for every callback on a signal, and removes it with the last', () => {
    const { signal, listeners } = fakeSignal();
    const stops = [1, 2, 3].map(() => whenAborted(signal, () => undefined));
    expect(listeners.size).toBe(1);
    stops[1]();
    stops[1]();
    stops[0]();
    expect(listeners.size).toBe(1);
    stops[2]();
    expect(listeners.size).toBe(0);
  });

  it('calls each callback in the order it was added, not those stopped, and starts afresh after an abort', () => {
    const { signal, listeners } = fakeSignal();
    const called: string[] = [];
    whenAborted(signal, () => called.push('a'));
    const stopB = whenAborted(signal, () => called.push('b'));
    // A callback that stops a later one, as a run that unsubscribes another run on the same signal.
    whenAborted(signal, () => {
      called.push('c');
      stopD();
    });
    const stopD = whenAborted(signal, () => called.push('d'));
    stopB();
    [...listeners].forEach((listener) => listener());
    expect(called).toEqual(['a', 'c']);

    expect(listeners.size).toBe(0);
    whenAborted(signal, () => called.push('e'));
    expect(listeners.size).toBe(1);
  });

  it('calls every callback although some throw, and throws what each threw from a microtask of its own', () => {
    const { signal, listeners } = fakeSignal();
    const first = new Error('first');
    const second = new Error('second');
    const called: string[] = [];
    whenAborted(signal, () => {
      called.push('a');
      throw first;
    });
    whenAborted(signal, () => called.push('b'));
    whenAborted(signal, () => {
      called.push('c');
      throw second;
    });
    const queued: (() => void)[] = [];
    const queue = jest.spyOn(globalThis, 'queueMicrotask').mockImplementation((task) => queued.push(task));
    try {
      const [listener] = listeners;
      expect(listener).not.toThrow();
    } finally {
      queue.mockRestore();
    }
    expect(called).toEqual(['a', 'b', 'c']);
    expect(queued).toHaveLength(2);
    expect(queued[0]).toThrow(first);
    expect(queued[1]).toThrow(second);
  });
});
