import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the server saw of one request: its arrival, its answer, or the client going away before it. */
export type ServerEventKind = 'received' | 'answered' | 'aborted';

export interface ServerEvent {
  /** Milliseconds since the server started listening. */
  readonly at: number;
  readonly id: string;
  readonly kind: ServerEventKind;
  /** Requests in flight (received, neither answered nor aborted) once this event is counted. */
  readonly inFlight: number;
}

export interface RequestOptions {
  /** How long the server waits before answering. */
  readonly delay: number;
  /** Answer 500 to the first `failFirst` requests with this id, then 200. */
  readonly failFirst?: number;
}

/**
 * An HTTP server on 127.0.0.1 that answers `GET /work?id=…&delay=…` with the id after the delay, and
 * records what it sees, on its own side of the connection: a request the client aborts is one whose
 * response closes before the server has ended it.
 */
export class SlowServer {
  readonly events: ServerEvent[] = [];
  /** What the client side noted, for the log only: when it subscribed, when the output ended. */
  private readonly marks: { readonly at: number; readonly text: string }[] = [];
  private inFlight = 0;
  private readonly started = performance.now();
  private readonly failures = new Map<string, number>();

  private constructor(
    private readonly server: Server,
    private readonly origin: string,
  ) {}

  static async start(): Promise<SlowServer> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const slowServer = new SlowServer(server, `http://127.0.0.1:${port}`);
    server.on('request', (request, response) => {
      const query = new URL(request.url ?? '/', slowServer.origin).searchParams;
      const id = query.get('id') ?? '?';
      const failFirst = Number(query.get('failFirst') ?? 0);
      slowServer.record(id, 'received', +1);
      let answered = false;
      const timer = setTimeout(
        () => {
          answered = true;
          const failed = slowServer.failures.get(id) ?? 0;
          const status = failed < failFirst ? 500 : 200;
          if (status === 500) slowServer.failures.set(id, failed + 1);
          slowServer.record(id, 'answered', -1);
          response.writeHead(status, { 'content-type': 'text/plain' }).end(id);
        },
        Number(query.get('delay') ?? 0),
      );
      response.on('close', () => {
        if (answered) return;
        clearTimeout(timer);
        slowServer.record(id, 'aborted', -1);
      });
    });
    return slowServer;
  }

  url(id: string, { delay, failFirst = 0 }: RequestOptions): string {
    return `${this.origin}/work?${new URLSearchParams({ id, delay: String(delay), failFirst: String(failFirst) })}`;
  }

  /** Milliseconds since the server started listening, on the clock of its events. */
  now(): number {
    return performance.now() - this.started;
  }

  /** The kinds of event seen for one request id, in order. */
  eventsOf(id: string): ServerEventKind[] {
    return this.events.filter((event) => event.id === id).map((event) => event.kind);
  }

  find(id: string, kind: ServerEventKind): ServerEvent | undefined {
    return this.events.find((event) => event.id === id && event.kind === kind);
  }

  get maxInFlight(): number {
    return Math.max(0, ...this.events.map((event) => event.inFlight));
  }

  /** Notes a client-side moment in the log, on the server's clock. */
  mark(text: string): void {
    this.marks.push({ at: this.now(), text });
  }

  /** The log as lines, server events and client marks by time: `+  1503 ms  slow  aborted  (in flight: 0)`. */
  log(): string[] {
    const stamp = (at: number): string => `+${at.toFixed(0).padStart(6)} ms`;
    return [
      ...this.events.map((event) => ({
        at: event.at,
        line: `${stamp(event.at)}  server  ${event.id.padEnd(12)} ${event.kind.padEnd(8)} (in flight: ${event.inFlight})`,
      })),
      ...this.marks.map((mark) => ({ at: mark.at, line: `${stamp(mark.at)}  client  ${mark.text}` })),
    ]
      .sort((a, b) => a.at - b.at)
      .map((entry) => entry.line);
  }

  /** Resolves once `condition` holds; rejects, with the log, if it does not within `withinMs`. */
  async until(condition: () => boolean, withinMs = 10_000): Promise<void> {
    const giveUp = performance.now() + withinMs;
    while (!condition()) {
      if (performance.now() > giveUp) {
        throw new Error(`the server did not see it within ${withinMs} ms:\n${this.log().join('\n')}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** Stops listening and drops the connections the client keeps alive. */
  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) =>
      this.server.close((error) => (error === undefined ? resolve() : reject(error))),
    );
  }

  private record(id: string, kind: ServerEventKind, change: 1 | -1): void {
    this.inFlight += change;
    this.events.push({ at: this.now(), id, kind, inFlight: this.inFlight });
  }
}
