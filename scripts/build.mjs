// `npm run build`: the CommonJS and the ES module builds side by side, each folder marked with its
// module format so that Node and TypeScript read `.js` and `.d.ts` files in the format they are in.
//
//   node scripts/build.mjs              builds
//   node scripts/build.mjs --no-mangle  builds without shortening internal names (scripts/mangle.mjs), to
//                                       measure what that saves
//   node scripts/build.mjs --if-stale   builds unless dist/ is, byte for byte, what the last build wrote
//                                       from the same inputs (what `test:rxjs9`, `bench` and
//                                       `build:playground` run, so that CI builds once)
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mangleInternalNames } from './mangle.mjs';
import { installRxjs9 } from './rxjs9-deps.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const builds = [
  { project: 'tsconfig.build.json', outDir: 'dist/cjs', type: 'commonjs' },
  { project: 'tsconfig.build.esm.json', outDir: 'dist/esm', type: 'module' },
  // rxjs-as-completed/rxjs9: ES modules only, like rxjs 9, into dist/esm/rxjs9 beside the core it shares.
  { project: 'tsconfig.build.rxjs9.json', outDir: 'dist/esm', type: 'module' },
];

/**
 * Everything the build reads: the sources, the configs, this script, and what is installed (the compiler,
 * rxjs 7 at the root, rxjs 9 in spec/rxjs9), through the lock files npm writes into node_modules.
 */
const inputs = () => [
  ...filesUnder('src'),
  ...readdirSync(root).filter((file) => /^tsconfig.*\.json$/.test(file)),
  'package.json',
  'scripts/build.mjs',
  'scripts/mangle.mjs',
  'node_modules/.package-lock.json',
  'spec/rxjs9/node_modules/.package-lock.json',
];

/** Outside dist/, which npm pack ships whole. */
const stampFile = join(root, 'node_modules', '.cache', 'rxjs-as-completed', 'build.json');

function filesUnder(folder) {
  return readdirSync(join(root, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath ?? entry.path, entry.name)));
}

/** One hash of the files' paths and contents. */
function hashOf(files) {
  const hash = createHash('sha256');
  for (const file of [...files].sort()) {
    hash.update(`${file}\0`).update(existsSync(join(root, file)) ? readFileSync(join(root, file)) : '(none)');
    hash.update('\0');
  }
  return hash.digest('hex');
}

/** Whether dist/ holds exactly the files the last build wrote, from the inputs there are now. */
function current(inputsHash) {
  if (!existsSync(stampFile) || !existsSync(join(root, 'dist'))) return false;
  const stamp = JSON.parse(readFileSync(stampFile, 'utf8'));
  return stamp.inputs === inputsHash && stamp.dist === hashOf(filesUnder('dist'));
}

// tsconfig.build.rxjs9.json compiles src/rxjs9 against rxjs 9's types, from spec/rxjs9.
installRxjs9();
// Hashed before compiling: a source saved during the build makes the next --if-stale build again.
const inputsHash = hashOf(inputs());
const ifStale = process.argv.includes('--if-stale');
if (ifStale && current(inputsHash)) {
  console.log('build: dist/ is the build of the current sources and installs, not rebuilt');
} else {
  if (ifStale) console.log('build: dist/ is not the build of the current sources and installs, building');
  rmSync(stampFile, { force: true });
  rmSync(join(root, 'dist'), { recursive: true, force: true });
  for (const { project, outDir, type } of builds) {
    execFileSync(process.execPath, [tsc, '-p', project], { cwd: root, stdio: 'inherit' });
    mkdirSync(join(root, outDir), { recursive: true });
    writeFileSync(join(root, outDir, 'package.json'), `${JSON.stringify({ type }, null, 2)}\n`);
  }
  // --no-mangle: what the bytes would be without it (docs/performance.md); never what is published.
  if (!process.argv.includes('--no-mangle')) {
    const names = await mangleInternalNames(root, ['dist/cjs', 'dist/esm']);
    console.log(
      `build: ${names.length} internal property names shortened (scripts/mangle.mjs): ${names.join(', ')}`,
    );
  }
  // A build without the shortened names is no build an --if-stale run may keep.
  if (!process.argv.includes('--no-mangle')) {
    mkdirSync(dirname(stampFile), { recursive: true });
    writeFileSync(stampFile, `${JSON.stringify({ inputs: inputsHash, dist: hashOf(filesUnder('dist')) })}\n`);
  }
}
