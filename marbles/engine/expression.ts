/**
 * The small expression language of the marble sources: the operator box (`asCompleted(10)`,
 * `forkAsCompletedSettled({ user, feed }, 7)`) and the legend values (`{ index: 0, status: 'timeout' }`).
 * Literals, arrays, objects (with shorthand properties), identifiers and calls; nothing else, so a
 * diagram can show any call it tests and cannot run arbitrary code.
 */
export type Expression =
  | { readonly kind: 'literal'; readonly value: string | number | boolean | null | undefined }
  | { readonly kind: 'identifier'; readonly name: string; readonly at?: number }
  | { readonly kind: 'array'; readonly items: readonly Expression[] }
  | {
      readonly kind: 'object';
      readonly properties: readonly { readonly key: string; readonly value: Expression }[];
    }
  | {
      readonly kind: 'call';
      readonly callee: string;
      readonly args: readonly Expression[];
      /** Where the name starts in the text, for error messages. */
      readonly at?: number;
    };

const TOKEN =
  /\s*(?:(-?(?:\d+(?:\.\d+)?|Infinity))|'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|([A-Za-z_$][\w$]*)|([()[\]{},:]))/y;

const KEYWORDS: Readonly<Record<string, string | number | boolean | null | undefined>> = {
  null: null,
  undefined: undefined,
  true: true,
  false: false,
};

/** A syntax error in an expression, with the offset of the character it was found at. */
export class ExpressionSyntaxError extends SyntaxError {
  constructor(
    message: string,
    /** 0-based, in the expression's text. */
    readonly offset: number,
  ) {
    super(message);
    this.name = 'SyntaxError';
  }
}

type Token = { readonly at: number } & (
  | { readonly kind: 'literal'; readonly value: string | number }
  | { readonly kind: 'name'; readonly name: string }
  | { readonly kind: 'punctuation'; readonly text: string }
);

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length && text.slice(TOKEN.lastIndex).trim() !== '') {
    const start = TOKEN.lastIndex;
    const match = TOKEN.exec(text);
    if (match === null) {
      const at = start + (text.slice(start).length - text.slice(start).trimStart().length);
      throw new ExpressionSyntaxError(`unexpected ${JSON.stringify(text.slice(at))} in ${text}`, at);
    }
    const at = match.index + (match[0].length - match[0].trimStart().length);
    const [, number, single, double, name, punctuation] = match;
    if (number !== undefined) tokens.push({ at, kind: 'literal', value: Number(number) });
    else if (single !== undefined || double !== undefined)
      tokens.push({ at, kind: 'literal', value: (single ?? double).replace(/\\(.)/g, '$1') });
    else if (name !== undefined) tokens.push({ at, kind: 'name', name });
    else tokens.push({ at, kind: 'punctuation', text: punctuation });
  }
  return tokens;
}

/** Parses one expression; throws a SyntaxError naming the text for anything outside the language. */
export function parseExpression(text: string): Expression {
  const tokens = tokenize(text);
  let position = 0;
  // The offset says where; the page and the specs put it before the message as a line and a column.
  const fail = (expected: string, index = position): never => {
    const at = tokens[index]?.at ?? text.trimEnd().length;
    throw new ExpressionSyntaxError(`expected ${expected} in ${text}`, at);
  };
  const peekPunctuation = (punctuation: string): boolean => {
    const token = tokens[position];
    return token?.kind === 'punctuation' && token.text === punctuation;
  };
  const expectPunctuation = (punctuation: string): void => {
    if (!peekPunctuation(punctuation)) fail(`'${punctuation}'`);
    position++;
  };
  const list = <T>(close: string, item: () => T): T[] => {
    const opening = tokens[position - 1];
    const items: T[] = [];
    const unclosed = (): never => {
      throw new ExpressionSyntaxError(
        `'${opening.kind === 'punctuation' ? opening.text : '('}' is never closed: add '${close}' where it ends`,
        opening.at,
      );
    };
    while (!peekPunctuation(close)) {
      if (position >= tokens.length) unclosed();
      items.push(item());
      if (position >= tokens.length) unclosed();
      if (!peekPunctuation(close)) expectPunctuation(',');
    }
    position++;
    return items;
  };
  const property = (): { key: string; value: Expression } => {
    const token = tokens[position++];
    let key: string;
    if (token?.kind === 'name') key = token.name;
    else if (token?.kind === 'literal' && typeof token.value === 'string') key = token.value;
    else return fail('a property name', position - 1);
    if (!peekPunctuation(':')) {
      if (token.kind !== 'name') fail("':'");
      return { key, value: { kind: 'identifier', name: key, at: token.at } };
    }
    position++;
    return { key, value: expression() };
  };
  const expression = (): Expression => {
    const token = tokens[position++];
    if (token === undefined) return fail('an expression', position - 1);
    if (token.kind === 'literal') return { kind: 'literal', value: token.value };
    if (token.kind === 'name') {
      if (Object.prototype.hasOwnProperty.call(KEYWORDS, token.name))
        return { kind: 'literal', value: KEYWORDS[token.name] };
      if (!peekPunctuation('(')) return { kind: 'identifier', name: token.name, at: token.at };
      position++;
      return { kind: 'call', callee: token.name, args: list(')', expression), at: token.at };
    }
    if (token.text === '[') return { kind: 'array', items: list(']', expression) };
    if (token.text === '{') return { kind: 'object', properties: list('}', property) };
    return fail('an expression', position - 1);
  };
  const result = expression();
  if (position !== tokens.length) fail('the end');
  return result;
}

/** What identifiers and callees mean while evaluating. */
export interface Scope {
  readonly [name: string]: unknown;
}

/** Evaluates an expression; an identifier or callee missing from `scope` is an error, not `undefined`. */
export function evaluate(expression: Expression, scope: Scope): unknown {
  const lookUp = (name: string, at: number | undefined): unknown => {
    if (!Object.prototype.hasOwnProperty.call(scope, name)) {
      const guess = closestName(name, Object.keys(scope));
      throw Object.assign(
        new ReferenceError(
          `${name} is not defined: ${guess === null ? 'name an export of the package or the title of a line' : `did you mean ${guess}?`}`,
        ),
        { offset: at },
      );
    }
    return scope[name];
  };
  switch (expression.kind) {
    case 'literal':
      return expression.value;
    case 'identifier':
      return lookUp(expression.name, expression.at);
    case 'array':
      return expression.items.map((item) => evaluate(item, scope));
    case 'object':
      return Object.fromEntries(
        expression.properties.map(({ key, value }) => [key, evaluate(value, scope)] as const),
      );
    case 'call': {
      const callee = lookUp(expression.callee, expression.at);
      if (typeof callee !== 'function')
        throw Object.assign(new TypeError(`${expression.callee} is not a function`), {
          offset: expression.at,
        });
      return (callee as (...args: unknown[]) => unknown)(
        ...expression.args.map((arg) => evaluate(arg, scope)),
      );
    }
  }
}

/** Edits (insert, delete, replace) between two names, with a cut-off past which it stops counting. */
function distance(left: string, right: string): number {
  let previous = Array.from({ length: right.length + 1 }, (_, index) => index);
  for (let row = 1; row <= left.length; row++) {
    const current = [row];
    for (let column = 1; column <= right.length; column++)
      current.push(
        Math.min(
          previous[column] + 1,
          current[column - 1] + 1,
          previous[column - 1] + (left[row - 1] === right[column - 1] ? 0 : 1),
        ),
      );
    previous = current;
  }
  return previous[right.length];
}

/** The name a typo most likely meant: the same but for case, or a few edits away. */
export function closestName(name: string, names: readonly string[]): string | null {
  const sameCase = names.find((candidate) => candidate.toLowerCase() === name.toLowerCase());
  if (sameCase !== undefined) return sameCase;
  // One edit per three characters, up to three: `b` suggests nothing, `asComplete` suggests asCompleted.
  const allowed = Math.min(3, Math.floor(name.length / 3));
  let best: string | null = null;
  let bestDistance = allowed + 1;
  for (const candidate of names) {
    const edits = distance(name, candidate);
    if (edits < bestDistance) {
      best = candidate;
      bestDistance = edits;
    }
  }
  return best;
}
