/**
 * `npm run test:types:native`: the type tests (spec/types, spec/rxjs9/*.test-d.ts) under the compilers
 * beside the toolchain's 6.0 (`npm run test:types`, `npm run test:rxjs9`): TypeScript 7.0, the native
 * compiler, over everything else the project type-checks too, and 5.0, the oldest release the README
 * supports, over the type tests alone. 7.0 has no JS API, so only its `tsc` runs: the root project, then
 * spec/rxjs9 (rxjs 9, installed there on first use). 5.0 cannot take the root project (it allows
 * moduleResolution "bundler" only beside an ES module format), so spec/types has a config of its own.
 */
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { installRxjs9 } from './rxjs9-deps.mjs';
import { compilers, tscOf, type Compiler } from './typescript-compilers';

const root = resolve(__dirname, '..');
installRxjs9();
const runs: readonly (readonly [Compiler, string, readonly string[]])[] = [
  ['7.0', 'tsconfig.json', ['--noEmit']],
  ['7.0', join('spec', 'rxjs9'), []],
  ['5.0', join('spec', 'types', 'tsconfig.typescript-5.0.json'), []],
  ['5.0', join('spec', 'rxjs9'), []],
];
let failed = false;
for (const [compiler, project, args] of runs) {
  console.log(`TypeScript ${compilers[compiler]}: tsc -p ${project}`);
  const { status } = spawnSync(process.execPath, [tscOf(compiler), '-p', project, ...args], {
    cwd: root,
    stdio: 'inherit',
  });
  if (status !== 0) failed = true;
}
if (failed) process.exit(1);
