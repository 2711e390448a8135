/**
 * What a run did, frame by frame and line by line: when each input was given, subscribed, ended or
 * torn down and why, the deadlines, the abort, and the status of each output value. The drawing
 * (./draw), its text alternative and the playground's clock all read it, so they cannot disagree.
 */
import { marbleFrames, type MarbleDiagram, type MarbleLine } from './diagram';
import { parseExpression, type Expression, type Scope } from './expression';
import { SIGNAL_TITLE, type DiagramRun } from './run';

/** The outcome a colour stands for: an input's result, or why it was cut off. */
export type Status = 'fulfilled' | 'rejected' | 'timeout' | 'aborted';

/** Why an input was torn down before it ended: a status, or unsubscribed when the output ended without it. */
export type Cause = Status | 'unsubscribed';

export const STATUSES: readonly Status[] = ['fulfilled', 'rejected', 'timeout', 'aborted'];

export interface TimelineEvent {
  /** The frame of the diagram it happens (or would have happened) at. */
  readonly frame: number;
  readonly kind: 'N' | 'E' | 'C';
  readonly symbol: string;
  /** What it is, in words: `emits '2'`, `completes`, `emits A = { index: 0, ... }`. */
  readonly text: string;
  /** Its colour: null for an input's values, which are not results yet. */
  readonly status: Status | null;
  /** False for what an input would have done after it was torn down, or if it was never subscribed. */
  readonly happened: boolean;
  /** The position of its character in the line's marbles. */
  readonly index: number;
  /** Its place among the values of the same frame, from 0. */
  readonly stack: number;
}

export type RowKind = 'source' | 'input' | 'named' | 'signal' | 'output';

export interface TimelineRow {
  /** A line's title, a named stream's name, or `output`. */
  readonly label: string;
  readonly kind: RowKind;
  readonly line: MarbleLine;
  /** The frame it was handed to the operator: 0 for a top-level line, the emitting frame for a named stream. */
  readonly arrival: number;
  /** The frame the operator subscribed to it, or null if it never did. */
  readonly subscribed: number | null;
  /** The frame its own completion or error ends it, or would have; null if it never ends. */
  readonly end: number | null;
  /** Where it was torn down before its end, and why. */
  readonly cut: { readonly frame: number; readonly cause: Cause } | null;
  /** Its own deadline (`each`), when it was subscribed and has one. */
  readonly ownDeadline: number | null;
  readonly events: readonly TimelineEvent[];
  /** For a named stream, the row of the line that emits it. */
  readonly parent: number | null;
}

export interface Timeline {
  readonly operator: string;
  /** The input lines, each followed by the named streams it emits. */
  readonly rows: readonly TimelineRow[];
  readonly output: TimelineRow;
  /** The total deadline's frame, when the call has a number of frames as its deadline. */
  readonly deadline: number | null;
  /** The `each` option: every input's own deadline, counted from its subscription. */
  readonly each: number | null;
  /** The frame the signal line aborts at. */
  readonly abortAt: number | null;
  /** The last frame the drawing shows. */
  readonly length: number;
  /** Set when the run was stopped at this frame with work still scheduled. */
  readonly stoppedAt: number | null;
}

function optionsOf(operator: string): Expression | undefined {
  try {
    const call = parseExpression(operator);
    return call.kind === 'call' ? call.args[call.args.length - 1] : undefined;
  } catch {
    return undefined;
  }
}

function numberOption(operator: string, key: string, positional: boolean): number | null {
  const options = optionsOf(operator);
  const found =
    options?.kind === 'object'
      ? options.properties.find((property) => property.key === key)?.value
      : positional
        ? options
        : undefined;
  return found?.kind === 'literal' && typeof found.value === 'number' && found.value >= 0
    ? found.value
    : null;
}

/** The deadline of the operator box's call, when it is a number of frames: the last argument or its `timeout`. */
export function deadlineOf(operator: string): number | null {
  return numberOption(operator, 'timeout', true);
}

function statusOfValue(value: unknown): Status {
  const status = (value as { status?: unknown } | null)?.status;
  return STATUSES.includes(status as Status) ? (status as Status) : 'fulfilled';
}

function quoted(symbol: string): string {
  return `'${symbol.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** Frames of a line's events, with each value's place among the values of its frame. */
function stacked(line: MarbleLine): (ReturnType<typeof marbleFrames>[number] & { stack: number })[] {
  const counts = new Map<number, number>();
  return marbleFrames(line.marbles).map((event) => {
    const stack = event.kind === 'N' ? (counts.get(event.frame) ?? 0) : 0;
    if (event.kind === 'N') counts.set(event.frame, stack + 1);
    return { ...event, stack };
  });
}

/**
 * The timeline of a computed diagram and the run that computed it. `entry` gives the error classes
 * the output's error is told apart by.
 */
export function buildTimeline(diagram: MarbleDiagram, run: DiagramRun, entry: Scope): Timeline {
  const { operator } = diagram;
  const outputEndFrame =
    marbleFrames(diagram.output.marbles).find(({ kind }) => kind !== 'N')?.frame ?? Infinity;
  // A deadline or an abort after the output ended changed nothing, and is not drawn.
  const inTime = (frame: number | null | undefined): number | null =>
    frame === null || frame === undefined || frame > outputEndFrame ? null : frame;
  const deadline = inTime(deadlineOf(operator));
  const each = numberOption(operator, 'each', false);
  const signalLine = diagram.inputs.find(({ title }) => title === SIGNAL_TITLE);
  const abortAt = inTime(
    signalLine === undefined
      ? null
      : marbleFrames(signalLine.marbles).find(({ kind }) => kind === 'N')?.frame,
  );

  const legend = new Map(diagram.legend.map(({ symbol, text }) => [symbol, text] as const));
  const outputEvents = stacked(diagram.output);
  const timeoutClass = entry.AsCompletedTimeoutError;
  const outputEnd = outputEvents.find(({ kind }) => kind !== 'N');
  const output: TimelineRow = {
    label: diagram.output.title ?? 'output',
    kind: 'output',
    line: diagram.output,
    arrival: 0,
    subscribed: 0,
    end: outputEnd?.frame ?? null,
    cut: null,
    ownDeadline: null,
    parent: null,
    events: outputEvents.map((event, position) => {
      const notification = run.output[position]?.notification;
      const meaning = legend.get(event.symbol);
      let status: Status | null = null;
      if (event.kind === 'N') status = statusOfValue(notification?.value);
      else if (event.kind === 'E')
        status =
          typeof timeoutClass === 'function' && notification?.error instanceof timeoutClass
            ? 'timeout'
            : abortAt !== null && event.frame === abortAt
              ? 'aborted'
              : 'rejected';
      const what = meaning === undefined ? quoted(event.symbol) : `${event.symbol} = ${meaning}`;
      const text =
        event.kind === 'C'
          ? 'completes'
          : event.kind === 'E'
            ? `errors with ${meaning === undefined ? "'error'" : what}`
            : `emits ${what}`;
      return { ...event, text, status, happened: true };
    }),
  };

  const causeAt = (frame: number, subscribed: number): Cause => {
    if (each !== null && frame === subscribed + each) return 'timeout';
    if (deadline !== null && frame === deadline) return 'timeout';
    if (abortAt !== null && frame === abortAt) return 'aborted';
    if (outputEnd?.kind === 'E' && outputEnd.frame === frame)
      return output.events.find(({ kind }) => kind === 'E')!.status ?? 'rejected';
    return 'unsubscribed';
  };
  const subscriptions = new Map(run.inputs.map((input) => [input.label, input.actual] as const));
  const creation = run.creation;

  const rowOf = (
    line: MarbleLine,
    label: string,
    kind: RowKind,
    arrival: number,
    parent: number | null,
  ): TimelineRow => {
    const [first] = subscriptions.get(label) ?? [];
    const subscribed = first?.at ?? null;
    const start = subscribed ?? arrival;
    const events = stacked(line);
    const ending = events.find(({ kind: eventKind }) => eventKind !== 'N');
    const end = ending === undefined ? null : start + ending.frame;
    const cut =
      first !== undefined && first.cutOff && first.until !== Infinity
        ? { frame: first.until, cause: causeAt(first.until, first.at) }
        : null;
    return {
      label,
      kind,
      line,
      arrival,
      subscribed,
      end,
      cut,
      ownDeadline:
        each !== null && subscribed !== null && kind !== 'signal' && kind !== 'source'
          ? subscribed + each
          : null,
      parent,
      events: events.map((event) => {
        const frame = start + event.frame;
        const happened = subscribed !== null && (cut === null || frame < cut.frame);
        const emitsStream =
          kind === 'source' && diagram.innerStreams.some(({ name }) => name === event.symbol);
        const text =
          event.kind === 'C'
            ? 'completes'
            : event.kind === 'E'
              ? "errors with 'error'"
              : kind === 'signal'
                ? `aborts, with the reason ${quoted(event.symbol)}`
                : emitsStream
                  ? `emits the input ${event.symbol}`
                  : `emits ${quoted(event.symbol)}`;
        const status: Status | null =
          event.kind === 'E' ? 'rejected' : kind === 'signal' && event.kind === 'N' ? 'aborted' : null;
        return { ...event, frame, text, status, happened };
      }),
    };
  };

  const rows: TimelineRow[] = [];
  for (const line of diagram.inputs) {
    const kind: RowKind = line.title === SIGNAL_TITLE ? 'signal' : creation ? 'input' : 'source';
    const parent = rows.length;
    const row = rowOf(line, line.title!, kind, 0, null);
    rows.push(row);
    for (const emitted of row.events) {
      const inner = diagram.innerStreams.find(({ name }) => name === emitted.symbol);
      if (emitted.kind !== 'N' || inner === undefined || rows.some(({ label }) => label === inner.name))
        continue;
      rows.push(rowOf(inner, inner.name!, 'named', emitted.frame, parent));
    }
  }

  const frames = [
    ...rows.flatMap((row) => [
      row.arrival,
      row.subscribed ?? 0,
      ...row.events.map(({ frame }) => frame),
      row.cut?.frame ?? 0,
    ]),
    ...output.events.map(({ frame }) => frame),
    deadline ?? 0,
    abortAt ?? 0,
  ];
  const length = Math.min(Math.max(...frames) + 1, run.stoppedAt ?? Infinity);
  return { operator, rows, output, deadline, each, abortAt, length, stoppedAt: run.stoppedAt };
}

/** The rows that stand for the operator's inputs, which the clock reports on. */
function inputRows(timeline: Timeline): TimelineRow[] {
  return timeline.rows.filter(({ kind }) => kind === 'input' || kind === 'named');
}

/** What the run had done by the end of `frame`, as the playground's clock shows it. */
export interface ClockState {
  readonly frame: number;
  /** The output's notifications so far. */
  readonly emitted: readonly TimelineEvent[];
  /** Whether the output has ended by this frame. */
  readonly ended: TimelineEvent | null;
  /** Inputs subscribed and not yet ended or torn down, with the frames left to their own deadline. */
  readonly pending: readonly { readonly label: string; readonly ownDeadlineIn: number | null }[];
  /** Inputs handed to the operator but not subscribed yet (queued by `concurrent`). */
  readonly queued: readonly string[];
  /** Frames left to the total deadline, while it is still ahead. */
  readonly deadlineIn: number | null;
}

export function clockAt(timeline: Timeline, frame: number): ClockState {
  const emitted = timeline.output.events.filter((event) => event.frame <= frame);
  const ended = emitted.find(({ kind }) => kind !== 'N') ?? null;
  const over = (row: TimelineRow): boolean =>
    (row.end !== null && row.end <= frame) || (row.cut !== null && row.cut.frame <= frame);
  const pending = inputRows(timeline)
    .filter((row) => row.subscribed !== null && row.subscribed <= frame && !over(row))
    .map((row) => ({
      label: row.label,
      ownDeadlineIn: row.ownDeadline === null ? null : row.ownDeadline - frame,
    }));
  const queued = inputRows(timeline)
    .filter(
      (row) =>
        row.arrival <= frame &&
        (row.subscribed === null || row.subscribed > frame) &&
        !(ended !== null || (row.cut !== null && row.cut.frame <= frame)),
    )
    .map(({ label }) => label);
  const deadlineIn =
    timeline.deadline !== null && ended === null && frame < timeline.deadline
      ? timeline.deadline - frame
      : null;
  return { frame, emitted, ended, pending, queued, deadlineIn };
}

const CAUSES: Readonly<Record<Cause, string>> = {
  timeout: 'the deadline',
  aborted: 'the signal',
  rejected: 'an error',
  fulfilled: 'its result',
  unsubscribed: 'the end of the output',
};

/** Why an input was torn down, in words. */
export function describeCut(row: TimelineRow): string {
  if (row.cut === null) return '';
  const own = row.ownDeadline !== null && row.cut.frame === row.ownDeadline;
  return `${row.label} is torn down by ${own ? 'its own deadline (each)' : CAUSES[row.cut.cause]}`;
}

/** The run in words, one entry per frame where something happens: the text alternative of the drawing. */
export function describeTimeline(timeline: Timeline): { readonly frame: number; readonly text: string }[] {
  const byFrame = new Map<number, string[]>();
  const add = (frame: number, text: string): void => {
    byFrame.set(frame, [...(byFrame.get(frame) ?? []), text]);
  };
  for (const row of timeline.rows) {
    const what = row.kind === 'named' ? `input ${row.label}` : row.label;
    if (row.subscribed !== null) {
      if (row.kind === 'named' && row.subscribed > row.arrival)
        add(row.arrival, `input ${row.label} arrives and waits for a free slot`);
      add(row.subscribed, `${what} is subscribed`);
    } else if (row.kind !== 'signal') {
      add(row.arrival, `${what} is never subscribed`);
    }
    for (const event of row.events) if (event.happened) add(event.frame, `${what} ${event.text}`);
    if (row.cut !== null) add(row.cut.frame, describeCut(row));
  }
  if (timeline.deadline !== null && timeline.deadline < timeline.length)
    add(timeline.deadline, `the deadline (${timeline.deadline}) passes`);
  for (const event of timeline.output.events) add(event.frame, `${timeline.output.label} ${event.text}`);
  if (timeline.stoppedAt !== null) add(timeline.stoppedAt, 'the run is stopped: it would not end by itself');
  return [...byFrame]
    .sort(([left], [right]) => left - right)
    .map(([frame, texts]) => ({ frame, text: texts.join('; ') }));
}
