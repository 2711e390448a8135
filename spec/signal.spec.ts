import { execFileSync } from 'node:child_process';
import { getEventListeners } from 'node:events';
import { join } from 'node:path';
import { NEVER, of, Subject, type Observable } from 'rxjs';
import type { TestScheduler } from 'rxjs/testing';
import { asCompleted, asCompletedSettled, forkAsCompleted, forkAsCompletedSettled } from '../src';
import { createTestScheduler } from './helpers/test-scheduler';

/** Aborts `controller` with `reason` at `frame` of the test scheduler's virtual time. */
function abortAt(
  scheduler: TestScheduler,
  controller: AbortController,
  frame: number,
  reason: unknown,
): void {
  scheduler.schedule(() => controller.abort(reason), frame);
}

describe('the signal option', () => {
  let testScheduler: TestScheduler;

  beforeEach(() => {
    testScheduler = createTestScheduler();
  });

  it('errors asCompleted with the signal’s reason and tears down every input and the source', () => {
    testScheduler.run(({ cold, hot, expectObservable, expectSubscriptions }) => {
      const controller = new AbortController();
      abortAt(testScheduler, controller, 6, 'route changed');
      // prettier-ignore
      const a = cold( '---1|');
      // prettier-ignore
      const b = cold(    '-------2|');
      const source = hot('a--b----c|', { a, b, c: cold('1|') });
      const expected = '  ----1-#';

      expectObservable(source.pipe(asCompleted({ signal: controller.signal }))).toBe(
        expected,
        undefined,
        'route changed',
      );
      expectSubscriptions(b.subscriptions).toBe('---^--!');
      expectSubscriptions(source.subscriptions).toBe('^-----!');
    });
  });

  it('emits an aborted record for each pending input, in index order, with the reason, then completes', () => {
    testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const controller = new AbortController();
      const reason = new Error('cancelled by the user');
      abortAt(testScheduler, controller, 4, reason);
      const user = cold('--u|');
      const feed = cold('------f|');
      const ads = cold('--------a|');

      expectObservable(forkAsCompletedSettled({ user, feed, ads }, { signal: controller.signal })).toBe(
        '---U(FA|)',
        {
          U: { index: 0, key: 'user', status: 'fulfilled', value: 'u' },
          F: { index: 1, key: 'feed', status: 'aborted', reason },
          A: { index: 2, key: 'ads', status: 'aborted', reason },
        },
      );
      expectSubscriptions(feed.subscriptions).toBe('^---!');
    });
  });

  it('counts a pending Promise among the aborted, without a deadline too', async () => {
    const controller = new AbortController();
    const records: unknown[] = [];
    forkAsCompletedSettled([new Promise<never>(() => undefined), Promise.resolve('done')], {
      signal: controller.signal,
    }).subscribe((record) => records.push(record));
    await Promise.resolve();
    controller.abort('stop');
    expect(records).toEqual([
      { index: 1, status: 'fulfilled', value: 'done' },
      { index: 0, status: 'aborted', reason: 'stop' },
    ]);
  });

  it('counts queued inputs among the aborted, and never starts them', () => {
    testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const controller = new AbortController();
      abortAt(testScheduler, controller, 3, 'stop');
      const a = cold('-----1|');
      const b = cold('--2|');

      expectObservable(of(a, b).pipe(asCompletedSettled({ signal: controller.signal, concurrent: 1 }))).toBe(
        '---(AB|)',
        {
          A: { index: 0, status: 'aborted', reason: 'stop' },
          B: { index: 1, status: 'aborted', reason: 'stop' },
        },
      );
      expectSubscriptions(b.subscriptions).toBe([]);
    });
  });

  it('aborts factory signals with the signal’s own reason, not a TimeoutError', () => {
    testScheduler.run(({ expectObservable, flush }) => {
      const controller = new AbortController();
      const reason = new DOMException('the user left', 'AbortError');
      abortAt(testScheduler, controller, 2, reason);
      const signals: AbortSignal[] = [];
      const input = (signal: AbortSignal) => {
        signals.push(signal);
        return NEVER;
      };

      expectObservable(forkAsCompleted([input, input], { signal: controller.signal })).toBe(
        '--#',
        undefined,
        reason,
      );
      flush();
      expect(signals.map((signal) => signal.reason as unknown)).toEqual([reason, reason]);
    });
  });

  it('ends the run at subscription when the signal was aborted before, after what is synchronous, as a past deadline does', () => {
    testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const controller = new AbortController();
      controller.abort('gone');
      const slow = cold('--1|');

      expectObservable(forkAsCompletedSettled([of(0), slow], { signal: controller.signal })).toBe('(AB|)', {
        A: { index: 0, status: 'fulfilled', value: 0 },
        B: { index: 1, status: 'aborted', reason: 'gone' },
      });
      expectObservable(forkAsCompleted([slow], { signal: controller.signal })).toBe('#', undefined, 'gone');
      expectSubscriptions(slow.subscriptions).toBe(['(^!)', '(^!)']);
    });
  });

  it('takes the deadline first when it comes first, and the signal then does nothing', () => {
    testScheduler.run(({ cold, expectObservable }) => {
      const controller = new AbortController();
      abortAt(testScheduler, controller, 5, 'late');

      expectObservable(
        forkAsCompletedSettled([cold('-------1|')], { timeout: 3, signal: controller.signal }),
      ).toBe('---(T|)', { T: { index: 0, status: 'timeout' } });
    });
  });

  it('stops the run from inside a delivery, when the subscriber aborts the signal', () => {
    const controller = new AbortController();
    const inputs = new Subject<Observable<number>>();
    const seen: unknown[] = [];
    inputs.pipe(asCompletedSettled({ signal: controller.signal })).subscribe({
      next(record) {
        seen.push(record);
        controller.abort('enough');
      },
      complete: () => seen.push('complete'),
    });
    inputs.next(of(1));
    inputs.next(NEVER);
    inputs.next(of(2));
    expect(seen).toEqual([
      { index: 0, status: 'fulfilled', value: 1 },
      // NEVER arrived after the abort: the run was over.
      'complete',
    ]);
  });

  it('leaves no listener on a long-lived signal: 10,000 runs that complete, fail, time out or are unsubscribed', async () => {
    const controller = new AbortController();
    const { signal } = controller;
    const fail = (): void => {};
    for (let run = 0; run < 10_000; run++) {
      const kind = run % 4;
      if (kind === 0) forkAsCompleted([of(run)], { signal }).subscribe();
      else if (kind === 1)
        forkAsCompleted([Promise.reject(new Error('no'))], { signal }).subscribe({ error: fail });
      else if (kind === 2) forkAsCompletedSettled([NEVER], { signal, timeout: 0 }).subscribe();
      else forkAsCompleted([NEVER], { signal }).subscribe().unsubscribe();
    }
    // The runs waiting for their Promise share the one listener while they run, and only they listen.
    expect(getEventListeners(signal, 'abort')).toHaveLength(1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(getEventListeners(signal, 'abort')).toHaveLength(0);
  });

  it('adds one listener to a signal that 1,000 running runs share, and aborts each in subscription order', () => {
    const controller = new AbortController();
    const { signal } = controller;
    const aborted: number[] = [];
    for (let run = 0; run < 1000; run++) {
      forkAsCompleted([NEVER], { signal }).subscribe({ error: () => aborted.push(run) });
    }
    expect(getEventListeners(signal, 'abort')).toHaveLength(1);
    controller.abort();
    expect(aborted).toEqual(Array.from({ length: 1000 }, (_, run) => run));
    expect(getEventListeners(signal, 'abort')).toHaveLength(0);
  });

  it('makes Node print no MaxListenersExceededWarning for 1,000 runs on one signal; eleven listeners of its own do (the control)', () => {
    // Node emits its warnings on the process, which Jest's sandbox does not pass on: a process of its own.
    const fixture = join(__dirname, 'fixtures', 'signal-warnings.ts');
    const warnings = (mode: string): string[] =>
      JSON.parse(
        execFileSync(process.execPath, ['--import', 'tsx', fixture, mode], {
          encoding: 'utf8',
          timeout: 30_000,
        }),
      ) as string[];
    expect(warnings('runs')).toEqual([]);
    expect(warnings('control')).toEqual(['MaxListenersExceededWarning']);
  });

  it('throws at call time for a signal that is not an AbortSignal', () => {
    expect(() => asCompleted({ signal: 'stop' as unknown as AbortSignal })).toThrow(
      new TypeError('asCompleted: signal must be an AbortSignal; got a string ("stop")'),
    );
  });
});
