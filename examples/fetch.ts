/**
 * Part of `npm start`: real HTTP requests with `fetch`, to a server this example starts on
 * 127.0.0.1, once as input factories and once as plain Promises. The server prints what it sees on its
 * side of each connection: with factories, no more requests in flight than `concurrent` allows, and the
 * stragglers aborted at the deadline; with Promises, every request sent at once and answered after the
 * deadline, since a Promise cannot be cancelled.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { catchError, EMPTY, Observable, tap } from 'rxjs';
import { forkAsCompleted, type InputFactory } from '../src';

const services: Record<string, number> = {
  profile: 150,
  inventory: 250,
  cart: 300,
  reviews: 600,
  recommendations: 1300,
  ads: 1500,
};

const DEADLINE = 1000;
const CONCURRENT = 3;

/** Answers `/name` after that service's latency, and logs each request's arrival, answer or abort. */
class ServiceServer {
  private inFlight = 0;
  /** Requests answered so far, in all. */
  answered = 0;
  /** The most requests in flight at once since `reset()`. */
  maxInFlight = 0;
  private readonly server: Server;
  started = performance.now();

  /** Starts the clock and the in-flight maximum again, for the next part. */
  reset(): void {
    this.started = performance.now();
    this.maxInFlight = 0;
  }

  constructor() {
    this.server = createServer((request, response) => {
      const name = (request.url ?? '/').slice(1);
      this.log(`${name} received`, +1);
      const timer = setTimeout(() => {
        this.answered++;
        this.log(`${name} answered`, -1);
        response.end(`${name} ok`);
      }, services[name] ?? 0);
      response.on('close', () => {
        if (response.writableEnded) return;
        clearTimeout(timer);
        this.log(`${name} aborted by the client`, -1);
      });
    });
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Resolves once the server has answered `count` requests in all. */
  async answeredAtLeast(count: number): Promise<void> {
    while (this.answered < count) await new Promise((resolve) => setTimeout(resolve, 20));
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private log(what: string, change: 1 | -1): void {
    this.inFlight += change;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    const at = String(Math.round(performance.now() - this.started)).padStart(5);
    console.log(`  ${at} ms  server: ${what.padEnd(38)} in flight: ${this.inFlight}`);
  }
}

/** Subscribes, prints each result and how the output ended, and resolves when it has. */
function show(output: Observable<string>, server: ServiceServer): Promise<void> {
  const at = (): string => String(Math.round(performance.now() - server.started)).padStart(5);
  return new Promise((resolve) => {
    output
      .pipe(
        tap((body) => console.log(`  ${at()} ms  result: ${body}`)),
        catchError((error: unknown) => {
          console.log(`  ${at()} ms  ${error instanceof Error ? error.message : String(error)}`);
          return EMPTY;
        }),
      )
      .subscribe({ complete: resolve });
  });
}

export async function runFetchDemo(): Promise<void> {
  const server = new ServiceServer();
  const origin = await server.listen();
  const names = Object.keys(services);
  const options = { concurrent: CONCURRENT, timeout: DEADLINE };

  console.log(
    `\nforkAsCompleted(factories, { concurrent: ${CONCURRENT}, timeout: ${DEADLINE} }): (signal) => fetch(url, { signal })\n`,
  );
  const request =
    (name: string): InputFactory<string> =>
    (signal) =>
      fetch(`${origin}/${name}`, { signal }).then((response) => response.text());
  server.reset();
  await show(forkAsCompleted(names.map(request), options), server);
  // Let the aborts reach the server before the next part starts.
  await new Promise((resolve) => setTimeout(resolve, 100));
  console.log(`            the server saw at most ${server.maxInFlight} requests in flight at once`);

  console.log(
    `\nforkAsCompleted(promises, { concurrent: ${CONCURRENT}, timeout: ${DEADLINE} }): fetch(url), already running\n`,
  );
  server.reset();
  const answeredBefore = server.answered;
  const promises = names.map((name) => fetch(`${origin}/${name}`).then((response) => response.text()));
  await show(forkAsCompleted(promises, options), server);
  // The operator has let go of the Promises; the requests go on, and the server answers each of them.
  await server.answeredAtLeast(answeredBefore + names.length);
  console.log(
    `            the server saw ${server.maxInFlight} requests in flight at once, and answered every one, the late ones after the deadline`,
  );
  await server.close();
}
