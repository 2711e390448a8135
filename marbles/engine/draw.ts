import { parseMarbleDiagramSpecification } from '@swirly/parser';
import type {
  DiagramRendering,
  DiagramSpecification,
  DiagramStyles,
  MessageSpecification,
  StreamSpecification,
} from '@swirly/types';
import { TestScheduler } from 'rxjs/testing';
import type { MarbleDiagram, MarbleLine } from './diagram';
import { parseExpression, type Expression } from './expression';

/** Sized for a README column of about 800 px: a diagram of 16 frames is about that wide. */
const STYLES: DiagramStyles = {
  frame_width: 34,
  event_radius: 17,
  event_value_font_size: 17,
  higher_order_angle: 24,
  higher_order_event_value_angle: -24,
  stacking_height: 36,
  completion_height: 34,
  error_size: 24,
  error_stroke_width: 3,
  error_color: '#c62828',
  operator_height: 46,
  operator_title_font_size: 20,
  operator_title_font_family: 'Menlo, Consolas, DejaVu Sans Mono, monospace',
  stream_title_font_size: 17,
  stream_title_width: 76,
  stream_spacing: 14,
  canvas_padding: 16,
  ghost_opacity: 50,
};

const LEGEND_FONT_SIZE = 15;
const LEGEND_LINE_HEIGHT = 22;
const DEADLINE_LABEL_HEIGHT = 20;
const DEADLINE_COLOR = '#c62828';
/** The gap between a marble and a completion or error drawn beside it. */
const BESIDE_GAP = 4;
const MONOSPACE = 'Menlo, Consolas, DejaVu Sans Mono, monospace';
const SANS_SERIF = 'Arial, Helvetica, sans-serif';

/** Swirly's SVG: its size, its background, and what it draws. */
const SVG =
  /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="[^"]+" width="[^"]+" height="[^"]+"><rect x="0" y="0" width="[^"]+" height="[^"]+" fill="([^"]+)"\/>(.*)<\/svg>$/s;

/** The deadline of the operator box's call, when it is a number of frames: the last argument or its `timeout`. */
export function deadlineOf(operator: string): number | null {
  const call = parseExpression(operator);
  if (call.kind !== 'call' || call.args.length === 0) return null;
  const options: Expression = call.args[call.args.length - 1];
  const timeout =
    options.kind === 'object' ? options.properties.find(({ key }) => key === 'timeout')?.value : options;
  return timeout?.kind === 'literal' && typeof timeout.value === 'number' ? timeout.value : null;
}

/** The frames and kinds swirly drew must be the ones the spec runs, or the picture could lie. */
function checkAgreement(diagram: MarbleDiagram, drawn: readonly StreamSpecification[]): void {
  const lines: readonly MarbleLine[] = [...diagram.inputs, diagram.output];
  const describe = (line: MarbleLine): string[] =>
    TestScheduler.parseMarbles(line.marbles, undefined, undefined, false, true).map(
      ({ frame, notification }) =>
        `${line.offset + frame / TestScheduler.frameTimeFactor}${notification.kind}`,
    );
  const describeDrawn = (stream: StreamSpecification): string[] =>
    stream.messages.map(({ frame, notification }) => `${(stream.frame ?? 0) + frame}${notification.kind}`);
  const expected = lines.map((line) => ({ title: line.title, messages: describe(line) }));
  const actual = drawn.map((stream) => ({ title: stream.title, messages: describeDrawn(stream) }));
  if (JSON.stringify(expected) !== JSON.stringify(actual)) {
    throw new Error(
      `marbles/${diagram.name}.txt: swirly draws ${JSON.stringify(actual)}, the spec runs ${JSON.stringify(expected)}`,
    );
  }
}

/** Rounds the coordinates swirly computes with trigonometry, so the files diff well and render alike everywhere. */
function roundNumbers(svg: string): string {
  return svg.replace(/="([^"]*)"/g, (attribute: string, value: string) =>
    /\d\.\d{3,}/.test(value)
      ? `="${value.replace(/-?\d+\.\d+/g, (number) => String(Math.round(Number(number) * 100) / 100))}"`
      : attribute,
  );
}

/**
 * Swirly draws a frame's messages from last to first, so a completion or an error in the frame of a
 * value (`(a|)`) ends up hidden behind its marble. Draws it just right of the marble instead, in
 * every stream and every stream it emits.
 */
function revealEndsBehindMarbles(stream: StreamSpecification): StreamSpecification {
  const valueFrames = new Set(
    stream.messages.filter(({ notification }) => notification.kind === 'N').map(({ frame }) => frame),
  );
  const beside = (STYLES.event_radius! + BESIDE_GAP) / STYLES.frame_width!;
  const messages = stream.messages.map((message): MessageSpecification => {
    const { notification } = message;
    if (notification.kind === 'N') {
      return typeof notification.value === 'string'
        ? message
        : ({
            ...message,
            notification: { ...notification, value: revealEndsBehindMarbles(notification.value) },
          } as MessageSpecification);
    }
    return valueFrames.has(message.frame) ? { ...message, frame: message.frame + beside } : message;
  });
  const duration = Math.max(stream.duration, ...messages.map(({ frame }) => frame));
  return { ...stream, messages, duration };
}

/** Fades the lines of the inputs drawn as ghosts, as swirly fades the ghosts among the streams they emit. */
function fadeGhostLines(document: XMLDocument, diagram: MarbleDiagram): void {
  const elements = (node: Node): Element[] =>
    Array.from(node.childNodes).filter((child): child is Element => child.nodeType === 1);
  // Swirly's SVG: a background, then one group holding a group per stream or operator, in order.
  const [content] = elements(document.documentElement).filter((element) => element.tagName === 'g');
  diagram.inputs.forEach((input, index) => {
    if (!input.ghost) return;
    // A titled stream is its title and the group of its line.
    const line = elements(elements(content)[index]).find((element) => element.tagName === 'g');
    if (line === undefined)
      throw new Error('swirly changed the shape of its SVG; update marbles/engine/draw.ts');
    line.setAttribute('style', `filter: opacity(${STYLES.ghost_opacity}%)`);
  });
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Swirly's renderer for the platform: `@swirly/renderer-node` in Node, `@swirly/renderer` in a browser. */
export interface SwirlyRenderer {
  render(spec: DiagramSpecification, options: { readonly styles: DiagramStyles }): DiagramRendering;
  /** The SVG element as XML text. */
  serialize(element: Element): string;
}

/**
 * Draws a diagram as the committed SVGs are drawn: swirly's drawing of `text`, checked against the
 * frames the spec runs, with the ghost inputs faded, the deadline drawn through it and the legend under it.
 */
export function drawDiagram(diagram: MarbleDiagram, text: string, renderer: SwirlyRenderer): string {
  const spec = parseMarbleDiagramSpecification(text);
  const streams = spec.content.filter((item): item is StreamSpecification => item.kind === 'S');
  checkAgreement(diagram, streams);

  // Swirly sizes the operator box to the streams; a long call needs a wider box.
  const operatorWidth = diagram.operator.length * STYLES.operator_title_font_size! * 0.62 + 40;
  const styles = { ...STYLES, minimum_width: Math.ceil(operatorWidth) };
  const content = spec.content.map((item) => (item.kind === 'S' ? revealEndsBehindMarbles(item) : item));
  const { document, width, height } = renderer.render({ ...spec, content }, { styles });
  fadeGhostLines(document, diagram);
  const xml = renderer.serialize(document.documentElement);
  const svg = SVG.exec(xml);
  if (svg === null) throw new Error('swirly changed the shape of its SVG; update marbles/engine/draw.ts');
  const [, background, drawing] = svg;
  const padding = STYLES.canvas_padding!;

  // Swirly draws a barrier per stream; one line through the whole diagram reads better as "the deadline".
  const deadline = deadlineOf(diagram.operator);
  const lastFrame = Math.max(...streams.map((stream) => (stream.frame ?? 0) + stream.duration));
  const showDeadline = deadline !== null && deadline >= 0 && deadline <= lastFrame;
  const top = showDeadline ? DEADLINE_LABEL_HEIGHT : 0;
  let deadlineMark = '';
  if (showDeadline) {
    const x = padding + STYLES.stream_title_width! + deadline * STYLES.frame_width!;
    deadlineMark =
      `<line x1="${x}" y1="4" x2="${x}" y2="${top + height - padding / 2}" stroke="${DEADLINE_COLOR}" stroke-width="2" stroke-dasharray="5 4"/>` +
      `<text x="${x + 5}" y="${top - 4}" font-family="${SANS_SERIF}" font-size="13px" fill="${DEADLINE_COLOR}">deadline</text>`;
  }

  const legend = diagram.legend.map(({ symbol, text: value }) => `${symbol} = ${value}`);
  const legendTop = top + height - padding / 2;
  const legendText = legend
    .map(
      (line, index) =>
        `<text x="${padding}" y="${legendTop + (index + 0.75) * LEGEND_LINE_HEIGHT}" font-family="${MONOSPACE}" font-size="${LEGEND_FONT_SIZE}px" fill="black">${escapeXml(line)}</text>`,
    )
    .join('');
  const legendHeight = legend.length === 0 ? 0 : legend.length * LEGEND_LINE_HEIGHT + padding / 2;
  const legendWidth =
    Math.max(0, ...legend.map((line) => line.length * LEGEND_FONT_SIZE * 0.62)) + 2 * padding;
  const totalWidth = Math.max(width, legendWidth);
  const totalHeight = top + height + legendHeight;
  const rendered =
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${totalWidth} ${totalHeight}" width="${totalWidth}" height="${totalHeight}">` +
    `<rect x="0" y="0" width="${totalWidth}" height="${totalHeight}" fill="${background}"/>` +
    deadlineMark +
    `<g transform="translate(0 ${top})">${drawing}</g>` +
    legendText +
    '</svg>';
  return `${roundNumbers(rendered)}\n`;
}
