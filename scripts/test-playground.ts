/**
 * `npm run test:playground` (after `npm run build`): builds the marble playground, serves it on
 * 127.0.0.1 and checks it in headless Chromium: every shipped example, an edit, a broken marble, a
 * share link, the three exports and the keyboard path, at desktop width and at 360 px. Prints how
 * long the first drawing and each redraw take (no assertion on them).
 *
 *   --screenshots DIR   also writes desktop.png and narrow.png there
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { computeDiagram, formatDiagram, jestTest, parseDraft, runDiagram } from '../marbles/engine';
import { rxjs7Driver } from '../marbles/engine/rxjs7';
import { loadDiagramFiles } from '../marbles/node';
import * as entry from '../src';
import { ensureChromium, withPage } from './chromium';
import { buildSite, serveSite } from './playground';

const root = resolve(__dirname, '..');
const examples = loadDiagramFiles();

interface Timing {
  readonly example: string | null;
  readonly milliseconds: number;
  readonly sinceNavigation: number;
}

const updates = (page: Page): Promise<number> => page.evaluate(() => window.playground.updates);

/** Runs `act`, then waits until the page has finished one more update than before. */
async function afterUpdate(page: Page, act: () => Promise<unknown>): Promise<void> {
  const before = await updates(page);
  await act();
  await page.waitForFunction((count) => window.playground.updates > count, before, { timeout: 20_000 });
}

const output = (page: Page): Promise<string> => page.getByRole('status', { name: 'output' }).innerText();
const editor = (page: Page) => page.getByRole('textbox', { name: 'diagram source', exact: true });
const drawing = (page: Page): Promise<string> => page.locator('#drawing').innerHTML();

/** The exports of a shipped diagram, made by the same engine in Node, against the package's sources. */
async function nodeExports(name: string, text: string): Promise<{ source: string; jest: string }> {
  const draft = parseDraft(name, text);
  const run = await runDiagram(rxjs7Driver(entry), draft, { frameBound: 1000 });
  const { diagram } = computeDiagram(draft, run, entry);
  return { source: formatDiagram(diagram), jest: jestTest(diagram, run, entry) };
}

type Check = [string, (page: Page) => Promise<void>];

const checks: Check[] = [
  [
    'each shipped example draws, and its "output" text is the output line of its committed source',
    async (page) => {
      for (const { name, diagram } of examples) {
        await afterUpdate(page, () => page.getByLabel('Example').selectOption(name));
        assert.equal(await output(page), diagram.output.marbles, name);
        assert.match(await drawing(page), /<svg[^>]*role="img"/, name);
        assert.equal(await page.locator('#error').isHidden(), true, name);
        assert.match(await page.locator('#check').innerText(), /agrees with the operator/, name);
      }
    },
  ],
  [
    'editing an input changes the output, and the check says where the typed output line differs',
    async (page) => {
      await afterUpdate(page, () => page.getByLabel('Example').selectOption('deadline'));
      const source = await editor(page).inputValue();
      // b now completes at frame 10, the deadline itself, which it loses to.
      await afterUpdate(page, () => editor(page).fill(source.replace('b = -2|', 'b = -----2|')));
      assert.equal(await output(page), '--------1-#');
      const check = await page.locator('#check').innerText();
      assert.match(check, /output\t6\t2\tnothing/);
      assert.match(check, /output\t10\t# = .*pending: \[2\].*\t# = .*pending: \[1, 2\], emitted: 1/);
      assert.match(
        await page.locator('#legend').innerText(),
        /AsCompletedTimeoutError \{ pending: \[1, 2\], emitted: 1, timeout: 10 \}/,
      );
    },
  ],
  [
    'a broken marble shows the error inline with its line and column, and keeps the last drawing',
    async (page) => {
      await afterUpdate(page, () => page.getByLabel('Example').selectOption('completion-order'));
      const good = await drawing(page);
      const source = await editor(page).inputValue();
      await afterUpdate(page, () => editor(page).fill(source.replace('b = --2|', 'b = --(2|')));
      const lineOf = (text: string): number =>
        source.split('\n').findIndex((line) => line.includes(text)) + 1;
      const error = page.getByRole('alert');
      assert.equal(
        await error.innerText(),
        `Line ${lineOf('b = --2|')}, column 7: '(' is never closed: --(2|`,
      );
      assert.equal(await editor(page).getAttribute('aria-invalid'), 'true');
      assert.equal(await drawing(page), good);
      const operatorLine = lineOf('> asCompleted()');
      await afterUpdate(page, () =>
        editor(page).fill(source.replace('asCompleted()', 'asCompleted({ concurrent: 0 })')),
      );
      assert.match(
        await error.innerText(),
        new RegExp(`^Line ${operatorLine}, column 3: RangeError: asCompleted`),
      );
      await afterUpdate(page, () => editor(page).fill(source.replace('asCompleted()', 'asCompleted(x)')));
      assert.equal(
        await error.innerText(),
        `Line ${operatorLine}, column 15: ReferenceError: x is not defined`,
      );
      assert.equal(await drawing(page), good);
    },
  ],
  [
    'a run that cannot end stops at the frame bound with a message',
    async (page) => {
      await afterUpdate(page, () =>
        editor(page).fill('a = -1\n\n-a|\ntitle = source\n\n> asCompleted(5000)'),
      );
      assert.match(await page.locator('#notes').innerText(), /stopped at frame 1000/);
      await afterUpdate(page, () => editor(page).fill('a = -1\n\n-a|\ntitle = source\n\n> asCompleted()'));
      assert.match(await page.locator('#notes').innerText(), /never completes/);
    },
  ],
  [
    'a share link round-trips, and a source too large for a link says so',
    async (page) => {
      await afterUpdate(page, () => page.getByLabel('Example').selectOption('settled'));
      await page.getByRole('button', { name: 'Copy share link' }).click();
      const link = await page.getByLabel('Exported text').inputValue();
      assert.match(link, /#%25_The_settled_flavour/);
      assert.match(link, /\/%3E_asCompletedSettled\(10\)\/\//);
      const opened = await page.context().newPage();
      try {
        await opened.goto(link);
        await opened.waitForFunction(() => window.playground?.updates > 0);
        assert.equal(
          await editor(opened).inputValue(),
          examples.find(({ name }) => name === 'settled')!.text,
        );
        assert.equal(await output(opened), '-----B--A-(C|)');
        // Written by hand: newlines as '/', spaces as '_', '>' as it is.
        await opened.goto(`${link.split('#')[0]}#a_=_---1|//-a|/title_=_source//>_asCompleted()`);
        await opened.waitForFunction(() => document.getElementById('output')?.textContent === '-----(1|)');
      } finally {
        await opened.close();
      }
      const huge = `% ${'x'.repeat(3000)}\n${examples[0].text}`;
      await afterUpdate(page, () => editor(page).fill(huge));
      await page.getByRole('button', { name: 'Copy share link' }).click();
      assert.match(await page.locator('#export-status').innerText(), /too large for a link: \d+ characters/);
    },
  ],
  [
    "the exports round-trip: the source and the Jest test are the engine's, the SVG is the committed one",
    async (page) => {
      for (const { name, text } of examples) {
        await afterUpdate(page, () => page.getByLabel('Example').selectOption(name));
        const expected = await nodeExports(name, text);
        await page.getByRole('button', { name: 'Copy diagram source' }).click();
        const source = await page.getByLabel('Exported text').inputValue();
        assert.equal(source, text, `${name}: the exported source is the committed one`);
        await afterUpdate(page, () => editor(page).fill(source));
        assert.equal(
          await output(page),
          examples.find((example) => example.name === name)!.diagram.output.marbles,
        );
        await page.getByRole('button', { name: 'Copy Jest test' }).click();
        assert.equal(
          await page.getByLabel('Exported text').inputValue(),
          expected.jest,
          `${name}: the Jest test`,
        );
        const [download] = await Promise.all([
          page.waitForEvent('download'),
          page.getByRole('button', { name: 'Download SVG' }).click(),
        ]);
        assert.equal(download.suggestedFilename(), `${name}.svg`);
        const svg = readFileSync(await download.path(), 'utf8');
        assert.equal(svg, readFileSync(join(root, 'marbles', `${name}.svg`), 'utf8'), `${name}: the SVG`);
      }
    },
  ],
  [
    'the keyboard path: Tab to the example picker, choose with the arrows, edit, export',
    async (page) => {
      await page.goto(page.url().split('#')[0]);
      await page.waitForFunction(() => window.playground?.updates > 0);
      const focused = (): Promise<string> => page.evaluate(() => document.activeElement?.id ?? '');
      for (let presses = 0; (await focused()) !== 'example'; presses++) {
        assert.ok(presses < 10, 'the example picker is reached with Tab');
        await page.keyboard.press('Tab');
      }
      const first = await output(page);
      await afterUpdate(page, () => page.keyboard.press('ArrowDown'));
      assert.notEqual(await output(page), first);
      await page.keyboard.press('Tab');
      assert.equal(await focused(), 'source');
      await page.keyboard.press('Control+Home');
      await afterUpdate(page, () => page.keyboard.type('% Typed with the keyboard.\n'));
      await page.keyboard.press('Tab');
      assert.equal(await focused(), 'copy-source');
      await page.keyboard.press('Enter');
      assert.equal(await page.getByLabel('Exported text').inputValue(), await editor(page).inputValue());
    },
  ],
  [
    'at 360 px wide nothing overflows the page and every control is on screen',
    async (page) => {
      await page.setViewportSize({ width: 360, height: 800 });
      await afterUpdate(page, () => page.getByLabel('Example').selectOption('fork-dictionary'));
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 360, `the page is ${width} px wide`);
      for (const control of await page.locator('button, select, textarea').all()) {
        const box = await control.boundingBox();
        assert.ok(
          box !== null && box.x >= 0 && box.x + box.width <= 360,
          `${await control.evaluate((e) => e.id)} fits`,
        );
      }
      await page.setViewportSize({ width: 1280, height: 900 });
    },
  ],
];

async function screenshots(page: Page, folder: string): Promise<void> {
  mkdirSync(folder, { recursive: true });
  const base = page.url().split('#')[0];
  await page.goto('about:blank');
  await page.goto(`${base}#example=deadline`);
  await page.waitForFunction(() => document.getElementById('output')?.textContent === '------2-1-#');
  await page.setViewportSize({ width: 1200, height: 660 });
  await page.screenshot({ path: join(folder, 'desktop.png') });
  await page.setViewportSize({ width: 360, height: 800 });
  await page.screenshot({ path: join(folder, 'narrow.png'), fullPage: true });
  console.log(`screenshots: ${join(folder, 'desktop.png')}, ${join(folder, 'narrow.png')}`);
}

async function main(): Promise<void> {
  ensureChromium();
  const { minified, gzipped } = await buildSite();
  console.log(`playground JavaScript: ${minified} B minified, ${gzipped} B minified and gzipped`);
  const { server, url } = await serveSite(0);
  const screenshotFolder = process.argv.includes('--screenshots')
    ? process.argv[process.argv.indexOf('--screenshots') + 1]
    : null;
  let failed = 0;
  try {
    await withPage(url, async (page) => {
      const consoleErrors: string[] = [];
      page.context().on('console', (message) => {
        if (message.type() === 'error') consoleErrors.push(message.text());
      });
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.waitForFunction(() => window.playground?.updates > 0, undefined, { timeout: 20_000 });
      const [first] = await page.evaluate(() => window.playground.timings.splice(0));
      console.log(
        `first drawing: ${first.milliseconds.toFixed(1)} ms to run and draw, done ${first.sinceNavigation.toFixed(0)} ms after navigation started`,
      );
      const timings: Timing[] = [];
      for (const [name, check] of checks) {
        try {
          await check(page);
          timings.push(...(await page.evaluate(() => window.playground.timings.splice(0))));
          console.log(`✓ ${name}`);
        } catch (error) {
          failed++;
          console.log(`✗ ${name}\n  ${String(error).replace(/\n/g, '\n  ')}`);
        }
      }
      const redraws = new Map<string, number[]>();
      for (const { example, milliseconds } of timings)
        if (example !== null) redraws.set(example, [...(redraws.get(example) ?? []), milliseconds]);
      console.log('\nredraw, run and draw, per shipped example (median of the redraws in this run):');
      for (const { name } of examples) {
        const times = (redraws.get(name) ?? []).sort((left, right) => left - right);
        const median = times[Math.floor(times.length / 2)];
        console.log(
          `  ${name.padEnd(18)} ${median === undefined ? '-' : `${median.toFixed(1)} ms`} (${times.length} redraws)`,
        );
      }
      if (consoleErrors.length > 0) {
        failed++;
        console.log(`✗ the console stayed free of errors\n  ${consoleErrors.join('\n  ')}`);
      } else {
        console.log('\n✓ the console stayed free of errors');
      }
      if (screenshotFolder !== null) await screenshots(page, screenshotFolder);
    });
  } finally {
    server.closeAllConnections();
    server.close();
  }
  console.log(`\nplayground: ${checks.length + 1 - failed} passed, ${failed} failed`);
  if (failed > 0) process.exit(1);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
