/**
 * The playground's state in the URL hash, readable and writable by hand: the diagram source with a
 * newline as `/` and a space as `_` (`#a_=_--1|//-a|/title_=_source//>_asCompleted(5)`), anything else
 * that a link would mangle percent-encoded. `#example=deadline` opens a shipped diagram, and `#draft`
 * the draft kept in this browser (what the address says when a diagram is too long for it).
 */

/** Longer links are cut by chat tools, mail clients and some servers. */
export const MAX_LINK_LENGTH = 2000;

const LITERAL = /[A-Za-z0-9\-|#()[\]{}=>,:.'!*~+;?@$&]/;

export function encodeSource(source: string): string {
  let hash = '';
  for (const character of source.replace(/\r\n?/g, '\n')) {
    if (character === '\n') hash += '/';
    else if (character === ' ') hash += '_';
    else if (character === '_') hash += '%5F';
    else if (LITERAL.test(character) && character !== '>') hash += character;
    else
      hash += encodeURIComponent(character).replace(
        /[!'()*]/g,
        (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
      );
  }
  return hash;
}

/** A `%` that starts no escape, as a hand-written `% comment` may have, stays as it is. */
function decodePart(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part.replace(/%([0-9A-Fa-f]{2})/g, (escape, hex: string) => {
      const code = parseInt(hex, 16);
      return code < 0x80 ? String.fromCharCode(code) : escape;
    });
  }
}

export function decodeSource(hash: string): string {
  return hash
    .split('/')
    .map((line) => line.split('_').map(decodePart).join(' '))
    .join('\n');
}

/** What a hash holds: a source, a shipped example's name, or nothing. */
export type SharedState =
  | { readonly kind: 'source'; readonly source: string }
  | { readonly kind: 'example'; readonly name: string }
  | { readonly kind: 'draft' }
  | { readonly kind: 'none' };

export function readHash(hash: string): SharedState {
  const body = hash.replace(/^#/, '');
  if (body === '') return { kind: 'none' };
  if (body === 'draft') return { kind: 'draft' };
  const example = /^example=([\w-]+)$/.exec(body);
  if (example !== null) return { kind: 'example', name: example[1] };
  return { kind: 'source', source: decodeSource(body) };
}
