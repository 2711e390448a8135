/**
 * Draws a run as an SVG, as text, with no DOM: the same bytes in Node (`npm run marbles`) and in the
 * playground. Time runs left to right under a frame ruler; each input is a row from the frame it is
 * subscribed, ends where it completes or errors, or where it was torn down (a mark in the colour of
 * the cause, what it would have done after that drawn hollow); the deadline, each input's own deadline
 * and the signal's abort are marked; output values are coloured by status, with a key. Every event
 * carries a `<title>` (frame and value, shown on hover), and the SVG a title and a frame-by-frame description.
 */
import type { MarbleDiagram } from './diagram';
import type { Scope } from './expression';
import type { DiagramRun } from './run';
import {
  buildTimeline,
  describeCut,
  describeTimeline,
  STATUSES,
  type Cause,
  type Timeline,
  type TimelineEvent,
  type TimelineRow,
} from './timeline';

/** One frame's width: two marbles one frame apart do not touch. */
export const FRAME_WIDTH = 28;
const RADIUS = 11;
/** Marble labels: never under 12 px, since the page scrolls a drawing rather than shrink it. */
export const LABEL_FONT_SIZE = 14;
const STACK_STEP = 2 * RADIUS + 3;
const ROW_HEIGHT = 46;
const PADDING = 14;
const MARK_LABELS = 18;
const RULER_HEIGHT = 26;
const OPERATOR_HEIGHT = 40;
const KEY_HEIGHT = 30;
const LEGEND_LINE_HEIGHT = 21;
/** Monospace advance per character at 14 px, for sizing the columns. */
const MONO_ADVANCE = 8.6;
const MONOSPACE = 'Menlo, Consolas, DejaVu Sans Mono, monospace';
const SANS_SERIF = 'system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif';

/**
 * The palette, light and dark, as classes: the SVG follows the system's colour scheme wherever it is
 * shown. Status fills carry white labels at 4.8:1 or more; hollow marbles carry the muted ink, 6:1 or more.
 */
export const MARBLE_STYLE = [
  '.m-bg{fill:#fff}.m-ink{fill:#1f2328}.m-muted{fill:#59636e}.m-line{stroke:#1f2328}',
  '.m-faint{stroke:#8c959f}.m-grid{stroke:#eaeef2}.m-box{fill:#f6f8fa;stroke:#8c959f}',
  '.m-value{fill:#ddf4ff;stroke:#0969da}.m-value+text{fill:#0a3069}.m-hollow{fill:#fff;stroke:#59636e}',
  '.m-fulfilled{fill:#1a7f37}.m-rejected{fill:#cf222e}.m-timeout{fill:#9a6700}.m-aborted{fill:#8250df}',
  '.m-unsubscribed{fill:#59636e}.m-on{fill:#fff}',
  '.s-fulfilled{stroke:#1a7f37}.s-rejected{stroke:#cf222e}.s-timeout{stroke:#9a6700}.s-aborted{stroke:#8250df}',
  '.s-unsubscribed{stroke:#59636e}',
  '.t-fulfilled{fill:#1a7f37}.t-rejected{fill:#cf222e}.t-timeout{fill:#9a6700}.t-aborted{fill:#8250df}',
  '@media (prefers-color-scheme:dark){.m-bg{fill:#0d1117}.m-ink{fill:#e6edf3}.m-muted{fill:#9198a1}',
  '.m-line{stroke:#e6edf3}.m-faint{stroke:#656c76}.m-grid{stroke:#21262d}.m-box{fill:#161b22;stroke:#656c76}',
  '.m-value{fill:#0c2d6b;stroke:#4493f8}.m-value+text{fill:#cae8ff}.m-hollow{fill:#0d1117;stroke:#9198a1}',
  '.m-unsubscribed{fill:#656c76}.s-unsubscribed{stroke:#9198a1}.s-timeout{stroke:#d29922}',
  '.s-rejected{stroke:#f85149}.s-aborted{stroke:#ab7df8}.s-fulfilled{stroke:#3fb950}',
  '.t-fulfilled{fill:#3fb950}.t-rejected{fill:#ff7b72}.t-timeout{fill:#d29922}.t-aborted{fill:#bc8cff}}',
].join('');

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function round(value: number): string {
  return String(Math.round(value * 100) / 100);
}

/** An SVG element as text; attribute values are escaped, numbers rounded. */
function tag(
  name: string,
  attributes: Record<string, string | number | undefined>,
  content?: string,
): string {
  const written = Object.entries(attributes)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => ` ${key}="${typeof value === 'number' ? round(value) : escapeXml(value!)}"`)
    .join('');
  return content === undefined ? `<${name}${written}/>` : `<${name}${written}>${content}</${name}>`;
}

/** A `<title>`: what a browser shows on hover, and what a screen reader reads. */
function titled(content: string): string {
  return tag('title', {}, escapeXml(content));
}

function text(
  x: number,
  y: number,
  content: string,
  attributes: Record<string, string | number> = {},
): string {
  return tag('text', { x, y, ...attributes }, escapeXml(content));
}

export interface DrawOptions {
  /** Whether the values of the output's letters are listed under the drawing (the committed SVGs do). */
  readonly legend?: boolean;
}

interface Layout {
  readonly x: (frame: number) => number;
  readonly rowY: readonly number[];
}

/** The height a row needs: one marble, or a stack of the values of one frame. */
function rowHeight(row: TimelineRow): number {
  const stack = Math.max(0, ...row.events.map(({ stack }) => stack));
  return ROW_HEIGHT + stack * STACK_STEP;
}

function frameWord(frame: number): string {
  return `frame ${frame}`;
}

const PAST: Readonly<Record<string, string>> = {
  emits: 'emitted',
  completes: 'completed',
  errors: 'errored',
};

/** One event: a marble, a completion bar or an error cross, with its title for hover. */
function drawEvent(row: TimelineRow, rowIndex: number, event: TimelineEvent, x: number, y: number): string {
  const { frame, kind, symbol, status, happened, stack } = event;
  const what = happened
    ? event.text
    : `would have ${event.text.replace(/^(emits|completes|errors)/, (verb: string) => PAST[verb])}`;
  const title = titled(`${frameWord(frame)}: ${row.label} ${what}`);
  const data = { class: 'm-ev', 'data-row': rowIndex, 'data-index': event.index, 'data-frame': frame };
  const beside = row.events.some((other) => other.kind === 'N' && other.frame === frame && kind !== 'N');
  const cx = beside ? x + RADIUS + 6 : x;
  const cy = y + stack * STACK_STEP;
  if (kind === 'N') {
    const fill = !happened ? 'm-hollow' : status === null ? 'm-value' : `m-${status}`;
    const label = !happened ? 'm-muted' : status === null ? '' : 'm-on';
    const circle = tag('circle', {
      cx,
      cy,
      r: RADIUS,
      class: fill,
      'stroke-width': happened ? (status === null ? 1.5 : 0) : 1.5,
      'stroke-dasharray': happened ? undefined : '3 2',
    });
    return tag(
      'g',
      data,
      title +
        circle +
        text(cx, cy + LABEL_FONT_SIZE * 0.36, symbol, {
          'text-anchor': 'middle',
          'font-size': LABEL_FONT_SIZE,
          'font-weight': 700,
          ...(label === '' ? {} : { class: label }),
        }),
    );
  }
  const strokeClass = !happened ? 'm-faint' : kind === 'E' ? `s-${status ?? 'rejected'}` : 'm-line';
  const dash = happened ? undefined : '3 2';
  // A wide transparent target, so that a bar or a cross can be hovered and dragged like a marble.
  const target = tag('rect', {
    x: cx - 8,
    y: cy - RADIUS - 2,
    width: 16,
    height: 2 * RADIUS + 4,
    fill: 'transparent',
  });
  if (kind === 'C')
    return tag(
      'g',
      data,
      title +
        target +
        tag('line', {
          x1: cx,
          y1: cy - RADIUS,
          x2: cx,
          y2: cy + RADIUS,
          class: strokeClass,
          'stroke-width': 3,
          'stroke-dasharray': dash,
        }),
    );
  const size = 7;
  return tag(
    'g',
    data,
    title +
      target +
      tag('path', {
        d: `M${round(cx - size)} ${round(cy - size)}L${round(cx + size)} ${round(cy + size)}M${round(cx + size)} ${round(cy - size)}L${round(cx - size)} ${round(cy + size)}`,
        class: strokeClass,
        'stroke-width': 3.5,
        'stroke-linecap': 'round',
        'stroke-dasharray': dash,
      }),
  );
}

/** The teardown mark: two short slashes across the line, as a cut cable, in the colour of the cause. */
function cutMark(x: number, y: number, cause: Cause, title: string): string {
  return tag(
    'g',
    { class: 'm-cut' },
    titled(title) +
      tag('rect', { x: x - 8, y: y - 11, width: 16, height: 22, fill: 'transparent' }) +
      tag('path', {
        d: `M${round(x - 6)} ${round(y + 9)}L${round(x - 1)} ${round(y - 9)}M${round(x + 1)} ${round(y + 9)}L${round(x + 6)} ${round(y - 9)}`,
        class: `s-${cause}`,
        'stroke-width': 3,
        'stroke-linecap': 'round',
      }),
  );
}

/** The line from the marble that emits a named stream down to its row, drawn under every row. */
function connector(row: TimelineRow, index: number, layout: Layout): string {
  if (row.parent === null) return '';
  const { x } = layout;
  return tag('line', {
    x1: x(row.arrival),
    y1: layout.rowY[row.parent] + RADIUS,
    x2: x(row.arrival),
    y2: layout.rowY[index],
    class: 'm-faint',
    'stroke-width': 1.5,
  });
}

/** A row: its title, its line, what it emits, and its marks. */
function drawRow(timeline: Timeline, row: TimelineRow, index: number, layout: Layout): string {
  const { x } = layout;
  const y = layout.rowY[index];
  const parts: string[] = [];
  parts.push(
    text(PADDING, y + 5, row.kind === 'named' ? `  ${row.label}` : row.label, {
      'font-family': MONOSPACE,
      'font-size': 14,
      class: 'm-ink',
      'xml:space': 'preserve',
    }),
  );
  const lastFrame = timeline.length;
  const start = row.subscribed ?? row.arrival;
  if (row.subscribed === null || row.subscribed > row.arrival) {
    // Handed over but not subscribed yet: queued by `concurrent`, or never subscribed at all.
    const to = row.subscribed ?? Math.max(lastFrame, row.end ?? 0);
    const ends = { x1: x(row.arrival), y1: y, x2: x(to), y2: y };
    parts.push(
      tag(
        'g',
        { class: 'm-wait' },
        titled(
          row.subscribed === null
            ? `${row.label} is never subscribed`
            : `${row.label} waits from ${frameWord(row.arrival)} to ${frameWord(row.subscribed)}`,
        ) +
          // A wide transparent target, so that the thin line can be hovered.
          tag('line', { ...ends, stroke: 'transparent', 'stroke-width': 12 }) +
          tag('line', { ...ends, class: 'm-faint', 'stroke-width': 1.5, 'stroke-dasharray': '2 4' }),
      ),
    );
  }
  if (row.subscribed !== null) {
    const lived = row.cut?.frame ?? row.end ?? lastFrame;
    parts.push(tag('line', { x1: x(start), y1: y, x2: x(lived), y2: y, class: 'm-line', 'stroke-width': 2 }));
    if (row.cut === null && row.end === null) {
      // Still running when the drawing ends.
      parts.push(
        tag('path', {
          d: `M${round(x(lived) - 8)} ${round(y - 5)}L${round(x(lived))} ${round(y)}L${round(x(lived) - 8)} ${round(y + 5)}`,
          class: 'm-line',
          fill: 'none',
          'stroke-width': 2,
        }),
      );
    }
    if (row.cut !== null) {
      if (row.end === null || row.end > row.cut.frame) {
        const wouldEnd = row.end ?? lastFrame;
        parts.push(
          tag('line', {
            x1: x(row.cut.frame),
            y1: y,
            x2: x(wouldEnd),
            y2: y,
            class: 'm-faint',
            'stroke-width': 1.5,
            'stroke-dasharray': '2 4',
          }),
        );
      }
    }
  }
  if (row.ownDeadline !== null && row.ownDeadline <= timeline.length) {
    const ox = x(row.ownDeadline);
    parts.push(
      tag(
        'g',
        { class: 'm-each' },
        titled(`${row.label}'s own deadline (each: ${timeline.each}): ${frameWord(row.ownDeadline)}`) +
          tag('line', {
            x1: ox,
            y1: y - RADIUS - 10,
            x2: ox,
            y2: y - RADIUS + 1,
            class: 's-timeout',
            'stroke-width': 2,
            'stroke-dasharray': '3 2',
          }) +
          tag('path', { d: `M${round(ox)} ${round(y - RADIUS - 10)}l7 3.5l-7 3.5z`, class: 'm-timeout' }),
      ),
    );
  }
  for (const event of row.events) parts.push(drawEvent(row, index, event, x(event.frame), y));
  if (row.cut !== null)
    parts.push(
      cutMark(x(row.cut.frame), y, row.cut.cause, `${frameWord(row.cut.frame)}: ${describeCut(row)}`),
    );
  return tag('g', { class: 'm-row', 'data-label': row.label }, parts.join(''));
}

/** A vertical line through every row, labelled at the top: the deadline, or the signal's abort. */
function throughLine(
  x: number,
  top: number,
  bottom: number,
  cause: Cause,
  label: string,
  title: string,
  before = false,
): string {
  return tag(
    'g',
    { class: 'm-through' },
    titled(title) +
      tag('line', {
        x1: x,
        // From the ruler's ticks down, so that the label above it and the frame number stay readable.
        y1: top + RULER_HEIGHT - 11,
        x2: x,
        y2: bottom,
        class: `s-${cause}`,
        'stroke-width': 2,
        'stroke-dasharray': '6 4',
      }) +
      text(before ? x - 4 : x + 4, MARK_LABELS - 4, label, {
        'font-size': 13,
        class: `t-${cause}`,
        'font-family': SANS_SERIF,
        ...(before ? { 'text-anchor': 'end' } : {}),
      }),
  );
}

function ruler(timeline: Timeline, layout: Layout, top: number, bottom: number): string {
  const { x } = layout;
  const step = timeline.length > 150 ? 50 : timeline.length > 60 ? 10 : timeline.length > 6 ? 5 : 1;
  const parts: string[] = [];
  const y = top + RULER_HEIGHT - 6;
  parts.push(
    tag('line', { x1: x(0), y1: y, x2: x(timeline.length), y2: y, class: 'm-faint', 'stroke-width': 1 }),
  );
  for (let frame = 0; frame <= timeline.length; frame++) {
    const major = frame % step === 0;
    if (major)
      parts.push(
        tag('line', { x1: x(frame), y1: y, x2: x(frame), y2: bottom, class: 'm-grid', 'stroke-width': 1 }),
        text(x(frame), y - 8, String(frame), { 'text-anchor': 'middle', 'font-size': 12, class: 'm-muted' }),
      );
    parts.push(
      tag('line', {
        x1: x(frame),
        y1: y - (major ? 5 : 3),
        x2: x(frame),
        y2: y,
        class: 'm-faint',
        'stroke-width': 1,
      }),
    );
  }
  return tag('g', { class: 'm-ruler', 'aria-hidden': 'true' }, parts.join(''));
}

const KEY_WORDS: Readonly<Record<string, string>> = {
  fulfilled: 'fulfilled',
  rejected: 'rejected',
  timeout: 'timeout',
  aborted: 'aborted',
};

/** The key: the status colours the drawing uses, and its marks. */
function key(timeline: Timeline, left: number, y: number): { svg: string; width: number } {
  const rows = [...timeline.rows, timeline.output];
  const used = new Set<string>();
  for (const row of rows) {
    for (const event of row.events) if (event.status !== null && event.happened) used.add(event.status);
  }
  const parts: string[] = [];
  let x = left;
  const word = (content: string): void => {
    parts.push(text(x, y + 4, content, { 'font-size': 13, class: 'm-ink', 'font-family': SANS_SERIF }));
    x += content.length * 7 + 16;
  };
  for (const status of STATUSES.filter((candidate) => used.has(candidate))) {
    parts.push(tag('circle', { cx: x + 6, cy: y, r: 6, class: `m-${status}` }));
    x += 16;
    word(KEY_WORDS[status]);
  }
  if (rows.some(({ cut }) => cut !== null)) {
    parts.push(
      tag('path', {
        d: `M${round(x + 1)} ${round(y + 6)}L${round(x + 4)} ${round(y - 6)}M${round(x + 6)} ${round(y + 6)}L${round(x + 9)} ${round(y - 6)}`,
        class: 'm-line',
        'stroke-width': 2,
        'stroke-linecap': 'round',
      }),
    );
    x += 16;
    word('torn down');
  }
  if (rows.some(({ events }) => events.some(({ happened }) => !happened))) {
    parts.push(
      tag('circle', {
        cx: x + 6,
        cy: y,
        r: 6,
        class: 'm-hollow',
        'stroke-width': 1.5,
        'stroke-dasharray': '3 2',
      }),
    );
    x += 16;
    word('never happened');
  }
  if (rows.some(({ subscribed, arrival }) => subscribed !== null && subscribed > arrival)) {
    parts.push(
      tag('line', {
        x1: x,
        y1: y,
        x2: x + 18,
        y2: y,
        class: 'm-faint',
        'stroke-width': 1.5,
        'stroke-dasharray': '2 4',
      }),
    );
    x += 24;
    word('queued');
  }
  if (rows.some(({ ownDeadline }) => ownDeadline !== null && ownDeadline <= timeline.length)) {
    parts.push(
      tag('line', {
        x1: x + 4,
        y1: y - 7,
        x2: x + 4,
        y2: y + 7,
        class: 's-timeout',
        'stroke-width': 2,
        'stroke-dasharray': '3 2',
      }),
    );
    x += 14;
    word('own deadline (each)');
  }
  return { svg: parts.length === 0 ? '' : tag('g', { class: 'm-key' }, parts.join('')), width: x - left };
}

/** The diagram's title: what a screen reader announces first. */
export function diagramTitle(diagram: MarbleDiagram): string {
  return `Marble diagram of ${diagram.operator}`;
}

/**
 * Draws a computed diagram and its run. `entry` is the package's exports, which tell the timeout
 * error apart. The committed SVGs are this function's output with the legend.
 */
export function drawDiagram(
  diagram: MarbleDiagram,
  run: DiagramRun,
  entry: Scope,
  options: DrawOptions = {},
): string {
  return drawTimeline(diagram, buildTimeline(diagram, run, entry), options);
}

export function drawTimeline(diagram: MarbleDiagram, timeline: Timeline, options: DrawOptions = {}): string {
  const rows = timeline.rows;
  const titleWidth = Math.max(
    56,
    ...[...rows, timeline.output].map(
      ({ label, kind }) => (label.length + (kind === 'named' ? 2 : 0)) * MONO_ADVANCE + 18,
    ),
  );
  const left = PADDING + titleWidth + RADIUS + 4;
  const x = (frame: number): number => left + frame * FRAME_WIDTH;
  const rulerTop = MARK_LABELS;
  let y = rulerTop + RULER_HEIGHT + 6;
  const rowY: number[] = [];
  for (const row of rows) {
    rowY.push(y + ROW_HEIGHT / 2);
    y += rowHeight(row);
  }
  const operatorTop = y + 4;
  y = operatorTop + OPERATOR_HEIGHT + 8;
  rowY.push(y + ROW_HEIGHT / 2);
  y += rowHeight(timeline.output);
  const layout: Layout = { x, rowY };
  const drawingBottom = y;

  const keyPart = key(timeline, PADDING, y + KEY_HEIGHT / 2);
  y += keyPart.svg === '' ? 0 : KEY_HEIGHT;
  const legend =
    options.legend === false ? [] : diagram.legend.map(({ symbol, text: value }) => `${symbol} = ${value}`);
  const legendTop = y;
  y += legend.length === 0 ? 0 : legend.length * LEGEND_LINE_HEIGHT + 6;
  const height = y + PADDING / 2;

  const operatorWidth = diagram.operator.length * 9.1 + 28;
  const width = Math.ceil(
    Math.max(
      x(timeline.length) + RADIUS + 2 * PADDING,
      left - RADIUS + operatorWidth + PADDING,
      PADDING * 2 + keyPart.width,
      ...legend.map((line) => line.length * MONO_ADVANCE + 2 * PADDING),
    ),
  );

  const parts: string[] = [];
  parts.push(tag('rect', { x: 0, y: 0, width, height, class: 'm-bg' }));
  parts.push(ruler(timeline, layout, rulerTop, drawingBottom));
  const events = describeTimeline(timeline);
  const through = drawingBottom - 6;
  if (timeline.deadline !== null)
    parts.push(
      throughLine(
        x(timeline.deadline),
        rulerTop,
        through,
        'timeout',
        'deadline',
        `the deadline: ${frameWord(timeline.deadline)}`,
      ),
    );
  if (timeline.abortAt !== null)
    parts.push(
      throughLine(
        x(timeline.abortAt),
        rulerTop,
        through,
        'aborted',
        'abort',
        `the signal aborts: ${frameWord(timeline.abortAt)}`,
        timeline.deadline !== null && Math.abs(timeline.deadline - timeline.abortAt) < 3,
      ),
    );
  parts.push(
    tag('rect', {
      x: left - RADIUS - 6,
      y: operatorTop,
      width: width - (left - RADIUS - 6) - PADDING,
      height: OPERATOR_HEIGHT,
      rx: 5,
      class: 'm-box',
      'stroke-width': 1,
    }),
    text(left - RADIUS + 6, operatorTop + OPERATOR_HEIGHT / 2 + 5.5, diagram.operator, {
      'font-family': MONOSPACE,
      'font-size': 15,
      class: 'm-ink',
    }),
  );
  rows.forEach((row, index) => parts.push(connector(row, index, layout)));
  rows.forEach((row, index) => parts.push(drawRow(timeline, row, index, layout)));
  parts.push(drawRow(timeline, timeline.output, rows.length, layout));
  parts.push(keyPart.svg);
  legend.forEach((line, index) =>
    parts.push(
      text(PADDING, legendTop + (index + 0.8) * LEGEND_LINE_HEIGHT, line, {
        'font-family': MONOSPACE,
        'font-size': 14,
        class: 'm-ink',
      }),
    ),
  );

  const description = events.map(({ frame, text: happening }) => `Frame ${frame}: ${happening}.`).join(' ');
  return (
    tag(
      'svg',
      {
        xmlns: 'http://www.w3.org/2000/svg',
        viewBox: `0 0 ${width} ${round(height)}`,
        width,
        height: Math.ceil(height),
        role: 'img',
        'aria-labelledby': 'marble-title marble-desc',
        'font-family': SANS_SERIF,
      },
      tag('title', { id: 'marble-title' }, escapeXml(diagramTitle(diagram))) +
        tag('desc', { id: 'marble-desc' }, escapeXml(description)) +
        tag('style', {}, MARBLE_STYLE) +
        parts.join(''),
    ) + '\n'
  );
}
