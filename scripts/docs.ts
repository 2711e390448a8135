/**
 * The docs site, VitePress over docs/ (its config: docs/.vitepress/config.ts).
 *
 *   tsx scripts/docs.ts build   (npm run build:docs) the API pages from the JSDoc into docs/api/ with
 *                               TypeDoc, the site into docs/dist/, the playground into docs/dist/playground/
 *   tsx scripts/docs.ts serve   (npm run docs) builds, then serves docs/dist on 127.0.0.1 under the base
 *
 * The site's base is DOCS_BASE, `/rxjs-as-completed/` by default (the GitHub Pages path); set
 * `DOCS_BASE=/` to serve it at a server's root. docs/api/ and docs/dist/ are generated and git-ignored.
 */
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve } from 'node:path';
import { loadDiagramFiles } from '../marbles/node';
import { buildSite, SITE as PLAYGROUND_SITE } from './playground';

const root = resolve(__dirname, '..');
export const DOCS = join(root, 'docs');
export const DOCS_DIST = join(DOCS, 'dist');
const API = join(DOCS, 'api');
const TYPEDOC_OUT = join(root, 'node_modules/.cache/rxjs-as-completed-typedoc');

export const docsBase = (): string => process.env.DOCS_BASE ?? '/rxjs-as-completed/';

const bin = (name: string): string => join(root, 'node_modules/.bin', name);

/**
 * The marble diagrams of each export's page, beyond those whose call is the export itself: the
 * records, types and errors, drawn by the diagrams that produce them.
 */
const DIAGRAMS_OF: Readonly<Record<string, readonly string[]>> = {
  AsCompletedTimeoutError: ['deadline', 'exact-deadline'],
  createTimeoutError: ['deadline'],
  TimeoutErrorDetails: ['deadline'],
  AsCompletedConfig: ['each', 'signal', 'concurrent'],
  AsCompletedOptions: ['deadline', 'each'],
  AsCompletedInput: ['completion-order'],
  InputValue: ['completion-order'],
  InputFactory: ['concurrent'],
  InputDictionary: ['fork-dictionary'],
  AsCompletedEntry: ['entries'],
  IndexedEntry: ['entries'],
  KeyedEntry: ['fork-entries'],
  SettledRecord: ['settled'],
  IndexedSettledRecord: ['settled'],
  KeyedSettledRecord: ['fork-dictionary'],
  FulfilledRecord: ['settled'],
  RejectedRecord: ['settled'],
  TimeoutRecord: ['settled', 'each'],
  AbortedRecord: ['signal'],
  PendingRecord: ['snapshots'],
  AsCompletedSnapshot: ['snapshots'],
  IndexedSnapshot: ['snapshots'],
  KeyedSnapshot: ['snapshots'],
};

/** The diagrams whose call is `name(...)`: the export's own. */
function ownDiagrams(name: string): string[] {
  return loadDiagramFiles()
    .filter(({ diagram }) => diagram.operator.startsWith(`${name}(`))
    .map(({ name: file }) => file);
}

/** A function's overloads repeat its comment: the page keeps it once, under the first signature. */
function dropRepeatedComments(page: string): string {
  const sections = page.split('\n## Call Signature\n');
  if (sections.length < 3) return page;
  // The comment is what follows the signature's code block, up to the parameters.
  const description = (section: string): string => {
    const afterSignature = section.indexOf('```\n', section.indexOf('```ts') + 5) + 4;
    const end = section.indexOf('\n### ');
    return section.slice(afterSignature, end === -1 ? undefined : end);
  };
  const first = description(sections[1]);
  return [
    sections[0],
    sections[1],
    ...sections.slice(2).map((section) => {
      const own = description(section);
      return own.trim() === first.trim()
        ? section.replace(own, "\n\nThe description and the examples are the first signature's.\n")
        : section;
    }),
  ].join('\n## Call Signature\n');
}

/**
 * TypeDoc prints the variadic tuple `readonly [...A]` of the fork exports' array overloads as
 * `readonly [A]`, another type; the page says what the source says.
 */
const restoreVariadicTuples = (page: string): string =>
  page.replace(/readonly \[A\]/g, 'readonly [...A]').replace(/readonly \\\[`A`\\\]/g, '`readonly [...A]`');

/** The ASCII marble diagrams of the JSDoc, which the page shows live instead. */
const dropAsciiDiagrams = (page: string): string =>
  page.replace(/\n```\n(?:(?!```)[\s\S])*?\noutput: [\s\S]*?```\n/g, '\n');

/** Writes docs/api/ from the JSDoc of src/index.ts's exports; returns the number of pages. */
export function generateApi(): number {
  rmSync(TYPEDOC_OUT, { recursive: true, force: true });
  execFileSync(
    bin('typedoc'),
    [
      ...['--plugin', 'typedoc-plugin-markdown'],
      ...['--entryPoints', 'src/index.ts', '--tsconfig', 'tsconfig.build.json'],
      ...['--out', TYPEDOC_OUT, '--readme', 'none', '--disableSources'],
      ...['--outputFileStrategy', 'members', '--flattenOutputFiles'],
      ...['--hidePageHeader', '--hideBreadcrumbs', '--useCodeBlocks', '--expandParameters'],
      ...['--logLevel', 'Warn', '--treatWarningsAsErrors', 'false'],
    ],
    { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] },
  );
  rmSync(API, { recursive: true, force: true });
  mkdirSync(API, { recursive: true });
  const files = readdirSync(TYPEDOC_OUT).filter((file) => file.endsWith('.md'));
  for (const file of files) {
    let page = readFileSync(join(TYPEDOC_OUT, file), 'utf8');
    if (file === 'README.md') {
      page = page.replace(
        /^# .*\n/,
        [
          '# API reference',
          '',
          'One page per export of `rxjs-as-completed`, generated from the JSDoc of its sources (what an editor',
          'shows on hover) by TypeDoc. The rxjs 9 entry, `rxjs-as-completed/rxjs9`, has the same exports and',
          'the same pages: see [rxjs 9](../guide/rxjs9.md). Every marble diagram is live: edit it and the',
          'operator runs it in your browser.',
          '',
        ].join('\n'),
      );
      writeFileSync(join(API, 'index.md'), page);
      continue;
    }
    const [kind, name] = file.slice(0, -3).split('.');
    const diagrams = [...new Set([...ownDiagrams(name), ...(DIAGRAMS_OF[name] ?? [])])];
    const importLine = `import ${kind === 'Function' || kind === 'Class' ? '' : 'type '}{ ${name} } from 'rxjs-as-completed';`;
    const head = [
      `# ${name}`,
      '',
      '```ts',
      importLine,
      '```',
      '',
      ...diagrams.map((diagram) => `<MarbleDiagram name="${diagram}" />\n`),
    ].join('\n');
    page = page.replace(/^# .*\n/, `${head}\n`);
    if (diagrams.length > 0) page = dropAsciiDiagrams(page);
    // The JSDoc's own `## Example` sits under TypeDoc's `## Call Signature`: one level down there.
    const demoted = dropRepeatedComments(page).replace(/^## (Examples?)$/gm, '### $1');
    writeFileSync(join(API, file), restoreVariadicTuples(demoted));
  }
  return files.length;
}

/** Builds the whole site into docs/dist/; returns the seconds each part took. */
export async function buildDocs(base = docsBase()): Promise<Record<string, number>> {
  const seconds: Record<string, number> = {};
  const timed = async (part: string, work: () => unknown): Promise<void> => {
    const started = performance.now();
    await work();
    seconds[part] = Math.round((performance.now() - started) / 100) / 10;
  };
  // The live diagrams and the playground bundle the published build, dist/esm.
  await timed('package', () =>
    execFileSync('node', ['scripts/build.mjs', '--if-stale'], { cwd: root, stdio: 'inherit' }),
  );
  await timed('api', generateApi);
  await timed('vitepress', () =>
    execFileSync(bin('vitepress'), ['build', 'docs'], {
      cwd: root,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, DOCS_BASE: base },
    }),
  );
  await timed('playground', async () => {
    await buildSite();
    cpSync(PLAYGROUND_SITE, join(DOCS_DIST, 'playground'), { recursive: true });
  });
  return seconds;
}

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** Serves docs/dist under `base` on 127.0.0.1, as a plain static server does; `port` 0 takes any free one. */
export async function serveDocs(port: number, base = docsBase()): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://127.0.0.1').pathname);
    if (!path.startsWith(base)) {
      response.writeHead(path === '/' ? 302 : 404, path === '/' ? { location: base } : {}).end();
      return;
    }
    let file = normalize(join(DOCS_DIST, path.slice(base.length)));
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!file.startsWith(DOCS_DIST) || !existsSync(file) || !TYPES[extname(file)]) {
      const notFound = join(DOCS_DIST, '404.html');
      response.writeHead(404, { 'content-type': TYPES['.html'] }).end(readFileSync(notFound));
      return;
    }
    response.writeHead(200, { 'content-type': TYPES[extname(file)] }).end(readFileSync(file));
  });
  await new Promise<void>((listening, failing) => {
    server.once('error', failing);
    server.listen(port, '127.0.0.1', () => listening());
  });
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${base}` };
}

async function main(command: string | undefined): Promise<void> {
  if (command !== 'build' && command !== 'serve') throw new Error('usage: tsx scripts/docs.ts build|serve');
  const seconds = await buildDocs();
  console.log(
    `docs/dist: built (${Object.entries(seconds)
      .map(([part, s]) => `${part} ${s} s`)
      .join(', ')}), base ${docsBase()}`,
  );
  if (command === 'serve') {
    const wanted = Number(process.env.PORT ?? 4400);
    const { url } = await serveDocs(wanted).catch(() => serveDocs(0));
    console.log(`The docs: ${url}  (Ctrl-C stops it)`);
  }
}

if (require.main === module) {
  main(process.argv[2]).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
