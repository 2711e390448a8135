/**
 * Markdown for the site: an image of a marble diagram (`![...](../marbles/NAME.svg)`, alone in its
 * paragraph) becomes the live diagram, `<MarbleDiagram>`; the same Markdown shows the committed SVG on
 * GitHub, and the component shows that SVG too until its script has run the operator.
 */
import type { MarkdownRenderer } from 'vitepress';

const MARBLE_IMAGE = /(?:^|\/)marbles\/([a-z0-9-]+)\.svg$/;

const escapeAttribute = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function marblesPlugin(md: MarkdownRenderer): void {
  md.core.ruler.after('inline', 'marble-diagrams', (state) => {
    const tokens = state.tokens;
    for (let index = 0; index + 2 < tokens.length; index++) {
      const [open, inline, close] = [tokens[index], tokens[index + 1], tokens[index + 2]];
      if (open.type !== 'paragraph_open' || inline.type !== 'inline' || close.type !== 'paragraph_close')
        continue;
      const children = (inline.children ?? []).filter(
        (child) => !(child.type === 'text' && child.content.trim() === ''),
      );
      if (children.length !== 1 || children[0].type !== 'image') continue;
      const name = MARBLE_IMAGE.exec(children[0].attrGet('src') ?? '')?.[1];
      if (name === undefined) continue;
      const alt = children[0].children?.map((child) => child.content).join('') ?? '';
      const block = new state.Token('html_block', '', 0);
      block.content = `<MarbleDiagram name="${name}" alt="${escapeAttribute(alt)}" />\n`;
      block.map = open.map;
      tokens.splice(index, 3, block);
    }
    return true;
  });
}
