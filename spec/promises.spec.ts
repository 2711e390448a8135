import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import {
  config,
  from,
  NEVER,
  of,
  take,
  VirtualTimeScheduler,
  type ObservableInput,
  type OperatorFunction,
} from 'rxjs';
import { asCompleted, asCompletedSettled, AsCompletedTimeoutError, type SettledRecord } from '../src';
import { boundActions } from './helpers/test-scheduler';

/** A Promise settled from outside, when the spec says so. */
function deferred<T>(): {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (reason: unknown) => void;
} {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets pending reactions run and Node decide which rejections went unhandled. */
async function settle(): Promise<void> {
  for (let turn = 0; turn < 3; turn++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/*
 * Jest fails the running spec when Node reports an unhandled rejection, so the specs that await
 * `settle()` below fail if one occurs. The same late rejections also run in a process of their own,
 * where a listener counts unhandled rejections, next to a control that leaves one unhandled.
 */
describe('Promise inputs', () => {
  let unhandledErrors: unknown[];

  beforeEach(() => {
    unhandledErrors = [];
    config.onUnhandledError = (error) => unhandledErrors.push(error);
  });

  afterEach(() => {
    config.onUnhandledError = null;
  });

  describe('in a process of its own, where unhandled rejections are counted', () => {
    const fixture = join(__dirname, 'fixtures', 'late-rejections.ts');
    const run = (...args: string[]): { scenarios: number; unhandled: string[] } =>
      JSON.parse(
        execFileSync(process.execPath, ['--import', 'tsx', fixture, ...args], {
          encoding: 'utf8',
          timeout: 30_000,
        }),
      ) as {
        scenarios: number;
        unhandled: string[];
      };

    it('counts none for inputs that reject after unsubscription, take(1), another failure or the deadline', () => {
      expect(run()).toEqual({ scenarios: 5, unhandled: [] });
    });

    it('counts the one a control leaves unhandled on purpose', () => {
      expect(run('control')).toEqual({ scenarios: 5, unhandled: ['Error: left unhandled on purpose'] });
    });
  });

  describe('a Promise that rejects after teardown', () => {
    it('causes no unhandled rejection when the consumer has unsubscribed', async () => {
      const late = deferred<string>();
      const received: unknown[] = [];
      const subscription = of(late.promise)
        .pipe(asCompleted())
        .subscribe({
          next: (value) => received.push(value),
          error: (error: unknown) => received.push(error),
        });
      subscription.unsubscribe();
      late.reject(new Error('too late'));
      await settle();

      expect(received).toEqual([]);
      expect(unhandledErrors).toEqual([]);
    });

    it('causes no unhandled rejection when take(1) has stopped it after another result', async () => {
      const late = deferred<string>();
      const received: string[] = [];
      from([late.promise, Promise.resolve('first')])
        .pipe(asCompleted(), take(1))
        .subscribe((value) => received.push(value));
      await settle();
      late.reject(new Error('too late'));
      await settle();

      expect(received).toEqual(['first']);
      expect(unhandledErrors).toEqual([]);
    });

    it('causes no unhandled rejection when another input has errored the output first', async () => {
      const late = deferred<string>();
      const first = new Error('first failure');
      const errors: unknown[] = [];
      from([late.promise, Promise.reject(first)])
        .pipe(asCompleted())
        .subscribe({ error: (error: unknown) => errors.push(error) });
      await settle();
      late.reject(new Error('second failure'));
      await settle();

      expect(errors).toEqual([first]);
      expect(unhandledErrors).toEqual([]);
    });

    it.each<[string, typeof asCompleted | typeof asCompletedSettled]>([
      ['asCompleted', asCompleted],
      ['asCompletedSettled', asCompletedSettled],
    ])('causes no unhandled rejection in %s when the deadline has passed', async (_name, flavour) => {
      const scheduler = boundActions(new VirtualTimeScheduler());
      const late = deferred<string>();
      const received: unknown[] = [];
      of(late.promise as ObservableInput<string>)
        .pipe(flavour({ timeout: 5, scheduler }) as OperatorFunction<ObservableInput<string>, unknown>)
        .subscribe({
          next: (value: unknown) => received.push(value),
          error: (error: unknown) => received.push(error),
        });
      scheduler.flush();
      late.reject(new Error('too late'));
      await settle();

      expect(received).toEqual([
        flavour === asCompleted ? expect.any(AsCompletedTimeoutError) : { index: 0, status: 'timeout' },
      ]);
      expect(unhandledErrors).toEqual([]);
    });
  });

  describe('a Promise that never settles', () => {
    it('is given up at the deadline, which leaves nothing scheduled and nothing to deliver later', async () => {
      const scheduler = boundActions(new VirtualTimeScheduler());
      const never = deferred<string>();
      const received: unknown[] = [];
      const subscription = from([never.promise, Promise.resolve('quick')])
        .pipe(asCompleted({ timeout: 5, scheduler }))
        .subscribe({
          next: (value) => received.push(value),
          error: (error: unknown) => received.push(error),
        });
      await settle();
      scheduler.flush();

      expect(received).toEqual(['quick', expect.objectContaining({ pending: [0], emitted: 1, deadline: 5 })]);
      expect(subscription.closed).toBe(true);
      expect(scheduler.actions).toEqual([]);

      // Were anything still listening, a late settlement would show.
      never.resolve('much later');
      await settle();
      expect(received).toHaveLength(2);
    });

    it('is given up in the settled flavour as a timeout record, among settled records of the others', async () => {
      const scheduler = boundActions(new VirtualTimeScheduler());
      const records: SettledRecord<string>[] = [];
      let completed = false;
      from([new Promise<string>(() => undefined), Promise.reject(new Error('no')), NEVER])
        .pipe(asCompletedSettled({ timeout: 5, scheduler }))
        .subscribe({ next: (record) => records.push(record), complete: () => (completed = true) });
      await settle();
      scheduler.flush();

      expect(records).toEqual([
        { index: 1, status: 'rejected', error: new Error('no') },
        { index: 0, status: 'timeout' },
        { index: 2, status: 'timeout' },
      ]);
      expect(completed).toBe(true);
      expect(scheduler.actions).toEqual([]);
    });
  });
});
