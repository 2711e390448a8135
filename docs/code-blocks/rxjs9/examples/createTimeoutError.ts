import { pipe } from 'rxjs/pipe';
import { rxTest } from '@rxjs/test';
import { asCompleted, createTimeoutError } from 'rxjs-as-completed/rxjs9';

await rxTest(({ cold, hot, expectObservable }) => {
  const inputs = hot('a-b-|', { a: cold('-x|'), b: cold('-----y|') });
  const timedOut = createTimeoutError({ caller: 'asCompleted', pending: [1], emitted: 1, timeout: 5 });
  expectObservable(inputs[pipe](asCompleted(5))).toBe('--x--#', { x: 'x' }, timedOut);
});
