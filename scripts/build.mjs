// `npm run build`: the CommonJS and the ES module builds side by side, each folder marked with its
// module format so that Node and TypeScript read `.js` and `.d.ts` files in the format they are in.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { installRxjs9 } from './rxjs9-deps.mjs';

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const builds = [
  { project: 'tsconfig.build.json', outDir: 'dist/cjs', type: 'commonjs' },
  { project: 'tsconfig.build.esm.json', outDir: 'dist/esm', type: 'module' },
  // rxjs-as-completed/rxjs9: ES modules only, like rxjs 9, into dist/esm/rxjs9 beside the core it shares.
  { project: 'tsconfig.build.rxjs9.json', outDir: 'dist/esm', type: 'module' },
];

// tsconfig.build.rxjs9.json compiles src/rxjs9 against rxjs 9's types, from spec/rxjs9.
installRxjs9();
rmSync('dist', { recursive: true, force: true });
for (const { project, outDir, type } of builds) {
  execFileSync(process.execPath, [tsc, '-p', project], { stdio: 'inherit' });
  mkdirSync(outDir, { recursive: true });
  writeFileSync(`${outDir}/package.json`, `${JSON.stringify({ type }, null, 2)}\n`);
}
