/**
 * `npm run generate:entries`: the front files the two entries share (their JSDoc, overloads and
 * types), written into src/ for `rxjs-as-completed` (rxjs 7 and 8) and into src/rxjs9/ for
 * `rxjs-as-completed/rxjs9`, from one template each in scripts/entries/*.ts.in, so that the two
 * cannot drift. Each entry keeps its own files, importing only its own rxjs generation.
 *
 * A template is the file itself, with lines kept for one entry only between `#rxjs7` (or `#rxjs9`)
 * and `#end`, and `{{package}}` and `{{core}}` standing for the entry's import name and the path of
 * src/core. The output is formatted by Prettier. With `--check`, nothing is written, and the script
 * fails when a committed file differs from what its template makes (`npm run test:docs` runs it so).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { format, resolveConfig } from 'prettier';

const root = resolve(__dirname, '..');
const templates = join(root, 'scripts', 'entries');

interface Entry {
  readonly generation: 'rxjs7' | 'rxjs9';
  readonly folder: string;
  readonly values: Readonly<Record<string, string>>;
}

const entries: readonly Entry[] = [
  { generation: 'rxjs7', folder: 'src', values: { package: 'rxjs-as-completed', core: './core' } },
  {
    generation: 'rxjs9',
    folder: 'src/rxjs9',
    values: { package: 'rxjs-as-completed/rxjs9', core: '../core' },
  },
];

const directive = /^#(rxjs7|rxjs9|end)\s*$/;

/** The text of one entry's file: the lines of its generation, with the placeholders filled in. */
export function instantiate(template: string, { generation, values }: Entry, name: string): string {
  let only: string | null = null;
  const lines: string[] = [];
  template.split('\n').forEach((line, index) => {
    const match = directive.exec(line);
    if (match !== null) {
      only = match[1] === 'end' ? null : match[1];
      return;
    }
    if (only !== null && only !== generation) return;
    lines.push(
      line.replace(/\{\{(\w+)\}\}/g, (placeholder, key: string) => {
        if (!(key in values)) throw new Error(`${name}:${index + 1}: unknown placeholder ${placeholder}`);
        return values[key];
      }),
    );
  });
  if (only !== null) throw new Error(`${name}: #${String(only)} is never closed by #end`);
  const header = `// Generated from scripts/entries/${name} by \`npm run generate:entries\`: edit it there.\n`;
  return header + lines.join('\n');
}

/** Every generated file, by its path from the root, with the text its template makes. */
export async function generate(): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const name of readdirSync(templates)
    .filter((file) => file.endsWith('.ts.in'))
    .sort()) {
    const template = readFileSync(join(templates, name), 'utf8');
    for (const entry of entries) {
      const path = join(root, entry.folder, name.replace(/\.in$/, ''));
      const options = { ...(await resolveConfig(path)), filepath: path };
      files.set(relative(root, path), await format(instantiate(template, entry, name), options));
    }
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
      `✗ ${stale.join(', ')}: not what scripts/entries makes; edit the template and run \`npm run generate:entries\``,
    );
    process.exitCode = 1;
  } else {
    console.log(check ? '✓ the entries are what scripts/entries makes' : `wrote ${stale.length} files`);
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
