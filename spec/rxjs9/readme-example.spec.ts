import { rxTest } from '@rxjs/test';
import { pipe } from 'rxjs/pipe';
import { asCompletedSettled } from 'rxjs-as-completed/rxjs9';

describe('asCompletedSettled under rxjs 9', () => {
  it('gives a record per request in completion order, and a timeout record for the late one', async () => {
    await rxTest(({ cold, expectObservable, expectSubscriptions }) => {
      const slow = cold('---s|');
      const fast = cold('-f|');
      const late = cold('----------l|');
      const requests = Observable.from([slow, fast, late]);

      expectObservable(requests[pipe](asCompletedSettled(6))).toBe('--f-s-(t|)', {
        f: { index: 1, status: 'fulfilled', value: 'f' },
        s: { index: 0, status: 'fulfilled', value: 's' },
        t: { index: 2, status: 'timeout' },
      });
      expectSubscriptions(late.subscriptions).toBe('^-----!');
    });
  });
});
