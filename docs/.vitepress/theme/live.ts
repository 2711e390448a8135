/**
 * The live diagrams' engine, loaded by `<MarbleDiagram>` once the page runs: the source of a marble
 * diagram is parsed, run by the published operator in `TestScheduler.run` virtual time and drawn by the
 * engine of marbles/engine, as `npm run marbles` drew the committed SVG and as the playground draws it.
 */
import * as entry from 'rxjs-as-completed';
import {
  computeDiagram,
  DiagramSyntaxError,
  drawDiagram,
  MARBLE_STYLE,
  parseDraft,
  runDiagram,
} from '../../../marbles/engine';
import { rxjs7Driver } from '../../../marbles/engine/rxjs7';
import { encodeSource } from '../../../playground/share';

/** The playground's bound, so that a drawing here is the committed SVG, byte for byte, until edited. */
const FRAME_BOUND = 1000;

const driver = rxjs7Driver(entry);

export interface LiveDrawing {
  /** The SVG as the engine draws it, with the document-wide parts (style, ids) made local. */
  readonly svg: string;
  /** The SVG exactly as `npm run marbles` writes it. */
  readonly raw: string;
  /** The output line the operator produced. */
  readonly output: string;
  /** The call the diagram makes, as `asCompleted(10)`. */
  readonly operator: string;
}

/** Runs a diagram source; throws an Error whose message says where the source is wrong. */
export async function drawLive(name: string, text: string, idPrefix: string): Promise<LiveDrawing> {
  installStyle();
  let draft;
  try {
    draft = parseDraft(name, text, 'diagram');
  } catch (error) {
    if (error instanceof DiagramSyntaxError)
      throw new Error(`Line ${error.position.line}, column ${error.position.column}: ${error.reason}`);
    throw error;
  }
  try {
    const run = await runDiagram(driver, draft, { frameBound: FRAME_BOUND });
    const { diagram } = computeDiagram(draft, run, entry);
    const raw = drawDiagram(diagram, run, entry);
    const svg = raw
      // One stylesheet for every diagram of the page, following the site's colour scheme (below).
      .replace(/<style>[\s\S]*?<\/style>/, '')
      .replace(/marble-(title|desc)/g, `${idPrefix}-$1`);
    return { svg, raw, output: diagram.output.marbles, operator: diagram.operator };
  } catch (error) {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    throw new Error(`Line ${draft.operatorAt.line}: ${message}`);
  }
}

/** The playground's link for a source: its hash holds the diagram. */
export const playgroundHash = (text: string): string => `#${encodeSource(text)}`;

/**
 * The drawings' palette, scoped to the live diagrams and switched by the site's own dark mode (the
 * `dark` class VitePress puts on <html>) rather than by the system's scheme, which the SVG files follow.
 */
export function scopedStyle(style: string): string {
  const media = '@media (prefers-color-scheme:dark){';
  const at = style.indexOf(media);
  const light = style.slice(0, at);
  const dark = style.slice(at + media.length, -1);
  const scope = (rules: string, prefix: string): string =>
    rules
      .split('}')
      .filter((rule) => rule.includes('{'))
      .map((rule) => {
        const [selectors, declarations] = rule.split('{');
        const scoped = selectors
          .split(',')
          .map((selector) => `${prefix} ${selector}`)
          .join(',');
        return `${scoped}{${declarations}}`;
      })
      .join('');
  return scope(light, '.marble-live') + scope(dark, 'html.dark .marble-live');
}

function installStyle(): void {
  if (document.getElementById('marble-live-style') !== null) return;
  const style = document.createElement('style');
  style.id = 'marble-live-style';
  style.textContent = scopedStyle(MARBLE_STYLE);
  document.head.append(style);
}
