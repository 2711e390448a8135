/*
 * The algorithm of src/core, driven through a fake Platform: no rxjs is loaded by this file (the last
 * spec checks it), so whatever these specs show is the core's own doing.
 */
import { join, resolve, sep } from 'path';
import type { Expiry } from '../src/core/run';
import {
  complete,
  error,
  FakeEmptyError,
  FakeInput,
  FakePromise,
  FakeTimeoutError,
  MAX_TIMER_DELAY,
  next,
  startFakeRun,
  type FakeRun,
} from './helpers/fake-platform';

/** The expiry a values run failed with, from its one error notification. */
function expiryOf(fake: FakeRun<unknown>): Expiry {
  const errors = fake.sink.notifications.filter((notification) => 'error' in notification);
  expect(errors).toHaveLength(1);
  const [{ error: thrown }] = errors as { error: unknown }[];
  expect(thrown).toBeInstanceOf(FakeTimeoutError);
  return (thrown as FakeTimeoutError).expiry;
}

/** The log from this point on. */
function logFrom(fake: FakeRun<unknown>): () => string[] {
  const mark = fake.log.length;
  return () => fake.log.slice(mark);
}

describe('arrival and completion', () => {
  it('emits each result when its input completes, in completion order, with its last value', () => {
    const fake = startFakeRun();
    const [a, b, c] = ['a', 'b', 'c'].map((name) => fake.input(name));
    fake.subscribe([a, b, c], true);
    fake.clock.advance(10);
    c.emit('c1');
    c.emit('c2');
    fake.clock.advance(10);
    b.emit('b');
    // A value is no result until its input completes.
    expect(fake.sink.notifications).toEqual([]);
    c.complete();
    fake.clock.advance(10);
    a.emit('a');
    a.complete();
    fake.clock.advance(10);
    b.complete();
    expect(fake.sink.notifications).toEqual([next(20, 'c2'), next(30, 'a'), next(40, 'b'), complete(40)]);
  });

  it('numbers inputs in the order they arrive, Promises and factories among them', () => {
    const fake = startFakeRun(null, { flavour: 'entries' });
    const a = fake.input('a');
    const p = fake.promise('p');
    const c = fake.input('c');
    fake.subscribe([a, p, c.factory()], true);
    c.emit('c');
    c.complete();
    p.resolve('p');
    a.emit('a');
    a.complete();
    expect(fake.sink.notifications).toEqual([
      next(0, { index: 2, value: 'c' }),
      next(0, { index: 1, value: 'p' }),
      next(0, { index: 0, value: 'a' }),
      complete(0),
    ]);
  });

  it('delivers a synchronous input within its arrival', () => {
    const fake = startFakeRun();
    fake.run.arrive(fake.sync('a', 'a'));
    expect(fake.sink.notifications).toEqual([next(0, 'a')]);
    expect(fake.log).toEqual(['subscribe a', 'end a', 'next "a"']);
  });

  it('completes only once the source has completed, and at once if every input has settled by then', () => {
    const fake = startFakeRun();
    const a = fake.input('a');
    fake.subscribe([a]);
    a.emit('a');
    a.complete();
    fake.clock.advance(10);
    expect(fake.sink.notifications).toEqual([next(0, 'a')]);
    fake.run.sourceComplete();
    expect(fake.sink.notifications).toEqual([next(0, 'a'), complete(10)]);
  });

  it("fails with an input's error, and tears the other inputs down (values)", () => {
    const fake = startFakeRun();
    const [a, b] = ['a', 'b'].map((name) => fake.input(name));
    fake.subscribe([a, b], true);
    const failure = new Error('b failed');
    fake.clock.advance(5);
    b.fail(failure);
    expect(fake.sink.notifications).toEqual([error(5, failure)]);
    expect(a.closed).toBe(true);
  });

  it('delivers an input error as a rejected record and goes on (records)', () => {
    const fake = startFakeRun(null, { flavour: 'records' });
    const [a, b] = ['a', 'b'].map((name) => fake.input(name));
    fake.subscribe([a, b], true);
    const failure = new Error('b failed');
    b.fail(failure);
    expect(a.closed).toBe(false);
    a.emit('a');
    a.complete();
    expect(fake.sink.notifications).toEqual([
      next(0, { index: 1, status: 'rejected', error: failure }),
      next(0, { index: 0, status: 'fulfilled', value: 'a' }),
      complete(0),
    ]);
  });

  it("fails an input that completes without a value with the platform's empty error, naming the input", () => {
    const fake = startFakeRun(null, { keys: ['first', 'second'] });
    const [a, b] = ['a', 'b'].map((name) => fake.input(name));
    fake.subscribe([a, b], true);
    b.complete();
    expect(fake.sink.notifications).toEqual([
      error(0, new FakeEmptyError('asCompleted: input "second" (index 1) completed without a value')),
    ]);
  });

  it("fails the run with a TypeError naming the input, caused by what the platform's from threw, for an input it rejects", () => {
    const fake = startFakeRun();
    fake.subscribe([fake.input('a'), 42]);
    const [notification] = fake.sink.notifications as { error: Error }[];
    expect(notification.error).toEqual(
      new TypeError('asCompleted: input 1 must be an ObservableInput; got 42'),
    );
    expect((notification.error as { cause?: unknown }).cause).toEqual(
      new TypeError('the fake platform takes only FakeInputs'),
    );
  });
});

describe('concurrent slots', () => {
  it('subscribes no more than `concurrent` inputs at once, and queues the rest in arrival order', () => {
    const fake = startFakeRun({ concurrent: 2 });
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((name) => fake.input(name));
    fake.subscribe([a, b, c, d]);
    expect(fake.log).toEqual(['subscribe a', 'subscribe b']);
    b.emit('b');
    b.complete();
    a.emit('a');
    a.complete();
    expect(fake.log).toEqual([
      'subscribe a',
      'subscribe b',
      'end b',
      'next "b"',
      'subscribe c',
      'end a',
      'next "a"',
      'subscribe d',
    ]);
  });

  it('calls a factory only when it takes a slot, with a signal of its own', () => {
    const fake = startFakeRun({ concurrent: 1 });
    const [a, b] = ['a', 'b'].map((name) => fake.input(name));
    fake.subscribe([a.factory(), b.factory()]);
    expect(fake.log).toEqual(['call a', 'subscribe a']);
    a.emit('a');
    a.complete();
    expect(fake.log.slice(-2)).toEqual(['call b', 'subscribe b']);
    expect(a.signal).toBeInstanceOf(AbortSignal);
    expect(b.signal).not.toBe(a.signal);
    // A factory that settled is not aborted afterwards.
    expect(a.signal!.aborted).toBe(false);
  });

  it.each([
    ['with nothing that can cut it off', { concurrent: 1 }],
    ['under a deadline', { concurrent: 1, timeout: 1000 }],
  ])('takes no slot for a Promise, %s: it is listened to on arrival, and frees none', (_, options) => {
    const fake = startFakeRun(options);
    const [a, b] = ['a', 'b'].map((name) => fake.input(name));
    const p = fake.promise('p');
    const q = fake.promise('q');
    fake.subscribe([a, p, b, q]);
    expect(fake.log).toEqual(['subscribe a', 'then p', 'then q']);
    q.resolve('q');
    p.resolve('p');
    expect(fake.log.slice(3)).toEqual(['next "q"', 'next "p"']);
    a.emit('a');
    a.complete();
    expect(fake.log.slice(-2)).toEqual(['next "a"', 'subscribe b']);
  });

  it('drains a queue of synchronous inputs in a loop, not by nesting their subscriptions', () => {
    const fake = startFakeRun({ concurrent: 1 });
    const blocker = fake.input('blocker');
    const queued = Array.from({ length: 50 }, (_, index) => fake.sync(`s${index}`, index));
    fake.subscribe([blocker, ...queued], true);
    blocker.emit('blocker');
    blocker.complete();
    expect(fake.sink.notifications).toEqual([
      next(0, 'blocker'),
      ...queued.map((_, index) => next(0, index)),
      complete(0),
    ]);
    expect(fake.maxSubscribeDepth()).toBe(1);
  });
});

describe('the total deadline', () => {
  it('arms its timer when the subscription is over, counting the time the subscription took', () => {
    const fake = startFakeRun(100);
    fake.run.arrive(fake.input('a'));
    fake.clock.spend(30);
    expect(fake.clock.delays).toEqual([]);
    fake.run.started();
    expect(fake.clock.delays).toEqual([70]);
    fake.clock.advance(69);
    expect(fake.sink.notifications).toEqual([]);
    fake.clock.advance(1);
    expect(fake.sink.notifications).toHaveLength(1);
    expect(expiryOf(fake)).toEqual({
      pending: [0],
      emitted: 0,
      deadline: 100,
      timeout: 100,
      message:
        'asCompleted timed out 100 ms after subscription: 0 emitted, 1 pending (input 0); the source had not completed',
    });
  });

  it('reports the pending inputs in index order, queued ones and Promises among them, and what was emitted', () => {
    const fake = startFakeRun({ timeout: 100, concurrent: 2 });
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((name) => fake.input(name));
    const p = fake.promise('p');
    fake.subscribe([a, b, c, p, d], true);
    b.emit('b');
    b.complete();
    fake.clock.advance(100);
    expect(expiryOf(fake)).toMatchObject({ pending: [0, 2, 3, 4], emitted: 1 });
  });

  it('lets a result 1 ms before the deadline through', () => {
    const fake = startFakeRun(100);
    const a = fake.input('a');
    fake.clock.schedule(() => {
      a.emit('a');
      a.complete();
    }, 99);
    fake.subscribe([a], true);
    fake.clock.advance(200);
    expect(fake.sink.notifications).toEqual([next(99, 'a'), complete(99)]);
  });

  it('fails a result at the exact deadline even when it runs before the timer', () => {
    const fake = startFakeRun(100);
    const a = fake.input('a');
    // Set before the run's timer: at 100, the scheduler runs it first.
    fake.clock.schedule(() => {
      a.emit('a');
      a.complete();
    }, 100);
    fake.subscribe([a], true);
    fake.clock.advance(100);
    expect(fake.sink.notifications).toHaveLength(1);
    expect(expiryOf(fake)).toMatchObject({ pending: [0], emitted: 0, deadline: 100 });
  });

  it("fails a source's completion or error at the exact deadline as the deadline does", () => {
    for (const end of ['complete', 'error'] as const) {
      const fake = startFakeRun(100);
      fake.subscribe([]);
      fake.clock.spend(100);
      if (end === 'complete') fake.run.sourceComplete();
      else fake.run.sourceError(new Error('source failed'));
      expect(expiryOf(fake)).toMatchObject({ pending: [], deadline: 100 });
    }
  });

  it('with timeout 0, delivers what settled within the subscription, then fails at once, arming no timer', () => {
    const fake = startFakeRun(0);
    fake.subscribe([fake.sync('a', 'a'), fake.input('b')], true);
    expect(fake.clock.delays).toEqual([]);
    expect(fake.sink.notifications).toHaveLength(2);
    expect(fake.sink.notifications[0]).toEqual(next(0, 'a'));
    expect(expiryOf(fake)).toEqual({
      pending: [1],
      emitted: 1,
      deadline: 0,
      timeout: 0,
      message:
        'asCompleted timed out at once: its deadline had passed at subscription: 1 emitted, 1 pending (input 1)',
    });
  });

  it("takes a Date as a time on the platform's clock", () => {
    const fake = startFakeRun(new Date(1250), { start: 1000 });
    fake.subscribe([fake.input('a')], true);
    expect(fake.clock.delays).toEqual([250]);
    fake.clock.advance(249);
    expect(fake.sink.notifications).toEqual([]);
    fake.clock.advance(1);
    expect(expiryOf(fake)).toMatchObject({ pending: [0], deadline: 1250, timeout: 250 });
  });

  it('fails at once for a Date already past when the subscription is over', () => {
    const fake = startFakeRun(new Date(1100), { start: 1000 });
    fake.run.arrive(fake.input('a'));
    fake.clock.spend(150);
    fake.run.started();
    expect(fake.clock.delays).toEqual([]);
    expect(expiryOf(fake)).toMatchObject({ deadline: 1100, timeout: 100 });
    expect(fake.sink.notifications[0].at).toBe(1150);
  });

  it.each([
    ['a number of milliseconds', MAX_TIMER_DELAY + 1000, 0],
    ['a Date', new Date(5000 + MAX_TIMER_DELAY + 1000), 5000],
  ])('waits for a deadline beyond 2^31-1 ms in steps a timer can take (%s)', (_, timeout, start) => {
    const fake = startFakeRun(timeout, { start });
    fake.subscribe([fake.input('a')], true);
    fake.clock.advance(MAX_TIMER_DELAY + 999);
    expect(fake.sink.notifications).toEqual([]);
    fake.clock.advance(1);
    expect(fake.clock.delays).toEqual([MAX_TIMER_DELAY, 1000]);
    expect(expiryOf(fake)).toMatchObject({ deadline: start + MAX_TIMER_DELAY + 1000 });
  });

  it('arms no timer without a timeout', () => {
    const fake = startFakeRun(null);
    fake.subscribe([fake.input('a')], true);
    fake.clock.advance(1e9);
    expect(fake.clock.delays).toEqual([]);
    expect(fake.sink.notifications).toEqual([]);
  });

  it('cancels its timer when the run completes', () => {
    const fake = startFakeRun(100);
    const b = fake.input('b');
    fake.subscribe([fake.sync('a', 'a'), b], true);
    expect(fake.clock.armed).toEqual([100]);
    b.emit('b');
    b.complete();
    expect(fake.clock.armed).toEqual([]);
    expect(fake.log.slice(-4)).toEqual(['end b', 'next "b"', 'cancel timer 100', 'complete']);
  });
});

describe('each: every input has its own deadline', () => {
  it('times an input out `each` ms after it started, and goes on with the others (records)', () => {
    const fake = startFakeRun({ each: 100 }, { flavour: 'records' });
    const [a, b] = ['a', 'b'].map((name) => fake.input(name));
    fake.subscribe([a]);
    fake.clock.advance(30);
    fake.run.arrive(b);
    fake.run.sourceComplete();
    fake.clock.advance(70);
    expect(fake.sink.notifications).toEqual([next(100, { index: 0, status: 'timeout' })]);
    expect([a.closed, b.closed]).toEqual([true, false]);
    fake.clock.advance(30);
    expect(fake.sink.notifications.slice(1)).toEqual([
      next(130, { index: 1, status: 'timeout' }),
      complete(130),
    ]);
  });

  it("starts a queued input's clock when it takes a slot, not when it arrives", () => {
    const fake = startFakeRun({ each: 100, concurrent: 1 }, { flavour: 'records' });
    const [a, b] = ['a', 'b'].map((name) => fake.input(name));
    fake.subscribe([a, b], true);
    fake.clock.advance(60);
    a.emit('a');
    a.complete();
    fake.clock.advance(99);
    expect(fake.sink.notifications).toEqual([next(60, { index: 0, status: 'fulfilled', value: 'a' })]);
    fake.clock.advance(1);
    expect(fake.sink.notifications.slice(1)).toEqual([
      next(160, { index: 1, status: 'timeout' }),
      complete(160),
    ]);
  });

  it("starts a Promise's clock at its arrival", () => {
    const fake = startFakeRun({ each: 100 }, { flavour: 'records' });
    const p = fake.promise('p');
    fake.subscribe([]);
    fake.clock.advance(20);
    fake.run.arrive(p);
    fake.run.sourceComplete();
    fake.clock.advance(100);
    p.resolve('late');
    expect(fake.sink.notifications).toEqual([next(120, { index: 0, status: 'timeout' }), complete(120)]);
  });

  it("ends the run at an input's own deadline, naming that input alone, where errors fail the output (values)", () => {
    const fake = startFakeRun({ each: 100 }, { keys: ['first', 'second'] });
    const [a, b] = ['a', 'b'].map((name) => fake.input(name));
    fake.subscribe([a]);
    fake.clock.advance(50);
    fake.run.arrive(b);
    fake.clock.advance(50);
    expect(expiryOf(fake)).toEqual({
      pending: [0],
      emitted: 0,
      deadline: 100,
      timeout: 100,
      message:
        'asCompleted: input "first" (index 0) timed out at its own deadline (each: 100 ms from its start): 0 emitted',
    });
    expect(b.closed).toBe(true);
  });

  it('fails a result at the exact own deadline even when it runs before the timer, and lets one 1 ms earlier through', () => {
    const fake = startFakeRun({ each: 100 }, { flavour: 'records' });
    const [a, b] = ['a', 'b'].map((name) => fake.input(name));
    // Set before the inputs' own timers: at their time, the scheduler runs these first.
    for (const [input, at] of [
      [a, 99],
      [b, 100],
    ] as const) {
      fake.clock.schedule(() => {
        input.emit(input.name);
        input.complete();
      }, at);
    }
    fake.subscribe([a, b], true);
    fake.clock.advance(100);
    expect(fake.sink.notifications).toEqual([
      next(99, { index: 0, status: 'fulfilled', value: 'a' }),
      next(100, { index: 1, status: 'timeout' }),
      complete(100),
    ]);
  });

  it.each([
    ['its own timer', true],
    ["the total deadline's timer", false],
  ])(
    'leaves an own deadline at the total deadline to the total deadline, when %s runs first',
    (_, ownFirst) => {
      const fake = startFakeRun({ timeout: 100, each: 100 });
      const [a, b] = ['a', 'b'].map((name) => fake.input(name));
      // Inputs that arrive within the subscription set their timers before the total deadline's.
      if (ownFirst) fake.subscribe([a, b]);
      else {
        fake.subscribe([]);
        fake.run.arrive(a);
        fake.run.arrive(b);
      }
      fake.clock.advance(100);
      expect(expiryOf(fake)).toMatchObject({ pending: [0, 1], timeout: 100, deadline: 100 });
    },
  );

  it("cuts an input off at its own deadline: its subscription, then its factory's signal, aborted with a TimeoutError", () => {
    const fake = startFakeRun({ each: 100 }, { flavour: 'records' });
    const a = fake.input('a');
    fake.subscribe([a.factory()], true);
    const since = logFrom(fake);
    fake.clock.advance(100);
    expect(since()).toEqual(['unsubscribe a', 'abort a', 'next {"index":0,"status":"timeout"}', 'complete']);
    expect(a.signal!.reason).toEqual(
      new DOMException(
        'asCompleted: input 0 timed out at its own deadline (each: 100 ms from its start)',
        'TimeoutError',
      ),
    );
  });

  it("cancels an input's own timer when it settles", () => {
    const fake = startFakeRun({ each: 100 });
    const [a, b] = ['a', 'b'].map((name) => fake.input(name));
    fake.subscribe([a, b], true);
    fake.clock.advance(50);
    a.emit('a');
    a.complete();
    expect(fake.clock.armed).toEqual([100]);
    expect(fake.log).toContain('cancel timer 100');
  });

  it('waits for an own deadline beyond 2^31-1 ms in steps a timer can take', () => {
    const fake = startFakeRun({ each: MAX_TIMER_DELAY + 1000 }, { flavour: 'records' });
    fake.subscribe([fake.input('a')], true);
    fake.clock.advance(MAX_TIMER_DELAY + 999);
    expect(fake.sink.notifications).toEqual([]);
    fake.clock.advance(1);
    expect(fake.clock.delays).toEqual([MAX_TIMER_DELAY, 1000]);
    expect(fake.sink.notifications).toEqual([
      next(MAX_TIMER_DELAY + 1000, { index: 0, status: 'timeout' }),
      complete(MAX_TIMER_DELAY + 1000),
    ]);
  });
});

describe('the signal', () => {
  it("ends the run, once the subscription is over, for a signal aborted before: the inputs torn down, the factories' signals aborted with its reason", () => {
    const controller = new AbortController();
    const reason = new Error('stopped before');
    controller.abort(reason);
    const fake = startFakeRun({ signal: controller.signal });
    const [a, b] = ['a', 'b'].map((name) => fake.input(name));
    fake.run.arrive(a.factory());
    fake.run.arrive(b);
    expect(fake.sink.notifications).toEqual([]);
    const since = logFrom(fake);
    fake.run.started();
    expect(since()).toEqual(['unsubscribe source', 'unsubscribe a', 'abort a', 'unsubscribe b', 'error']);
    expect(fake.sink.notifications).toEqual([error(0, reason)]);
    expect((fake.sink.notifications[0] as { error: unknown }).error).toBe(reason);
    expect(a.signal!.reason).toBe(reason);
  });

  it('ends the run when it aborts: a record for each pending input, in index order, with its reason (records)', () => {
    const controller = new AbortController();
    const fake = startFakeRun({ signal: controller.signal, concurrent: 1 }, { flavour: 'records' });
    const [a, b, c] = ['a', 'b', 'c'].map((name) => fake.input(name));
    const p = fake.promise('p');
    fake.subscribe([a, b, p, c]);
    fake.clock.advance(40);
    const reason = new Error('stopped');
    controller.abort(reason);
    expect(fake.sink.notifications).toEqual([
      ...[0, 1, 2, 3].map((index) => next(40, { index, status: 'aborted', reason })),
      complete(40),
    ]);
    expect(fake.log).toContain('unsubscribe source');
    expect(a.closed).toBe(true);
  });

  it("fails with the signal's own AbortError when it aborts without a reason (values)", () => {
    const controller = new AbortController();
    const fake = startFakeRun({ signal: controller.signal });
    fake.subscribe([fake.input('a')], true);
    controller.abort();
    const [notification] = fake.sink.notifications as { error: unknown }[];
    expect(notification.error).toBe(controller.signal.reason);
    expect(notification.error).toBeInstanceOf(DOMException);
    expect((notification.error as DOMException).name).toBe('AbortError');
  });

  it('ends the run at once when it aborts within the subscription, and takes no further input', () => {
    const controller = new AbortController();
    const reason = new Error('stopped within');
    const fake = startFakeRun({ signal: controller.signal, timeout: 100 });
    const b = fake.input('b');
    fake.subscribe([fake.input('a', () => controller.abort(reason)), b], true);
    expect(fake.sink.notifications).toEqual([error(0, reason)]);
    expect(fake.log).not.toContain('subscribe b');
    expect(fake.clock.delays).toEqual([]);
  });

  it('adds one listener to a signal however many runs share it, and removes it when the last run ends', () => {
    const controller = new AbortController();
    const { signal } = controller;
    const added = jest.spyOn(signal, 'addEventListener');
    const removed = jest.spyOn(signal, 'removeEventListener');
    const completing = startFakeRun({ signal });
    const unsubscribed = startFakeRun({ signal });
    const timingOut = startFakeRun({ signal, timeout: 100 });
    const input = completing.input('a');
    completing.subscribe([input], true);
    unsubscribed.subscribe([unsubscribed.input('b')], true);
    timingOut.subscribe([timingOut.input('c')], true);
    expect(added).toHaveBeenCalledTimes(1);
    input.emit('a');
    input.complete();
    unsubscribed.run.unsubscribe();
    expect(removed).not.toHaveBeenCalled();
    timingOut.clock.advance(100);
    expect(removed).toHaveBeenCalledTimes(1);
    expect(removed.mock.calls[0]).toEqual(added.mock.calls[0]);
    // None of them listens any longer.
    const before = [completing, unsubscribed, timingOut].map((fake) => [...fake.sink.notifications]);
    controller.abort(new Error('too late'));
    expect([completing, unsubscribed, timingOut].map((fake) => fake.sink.notifications)).toEqual(before);
  });
});

describe('teardown', () => {
  it('tears down the source, then the timer, then each input in the order it started, each as its own timer, its subscription and its signal', () => {
    const fake = startFakeRun({ timeout: 1000, each: 500, concurrent: 3 });
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((name) => fake.input(name));
    const p = fake.promise('p');
    fake.subscribe([a]);
    for (const input of [b.factory(), p, c, d]) {
      fake.clock.advance(1);
      fake.run.arrive(input);
    }
    // d waits for a's slot, and starts after the others.
    fake.clock.advance(6);
    a.emit('a');
    a.complete();
    const since = logFrom(fake);
    fake.run.unsubscribe();
    expect(since()).toEqual([
      'unsubscribe source',
      'cancel timer 1000',
      'cancel timer 501',
      'unsubscribe b',
      'abort b',
      'cancel timer 502',
      'cancel timer 503',
      'unsubscribe c',
      'cancel timer 510',
      'unsubscribe d',
    ]);
    // The consumer that let go is sent nothing more.
    expect(fake.sink.notifications).toEqual([next(10, 'a')]);
    expect(fake.clock.armed).toEqual([]);
  });

  const failure = new Error('what ended the run');
  const stopper = new AbortController();
  const stopReason = new Error('stopped');
  const endings: [string, unknown, (fake: FakeRun<unknown>, a: FakeInput) => void, unknown][] = [
    [
      'the consumer unsubscribed',
      null,
      (fake) => fake.run.unsubscribe(),
      new DOMException('asCompleted: the consumer unsubscribed before this input settled', 'AbortError'),
    ],
    [
      'the deadline passed',
      100,
      (fake) => fake.clock.advance(50),
      new DOMException('asCompleted timed out before this input settled', 'TimeoutError'),
    ],
    [
      'another input failed',
      null,
      (_, a) => a.fail(failure),
      new DOMException('asCompleted: input 0 failed before this input settled', 'AbortError'),
    ],
    [
      "another input's own deadline passed",
      { each: 100 },
      (fake) => fake.clock.advance(50),
      new DOMException('asCompleted: input 0 timed out before this input settled', 'AbortError'),
    ],
    [
      'the source failed',
      null,
      (fake) => fake.run.sourceError(failure),
      new DOMException('asCompleted: the source failed before this input settled', 'AbortError'),
    ],
    [
      'a delivery threw',
      null,
      (fake, a) => {
        fake.sink.onNext = () => {
          throw failure;
        };
        a.emit('a');
        a.complete();
      },
      new DOMException('asCompleted: delivering a result threw before this input settled', 'AbortError'),
    ],
    ['the signal aborted', { signal: stopper.signal }, () => stopper.abort(stopReason), stopReason],
  ];

  it.each(endings)(
    "aborts a factory's signal with a reason that says what ended the run: %s",
    (_, options, end, expected) => {
      const fake = startFakeRun(options);
      const [a, b] = ['a', 'b'].map((name) => fake.input(name));
      fake.subscribe([a]);
      fake.clock.advance(50);
      fake.run.arrive(b.factory());
      end(fake, a);
      expect(b.signal!.reason).toEqual(expected);
      // What ended the run is the reason's cause when it was an error.
      const cause = Object.getOwnPropertyDescriptor(b.signal!.reason, 'cause');
      const hasCause = expected instanceof DOMException && /failed|threw/.test(expected.message);
      expect(cause?.value).toBe(hasCause ? failure : undefined);
      expect(cause !== undefined).toBe(hasCause);
    },
  );
});

describe('finalizer errors', () => {
  it('collects what every finalizer throws in a teardown, tears down the rest all the same, and reports them once, after the notification', () => {
    const fake = startFakeRun(100);
    const [a, b, c] = ['a', 'b', 'c'].map((name) => fake.input(name));
    const errors = ['source', 'a', 'c'].map((name) => new Error(`${name} finalizer`));
    [fake.sourceFinalizerError, a.finalizerError, c.finalizerError] = errors;
    fake.subscribe([a, b, c]);
    const since = logFrom(fake);
    fake.clock.advance(100);
    expect(since()).toEqual([
      'unsubscribe source',
      'unsubscribe a',
      'unsubscribe b',
      'unsubscribe c',
      'error',
      'teardownFailed',
    ]);
    expect(fake.teardownFailures).toEqual([{ at: 100, errors, byConsumer: false }]);
  });

  it("reports them as the consumer's when the consumer unsubscribed", () => {
    const fake = startFakeRun();
    const a = fake.input('a');
    a.finalizerError = new Error('a finalizer');
    fake.subscribe([a], true);
    fake.run.unsubscribe();
    expect(fake.teardownFailures).toEqual([{ at: 0, errors: [a.finalizerError], byConsumer: true }]);
  });

  it("reports them as nobody's when the subscriber closed within a delivery without unsubscribing the run", () => {
    const fake = startFakeRun();
    const [a, b] = ['a', 'b'].map((name) => fake.input(name));
    b.finalizerError = new Error('b finalizer');
    fake.subscribe([a, b], true);
    fake.sink.onNext = () => {
      fake.sink.closed = true;
    };
    a.emit('a');
    a.complete();
    expect(b.closed).toBe(true);
    expect(fake.sink.notifications).toEqual([next(0, 'a')]);
    expect(fake.teardownFailures).toEqual([{ at: 0, errors: [b.finalizerError], byConsumer: false }]);
  });

  it('delivers the result of an input whose own finalizer threw as it completed, then reports what it threw', () => {
    const fake = startFakeRun();
    const a = fake.input('a');
    a.finalizerError = new Error('a finalizer');
    fake.subscribe([a], true);
    a.emit('a');
    a.complete();
    expect(fake.log).toEqual([
      'subscribe a',
      'unsubscribe source',
      'end a',
      'next "a"',
      'complete',
      'teardownFailed',
    ]);
    expect(fake.teardownFailures).toEqual([{ at: 0, errors: [a.finalizerError], byConsumer: false }]);
  });

  it("reports what the source's finalizer threw as the source completed, and goes on", () => {
    const fake = startFakeRun();
    const a = fake.input('a');
    fake.sourceFinalizerError = new Error('source finalizer');
    fake.subscribe([a], true);
    expect(fake.teardownFailures).toEqual([
      { at: 0, errors: [fake.sourceFinalizerError], byConsumer: false },
    ]);
    a.emit('a');
    a.complete();
    expect(fake.sink.notifications).toEqual([next(0, 'a'), complete(0)]);
  });

  it("reports what an input's finalizer threw when its own deadline cut it off, after its timeout record (records)", () => {
    const fake = startFakeRun({ each: 100 }, { flavour: 'records' });
    const [a, b] = ['a', 'b'].map((name) => fake.input(name));
    a.finalizerError = new Error('a finalizer');
    fake.subscribe([a]);
    fake.clock.advance(50);
    fake.run.arrive(b);
    const since = logFrom(fake);
    fake.clock.advance(50);
    expect(since()).toEqual(['unsubscribe a', 'next {"index":0,"status":"timeout"}', 'teardownFailed']);
    expect(fake.teardownFailures).toEqual([{ at: 100, errors: [a.finalizerError], byConsumer: false }]);
    expect(b.closed).toBe(false);
  });
});

/**
 * Delivers `outer`'s result to a subscriber that feeds the run a synchronous input whose delivery throws,
 * then does `meanwhile`, still inside the outer delivery, while the run unwinds. Returns what was thrown.
 */
function throwNestedThen(fake: FakeRun<unknown>, outer: FakeInput, meanwhile: () => void): Error {
  const innerError = new Error('inner next threw');
  fake.sink.onNext = (value) => {
    if (value === 'inner') throw innerError;
    if (value !== 'outer') return;
    fake.run.arrive(fake.sync('inner', 'inner'));
    meanwhile();
  };
  outer.emit('outer');
  outer.complete();
  return innerError;
}

describe('a delivery that throws', () => {
  it('ends the run with what it threw, once the other inputs are torn down', () => {
    const fake = startFakeRun();
    const [a, b] = ['a', 'b'].map((name) => fake.input(name));
    fake.subscribe([a, b], true);
    const thrown = new Error('next threw');
    fake.sink.onNext = () => {
      throw thrown;
    };
    a.emit('a');
    a.complete();
    expect(fake.sink.notifications).toEqual([next(0, 'a'), error(0, thrown)]);
    expect(fake.log.slice(-3)).toEqual(['next "a"', 'unsubscribe b', 'error']);
  });

  it.each([
    ['with nothing that can cut it off', null],
    ['under a deadline', 1000],
  ])("ends the run with what a Promise's delivery threw, %s", (_, timeout) => {
    const fake = startFakeRun(timeout);
    const b = fake.input('b');
    const p = fake.promise('p');
    fake.subscribe([p, b], true);
    const thrown = new Error('next threw');
    fake.sink.onNext = () => {
      throw thrown;
    };
    p.resolve('p');
    expect(fake.sink.notifications).toEqual([next(0, 'p'), error(0, thrown)]);
    expect(b.closed).toBe(true);
  });

  it('ends the run with the first error of nested deliveries, once the outermost is over', () => {
    const fake = startFakeRun();
    const [outer, pending] = ['outer', 'pending'].map((name) => fake.input(name));
    fake.subscribe([outer, pending]);
    const innerError = new Error('inner next threw');
    fake.sink.onNext = (value) => {
      if (value === 'inner') throw innerError;
      // A subscriber that feeds the source within its own next.
      fake.run.arrive(fake.sync('inner', 'inner'));
      fake.log.push('outer next throws');
      throw new Error('outer next threw');
    };
    outer.emit('outer');
    outer.complete();
    expect(fake.sink.notifications).toEqual([next(0, 'outer'), next(0, 'inner'), error(0, innerError)]);
    expect(fake.log.slice(-4)).toEqual([
      'outer next throws',
      'unsubscribe source',
      'unsubscribe pending',
      'error',
    ]);
  });

  it('starts no input that arrives while a delivery that threw unwinds', () => {
    const fake = startFakeRun();
    const outer = fake.input('outer');
    fake.subscribe([outer]);
    const lateFactory = jest.fn(() => fake.input('late'));
    const thrown = throwNestedThen(fake, outer, () => fake.run.arrive(lateFactory));
    expect(lateFactory).not.toHaveBeenCalled();
    expect(fake.sink.notifications).toEqual([next(0, 'outer'), next(0, 'inner'), error(0, thrown)]);
  });

  it('starts no queued input in a slot that frees while a delivery that threw unwinds', () => {
    const fake = startFakeRun({ concurrent: 2 });
    const [outer, filler, queued] = ['outer', 'filler', 'queued'].map((name) => fake.input(name));
    fake.subscribe([outer, filler, queued.factory()]);
    const fillerError = new Error('next threw for filler');
    fake.sink.onNext = (value) => {
      if (value === 'filler') throw fillerError;
      if (value !== 'outer') return;
      // Frees the second slot, and its delivery throws: the run is failing.
      filler.emit('filler');
      filler.complete();
    };
    outer.emit('outer');
    outer.complete();
    expect(fake.log).not.toContain('call queued');
    expect(fake.sink.notifications).toEqual([next(0, 'outer'), next(0, 'filler'), error(0, fillerError)]);
  });

  it('delivers no Promise that settles while a delivery that threw unwinds', () => {
    const fake = startFakeRun();
    const outer = fake.input('outer');
    const p = fake.promise('p');
    fake.subscribe([outer, p]);
    const thrown = throwNestedThen(fake, outer, () => p.resolve('p'));
    expect(fake.sink.notifications).toEqual([next(0, 'outer'), next(0, 'inner'), error(0, thrown)]);
  });

  it('ends the run with what the delivery threw, not a completion, when the source completes while it unwinds', () => {
    const fake = startFakeRun();
    const outer = fake.input('outer');
    fake.subscribe([outer]);
    const thrown = throwNestedThen(fake, outer, () => fake.run.sourceComplete());
    expect(fake.sink.notifications).toEqual([next(0, 'outer'), next(0, 'inner'), error(0, thrown)]);
  });

  it('delivers no result that settles while a delivery that threw unwinds', () => {
    const fake = startFakeRun();
    const [outer, other] = ['outer', 'other'].map((name) => fake.input(name));
    fake.subscribe([outer, other]);
    const thrown = throwNestedThen(fake, outer, () => {
      other.emit('other');
      other.complete();
    });
    expect(fake.sink.notifications).toEqual([next(0, 'outer'), next(0, 'inner'), error(0, thrown)]);
  });
});

describe('a fixed set of inputs', () => {
  /** Ends the run, from within the subscription of an input, as a synchronous input would. */
  type End = (fake: FakeRun<unknown>, input: FakeInput, controller: AbortController) => void;
  const endings: [string, End][] = [
    ['an input failed', (_, input) => input.fail(new Error('a failed'))],
    ['the consumer unsubscribed', (fake) => fake.run.unsubscribe()],
    ['the signal aborted', (_, __, controller) => controller.abort()],
  ];

  it.each(endings)(
    'handles every Promise of the set that the run never read, and no other, when %s',
    (_, end) => {
      const controller = new AbortController();
      // The run holds this array: it is filled once the inputs, which log to the run's log, are made.
      const fixed: unknown[] = [];
      const fake = startFakeRun({ signal: controller.signal }, { fixed });
      const [p0, p2, p4] = ['p0', 'p2', 'p4'].map((promise) => fake.promise(promise));
      const a = fake.input('a', (input) => end(fake, input, controller));
      fixed.push(p0, a, p2, 'not a Promise', p4);
      fake.subscribe(fixed, true);
      expect(fake.log.filter((entry) => /^then|source/.test(entry))).toEqual([
        'then p0',
        'unsubscribe source',
        'then p2',
        'then p4',
      ]);
      expect([p0, p2, p4].map(({ thens }) => thens)).toEqual([1, 1, 1]);
    },
  );

  it('skips an unread input whose then cannot be read or called, and handles the ones after it', () => {
    const unreadable = {
      get then(): never {
        throw new Error('no then');
      },
    };
    const throwing = {
      then(): never {
        throw new Error('then threw');
      },
    };
    const p = new FakePromise('p', []);
    const fake = startFakeRun(null, { fixed: [unreadable, throwing, p] });
    fake.run.unsubscribe();
    expect(p.thens).toBe(1);
    expect(fake.teardownFailures).toEqual([]);
  });
});

describe('the core alone', () => {
  it('loads no module of rxjs, nor any module of src outside the core', () => {
    const root = resolve(__dirname, '..');
    const src = join(root, 'src') + sep;
    const loaded = Object.keys(require.cache);
    // The registry lists what this file loaded: the engine is there.
    expect(loaded).toContain(join(src, 'core', 'run.ts'));
    expect(loaded.filter((file) => /[\\/]node_modules[\\/](?:@rxjs[\\/]|rxjs)/.test(file))).toEqual([]);
    expect(
      loaded.filter((file) => file.startsWith(src) && !file.startsWith(join(src, 'core') + sep)),
    ).toEqual([]);
  });
});
