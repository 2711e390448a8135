import { Subscriber } from 'rxjs';

/**
 * A subscriber whose `next` records the value, then throws `failure`; its `error` records the error and
 * its `complete` records `'complete'`. A Subscriber is used as it is, so what its `next` throws reaches
 * the operator (rxjs reports what a plain observer's `next` throws instead).
 */
export function throwingSubscriber(failure: Error): { subscriber: Subscriber<unknown>; received: unknown[] } {
  const received: unknown[] = [];
  class Throwing extends Subscriber<unknown> {
    override next(value: unknown): void {
      received.push(value);
      throw failure;
    }
    override error(error: unknown): void {
      received.push(error);
    }
    override complete(): void {
      received.push('complete');
    }
  }
  return { subscriber: new Throwing(), received };
}
