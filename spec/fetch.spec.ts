import { from, map, retry, type Observable, type Subscription } from 'rxjs';
import {
  asCompleted,
  AsCompletedTimeoutError,
  forkAsCompleted,
  forkAsCompletedSettled,
  type InputFactory,
} from '../src';
import { SlowServer, type RequestOptions } from './helpers/slow-server';

/*
 * Real timers, the platform's fetch and a server on 127.0.0.1 that logs, on its side of the
 * connection, when each request arrives, is answered, or is dropped by the client. The margins are
 * wide so that a loaded machine does not fail them: deadlines of a second or more, slow requests that
 * would take 30 s, and only the order of events is asserted, never how long one took.
 * FETCH_LOG=1 prints the server's log of each spec.
 */
jest.setTimeout(30_000);

/** A request that never finishes within a spec: only an abort ends it early. */
const NEVER_WITHIN_SPEC: RequestOptions = { delay: 30_000 };

interface Run<T> {
  readonly values: T[];
  readonly subscription: Subscription;
  /** Resolves with the error, or with `'complete'`. */
  readonly ended: Promise<unknown>;
}

/** Subscribes, noting in the server's log when it subscribed and how the output ended. */
function run<T>(server: SlowServer, output: Observable<T>): Run<T> {
  const values: T[] = [];
  let end!: (outcome: unknown) => void;
  const ended = new Promise<unknown>((resolve) => (end = resolve));
  server.mark('subscribed');
  const subscription = output.subscribe({
    next: (value) => {
      server.mark(
        `next ${JSON.stringify(value, (_key, field: unknown) => (field instanceof Error ? String(field) : field))}`,
      );
      values.push(value);
    },
    error: (error: unknown) => {
      server.mark(`error ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
      end(error);
    },
    complete: () => {
      server.mark('complete');
      end('complete');
    },
  });
  return { values, subscription, ended };
}

describe('fetch inputs', () => {
  let server: SlowServer;
  /** The signal each factory was called with, by request id. */
  let signals: Map<string, AbortSignal>;
  /** Request ids in the order their factories were called. */
  let calls: string[];

  /** A factory that fetches `id` with the signal it is given, and reads the body; a non-2xx status is an error. */
  function request(id: string, options: RequestOptions): InputFactory<string> {
    return (signal) => {
      calls.push(id);
      signals.set(id, signal);
      return fetch(server.url(id, options), { signal }).then(async (response) => {
        const body = await response.text();
        if (!response.ok) throw new Error(`${id}: HTTP ${response.status}`);
        return body;
      });
    };
  }

  beforeEach(async () => {
    server = await SlowServer.start();
    signals = new Map();
    calls = [];
  });

  afterEach(async () => {
    if (process.env.FETCH_LOG) {
      console.log(`${expect.getState().currentTestName ?? ''}\n${server.log().join('\n')}`);
    }
    await server.close();
  });

  describe('as factories', () => {
    it('aborts the request still running at the deadline, and the server sees the client go away', async () => {
      const subscribed = server.now();
      const { values, ended } = run(
        server,
        forkAsCompleted([request('fast', { delay: 0 }), request('slow', NEVER_WITHIN_SPEC)], 1500),
      );

      const error = await ended;
      await server.until(() => server.find('slow', 'aborted') !== undefined);

      expect(values).toEqual(['fast']);
      expect(error).toBeInstanceOf(AsCompletedTimeoutError);
      expect((error as AsCompletedTimeoutError).pending).toEqual([1]);
      expect(server.eventsOf('fast')).toEqual(['received', 'answered']);
      expect(server.eventsOf('slow')).toEqual(['received', 'aborted']);
      // At the deadline, not before it, and long before the server would have answered.
      const abortedAfter = server.find('slow', 'aborted')!.at - subscribed;
      expect(abortedAfter).toBeGreaterThanOrEqual(1400);
      expect(abortedAfter).toBeLessThan(NEVER_WITHIN_SPEC.delay / 2);
      expect(signals.get('slow')!.reason).toMatchObject({ name: 'TimeoutError' });
      expect(signals.get('slow')!.reason).toBeInstanceOf(DOMException);
      expect(signals.get('fast')!.aborted).toBe(false);
    });

    it('never lets the server see more requests in flight than concurrent allows, and calls each factory only when a slot frees', async () => {
      const ids = ['a', 'b', 'c', 'd', 'e', 'f'];
      const { values, ended } = run(
        server,
        from(ids).pipe(
          map((id) => request(id, { delay: 200 })),
          asCompleted({ concurrent: 2 }),
        ),
      );
      expect(calls).toEqual(['a', 'b']);

      expect(await ended).toBe('complete');

      expect([...values].sort()).toEqual(ids);
      expect(calls).toEqual(ids);
      expect(server.events.filter((event) => event.kind === 'received')).toHaveLength(6);
      // A slot is taken again only once the server has answered; that both were used shows in `calls` above.
      expect(server.maxInFlight).toBeLessThanOrEqual(2);
      for (const id of ids) expect(signals.get(id)!.aborted).toBe(false);
    });

    it('aborts every request in flight when the output is unsubscribed, and not the one that completed', async () => {
      const { values, subscription } = run(
        server,
        forkAsCompleted(
          [
            request('done', { delay: 0 }),
            request('slow-1', NEVER_WITHIN_SPEC),
            request('slow-2', NEVER_WITHIN_SPEC),
          ],
          20_000,
        ),
      );
      await server.until(
        () =>
          values.length === 1 &&
          server.find('slow-1', 'received') !== undefined &&
          server.find('slow-2', 'received') !== undefined,
      );

      server.mark('unsubscribe');
      subscription.unsubscribe();
      await server.until(
        () =>
          server.find('slow-1', 'aborted') !== undefined && server.find('slow-2', 'aborted') !== undefined,
      );

      expect(values).toEqual(['done']);
      expect(server.eventsOf('done')).toEqual(['received', 'answered']);
      expect(server.eventsOf('slow-1')).toEqual(['received', 'aborted']);
      expect(server.eventsOf('slow-2')).toEqual(['received', 'aborted']);
      expect(signals.get('slow-1')!.reason).toMatchObject({ name: 'AbortError' });
      expect(signals.get('slow-2')!.reason).toMatchObject({ name: 'AbortError' });
      expect(signals.get('done')!.aborted).toBe(false);
    });

    it('aborts the other requests with an AbortError when one fails, under asCompleted', async () => {
      const { ended } = run(
        server,
        forkAsCompleted([
          request('broken', { delay: 100, failFirst: 1 }),
          request('slow', NEVER_WITHIN_SPEC),
        ]),
      );

      expect(await ended).toEqual(new Error('broken: HTTP 500'));
      await server.until(() => server.find('slow', 'aborted') !== undefined);

      expect(server.eventsOf('broken')).toEqual(['received', 'answered']);
      expect(server.eventsOf('slow')).toEqual(['received', 'aborted']);
      expect(signals.get('slow')!.reason).toMatchObject({ name: 'AbortError' });
      expect(signals.get('broken')!.aborted).toBe(false);
    });

    it('aborts only the timed-out request under asCompletedSettled; the completed and the failed keep signals never aborted', async () => {
      const { values, ended } = run(
        server,
        forkAsCompletedSettled(
          {
            ok: request('ok', { delay: 0 }),
            broken: request('broken', { delay: 0, failFirst: 1 }),
            slow: request('slow', NEVER_WITHIN_SPEC),
          },
          1500,
        ),
      );

      expect(await ended).toBe('complete');
      await server.until(() => server.find('slow', 'aborted') !== undefined);

      expect(values.map((record) => [record.key, record.status]).sort()).toEqual([
        ['broken', 'rejected'],
        ['ok', 'fulfilled'],
        ['slow', 'timeout'],
      ]);
      expect(server.eventsOf('slow')).toEqual(['received', 'aborted']);
      expect(signals.get('slow')!.reason).toMatchObject({ name: 'TimeoutError' });
      expect(signals.get('ok')!.aborted).toBe(false);
      expect(signals.get('broken')!.aborted).toBe(false);
    });

    it('calls the factory again on each retry(), so each attempt is a new request', async () => {
      const { values, ended } = run(
        server,
        forkAsCompleted([request('flaky', { delay: 0, failFirst: 2 })], 20_000).pipe(retry(2)),
      );

      expect(await ended).toBe('complete');

      expect(values).toEqual(['flaky']);
      expect(calls).toEqual(['flaky', 'flaky', 'flaky']);
      expect(server.eventsOf('flaky')).toEqual([
        'received',
        'answered',
        'received',
        'answered',
        'received',
        'answered',
      ]);
    });

    it('makes no request until subscribed', async () => {
      const output = forkAsCompleted([request('lazy', { delay: 0 })]);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(calls).toEqual([]);
      expect(server.events).toEqual([]);

      const { values, ended } = run(server, output);
      expect(await ended).toBe('complete');
      expect(values).toEqual(['lazy']);
    });
  });

  describe('as plain Promises', () => {
    it('does not cancel a fetch() Promise at the deadline: the request was already running, and the server finishes it', async () => {
      const slow = fetch(server.url('plain-slow', { delay: 2000 })).then((response) => response.text());
      const { ended } = run(server, forkAsCompleted([slow], 300));

      expect(await ended).toBeInstanceOf(AsCompletedTimeoutError);
      expect(server.find('plain-slow', 'answered')).toBeUndefined();

      // The operator let go of the Promise; the request goes on to its end.
      expect(await slow).toBe('plain-slow');
      expect(server.eventsOf('plain-slow')).toEqual(['received', 'answered']);
    });

    it('does not bound fetch() Promises by concurrent: every request is already in flight', async () => {
      const ids = ['a', 'b', 'c', 'd', 'e', 'f'];
      const promises = ids.map((id) =>
        fetch(server.url(id, { delay: 1000 })).then((response) => response.text()),
      );
      const { values, ended } = run(server, from(promises).pipe(asCompleted({ concurrent: 2 })));

      expect(await ended).toBe('complete');

      expect([...values].sort()).toEqual(ids);
      expect(server.maxInFlight).toBeGreaterThan(2);
    });
  });
});
