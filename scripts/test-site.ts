/**
 * `npm run test:site`: type-checks the site's code (docs/.vitepress), builds the docs site under a
 * sub-path (as GitHub Pages serves it), serves it on 127.0.0.1 and checks it:
 *
 * - every internal link, image, script and stylesheet of every page resolves inside the sub-path, and
 *   every `#anchor` names an element of its page;
 * - each page, opened in headless Chromium, logs no console error, throws nothing, requests nothing
 *   outside the server and gets no error status; axe-core reports no serious or critical violation;
 *   at 360 px wide, nothing scrolls sideways but what is meant to (code, tables, drawings);
 * - every marble diagram is drawn live by the operator in the page, and is the committed SVG, byte for
 *   byte; an edited diagram is re-run, and its output is the one the engine computes in Node; without
 *   JavaScript, each diagram is the committed SVG;
 * - search finds a page, and dark mode reaches the diagrams.
 *
 * Screenshots at 1280 and 360 px, light and dark, go to docs/dist/screenshots/ (or `--screenshots DIR`).
 * `--no-build` checks the site already in docs/dist/ (built with the same base).
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, mkdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { computeDiagram, parseDraft, runDiagram } from '../marbles/engine';
import { rxjs7Driver } from '../marbles/engine/rxjs7';
import * as entry from '../src';
import { ensureChromium, withPage } from './chromium';
import { buildDocs, DOCS_DIST, serveDocs } from './docs';

const root = resolve(__dirname, '..');
const BASE = '/rxjs-as-completed/';
const argument = (name: string): string | undefined => {
  const at = process.argv.indexOf(name);
  return at === -1 ? undefined : process.argv[at + 1];
};
const screenshots = resolve(argument('--screenshots') ?? join(DOCS_DIST, 'screenshots'));

const problems: string[] = [];
/** Records a problem, and says it at once: a long run shows what fails as it goes. */
const problem = (text: string): void => {
  problems.push(text);
  console.error(`✗ ${text}`);
};

function filesUnder(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((item) =>
    item.isDirectory() ? filesUnder(join(directory, item.name)) : [join(directory, item.name)],
  );
}

/** The site's pages, as paths under the base: VitePress's, not the playground's own page. */
let pages: string[] = [];

/** The built pages; as many as there are Markdown pages, and the 404 page. */
function builtPages(): string[] {
  const built = filesUnder(DOCS_DIST)
    .map((file) => relative(DOCS_DIST, file))
    .filter(
      (file) => file.endsWith('.html') && !file.startsWith('playground/') && !file.startsWith('screenshots/'),
    );
  const sources = filesUnder(join(root, 'docs')).filter(
    (file) => file.endsWith('.md') && !/docs\/(dist|code-blocks|\.vitepress)\//.test(file),
  );
  if (built.length !== sources.length + 1)
    throw new Error(`docs/dist has ${built.length} pages for ${sources.length} Markdown pages and 404.html`);
  return built;
}

const ids = (html: string): Set<string> =>
  new Set([...html.matchAll(/\sid="([^"]*)"/g)].map(([, id]) => id.replace(/&amp;/g, '&')));

/** Links, images, scripts and stylesheets: each must be a file of the site, its anchor an id of the page. */
function checkLinks(): number {
  const origin = 'http://site.invalid';
  let checked = 0;
  const idsOf = new Map<string, Set<string>>();
  const read = (file: string): string => readFileSync(join(DOCS_DIST, file), 'utf8');
  for (const page of pages) {
    const html = read(page);
    const pageUrl = new URL(`${BASE}${page}`, origin);
    for (const [, attribute, raw] of html.matchAll(/\s(href|src)="([^"]*)"/g)) {
      const link = raw.replace(/&amp;/g, '&');
      if (/^(?:[a-z]+:|\/\/)/i.test(link) && !link.startsWith(origin)) continue; // external: not fetched
      const url = new URL(link, pageUrl);
      checked++;
      if (!url.pathname.startsWith(BASE)) {
        problem(`${page}: ${attribute}="${link}" leaves the site's path ${BASE}`);
        continue;
      }
      let target = decodeURIComponent(url.pathname.slice(BASE.length));
      if (target === '' || target.endsWith('/')) target += 'index.html';
      let text: string;
      try {
        text = read(target);
      } catch {
        problem(`${page}: ${attribute}="${link}": no file ${target}`);
        continue;
      }
      const anchor = decodeURIComponent(url.hash.slice(1));
      if (anchor === '' || !target.endsWith('.html') || target.startsWith('playground/')) continue;
      if (!idsOf.has(target)) idsOf.set(target, ids(text));
      if (!idsOf.get(target)!.has(anchor))
        problem(`${page}: ${attribute}="${link}": ${target} has no #${anchor}`);
    }
  }
  return checked;
}

/** A heading's anchor as GitHub makes it: lower case, punctuation dropped, spaces as hyphens. */
const githubSlug = (heading: string): string =>
  heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');

/** The README's and CONTRIBUTING.md's relative links, as GitHub resolves them: files, and headings. */
function checkRepositoryLinks(): number {
  let checked = 0;
  for (const file of ['README.md', 'CONTRIBUTING.md']) {
    // Code is not a link: fenced blocks and inline code are left out.
    const markdown = readFileSync(join(root, file), 'utf8')
      .replace(/```[\s\S]*?```/g, '')
      .replace(/`[^`\n]*`/g, '');
    for (const [, link] of markdown.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/i.test(link)) continue;
      checked++;
      const [path, anchor] = link.split('#');
      const target = path === '' ? join(root, file) : resolve(root, path);
      let text: string;
      try {
        text = readFileSync(target, 'utf8');
      } catch {
        problem(`${file}: the link ${link} names no file`);
        continue;
      }
      if (anchor === undefined) continue;
      const headings = [...text.matchAll(/^#+ (.*)$/gm)].map(([, heading]) => githubSlug(heading));
      if (!headings.includes(anchor)) problem(`${file}: the link ${link}: no heading #${anchor} there`);
    }
  }
  return checked;
}

/** What the engine draws in Node for a source, from a run of the package's sources: the expected output. */
async function nodeOutput(name: string, text: string): Promise<string> {
  const draft = parseDraft(name, text, 'diagram');
  const run = await runDiagram(rxjs7Driver(entry), draft, { frameBound: 1000 });
  return computeDiagram(draft, run, entry).diagram.output.marbles;
}

interface Axe {
  run(
    context: Document,
    options: object,
  ): Promise<{
    violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[];
  }>;
}

async function visitPage(page: Page, url: string, path: string): Promise<number> {
  await page.goto(`${url}${path}`);
  // Every diagram replaces its committed SVG with a live drawing once the operator has run it.
  const figures = await page.locator('figure[data-marble]').count();
  if (figures > 0) {
    await page
      .waitForFunction(
        () =>
          Array.from(document.querySelectorAll('figure[data-marble]')).every(
            (f) => f.getAttribute('data-state') === 'live',
          ),
        undefined,
        { timeout: 20_000 },
      )
      .catch(() => problem(`${path}: a marble diagram was not drawn live within 20 s`));
    const drawn = await page.evaluate(() =>
      Array.from(document.querySelectorAll('figure[data-marble]')).map((figure) => ({
        name: figure.getAttribute('data-marble')!,
        raw:
          (window as unknown as { marbleDiagrams?: Record<string, string> }).marbleDiagrams?.[figure.id] ??
          '',
      })),
    );
    for (const { name, raw } of drawn) {
      if (raw !== readFileSync(join(root, 'marbles', `${name}.svg`), 'utf8'))
        problem(`${path}: the live drawing of ${name} differs from marbles/${name}.svg`);
    }
  }
  // A marble diagram shown as a plain image would be a static one: each must be the live component.
  const still = await page.evaluate(
    (names) =>
      Array.from(document.images)
        .filter((image) => image.closest('figure[data-marble]') === null)
        .map((image) => image.getAttribute('src') ?? '')
        .filter((src) => names.some((name) => new RegExp(`/${name}\\.[\\w-]+\\.svg$`).test(src))),
    marbleNames,
  );
  for (const src of still) problem(`${path}: the marble diagram ${src} is a plain image, not live`);
  const { violations } = await page
    .evaluate((options) => (window as unknown as { axe: Axe }).axe.run(document, options), {
      resultTypes: ['violations'],
    })
    .catch(async () => {
      await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
      return page.evaluate(() =>
        (window as unknown as { axe: Axe }).axe.run(document, { resultTypes: ['violations'] }),
      );
    });
  for (const violation of violations.filter(({ impact }) => impact === 'serious' || impact === 'critical'))
    problem(
      `${path}: axe ${violation.impact} ${violation.id} (${violation.help}) at ${violation.nodes
        .slice(0, 3)
        .map(({ target }) => target.join(' '))
        .join('; ')}`,
    );
  // At 360 px the page must not scroll sideways; wide code, tables and drawings scroll in their own box.
  await page.setViewportSize({ width: 360, height: 780 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
  if (overflow > 360) problem(`${path}: at 360 px the page is ${overflow} px wide`);
  await page.setViewportSize({ width: 1280, height: 800 });
  return figures;
}

const started = performance.now();
/** The seconds since the start, for the lines that say what was checked. */
const at = (): string => `(${Math.round((performance.now() - started) / 100) / 10} s)`;

const marbleNames = readdirSync(join(root, 'marbles'))
  .filter((file) => file.endsWith('.txt'))
  .map((file) => file.slice(0, -'.txt'.length));

/** How many pages are checked at once. */
const WORKERS = 2;

/** Reports what a tab logs as an error, throws, fails to load, or asks of another server. */
async function watch(page: Page, origin: string, where: () => string): Promise<void> {
  page.on('console', (message) => {
    if (message.type() === 'error') problem(`${where()}: console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problem(`${where()}: uncaught ${error.message}`));
  page.on('response', (response) => {
    if (response.status() >= 400) problem(`${where()}: ${response.status()} for ${response.url()}`);
  });
  await page.route('**/*', (route) => {
    if (route.request().url().startsWith(origin)) return route.continue();
    problem(`${where()}: a request leaves the server: ${route.request().url()}`);
    return route.abort();
  });
}

async function main(): Promise<void> {
  ensureChromium();
  // The site's own code: its config, the markdown rule and the live diagrams' engine.
  execFileSync(join(root, 'node_modules/.bin/tsc'), ['-p', 'docs/.vitepress'], {
    cwd: root,
    stdio: 'inherit',
  });
  console.log(`✓ docs/.vitepress type-checks ${at()}`);
  if (!process.argv.includes('--no-build')) {
    const seconds = await buildDocs(BASE);
    console.log(
      `built: ${Object.entries(seconds)
        .map(([part, s]) => `${part} ${s} s`)
        .join(', ')}`,
    );
  }
  console.log(
    `✓ README.md and CONTRIBUTING.md: ${checkRepositoryLinks()} relative links and anchors resolve`,
  );
  pages = builtPages();
  const links = checkLinks();
  console.log(
    `✓ ${pages.length} pages: ${links} internal links, images and scripts checked, anchors included`,
  );

  const { server, url } = await serveDocs(0, BASE);
  const origin = new URL(url).origin;
  try {
    let diagrams = 0;
    await withPage(url, async (page) => {
      let current = '';
      await watch(page, origin, () => current);
      // Pages are opened WORKERS at a time, in tabs of one browser: axe-core's scan, most of a page's
      // time, waits on no other.
      const queue = [...pages];
      await Promise.all(
        Array.from({ length: WORKERS }, async (_, worker) => {
          const tab = worker === 0 ? page : await page.context().newPage();
          let path = '';
          if (worker > 0) await watch(tab, origin, () => path);
          await tab.setViewportSize({ width: 1280, height: 800 });
          for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
            path = current = next;
            const drawn = await visitPage(tab, url, next);
            diagrams += drawn;
          }
          if (worker > 0) await tab.close();
        }),
      );
      console.log(
        `✓ ${pages.length} pages in Chromium, axe-core, 360 px; ${diagrams} diagrams drawn live ${at()}`,
      );

      // Edit a diagram in place: the output is the one the engine computes in Node for the same source.
      current = 'guide/semantics.html (edit)';
      await page.goto(`${url}guide/semantics.html`);
      const figure = page.locator('figure[data-marble="deadline"]').first();
      await page.waitForFunction(
        () => document.querySelector('figure[data-marble="deadline"]')?.getAttribute('data-state') === 'live',
      );
      await figure.getByRole('button', { name: 'Edit the diagram' }).click();
      const source = readFileSync(join(root, 'marbles/deadline.txt'), 'utf8').replace(
        '> asCompleted(10)',
        '> asCompleted(7)',
      );
      const before = await figure.getAttribute('data-output');
      await figure.getByRole('textbox').fill(source);
      const expected = await nodeOutput('deadline', source);
      await page
        .waitForFunction(
          (wanted) =>
            document.querySelector('figure[data-marble="deadline"]')?.getAttribute('data-output') === wanted,
          expected,
          { timeout: 10_000 },
        )
        .then(() =>
          console.log(
            `✓ an edited diagram re-runs: asCompleted(7) gives ${expected} (was ${before}) ${at()}`,
          ),
        )
        .catch(async () =>
          problem(
            `edit: expected output ${expected}, the page shows ${await figure.getAttribute('data-output')}`,
          ),
        );
      await figure.getByRole('textbox').fill(source.replace('> asCompleted(7)', '> asCompleted(7'));
      await figure
        .getByText('The source does not run')
        .waitFor({ timeout: 10_000 })
        .then(() => console.log('✓ a source that does not run says so'))
        .catch(() => problem('edit: a broken source shows no error'));

      // Search: the local index finds a page by a word of its text.
      current = 'search';
      await page.goto(`${url}index.html`);
      await page
        .getByRole('button', { name: /search/i })
        .first()
        .click();
      await page.getByRole('searchbox').fill('fakeAsync');
      await page
        .locator('.VPLocalSearchBox .result')
        .first()
        .waitFor({ timeout: 10_000 })
        .then(() => console.log(`✓ search finds "fakeAsync" ${at()}`))
        .catch(() => problem('search: no result for "fakeAsync"'));
      await page.keyboard.press('Escape');

      mkdirSync(screenshots, { recursive: true });
      const shots = {
        light: ['index', 'guide/getting-started', 'api/Function.asCompleted'],
        dark: ['guide/semantics'],
      };
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        for (const path of shots[scheme]) {
          for (const width of [1280, 360]) {
            current = `${path}.html (${width} px, ${scheme})`;
            await page.setViewportSize({ width, height: width === 360 ? 780 : 800 });
            await page.goto(`${url}${path}.html`);
            await page.evaluate(
              (dark) => document.documentElement.classList.toggle('dark', dark),
              scheme === 'dark',
            );
            await page.waitForFunction(() =>
              Array.from(document.querySelectorAll('figure[data-marble]')).every(
                (f) => f.getAttribute('data-state') === 'live',
              ),
            );
            const figureBox = page.locator('figure[data-marble]').first();
            if ((await figureBox.count()) > 0 && path !== 'index') await figureBox.scrollIntoViewIfNeeded();
            if (process.env.SITE_DEBUG) console.log(`  ${current} ${at()}`);
            await page.screenshot({
              path: join(screenshots, `${path.replace('/', '-')}-${width}-${scheme}.png`),
            });
          }
        }
      }
      // Dark mode reaches the live diagrams: their background is the dark palette's.
      const background = await page.evaluate(() => {
        const bg = document.querySelector('.marble-live .m-bg');
        return bg === null ? null : getComputedStyle(bg).fill;
      });
      if (background !== 'rgb(13, 17, 23)')
        problem(`dark mode: a live diagram's background is ${background}`);
      else console.log('✓ dark mode reaches the live diagrams');
      await page.emulateMedia({ colorScheme: 'light' });
      console.log(`✓ screenshots in ${relative(root, screenshots) || screenshots} ${at()}`);
    });

    // Without JavaScript, every diagram is the committed SVG, loaded.
    await withPage(
      `${url}guide/semantics.html`,
      async (page) => {
        const images = await page.locator('figure[data-marble] img').evaluateAll((elements) =>
          elements.map((image) => ({
            alt: image.getAttribute('alt') ?? '',
            width: (image as HTMLImageElement).naturalWidth,
          })),
        );
        if (images.length === 0 || images.some(({ alt, width }) => alt === '' || width === 0))
          problem(`without JavaScript: ${JSON.stringify(images)}`);
        else
          console.log(
            `✓ without JavaScript, ${images.length} diagrams of semantics.html are the committed SVGs, with their text`,
          );
      },
      { javaScriptEnabled: false },
    );
  } finally {
    server.close();
  }

  console.log(
    `\nsite: ${pages.length} pages, ${problems.length} problems, ${Math.round((performance.now() - started) / 1000)} s`,
  );
  if (problems.length > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
