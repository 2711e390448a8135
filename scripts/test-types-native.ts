/**
 * `npm run test:types:native`: the type tests (spec/types, spec/rxjs9/*.test-d.ts) and everything else
 * the project type-checks, under TypeScript 7.0, the native compiler, beside the toolchain's 6.0
 * (`npm run test:types`, `npm run test:rxjs9`). 7.0 has no JS API, so only its `tsc` runs: the root
 * project, then spec/rxjs9 (rxjs 9, installed there on first use).
 */
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { installRxjs9 } from './rxjs9-deps.mjs';
import { compilers, tscOf } from './typescript-compilers';

const root = resolve(__dirname, '..');
const tsc = tscOf('7.0');
installRxjs9();
let failed = false;
for (const [project, args] of [
  ['tsconfig.json', ['--noEmit']],
  [join('spec', 'rxjs9'), []],
] as const) {
  console.log(`TypeScript ${compilers['7.0']}: tsc -p ${project}`);
  const { status } = spawnSync(process.execPath, [tsc, '-p', project, ...args], {
    cwd: root,
    stdio: 'inherit',
  });
  if (status !== 0) failed = true;
}
if (failed) process.exit(1);
