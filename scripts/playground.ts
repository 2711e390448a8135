/**
 * The marble playground (playground/): `build` writes the static site into playground/dist/, bundling
 * the published ES module build of the package (dist/esm, so `npm run build` first) with esbuild;
 * `serve` serves that folder on 127.0.0.1 and prints its URL (PORT, default 4300, or any free port).
 *
 *   tsx scripts/playground.ts build
 *   tsx scripts/playground.ts serve
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, extname, join, normalize, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = resolve(__dirname, '..');
export const PLAYGROUND = join(root, 'playground');
export const SITE = join(PLAYGROUND, 'dist');

export interface SiteBuild {
  /** The bundled JavaScript: minified, and minified then gzipped. */
  readonly minified: number;
  readonly gzipped: number;
}

/** The shipped diagrams, marbles/*.txt, by name: the page's examples. */
function examples(): { name: string; text: string }[] {
  const folder = join(root, 'marbles');
  return readdirSync(folder)
    .filter((file) => file.endsWith('.txt'))
    .sort()
    .map((file) => ({ name: basename(file, '.txt'), text: readFileSync(join(folder, file), 'utf8') }));
}

export async function buildSite(): Promise<SiteBuild> {
  if (!existsSync(join(root, 'dist/esm/index.js')))
    throw new Error(
      'dist/esm is missing: run `npm run build` first; the playground bundles the published build.',
    );
  rmSync(SITE, { recursive: true, force: true });
  mkdirSync(SITE, { recursive: true });
  const result = await build({
    entryPoints: [join(PLAYGROUND, 'main.ts')],
    outfile: join(SITE, 'main.js'),
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    metafile: true,
    // Messages name classes as Node does ("got an Observable"), not by their minified names.
    keepNames: true,
    logLevel: 'warning',
    define: { MARBLE_EXAMPLES: JSON.stringify(examples()) },
    // Resolve rxjs-as-completed by its name, through its exports map, as an app does; not through
    // the tsconfig path to src/ that the specs use.
    tsconfigRaw: '{}',
  });
  const inputs = Object.keys(result.metafile.inputs);
  if (
    !inputs.some((input) => input.startsWith('dist/esm/')) ||
    inputs.some((input) => input.startsWith('src/'))
  )
    throw new Error(
      `the playground must bundle dist/esm, not src/: it bundled ${inputs.filter((input) => !input.startsWith('node_modules/')).join(', ')}`,
    );
  for (const file of ['index.html', 'style.css']) copyFileSync(join(PLAYGROUND, file), join(SITE, file));
  const script = readFileSync(join(SITE, 'main.js'));
  return { minified: script.length, gzipped: gzipSync(script, { level: 9 }).length };
}

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/** Serves a folder on 127.0.0.1; `port` 0 takes any free one. */
export async function serveSite(port: number, folder = SITE): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    const file = normalize(join(folder, path === '/' ? 'index.html' : path));
    if (!file.startsWith(folder) || !existsSync(file) || !TYPES[extname(file)]) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': TYPES[extname(file)] }).end(readFileSync(file));
  });
  await new Promise<void>((listening, failing) => {
    server.once('error', failing);
    server.listen(port, '127.0.0.1', () => listening());
  });
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}

async function main(command: string | undefined): Promise<void> {
  if (command === 'build') {
    const { minified, gzipped } = await buildSite();
    console.log(`playground/dist: main.js ${minified} B minified, ${gzipped} B minified and gzipped`);
  } else if (command === 'serve') {
    const wanted = Number(process.env.PORT ?? 4300);
    const { url } = await serveSite(wanted).catch(() => serveSite(0));
    console.log(`The marble playground: ${url}  (Ctrl-C stops it)`);
  } else {
    throw new Error('usage: tsx scripts/playground.ts build|serve');
  }
}

if (require.main === module) {
  main(process.argv[2]).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
