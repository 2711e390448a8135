/**
 * The small expression language of the marble sources: the operator box (`asCompleted(10)`,
 * `forkAsCompletedSettled({ user, feed }, 7)`) and the legend values (`{ index: 0, status: 'timeout' }`).
 * Literals, arrays, objects (with shorthand properties), identifiers and calls; nothing else, so a
 * diagram can show any call it tests and cannot run arbitrary code.
 */
export type Expression =
  | { readonly kind: 'literal'; readonly value: string | number | boolean | null | undefined }
  | { readonly kind: 'identifier'; readonly name: string }
  | { readonly kind: 'array'; readonly items: readonly Expression[] }
  | {
      readonly kind: 'object';
      readonly properties: readonly { readonly key: string; readonly value: Expression }[];
    }
  | { readonly kind: 'call'; readonly callee: string; readonly args: readonly Expression[] };

const TOKEN =
  /\s*(?:(-?(?:\d+(?:\.\d+)?|Infinity))|'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|([A-Za-z_$][\w$]*)|([()[\]{},:]))/y;

const KEYWORDS: Readonly<Record<string, string | number | boolean | null | undefined>> = {
  null: null,
  undefined: undefined,
  true: true,
  false: false,
};

type Token =
  | { readonly kind: 'literal'; readonly value: string | number }
  | { readonly kind: 'name'; readonly name: string }
  | { readonly kind: 'punctuation'; readonly text: string };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length && text.slice(TOKEN.lastIndex).trim() !== '') {
    const at = TOKEN.lastIndex;
    const match = TOKEN.exec(text);
    if (match === null) throw new SyntaxError(`unexpected ${JSON.stringify(text.slice(at))} in ${text}`);
    const [, number, single, double, name, punctuation] = match;
    if (number !== undefined) tokens.push({ kind: 'literal', value: Number(number) });
    else if (single !== undefined || double !== undefined)
      tokens.push({ kind: 'literal', value: (single ?? double).replace(/\\(.)/g, '$1') });
    else if (name !== undefined) tokens.push({ kind: 'name', name });
    else tokens.push({ kind: 'punctuation', text: punctuation });
  }
  return tokens;
}

/** Parses one expression; throws a SyntaxError naming the text for anything outside the language. */
export function parseExpression(text: string): Expression {
  const tokens = tokenize(text);
  let position = 0;
  const fail = (expected: string): never => {
    throw new SyntaxError(`expected ${expected} at token ${position} of ${text}`);
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
    const items: T[] = [];
    while (!peekPunctuation(close)) {
      items.push(item());
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
    else return fail('a property name');
    if (!peekPunctuation(':')) {
      if (token.kind !== 'name') fail("':'");
      return { key, value: { kind: 'identifier', name: key } };
    }
    position++;
    return { key, value: expression() };
  };
  const expression = (): Expression => {
    const token = tokens[position++];
    if (token === undefined) return fail('an expression');
    if (token.kind === 'literal') return { kind: 'literal', value: token.value };
    if (token.kind === 'name') {
      if (Object.prototype.hasOwnProperty.call(KEYWORDS, token.name))
        return { kind: 'literal', value: KEYWORDS[token.name] };
      if (!peekPunctuation('(')) return { kind: 'identifier', name: token.name };
      position++;
      return { kind: 'call', callee: token.name, args: list(')', expression) };
    }
    if (token.text === '[') return { kind: 'array', items: list(']', expression) };
    if (token.text === '{') return { kind: 'object', properties: list('}', property) };
    return fail('an expression');
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
  const lookUp = (name: string): unknown => {
    if (!Object.prototype.hasOwnProperty.call(scope, name))
      throw new ReferenceError(`${name} is not defined`);
    return scope[name];
  };
  switch (expression.kind) {
    case 'literal':
      return expression.value;
    case 'identifier':
      return lookUp(expression.name);
    case 'array':
      return expression.items.map((item) => evaluate(item, scope));
    case 'object':
      return Object.fromEntries(
        expression.properties.map(({ key, value }) => [key, evaluate(value, scope)] as const),
      );
    case 'call': {
      const callee = lookUp(expression.callee);
      if (typeof callee !== 'function') throw new TypeError(`${expression.callee} is not a function`);
      return (callee as (...args: unknown[]) => unknown)(
        ...expression.args.map((arg) => evaluate(arg, scope)),
      );
    }
  }
}
