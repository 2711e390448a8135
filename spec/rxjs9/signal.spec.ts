import { getEventListeners } from 'node:events';
import { pipe } from 'rxjs/pipe';
import { asCompleted, forkAsCompleted, forkAsCompletedSettled } from 'rxjs-as-completed/rxjs9';
import { marbleTest } from './helpers/marble-test';

describe('the signal option (rxjs 9)', () => {
  it('errors asCompleted with the signal’s reason when it aborts, and tears down the inputs', async () => {
    await marbleTest(({ cold, expectObservable, expectSubscriptions }) => {
      const controller = new AbortController();
      setTimeout(() => controller.abort('route changed'), 5);
      // prettier-ignore
      const a = cold('    --1|     ');
      const b = cold('      -------2|');
      const source = cold('a-b|', { a, b });
      const expected = '   ---1-#';
      expectObservable(source[pipe](asCompleted({ signal: controller.signal }))).toBe(
        expected,
        undefined,
        'route changed',
      );
      expectSubscriptions(b.subscriptions).toBe('--^--!');
    });
  });

  it('emits an aborted record for each pending input with the reason, then completes', async () => {
    await marbleTest(({ cold, expectObservable }) => {
      const controller = new AbortController();
      setTimeout(() => controller.abort('cancel'), 4);
      const user = cold('--u|');
      const feed = cold('------f|');
      expectObservable(forkAsCompletedSettled({ user, feed }, { signal: controller.signal })).toBe(
        '---U(F|)',
        {
          U: { index: 0, key: 'user', status: 'fulfilled', value: 'u' },
          F: { index: 1, key: 'feed', status: 'aborted', reason: 'cancel' },
        },
      );
    });
  });

  it('ends the run at subscription under a signal aborted before', async () => {
    await marbleTest(({ cold, expectObservable }) => {
      const controller = new AbortController();
      controller.abort('gone');
      expectObservable(forkAsCompleted([cold('--1|')], { signal: controller.signal })).toBe(
        '#',
        undefined,
        'gone',
      );
    });
  });

  it('leaves no listener on the signal once the runs are over', () => {
    const controller = new AbortController();
    for (let run = 0; run < 10_000; run++) {
      const subscription = new AbortController();
      forkAsCompleted([[run]], { signal: controller.signal }).subscribe({}, { signal: subscription.signal });
      if (run % 2 === 1)
        forkAsCompleted([new Promise(() => {})], { signal: controller.signal }).subscribe(
          {},
          { signal: subscription.signal },
        );
      subscription.abort();
    }
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });
});
