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
  /** The `[styles]` blocks as they are written: swirly's business, kept so that a file still renders there. */
  readonly styles: readonly string[];
  /** The named streams (`a = --1|`): inputs drawn where a top-level line emits them. */
  readonly innerStreams: readonly MarbleLine[];
  /** The top-level lines above the operator box: the source, or the inputs of a creation function. */
  readonly inputs: readonly MarbleLine[];
  /** The text of the operator box, which is also the call under test. */
  readonly operator: string;
  /** Where the operator box's text starts in the source. */
  readonly operatorAt: SourcePosition;
  /** The one line below the operator box. */
  readonly output: MarbleLine;
}

/** A diagram being written: the output line may be missing, since running the operator computes it. */
export type DiagramDraft = Omit<MarbleDiagram, 'output'> & { readonly output: MarbleLine | null };

export interface MarbleLine {
  /** The name of a named stream, else null. */
  readonly name: string | null;
  readonly title: string | null;
  /** The marbles, without the leading spaces of {@link offset}. */
  readonly marbles: string;
  /** Leading spaces: the frame the line starts at, which is where it is drawn. */
  readonly offset: number;
  /** The named streams this line draws faded (`ghosts = a, c`): torn down before they complete. */
  readonly ghosts: readonly string[];
  /** Whether the line itself is drawn faded (`ghost = true`): an input torn down before it completes. */
  readonly ghost: boolean;
  /** Where the marbles start in the source, for error messages. */
  readonly at: SourcePosition;
}

export interface LegendEntry {
  /** A letter of the output line, or `#` for its error. */
  readonly symbol: string;
  /** The value, in the expression language of marbles/engine/expression.ts. */
  readonly text: string;
}

/** 1-based, as editors count. */
export interface SourcePosition {
  readonly line: number;
  readonly column: number;
}

/** A mistake in a marble source, at a line and column of it. */
export class DiagramSyntaxError extends SyntaxError {
  constructor(
    readonly file: string,
    readonly position: SourcePosition,
    readonly reason: string,
  ) {
    super(`${file}:${position.line}:${position.column}: ${reason}`);
    this.name = 'SyntaxError';
  }
}

const COMMENT = /^\s*%\s?(.*)$/;
const JSDOC_DIRECTIVE = /^jsdoc:\s*(\w+)\s*$/;
const WHERE_DIRECTIVE = /^where\s+([A-Za-z0-9#])\s*=\s*(.+?)\s*$/;
const STYLES_HEADER = /^\[styles(?:\.[A-Za-z0-9])?\]$/;
const NAMED_STREAM = /^([A-Za-z0-9])(\s*=\s*)(\S+)\s*$/;
const TOP_LEVEL_STREAM = /^( *)(\S+)$/;
const TITLE = /^title\s*=\s*(.*?)\s*$/;
const GHOSTS = /^ghosts\s*=\s*([A-Za-z0-9](?:\s*,\s*[A-Za-z0-9])*)\s*$/;
const GHOST = /^ghost\s*=\s*true\s*$/;

interface SourceLine {
  readonly text: string;
  /** 1-based. */
  readonly line: number;
}

/** Parses one marble source; any line outside the format throws a {@link DiagramSyntaxError}. */
export function parseDiagram(name: string, text: string): MarbleDiagram {
  const draft = parseDraft(name, text);
  if (draft.output === null) {
    const lines = text.trimEnd().split(/\r?\n/).length;
    throw new DiagramSyntaxError(
      `marbles/${name}.txt`,
      { line: lines, column: 1 },
      'expected one output line below the operator, found 0',
    );
  }
  return { ...draft, output: draft.output };
}

/** Parses a marble source whose output line may be missing. */
export function parseDraft(name: string, text: string, file = `marbles/${name}.txt`): DiagramDraft {
  const description: string[] = [];
  const jsdoc: string[] = [];
  const legend: LegendEntry[] = [];
  const blocks: SourceLine[][] = [[]];
  const fail = (at: SourcePosition, message: string): never => {
    throw new DiagramSyntaxError(file, at, message);
  };
  text.split(/\r?\n/).forEach((lineText, index) => {
    const comment = COMMENT.exec(lineText);
    if (comment !== null) {
      const content = comment[1];
      const jsdocMatch = JSDOC_DIRECTIVE.exec(content);
      const whereMatch = WHERE_DIRECTIVE.exec(content);
      if (jsdocMatch !== null) jsdoc.push(jsdocMatch[1]);
      else if (whereMatch !== null) legend.push({ symbol: whereMatch[1], text: whereMatch[2] });
      else if (content.trim() !== '') description.push(content.trim());
    } else if (lineText.trim() === '') {
      if (blocks[blocks.length - 1].length > 0) blocks.push([]);
    } else {
      blocks[blocks.length - 1].push({ text: lineText, line: index + 1 });
    }
  });

  const styles: string[] = [];
  const innerStreams: MarbleLine[] = [];
  const inputs: MarbleLine[] = [];
  const outputs: MarbleLine[] = [];
  let operator: string | null = null;
  let operatorAt: SourcePosition = { line: 1, column: 1 };
  for (const block of blocks.filter((lines) => lines.length > 0)) {
    const [first, ...config] = block as [SourceLine, ...SourceLine[]];
    const start = { line: first.line, column: 1 };
    if (STYLES_HEADER.test(first.text)) {
      styles.push(block.map(({ text: styleLine }) => styleLine).join('\n'));
      continue;
    }
    if (first.text.startsWith('>')) {
      if (operator !== null) fail(start, 'more than one operator line');
      if (config.length > 0)
        fail({ line: config[0].line, column: 1 }, `unexpected line under the operator: ${config[0].text}`);
      operator = first.text.slice(1).trim();
      operatorAt = { line: first.line, column: first.text.indexOf(operator) + 1 };
      continue;
    }
    let title: string | null = null;
    let ghosts: string[] = [];
    let ghost = false;
    for (const { text: configText, line } of config) {
      const setting = configText.trim();
      const titleMatch = TITLE.exec(setting);
      const ghostsMatch = GHOSTS.exec(setting);
      if (titleMatch !== null) title = titleMatch[1];
      else if (ghostsMatch !== null) ghosts = ghostsMatch[1].split(/\s*,\s*/);
      else if (GHOST.test(setting)) ghost = true;
      else
        fail(
          { line, column: 1 },
          `expected "title = ...", "ghosts = ...", "ghost = true" or a blank line before: ${configText}`,
        );
    }
    const named = NAMED_STREAM.exec(first.text);
    if (named !== null) {
      if (operator !== null) fail(start, `a named stream below the operator: ${first.text}`);
      if (ghosts.length > 0 || ghost) fail(start, `ghosts belong on the line that emits them: ${first.text}`);
      const at = { line: first.line, column: named[1].length + named[2].length + 1 };
      checkMarbles(named[3], at, fail);
      innerStreams.push({ name: named[1], title, marbles: named[3], offset: 0, ghosts, ghost, at });
      continue;
    }
    if (ghost && operator !== null) fail(start, `the output line cannot be a ghost: ${first.text}`);
    const topLevel = TOP_LEVEL_STREAM.exec(first.text);
    if (topLevel === null) {
      const { column, reason } = explainSpace(first.text);
      return fail({ line: first.line, column }, reason);
    }
    const at = { line: first.line, column: topLevel[1].length + 1 };
    const hot = topLevel[2].indexOf('^');
    if (hot >= 0)
      fail(
        { line: first.line, column: at.column + hot },
        `lines are cold, drawn from where they are subscribed; no '^': ${first.text}`,
      );
    checkMarbles(topLevel[2], at, fail);
    const line = { name: null, title, marbles: topLevel[2], offset: topLevel[1].length, ghosts, ghost, at };
    for (const ghostName of ghosts) {
      if (!line.marbles.includes(ghostName))
        fail(start, `ghost ${ghostName} is not emitted by: ${first.text}`);
    }
    (operator === null ? inputs : outputs).push(line);
  }

  const end = { line: Math.max(1, text.trimEnd().split(/\r?\n/).length), column: 1 };
  if (operator === null) return fail(end, 'no operator line ("> call")');
  if (inputs.length === 0) fail(operatorAt, 'no input line above the operator');
  if (outputs.length > 1)
    fail(outputs[1].at, `expected one output line below the operator, found ${outputs.length}`);
  const output = outputs.length === 0 ? null : outputs[0];
  if (output !== null && output.offset !== 0) fail(output.at, 'the output line must start at frame 0');
  for (const input of inputs)
    if (input.title === null) fail(input.at, `input line without a title: ${input.marbles}`);
  for (const inner of innerStreams) {
    if (!inputs.some((input) => input.marbles.includes(inner.name!)))
      fail({ line: inner.at.line, column: 1 }, `named stream ${inner.name} is not emitted by any input line`);
  }
  for (const { symbol } of legend) {
    if (output !== null && !output.marbles.includes(symbol))
      fail(output.at, `"where ${symbol}" names nothing on the output line`);
  }
  return { name, description, jsdoc, legend, styles, innerStreams, inputs, operator, operatorAt, output };
}

const NAME_TOO_LONG = /^([A-Za-z_$][\w$]+)\s*=\s*\S+$/;
const SETTING_ON_MARBLES = /^\S*?(title|ghosts?)\s*=/;
const TIME_PROGRESSION = /(^|\s)(\d+(?:\.\d+)?)(ms|s|m)(?=\s|$)/;

/**
 * Why a line with a space in it is not a marble line, and how to write what it most likely means: a
 * named stream with a longer name, a time progression, or a space among the marbles.
 */
function explainSpace(text: string): { column: number; reason: string } {
  const indent = text.length - text.trimStart().length;
  const long = NAME_TOO_LONG.exec(text.trim());
  if (long !== null)
    return {
      column: indent + 1,
      reason: `"${long[1]}" cannot name a stream: a named stream's name is one letter or digit (a = --1|); to name a line, put "title = ${long[1]}" on the line under it`,
    };
  const setting = SETTING_ON_MARBLES.exec(text.trim());
  if (setting !== null)
    return {
      column: text.indexOf(setting[1]) + 1,
      reason: `"${setting[1]} = ..." goes on a line of its own, under the marbles it is about`,
    };
  const progression = TIME_PROGRESSION.exec(text);
  if (progression !== null) {
    const frames = Number(progression[2]) * ({ ms: 1, s: 1000, m: 60_000 } as const)[progression[3] as 'ms'];
    return {
      column: progression.index + progression[1].length + 1,
      reason: `time progressions such as "${progression[2]}${progression[3]}" are not read here: one character is one frame, so write ${Number.isInteger(frames) && frames <= 20 ? `"${'-'.repeat(frames)}"` : 'one "-" per frame'} instead, without spaces`,
    };
  }
  const start = /^\s*[A-Za-z0-9]\s*=\s*/.exec(text)?.[0].length ?? indent;
  const space = text.slice(start).search(/\s/) + start;
  return {
    column: space + 1,
    reason: `marbles cannot contain spaces (one character is one frame): remove the space, or write "-" for a frame where nothing happens`,
  };
}

/** The marble syntax itself, as TestScheduler reads it, with the column of the first mistake. */
function checkMarbles(
  marbles: string,
  at: SourcePosition,
  fail: (at: SourcePosition, message: string) => never,
): void {
  const column = (offset: number): SourcePosition => ({ line: at.line, column: at.column + offset });
  let group = -1;
  for (let index = 0; index < marbles.length; index++) {
    const character = marbles[index];
    if (character === '(') {
      if (group >= 0) fail(column(index), `a group cannot open inside a group: ${marbles}`);
      group = index;
    } else if (character === ')') {
      if (group < 0) fail(column(index), `')' closes no group: ${marbles}`);
      group = -1;
    } else if (character === '!') {
      fail(column(index), `'!' belongs to subscription marbles, not to a stream: ${marbles}`);
    }
  }
  if (group >= 0) fail(column(group), `'(' is never closed: ${marbles}`);
  const ends = marbleFrames(marbles).filter(({ kind }) => kind !== 'N');
  if (ends.length > 1) fail(at, `a line ends once, with one '|' or one '#': ${marbles}`);
  const after = marbleFrames(marbles).find(({ frame }) => ends.length > 0 && frame > ends[0].frame);
  if (after !== undefined)
    fail(column(marbles.lastIndexOf(after.symbol)), `nothing can follow the end of a line: ${marbles}`);
}

/**
 * The source text of a diagram, in the layout of the committed files: comments, styles, named
 * streams, input lines, the operator box and the output line. Parsing it gives the diagram back.
 */
export function formatDiagram(diagram: MarbleDiagram): string {
  const comments = [
    ...diagram.description,
    ...diagram.jsdoc.map((name) => `jsdoc: ${name}`),
    ...diagram.legend.map(({ symbol, text }) => `where ${symbol} = ${text}`),
  ].map((line) => `% ${line}`);
  const settings = (line: MarbleLine): string[] => [
    ...(line.title === null ? [] : [`title = ${line.title}`]),
    ...(line.ghosts.length === 0 ? [] : [`ghosts = ${line.ghosts.join(', ')}`]),
    ...(line.ghost ? ['ghost = true'] : []),
  ];
  const blocks = [
    ...(comments.length === 0 ? [] : [comments.join('\n')]),
    ...diagram.styles,
    ...diagram.innerStreams.map((line) => [`${line.name} = ${line.marbles}`, ...settings(line)].join('\n')),
    ...diagram.inputs.map((line) =>
      [`${' '.repeat(line.offset)}${line.marbles}`, ...settings(line)].join('\n'),
    ),
    `> ${diagram.operator}`,
    [diagram.output.marbles, ...settings(diagram.output)].join('\n'),
  ];
  return `${blocks.join('\n\n')}\n`;
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

/** A notification of a marble line: `N` a value (its symbol), `E` the error, `C` the completion. */
export interface MarbleEvent {
  readonly frame: number;
  readonly kind: 'N' | 'E' | 'C';
  readonly symbol: string;
  /** Where its character is in the marbles: what a drag moves. */
  readonly index: number;
}

/**
 * The notifications of a marble line, at frames counted one per character as in `TestScheduler.run`,
 * whose rules it follows for the lines of this language (no spaces, no time progressions): a group
 * `(...)` puts its notifications in the frame where it opens, and takes as many frames as it has characters.
 */
export function marbleFrames(marbles: string): MarbleEvent[] {
  const events: MarbleEvent[] = [];
  let group = -1;
  for (let frame = 0; frame < marbles.length; frame++) {
    const symbol = marbles[frame];
    const at = group >= 0 ? group : frame;
    if (symbol === '(') group = frame;
    else if (symbol === ')') group = -1;
    else if (symbol === '|') events.push({ frame: at, kind: 'C', symbol, index: frame });
    else if (symbol === '#') events.push({ frame: at, kind: 'E', symbol, index: frame });
    else if (symbol !== '-') events.push({ frame: at, kind: 'N', symbol, index: frame });
  }
  return events;
}

/**
 * Moves the notification written at `index` of a marble line to another frame, as dragging its marble
 * does: a value dragged past the line's end takes the end along, an end stays at or after the last
 * value, and a frame shared with others becomes a group. Null when marble syntax cannot write it (a frame too soon after
 * a group). The result has the moved notification's new index.
 */
export function moveMarble(
  marbles: string,
  index: number,
  frame: number,
): { readonly marbles: string; readonly index: number } | null {
  const events = marbleFrames(marbles);
  const moving = events.find((event) => event.index === index);
  if (moving === undefined) return null;
  const others = events.filter((event) => event !== moving);
  const end = others.find(({ kind }) => kind !== 'N');
  const lastValue = Math.max(0, ...others.filter(({ kind }) => kind === 'N').map((event) => event.frame));
  let target = Math.max(0, Math.round(frame));
  if (moving.kind !== 'N') target = Math.max(target, lastValue);
  // A value dragged onto or past the end takes the end along, as far behind the last value as it was.
  const pushed =
    moving.kind === 'N' && end !== undefined && target >= end.frame && moving.frame < end.frame
      ? { ...end, frame: target + end.frame - Math.max(lastValue, moving.frame) }
      : end;
  const kept = others.map((event) => (event === end ? pushed! : event));
  const rank = (event: MarbleEvent): number => (event.kind === 'N' ? 0 : 1);
  const placed = [...kept, { ...moving, frame: target, index: Infinity }].sort(
    (left, right) => left.frame - right.frame || rank(left) - rank(right) || left.index - right.index,
  );
  let written = '';
  let movedAt = -1;
  for (let at = 0; at < placed.length;) {
    const group = placed.filter((event) => event.frame === placed[at].frame);
    if (placed[at].frame < written.length) return null;
    written = written.padEnd(placed[at].frame, '-');
    const start = written.length + (group.length > 1 ? 1 : 0);
    group.forEach((event, offset) => {
      if (event.index === Infinity) movedAt = start + offset;
    });
    const symbols = group.map(({ symbol }) => symbol).join('');
    written += group.length > 1 ? `(${symbols})` : symbols;
    at += group.length;
  }
  if (end === undefined && moving.kind === 'N') written = written.padEnd(marbles.length, '-');
  return { marbles: written, index: movedAt };
}
