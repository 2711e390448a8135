// rxjs 9 and its test kit (@rxjs/test, @rxjs/observable-polyfill) for the `/rxjs9` entry's build, lint,
// specs, docs and API report, installed in spec/rxjs9 from its own package-lock.json on first use (and
// again when that lock file is newer than the install). They need Node 22.13 or later, so they stay out of
// the root install, which runs on the machine's Node 20 without an engine warning; npm runs under Node 22
// here (scripts/with-node.sh) unless this Node is recent enough. Silent when already installed.
//
//   import { installRxjs9 } from './rxjs9-deps.mjs';   // from a script, before it reads spec/rxjs9/node_modules
//   node scripts/rxjs9-deps.mjs                        // from an npm script
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const scripts = dirname(fileURLToPath(import.meta.url));
export const rxjs9Folder = join(dirname(scripts), 'spec', 'rxjs9');

function installed() {
  const hiddenLock = join(rxjs9Folder, 'node_modules', '.package-lock.json');
  const lock = join(rxjs9Folder, 'package-lock.json');
  return existsSync(hiddenLock) && statSync(hiddenLock).mtimeMs >= statSync(lock).mtimeMs;
}

function nodeRunsRxjs9() {
  const [major, minor] = process.versions.node.split('.').map(Number);
  return major > 22 || (major === 22 && minor >= 13);
}

/** Runs `npm ci` in spec/rxjs9 unless its install is current; throws when npm fails. */
export function installRxjs9() {
  if (installed()) return;
  const npm = ['npm', 'ci', '--no-audit', '--no-fund', '--loglevel=warn'];
  const [command, args] = nodeRunsRxjs9()
    ? [npm[0], npm.slice(1)]
    : ['bash', [join(scripts, 'with-node.sh'), '22', ...npm]];
  console.error('rxjs 9: installing rxjs 9 and @rxjs/test in spec/rxjs9 (npm ci, Node 22)');
  // npm's report goes to stderr, so that it does not mix with the output of a script that prints results.
  const run = spawnSync(command, args, { cwd: rxjs9Folder, stdio: ['ignore', 2, 2] });
  if (run.status !== 0) {
    throw new Error(`rxjs 9: npm ci in spec/rxjs9 failed (${run.status ?? run.signal ?? run.error})`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    installRxjs9();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
