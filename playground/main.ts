/**
 * The marble playground: a diagram source run by the published package in virtual time, drawn with
 * swirly's browser renderer, with its asyncio equivalent and its exports. All the diagram logic is the
 * engine of marbles/engine, which `npm run marbles` and the marble specs use too.
 */
import { renderMarbleDiagram } from '@swirly/renderer';
import * as entry from 'rxjs-as-completed';
import {
  asyncioEquivalent,
  computeDiagram,
  DiagramSyntaxError,
  formatDiagram,
  jestTest,
  parseDraft,
  runDiagram,
  type ComputedDiagram,
  type DiagramDraft,
  type DiagramRun,
  type SourcePosition,
} from '../marbles/engine';
import { drawDiagram, type SwirlyRenderer } from '../marbles/engine/draw';
import { rxjs7Driver } from '../marbles/engine/rxjs7';
import { encodeSource, MAX_LINK_LENGTH, readHash } from './share';

/** The shipped diagrams, marbles/*.txt, put in by the build. */
declare const MARBLE_EXAMPLES: readonly { readonly name: string; readonly text: string }[];

/** Far beyond any diagram one reads; a run that has not ended by then would not end. */
const FRAME_BOUND = 1000;
const DEBOUNCE_MS = 150;

interface Drawn {
  readonly name: string;
  readonly computed: ComputedDiagram;
  readonly run: DiagramRun;
  readonly svg: string;
  readonly source: string;
  /** Whether the source has an output line of its own to check. */
  readonly typedOutput: boolean;
}

/** What the browser test reads: each update's duration, and how many updates have finished. */
interface Timing {
  readonly example: string | null;
  readonly milliseconds: number;
  readonly sinceNavigation: number;
}
declare global {
  interface Window {
    playground: { timings: Timing[]; updates: number };
  }
}
window.playground = { timings: [], updates: 0 };

const browserRenderer: SwirlyRenderer = {
  render: (spec, options) => renderMarbleDiagram(spec, options),
  serialize: (element) => new XMLSerializer().serializeToString(element),
};
const driver = rxjs7Driver(entry);

const element = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const exampleSelect = element<HTMLSelectElement>('example');
const editor = element<HTMLTextAreaElement>('source');
const errorBox = element<HTMLParagraphElement>('error');
const drawing = element<HTMLDivElement>('drawing');
const outputText = element<HTMLOutputElement>('output');
const legendList = element<HTMLUListElement>('legend');
const checkBox = element<HTMLDivElement>('check');
const notesList = element<HTMLUListElement>('notes');
const pythonBox = element<HTMLPreElement>('python');
const exported = element<HTMLTextAreaElement>('exported');
const exportStatus = element<HTMLParagraphElement>('export-status');

let current: Drawn | null = null;
let updateNumber = 0;

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
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  if (draft === null) return new Located(null, message);
  const offset = (error as { offset?: unknown } | null)?.offset;
  const { line, column } = draft.operatorAt;
  return new Located({ line, column: column + (typeof offset === 'number' ? offset : 0) }, message);
}

function nameOfSource(text: string): string {
  return MARBLE_EXAMPLES.find((example) => example.text === text)?.name ?? 'diagram';
}

async function compute(text: string): Promise<Drawn> {
  const name = nameOfSource(text);
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
    const svg = drawDiagram(computed.diagram, source, browserRenderer);
    return { name, computed, run, svg, source, typedOutput: draft.output !== null };
  } catch (error) {
    throw locate(error, draft);
  }
}

function showError({ at, message }: Located): void {
  errorBox.hidden = false;
  errorBox.textContent = at === null ? message : `Line ${at.line}, column ${at.column}: ${message}`;
  editor.setAttribute('aria-invalid', 'true');
  drawing.classList.add('stale');
}

function clearError(): void {
  errorBox.hidden = true;
  errorBox.textContent = '';
  editor.removeAttribute('aria-invalid');
  drawing.classList.remove('stale');
}

function listItems(list: HTMLUListElement, items: readonly string[]): void {
  list.replaceChildren(
    ...items.map((text) => {
      const item = document.createElement('li');
      item.textContent = text;
      return item;
    }),
  );
}

function show(drawn: Drawn): void {
  const svg = new DOMParser().parseFromString(drawn.svg, 'image/svg+xml').documentElement;
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', `marble diagram of ${drawn.computed.diagram.operator}`);
  svg.setAttribute('aria-describedby', 'output');
  drawing.replaceChildren(document.importNode(svg, true));
  outputText.textContent = drawn.computed.diagram.output.marbles;
  listItems(
    legendList,
    drawn.computed.diagram.legend.map(({ symbol, text }) => `${symbol} = ${text}`),
  );
  listItems(notesList, drawn.computed.notes);
  showCheck(drawn.computed, drawn.typedOutput);
  const python = asyncioEquivalent(drawn.computed.diagram);
  pythonBox.textContent = python.kind === 'python' ? python.code : `No asyncio equivalent: ${python.reason}.`;
}

function showCheck({ mismatches }: ComputedDiagram, typedOutput: boolean): void {
  const paragraph = document.createElement('p');
  if (mismatches.length === 0) {
    paragraph.className = 'ok';
    paragraph.textContent = typedOutput
      ? 'The source agrees with the operator: output, ghosts and subscription frames.'
      : 'The source has no output line: the one drawn is computed.';
    checkBox.replaceChildren(paragraph);
    return;
  }
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

function updateHash(source: string): void {
  const hash = `#${encodeSource(source)}`;
  if (hash.length > MAX_LINK_LENGTH) return;
  history.replaceState(null, '', hash);
}

async function update(): Promise<void> {
  const number = ++updateNumber;
  const started = performance.now();
  const text = editor.value;
  try {
    const drawn = await compute(text);
    if (number !== updateNumber) return;
    current = drawn;
    clearError();
    show(drawn);
    updateHash(text);
  } catch (error) {
    if (number !== updateNumber) return;
    showError(locate(error, null));
  } finally {
    if (number === updateNumber) {
      const example = MARBLE_EXAMPLES.find((candidate) => candidate.text === text)?.name ?? null;
      window.playground.timings.push({
        example,
        milliseconds: performance.now() - started,
        sinceNavigation: performance.now(),
      });
      window.playground.updates++;
      document.body.dataset.updates = String(window.playground.updates);
    }
  }
}

let debounce: ReturnType<typeof setTimeout> | undefined;
editor.addEventListener('input', () => {
  if (!MARBLE_EXAMPLES.some(({ text }) => text === editor.value)) exampleSelect.value = '';
  clearTimeout(debounce);
  debounce = setTimeout(() => void update(), DEBOUNCE_MS);
});

function load(text: string, example: string): void {
  editor.value = text;
  exampleSelect.value = example;
  void update();
}

for (const { name } of MARBLE_EXAMPLES) exampleSelect.add(new Option(name, name));
exampleSelect.add(new Option('(your own)', ''));
exampleSelect.addEventListener('change', () => {
  const example = MARBLE_EXAMPLES.find(({ name }) => name === exampleSelect.value);
  if (example !== undefined) load(example.text, example.name);
});

function restoreFromHash(): void {
  const state = readHash(location.hash);
  const example =
    MARBLE_EXAMPLES.find(({ name }) => state.kind === 'example' && name === state.name) ?? MARBLE_EXAMPLES[0];
  if (state.kind === 'source') {
    load(state.source, MARBLE_EXAMPLES.find(({ text }) => text === state.source)?.name ?? '');
  } else {
    load(example.text, example.name);
  }
}
// The page keeps the hash in step with replaceState, which fires no hashchange: this is a link followed.
window.addEventListener('hashchange', restoreFromHash);

/** Puts an export in the text field and on the clipboard when the browser lets it. */
function offer(text: string, what: string): void {
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

function needsDrawing(): Drawn | null {
  if (current === null) exportStatus.textContent = 'Nothing to export yet: the source has not run.';
  return current;
}

element('copy-source').addEventListener('click', () => {
  const drawn = needsDrawing();
  if (drawn !== null) offer(drawn.source, 'The diagram source, with the computed output and ghosts,');
});
element('copy-jest').addEventListener('click', () => {
  const drawn = needsDrawing();
  if (drawn !== null) offer(jestTest(drawn.computed.diagram, drawn.run, entry), 'The Jest test');
});
element('download-svg').addEventListener('click', () => {
  const drawn = needsDrawing();
  if (drawn === null) return;
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([drawn.svg], { type: 'image/svg+xml' }));
  link.download = `${drawn.name || 'diagram'}.svg`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 0);
  exportStatus.textContent = `${link.download} downloaded.`;
});
element('copy-link').addEventListener('click', () => {
  const hash = `#${encodeSource(editor.value)}`;
  if (hash.length > MAX_LINK_LENGTH) {
    exported.value = '';
    exportStatus.textContent = `This source is too large for a link: ${hash.length} characters once encoded, over the ${MAX_LINK_LENGTH} that links carry safely. Share the diagram source instead.`;
    return;
  }
  history.replaceState(null, '', hash);
  offer(location.href, 'The share link');
});

restoreFromHash();
