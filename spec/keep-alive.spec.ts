import { share, shareReplay, type Observable } from 'rxjs';
import { forkAsCompleted } from '../src';
import { createTestScheduler, timeoutError } from './helpers/test-scheduler';

/*
 * The deadline unsubscribes every pending input. What keeps an input's work running past it, so that
 * a later subscriber gets the result without starting the work again: a share that does not reset
 * when its subscriber count drops to zero, and replays what it got.
 */
describe('forkAsCompleted with an input kept alive past the deadline', () => {
  let testScheduler: ReturnType<typeof createTestScheduler>;

  beforeEach(() => {
    testScheduler = createTestScheduler();
  });

  it('tears a share() input down at the deadline, so the next subscriber starts the work again', () => {
    testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const work = cold('  --------a|');
      const slow = work.pipe(share());
      // prettier-ignore
      {
        const later   = '  ------^    ';
        const result  = '  -----#     ';
        const replay  = '  --------------a|';
        const subs    = [' ^----!     ',
                         ' ------^--------!'];
        expectObservable(forkAsCompleted([slow], 5)).toBe(result, undefined, timeoutError({ pending: [0] }));
        expectObservable(slow, later).toBe(replay);
        expectSubscriptions(work.subscriptions).toBe(subs);
      }
    });
  });

  it('keeps a shareReplay(1) input running past the deadline and hands its result to a later subscriber', () => {
    testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const work = cold('  --------a|');
      const slow = work.pipe(shareReplay(1));
      // prettier-ignore
      {
        const during  = '  ------^    ';
        const after   = '  ------------^';
        const result  = '  -----#     ';
        const late    = '  --------a| ';
        const replay  = '  ------------(a|)';
        const subs    = '  ^--------! ';
        expectObservable(forkAsCompleted([slow], 5)).toBe(result, undefined, timeoutError({ pending: [0] }));
        expectObservable(slow, during).toBe(late);
        expectObservable(slow, after).toBe(replay);
        expectSubscriptions(work.subscriptions).toBe(subs);
      }
    });
  });

  it('keeps a share({ resetOnRefCountZero: false }) input running past the deadline, for subscribers that come before it ends', () => {
    testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const work = cold('  --------a|');
      const slow = work.pipe(share({ resetOnRefCountZero: false }));
      // prettier-ignore
      {
        const during  = '  ------^    ';
        const after   = '  ------------^';
        const result  = '  -----#     ';
        const late    = '  --------a| ';
        const again   = '  --------------------a|';
        const subs    = [' ^--------! ',
                         ' ------------^--------!'];
        expectObservable(forkAsCompleted([slow], 5)).toBe(result, undefined, timeoutError({ pending: [0] }));
        expectObservable(slow, during).toBe(late);
        // Once it has completed, the share resets (resetOnComplete): a subscriber after the end runs the work again.
        expectObservable(slow, after).toBe(again);
        expectSubscriptions(work.subscriptions).toBe(subs);
      }
    });
  });

  it('keeps a share() input running while another subscriber holds it', () => {
    testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const work = cold('  --------a|');
      const slow: Observable<string> = work.pipe(share());
      // prettier-ignore
      {
        const holder  = '  ^          ';
        const result  = '  -----#     ';
        const held    = '  --------a| ';
        const subs    = '  ^--------! ';
        expectObservable(slow, holder).toBe(held);
        expectObservable(forkAsCompleted([slow], 5)).toBe(result, undefined, timeoutError({ pending: [0] }));
        expectSubscriptions(work.subscriptions).toBe(subs);
      }
    });
  });
});
