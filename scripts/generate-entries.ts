/**
 * `npm run generate:entries`: the front files of `rxjs-as-completed/rxjs9` (their JSDoc, overloads and
 * types), written into src/rxjs9/ from those of the main entry in src/, which are the one hand-written
 * source, so that the two cannot drift. What the rxjs 9 files change is in scripts/entries/rxjs9.ts,
 * their own `@example`s in docs/code-blocks/rxjs9/examples/ (docs/entries.md says why).
 *
 * The output is formatted by Prettier. With `--check`, nothing is written, and the script fails when a
 * committed file differs from what it makes (`npm run test:docs` runs it so).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { EDITS, FRONT_FILES, type Edit } from './entries/rxjs9';

const root = resolve(__dirname, '..');
const examplesFolder = join(root, 'docs', 'code-blocks', 'rxjs9', 'examples');

/** `text` with `find` replaced by `replace`, which must be found exactly once. */
function replaceOnce(text: string, [find, replace]: Edit, where: string): string {
  const at = text.indexOf(find);
  if (at < 0 || text.indexOf(find, at + 1) >= 0) {
    throw new Error(
      `${where}: ${at < 0 ? 'not found' : 'found more than once'}: ${JSON.stringify(find.slice(0, 80))}`,
    );
  }
  return text.slice(0, at) + replace + text.slice(at + find.length);
}

/** `OperatorFunction<A, B>` written out as `(source: Observable<A>) => Observable<B>`. */
export function writeOutOperatorFunction(text: string): string {
  const name = 'OperatorFunction<';
  let at = text.indexOf(name);
  while (at >= 0) {
    const open = at + name.length;
    let depth = 1;
    let comma = -1;
    let end = open;
    for (; depth > 0; end++) {
      const char = text[end];
      if (char === undefined) throw new Error('an OperatorFunction< that is never closed');
      if (char === '<') depth++;
      else if (char === '>' && text[end - 1] !== '=') depth--;
      else if (char === ',' && depth === 1 && comma < 0) comma = end;
    }
    if (comma < 0) throw new Error(`an OperatorFunction of one type: ${text.slice(at, end)}`);
    const [input, output] = [text.slice(open, comma), text.slice(comma + 1, end - 1)].map((type) =>
      type.trim().replace(/,$/, ''),
    );
    const written = `(source: Observable<${input}>) => Observable<${output}>`;
    text = text.slice(0, at) + written + text.slice(end);
    at = text.indexOf(name, at + written.length);
  }
  return text;
}

/**
 * The `@example` of each declaration named in `examples`, swapped for its code: the one ```ts block
 * of the declaration's JSDoc. The names swapped are added to `used`.
 */
function swapExamples(
  text: string,
  file: string,
  examples: ReadonlyMap<string, string>,
  used: Set<string>,
): string {
  for (const [name, example] of examples) {
    const declaration = new RegExp(
      `^export (?:declare )?(?:function|class|interface|type|const) ${name}\\b`,
      'm',
    ).exec(text);
    if (declaration === null) continue;
    const where = `${file}: the example of ${name}`;
    const before = text.slice(0, declaration.index);
    const start = before.lastIndexOf('/**');
    if (start < 0 || !before.trimEnd().endsWith('*/')) throw new Error(`${where}: ${name} has no JSDoc`);
    const comment = before.slice(start);
    const fence = /^ \* ```ts\n[^]*?^ \* ```$/m;
    const found = comment.match(new RegExp(fence.source, 'gm')) ?? [];
    if (found.length !== 1) throw new Error(`${where}: ${found.length} ts blocks, where one is swapped`);
    const code = example.trimEnd().split('\n');
    const swapped = [' * ```ts', ...code.map((line) => (line ? ` * ${line}` : ' *')), ' * ```'];
    text =
      before.slice(0, start) +
      comment.replace(fence, () => swapped.join('\n')) +
      text.slice(declaration.index);
    used.add(name);
  }
  return text;
}

/** What the rxjs 9 entry changes in one file: its edits, and its examples by declaration name. */
export interface Changes {
  readonly edits: readonly Edit[];
  readonly examples: ReadonlyMap<string, string>;
}

/** The rxjs 9 entry's text of the shared file `file`, from the main entry's; adds the examples it swapped to `used`. */
export function rxjs9Of(file: string, text: string, { edits, examples }: Changes, used: Set<string>): string {
  // The source says so in its first line, so that whoever edits it knows.
  const note = `// src/rxjs9/${file} is made from this file by \`npm run generate:entries\`: see docs/entries.md.\n`;
  if (!text.startsWith(note)) throw new Error(`src/${file}: its first line is not ${JSON.stringify(note)}`);
  text = text.slice(note.length);
  for (const edit of edits) text = replaceOnce(text, edit, `scripts/entries/rxjs9.ts, ${file}`);
  text = text
    .replace(/^import type \{[^}]*\} from 'rxjs';\n/gm, '')
    .replace(/ from '\.\/core\//g, ` from '../core/`)
    .replace(/'rxjs-as-completed'/g, `'rxjs-as-completed/rxjs9'`);
  text = swapExamples(writeOutOperatorFunction(text), file, examples, used);
  const header = `// Made from src/${file} by \`npm run generate:entries\`, with the edits of scripts/entries/rxjs9.ts: edit those.\n`;
  return header + text;
}

/** Every generated file, by its path from the root, with the text it should have. */
export async function generate(): Promise<Map<string, string>> {
  // Loaded here, not at the top, so that a spec can import the transformation without Prettier's ES modules.
  const { format, resolveConfig } = await import('prettier');
  const files = new Map<string, string>();
  const examples = new Map(
    readdirSync(examplesFolder).map((name) => [
      name.replace(/\.ts$/, ''),
      readFileSync(join(examplesFolder, name), 'utf8'),
    ]),
  );
  const used = new Set<string>();
  for (const file of FRONT_FILES) {
    const path = join(root, 'src', 'rxjs9', file);
    const options = { ...(await resolveConfig(path)), filepath: path };
    const source = readFileSync(join(root, 'src', file), 'utf8');
    const text = rxjs9Of(file, source, { edits: EDITS[file], examples }, used);
    files.set(relative(root, path), await format(text, options));
  }
  const unused = [...examples.keys()].filter((name) => !used.has(name));
  if (unused.length > 0) {
    throw new Error(
      `docs/code-blocks/rxjs9/examples: ${unused.join(', ')}: no front file declares their names`,
    );
  }
  return files;
}

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const stale: string[] = [];
  for (const [path, text] of await generate()) {
    const current = existsSync(join(root, path)) ? readFileSync(join(root, path), 'utf8') : null;
    if (current === text) continue;
    stale.push(path);
    if (!check) writeFileSync(join(root, path), text);
  }
  if (check && stale.length > 0) {
    console.error(
      `✗ ${stale.join(', ')}: not what src/ and scripts/entries/rxjs9.ts make; edit those and run \`npm run generate:entries\``,
    );
    process.exitCode = 1;
  } else {
    console.log(
      check ? '✓ src/rxjs9 is what src/ and scripts/entries/rxjs9.ts make' : `wrote ${stale.length} files`,
    );
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
