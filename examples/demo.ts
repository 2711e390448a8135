/**
 * `npm start`: a page that fans out eight service calls and shows each result as it arrives,
 * under one deadline. Real timers, no outside network: each call is simulated with its own latency. Then
 * real requests with `fetch` to a server on 127.0.0.1 (examples/fetch.ts).
 */
import { catchError, EMPTY, from, Observable, tap, TimeoutError } from 'rxjs';
import { asCompleted, asCompletedSettled, AsCompletedTimeoutError, type SettledRecord } from '../src';
import { runFetchDemo } from './fetch';

interface ServiceCall {
  readonly name: string;
  readonly latency: number;
  readonly fails?: boolean;
}

const calls: readonly ServiceCall[] = [
  { name: 'profile', latency: 180 },
  { name: 'cart', latency: 420 },
  { name: 'recommendations', latency: 1650 },
  { name: 'inventory', latency: 260 },
  { name: 'reviews', latency: 900 },
  { name: 'shipping', latency: 610, fails: true },
  { name: 'loyalty', latency: 75 },
  { name: 'ads', latency: 2400 },
];

const DEADLINE = 1200;
const MS_PER_COLUMN = 50;

type Outcome = 'result' | 'error' | 'cancelled';

interface Trace {
  readonly call: ServiceCall;
  end?: { readonly at: number; readonly outcome: Outcome };
}

/** A service call: answers after its latency, or fails; unsubscribing cancels it, as an HTTP request would be. */
function request(trace: Trace, started: number): Observable<string> {
  const { call } = trace;
  return new Observable<string>((subscriber) => {
    const timer = setTimeout(() => {
      trace.end = { at: Date.now() - started, outcome: call.fails ? 'error' : 'result' };
      if (call.fails) subscriber.error(new Error(`${call.name}: 503 Service Unavailable`));
      else {
        subscriber.next(`${call.name} ok`);
        subscriber.complete();
      }
    }, call.latency);
    return () => {
      if (trace.end === undefined) {
        clearTimeout(timer);
        trace.end = { at: Date.now() - started, outcome: 'cancelled' };
      }
    };
  });
}

function column(ms: number): number {
  return Math.round(ms / MS_PER_COLUMN);
}

/** One line of a marble timeline: dashes for time, then a mark where the line ends. */
function marbleLine(endsAt: number, mark: string): string {
  return `${'-'.repeat(Math.max(0, column(endsAt) - 1))}${mark}`;
}

function printTimeline(traces: readonly Trace[], output: { at: number; mark: string }[]): void {
  const width = Math.max(...traces.map((trace) => trace.call.name.length), 'output'.length) + 2;
  console.log(
    `\n  timeline, one column = ${MS_PER_COLUMN} ms; o result, # error, ! cancelled, t timeout records; the deadline is the | above`,
  );
  const deadlineColumn = column(DEADLINE);
  console.log(`  ${''.padEnd(width)}${' '.repeat(deadlineColumn - 1)}|`);
  for (const trace of traces) {
    const end = trace.end ?? { at: DEADLINE, outcome: 'cancelled' as const };
    const mark = end.outcome === 'result' ? 'o' : end.outcome === 'error' ? '#' : '!';
    console.log(`  ${trace.call.name.padEnd(width)}${marbleLine(end.at, mark)}`);
  }
  let line = '';
  for (const { at, mark } of output) {
    const target = column(at);
    line += '-'.repeat(Math.max(0, target - line.length - 1)) + mark;
  }
  console.log(`  ${'output'.padEnd(width)}${line}`);
}

function describe(record: SettledRecord<string>): string {
  if (record.status === 'fulfilled') return record.value;
  if (record.status === 'rejected') return `failed: ${(record.error as Error).message}`;
  return 'timed out';
}

function runSettled(): Promise<void> {
  console.log(
    `asCompletedSettled(${DEADLINE}): every call gets a record; a failure does not stop the others\n`,
  );
  const started = Date.now();
  const traces: Trace[] = calls.map((call) => ({ call }));
  const output: { at: number; mark: string }[] = [];
  return new Promise((resolve) => {
    from(traces.map((trace) => request(trace, started)))
      .pipe(asCompletedSettled(DEADLINE))
      .subscribe({
        next: (record) => {
          const at = Date.now() - started;
          const mark = record.status === 'fulfilled' ? 'o' : record.status === 'rejected' ? '#' : 't';
          if (record.status !== 'timeout' || output.at(-1)?.mark !== 't') output.push({ at, mark });
          console.log(
            `  ${String(at).padStart(5)} ms  ${calls[record.index].name.padEnd(16)} ${describe(record)}`,
          );
        },
        complete: () => {
          output.push({ at: Date.now() - started, mark: '|' });
          printTimeline(traces, output);
          resolve();
        },
      });
  });
}

function runFailFast(): Promise<void> {
  console.log(`\nasCompleted(${DEADLINE}): results only; the first failure fails the whole page\n`);
  const started = Date.now();
  const traces: Trace[] = calls.map((call) => ({ call }));
  return new Promise((resolve) => {
    from(traces.map((trace) => request(trace, started)))
      .pipe(
        asCompleted(DEADLINE),
        tap((value) => console.log(`  ${String(Date.now() - started).padStart(5)} ms  ${value}`)),
        catchError((err: unknown) => {
          const at = String(Date.now() - started).padStart(5);
          if (err instanceof AsCompletedTimeoutError) console.log(`  ${at} ms  ${err.message}`);
          else if (err instanceof TimeoutError) console.log(`  ${at} ms  timed out`);
          else console.log(`  ${at} ms  error: ${(err as Error).message}`);
          const cancelled = traces.filter((trace) => trace.end?.outcome === 'cancelled');
          console.log(
            `            cancelled on error: ${cancelled.map((trace) => trace.call.name).join(', ')}`,
          );
          return EMPTY;
        }),
      )
      .subscribe({ complete: resolve });
  });
}

async function main(): Promise<void> {
  await runSettled();
  await runFailFast();
  await runFetchDemo();
}

void main();
