import { EmptyError } from 'rxjs';
import { createTestScheduler } from './test-scheduler';

describe('error equality in the specs', () => {
  it('tells errors of different classes apart, also when their messages are the same', () => {
    expect(new TypeError('x')).not.toEqual(new RangeError('x'));
    expect({ error: new TypeError('x') }).not.toEqual({ error: new RangeError('x') });
    expect(new EmptyError()).not.toEqual(new Error(new EmptyError().message));
  });

  it('still compares the messages of errors of the same class', () => {
    expect(new TypeError('x')).toEqual(new TypeError('x'));
    expect(new TypeError('x')).not.toEqual(new TypeError('y'));
  });

  it('compares DOMExceptions, such as abort reasons, by name and message', () => {
    const aborted = new AbortController();
    aborted.abort();
    expect(aborted.signal.reason).toEqual(new DOMException('This operation was aborted', 'AbortError'));
    expect(new DOMException('x', 'AbortError')).toEqual(new DOMException('x', 'AbortError'));
    expect(new DOMException('x', 'AbortError')).not.toEqual(new DOMException('y', 'AbortError'));
    expect(new DOMException('x', 'AbortError')).not.toEqual(new DOMException('x', 'TimeoutError'));
    expect({ reason: new DOMException('x') }).not.toEqual({ reason: new Error('x') });
  });

  it('makes a marble error of the wrong class fail the TestScheduler assertion', () => {
    const run = (expected: Error): void =>
      createTestScheduler().run(({ cold, expectObservable }) => {
        expectObservable(cold('-#', undefined, new TypeError('x'))).toBe('-#', undefined, expected);
      });

    expect(() => run(new TypeError('x'))).not.toThrow();
    expect(() => run(new RangeError('x'))).toThrow(/RangeError/);
  });
});
