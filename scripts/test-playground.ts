/**
 * `npm run test:playground` (after `npm run build`): builds the marble playground, serves it on
 * 127.0.0.1 and checks it in headless Chromium, one check per promise of the page: no stale or wrong
 * result, drawings that keep their size, the marks of time, hover and focus, one announcement per
 * pause, contrast in both colour schemes, messages, kept drafts, the clock, dragging, onboarding,
 * the exports and the narrow layout. Prints the page weight and the redraw times, typing and dragging.
 *
 *   --screenshots DIR   also writes page-{1280,360}-{light,dark}.png there
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import {
  buildTimeline,
  computeDiagram,
  formatDiagram,
  formatValue,
  jestTest,
  marbleFrames,
  parseDraft,
  runDiagram,
} from '../marbles/engine';
import { rxjs7Driver } from '../marbles/engine/rxjs7';
import { loadDiagramFiles } from '../marbles/node';
import * as entry from '../src';
import { ensureChromium, withPage } from './chromium';
import { buildSite, serveSite } from './playground';

const root = resolve(__dirname, '..');
const examples = loadDiagramFiles();
const PLAYGROUND_BUDGET_BYTES = 150_000;

interface Timing {
  readonly example: string | null;
  readonly origin: string;
  readonly milliseconds: number;
}

const updates = (page: Page): Promise<number> => page.evaluate(() => window.playground.updates);

/** Runs `act`, then waits until the page has finished one more update than before. */
async function afterUpdate(page: Page, act: () => Promise<unknown>): Promise<void> {
  const before = await updates(page);
  await act();
  await page.waitForFunction((count) => window.playground.updates > count, before, { timeout: 20_000 });
}

const editor = (page: Page) => page.getByRole('textbox', { name: 'diagram source', exact: true });
const output = (page: Page): Promise<string> => page.locator('#output').innerText();
const text = (page: Page, selector: string): Promise<string> => page.locator(selector).innerText();
/** The text of SVG elements, which have no innerText. */
const svgText = async (page: Page, selector: string): Promise<string> =>
  (await page.locator(selector).allTextContents()).join(' ');
const pick = (page: Page, name: string): Promise<void> =>
  afterUpdate(page, () => page.getByLabel('Example').selectOption(name));
const type = (page: Page, source: string): Promise<void> =>
  afterUpdate(page, () => editor(page).fill(source));

/** Opens the page afresh at `hash`, and waits for its first drawing. */
async function open(page: Page, base: string, hash = ''): Promise<void> {
  await page.goto('about:blank');
  await page.goto(`${base}${hash}`);
  await page.waitForFunction(() => window.playground?.updates > 0, undefined, { timeout: 20_000 });
}

/** The exports of a shipped diagram, made by the same engine in Node, against the package's sources. */
async function nodeRun(name: string, text: string) {
  const draft = parseDraft(name, text);
  const run = await runDiagram(rxjs7Driver(entry), draft, { frameBound: 1000 });
  const { diagram } = computeDiagram(draft, run, entry);
  return { diagram, run, source: formatDiagram(diagram), jest: jestTest(diagram, run, entry) };
}

/** The smallest size a marble label is shown at, in CSS pixels, whatever the drawing's scale. */
const smallestLabel = (page: Page): Promise<number> =>
  page.evaluate(() => {
    const svg = document.querySelector<SVGSVGElement>('#drawing svg')!;
    const scale = svg.getBoundingClientRect().width / svg.width.baseVal.value;
    const sizes = Array.from(svg.querySelectorAll('.m-ev text')).map(
      (label) => Number(label.getAttribute('font-size')) * scale,
    );
    return Math.min(...sizes);
  });

/** The x of a frame on the ruler, read from the drawing: where frame 0's tick is, and one frame's width. */
const frameX = (page: Page, frame: number): Promise<number> =>
  page.evaluate((at) => {
    const ticks = Array.from(document.querySelectorAll('#drawing .m-ruler text'));
    const zero = ticks.find((tick) => tick.textContent === '0')!;
    const five = ticks.find((tick) => tick.textContent === '5')!;
    const x0 = Number(zero.getAttribute('x'));
    return x0 + ((Number(five.getAttribute('x')) - x0) / 5) * at;
  }, frame);

/** Relative luminance of an `rgb(r, g, b)` colour, as WCAG defines it. */
function luminance(color: string): number {
  const [r, g, b] = (color.match(/[\d.]+/g) ?? []).slice(0, 3).map((channel) => {
    const c = Number(channel) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** The lowest contrast of any text of the drawing against what is behind it (a marble, or the background). */
async function lowestContrast(page: Page): Promise<{ ratio: number; text: string }> {
  const pairs = await page.evaluate(() => {
    const svg = document.querySelector('#drawing svg')!;
    const background = getComputedStyle(svg.querySelector('.m-bg')!).fill;
    return Array.from(svg.querySelectorAll('text')).map((label) => {
      const behind = label.previousElementSibling;
      const marble = behind?.tagName === 'circle' && label.closest('.m-ev') !== null;
      return {
        text: label.textContent ?? '',
        ink: getComputedStyle(label).fill,
        behind: marble ? getComputedStyle(behind).fill : background,
      };
    });
  });
  let lowest = { ratio: Infinity, text: '' };
  for (const { text: label, ink, behind } of pairs) {
    const [light, dark] = [luminance(ink), luminance(behind)].sort((left, right) => right - left);
    const ratio = (light + 0.05) / (dark + 0.05);
    if (ratio < lowest.ratio) lowest = { ratio, text: label };
  }
  return lowest;
}

/** The lowest contrast of the page's own text (not the drawing's) against the background behind it. */
async function lowestPageContrast(page: Page): Promise<{ ratio: number; text: string }> {
  const pairs = await page.evaluate(() =>
    Array.from(document.body.querySelectorAll<HTMLElement>('*'))
      .filter(
        (element) =>
          element.closest('svg') === null &&
          element.checkVisibility() &&
          Array.from(element.childNodes).some(
            (node) => node.nodeType === Node.TEXT_NODE && (node.textContent ?? '').trim() !== '',
          ),
      )
      .map((element) => {
        let behind: HTMLElement | null = element;
        while (behind !== null && getComputedStyle(behind).backgroundColor === 'rgba(0, 0, 0, 0)')
          behind = behind.parentElement;
        return {
          text: (element.textContent ?? '').trim().slice(0, 40),
          ink: getComputedStyle(element).color,
          behind: getComputedStyle(behind ?? document.documentElement).backgroundColor,
        };
      }),
  );
  let lowest = { ratio: Infinity, text: '' };
  for (const { text: label, ink, behind } of pairs) {
    const [light, dark] = [luminance(ink), luminance(behind)].sort((left, right) => right - left);
    const ratio = (light + 0.05) / (dark + 0.05);
    if (ratio < lowest.ratio) lowest = { ratio, text: label };
  }
  return lowest;
}

type Check = [string, (page: Page, base: string) => Promise<void>];

const checks: Check[] = [
  [
    'each shipped example draws what its committed source says, explains itself in full, and agrees',
    async (page, base) => {
      await open(page, base);
      for (const { name, diagram } of examples) {
        await pick(page, name);
        assert.equal(await output(page), diagram.output.marbles, name);
        assert.equal(await page.locator('#error').isHidden(), true, name);
        assert.match(await text(page, '#check'), /agrees with the operator/, name);
        assert.equal(await page.locator('#scroll-hint').isHidden(), true, `${name} fits at 1280 px`);
        const about = page.locator('#about');
        assert.equal(await about.innerText(), diagram.description.join(' '), `${name}: its explanation`);
        assert.ok(await about.evaluate((box) => box.scrollWidth <= box.clientWidth), `${name}: not cut off`);
      }
    },
  ],
  [
    'a source that does not run leaves no result that looks current, and disables the exports',
    async (page, base) => {
      await open(page, base, '#example=completion-order');
      const source = await editor(page).inputValue();
      const broken = [
        source.replace('b = --2|', 'b = --(2|'),
        source.replace(/\n\n/g, '\n'),
        source.replace('asCompleted()', 'asComplete()'),
      ];
      for (const text of broken) {
        await type(page, text);
        assert.equal(await page.locator('#error').isVisible(), true);
        assert.match(await output(page), /^none: the source does not run$/);
        for (const panel of ['#legend', '#check', '#notes', '#events'])
          assert.equal(await page.locator(panel).innerText(), '', `${panel} is cleared`);
        assert.match(await page.locator('#python').innerText(), /^None while the source does not run/);
        assert.match(
          (await page.locator('#drawing').getAttribute('data-stale')) ?? '',
          /does not run: this drawing is of an earlier version/,
        );
        for (const name of ['Copy diagram source', 'Download SVG', 'Copy Jest test'])
          assert.equal(await page.getByRole('button', { name }).isDisabled(), true, `${name} is disabled`);
        assert.equal(await page.getByRole('slider', { name: 'frame' }).isDisabled(), true);
      }
      await type(page, source);
      assert.equal(await output(page), '-------2-1-3|');
      for (const name of ['Copy diagram source', 'Download SVG', 'Copy Jest test'])
        assert.equal(await page.getByRole('button', { name }).isEnabled(), true, `${name} is enabled again`);
      assert.equal(await page.locator('#drawing').getAttribute('data-stale'), null);
    },
  ],
  [
    'a value of any character is drawn, listed and exported as itself; messages name classes as Node does',
    async (page, base) => {
      await open(page, base);
      for (const [source, value] of [
        ['--é|\ntitle = a\n\n> forkAsCompleted([a], 5)', 'é'],
        ['a = --$|\n\n-a|\ntitle = source\n\n> asCompleted()', '$'],
        ["a = --'|\n\n-a|\ntitle = source\n\n> asCompletedSettled()", "'"],
      ] as const) {
        await type(page, source);
        const expected = await nodeRun('diagram', source);
        assert.equal(await page.locator('#error').isHidden(), true, source);
        assert.equal(await output(page), expected.diagram.output.marbles);
        assert.doesNotMatch(await text(page, '#legend'), /undefined/);
        assert.ok(
          (await page.locator('#drawing .m-ev text').allTextContents()).includes(value),
          `${value} is drawn as itself`,
        );
        await page.getByRole('button', { name: 'Copy Jest test' }).click();
        assert.equal(await page.getByLabel('Exported text').inputValue(), expected.jest);
      }
      await type(page, '-1|\ntitle = a\n\n--2|\ntitle = b\n\n> forkAsCompleted(a, b)');
      const error = await text(page, '#error');
      assert.match(error, /forkAsCompleted/);
      assert.match(error, /Observable/, `names the class: ${error}`);
      assert.doesNotMatch(error, /\bgot an? [a-z]\b/, `no minified name: ${error}`);
    },
  ],
  [
    'labels stay 12 px or more at 360 px, for the examples, twenty inputs and a 600-frame line: the drawing scrolls',
    async (page, base) => {
      await page.setViewportSize({ width: 360, height: 740 });
      try {
        await open(page, base);
        for (const { name } of examples) {
          await pick(page, name);
          const smallest = await smallestLabel(page);
          assert.ok(smallest >= 12, `${name}: labels at ${smallest} px`);
        }
        const letters = [...'abcdefghijklmnopqrst'];
        await type(
          page,
          `${letters.map((letter, index) => `${'-'.repeat(index + 1)}${index}|\ntitle = ${letter}`).join('\n\n')}\n\n> forkAsCompleted([${letters.join(', ')}], 30)`,
        );
        assert.ok((await smallestLabel(page)) >= 12, 'twenty inputs');
        await type(page, `${'-'.repeat(600)}1|\ntitle = a\n\n> forkAsCompleted([a])`);
        assert.ok((await smallestLabel(page)) >= 12, 'a 600-frame line');
        assert.ok(
          await page.locator('#drawing').evaluate((box) => box.scrollWidth > box.clientWidth),
          'the drawing scrolls',
        );
        assert.equal(await page.locator('#scroll-hint').isVisible(), true, 'and says so');
        // Scrolled to the right, the row titles stay in view, pinned to the left edge.
        await pick(page, 'deadline');
        await page.locator('#drawing').evaluate((box) => box.scrollTo({ left: 200 }));
        const pinned = await page.evaluate(() => {
          const titles = document.querySelector('#drawing .m-titles')!;
          return {
            left:
              titles.getBoundingClientRect().left -
              document.getElementById('drawing')!.getBoundingClientRect().left,
            texts: Array.from(titles.querySelectorAll('text')).map((title) => title.textContent.trim()),
          };
        });
        assert.ok(Math.abs(pinned.left) <= 1, `the titles are ${pinned.left} px from the edge`);
        assert.deepEqual(pinned.texts, ['source', 'a', 'b', 'c', 'output']);
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(width <= 360, `the page itself stays 360 px wide, not ${width}`);
      } finally {
        await page.setViewportSize({ width: 1280, height: 800 });
      }
    },
  ],
  [
    'time is drawn: a ruler, a teardown mark where the line ends, own deadlines, the abort, status colours with a key',
    async (page, base) => {
      await open(page, base, '#example=deadline');
      const ruler = await page.locator('#drawing .m-ruler text').allTextContents();
      assert.deepEqual(ruler.slice(0, 4), ['0', '5', '10', '15']);
      const cut = page.locator('#drawing .m-row[data-label="c"] .m-cut');
      assert.equal(await cut.count(), 1, 'c has one teardown mark');
      assert.match((await cut.getAttribute('data-tip')) ?? '', /frame 10: c is torn down by the deadline/);
      const line = await page.evaluate(() => {
        const solid = document.querySelector('#drawing .m-row[data-label="c"] line[class="m-line"]')!;
        return Number(solid.getAttribute('x2'));
      });
      assert.equal(line, await frameX(page, 10), "c's line ends at the teardown, frame 10");
      assert.match(
        await page
          .locator('#drawing .m-row[data-label="c"] .m-ev')
          .first()
          .getAttribute('data-tip')
          .then(String),
        /frame 15: c would have emitted '3'/,
      );
      assert.match(await svgText(page, '#drawing .m-through'), /deadline/);
      // The marks tell what they are on hover, as the marbles do.
      await cut.hover();
      assert.equal(await text(page, '#tip'), 'frame 10: c is torn down by the deadline');
      await page.mouse.move(0, 0);

      await pick(page, 'each');
      const own = await page
        .locator('#drawing .m-each')
        .evaluateAll((marks) => marks.map((mark) => mark.getAttribute('data-tip')));
      assert.deepEqual(own, [
        "a's own deadline (each: 6): frame 6",
        "b's own deadline (each: 6): frame 6",
        "c's own deadline (each: 6): frame 9",
      ]);
      assert.match(
        (await page.locator('#drawing .m-row[data-label="b"] .m-cut').getAttribute('data-tip')) ?? '',
        /frame 6: b is torn down by its own deadline/,
      );

      await pick(page, 'signal');
      assert.match(await svgText(page, '#drawing .m-through'), /abort/);
      assert.match(
        (await page.locator('#drawing .m-row[data-label="b"] .m-cut').getAttribute('data-tip')) ?? '',
        /frame 5: b is torn down by the signal/,
      );

      // Colours follow the status, whatever the letter: the same status, the same class, in every example.
      const expected: Record<string, string[]> = {
        settled: ['m-rejected', 'm-fulfilled', 'm-timeout'],
        'fork-dictionary': ['m-rejected', 'm-fulfilled', 'm-timeout'],
        signal: ['m-fulfilled', 'm-aborted', 'm-aborted'],
        each: ['m-fulfilled', 'm-timeout', 'm-fulfilled'],
      };
      for (const [name, classes] of Object.entries(expected)) {
        await pick(page, name);
        const drawn = await page
          .locator('#drawing .m-row[data-label="output"] .m-ev circle')
          .evaluateAll((circles) => circles.map((circle) => circle.getAttribute('class')));
        assert.deepEqual(drawn, classes, name);
        const key = await svgText(page, '#drawing .m-key');
        for (const status of classes) assert.match(key, new RegExp(status.slice(2)), `${name}: the key`);
      }
    },
  ],
  [
    'hover and keyboard focus show a marble’s frame and value',
    async (page, base) => {
      await open(page, base, '#example=settled');
      await page.locator('#drawing .m-row[data-label="output"] .m-ev').first().hover();
      assert.equal(await page.locator('#tip').isVisible(), true);
      assert.match(
        await text(page, '#tip'),
        /^frame 5: output emits B = \{ index: 1, status: 'rejected', error: 'error' \}$/,
      );
      await page.mouse.move(0, 0);
      await page.locator('#drawing').focus();
      await page.keyboard.press('Home');
      const first = await page.evaluate(() => document.activeElement?.getAttribute('aria-label'));
      assert.equal(first, 'frame 1: source emits the input a');
      assert.equal(await text(page, '#tip'), first);
      await page.keyboard.press('End');
      assert.equal(await text(page, '#tip'), 'frame 16: c would have completed');
      await page.keyboard.press('ArrowLeft');
      assert.equal(await text(page, '#tip'), "frame 15: c would have emitted '3'");
    },
  ],
  [
    'one polite status after a pause, and a drawing with a title, a description and its events frame by frame',
    async (page, base) => {
      await open(page, base);
      assert.equal(await page.locator('[role="alert"]').count(), 0, 'no alert fires while typing');
      await type(page, 'a = --1|\n\nb = ----2|\n\n-ab|\ntitle = source\n\n');
      await page.waitForTimeout(1300);
      await page.evaluate(() => {
        const counter = window as unknown as { announced: string[] };
        counter.announced = [];
        new MutationObserver(() =>
          counter.announced.push(document.getElementById('status')!.textContent ?? ''),
        ).observe(document.getElementById('status')!, {
          childList: true,
          characterData: true,
          subtree: true,
        });
      });
      await editor(page).press('Control+End');
      await page.keyboard.type('> asCompleted(3)', { delay: 40 });
      await page.waitForTimeout(1600);
      const announced = await page.evaluate(() => (window as unknown as { announced: string[] }).announced);
      const typed = await nodeRun('diagram', await editor(page).inputValue());
      assert.deepEqual(announced, [
        `Runs: output ${typed.diagram.output.marbles}. No output line of yours to compare.`,
      ]);
      await type(
        page,
        examples.find(({ name }) => name === 'deadline')!.text.replace('------2-1-#', '-----2--1-#'),
      );
      await page.waitForFunction(() =>
        /disagrees at frame 5/.test(document.getElementById('status')!.textContent ?? ''),
      );
      await type(page, 'a = --(1|\n\n-a|\ntitle = source\n\n> asCompleted()');
      await page.waitForFunction(() =>
        /^Error at line 1: /.test(document.getElementById('status')!.textContent ?? ''),
      );

      await open(page, base, '#example=deadline');
      const file = readFileSync(join(root, 'marbles/deadline.svg'), 'utf8');
      assert.match(file, /^<svg [^>]*role="img" aria-labelledby="marble-title marble-desc"/);
      assert.match(file, /<title id="marble-title">Marble diagram of asCompleted\(10\)<\/title>/);
      assert.match(
        file,
        /<desc id="marble-desc">Frame 0: source is subscribed\. .*Frame 10: .*c is torn down by the deadline/,
      );
      const events = await page.locator('#events li').allTextContents();
      assert.equal(events[0], 'Frame 0: source is subscribed.');
      assert.ok(
        events.some((event) => /^Frame 6: .*input b completes.*output emits '2'/.test(event)),
        events.join('\n'),
      );
    },
  ],
  [
    'text contrast is 4.5:1 or more in the drawing, faded marbles included, and on the page, light and dark; dark follows the system',
    async (page, base) => {
      for (const colorScheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme });
        await open(page, base);
        for (const { name } of examples) {
          await pick(page, name);
          const { ratio, text: label } = await lowestContrast(page);
          assert.ok(ratio >= 4.5, `${colorScheme}, ${name}: "${label}" at ${ratio.toFixed(2)}:1`);
        }
        const text_ = await lowestPageContrast(page);
        assert.ok(
          text_.ratio >= 4.5,
          `${colorScheme}, the page: "${text_.text}" at ${text_.ratio.toFixed(2)}:1`,
        );
        await type(page, 'a = --(1|\n\n-a|\ntitle = source\n\n> asCompleted()');
        const stale = await lowestPageContrast(page);
        assert.ok(
          stale.ratio >= 4.5,
          `${colorScheme}, an error: "${stale.text}" at ${stale.ratio.toFixed(2)}:1`,
        );
        const page_ = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
        assert.equal(page_, colorScheme === 'dark' ? 'rgb(13, 17, 23)' : 'rgb(255, 255, 255)');
      }
      await page.emulateMedia({ colorScheme: 'light' });
    },
  ],
  [
    'messages say what is wrong and how to fix it',
    async (page, base) => {
      await open(page, base);
      const cases: [string, RegExp][] = [
        [
          'source = -abc|\n\n-a|\ntitle = s\n\n> asCompleted()',
          /^Line 1, column 1: "source" cannot name a stream: .* put "title = source" on the line under it$/,
        ],
        ['ab = --1|\n\n-a|\ntitle = s\n\n> asCompleted()', /^Line 1, column 1: "ab" cannot name a stream/],
        [
          'a = 3ms 1|\n\n-a|\ntitle = s\n\n> asCompleted()',
          /^Line 1, column 5: time progressions such as "3ms" are not read here: .* write "---" instead/,
        ],
        [
          'a = -1|\n\n-a|\ntitle = s\n\n> asCompleted(',
          /^Line 6, column 14: '\(' is never closed: add '\)' where it ends$/,
        ],
        [
          'a = -1|\n\n-a|\ntitle = s\n\n> asComplete(6)',
          /^Line 6, column 3: ReferenceError: asComplete is not defined: did you mean asCompleted\?$/,
        ],
        [
          'a = -1|\n\n-a|\ntitle = s\n\n> asCompleted',
          /^Line 6, column 3: TypeError: asCompleted is a function: call it, as in "> asCompleted\(10\)"$/,
        ],
      ];
      for (const [source, message] of cases) {
        await type(page, source);
        assert.match(await text(page, '#error'), message);
        assert.equal((await text(page, '#error')).match(/column/g)?.length, 1, 'one position');
      }
      await type(page, 'a = -1|\n\n-a|\ntitle = s\n\n> asCompleted()');
      assert.match(
        await text(page, '#check'),
        /No output line to compare\. Add the output .* "title = output"/,
      );
      assert.equal(await page.locator('#check table').count(), 0, 'no table of differences');
    },
  ],
  [
    'your work is kept: an example keeps your draft to come back to, and a diagram too long for the URL says so',
    async (page, base) => {
      await open(page, base);
      await page.evaluate(() => localStorage.clear());
      await pick(page, '');
      assert.match(await editor(page).inputValue(), /^% Your own diagram/);
      assert.match(await text(page, '#check'), /No output line to compare/);
      const draft = 'a = ---1|\n\n-a|\ntitle = source\n\n> asCompleted(9)\n';
      await type(page, draft);
      await pick(page, 'deadline');
      await afterUpdate(page, () => page.getByRole('button', { name: 'Back to your draft' }).click());
      assert.equal(await editor(page).inputValue(), draft);
      await pick(page, 'settled');
      await pick(page, '');
      assert.equal(await editor(page).inputValue(), draft, '"(your own)" is the draft');

      const huge = `% ${'x'.repeat(3000)}\n${draft}`;
      await type(page, huge);
      assert.match(
        await text(page, '#link-note'),
        /too long for the address bar \(\d+ characters once encoded, over 2000\)/,
      );
      assert.equal(new URL(page.url()).hash, '#draft');
      await open(page, page.url().split('#')[0], '#draft');
      assert.equal(await editor(page).inputValue(), huge, 'a reload brings the long draft back');
      await page.getByRole('button', { name: 'Copy share link' }).click();
      assert.match(await text(page, '#export-status'), /too large for a link: \d+ characters/);
    },
  ],
  [
    'the clock steps through virtual time: what was emitted, what is pending, the time left',
    async (page, base) => {
      await open(page, base, '#example=deadline');
      const slider = page.getByRole('slider', { name: 'frame' });
      await slider.fill('6');
      assert.equal(await text(page, '#clock-readout'), 'Frame 6 · emitted: 2 · pending: a · deadline in 4');
      await page.getByRole('button', { name: 'next frame' }).click();
      assert.equal(
        await text(page, '#clock-readout'),
        'Frame 7 · emitted: 2 · pending: a, c · deadline in 3',
      );
      assert.equal(await page.locator('#drawing .m-cursor').count(), 1);
      assert.ok((await page.locator('#drawing .m-later').count()) > 0, 'what comes later is dimmed');
      await slider.fill('10');
      assert.match(
        await text(page, '#clock-readout'),
        /^Frame 10 · emitted: 2, 1 · the output errored at frame 10$/,
      );
      assert.match((await slider.getAttribute('aria-valuetext')) ?? '', /^Frame 10/);
      await slider.fill((await slider.getAttribute('max'))!);
      await page.getByRole('button', { name: 'Play' }).click();
      assert.equal(await slider.inputValue(), '0', 'play starts from frame 0 when the clock is at the end');
      await page.waitForFunction(
        () => Number((document.getElementById('clock') as HTMLInputElement).value) >= 2,
      );
      await page.getByRole('button', { name: 'Pause' }).click();
      const paused = await slider.inputValue();
      await page.waitForTimeout(600);
      assert.equal(await slider.inputValue(), paused, 'pause stops it');
      await pick(page, 'each');
      await slider.fill('4');
      assert.equal(
        await text(page, '#clock-readout'),
        'Frame 4 · emitted: A · pending: b (own deadline in 2), c (own deadline in 5)',
      );
      await pick(page, 'concurrent');
      await slider.fill('1');
      assert.equal(
        await text(page, '#clock-readout'),
        'Frame 1 · nothing emitted yet · pending: a, b · queued: c · deadline in 9',
      );
    },
  ],
  [
    'dragging a marble moves it to another frame: the source changes and the operator runs again',
    async (page, base) => {
      await open(page, base, '#example=deadline');
      const marble = page.locator('#drawing .m-row[data-label="b"] .m-ev').first();
      const box = (await marble.boundingBox())!;
      const step = (await frameX(page, 1)) - (await frameX(page, 0));
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.down();
      // Out four frames, back three, out again: ten redraws to time, ending four frames later.
      for (const frames of [1, 2, 3, 4, 3, 2, 1, 2, 3, 4])
        await afterUpdate(page, () =>
          page.mouse.move(box.x + box.width / 2 + frames * step, box.y + box.height / 2),
        );
      await page.mouse.up();
      const source = await editor(page).inputValue();
      assert.match(source, /^b = -----2\|$/m, 'b emits 4 frames later, and completes as long after');
      assert.equal(await output(page), (await nodeRun('diagram', source)).diagram.output.marbles);
      assert.match(await text(page, '#check'), /disagrees/);

      // The keyboard's drag: Shift+ArrowLeft moves the focused marble a frame earlier, and it keeps the focus.
      await page.locator('#drawing .m-row[data-label="b"] .m-ev').first().focus();
      await afterUpdate(page, () => page.keyboard.press('Shift+ArrowLeft'));
      assert.match(await editor(page).inputValue(), /^b = ----2-\|$/m);
      assert.match(
        (await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))) ?? '',
        /^frame 8: b emits '2'$/,
      );
    },
  ],
  [
    'snapshots are drawn as a table of each input’s record, emission by emission, the new ones marked, in step with the clock',
    async (page, base) => {
      const table = (): Promise<string[][]> =>
        page
          .locator('#snapshots tr')
          .evaluateAll((rows) =>
            rows.map((row) =>
              Array.from(
                row.children,
                (cell) => `${cell.textContent}${cell.classList.contains('changed') ? ' (new)' : ''}`,
              ),
            ),
          );
      /** The table of `source`'s snapshots, from the same diagram run in Node against the package's sources. */
      const expected = async (source: string, names: readonly string[]): Promise<string[][]> => {
        const { run, diagram } = await nodeRun('diagram', source);
        const symbols = marbleFrames(diagram.output.marbles)
          .filter(({ kind }) => kind === 'N')
          .map(({ symbol }) => symbol);
        type Records = Record<string, { status: string; value?: unknown }>;
        let previous: Records | null = null;
        const rows = run.output
          .filter(({ notification }) => notification.kind === 'N')
          .map(({ frame, notification }, position) => {
            const { records, settled, pending, done } = notification.value as {
              records: Records;
              settled: number;
              pending: number;
              done: boolean;
            };
            const cells = Object.entries(records).map(
              ([key, record]) =>
                `${record.status}${record.status === 'fulfilled' ? ` ${formatValue(record.value)}` : ''}` +
                `${previous !== null && previous[key] !== record ? ' (new)' : ''}`,
            );
            previous = records;
            return [
              String(frame),
              symbols[position],
              ...cells,
              `${settled} of ${settled + pending}${done ? ', done' : ''}`,
            ];
          });
        return [['frame', 'value', ...names, 'settled'], ...rows];
      };

      await open(page, base, '#example=snapshots');
      const shipped = examples.find(({ name }) => name === 'snapshots')!.text;
      const rows = await table();
      assert.deepEqual(rows, await expected(shipped, ['a', 'b']));
      assert.deepEqual(
        rows[1].slice(2),
        ['pending', 'pending', '0 of 2'],
        'the first snapshot has every input pending',
      );
      assert.match(
        rows[rows.length - 1].join(' '),
        /timeout \(new\) 2 of 2, done$/,
        'the last is done, b timed out',
      );
      const slider = page.getByRole('slider', { name: 'frame' });
      const currentRow = (): Promise<string> => text(page, '#snapshots tr[aria-current]');
      await slider.fill('2');
      assert.match(await text(page, '#clock-readout'), /· latest snapshot P: 0 of 2 settled$/);
      assert.match(await currentRow(), /^0\tP\t/);
      await slider.fill('3');
      assert.match(await text(page, '#clock-readout'), /· latest snapshot A: 1 of 2 settled$/);
      assert.match(await currentRow(), /^3\tA\t/);

      // Your own: a dictionary, whose columns are its keys; an error and a deadline among the records.
      const own =
        '--1|\ntitle = a\n\n-----#\ntitle = b\n\n----------3|\ntitle = c\n\n> forkAsCompletedSnapshots({ c, a, b }, 8)\n';
      await type(page, own);
      assert.deepEqual(await table(), await expected(own, ['c', 'a', 'b']));
      assert.match((await table()).map((row) => row.join(' ')).join('\n'), /rejected \(new\)/);

      await pick(page, 'settled');
      assert.equal(
        await page.locator('#snapshots').isHidden(),
        true,
        'no table for records that are not snapshots',
      );
    },
  ],
  [
    'a syntax cheat sheet, and a starting template for "(your own)"',
    async (page, base) => {
      await open(page, base);
      const sheet = page.locator('#syntax');
      assert.equal(await sheet.getAttribute('open'), '', 'open at 1280 px');
      assert.ok((await sheet.locator('tr').count()) >= 8);
      assert.match(await sheet.innerText(), /one frame .* where nothing happens/);
      await page.evaluate(() => localStorage.clear());
      await pick(page, '');
      const template = await editor(page).inputValue();
      assert.match(template, /^% Your own diagram/);
      assert.equal(await page.locator('#error').isHidden(), true, 'the template runs');
      assert.equal(await output(page), (await nodeRun('diagram', template)).diagram.output.marbles);
    },
  ],
  [
    'a share link round-trips',
    async (page, base) => {
      await open(page, base, '#example=settled');
      await page.getByRole('button', { name: 'Copy share link' }).click();
      const link = await page.getByLabel('Exported text').inputValue();
      assert.match(link, /#%25_The_settled_flavour/);
      assert.match(link, /\/%3E_asCompletedSettled\(10\)\/\//);
      await open(page, base, link.slice(link.indexOf('#')));
      assert.equal(await editor(page).inputValue(), examples.find(({ name }) => name === 'settled')!.text);
      assert.equal(await output(page), '-----B--A-(C|)');
      // Written by hand: newlines as '/', spaces as '_', '>' as it is.
      await open(page, base, '#a_=_---1|//-a|/title_=_source//>_asCompleted()');
      assert.equal(await output(page), '-----(1|)');
    },
  ],
  [
    "the exports round-trip: the source and the Jest test are the engine's, the SVG is the committed one",
    async (page, base) => {
      await open(page, base);
      for (const { name, text: committed, diagram } of examples) {
        await pick(page, name);
        const expected = await nodeRun(name, committed);
        await page.getByRole('button', { name: 'Copy diagram source' }).click();
        const source = await page.getByLabel('Exported text').inputValue();
        assert.equal(source, committed, `${name}: the exported source is the committed one`);
        await type(page, `${source}\n`);
        assert.equal(await output(page), diagram.output.marbles);
        await pick(page, name);
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
        assert.ok(buildTimeline(expected.diagram, expected.run, entry).length > 0);
      }
    },
  ],
  [
    'the keyboard path: Tab to the example picker, choose with the arrows, edit, export',
    async (page, base) => {
      await open(page, base);
      const focused = (): Promise<string> => page.evaluate(() => document.activeElement?.id ?? '');
      for (let presses = 0; (await focused()) !== 'example'; presses++) {
        assert.ok(presses < 15, 'the example picker is reached with Tab');
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
    'at 360 px the drawing comes first, above the fold, and nothing overflows the page',
    async (page, base) => {
      await page.setViewportSize({ width: 360, height: 740 });
      try {
        await open(page, base, '#example=fork-dictionary');
        const drawingBox = (await page.locator('#drawing').boundingBox())!;
        const editorBox = (await editor(page).boundingBox())!;
        assert.ok(drawingBox.y < editorBox.y, 'the drawing is above the editor');
        assert.ok(
          drawingBox.y < 740 / 2,
          `the drawing starts at ${drawingBox.y} px, in the first half of the screen`,
        );
        assert.equal(await page.locator('#export-box').isHidden(), true, 'no empty export box');
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(width <= 360, `the page is ${width} px wide`);
        for (const control of await page.locator('button:visible, select, textarea:visible, input').all()) {
          const box = await control.boundingBox();
          assert.ok(
            box !== null && box.x >= 0 && box.x + box.width <= 360,
            `${await control.evaluate((e) => e.id)} fits`,
          );
        }
      } finally {
        await page.setViewportSize({ width: 1280, height: 800 });
      }
    },
  ],
];

async function screenshots(page: Page, base: string, folder: string): Promise<void> {
  mkdirSync(folder, { recursive: true });
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    for (const [width, height] of [
      [1280, 800],
      [360, 740],
    ]) {
      await page.setViewportSize({ width, height });
      await open(page, base, '#example=deadline');
      await page.waitForTimeout(1200);
      const path = join(folder, `page-${width}-${colorScheme}.png`);
      await page.screenshot({ path });
      console.log(`screenshot: ${path}`);
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

function median(values: readonly number[]): string {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted.length === 0 ? '-' : `${sorted[Math.floor(sorted.length / 2)].toFixed(1)} ms`;
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
  const only = process.env.ONLY;
  try {
    if (gzipped > PLAYGROUND_BUDGET_BYTES) {
      failed++;
      console.log(`✗ the JavaScript is ${gzipped} B min+gz, over its ${PLAYGROUND_BUDGET_BYTES} B budget`);
    } else {
      console.log(`✓ the JavaScript is within its budget: ${gzipped} of ${PLAYGROUND_BUDGET_BYTES} B min+gz`);
    }
    await withPage(url, async (page) => {
      const consoleErrors: string[] = [];
      page.context().on('console', (message) => {
        if (message.type() === 'error') consoleErrors.push(message.text());
      });
      await page.setViewportSize({ width: 1280, height: 800 });
      await page.waitForFunction(() => window.playground?.updates > 0, undefined, { timeout: 20_000 });
      const [first] = await page.evaluate(() => window.playground.timings.splice(0));
      console.log(`first drawing: ${first.milliseconds.toFixed(1)} ms to run and draw`);
      const timings: Timing[] = [];
      for (const [name, check] of checks) {
        if (only !== undefined && !name.includes(only)) continue;
        try {
          await check(page, url);
          console.log(`✓ ${name}`);
        } catch (error) {
          failed++;
          console.log(`✗ ${name}\n  ${String(error).replace(/\n/g, '\n  ')}`);
        }
        timings.push(...(await page.evaluate(() => window.playground?.timings.splice(0) ?? [])));
      }
      console.log('\nrun and redraw (median, this run):');
      const typed = timings.filter(({ origin }) => origin === 'edit');
      const dragged = timings.filter(({ origin }) => origin === 'drag');
      console.log(
        `  while typing    ${median(typed.map(({ milliseconds }) => milliseconds))} (${typed.length} redraws)`,
      );
      console.log(
        `  while dragging  ${median(dragged.map(({ milliseconds }) => milliseconds))} (${dragged.length} redraws)`,
      );
      for (const { name } of examples) {
        const times = timings
          .filter(({ example }) => example === name)
          .map(({ milliseconds }) => milliseconds);
        console.log(`  ${name.padEnd(16)}${median(times)} (${times.length} redraws)`);
      }
      if (consoleErrors.length > 0) {
        failed++;
        console.log(`✗ the console stayed free of errors\n  ${consoleErrors.join('\n  ')}`);
      } else {
        console.log('\n✓ the console stayed free of errors');
      }
      if (screenshotFolder !== null) await screenshots(page, url, screenshotFolder);
    });
  } finally {
    server.closeAllConnections();
    server.close();
  }
  console.log(`\nplayground: ${failed} failed`);
  if (failed > 0) process.exit(1);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
