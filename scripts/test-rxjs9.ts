/**
 * `npm run test:rxjs9`: the specs in spec/rxjs9 against rxjs 9.0.0-beta.0 and its test kit @rxjs/test,
 * in Jest (spec/rxjs9/jest.config.js), then their type check (spec/rxjs9/tsconfig.json). rxjs 9 needs
 * Node >= 22.13, so both run under Node 22 through scripts/with-node.sh. spec/rxjs9 is an npm
 * workspace: the root's `npm ci` installs rxjs 9 there (Node 20 only warns about its engines), beside
 * the root's rxjs 7.8.2. Arguments are passed to Jest.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '..');
const folder = join(root, 'spec', 'rxjs9');

if (!existsSync(join(folder, 'node_modules', 'rxjs', 'package.json'))) {
  console.error('rxjs 9 is not installed in spec/rxjs9: run `npm ci` (or `npm install`) at the root first.');
  process.exit(1);
}

/** Runs a Node script under Node 22; exits with its status when it fails. */
function withNode22(step: string, script: string, args: string[]): void {
  console.log(`\n== rxjs 9: ${step}`);
  const command = [join(root, 'scripts', 'with-node.sh'), '22', 'node', script, ...args];
  const { status } = spawnSync('bash', command, { cwd: root, stdio: 'inherit' });
  if (status !== 0) {
    console.error(`rxjs 9: ${step} failed`);
    process.exit(status ?? 1);
  }
}

withNode22('specs', join(root, 'node_modules', 'jest', 'bin', 'jest.js'), [
  '--config',
  join(folder, 'jest.config.js'),
  ...process.argv.slice(2),
]);
withNode22('type check', join(root, 'node_modules', 'typescript', 'bin', 'tsc'), ['-p', folder]);
