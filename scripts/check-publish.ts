/**
 * `npm run check:publish` (after `npm run build`): `npm publish --dry-run`, as a release would run it
 * (publishConfig included), and its file list checked: nothing of the repository's own (specs, type
 * tests, consumer fixtures, benchmarks, examples, marbles, scripts, the API record, configs); every
 * source map's sources shipped beside it; and each shipped `src` file there because a map points to it,
 * since the sources ship only so that maps lead to them (stack traces, go-to-definition).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, posix, resolve } from 'node:path';

interface PublishResult {
  readonly id: string;
  readonly files: readonly { readonly path: string }[];
}

const root = resolve(__dirname, '..');
const output = execFileSync('npm', ['publish', '--dry-run', '--json'], {
  cwd: root,
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'pipe'],
});
// npm 11 keys the result by package name; npm 10 prints the result itself.
const parsed = JSON.parse(output) as PublishResult | Record<string, PublishResult>;
const result = 'files' in parsed ? (parsed as PublishResult) : Object.values(parsed)[0];
const files = result.files.map((file) => file.path).sort();

const failures: string[] = [];
const repositoryOnly = [
  [/(^|\/)spec\//, 'a spec or a fixture'],
  [/\.(spec|test|test-d)\.[cm]?[jt]s$/, 'a spec'],
  [/(^|\/)(fixtures|consumers|__fixtures__)\//, 'a fixture'],
  [/^(bench|examples|marbles|scripts|api|reports|docs|\.ci|playground)\//, 'a folder of the repository'],
  [/^(tsconfig|jest|eslint|stryker|api-extractor)[.\w-]*\.(json|js|mjs|cjs)$/, 'a config'],
  [/\.tgz$|\.cpuprofile$/, 'an artefact'],
] as const;
for (const file of files) {
  for (const [pattern, what] of repositoryOnly) {
    if (pattern.test(file)) failures.push(`publishes ${file}, ${what}`);
  }
}

const referenced = new Set<string>();
for (const map of files.filter((file) => file.endsWith('.map'))) {
  const { sources } = JSON.parse(readFileSync(join(root, map), 'utf8')) as { sources: string[] };
  for (const source of sources) {
    const path = posix.normalize(posix.join(dirname(map), source));
    referenced.add(path);
    if (!files.includes(path)) failures.push(`${map} points to ${path}, which is not published`);
  }
}
for (const file of files.filter((path) => path.startsWith('src/'))) {
  if (!referenced.has(file)) failures.push(`publishes ${file}, which no source map points to`);
}
for (const required of ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md']) {
  if (!files.includes(required)) failures.push(`does not publish ${required}`);
}

console.log(`npm publish --dry-run: ${result.id}, ${files.length} files`);
if (failures.length > 0) {
  console.error(`${failures.length} problem(s):\n${failures.map((failure) => `- ${failure}`).join('\n')}`);
  process.exit(1);
}
console.log(
  `no spec, fixture, benchmark or repository file; the ${referenced.size} sources the maps point to ship with them, and no other`,
);
