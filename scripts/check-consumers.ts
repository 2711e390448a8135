/**
 * `npm run check:consumers` (after `npm run build`): what TypeScript consumers see. Packs the package,
 * installs the tarball into two scratch apps (beside rxjs 7.8.2 for the main entry, rxjs 9.0.0-beta.0
 * for `/rxjs9`) with @types/node, copies in the fixtures of spec/consumers, and type-checks them with
 * `skipLibCheck: false` (so the published declarations are checked, and rxjs's with them) under each
 * compiler of scripts/typescript-compilers.ts, for nodenext from an ES module, nodenext from CommonJS,
 * and bundler. Prints the matrix; fails when a cell differs from what the README documents.
 */
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { compilers, tscOf, type Compiler } from './typescript-compilers';

const root = resolve(__dirname, '..');

const resolutions = {
  'nodenext ESM': { extension: '.mts', module: 'nodenext', moduleResolution: 'nodenext' },
  'nodenext CJS': { extension: '.cts', module: 'nodenext', moduleResolution: 'nodenext' },
  bundler: { extension: '.ts', module: 'esnext', moduleResolution: 'bundler' },
} as const;
type Resolution = keyof typeof resolutions;

/**
 * Where `AbortSignal` (in the signatures of factories) comes from: the DOM lib, as in a browser or an
 * Angular app; @types/node, named; or nowhere named, which TypeScript 6.0 no longer fills with every
 * @types package (its `types` defaults to `[]`).
 */
const scopes = {
  'lib dom': { lib: ['es2022', 'dom'], types: [] },
  'types node': { lib: ['es2022'], types: ['node'] },
  'no dom, types unset': { lib: ['es2022'] },
} as const;
type Scope = keyof typeof scopes;

const devDependencies = (
  JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    devDependencies: Record<string, string>;
  }
).devDependencies;

const entries = {
  'rxjs-as-completed': { fixture: 'main.ts', rxjs: '7.8.2' },
  'rxjs-as-completed/rxjs9': { fixture: 'rxjs9.ts', rxjs: '9.0.0-beta.0' },
} as const;
type Entry = keyof typeof entries;

/** A cell that fails, as documented: the error it must report, and why. */
interface Failure {
  readonly error: RegExp;
  readonly why: string;
}
interface Cell {
  readonly entry: Entry;
  readonly scope: Scope;
  readonly resolution: Resolution;
  readonly compiler: Compiler;
  readonly expected: 'pass' | Failure;
}

const requireOfEsm: Failure = {
  error: /error TS1479: The current file is a CommonJS module .* cannot be imported with 'require'/,
  why: 'TypeScript types a require of an ES module from 5.8 on; rxjs 9 and rxjs-as-completed/rxjs9 are ES modules only',
};
const noAbortSignal: Failure = {
  error:
    /rxjs-as-completed\/dist\/esm\/inputs\.d\.ts\(\d+,\d+\): error TS2304: Cannot find name 'AbortSignal'/,
  why: "TypeScript 6.0 defaults `types` to []: name the DOM lib or types: ['node'], as the README says",
};

const cells: Cell[] = [];
const add = (
  entry: Entry,
  scope: Scope,
  resolution: Resolution,
  compiler: Compiler,
  expected: Cell['expected'] = 'pass',
) => cells.push({ entry, scope, resolution, compiler, expected });
const allResolutions = Object.keys(resolutions) as Resolution[];
const mainCompilers = ['5.0', '5.9', '6.0', '7.0'] as const;
for (const resolution of allResolutions) {
  for (const compiler of mainCompilers) add('rxjs-as-completed', 'lib dom', resolution, compiler);
}
add('rxjs-as-completed', 'types node', 'nodenext ESM', '6.0');
add('rxjs-as-completed', 'types node', 'nodenext ESM', '7.0');
add('rxjs-as-completed', 'no dom, types unset', 'nodenext ESM', '5.9');
add('rxjs-as-completed', 'no dom, types unset', 'nodenext ESM', '6.0', noAbortSignal);
add('rxjs-as-completed', 'no dom, types unset', 'nodenext ESM', '7.0', noAbortSignal);
// The rxjs 9 entry's floor is 5.0 for ES modules and bundlers, 5.8 from CommonJS.
for (const resolution of allResolutions) {
  for (const compiler of mainCompilers) {
    const requires = compiler === '5.0' && resolution === 'nodenext CJS';
    add('rxjs-as-completed/rxjs9', 'lib dom', resolution, compiler, requires ? requireOfEsm : 'pass');
    if (requires) add('rxjs-as-completed/rxjs9', 'lib dom', resolution, '5.8');
  }
}
add('rxjs-as-completed/rxjs9', 'types node', 'nodenext ESM', '6.0');
add('rxjs-as-completed/rxjs9', 'types node', 'nodenext ESM', '7.0');

const cellName = (cell: Cell): string =>
  `${cell.entry}, ${cell.scope}, ${cell.resolution}, TypeScript ${compilers[cell.compiler]}`;

/** Installs the packed package, its rxjs and @types/node into a scratch app, with the entry's fixture in three files. */
function installApp(work: string, tarball: string, entry: Entry): string {
  const app = join(work, entry.replace('/', '-'));
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), '{ "private": true }\n');
  const { fixture, rxjs } = entries[entry];
  const packages = [tarball, `rxjs@${rxjs}`, `@types/node@${devDependencies['@types/node']}`];
  console.log(`${entry}: npm install ${packages.join(' ')}`);
  execFileSync(
    'npm',
    ['install', '--no-audit', '--no-fund', '--loglevel=error', '--prefer-offline', ...packages],
    {
      cwd: app,
      stdio: 'inherit',
    },
  );
  for (const { extension } of Object.values(resolutions)) {
    copyFileSync(join(root, 'spec', 'consumers', fixture), join(app, `consumer${extension}`));
  }
  return app;
}

interface Outcome {
  readonly cell: Cell;
  readonly ok: boolean;
  readonly output: string;
  readonly seconds: number;
}

/** Type-checks one cell's fixture with its compiler, in a tsconfig of its own. */
function check(app: string, cell: Cell, index: number): Promise<Outcome> {
  const { extension, module, moduleResolution } = resolutions[cell.resolution];
  const compilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: false,
    target: 'es2022',
    module,
    moduleResolution,
    ...scopes[cell.scope],
  };
  const project = join(app, `tsconfig.${index}.json`);
  writeFileSync(project, JSON.stringify({ compilerOptions, files: [`consumer${extension}`] }, null, 2));
  const started = performance.now();
  return new Promise((settle) => {
    const child = spawn(process.execPath, [tscOf(cell.compiler), '-p', project, '--pretty', 'false'], {
      cwd: app,
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('close', (code) => {
      const passed = code === 0;
      const ok = cell.expected === 'pass' ? passed : !passed && cell.expected.error.test(output);
      settle({ cell, ok, output: output.trim(), seconds: (performance.now() - started) / 1000 });
    });
  });
}

/** Runs the checks two at a time (tsc is single-threaded; CI has two cores). */
async function checkAll(apps: Record<Entry, string>): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < cells.length) {
      const index = next++;
      outcomes[index] = await check(apps[cells[index].entry], cells[index], index);
    }
  };
  await Promise.all([worker(), worker()]);
  return outcomes;
}

function printMatrix(outcomes: readonly Outcome[]): void {
  const columns = Object.keys(compilers) as Compiler[];
  const rows = new Map<string, Map<Compiler, Outcome>>();
  for (const outcome of outcomes) {
    const { entry, scope, resolution, compiler } = outcome.cell;
    const row = `${entry.padEnd(24)} ${scope.padEnd(20)} ${resolution.padEnd(13)}`;
    if (!rows.has(row)) rows.set(row, new Map());
    rows.get(row)?.set(compiler, outcome);
  }
  const mark = (outcome: Outcome | undefined): string => {
    if (!outcome) return '-';
    const expectedToFail = outcome.cell.expected !== 'pass';
    if (outcome.ok) return expectedToFail ? 'fail*' : 'pass';
    return expectedToFail ? 'PASS!' : 'FAIL';
  };
  console.log(
    `\n${'entry'.padEnd(24)} ${'types in scope'.padEnd(20)} ${'resolution'.padEnd(13)} ${columns.map((c) => `TS ${c}`.padEnd(7)).join('')}`,
  );
  for (const [row, byCompiler] of rows) {
    console.log(`${row} ${columns.map((compiler) => mark(byCompiler.get(compiler)).padEnd(7)).join('')}`);
  }
  const documented = new Set(
    outcomes.flatMap(({ cell }) => (cell.expected === 'pass' ? [] : [cell.expected.why])),
  );
  for (const why of documented) console.log(`fail*: fails as documented: ${why}`);
}

async function main(): Promise<void> {
  const started = performance.now();
  for (const compiler of new Set(cells.map((cell) => cell.compiler))) tscOf(compiler);
  const work = mkdtempSync(join(tmpdir(), 'rxjs-as-completed-consumers-'));
  try {
    const [{ filename }] = JSON.parse(
      execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: root, encoding: 'utf8' }),
    ) as { filename: string }[];
    const tarball = join(work, filename);
    const apps = {
      'rxjs-as-completed': installApp(work, tarball, 'rxjs-as-completed'),
      'rxjs-as-completed/rxjs9': installApp(work, tarball, 'rxjs-as-completed/rxjs9'),
    };
    const outcomes = await checkAll(apps);
    printMatrix(outcomes);
    const wrong = outcomes.filter((outcome) => !outcome.ok);
    for (const { cell, output } of wrong) {
      const expected = cell.expected === 'pass' ? 'to pass' : `to fail with ${cell.expected.error}`;
      console.error(`\n${cellName(cell)}: expected ${expected}, got:\n${output || '(no error)'}`);
    }
    const seconds = outcomes.reduce((sum, outcome) => sum + outcome.seconds, 0);
    console.log(
      `\n${outcomes.length} type checks (${seconds.toFixed(0)} s of tsc), ${((performance.now() - started) / 1000).toFixed(0)} s in all`,
    );
    if (wrong.length > 0) {
      console.error(`${wrong.length} cell(s) differ from what the README documents`);
      process.exitCode = 1;
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
