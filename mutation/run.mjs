// `npm run mutate [-- stryker options]`: mutation testing of src/ with StrykerJS, in two passes, because
// one Jest configuration cannot hold both rxjs generations (`rxjs` is rxjs 7.8.2 for the main suite and
// rxjs 9 for spec/rxjs9):
//   - stryker.config.json: src/ except src/rxjs9 (the rxjs 7/8 entry and the core), against the main suite;
//   - stryker.rxjs9.config.json: src/rxjs9 (the rxjs 9 entry), against spec/rxjs9 on its sources.
// Run under Node 22 by scripts/with-node.sh. StrykerJS is installed in this folder on first use (and again
// when package-lock.json here changes), out of the root install, which runs on Node 20.
//
// `--mutate` patterns under src/rxjs9/ go to the rxjs 9 pass and the others to the main one; a pass with no
// pattern is skipped. Every other option goes to both passes (e.g. --incremental, --concurrency 1).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { installRxjs9 } from '../scripts/rxjs9-deps.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = dirname(here);
const rxjs9Prefix = 'src/rxjs9/';

const passes = [
  { name: 'src/ without src/rxjs9, main suite', config: 'stryker.config.json', report: 'reports/mutation' },
  { name: 'src/rxjs9, spec/rxjs9', config: 'stryker.rxjs9.config.json', report: 'reports/mutation-rxjs9' },
];

function fail(message) {
  console.error(`mutate: ${message}`);
  process.exit(1);
}

/** Node 22.18 or later, as Stryker 10's Babel 8 requires; `npm run mutate` provides it. */
function checkNode() {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < 22 || (major === 22 && minor < 18)) {
    fail(`StrykerJS 10 needs Node 22.18 or later; this is ${process.version}. Use \`npm run mutate\`.`);
  }
}

/** The suite's toolchain comes from the root install; rxjs 9 is installed in spec/rxjs9 on first use. */
function checkRootInstall() {
  for (const pkg of ['node_modules/jest', 'node_modules/ts-jest']) {
    if (!existsSync(join(root, pkg, 'package.json')))
      fail(`${pkg} is missing: run \`npm ci\` at the root first.`);
  }
  try {
    installRxjs9();
  } catch (error) {
    fail(error.message);
  }
}

/** `npm ci` here when StrykerJS is not installed, or its lock file is newer than the install. */
function installStryker() {
  const installed = join(here, 'node_modules', '.package-lock.json');
  const lock = join(here, 'package-lock.json');
  if (existsSync(installed) && statSync(installed).mtimeMs >= statSync(lock).mtimeMs) return;
  console.log('mutate: installing StrykerJS in mutation/ (npm ci)');
  const npm = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: here, stdio: 'inherit' });
  if (npm.status !== 0) fail('npm ci in mutation/ failed');
}

/** The options without --mutate, and the --mutate patterns (null when none was given). */
function parseArgs(args) {
  const options = [];
  let patterns = null;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const inline = /^--mutate=(.*)$/.exec(arg);
    if (inline || arg === '--mutate' || arg === '-m') {
      const list = inline ? inline[1] : args[++i];
      if (list === undefined) fail(`${arg} needs a list of files`);
      // A comma-separated list, as Stryker reads it.
      patterns = [...(patterns ?? []), ...list.split(',').filter((pattern) => pattern !== '')];
    } else {
      options.push(arg);
    }
  }
  return { options, patterns };
}

/** The --mutate list of each pass, or undefined for its configured one, or null to skip it. */
function routePatterns(patterns) {
  if (patterns === null) return [undefined, undefined];
  const isRxjs9 = (pattern) => pattern.replace(/^!/, '').replace(/^\.\//, '').startsWith(rxjs9Prefix);
  const main = patterns.filter((pattern) => !isRxjs9(pattern));
  const rxjs9 = patterns.filter(isRxjs9);
  return [main.length > 0 ? [...main, '!src/rxjs9/**'] : null, rxjs9.length > 0 ? rxjs9 : null];
}

/** Counts a pass's mutants by status from its JSON report. */
function countStatuses(report) {
  const counts = {};
  const { files } = JSON.parse(readFileSync(join(root, report, 'mutation.json'), 'utf8'));
  for (const file of Object.values(files)) {
    for (const { status } of file.mutants) counts[status] = (counts[status] ?? 0) + 1;
  }
  return counts;
}

function summary(ran) {
  const total = {};
  for (const pass of ran) {
    for (const [status, count] of Object.entries(countStatuses(pass.report))) {
      total[status] = (total[status] ?? 0) + count;
    }
  }
  const n = (status) => total[status] ?? 0;
  const detected = n('Killed') + n('Timeout');
  const scored = detected + n('Survived') + n('NoCoverage');
  const score = scored === 0 ? 'n/a' : `${((100 * detected) / scored).toFixed(2)}%`;
  console.log(
    `\nmutate: ${ran.length} pass(es): ${n('Killed')} killed, ${n('Timeout')} timed out, ${n('Survived')} survived, ` +
      `${n('NoCoverage')} not covered, ${n('CompileError')} did not compile, ${n('RuntimeError')} runtime errors; ` +
      `score ${score} (${detected} of ${scored}). Reports: ${ran.map((pass) => `${pass.report}/index.html`).join(', ')}`,
  );
}

checkNode();
checkRootInstall();
installStryker();

const { options, patterns } = parseArgs(process.argv.slice(2));
const stryker = join(here, 'node_modules', '@stryker-mutator', 'core', 'bin', 'stryker.js');
const ran = [];
for (const [index, mutate] of routePatterns(patterns).entries()) {
  const pass = passes[index];
  if (mutate === null) continue;
  console.log(`\n== mutate: ${pass.name} (mutation/${pass.config})`);
  const args = [stryker, 'run', relative(root, join(here, pass.config)), ...options];
  if (mutate) args.push('--mutate', mutate.join(','));
  const started = Date.now();
  const run = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  console.log(`mutate: ${pass.name}: ${((Date.now() - started) / 60_000).toFixed(1)} min`);
  if (run.status !== 0) fail(`${pass.name}: stryker exited with ${run.status ?? run.signal}`);
  ran.push(pass);
}
// A dry run tests no mutant and writes no report: there is nothing to add up.
if (options.includes('--dryRunOnly'))
  console.log(`\nmutate: ${ran.length} pass(es): dry run only, no mutant tested`);
else summary(ran);
