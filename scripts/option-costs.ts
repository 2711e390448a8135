/**
 * What each option costs in `asCompleted`'s bundle, for `npm run check:size`: the operator is bundled
 * from src/ as the build makes it (minified, internal names shortened as scripts/mangle.mjs shortens
 * them, rxjs external), then again without the code that serves one option, and the difference is
 * that option's cost.
 *
 * The code of an option is marked in src/ by a comment `// size: <option>`, at the end of its line or
 * on the line before it: the statement, class member or object property it ends or leads is what that
 * option costs. What the option shares with the rest inside one expression (a condition that names
 * it, say) stays, so a figure is what the marked code costs: the least the option costs.
 */
import { build, type Plugin } from 'esbuild';
import { readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import ts from 'typescript';

const root = resolve(__dirname, '..');

/** The options every export takes, as their JSDoc names them; the marks must name one of these. */
export const OPTIONS = ['timeout', 'concurrent', 'each', 'signal', 'scheduler'] as const;
export type OptionName = (typeof OPTIONS)[number];

const MARK = /^\/\/ size: (\S+)$/;

/** A node a mark may lead: removing it leaves code that parses. */
function removable(node: ts.Node): boolean {
  const { parent } = node;
  return (
    (ts.isStatement(node) && (ts.isBlock(parent) || ts.isSourceFile(parent) || ts.isModuleBlock(parent))) ||
    ts.isClassElement(node) ||
    ts.isObjectLiteralElementLike(node)
  );
}

export interface Mark {
  readonly file: string;
  readonly line: number;
  readonly option: string;
  /** Where the node the mark ends or leads, with the mark, starts and ends in the file's text. */
  readonly start: number;
  readonly end: number;
}

/** Every mark of a file, each with the node it ends or leads; throws for a mark on nothing removable. */
export function marksOf(file: string, text: string): Mark[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const marks: Mark[] = [];
  const claimed = new Set<number>();
  const visit = (node: ts.Node): void => {
    if (removable(node)) {
      // A node removed with its trailing comma, so that an object literal still parses.
      const end = text[node.getEnd()] === ',' ? node.getEnd() + 1 : node.getEnd();
      // The mark goes with its node.
      const ranges = [
        ...(ts.getLeadingCommentRanges(text, node.getFullStart()) ?? []).map((comment) => ({
          comment,
          start: comment.pos,
          end,
        })),
        ...(ts.getTrailingCommentRanges(text, end) ?? []).map((comment) => ({
          comment,
          start: node.getStart(),
          end: comment.end,
        })),
      ];
      for (const range of ranges) {
        const found = MARK.exec(text.slice(range.comment.pos, range.comment.end));
        if (found === null || claimed.has(range.comment.pos)) continue;
        claimed.add(range.comment.pos);
        const line = source.getLineAndCharacterOfPosition(range.comment.pos).line + 1;
        marks.push({ file, line, option: found[1], start: range.start, end: range.end });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  // A mark no removable node claimed leads an expression or nothing: it would count nothing.
  const all = [...text.matchAll(/\/\/ size: \S+/g)];
  for (const match of all) {
    if (!claimed.has(match.index)) {
      const line = source.getLineAndCharacterOfPosition(match.index).line + 1;
      throw new Error(
        `${relative(root, file)}:${line}: "${match[0]}" ends or leads no statement, class member or property`,
      );
    }
  }
  return marks;
}

/** The text of a file without the nodes that `marks` lead (a node inside another goes with it). */
export function without(text: string, marks: readonly Mark[]): string {
  const outermost: Mark[] = [];
  for (const mark of [...marks].sort((a, b) => a.start - b.start)) {
    const last = outermost.at(-1);
    if (last === undefined || mark.start >= last.end) outermost.push(mark);
  }
  let result = '';
  let from = 0;
  for (const { start, end } of outermost) {
    result += text.slice(from, start);
    from = end;
  }
  return result + text.slice(from);
}

interface Bundled {
  readonly gzipped: number;
  /** How many marks of the dropped option the bundled modules hold. */
  readonly marks: number;
}

/** The internal names the build shortens, from the script that shortens them. */
async function internalNames(): Promise<string[]> {
  const mangle = (await import(join(root, 'scripts', 'mangle.mjs'))) as {
    internalNames(root: string): { names: string[] };
  };
  return mangle.internalNames(root).names;
}

async function bundle(entry: string, names: readonly string[], drop: OptionName | null): Promise<Bundled> {
  let dropped = 0;
  const plugin: Plugin = {
    name: 'drop-option',
    setup(pluginBuild) {
      pluginBuild.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, (args) => {
        const text = readFileSync(args.path, 'utf8');
        if (drop === null) return { contents: text, loader: 'ts' };
        const marks = marksOf(args.path, text).filter((mark) => mark.option === drop);
        dropped += marks.length;
        return { contents: without(text, marks), loader: 'ts' };
      });
    },
  };
  const result = await build({
    stdin: { contents: `export { asCompleted } from './${entry}';`, resolveDir: root, loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    external: ['rxjs'],
    write: false,
    logLevel: 'silent',
    plugins: [plugin],
    mangleProps: new RegExp(`^(${names.join('|')})$`),
    // The compiler options that change what the build emits (class fields as assignments, at ES2020).
    tsconfigRaw: { compilerOptions: { target: 'ES2020', useDefineForClassFields: false } },
  });
  return { gzipped: gzipSync(result.outputFiles[0].contents, { level: 9 }).length, marks: dropped };
}

/** Every mark in src/, checked: each names an option, and each option has marks. */
export function allMarks(): Mark[] {
  const files = ts.sys.readDirectory(join(root, 'src'), ['.ts']);
  const marks = files.flatMap((file) => marksOf(file, readFileSync(file, 'utf8')));
  for (const mark of marks) {
    if (!(OPTIONS as readonly string[]).includes(mark.option)) {
      throw new Error(
        `${relative(root, mark.file)}:${mark.line}: "// size: ${mark.option}" names no option (${OPTIONS.join(', ')})`,
      );
    }
  }
  for (const option of OPTIONS) {
    if (!marks.some((mark) => mark.option === option))
      throw new Error(`no code in src/ is marked "// size: ${option}"`);
  }
  return marks;
}

export interface OptionCost {
  readonly option: OptionName;
  /** The marked places in the modules bundled: none for an option the entry does not take. */
  readonly marks: number;
  readonly bytes: number;
}

/** `asCompleted` from `entry` (src/index.ts or src/rxjs9/index.ts), whole and without each option's code. */
export async function optionCosts(entry: string): Promise<{ whole: number; costs: OptionCost[] }> {
  allMarks();
  const names = await internalNames();
  const whole = (await bundle(entry, names, null)).gzipped;
  const costs: OptionCost[] = [];
  for (const option of OPTIONS) {
    const { gzipped, marks } = await bundle(entry, names, option);
    costs.push({ option, marks, bytes: whole - gzipped });
  }
  return { whole, costs };
}
