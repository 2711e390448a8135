/**
 * `npm run test:angular` (after `npm run build`, on Node 22.22.3+ or 24.15+, which the Angular 22 CLI
 * requires: `bash scripts/with-node.sh 24 npm run test:angular` brings one): the Angular workspace of
 * examples/angular, as an app uses the package.
 *
 * 1. `npm pack` of the build, installed into the workspace after its `npm ci` (with `--no-save`, so its
 *    package-lock.json stays the CLI's).
 * 2. `ng test` (Vitest, zoneless: zone.js is not loaded), then `ng test -c fake-async`, the specs that use
 *    Angular's `fakeAsync`, with zone.js in the polyfills of that configuration only (angular.json), then
 *    `ng build`, which must print no warning; the bundle must carry `asCompleted` and none of the other
 *    exports' modules, nor zone.js: the app stays zoneless.
 * 3. The built app served on 127.0.0.1 with a fake supplier API (one fast, one slow, one past the
 *    3 s deadline of `QuoteService`) and opened in headless Chromium: the page must list the quotes in
 *    arrival order, and the API must see the late request aborted at the deadline.
 *
 * Prints the time of each step.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { ensureChromium, withPage } from './chromium';

const root = resolve(__dirname, '..');
const workspace = join(root, 'examples/angular');
const distribution = join(workspace, 'dist/angular');

/** The deadline of `QuoteService.quotes`, in examples/angular/src/app/quote.service.ts. */
const DEADLINE = 3000;

/** How long each supplier of the fake API takes to answer; the app asks them in this order. */
const SUPPLIERS: Readonly<Record<string, { readonly delay: number; readonly price: number }>> = {
  acme: { delay: 1200, price: 12 },
  globex: { delay: 150, price: 11 },
  initech: { delay: 20_000, price: 9 },
};

const timings: [string, number][] = [];

async function step<T>(name: string, run: () => T | Promise<T>): Promise<T> {
  console.log(`\n-- ${name}`);
  const start = performance.now();
  try {
    return await run();
  } finally {
    timings.push([name, (performance.now() - start) / 1000]);
  }
}

/** Runs a command, echoing its output; returns the output, throws if it fails. */
function run(command: string, args: readonly string[], cwd: string): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const output = `${result.stdout}${result.stderr}`;
  process.stdout.write(output);
  if (result.error !== undefined) throw result.error;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${result.status}`);
  return output;
}

function checkNode(): void {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (!((major === 22 && minor >= 22) || major >= 24)) {
    throw new Error(
      `the Angular 22 CLI needs Node 22.22.3+ or 24.15+; this is ${process.version}. ` +
        'Run `bash scripts/with-node.sh 24 npm run test:angular`.',
    );
  }
}

function packAndInstall(): void {
  if (!existsSync(join(root, 'dist/esm/index.js'))) throw new Error('no dist/: run `npm run build` first');
  const packDirectory = mkdtempSync(join(tmpdir(), 'rxjs-as-completed-pack-'));
  try {
    run('npm', ['pack', '--pack-destination', packDirectory], root);
    const [tarball] = readdirSync(packDirectory).filter((file) => file.endsWith('.tgz'));
    run('npm', ['ci', '--no-audit', '--no-fund'], workspace);
    run('npm', ['install', '--no-save', '--no-audit', '--no-fund', join(packDirectory, tarball)], workspace);
  } finally {
    rmSync(packDirectory, { recursive: true, force: true });
  }
}

/** The bundle carries the operator and nothing of the exports the app does not import. */
function checkBundle(buildOutput: string): void {
  const warnings = buildOutput.split('\n').filter((line) => /warning/i.test(line));
  assert.deepEqual(warnings, [], 'ng build printed warnings');
  const stats = JSON.parse(readFileSync(join(distribution, 'browser-stats.json'), 'utf8')) as {
    outputs: Record<string, { inputs?: Record<string, { bytesInOutput: number }> }>;
  };
  const bundled = Object.values(stats.outputs)
    .flatMap((output) => Object.entries(output.inputs ?? {}))
    .filter(
      ([path, { bytesInOutput }]) => path.includes('node_modules/rxjs-as-completed/') && bytesInOutput > 0,
    )
    .map(
      ([path, { bytesInOutput }]) =>
        `${path.replace(/.*node_modules\/rxjs-as-completed\//, '')} ${bytesInOutput} B`,
    );
  console.log(`rxjs-as-completed in the bundle:\n  ${bundled.join('\n  ')}`);
  assert.ok(
    bundled.some((line) => line.startsWith('dist/esm/as-completed.js ')),
    'the ES module build of asCompleted is bundled',
  );
  const unused = bundled.filter((line) => /settled|fork/.test(line));
  assert.deepEqual(unused, [], 'modules of exports the app does not import are bundled');
  const zone = Object.values(stats.outputs)
    .flatMap((output) => Object.keys(output.inputs ?? {}))
    .filter((path) => path.includes('node_modules/zone.js/'));
  assert.deepEqual(zone, [], 'zone.js, which only the fakeAsync specs load, is bundled');
}

interface Request {
  readonly supplier: string;
  /** Milliseconds since the first API request, when this one arrived. */
  readonly at: number;
  /** When the response was sent, or when the client closed the connection before it. */
  ended?: { readonly kind: 'answered' | 'aborted'; readonly at: number };
}

interface Site {
  readonly server: Server;
  readonly origin: string;
  readonly requests: Request[];
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
};

/** The built app, and the fake supplier API under /api/suppliers/:supplier/quotes/:sku. */
async function serve(): Promise<Site> {
  const files = join(distribution, 'browser');
  const requests: Request[] = [];
  let firstRequest: number | null = null;
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const api = /^\/api\/suppliers\/([a-z]+)\/quotes\/([a-z0-9-]+)$/.exec(path);
    if (api !== null) {
      const [, supplier, sku] = api;
      const answer = SUPPLIERS[supplier];
      if (answer === undefined) return void response.writeHead(404).end();
      firstRequest ??= performance.now();
      const since = (): number => Math.round(performance.now() - firstRequest!);
      const entry: Request = { supplier, at: since() };
      requests.push(entry);
      const timer = setTimeout(() => {
        entry.ended = { kind: 'answered', at: since() };
        response
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ supplier, sku, price: answer.price }));
      }, answer.delay);
      response.on('close', () => {
        if (response.writableFinished) return;
        clearTimeout(timer);
        entry.ended = { kind: 'aborted', at: since() };
      });
      return;
    }
    const file = path === '/' ? 'index.html' : path.slice(1);
    const known = readdirSync(files).includes(file);
    response
      .writeHead(known ? 200 : 404, { 'content-type': CONTENT_TYPES[extname(file)] ?? 'text/plain' })
      .end(known ? readFileSync(join(files, file)) : undefined);
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

async function checkInBrowser(): Promise<void> {
  const site = await serve();
  try {
    const seen = await withPage(site.origin, async (page) => {
      const items = (): Promise<string[]> =>
        page
          .locator('#quotes li')
          .evaluateAll((nodes) => nodes.map((node) => node.textContent?.trim() ?? ''));
      await page.waitForSelector('#quotes li', { timeout: 15_000 });
      const first = await items();
      await page.waitForSelector('#done', { timeout: 15_000 });
      return { first, all: await items(), done: (await page.locator('#done').innerText()).trim() };
    });
    // Let the server see the aborted request's connection close.
    await new Promise((wait) => setTimeout(wait, 300));
    console.log(
      `page: first ${JSON.stringify(seen.first)}, then ${JSON.stringify(seen.all)}, "${seen.done}"`,
    );
    console.log(`API: ${JSON.stringify(site.requests)}`);

    assert.deepEqual(seen.first, ['globex: 11'], 'the fast supplier is listed alone first');
    assert.deepEqual(seen.all, ['globex: 11', 'acme: 12'], 'the quotes are listed in arrival order');
    assert.equal(seen.done, '2 of 3 suppliers answered in time.');
    const outcome = Object.fromEntries(site.requests.map(({ supplier, ended }) => [supplier, ended?.kind]));
    assert.deepEqual(outcome, { acme: 'answered', globex: 'answered', initech: 'aborted' });
    const late = site.requests.find(({ supplier }) => supplier === 'initech')!;
    const abortedAfter = late.ended!.at - late.at;
    // The deadline counts from subscription, a little before the request reaches the server; the
    // upper bound leaves room for a loaded machine, far below the 20 s the supplier would take.
    assert.ok(
      abortedAfter >= DEADLINE - 300 && abortedAfter < DEADLINE + 2000,
      `the late request is aborted at the deadline (after ${abortedAfter} ms)`,
    );
    console.log(`the late request was aborted ${abortedAfter} ms after it arrived (deadline ${DEADLINE} ms)`);
  } finally {
    site.server.closeAllConnections();
    site.server.close();
  }
}

async function main(): Promise<void> {
  checkNode();
  console.log(`Node ${process.version}`);
  try {
    await step('pack and install', packAndInstall);
    await step('ng test', () => run('npx', ['ng', 'test', '--watch=false'], workspace));
    await step('ng test -c fake-async', () =>
      run('npx', ['ng', 'test', '-c', 'fake-async', '--watch=false'], workspace),
    );
    const output = await step('ng build', () => run('npx', ['ng', 'build', '--stats-json'], workspace));
    await step('bundle check', () => checkBundle(output));
    await step('chromium', ensureChromium);
    await step('the built app in headless Chromium', checkInBrowser);
    console.log('\nangular: every check passed');
  } finally {
    console.log(
      `\n${timings.map(([name, seconds]) => `${name.padEnd(40)} ${seconds.toFixed(1)} s`).join('\n')}`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
