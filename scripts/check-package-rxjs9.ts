/**
 * The rxjs 9 part of `npm run check:package` (after `npm run build`): packs the package, installs it
 * with rxjs@9.0.0-beta.0 from the registry into a scratch project under Node 22 (so npm checks the
 * peer range as an app's install would, without overrides), then runs `rxjs-as-completed/rxjs9` from
 * an ES module and from CommonJS (require of an ES module, as rxjs 9 itself relies on), and
 * type-checks a TypeScript consumer against the published declarations.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { consumerBody } from './consumer-body';

const root = resolve(__dirname, '..');
const withNode22 = (command: string, args: readonly string[], cwd: string): string =>
  execFileSync('bash', [join(root, 'scripts', 'with-node.sh'), '22', command, ...args], {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();

const body = consumerBody((inputs) => `Observable.from(${inputs})[pipe](asCompleted(600))`);
const consumers = {
  'app.mjs': `import { TimeoutError } from 'rxjs';
import { pipe } from 'rxjs/pipe';
import { asCompleted, AsCompletedTimeoutError } from 'rxjs-as-completed/rxjs9';
${body}`,
  'app.cjs': `const { TimeoutError } = require('rxjs');
const { pipe } = require('rxjs/pipe');
const { asCompleted, AsCompletedTimeoutError } = require('rxjs-as-completed/rxjs9');
${body}`,
};

/** A typed consumer: inference through [pipe], and a string input refused, as the published types say. */
const typedConsumer = `import { pipe } from 'rxjs/pipe';
import { asCompleted, forkAsCompletedSettled, type SettledRecord } from 'rxjs-as-completed/rxjs9';

const sizes: Observable<number> = Observable.from([Promise.resolve(1), (signal: AbortSignal) => Promise.resolve(signal.aborted ? 0 : 2)])[pipe](asCompleted(500));
const records: Observable<SettledRecord<string> & { key: 'a' }> = forkAsCompletedSettled({ a: Promise.resolve('x') });
// @ts-expect-error a string is not an input
forkAsCompletedSettled(['/url']);
export { sizes, records };
`;

const failures: string[] = [];
const work = mkdtempSync(join(tmpdir(), 'rxjs-as-completed-rxjs9-'));
try {
  const [{ filename }] = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: root, encoding: 'utf8' }),
  ) as { filename: string }[];
  const app = join(work, 'app');
  execFileSync('mkdir', [app]);
  writeFileSync(join(app, 'package.json'), '{ "private": true }\n');
  console.log(`npm install ${filename} rxjs@9.0.0-beta.0 (Node 22)`);
  withNode22('npm', ['install', '--no-audit', '--no-fund', join(work, filename), 'rxjs@9.0.0-beta.0'], app);
  for (const [file, source] of Object.entries(consumers)) {
    writeFileSync(join(app, file), source);
    try {
      console.log(`rxjs 9.0.0-beta.0, ${file}: ${withNode22('node', [file], app)}`);
    } catch (error) {
      const { stdout, stderr } = error as { stdout?: string; stderr?: string };
      failures.push(`rxjs 9.0.0-beta.0, ${file} failed: ${stdout ?? ''}${stderr ?? ''}`);
    }
  }
  writeFileSync(join(app, 'typed.mts'), typedConsumer);
  const compilerOptions = {
    noEmit: true,
    strict: true,
    module: 'nodenext',
    target: 'es2022',
    lib: ['es2022', 'dom'],
    types: [],
  };
  writeFileSync(join(app, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['typed.mts'] }));
  try {
    withNode22('node', [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', app], app);
    console.log('rxjs 9.0.0-beta.0, typed.mts: the published declarations type-check (nodenext)');
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    failures.push(`rxjs 9.0.0-beta.0, typed.mts does not type-check: ${stdout ?? ''}${stderr ?? ''}`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

if (failures.length > 0) {
  console.error(`\n${failures.length} problem(s):\n${failures.map((failure) => `- ${failure}`).join('\n')}`);
  process.exit(1);
}
console.log(
  '\nthe packed package installs beside rxjs 9.0.0-beta.0 and runs from ESM and CommonJS under Node 22',
);
