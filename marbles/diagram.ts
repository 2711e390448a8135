import { readdirSync, readFileSync } from 'fs';
import { basename, join } from 'path';

/**
 * A marble source, read the way swirly's parser reads it (blocks separated by blank lines, `%`
 * comments), with the extra rules that make it executable; marbles/README.md describes the format.
 */
export interface MarbleDiagram {
  /** The file name without `.txt`. */
  readonly name: string;
  /** The plain `%` comment lines: what the diagram shows, in words. */
  readonly description: readonly string[];
  /** The exports whose JSDoc carries this diagram in ASCII (`% jsdoc: asCompleted`). */
  readonly jsdoc: readonly string[];
  /** What the output's letters and `#` stand for (`% where A = { index: 0, status: 'timeout' }`). */
  readonly legend: readonly LegendEntry[];
  /** The named streams (`a = --1|`): inputs drawn where a top-level line emits them. */
  readonly innerStreams: readonly MarbleLine[];
  /** The top-level lines above the operator box: the source, or the inputs of a creation function. */
  readonly inputs: readonly MarbleLine[];
  /** The text of the operator box, which is also the call under test. */
  readonly operator: string;
  /** The one line below the operator box. */
  readonly output: MarbleLine;
}

export interface MarbleLine {
  /** The name of a named stream, else null. */
  readonly name: string | null;
  readonly title: string | null;
  /** The marbles, without the leading spaces of {@link offset}. */
  readonly marbles: string;
  /** Leading spaces: the frame the line starts at, which is where swirly draws it. */
  readonly offset: number;
  /** The named streams this line draws faded (`ghosts = a, c`): torn down before they complete. */
  readonly ghosts: readonly string[];
  /** Whether the line itself is drawn faded (`ghost = true`): an input torn down before it completes. */
  readonly ghost: boolean;
}

export interface LegendEntry {
  /** A letter of the output line, or `#` for its error. */
  readonly symbol: string;
  /** The value, in the expression language of marbles/expression.ts. */
  readonly text: string;
}

const COMMENT = /^\s*%\s?(.*)$/;
const JSDOC_DIRECTIVE = /^jsdoc:\s*(\w+)\s*$/;
const WHERE_DIRECTIVE = /^where\s+([A-Za-z0-9#])\s*=\s*(.+?)\s*$/;
const STYLES_HEADER = /^\[styles(?:\.[A-Za-z0-9])?\]$/;
const NAMED_STREAM = /^([A-Za-z0-9])\s*=\s*(\S+)\s*$/;
const TOP_LEVEL_STREAM = /^( *)(\S+)$/;
const TITLE = /^title\s*=\s*(.*?)\s*$/;
const GHOSTS = /^ghosts\s*=\s*([A-Za-z0-9](?:\s*,\s*[A-Za-z0-9])*)\s*$/;
const GHOST = /^ghost\s*=\s*true\s*$/;

/** Parses one marble source; any line outside the format throws, naming the file and the line. */
export function parseDiagram(name: string, text: string): MarbleDiagram {
  const description: string[] = [];
  const jsdoc: string[] = [];
  const legend: LegendEntry[] = [];
  const blocks: string[][] = [[]];
  for (const line of text.split(/\r?\n/)) {
    const comment = COMMENT.exec(line);
    if (comment !== null) {
      const content = comment[1];
      const jsdocMatch = JSDOC_DIRECTIVE.exec(content);
      const whereMatch = WHERE_DIRECTIVE.exec(content);
      if (jsdocMatch !== null) jsdoc.push(jsdocMatch[1]);
      else if (whereMatch !== null) legend.push({ symbol: whereMatch[1], text: whereMatch[2] });
      else if (content.trim() !== '') description.push(content.trim());
    } else if (line.trim() === '') {
      if (blocks[blocks.length - 1].length > 0) blocks.push([]);
    } else {
      blocks[blocks.length - 1].push(line);
    }
  }
  const fail = (message: string): never => {
    throw new SyntaxError(`marbles/${name}.txt: ${message}`);
  };

  const innerStreams: MarbleLine[] = [];
  const inputs: MarbleLine[] = [];
  const outputs: MarbleLine[] = [];
  let operator: string | null = null;
  for (const block of blocks.filter((lines) => lines.length > 0)) {
    const [first, ...config] = block as [string, ...string[]];
    if (STYLES_HEADER.test(first)) continue;
    if (first.startsWith('>')) {
      if (operator !== null) fail('more than one operator line');
      if (config.length > 0) fail(`unexpected line under the operator: ${config[0]}`);
      operator = first.slice(1).trim();
      continue;
    }
    let title: string | null = null;
    let ghosts: string[] = [];
    let ghost = false;
    for (const line of config) {
      const titleMatch = TITLE.exec(line.trim());
      const ghostsMatch = GHOSTS.exec(line.trim());
      if (titleMatch !== null) title = titleMatch[1];
      else if (ghostsMatch !== null) ghosts = ghostsMatch[1].split(/\s*,\s*/);
      else if (GHOST.test(line.trim())) ghost = true;
      else fail(`expected "title = ...", "ghosts = ...", "ghost = true" or a blank line before: ${line}`);
    }
    const named = NAMED_STREAM.exec(first);
    if (named !== null) {
      if (operator !== null) fail(`a named stream below the operator: ${first}`);
      if (ghosts.length > 0 || ghost) fail(`ghosts belong on the line that emits them: ${first}`);
      innerStreams.push({ name: named[1], title, marbles: named[2], offset: 0, ghosts, ghost });
      continue;
    }
    if (ghost && operator !== null) fail(`the output line cannot be a ghost: ${first}`);
    const topLevel = TOP_LEVEL_STREAM.exec(first);
    if (topLevel === null) fail(`marbles cannot contain spaces: ${first}`);
    if (topLevel![2].includes('^'))
      fail(`lines are cold, drawn from where they are subscribed; no '^': ${first}`);
    const line = { name: null, title, marbles: topLevel![2], offset: topLevel![1].length, ghosts, ghost };
    for (const name of ghosts) {
      if (!line.marbles.includes(name)) fail(`ghost ${name} is not emitted by: ${first}`);
    }
    (operator === null ? inputs : outputs).push(line);
  }

  if (operator === null) return fail('no operator line ("> call")');
  if (inputs.length === 0) fail('no input line above the operator');
  if (outputs.length !== 1) fail(`expected one output line below the operator, found ${outputs.length}`);
  const output = outputs[0];
  if (output.offset !== 0) fail('the output line must start at frame 0');
  for (const input of inputs) if (input.title === null) fail(`input line without a title: ${input.marbles}`);
  for (const inner of innerStreams) {
    if (!inputs.some((input) => input.marbles.includes(inner.name!)))
      fail(`named stream ${inner.name} is not emitted by any input line`);
  }
  for (const { symbol } of legend) {
    if (!output.marbles.includes(symbol)) fail(`"where ${symbol}" names nothing on the output line`);
  }
  return { name, description, jsdoc, legend, innerStreams, inputs, operator, output };
}

export const MARBLES_DIRECTORY = __dirname;

/** Every marble source of marbles/, by file name. */
export function loadDiagrams(directory = MARBLES_DIRECTORY): MarbleDiagram[] {
  return readdirSync(directory)
    .filter((file) => file.endsWith('.txt'))
    .sort()
    .map((file) => parseDiagram(basename(file, '.txt'), readFileSync(join(directory, file), 'utf8')));
}

/**
 * The diagram in the ASCII form of RxJS's JSDoc: one line per stream, time running left to right
 * one character per frame, a named stream starting under the frame that emits it.
 */
export function toAscii(diagram: MarbleDiagram): string[] {
  const { inputs, innerStreams, operator, output, legend } = diagram;
  const rows: { label: string; column: number; marbles: string }[] = [];
  for (const input of inputs) {
    rows.push({ label: input.title!, column: input.offset, marbles: input.marbles });
    for (const inner of innerStreams) {
      const at = input.marbles.indexOf(inner.name!);
      if (at >= 0) rows.push({ label: inner.name!, column: input.offset + at, marbles: inner.marbles });
    }
  }
  const outputRow = { label: output.title ?? 'output', column: 0, marbles: output.marbles };
  const labelWidth = Math.max(10, ...[...rows, outputRow].map(({ label }) => label.length + 2));
  const row = ({ label, column, marbles }: (typeof rows)[number]): string =>
    `${`${label}:`.padEnd(labelWidth)}${' '.repeat(column)}${marbles}`;
  const lines = [...rows.map(row), '', `${' '.repeat(labelWidth)}${operator}`, '', row(outputRow)];
  if (legend.length > 0) lines.push('', ...legend.map(({ symbol, text }) => `${symbol} = ${text}`));
  return lines;
}
