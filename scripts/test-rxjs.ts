/**
 * `npm run test:rxjs`: the whole spec suite and the type tests against each tested rxjs release,
 * installed side by side as npm aliases (see jest.config.js): 7.2.0, the lowest in the peer range;
 * 7.8.2, the devDependency; 8.0.0-alpha.14, the newest rxjs 8. Then the rxjs 9.0.0-beta.0 row: the
 * specs of `rxjs-as-completed/rxjs9` and its type tests, under Node 22 (`npm run test:rxjs9`).
 *
 * Jest compiles the specs without type checking (JEST_TRANSPILE_ONLY=1): ts-jest would check them
 * against the root's rxjs 7.8.2 whichever rxjs the row runs, which `npm test` does; each row's own type
 * check is the one below, against its rxjs.
 *
 *   --skip-specs=7.8.2   leaves out the specs of that release (CI: `npm test` has just run them); its
 *                        type tests still run
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as rxjs9 from './test-rxjs9';

const versions = [
  { version: '7.2.0', key: '7.2', folder: 'rxjs-7.2' },
  { version: '7.8.2', key: '7.8', folder: 'rxjs' },
  { version: '8.0.0-alpha.14', key: '8', folder: 'rxjs-8' },
];

const root = resolve(__dirname, '..');
const bin = (name: string): string => join(root, 'node_modules', '.bin', name);

/** The type tests and src, with `rxjs` resolved to `folder`. */
function typeCheck(folder: string): boolean {
  const directory = mkdtempSync(join(tmpdir(), 'rxjs-as-completed-types-'));
  try {
    const rxjs = join(root, 'node_modules', folder);
    const project = join(directory, 'tsconfig.json');
    const config = {
      extends: join(root, 'tsconfig.json'),
      compilerOptions: {
        noEmit: true,
        types: [],
        paths: { rxjs: [rxjs], 'rxjs/*': [`${rxjs}/*`], 'rxjs-as-completed': [join(root, 'src/index.ts')] },
      },
      include: [join(root, 'src'), join(root, 'spec/types')],
    };
    writeFileSync(project, JSON.stringify(config));
    return spawnSync(bin('tsc'), ['-p', project], { stdio: 'inherit' }).status === 0;
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

const skipped = new Set(
  process.argv.flatMap((argument) =>
    argument.startsWith('--skip-specs=') ? argument.slice('--skip-specs='.length).split(',') : [],
  ),
);
for (const version of skipped) {
  if (!versions.some((row) => row.version === version))
    throw new Error(
      `--skip-specs: no rxjs ${version} row; the rows are ${versions.map((row) => row.version).join(', ')}`,
    );
}

type Outcome = 'pass' | 'FAIL' | 'skipped';
const outcome = (ok: boolean): Outcome => (ok ? 'pass' : 'FAIL');

function specsOf(version: string, key: string): Outcome {
  if (skipped.has(version)) {
    console.log(`\n== rxjs ${version}: specs skipped (--skip-specs)`);
    return 'skipped';
  }
  console.log(`\n== rxjs ${version}: specs`);
  const env = { ...process.env, RXJS_VERSION: key, JEST_TRANSPILE_ONLY: '1' };
  return outcome(spawnSync(bin('jest'), ['--silent'], { stdio: 'inherit', env }).status === 0);
}

const results = versions.map(({ version, key, folder }) => {
  const specs = specsOf(version, key);
  console.log(`== rxjs ${version}: type tests`);
  return { version, specs, types: outcome(typeCheck(folder)) };
});

const built = rxjs9.build();
results.push({
  version: '9.0.0-beta.0',
  specs: outcome(built && rxjs9.specs(['--silent'])),
  types: outcome(built && rxjs9.typeTests()),
});

console.log('\nrxjs            specs    type tests');
for (const { version, specs, types } of results) {
  console.log(`${version.padEnd(15)} ${specs.padEnd(8)} ${types}`);
}
if (results.some(({ specs, types }) => specs === 'FAIL' || types === 'FAIL')) process.exit(1);
