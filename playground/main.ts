/**
 * The marble playground: a diagram source run by the published package in virtual time and drawn by
 * the engine of marbles/engine, which `npm run marbles` and the marble specs use too, with its asyncio
 * equivalent, its exports, a clock to step through the run, and marbles that can be dragged.
 */
import * as entry from 'rxjs-as-completed';
import {
  asyncioEquivalent,
  buildTimeline,
  clockAt,
  computeDiagram,
  describeTimeline,
  drawTimeline,
  FRAME_WIDTH,
  DiagramSyntaxError,
  ExpressionSyntaxError,
  formatDiagram,
  formatValue,
  jestTest,
  moveMarble,
  parseDraft,
  parseExpression,
  runDiagram,
  type ComputedDiagram,
  type DiagramDraft,
  type DiagramRun,
  type SourcePosition,
  type Timeline,
} from '../marbles/engine';

import { rxjs7Driver } from '../marbles/engine/rxjs7';

import { encodeSource, MAX_LINK_LENGTH, readHash } from './share';

/** The shipped diagrams, marbles/*.txt, put in by the build. */
declare const MARBLE_EXAMPLES: readonly { readonly name: string; readonly text: string }[];

/** Far beyond any diagram one reads; a run that has not ended by then would not end. */
const FRAME_BOUND = 1000;
const DEBOUNCE_MS = 150;
/** How long typing must pause before the result is announced: one announcement, not one per keystroke. */
const ANNOUNCE_AFTER_MS = 1000;
const DRAFT_KEY = 'rxjs-as-completed-playground:draft';

/** The starting point of "(your own)": inputs and a call, and no output line, which the run computes. */
const TEMPLATE = `% Your own diagram. One character is one frame: - nothing, a letter a value,
% | completes, # errors. Change the inputs or the call; the output is computed.

a = -----1|

b = --2|

-a-b|
title = source

> asCompleted(8)
`;

interface Drawn {
  readonly name: string;
  readonly computed: ComputedDiagram;
  readonly run: DiagramRun;
  readonly timeline: Timeline;
  readonly source: string;
  /** Whether the source has an output line of its own to check. */
  readonly typedOutput: boolean;
}

type Origin = 'load' | 'edit' | 'example' | 'drag';

/**
 * What the browser test reads: each update's cause and duration (from the change to the drawing laid
 * out: run, compute, draw, insert, style and layout), and how many updates have finished.
 */
interface Timing {
  readonly example: string | null;
  readonly origin: Origin;
  readonly milliseconds: number;
  readonly sinceNavigation: number;
}
declare global {
  interface Window {
    playground: { timings: Timing[]; updates: number };
  }
}
window.playground = { timings: [], updates: 0 };

const driver = rxjs7Driver(entry);

const element = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const exampleSelect = element<HTMLSelectElement>('example');
const restoreDraft = element<HTMLButtonElement>('restore-draft');
const about = element<HTMLParagraphElement>('about');
const editor = element<HTMLTextAreaElement>('source');
const errorBox = element<HTMLParagraphElement>('error');
const linkNote = element<HTMLParagraphElement>('link-note');
const statusLine = element<HTMLParagraphElement>('status');
const drawing = element<HTMLDivElement>('drawing');
const tip = element<HTMLParagraphElement>('tip');
const scrollHint = element<HTMLParagraphElement>('scroll-hint');
const clock = element<HTMLInputElement>('clock');
const clockReadout = element<HTMLOutputElement>('clock-readout');
const outputText = element<HTMLOutputElement>('output');
const legendList = element<HTMLUListElement>('legend');
const checkBox = element<HTMLDivElement>('check');
const snapshotsBox = element<HTMLDivElement>('snapshots');
const notesList = element<HTMLUListElement>('notes');
const eventsList = element<HTMLOListElement>('events');
const pythonBox = element<HTMLPreElement>('python');
const exportBox = element<HTMLDivElement>('export-box');
const exported = element<HTMLTextAreaElement>('exported');
const exportStatus = element<HTMLParagraphElement>('export-status');
const resultButtons = ['copy-source', 'download-svg', 'copy-jest'].map((id) =>
  element<HTMLButtonElement>(id),
);

let current: Drawn | null = null;
let updateNumber = 0;
/** The output's snapshots, when it emits `forkAsCompletedSnapshots`'s: the table rows, for the clock. */
let snapshots: readonly Emitted[] = [];

/** An error at a place in the source, as the page shows it. */
class Located extends Error {
  constructor(
    readonly at: SourcePosition | null,
    message: string,
  ) {
    super(message);
  }
}

function locate(error: unknown, draft: DiagramDraft | null): Located {
  if (error instanceof Located) return error;
  if (error instanceof DiagramSyntaxError) return new Located(error.position, error.reason);
  // The engine's own syntax errors say what is wrong in words; the name is for errors of the run.
  const message =
    error instanceof ExpressionSyntaxError
      ? error.message
      : error instanceof Error
        ? `${error.name}: ${error.message}`
        : String(error);
  if (draft === null) return new Located(null, message);
  const offset = (error as { offset?: unknown } | null)?.offset;
  const { line, column } = draft.operatorAt;
  return new Located({ line, column: column + (typeof offset === 'number' ? offset : 0) }, message);
}

function exampleOf(text: string): string | null {
  return MARBLE_EXAMPLES.find((example) => example.text === text)?.name ?? null;
}

async function compute(text: string): Promise<Drawn> {
  const name = exampleOf(text) ?? 'diagram';
  let draft: DiagramDraft;
  try {
    draft = parseDraft(name, text, 'diagram');
  } catch (error) {
    throw locate(error, null);
  }
  try {
    const run = await runDiagram(driver, draft, { frameBound: FRAME_BOUND });
    const computed = computeDiagram(draft, run, entry);
    const source = formatDiagram(computed.diagram);
    const timeline = buildTimeline(computed.diagram, run, entry);
    return { name, computed, run, timeline, source, typedOutput: draft.output !== null };
  } catch (error) {
    throw locate(error, draft);
  }
}

function listItems(list: HTMLElement, items: readonly string[]): void {
  list.replaceChildren(
    ...items.map((text) => {
      const item = document.createElement('li');
      item.textContent = text;
      return item;
    }),
  );
}

// ---------------------------------------------------------------- the result, or why there is none

/** The source does not run: nothing on the page may look like its result. */
function showError({ at, message }: Located): void {
  const text = at === null ? message : `Line ${at.line}, column ${at.column}: ${message}`;
  errorBox.hidden = false;
  errorBox.textContent = text;
  editor.setAttribute('aria-invalid', 'true');
  drawing.classList.add('stale');
  drawing.dataset.stale = 'The source does not run: this drawing is of an earlier version.';
  outputText.textContent = 'none: the source does not run';
  outputText.classList.add('none');
  for (const list of [legendList, notesList, eventsList]) list.replaceChildren();
  checkBox.replaceChildren();
  showSnapshots([], '');
  pythonBox.textContent = 'None while the source does not run.';
  pythonBox.classList.add('prose');
  for (const button of resultButtons) button.disabled = true;
  clock.disabled = true;
  clockReadout.textContent = '';
  hideTip();
  current = null;
  scheduleAnnouncement(`Error at line ${at?.line ?? '?'}: ${message}`);
}

function show(drawn: Drawn): void {
  errorBox.hidden = true;
  errorBox.textContent = '';
  editor.removeAttribute('aria-invalid');
  drawing.classList.remove('stale');
  delete drawing.dataset.stale;
  outputText.classList.remove('none');
  for (const button of resultButtons) button.disabled = false;
  clock.disabled = false;

  const { diagram } = drawn.computed;
  const svg = new DOMParser().parseFromString(
    drawTimeline(diagram, drawn.timeline, { legend: false }),
    'image/svg+xml',
  ).documentElement;
  // In the page the marbles are focusable one by one, so the drawing is a group rather than one image.
  svg.setAttribute('role', 'group');
  for (const event of Array.from(svg.querySelectorAll('.m-ev'))) {
    const title = event.querySelector('title');
    event.setAttribute('tabindex', '-1');
    event.setAttribute('role', 'img');
    event.setAttribute('aria-label', title?.textContent ?? '');
    event.setAttribute('data-tip', title?.textContent ?? '');
    title?.remove();
    if (Number(event.getAttribute('data-row')) < drawn.timeline.rows.length) event.classList.add('m-drag');
  }
  // The marks tell what they are on hover too, at once, rather than after the browser's delay for a title.
  for (const mark of Array.from(svg.querySelectorAll('.m-cut, .m-each, .m-through, .m-wait'))) {
    const title = mark.querySelector(':scope > title');
    mark.setAttribute('data-tip', title?.textContent ?? '');
    title?.remove();
  }
  drawing.replaceChildren(document.importNode(svg, true));
  outputText.textContent = diagram.output.marbles;
  listItems(
    legendList,
    diagram.legend.map(({ symbol, text }) => `${symbol} = ${text}`),
  );
  listItems(notesList, drawn.computed.notes);
  listItems(
    eventsList,
    describeTimeline(drawn.timeline).map(({ frame, text }) => `Frame ${frame}: ${text}.`),
  );
  showCheck(drawn.computed, drawn.typedOutput);
  showSnapshots(snapshotsOf(drawn), diagram.operator);
  const python = asyncioEquivalent(diagram);
  pythonBox.textContent = python.kind === 'python' ? python.code : `No asyncio equivalent: ${python.reason}.`;
  pythonBox.classList.toggle('prose', python.kind !== 'python');
  const end = drawn.timeline.length;
  const wasAtEnd = Number(clock.value) >= Number(clock.max);
  clock.max = String(end);
  if (wasAtEnd || Number(clock.value) > end) clock.value = String(end);
  showClock();
  scheduleAnnouncement(summary(drawn));
}

/** The one sentence a screen reader hears once typing pauses. */
function summary({ computed, typedOutput }: Drawn): string {
  const output = `output ${computed.diagram.output.marbles}`;
  if (!typedOutput) return `Runs: ${output}. No output line of yours to compare.`;
  if (computed.mismatches.length === 0) return `Runs and agrees: ${output}.`;
  const [first] = computed.mismatches;
  return `Runs, and disagrees at frame ${first.frame} (${first.line}): ${output}.`;
}

function showCheck({ mismatches }: ComputedDiagram, typedOutput: boolean): void {
  const paragraph = document.createElement('p');
  if (!typedOutput) {
    paragraph.className = 'hint';
    paragraph.textContent =
      'No output line to compare. Add the output under the operator, with a line "title = output" under it, to check it; "Copy diagram source" gives the whole diagram with the computed output.';
    checkBox.replaceChildren(paragraph);
    return;
  }
  if (mismatches.length === 0) {
    paragraph.className = 'ok';
    paragraph.textContent = 'The source agrees with the operator: output, ghosts and subscription frames.';
    checkBox.replaceChildren(paragraph);
    return;
  }
  paragraph.className = 'bad';
  paragraph.textContent = `The source disagrees with the operator in ${mismatches.length} place${mismatches.length === 1 ? '' : 's'}:`;
  const table = document.createElement('table');
  const row = (cells: readonly string[], tag: 'th' | 'td'): HTMLTableRowElement => {
    const tr = document.createElement('tr');
    tr.append(
      ...cells.map((text) => {
        const cell = document.createElement(tag);
        cell.textContent = text;
        return cell;
      }),
    );
    return tr;
  };
  table.append(
    row(['line', 'frame', 'expected', 'actual'], 'th'),
    ...mismatches.map(({ line, frame, expected, actual }) =>
      row([line, String(frame), expected, actual], 'td'),
    ),
  );
  checkBox.replaceChildren(paragraph, table);
}

// ---------------------------------------------------------------- snapshots

interface RecordLike {
  readonly status: string;
  readonly value?: unknown;
}
interface Snapshot {
  readonly records: readonly RecordLike[] | Readonly<Record<string, RecordLike>>;
  readonly settled: number;
  readonly pending: number;
  readonly done: boolean;
}
interface Emitted {
  readonly frame: number;
  readonly symbol: string;
  readonly snapshot: Snapshot;
  readonly row: HTMLTableRowElement;
}

function isSnapshot(value: unknown): value is Snapshot {
  const { records, settled, pending, done } = (value ?? {}) as Partial<Snapshot>;
  return (
    typeof records === 'object' &&
    records !== null &&
    typeof settled === 'number' &&
    typeof pending === 'number' &&
    typeof done === 'boolean'
  );
}

/** The output's values with their frames, when every one of them is a snapshot; none otherwise. */
function snapshotsOf({ run, timeline }: Drawn): Omit<Emitted, 'row'>[] {
  const emitted = timeline.output.events.flatMap((event, position) => {
    const value = run.output[position]?.notification.value;
    return event.kind === 'N'
      ? [{ frame: event.frame, symbol: event.symbol, snapshot: value as Snapshot }]
      : [];
  });
  return emitted.length > 0 && emitted.every(({ snapshot }) => isSnapshot(snapshot)) ? emitted : [];
}

/**
 * The snapshots as a table, one row per emission and one column per input: each record's status (and
 * value), the records new in that snapshot in bold (the others are the same objects as before), and how
 * many have settled. The clock marks the latest row at its frame.
 */
function showSnapshots(emitted: readonly Omit<Emitted, 'row'>[], operator: string): void {
  snapshotsBox.hidden = emitted.length === 0;
  if (emitted.length === 0) {
    snapshots = [];
    snapshotsBox.replaceChildren();
    return;
  }
  const { records } = emitted[0].snapshot;
  const keys = Object.keys(records);
  // An array's inputs are named as the call names them, `[a, b]`; a dictionary's by their keys. The
  // operator ran, so it parses.
  const call = parseExpression(operator);
  const inputs = call.kind === 'call' && Array.isArray(records) ? call.args[0] : null;
  const names = keys.map((key, index) => {
    const item = inputs?.kind === 'array' ? inputs.items[index] : null;
    return item?.kind === 'identifier' ? item.name : key;
  });
  const cell = (tag: 'th' | 'td', text: string, className = ''): HTMLTableCellElement => {
    const node = document.createElement(tag);
    node.textContent = text;
    node.className = className;
    return node;
  };
  const head = document.createElement('tr');
  head.append(...['frame', 'value', ...names, 'settled'].map((name) => cell('th', name)));
  let previous: Snapshot | null = null;
  snapshots = emitted.map((entry) => {
    const row = document.createElement('tr');
    row.dataset.frame = String(entry.frame);
    const { snapshot } = entry;
    const list = snapshot.records as Readonly<Record<string, RecordLike>>;
    const last = previous?.records as Readonly<Record<string, RecordLike>> | undefined;
    row.append(
      cell('td', String(entry.frame)),
      cell('td', entry.symbol),
      ...keys.map((key) => {
        const { status, value } = list[key];
        const text = status === 'fulfilled' ? `${status} ${formatValue(value)}` : status;
        return cell(
          'td',
          text,
          `s-${status}${last !== undefined && last[key] !== list[key] ? ' changed' : ''}`,
        );
      }),
      cell(
        'td',
        `${snapshot.settled} of ${snapshot.settled + snapshot.pending}${snapshot.done ? ', done' : ''}`,
      ),
    );
    previous = snapshot;
    return { ...entry, row };
  });
  const table = document.createElement('table');
  table.append(head, ...snapshots.map(({ row }) => row));
  const about = document.createElement('p');
  about.textContent = 'Snapshots: each input’s record, emission by emission; in bold, the records new in it.';
  snapshotsBox.replaceChildren(about, table);
}

/** The clock's word on the snapshots: the latest at `frame`, whose row it marks. */
function clockSnapshot(frame: number): string[] {
  let latest: Emitted | null = null;
  for (const entry of snapshots) {
    entry.row.removeAttribute('aria-current');
    if (entry.frame <= frame) latest = entry;
  }
  if (latest === null) return [];
  latest.row.setAttribute('aria-current', 'true');
  const { settled, pending } = latest.snapshot;
  return [`latest snapshot ${latest.symbol}: ${settled} of ${settled + pending} settled`];
}

// ---------------------------------------------------------------- one announcement after a pause

let announcement: ReturnType<typeof setTimeout> | undefined;
let lastTyped = 0;
function scheduleAnnouncement(text: string): void {
  clearTimeout(announcement);
  const wait = Math.max(0, lastTyped + ANNOUNCE_AFTER_MS - performance.now());
  announcement = setTimeout(() => {
    if (statusLine.textContent !== text) statusLine.textContent = text;
  }, wait);
}

// ---------------------------------------------------------------- running the source

function updateHash(source: string): void {
  const hash = `#${encodeSource(source)}`;
  if (hash.length > MAX_LINK_LENGTH) {
    linkNote.hidden = false;
    linkNote.textContent = `This diagram is too long for the address bar (${hash.length} characters once encoded, over ${MAX_LINK_LENGTH}): the address now says #draft, which reopens it from this browser only. To share it, use "Copy diagram source".`;
    history.replaceState(null, '', '#draft');
    return;
  }
  linkNote.hidden = true;
  history.replaceState(null, '', hash);
}

async function update(origin: Origin): Promise<void> {
  const number = ++updateNumber;
  const started = performance.now();
  const text = editor.value;
  try {
    const drawn = await compute(text);
    if (number !== updateNumber) return;
    current = drawn;
    show(drawn);
    restoreFocus();
    // Style and layout now, inside the measured time, rather than after it.
    fitToColumn();
  } catch (error) {
    if (number !== updateNumber) return;
    showError(locate(error, null));
  } finally {
    if (number === updateNumber) {
      updateHash(text);
      window.playground.timings.push({
        example: exampleOf(text),
        origin,
        milliseconds: performance.now() - started,
        sinceNavigation: performance.now(),
      });
      window.playground.updates++;
      document.body.dataset.updates = String(window.playground.updates);
    }
  }
}

function saveDraft(): void {
  try {
    localStorage.setItem(DRAFT_KEY, editor.value);
  } catch {
    // Storage off (private mode): the draft lives in the editor and the link only.
  }
}

function savedDraft(): string | null {
  try {
    return localStorage.getItem(DRAFT_KEY);
  } catch {
    return null;
  }
}

let debounce: ReturnType<typeof setTimeout> | undefined;
editor.addEventListener('input', () => {
  lastTyped = performance.now();
  const example = exampleOf(editor.value);
  exampleSelect.value = example ?? '';
  if (example === null) saveDraft();
  showAbout();
  clearTimeout(debounce);
  debounce = setTimeout(() => void update('edit'), DEBOUNCE_MS);
});

function showAbout(): void {
  const example = MARBLE_EXAMPLES.find(({ name }) => name === exampleSelect.value);
  const text = example === undefined ? null : parseDraft(example.name, example.text).description.join(' ');
  about.textContent = text ?? '';
  about.hidden = text === null || text === '';
}

function load(text: string, origin: Origin): void {
  editor.value = text;
  exampleSelect.value = exampleOf(text) ?? '';
  showAbout();
  void update(origin);
}

for (const { name } of MARBLE_EXAMPLES) exampleSelect.add(new Option(name, name));
exampleSelect.add(new Option('(your own)', ''));
exampleSelect.addEventListener('change', () => {
  const example = MARBLE_EXAMPLES.find(({ name }) => name === exampleSelect.value);
  if (example === undefined) {
    load(savedDraft() ?? TEMPLATE, 'example');
    restoreDraft.hidden = true;
    return;
  }
  // The draft is kept before an example replaces it, and one click brings it back.
  if (exampleOf(editor.value) === null) {
    saveDraft();
    restoreDraft.hidden = false;
  }
  load(example.text, 'example');
});
restoreDraft.addEventListener('click', () => {
  load(savedDraft() ?? TEMPLATE, 'example');
  restoreDraft.hidden = true;
  editor.focus();
});

function restoreFromHash(): void {
  const state = readHash(location.hash);
  if (state.kind === 'source') load(state.source, 'load');
  else if (state.kind === 'draft') load(savedDraft() ?? TEMPLATE, 'load');
  else {
    const example =
      MARBLE_EXAMPLES.find(({ name }) => state.kind === 'example' && name === state.name) ??
      MARBLE_EXAMPLES[0];
    load(example.text, 'load');
  }
}
// The page keeps the hash in step with replaceState, which fires no hashchange: this is a link followed.
window.addEventListener('hashchange', restoreFromHash);

// ---------------------------------------------------------------- exports

/** Puts an export in the text field and on the clipboard when the browser lets it. */
function offer(text: string, what: string): void {
  exportBox.hidden = false;
  exported.value = text;
  navigator.clipboard.writeText(text).then(
    () => {
      exportStatus.textContent = `${what} copied, and shown below.`;
    },
    () => {
      exportStatus.textContent = `${what} is below: select it and copy it.`;
    },
  );
}

element('copy-source').addEventListener('click', () => {
  if (current !== null) offer(current.source, 'The diagram source, with the computed output and ghosts,');
});
element('copy-jest').addEventListener('click', () => {
  if (current !== null) offer(jestTest(current.computed.diagram, current.run, entry), 'The Jest test');
});
element('download-svg').addEventListener('click', () => {
  if (current === null) return;
  const svg = drawTimeline(current.computed.diagram, current.timeline);
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  link.download = `${current.name}.svg`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 0);
  exportStatus.textContent = `${link.download} downloaded.`;
});
element('copy-link').addEventListener('click', () => {
  const hash = `#${encodeSource(editor.value)}`;
  if (hash.length > MAX_LINK_LENGTH) {
    exported.value = '';
    exportBox.hidden = true;
    exportStatus.textContent = `This source is too large for a link: ${hash.length} characters once encoded, over the ${MAX_LINK_LENGTH} that links carry safely. Share the diagram source instead.`;
    return;
  }
  history.replaceState(null, '', hash);
  offer(location.href, 'The share link');
});

// ---------------------------------------------------------------- hover, focus and the clock

function eventElements(): SVGGElement[] {
  return Array.from(drawing.querySelectorAll<SVGGElement>('.m-ev')).sort(
    (left, right) =>
      Number(left.dataset.frame) - Number(right.dataset.frame) ||
      Number(left.dataset.row) - Number(right.dataset.row),
  );
}

function showTip(target: SVGGElement): void {
  tip.textContent = target.dataset.tip ?? '';
  tip.hidden = false;
  const box = target.getBoundingClientRect();
  const frame = drawing.parentElement!.getBoundingClientRect();
  tip.style.left = `${Math.max(0, Math.min(box.left - frame.left, frame.width - 260))}px`;
  tip.style.top = `${box.bottom - frame.top + 6}px`;
}

function hideTip(): void {
  tip.hidden = true;
}

const TIPPED = '.m-ev, .m-cut, .m-each, .m-through, .m-wait';
drawing.addEventListener('pointerover', (event) => {
  const target = (event.target as Element).closest<SVGGElement>(TIPPED);
  if (target !== null && dragging === null) showTip(target);
});
drawing.addEventListener('pointerout', (event) => {
  if ((event.target as Element).closest(TIPPED) !== null && dragging === null) hideTip();
});
drawing.addEventListener('focusin', (event) => {
  const target = (event.target as Element).closest<SVGGElement>('.m-ev');
  if (target !== null) showTip(target);
});
drawing.addEventListener('focusout', hideTip);
drawing.addEventListener('keydown', (event) => {
  const events = eventElements();
  if (events.length === 0) return;
  const at = events.indexOf(document.activeElement as SVGGElement);
  const next =
    event.key === 'ArrowRight' || event.key === 'ArrowDown'
      ? Math.min(events.length - 1, at + 1)
      : event.key === 'ArrowLeft' || event.key === 'ArrowUp'
        ? Math.max(0, at < 0 ? 0 : at - 1)
        : event.key === 'Home'
          ? 0
          : event.key === 'End'
            ? events.length - 1
            : null;
  if (next === null) return;
  event.preventDefault();
  events[next].focus();
});

function showClock(): void {
  if (current === null) return;
  const frame = Number(clock.value);
  const state = clockAt(current.timeline, frame);
  const values = state.emitted.filter(({ kind }) => kind === 'N').map(({ symbol }) => symbol);
  const parts = [
    `Frame ${frame}`,
    values.length === 0 ? 'nothing emitted yet' : `emitted: ${values.join(', ')}`,
    ...(state.ended === null
      ? [
          state.pending.length === 0
            ? 'nothing pending'
            : `pending: ${state.pending
                .map(({ label, ownDeadlineIn }) =>
                  ownDeadlineIn === null ? label : `${label} (own deadline in ${ownDeadlineIn})`,
                )
                .join(', ')}`,
        ]
      : [`the output ${state.ended.kind === 'C' ? 'completed' : 'errored'} at frame ${state.ended.frame}`]),
    ...(state.queued.length === 0 ? [] : [`queued: ${state.queued.join(', ')}`]),
    ...(state.deadlineIn === null ? [] : [`deadline in ${state.deadlineIn}`]),
    ...clockSnapshot(frame),
  ];
  const text = parts.join(' · ');
  clockReadout.textContent = text;
  clock.setAttribute('aria-valuetext', text);
  const svg = drawing.querySelector('svg');
  if (svg === null) return;
  const atEnd = frame >= current.timeline.length;
  for (const event of Array.from(svg.querySelectorAll<SVGGElement>('.m-ev')))
    event.classList.toggle('m-later', !atEnd && Number(event.dataset.frame) > frame);
  svg.querySelector('.m-cursor')?.remove();
  if (atEnd) return;
  const zero = svg.querySelector<SVGLineElement>('.m-ruler line');
  const x = Number(zero?.getAttribute('x1') ?? 0) + frame * FRAME_WIDTH;
  const cursor = document.createElementNS('http://www.w3.org/2000/svg', 'line');
  cursor.setAttribute('class', 'm-cursor');
  for (const [name, value] of [
    ['x1', x],
    ['x2', x],
    ['y1', 18],
    ['y2', Number(svg.getAttribute('height'))],
  ] as const)
    cursor.setAttribute(name, String(value));
  // Under the marbles, so that it never hides one.
  svg.querySelector('.m-ruler')?.after(cursor);
}

clock.addEventListener('input', showClock);
const step = (by: number): void => {
  clock.value = String(Math.min(Number(clock.max), Math.max(0, Number(clock.value) + by)));
  showClock();
};
element('step-back').addEventListener('click', () => step(-1));
element('step-forward').addEventListener('click', () => step(1));

/** Plays the run a frame every 250 ms, from the start when the clock is at the end. */
const play = element<HTMLButtonElement>('play');
let playing: ReturnType<typeof setInterval> | undefined;
function stopPlaying(): void {
  clearInterval(playing);
  playing = undefined;
  play.setAttribute('aria-pressed', 'false');
  play.textContent = 'Play';
}
play.addEventListener('click', () => {
  if (playing !== undefined) return stopPlaying();
  if (Number(clock.value) >= Number(clock.max)) clock.value = '0';
  showClock();
  play.setAttribute('aria-pressed', 'true');
  play.textContent = 'Pause';
  playing = setInterval(() => {
    if (Number(clock.value) >= Number(clock.max) || clock.disabled) return stopPlaying();
    step(1);
  }, 250);
});

// ---------------------------------------------------------------- dragging a marble

/** The marble being dragged: its line (by its place in the source) and where its character is. */
let dragging: {
  readonly line: number;
  readonly column: number;
  readonly pointerId: number;
  readonly startX: number;
  readonly startFrame: number;
  index: number;
  marbles: string;
  frame: number;
} | null = null;

drawing.addEventListener('pointerdown', (event) => {
  const target = (event.target as Element).closest<SVGGElement>('.m-drag');
  if (target === null || current === null || event.button !== 0) return;
  const row = current.timeline.rows[Number(target.dataset.row)];
  const index = Number(target.dataset.index);
  const at = row.line.at;
  dragging = {
    line: at.line,
    column: at.column,
    pointerId: event.pointerId,
    startX: event.clientX,
    startFrame: Number(target.dataset.frame) - (row.subscribed ?? row.arrival),
    index,
    marbles: row.line.marbles,
    frame: Number(target.dataset.frame) - (row.subscribed ?? row.arrival),
  };
  drawing.setPointerCapture(event.pointerId);
  drawing.classList.add('dragging');
  event.preventDefault();
});

drawing.addEventListener('pointermove', (event) => {
  if (dragging === null || event.pointerId !== dragging.pointerId) return;
  const svg = drawing.querySelector('svg');
  const scale = svg === null ? 1 : Number(svg.getAttribute('width')) / svg.getBoundingClientRect().width;
  const frame = dragging.startFrame + Math.round(((event.clientX - dragging.startX) * scale) / FRAME_WIDTH);
  if (frame === dragging.frame) return;
  const moved = moveInSource(dragging, frame);
  if (moved === null) return;
  dragging.marbles = moved.marbles;
  dragging.index = moved.index;
  dragging.frame = frame;
});

/**
 * Moves the notification at `index` of the marbles written at `line`:`column` of the source to `frame`
 * of that line, and runs the source again. Null when it cannot move there.
 */
function moveInSource(
  { line, column, marbles, index }: { line: number; column: number; marbles: string; index: number },
  frame: number,
): { marbles: string; index: number } | null {
  const moved = moveMarble(marbles, index, frame);
  if (moved === null || moved.marbles === marbles) return null;
  const lines = editor.value.split('\n');
  const text = lines[line - 1];
  const start = column - 1;
  if (text.slice(start, start + marbles.length) !== marbles) return null;
  lines[line - 1] = text.slice(0, start) + moved.marbles + text.slice(start + marbles.length);
  editor.value = lines.join('\n');
  exampleSelect.value = exampleOf(editor.value) ?? '';
  if (exampleSelect.value === '') saveDraft();
  showAbout();
  clearTimeout(debounce);
  void update('drag');
  return moved;
}

/** The keyboard's drag: Shift with an arrow moves the focused marble a frame, and keeps it focused. */
let refocus: { line: number; column: number; index: number } | null = null;
drawing.addEventListener(
  'keydown',
  (event) => {
    if (!event.shiftKey || (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') || current === null)
      return;
    const target = document.activeElement?.closest<SVGGElement>('.m-drag');
    if (target === null || target === undefined) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    const row = current.timeline.rows[Number(target.dataset.row)];
    const { line, column } = row.line.at;
    const frame =
      Number(target.dataset.frame) - (row.subscribed ?? row.arrival) + (event.key === 'ArrowRight' ? 1 : -1);
    const moved = moveInSource(
      { line, column, marbles: row.line.marbles, index: Number(target.dataset.index) },
      frame,
    );
    if (moved !== null) refocus = { line, column, index: moved.index };
  },
  true,
);

/** After a keyboard move, focus goes back to the marble that moved, in the new drawing. */
function restoreFocus(): void {
  if (refocus === null || current === null) return;
  const { line, column, index } = refocus;
  refocus = null;
  const row = current.timeline.rows.findIndex(
    ({ line: drawn }) => drawn.at.line === line && drawn.at.column === column,
  );
  drawing.querySelector<SVGGElement>(`.m-ev[data-row="${row}"][data-index="${index}"]`)?.focus();
}

function endDrag(event: PointerEvent): void {
  if (dragging === null || event.pointerId !== dragging.pointerId) return;
  dragging = null;
  drawing.classList.remove('dragging');
}
drawing.addEventListener('pointerup', endDrag);
drawing.addEventListener('pointercancel', endDrag);

const syntax = element<HTMLDetailsElement>('syntax');
syntax.open = window.matchMedia('(min-width: 900px)').matches;

restoreFromHash();

/**
 * A drawing wider than its column scrolls, and says so; its row titles then stay in view, on a copy
 * of the title column pinned to the left edge.
 */
function fitToColumn(): void {
  drawing.querySelector('.m-titles')?.remove();
  const svg = drawing.querySelector<SVGSVGElement>('svg');
  const scrolls = svg !== null && drawing.scrollWidth > drawing.clientWidth;
  scrollHint.hidden = !scrolls;
  if (!scrolls) return;
  const box = svg.querySelector('.m-box');
  const key = svg.querySelector<SVGGraphicsElement>('.m-key');
  const width = Number(box?.getAttribute('x') ?? 0) - 2;
  const height = key === null ? Number(svg.getAttribute('height')) : key.getBBox().y - 4;
  const titles = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  titles.setAttribute('class', 'm-titles');
  titles.setAttribute('aria-hidden', 'true');
  titles.setAttribute('width', String(width));
  titles.setAttribute('height', String(height));
  titles.setAttribute('font-family', svg.getAttribute('font-family') ?? '');
  const background = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
  background.setAttribute('class', 'm-bg');
  background.setAttribute('width', String(width));
  background.setAttribute('height', String(height));
  titles.append(background);
  for (const row of Array.from(svg.querySelectorAll('.m-row > text:first-child')))
    titles.append(row.cloneNode(true));
  drawing.prepend(titles);
}

// A drawing keeps its size when the window changes; whether it scrolls may not.
window.addEventListener('resize', fitToColumn);
