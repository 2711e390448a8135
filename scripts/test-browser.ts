/**
 * `npm run test:browser` (after `npm run build`): bundles examples/browser with esbuild from the
 * published package, serves it from localhost with an API whose endpoints answer after a given delay,
 * runs it in headless Chromium with real timers, and checks the emissions the page recorded.
 * Installs Debian's chromium when it is missing; fails when it cannot.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import type { Emission } from '../examples/browser/main';
import { ensureChromium, withPage } from './chromium';

const DEADLINE = 2000;

const root = resolve(__dirname, '..');

async function bundleExample(): Promise<string> {
  const result = await build({
    entryPoints: [join(root, 'examples/browser/main.ts')],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    write: false,
    logLevel: 'warning',
    // Resolve rxjs-as-completed by its name, through its exports map, as an app does.
    tsconfigRaw: '{}',
  });
  return result.outputFiles[0].text;
}

interface Api {
  readonly server: Server;
  readonly origin: string;
  /** Names of the requests the page gave up on before they were answered, in order. */
  readonly aborted: string[];
}

async function serve(script: string): Promise<Api> {
  const page = readFileSync(join(root, 'examples/browser/index.html'), 'utf8');
  const aborted: string[] = [];
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname === '/') {
      response.writeHead(200, { 'content-type': 'text/html' }).end(page);
    } else if (url.pathname === '/main.js') {
      response.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    } else if (url.pathname.startsWith('/api/')) {
      const name = url.pathname.slice('/api/'.length);
      const delay = Number(url.searchParams.get('delay'));
      const status = Number(url.searchParams.get('status') ?? 200);
      const timer = setTimeout(() => {
        response
          .writeHead(status, { 'content-type': 'application/json' })
          .end(JSON.stringify({ name, delay }));
      }, delay);
      response.on('close', () => {
        if (!response.writableFinished) {
          clearTimeout(timer);
          aborted.push(name);
        }
      });
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, aborted };
}

async function readEmissions(origin: string): Promise<Emission[]> {
  return withPage(origin, async (page) => {
    await page.waitForSelector('body[data-done="true"]', { timeout: 15_000 });
    console.log(`${await page.locator('#log').innerText()}\n`);
    return await page.evaluate(() => window.emissions);
  });
}

function summary(emissions: readonly Emission[], run: string): unknown[] {
  return emissions.filter((emission) => emission.run === run).map(({ kind, value }) => ({ kind, value }));
}

function timeOf(emissions: readonly Emission[], run: string, kind: Emission['kind']): number {
  const emission = emissions.find((candidate) => candidate.run === run && candidate.kind === kind);
  assert.ok(emission, `${run} has a ${kind} notification`);
  return emission.at;
}

const checks: [string, (emissions: readonly Emission[], aborted: readonly string[]) => void][] = [
  [
    'asCompleted emits the responses in completion order, then the timeout error naming the pending input',
    (emissions) =>
      assert.deepEqual(summary(emissions, 'asCompleted'), [
        { kind: 'next', value: { name: 'cart', delay: 100 } },
        { kind: 'next', value: { name: 'profile', delay: 300 } },
        { kind: 'next', value: { name: 'stock', delay: 600 } },
        { kind: 'error', value: { name: 'TimeoutError', pending: [3], emitted: 3, timeout: DEADLINE } },
      ]),
  ],
  [
    'asCompleted emits each response no sooner than its delay, and times out at the deadline',
    (emissions) => {
      const times = emissions
        .filter((emission) => emission.run === 'asCompleted')
        .map((emission) => emission.at);
      [100, 300, 600].forEach((delay, position) =>
        assert.ok(times[position] >= delay, `${times[position]} >= ${delay}`),
      );
      const timeout = timeOf(emissions, 'asCompleted', 'error');
      assert.ok(timeout >= DEADLINE - 5 && timeout < DEADLINE + 1000, `timed out at ${timeout} ms`);
    },
  ],
  [
    'forkAsCompletedSettled emits keyed records in completion order, the timeout record, then completes',
    (emissions) =>
      assert.deepEqual(summary(emissions, 'forkAsCompletedSettled'), [
        {
          kind: 'next',
          value: {
            index: 1,
            key: 'reviews',
            status: 'rejected',
            error: { name: 'Error', message: 'reviews: HTTP 503' },
          },
        },
        {
          kind: 'next',
          value: { index: 0, key: 'profile', status: 'fulfilled', value: { name: 'profile', delay: 300 } },
        },
        { kind: 'next', value: { index: 2, key: 'ads', status: 'timeout' } },
        { kind: 'complete', value: undefined },
      ]),
  ],
  [
    'forkAsCompletedSettled completes at the deadline',
    (emissions) => {
      const complete = timeOf(emissions, 'forkAsCompletedSettled', 'complete');
      assert.ok(complete >= DEADLINE - 5 && complete < DEADLINE + 1000, `completed at ${complete} ms`);
    },
  ],
  [
    'the requests still pending at each deadline are aborted, and only those',
    (_emissions, aborted) => assert.deepEqual(aborted, ['ads', 'ads']),
  ],
];

async function main(): Promise<void> {
  ensureChromium();
  const script = await bundleExample();
  const api = await serve(script);
  let emissions: Emission[];
  try {
    emissions = await readEmissions(api.origin);
    // Let the server see the aborted requests' connections close.
    await new Promise((wait) => setTimeout(wait, 200));
  } finally {
    api.server.closeAllConnections();
    api.server.close();
  }
  console.log(`requests aborted by the page: ${JSON.stringify(api.aborted)}\n`);
  let failed = 0;
  for (const [name, check] of checks) {
    try {
      check(emissions, api.aborted);
      console.log(`✓ ${name}`);
    } catch (error) {
      failed++;
      console.log(`✗ ${name}\n  ${String(error).replace(/\n/g, '\n  ')}`);
    }
  }
  console.log(`\nbrowser: ${checks.length - failed} passed, ${failed} failed`);
  if (failed > 0) process.exit(1);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
