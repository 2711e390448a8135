import { whenAborted } from '../src/core/signals';

/** A signal that keeps its listeners, and calls them as an EventTarget does when `abort()` is called. */
function fakeSignal(): {
  signal: AbortSignal;
  listeners: Set<EventListenerOrEventListenerObject>;
  abort: () => void;
} {
  const listeners = new Set<EventListenerOrEventListenerObject>();
  const signal = {
    addEventListener: (_type: string, listener: EventListenerOrEventListenerObject) =>
      listeners.add(listener),
    removeEventListener: (_type: string, listener: EventListenerOrEventListenerObject) =>
      listeners.delete(listener),
  } as unknown as AbortSignal;
  const abort = (): void => {
    const event = new Event('abort');
    for (const listener of [...listeners]) {
      if (typeof listener === 'function') listener(event);
      else listener.handleEvent(event);
    }
  };
  return { signal, listeners, abort };
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

  it('calls each callback in the order it was added, not those stopped, and starts afresh once all stopped', () => {
    const { signal, listeners, abort } = fakeSignal();
    const called: string[] = [];
    // Each stops listening when it is called, as a run does when it ends.
    const stopA = whenAborted(signal, () => (called.push('a'), stopA()));
    const stopB = whenAborted(signal, () => (called.push('b'), stopB()));
    // One that stops a later one, as a run that unsubscribes another run on the same signal.
    const stopC = whenAborted(signal, () => (called.push('c'), stopC(), stopD()));
    const stopD = whenAborted(signal, () => (called.push('d'), stopD()));
    stopB();
    abort();
    expect(called).toEqual(['a', 'c']);
    expect(listeners.size).toBe(0);

    whenAborted(signal, () => called.push('e'));
    expect(listeners.size).toBe(1);
  });

  it('calls every callback although some throw, and throws what each threw from a microtask of its own', () => {
    const { signal, abort } = fakeSignal();
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
      expect(abort).not.toThrow();
    } finally {
      queue.mockRestore();
    }
    expect(called).toEqual(['a', 'b', 'c']);
    expect(queued).toHaveLength(2);
    expect(queued[0]).toThrow(first);
    expect(queued[1]).toThrow(second);
  });
});
