/**
 * `npm run check:pack` (after `npm run build`): packs the package as `npm publish` would, checks that
 * the tarball holds what a user needs and nothing else, then installs it into a scratch project and
 * runs it from CommonJS and from an ES module under Node, with each tested rxjs as the app's copy.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { consumerBody as rxjs7ConsumerBody } from './consumer-body';

interface PackResult {
  readonly filename: string;
  readonly files: readonly { readonly path: string; readonly size: number }[];
}

const root = resolve(__dirname, '..');
const failures: string[] = [];

function npmPack(args: readonly string[]): PackResult {
  const output = execFileSync('npm', ['pack', '--json', ...args], { cwd: root, encoding: 'utf8' });
  const [result] = JSON.parse(output) as PackResult[];
  return result;
}

/**
 * What a user needs: the manifest, the readme, the changelog, the two builds with their types and maps (the core in
 * both, the rxjs 9 entry as an ES module only), and the sources the maps point to.
 */
const shipped = [
  /^package\.json$/,
  /^README\.md$/,
  /^CHANGELOG\.md$/,
  /^LICENSE(\.md)?$/,
  /^dist\/(cjs|esm)\/package\.json$/,
  /^dist\/(cjs|esm)\/(core\/)?[a-z-]+\.(js|js\.map|d\.ts|d\.ts\.map)$/,
  /^dist\/esm\/rxjs9\/[a-z-]+\.(js|js\.map|d\.ts|d\.ts\.map)$/,
  /^src\/(core\/|rxjs9\/)?[a-z-]+\.ts$/,
];

/** The modules of a folder of src, by name. */
const modulesOf = (folder: string): string[] =>
  readdirSync(join(root, 'src', folder))
    .filter((file) => file.endsWith('.ts'))
    .map((file) => `${folder}${file.slice(0, -'.ts'.length)}`);

function checkFileList(files: readonly string[]): void {
  for (const file of files) {
    if (!shipped.some((pattern) => pattern.test(file)))
      failures.push(`ships ${file}, which a user does not need`);
  }
  const modules = [...modulesOf(''), ...modulesOf('core/')];
  const required = [
    'package.json',
    'README.md',
    'dist/cjs/package.json',
    'dist/esm/package.json',
    ...modules.flatMap((module) => [
      `src/${module}.ts`,
      ...['cjs', 'esm'].flatMap((format) => [`dist/${format}/${module}.js`, `dist/${format}/${module}.d.ts`]),
    ]),
    ...modulesOf('rxjs9/').flatMap((module) => [
      `src/${module}.ts`,
      `dist/esm/${module}.js`,
      `dist/esm/${module}.d.ts`,
    ]),
  ];
  for (const file of required) {
    if (!files.includes(file)) failures.push(`does not ship ${file}`);
  }
}

const consumerBody = rxjs7ConsumerBody((inputs) => `from(${inputs}).pipe(asCompleted(600))`);

const consumers = {
  'app.cjs': `const { from, TimeoutError } = require('rxjs');
const { asCompleted, AsCompletedTimeoutError } = require('rxjs-as-completed');
${consumerBody}`,
  'app.mjs': `import { from, TimeoutError } from 'rxjs';
import { asCompleted, AsCompletedTimeoutError } from 'rxjs-as-completed';
${consumerBody}`,
};

/** The app's own rxjs, as each tested release: the alias folders installed as devDependencies. */
const rxjsCopies = { '7.2.0': 'rxjs-7.2', '7.8.2': 'rxjs', '8.0.0-alpha.14': 'rxjs-8' };

function runConsumers(tarball: string): void {
  const app = mkdtempSync(join(tmpdir(), 'rxjs-as-completed-consumer-'));
  try {
    const installed = join(app, 'node_modules', 'rxjs-as-completed');
    mkdirSync(installed, { recursive: true });
    execFileSync('tar', ['-xzf', tarball, '-C', installed, '--strip-components=1']);
    for (const [file, source] of Object.entries(consumers)) writeFileSync(join(app, file), source);
    for (const [version, folder] of Object.entries(rxjsCopies)) {
      rmSync(join(app, 'node_modules', 'rxjs'), { force: true });
      symlinkSync(join(root, 'node_modules', folder), join(app, 'node_modules', 'rxjs'), 'dir');
      for (const file of Object.keys(consumers)) {
        try {
          const output = execFileSync(process.execPath, [file], { cwd: app, encoding: 'utf8' }).trim();
          console.log(`rxjs ${version}, ${file}: ${output}`);
        } catch (error) {
          const { stdout, stderr } = error as { stdout?: string; stderr?: string };
          failures.push(`rxjs ${version}, ${file} failed: ${stdout ?? ''}${stderr ?? ''}`);
        }
      }
    }
  } finally {
    rmSync(app, { recursive: true, force: true });
  }
}

const dryRun = npmPack(['--dry-run']);
const files = dryRun.files.map((file) => file.path).sort();
console.log(
  `npm pack --dry-run: ${files.length} files, ${dryRun.files.reduce((sum, f) => sum + f.size, 0)} bytes`,
);
for (const file of files) console.log(`  ${file}`);
checkFileList(files);

const packDirectory = mkdtempSync(join(tmpdir(), 'rxjs-as-completed-pack-'));
try {
  const packed = npmPack(['--pack-destination', packDirectory]);
  runConsumers(join(packDirectory, packed.filename));
} finally {
  rmSync(packDirectory, { recursive: true, force: true });
}

if (failures.length > 0) {
  console.error(`\n${failures.length} problem(s):\n${failures.map((failure) => `- ${failure}`).join('\n')}`);
  process.exit(1);
}
console.log(
  '\nthe packed package holds what a user needs and runs from CommonJS and ESM with each tested rxjs',
);
