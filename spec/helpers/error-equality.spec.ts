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

  it('makes a marble error of the wrong class fail the TestScheduler assertion', () => {
    const run = (expected: Error): void =>
      createTestScheduler().run(({ cold, expectObservable }) => {
        expectObservable(cold('-#', undefined, new TypeError('x'))).toBe('-#', undefined, expected);
      });

    expect(() => run(new TypeError('x'))).not.toThrow();
    expect(() => run(new RangeError('x'))).toThrow(/RangeError/);
  });
});
