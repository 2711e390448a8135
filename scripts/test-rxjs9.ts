/**
 * `npm run test:rxjs9`: the specs in spec/rxjs9 against rxjs 9.0.0-beta.0 and its test kit @rxjs/test,
 * in Jest (spec/rxjs9/jest.config.js), then their type check (spec/rxjs9/tsconfig.json). The specs
 * run against the build of `rxjs-as-completed/rxjs9`, so the package is built first, unless dist/ is
 * already the build of the current sources. rxjs 9 needs
 * Node >= 22.13, so the specs and the type check run under Node 22 through scripts/with-node.sh, and
 * rxjs 9 is installed in spec/rxjs9 on first use, out of the root install (scripts/rxjs9-deps.mjs, which
 * the build calls). Arguments are passed to Jest.
 */
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '..');
const folder = join(root, 'spec', 'rxjs9');

/** Runs a Node script, under Node 22 when asked; true when it succeeds. */
function run(step: string, script: string, args: readonly string[], node22: boolean): boolean {
  console.log(`\n== rxjs 9: ${step}`);
  const [command, commandArgs] = node22
    ? ['bash', [join(root, 'scripts', 'with-node.sh'), '22', 'node', script, ...args]]
    : [process.execPath, [script, ...args]];
  const ok = spawnSync(command, commandArgs, { cwd: root, stdio: 'inherit' }).status === 0;
  if (!ok) console.error(`rxjs 9: ${step} failed`);
  return ok;
}

/**
 * Builds the package, installing rxjs 9 first: the specs replay against dist/esm/rxjs9. Not again when
 * dist/ is the build of the current sources (scripts/build.mjs checks it by hash).
 */
export function build(): boolean {
  return run('build', join(root, 'scripts', 'build.mjs'), ['--if-stale'], false);
}

export function specs(jestArgs: readonly string[] = []): boolean {
  const jest = join(root, 'node_modules', 'jest', 'bin', 'jest.js');
  return run('specs', jest, ['--config', join(folder, 'jest.config.js'), ...jestArgs], true);
}

export function typeTests(): boolean {
  return run('type check', join(root, 'node_modules', 'typescript', 'bin', 'tsc'), ['-p', folder], true);
}

if (require.main === module) {
  if (!build() || !specs(process.argv.slice(2)) || !typeTests()) process.exit(1);
}
