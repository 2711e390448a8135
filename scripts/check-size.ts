/**
 * `npm run check:size` (after `npm run build`): what the package adds to an app's bundle, bundled by
 * esbuild from the published ES module build, minified and gzipped, with rxjs external (the app pays
 * for rxjs anyway). Fails when the operator alone is over its budget.
 */
import { build } from 'esbuild';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { optionCosts } from './option-costs';
import { buildSite } from './playground';

// 2.0 kB for the engine with factory inputs and the Promise fast path, plus what clear error messages cost
// (measured: 2.3 kB with every message text stubbed out, 2.8 kB with them; 2.97 kB once the messages
// name what a factory returned, a bigint and a scheduler given as the options, and the timeout error has
// its pendingKeys and a stack headed by its message; 3.75 kB once a teardown survives throwing finalizers
// and reports their errors, a failed delivery ends the run, relative deadlines read a monotonic clock and
// abort reasons say why; 4.30 kB with the options `signal`, about 195 B, and `each`, about 335 B; 4.32 kB
// once the errors of an input's finalizer at its own deadline survive a delivery that throws, and a run
// without a deadline reads no clock per result; 4.45 kB once a Promise is listened to without a record
// when neither a deadline nor a signal can cut it off, for 0.6 to 0.8 times the time per Promise). With
// every message text stubbed out it would still be 3.85 kB: see docs/performance.md. 4.72 kB with the fixes
// of the adopter faults (issue 25): every Promise of a fixed set handled whenever the run ends, 54 B; the
// deadline on a fake clock's time, its clocks told from the platform's own, 46 B; one listener per signal
// however many runs share it, 118 B; a stack overflow past a delivery's catch still ending the run, 28 B
// (the engine's named states and single end saved 14 B). 4.69 kB once the engine is a class, a method per
// transition (+362 B, what a property costs where a closure's variable is minified), with the internal
// property names shortened by the build (scripts/mangle.mjs, -363 B), and the entries' shared front files
// written once (-29 B). The engine issue (26) sets 3,600 B, which this is not: the budget follows what was
// measured, not that target, and is lowered to it so that the bytes won back stay won.
const OPERATOR_BUDGET_BYTES = 4700;
/** The marble playground's JavaScript, all of it: the package, rxjs and the diagram engine. */
const PLAYGROUND_BUDGET_BYTES = 150_000;

const root = resolve(__dirname, '..');

interface Measure {
  readonly minified: number;
  readonly gzipped: number;
}

/** Bundles a module given by its `source` text, or by its `file` path from the root. */
async function measure(
  entry: { readonly source: string } | { readonly file: string },
  external: readonly string[],
): Promise<Measure> {
  const input =
    'source' in entry
      ? { stdin: { contents: entry.source, resolveDir: root, loader: 'ts' as const } }
      : { entryPoints: [join(root, entry.file)] };
  const result = await build({
    ...input,
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    external: [...external],
    write: false,
    logLevel: 'silent',
    // Resolve the package by its name, through its exports map, as an app does; not through tsconfig paths.
    tsconfigRaw: '{}',
  });
  const code = result.outputFiles[0].contents;
  return { minified: code.length, gzipped: gzipSync(code, { level: 9 }).length };
}

/** The names an entry exports at run time, read from its ES module build. */
async function runtimeExports(entry: string): Promise<string[]> {
  const file = entry === 'rxjs-as-completed' ? 'dist/esm/index.js' : 'dist/esm/rxjs9/index.js';
  const text = (await build({ entryPoints: [join(root, file)], write: false, bundle: false, format: 'esm' }))
    .outputFiles[0].text;
  return [...text.matchAll(/export\s*\{([^}]*)\}/g)]
    .flatMap(([, list]) => list.split(','))
    .map((item) =>
      item
        .trim()
        .split(/\s+as\s+/)
        .pop()!,
    )
    .filter((name) => name !== '')
    .sort();
}

function format(label: string, { minified, gzipped }: Measure): string {
  return `${label.padEnd(58)} ${String(minified).padStart(6)} B min  ${String(gzipped).padStart(5)} B min+gz`;
}

async function main(): Promise<void> {
  const operator = await measure({ source: `export { asCompleted } from 'rxjs-as-completed';` }, ['rxjs']);
  const everything = await measure({ source: `export * from 'rxjs-as-completed';` }, ['rxjs']);
  // Not budgeted: reported, so that what the snapshot flavour costs whoever imports it stays in sight.
  const snapshots = await measure(
    { source: `export { forkAsCompletedSnapshots } from 'rxjs-as-completed';` },
    ['rxjs'],
  );
  const rxjs9Snapshots = await measure(
    { source: `export { forkAsCompletedSnapshots } from 'rxjs-as-completed/rxjs9';` },
    ['rxjs'],
  );
  const rxjs9Operator = await measure({ source: `export { asCompleted } from 'rxjs-as-completed/rxjs9';` }, [
    'rxjs',
  ]);
  const rxjs9Everything = await measure({ source: `export * from 'rxjs-as-completed/rxjs9';` }, ['rxjs']);
  const example = await measure({ file: 'examples/browser/main.ts' }, []);
  const exampleWithoutPackage = await measure({ file: 'examples/browser/main.ts' }, ['rxjs-as-completed']);

  console.log(format('asCompleted alone, rxjs external', operator));
  console.log(format('every export, rxjs external', everything));
  console.log(format('rxjs9: asCompleted alone, rxjs external', rxjs9Operator));
  console.log(format('rxjs9: every export, rxjs external', rxjs9Everything));
  console.log(format('forkAsCompletedSnapshots alone, rxjs external', snapshots));
  console.log(format('rxjs9: forkAsCompletedSnapshots alone, rxjs external', rxjs9Snapshots));
  console.log(format('examples/browser, rxjs bundled', example));
  console.log(
    format('examples/browser, delta of bundling rxjs-as-completed', {
      minified: example.minified - exampleWithoutPackage.minified,
      gzipped: example.gzipped - exampleWithoutPackage.gzipped,
    }),
  );

  // What each export costs alone, and beside asCompleted (what an app that has the operator pays for it).
  for (const entry of ['rxjs-as-completed', 'rxjs-as-completed/rxjs9']) {
    console.log(`\n${entry}: each export alone, and what it adds beside asCompleted (min+gz)`);
    for (const name of await runtimeExports(entry)) {
      const alone = await measure({ source: `export { ${name} } from '${entry}';` }, ['rxjs']);
      const base = entry === 'rxjs-as-completed' ? operator : rxjs9Operator;
      const beside =
        name === 'asCompleted'
          ? base
          : await measure({ source: `export { asCompleted, ${name} } from '${entry}';` }, ['rxjs']);
      console.log(
        `  ${name.padEnd(26)} ${String(alone.gzipped).padStart(5)} B alone  +${String(beside.gzipped - base.gzipped).padStart(4)} B beside asCompleted`,
      );
    }
  }

  // What each option costs asCompleted: its code, marked `// size: <option>` in src/ (scripts/option-costs.ts).
  for (const [entry, module] of [
    ['rxjs-as-completed', 'src/as-completed.ts'],
    ['rxjs-as-completed/rxjs9', 'src/rxjs9/as-completed.ts'],
  ]) {
    const { whole, costs } = await optionCosts(module);
    console.log(
      `\n${entry}: what each option's code costs asCompleted (min+gz; bundled from ${module}, ${whole} B whole)`,
    );
    for (const { option, marks, bytes } of costs) {
      console.log(
        marks === 0
          ? `  ${option.padEnd(26)} not an option of this entry`
          : `  ${option.padEnd(26)} ${String(bytes).padStart(5)} B  (${marks} marked ${marks === 1 ? 'place' : 'places'})`,
      );
    }
  }

  const playground = await buildSite();
  console.log(format('playground/dist/main.js, everything bundled', playground));

  const budgeted: [string, Measure, number][] = [
    ['asCompleted', operator, OPERATOR_BUDGET_BYTES],
    ['asCompleted of rxjs-as-completed/rxjs9', rxjs9Operator, OPERATOR_BUDGET_BYTES],
    ['the marble playground', playground, PLAYGROUND_BUDGET_BYTES],
  ];
  const over = budgeted.filter(([, { gzipped }, budget]) => gzipped > budget);
  for (const [name, { gzipped }, budget] of over) {
    console.error(`\n${name} costs ${gzipped} B minified and gzipped, over its budget of ${budget} B`);
  }
  if (over.length > 0) process.exit(1);
  console.log(
    `\nasCompleted, from either entry, is within its budget of ${OPERATOR_BUDGET_BYTES} B minified and gzipped`,
  );
  console.log(
    `the marble playground is within its budget of ${PLAYGROUND_BUDGET_BYTES} B minified and gzipped`,
  );
}

void main();
