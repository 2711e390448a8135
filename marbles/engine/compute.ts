import {
  marbleFrames,
  type DiagramDraft,
  type LegendEntry,
  type MarbleDiagram,
  type MarbleLine,
} from './diagram';
import { parseExpression, type Scope } from './expression';
import { ErrorPattern, legendValue, STANDARD_ERRORS, type DiagramRun, type MarbleMessage } from './run';

/** Where the source says one thing and the run another. */
export interface Mismatch {
  /** `output`, or the label of the input whose subscription differs. */
  readonly line: string;
  readonly frame: number;
  readonly expected: string;
  readonly actual: string;
}

/** A diagram whose output line, legend, ghosts and subscription frames are what the operator did. */
export interface ComputedDiagram {
  readonly diagram: MarbleDiagram;
  /** Where the source's own output line, ghosts or offsets disagree with the run; empty if they agree. */
  readonly mismatches: readonly Mismatch[];
  /** What the drawing cannot show, in words: a run stopped at the frame bound, an input never subscribed. */
  readonly notes: readonly string[];
}

const SYMBOLS = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZ', ...'abcdefghijklmnopqrstuvwxyz', ...'0123456789'];
/**
 * A string drawn as itself: one character rxjs reads as a value, apart from the few that would start
 * a comment, the operator box or a named stream when written back at the start of the output line.
 */
const PLAIN_SYMBOL = /^[^\s\-|#()^!%>=\ud800-\udfff]$/;
/** The symbols a letter is picked from for a value that cannot stand for itself. */
const LETTER = /^[A-Za-z0-9]$/;
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
/** Error fields a legend leaves out: the clock-dependent `deadline`, and what every error has. */
const UNLISTED_ERROR_FIELDS = new Set(['message', 'name', 'stack', 'info', 'deadline', 'cause']);

/** A value in the expression language of the marble sources, as a legend writes it. */
export function formatValue(value: unknown): string {
  if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (Array.isArray(value)) return `[${value.map(formatValue).join(', ')}]`;
  if (value instanceof Error) return formatValue(`${value.name}: ${value.message}`);
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).filter(([, field]) => field !== undefined);
    if (entries.length === 0) return '{}';
    const fields = entries.map(
      ([key, field]) => `${IDENTIFIER.test(key) ? key : formatValue(key)}: ${formatValue(field)}`,
    );
    return `{ ${fields.join(', ')} }`;
  }
  return String(value);
}

/** Structural equality of plain data, as Jest's `toEqual` sees it (undefined properties ignored). */
export function equalValues(left: unknown, right: unknown): boolean {
  if (Object.is(left, right)) return true;
  if (typeof left !== 'object' || typeof right !== 'object' || left === null || right === null) return false;
  if (Array.isArray(left) !== Array.isArray(right)) return false;
  if (Object.getPrototypeOf(left) !== Object.getPrototypeOf(right)) return false;
  const defined = (object: object): [string, unknown][] =>
    Object.entries(object).filter(([, field]) => field !== undefined);
  const leftEntries = defined(left);
  const rightEntries = new Map(defined(right));
  return (
    leftEntries.length === rightEntries.size &&
    leftEntries.every(([key, field]) => rightEntries.has(key) && equalValues(field, rightEntries.get(key)))
  );
}

function tryLegendValue(text: string, entry: Scope): { value: unknown } | null {
  try {
    return { value: legendValue(text, entry) };
  } catch {
    return null;
  }
}

/** The legend text of an error: the source's own if it still describes it, else its class and fields. */
function errorText(error: unknown, entry: Scope, typed: string | undefined): string | null {
  if (typed !== undefined) {
    const meant = tryLegendValue(typed, entry);
    if (meant !== null) {
      const pattern = meant.value;
      if (
        pattern instanceof ErrorPattern &&
        typeof pattern.errorClass === 'function' &&
        error instanceof pattern.errorClass &&
        Object.entries(pattern.fields).every(([key, field]) => equalValues((error as never)[key], field))
      )
        return typed;
      if (!(pattern instanceof ErrorPattern) && equalValues(pattern, error)) return typed;
    }
  }
  if (error === 'error') return null;
  if (!(error instanceof Error)) return formatValue(error);
  const scope = { ...STANDARD_ERRORS, ...entry };
  const className =
    Object.keys(scope).find((name) => scope[name] === error.constructor) ??
    Object.keys(scope).find((name) => error instanceof (scope[name] as never)) ??
    'Error';
  // `pendingKeys` is null unless the inputs were a dictionary: a legend names it only where it says something.
  let fields = Object.entries(error).filter(
    ([key, field]) => !UNLISTED_ERROR_FIELDS.has(key) && !(key === 'pendingKeys' && field === null),
  );
  if (fields.length === 0) fields = [['message', error.message]];
  return `${className} { ${fields.map(([key, field]) => `${key}: ${formatValue(field)}`).join(', ')} }`;
}

/**
 * The input labels the records' `index` counts, for picking their letters: the symbols the source
 * emits, or the identifiers of a creation function's array.
 */
function inputLabels(draft: DiagramDraft, run: DiagramRun): readonly string[] {
  if (!run.creation) return run.sourceSymbols;
  try {
    const call = parseExpression(draft.operator);
    const first = call.kind === 'call' ? call.args[0] : undefined;
    if (first?.kind === 'array')
      return first.items.map((item) => (item.kind === 'identifier' ? item.name : ''));
  } catch {
    // The run parsed it already; a label is only a preference.
  }
  return [];
}

/** The letter a value is drawn with: itself, the source's letter for it, or its input's, upper-cased. */
function assignSymbols(
  values: readonly unknown[],
  draft: DiagramDraft,
  run: DiagramRun,
  entry: Scope,
): { symbols: Map<unknown, string>; legend: Map<string, string> } {
  const symbols = new Map<unknown, string>();
  const legend = new Map<string, string>();
  const taken = new Set<string>(['#']);
  const plain = values.filter(
    (value): value is string => typeof value === 'string' && PLAIN_SYMBOL.test(value),
  );
  for (const value of plain) {
    symbols.set(value, value);
    taken.add(value);
  }
  const typed = draft.legend
    .filter(({ symbol }) => symbol !== '#')
    .map(({ symbol, text }) => ({ symbol, text, meant: tryLegendValue(text, entry) }));
  const labels = inputLabels(draft, run);
  for (const value of values) {
    if (symbols.has(value)) continue;
    const reused = typed.find(
      ({ symbol, meant }) => !taken.has(symbol) && meant !== null && equalValues(meant.value, value),
    );
    const record = value as { key?: unknown; index?: unknown } | null;
    const label =
      typeof record?.key === 'string'
        ? record.key
        : typeof record?.index === 'number'
          ? (labels[record.index] ?? '')
          : '';
    const preferred = label.charAt(0).toUpperCase();
    const symbol =
      reused?.symbol ??
      (LETTER.test(preferred) && !taken.has(preferred)
        ? preferred
        : SYMBOLS.find((candidate) => !taken.has(candidate)));
    if (symbol === undefined) throw new RangeError('the output has more distinct values than marble symbols');
    symbols.set(value, symbol);
    taken.add(symbol);
    legend.set(symbol, reused?.text ?? formatValue(value));
  }
  return { symbols, legend };
}

/** Writes notifications as a marble line: one character per frame, a frame's several in a group. */
export function toMarbles(events: readonly { frame: number; symbol: string }[], length = 0): string {
  let marbles = '';
  let position = 0;
  const frames = [...new Set(events.map(({ frame }) => frame))].sort((left, right) => left - right);
  for (const frame of frames) {
    const symbols = events.filter((event) => event.frame === frame).map(({ symbol }) => symbol);
    if (frame < position)
      throw new RangeError(
        `frame ${frame} comes too soon after the group before it to write in marble syntax, which has no time progressions here`,
      );
    const piece = symbols.length === 1 ? symbols[0] : `(${symbols.join('')})`;
    marbles += '-'.repeat(frame - position) + piece;
    position = frame + piece.length;
  }
  return marbles.padEnd(Math.max(length, 1), '-');
}

/** What each frame of an output line shows, in words: `2`, `A = { ... }`, `|`, `# = Error { ... }`. */
function describeFrames(marbles: string, legend: readonly LegendEntry[]): Map<number, string> {
  const meaning = new Map(legend.map(({ symbol, text }) => [symbol, text] as const));
  const frames = new Map<number, string[]>();
  for (const { frame, symbol } of marbleFrames(marbles)) {
    const text = meaning.get(symbol);
    frames.set(frame, [...(frames.get(frame) ?? []), text === undefined ? symbol : `${symbol} = ${text}`]);
  }
  return new Map([...frames].map(([frame, events]) => [frame, events.join(', ')]));
}

function outputMismatches(
  typed: MarbleLine,
  typedLegend: readonly LegendEntry[],
  computed: MarbleDiagram,
): Mismatch[] {
  const expected = describeFrames(typed.marbles, typedLegend);
  const actual = describeFrames(computed.output.marbles, computed.legend);
  const frames = [...new Set([...expected.keys(), ...actual.keys()])].sort((left, right) => left - right);
  return frames
    .filter((frame) => expected.get(frame) !== actual.get(frame))
    .map((frame) => ({
      line: 'output',
      frame,
      expected: expected.get(frame) ?? 'nothing',
      actual: actual.get(frame) ?? 'nothing',
    }));
}

/** The last frame a line of the diagram draws. */
function lineEnd(line: MarbleLine): number {
  return line.offset + line.marbles.length;
}

/**
 * The diagram as the operator made it: its output line and legend from the run's notifications, each
 * input's subscription frame and ghost from the run's subscriptions.
 */
export function computeDiagram(draft: DiagramDraft, run: DiagramRun, entry: Scope): ComputedDiagram {
  const notes: string[] = [];
  const mismatches: Mismatch[] = [];
  const values = run.output
    .filter(({ notification }) => notification.kind === 'N')
    .map(({ notification }) => notification.value);
  const distinct = values.filter(
    (value, index) => values.findIndex((other) => equalValues(other, value)) === index,
  );
  const { symbols, legend } = assignSymbols(distinct, draft, run, entry);
  const symbolOf = (value: unknown): string =>
    symbols.get(distinct.find((other) => equalValues(other, value))) ?? '?';

  const typedError = draft.legend.find(({ symbol }) => symbol === '#')?.text;
  const failure = run.output.find(({ notification }) => notification.kind === 'E');
  const errorLegend = failure === undefined ? null : errorText(failure.notification.error, entry, typedError);
  const events = run.output.map(({ frame, notification }: MarbleMessage) => ({
    frame,
    symbol: notification.kind === 'N' ? symbolOf(notification.value) : notification.kind === 'E' ? '#' : '|',
  }));
  const ended = run.output.some(({ notification }) => notification.kind !== 'N');
  const length = ended ? 0 : Math.max(...draft.inputs.map(lineEnd), ...draft.innerStreams.map(lineEnd)) + 1;
  const outputMarbles = toMarbles(events, length);
  if (run.stoppedAt !== null)
    notes.push(
      `The run was stopped at frame ${run.stoppedAt}: it would not end by itself (an input never completes and there is no deadline?).`,
    );
  else if (!ended)
    notes.push('The output never completes: an input never completes and there is no deadline.');

  const typedOrder = draft.legend.map(({ symbol }) => symbol);
  const computedLegend: LegendEntry[] = [
    ...[...legend].map(([symbol, text]) => ({ symbol, text })),
    ...(errorLegend === null ? [] : [{ symbol: '#', text: errorLegend }]),
  ].sort((left, right) => {
    const rank = (symbol: string): number => {
      const at = typedOrder.indexOf(symbol);
      return at < 0 ? typedOrder.length : at;
    };
    return rank(left.symbol) - rank(right.symbol);
  });

  const subscribedAt = new Map(run.inputs.map((input) => [input.label, input.actual] as const));
  const inputs = draft.inputs.map((line): MarbleLine => {
    const [first, ...more] = subscribedAt.get(line.title!) ?? [];
    if (first === undefined) {
      notes.push(`${line.title} is never subscribed.`);
      return line;
    }
    if (more.length > 0)
      notes.push(`${line.title} is subscribed ${more.length + 1} times; the drawing shows the first.`);
    if (first.at !== line.offset)
      mismatches.push({
        line: line.title!,
        frame: first.at,
        expected: `subscribed at frame ${line.offset}`,
        actual: `subscribed at frame ${first.at}`,
      });
    if (first.cutOff !== line.ghost)
      mismatches.push({
        line: line.title!,
        frame: first.until,
        expected: line.ghost ? 'a ghost' : 'not a ghost',
        actual: first.cutOff
          ? `torn down at frame ${first.until}, before it completes: a ghost`
          : 'not a ghost',
      });
    const ghosts = draft.innerStreams
      .map(({ name }) => name!)
      .filter(
        (name) => line.marbles.includes(name) && (subscribedAt.get(name) ?? []).some(({ cutOff }) => cutOff),
      );
    for (const name of new Set([...ghosts, ...line.ghosts])) {
      if (ghosts.includes(name) !== line.ghosts.includes(name)) {
        const cut = (subscribedAt.get(name) ?? []).find(({ cutOff }) => cutOff);
        mismatches.push({
          line: name,
          frame: cut?.until ?? line.offset,
          expected: line.ghosts.includes(name) ? 'a ghost' : 'not a ghost',
          actual:
            cut === undefined
              ? 'not a ghost'
              : `torn down at frame ${cut.until}, before it completes: a ghost`,
        });
      }
    }
    return { ...line, offset: first.at, ghost: first.cutOff, ghosts };
  });
  for (const input of run.inputs) {
    if (input.line.name === null) continue;
    const drawnAt = input.drawn.map(({ at }) => at);
    const subscribed = input.actual.map(({ at }) => at);
    if (drawnAt.some((at) => !subscribed.includes(at)))
      notes.push(
        `${input.label} is drawn at frame ${drawnAt.join(', ')} but subscribed at ${subscribed.length === 0 ? 'no frame' : `frame ${subscribed.join(', ')}`}.`,
      );
  }

  const diagram: MarbleDiagram = {
    ...draft,
    legend: computedLegend,
    inputs,
    output: {
      name: null,
      title: draft.output?.title ?? 'output',
      marbles: outputMarbles,
      offset: 0,
      ghosts: [],
      ghost: false,
      at: draft.output?.at ?? { line: 0, column: 1 },
    },
  };
  if (draft.output !== null) mismatches.unshift(...outputMismatches(draft.output, draft.legend, diagram));
  return { diagram, mismatches, notes };
}
