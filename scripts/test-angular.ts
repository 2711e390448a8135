/**
 * `npm run test:angular` (after `npm run build`, on Node 22.22.3+ or 24.15+, which the Angular 22 CLI
 * requires: `bash scripts/with-node.sh 24 npm run test:angular` brings one): the Angular workspace of
 * examples/angular, as an app uses the package.
 *
 * 1. `npm pack` of the build, installed into the workspace after its `npm ci` (with `--no-save`, so its
 *    package-lock.json stays the CLI's).
 * 2. `ng test` (Vitest, zoneless: zone.js is not loaded), then `ng test -c fake-async`, the specs that use
 *    Angular's `fakeAsync`, with zone.js in the polyfills of that configuration only (angular.json), then
 *    `ng build`, which must print no warning; the bundle must carry `asCompleted` and
 *    `forkAsCompletedSnapshots` and none of the other exports' modules, nor zone.js: the app stays zoneless.
 * 3. The built app served on 127.0.0.1 with a fake API and opened in headless Chromium. The supplier API
 *    has one fast supplier, one slow, one past the 3 s deadline of `QuoteService`: the page must list the
 *    quotes in arrival order, and the API must see the late request aborted at the deadline. The user
 *    API answers the dashboard's four calls at different times, one with HTTP 503 and one past its 3 s
 *    deadline: the panels must fill one by one, and picking another user mid-load must abort the first
 *    user's calls still running, as the API sees.
 *
 *   --screenshot FILE   also writes a PNG of the dashboard mid-load there (docs/angular-dashboard.png)
 *
 * Prints the time of each step.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
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

/** The deadline of the dashboard, `DASHBOARD_DEADLINE` in examples/angular/src/app/dashboard.ts. */
const DASHBOARD_DEADLINE = 3000;

const PEOPLE = [
  { name: 'Ada Lovelace', city: 'London' },
  { name: 'Grace Hopper', city: 'New York' },
  { name: 'Alan Turing', city: 'Manchester' },
];

/** How the user API answers each call of the dashboard, for every user: after `delay` ms, a body or a status. */
const USER_API: Readonly<
  Record<
    string,
    { readonly delay: number } & ({ readonly status: number } | { readonly body: (id: string) => unknown })
  >
> = {
  profile: { delay: 150, body: (id) => PEOPLE[Number(id) - 1] },
  activity: { delay: 400, status: 503 },
  orders: {
    delay: 2000,
    body: (id) => [
      { id: `${id}-1`, total: 40 },
      { id: `${id}-2`, total: 80 },
    ],
  },
  recommendations: { delay: 20_000, body: () => ['Notes on the Analytical Engine'] },
};

const screenshotPath = process.argv.includes('--screenshot')
  ? resolve(process.argv[process.argv.indexOf('--screenshot') + 1])
  : null;

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
  for (const module of ['as-completed.js', 'fork-as-completed-snapshots.js', 'core/snapshots.js']) {
    assert.ok(
      bundled.some((line) => line.startsWith(`dist/esm/${module} `)),
      `the ES module build of ${module} is bundled`,
    );
  }
  const unused = bundled.filter((line) => /settled|entries|fork-as-completed\.js/.test(line));
  assert.deepEqual(unused, [], 'modules of exports the app does not import are bundled');
  const zone = Object.values(stats.outputs)
    .flatMap((output) => Object.keys(output.inputs ?? {}))
    .filter((path) => path.includes('node_modules/zone.js/'));
  assert.deepEqual(zone, [], 'zone.js, which only the fakeAsync specs load, is bundled');
}

interface Request {
  /** The path under /api/. */
  readonly path: string;
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

/**
 * The built app, the fake supplier API under /api/suppliers/:supplier/quotes/:sku, and the fake user API
 * under /api/users/:id/:call.
 */
async function serve(): Promise<Site> {
  const files = join(distribution, 'browser');
  const requests: Request[] = [];
  let firstRequest: number | null = null;
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const quote = /^\/api\/suppliers\/([a-z]+)\/quotes\/([a-z0-9-]+)$/.exec(path);
    const user = /^\/api\/users\/([1-3])\/([a-z]+)$/.exec(path);
    const answer =
      quote !== null && quote[1] in SUPPLIERS
        ? {
            delay: SUPPLIERS[quote[1]].delay,
            status: 200,
            body: { supplier: quote[1], sku: quote[2], price: SUPPLIERS[quote[1]].price },
          }
        : user !== null && user[2] in USER_API
          ? (({ delay, ...rest }) => ({
              delay,
              ...('status' in rest
                ? { status: rest.status, body: null }
                : { status: 200, body: rest.body(user[1]) }),
            }))(USER_API[user[2]])
          : null;
    if (path.startsWith('/api/')) {
      if (answer === null) return void response.writeHead(404).end();
      firstRequest ??= performance.now();
      const since = (): number => Math.round(performance.now() - firstRequest!);
      const entry: Request = { path: path.slice('/api/'.length), at: since() };
      requests.push(entry);
      const timer = setTimeout(() => {
        entry.ended = { kind: 'answered', at: since() };
        response
          .writeHead(answer.status, { 'content-type': 'application/json' })
          .end(JSON.stringify(answer.body));
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

/** Writes a PNG of `selector` at twice its CSS size, for screens of high density. */
async function screenshot(page: Page, selector: string, path: string): Promise<void> {
  const box = await page.locator(selector).boundingBox();
  assert.ok(box !== null, `${selector} is on the page`);
  const devTools = await page.context().newCDPSession(page);
  const { data } = await devTools.send('Page.captureScreenshot', {
    format: 'png',
    clip: { ...box, scale: 2 },
  });
  writeFileSync(path, Buffer.from(data, 'base64'));
  console.log(`screenshot: ${path}`);
}

/** Each panel of the dashboard as `status: text`, by its call. */
function readPanels(page: Page): Promise<Record<string, string>> {
  return page
    .locator('#dashboard article')
    .evaluateAll((nodes) =>
      Object.fromEntries(
        nodes.map((node) => [
          node.id.replace('panel-', ''),
          `${(node as HTMLElement).dataset['status']}: ${node.querySelector('p')?.textContent?.trim()}`,
        ]),
      ),
    );
}

async function checkInBrowser(): Promise<void> {
  const site = await serve();
  try {
    const seen = await withPage(site.origin, async (page) => {
      const items = (): Promise<string[]> =>
        page
          .locator('#quotes li')
          .evaluateAll((nodes) => nodes.map((node) => node.textContent?.trim() ?? ''));
      const progress = async (): Promise<string> => (await page.locator('#progress').innerText()).trim();
      await page.waitForSelector('#quotes li', { timeout: 15_000 });
      const first = await items();
      // Mid-load: the failed call has settled, the slow ones have not.
      await page.waitForSelector('#panel-activity[data-status="rejected"]', { timeout: 15_000 });
      const midLoad = { progress: await progress(), panels: await readPanels(page) };
      if (screenshotPath !== null) await screenshot(page, '#dashboard', screenshotPath);
      await page.locator('#user').selectOption('2');
      await page.waitForSelector('#done', { timeout: 15_000 });
      await page.waitForSelector('#dashboard[data-done="true"]', { timeout: 15_000 });
      return {
        first,
        all: await items(),
        done: (await page.locator('#done').innerText()).trim(),
        midLoad,
        final: { progress: await progress(), panels: await readPanels(page) },
      };
    });
    // Let the server see the aborted requests' connections close.
    await new Promise((wait) => setTimeout(wait, 300));
    console.log(
      `page: first ${JSON.stringify(seen.first)}, then ${JSON.stringify(seen.all)}, "${seen.done}"`,
    );
    console.log(`dashboard mid-load: ${JSON.stringify(seen.midLoad)}`);
    console.log(`dashboard of user 2: ${JSON.stringify(seen.final)}`);
    console.log(`API: ${JSON.stringify(site.requests)}`);

    assert.deepEqual(seen.first, ['globex: 11'], 'the fast supplier is listed alone first');
    assert.deepEqual(seen.all, ['globex: 11', 'acme: 12'], 'the quotes are listed in arrival order');
    assert.equal(seen.done, '2 of 3 suppliers answered in time.');
    const quotes = site.requests.filter(({ path }) => path.startsWith('suppliers/'));
    const outcome = Object.fromEntries(quotes.map(({ path, ended }) => [path.split('/')[1], ended?.kind]));
    assert.deepEqual(outcome, { acme: 'answered', globex: 'answered', initech: 'aborted' });
    const late = quotes.find(({ path }) => path.startsWith('suppliers/initech/'))!;
    const abortedAfter = late.ended!.at - late.at;
    // The deadline counts from subscription, a little before the request reaches the server; the
    // upper bound leaves room for a loaded machine, far below the 20 s the supplier would take.
    assert.ok(
      abortedAfter >= DEADLINE - 300 && abortedAfter < DEADLINE + 2000,
      `the late request is aborted at the deadline (after ${abortedAfter} ms)`,
    );
    console.log(`the late request was aborted ${abortedAfter} ms after it arrived (deadline ${DEADLINE} ms)`);

    assert.deepEqual(seen.midLoad, {
      progress: '2 of 4 panels settled…',
      panels: {
        profile: 'fulfilled: Ada Lovelace, London',
        orders: 'pending: Loading…',
        activity: 'rejected: Unavailable (HTTP 503)',
        recommendations: 'pending: Loading…',
      },
    });
    assert.deepEqual(seen.final, {
      progress: 'All 4 panels settled.',
      panels: {
        profile: 'fulfilled: Grace Hopper, New York',
        orders: 'fulfilled: 2 orders, 120 € in all',
        activity: 'rejected: Unavailable (HTTP 503)',
        recommendations: `timeout: No answer within ${DASHBOARD_DEADLINE / 1000} s`,
      },
    });
    const call = (id: string, name: string): Request => {
      const request = site.requests.find(({ path }) => path === `users/${id}/${name}`);
      assert.ok(request !== undefined, `the API saw users/${id}/${name}`);
      return request;
    };
    const outcomes = (id: string): Record<string, string | undefined> =>
      Object.fromEntries(Object.keys(USER_API).map((name) => [name, call(id, name).ended?.kind]));
    assert.deepEqual(outcomes('1'), {
      profile: 'answered',
      activity: 'answered',
      orders: 'aborted',
      recommendations: 'aborted',
    });
    assert.deepEqual(outcomes('2'), {
      profile: 'answered',
      activity: 'answered',
      orders: 'answered',
      recommendations: 'aborted',
    });
    // Picking user 2 aborts user 1's running calls as it starts user 2's, long before their answers.
    const switched = call('2', 'profile').at;
    for (const name of ['orders', 'recommendations']) {
      const { ended } = call('1', name);
      assert.ok(
        Math.abs(ended!.at - switched) < 300,
        `users/1/${name} is aborted when user 2 is picked (at ${ended!.at} ms; user 2's calls came at ${switched} ms)`,
      );
    }
    const slow = call('2', 'recommendations');
    const cutAfter = slow.ended!.at - slow.at;
    assert.ok(
      cutAfter >= DASHBOARD_DEADLINE - 300 && cutAfter < DASHBOARD_DEADLINE + 2000,
      `users/2/recommendations is aborted at the dashboard's deadline (after ${cutAfter} ms)`,
    );
    console.log(
      `user 1's running calls were aborted when user 2 was picked, at ${switched} ms; ` +
        `user 2's slow call ${cutAfter} ms after it arrived (deadline ${DASHBOARD_DEADLINE} ms)`,
    );
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
