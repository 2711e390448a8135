/**
 * A page that fans out HTTP requests and shows each response the moment it arrives, under one deadline.
 * Bundled by esbuild from the published package (`npm run test:browser` serves it with an API whose
 * endpoints answer after the `delay` they are asked for). Every emission is also kept in
 * `window.emissions`, and `document.body.dataset.done` is set once both runs have ended.
 */
import { catchError, concat, defer, EMPTY, from, map, tap, type Observable } from 'rxjs';
import { fromFetch } from 'rxjs/fetch';
import { asCompleted, AsCompletedTimeoutError, forkAsCompletedSettled } from 'rxjs-as-completed';

interface Panel {
  readonly name: string;
  readonly delay: number;
}

export interface Emission {
  readonly run: string;
  readonly kind: 'next' | 'error' | 'complete';
  readonly value: unknown;
  /** Milliseconds since the run was subscribed. */
  readonly at: number;
}

declare global {
  interface Window {
    emissions: Emission[];
  }
}

const DEADLINE = 2000;

/** One request; unsubscribing aborts it. A status other than 2xx is an error. */
function request(name: string, delay: number, status = 200): Observable<Panel> {
  return fromFetch(`/api/${name}?delay=${delay}&status=${status}`, {
    selector: async (response) => {
      if (!response.ok) throw new Error(`${name}: HTTP ${response.status}`);
      return (await response.json()) as Panel;
    },
  });
}

function describeError(error: unknown): unknown {
  if (error instanceof AsCompletedTimeoutError) {
    return { name: error.name, pending: error.pending, emitted: error.emitted, timeout: error.timeout };
  }
  return error instanceof Error ? { name: error.name, message: error.message } : error;
}

/** Shows every notification of `source` on the page and records it, with its time since subscription. */
function record<T>(run: string, source: Observable<T>): Observable<T> {
  return defer(() => {
    const start = performance.now();
    const log = (kind: Emission['kind'], value: unknown): void => {
      const emission: Emission = { run, kind, value, at: Math.round(performance.now() - start) };
      window.emissions.push(emission);
      const item = document.createElement('li');
      item.textContent = `${String(emission.at).padStart(5)} ms  ${run}  ${kind}  ${JSON.stringify(value) ?? ''}`;
      document.getElementById('log')?.append(item);
    };
    return source.pipe(
      tap({
        next: (value) => log('next', value),
        error: (error: unknown) => log('error', describeError(error)),
        complete: () => log('complete', undefined),
      }),
    );
  });
}

window.emissions = [];

/** Four panels; the last cannot make the deadline, so the operator gives up on it and aborts its request. */
const fanOut = from([
  request('profile', 300),
  request('cart', 100),
  request('stock', 600),
  request('ads', 6000),
]).pipe(asCompleted(DEADLINE));

/** The same fan-out as a dictionary, settled: a failure and a timeout become records, and the others still arrive. */
const settled = forkAsCompletedSettled(
  { profile: request('profile', 300), reviews: request('reviews', 200, 503), ads: request('ads', 6000) },
  DEADLINE,
).pipe(
  map((record) =>
    record.status === 'rejected' ? { ...record, error: describeError(record.error) } : record,
  ),
);

concat(
  record('asCompleted', fanOut).pipe(catchError(() => EMPTY)),
  record('forkAsCompletedSettled', settled),
).subscribe({ complete: () => (document.body.dataset.done = 'true') });
