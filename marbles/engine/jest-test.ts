import { marbleFrames, type MarbleDiagram } from './diagram';
import { parseExpression, type Expression, type Scope } from './expression';
import { SIGNAL_TITLE, type DiagramRun, type Subscription } from './run';

const ERROR_PATTERN = /^([A-Za-z_$][\w$]*)\s*\{(.*)\}$/;
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** The value characters of a line, each once, in order. */
function valueSymbols(marbles: string): string[] {
  return [...new Set(marbleFrames(marbles).flatMap(({ kind, symbol }) => (kind === 'N' ? [symbol] : [])))];
}

/** A values object's key: bare when it can be (`a`, `$`), quoted otherwise (`'é'` stays readable, `'1'`). */
function key(symbol: string): string {
  return IDENTIFIER.test(symbol) ? symbol : quote(symbol);
}

/** The identifiers an expression names. */
function namesIn(expression: Expression): string[] {
  switch (expression.kind) {
    case 'literal':
      return [];
    case 'identifier':
      return [expression.name];
    case 'array':
      return expression.items.flatMap(namesIn);
    case 'object':
      return expression.properties.flatMap(({ value }) => namesIn(value));
    case 'call':
      return [expression.callee, ...expression.args.flatMap(namesIn)];
  }
}

/** A subscription log in marble syntax: `^` where it starts, `!` where it ends. */
export function subscriptionMarbles({ at, until }: Subscription): string {
  if (until === Infinity) return `${'-'.repeat(at)}^`;
  if (until === at) return `${'-'.repeat(at)}(^!)`;
  return `${'-'.repeat(at)}^${'-'.repeat(until - at - 1)}!`;
}

function quote(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** The values object of a line: each letter itself, or the named stream it emits. */
function lineValues(marbles: string, named: readonly string[]): string | null {
  const symbols = valueSymbols(marbles);
  if (!symbols.some((symbol) => named.includes(symbol))) return null;
  return `{ ${symbols.map((symbol) => (named.includes(symbol) ? symbol : `${key(symbol)}: ${quote(symbol)}`)).join(', ')} }`;
}

/**
 * A Jest spec that runs a computed diagram with `TestScheduler.run`, `expectObservable` and
 * `expectSubscriptions`, importing the package by its name: it passes as pasted into a project that
 * has rxjs and rxjs-as-completed installed.
 */
export function jestTest(diagram: MarbleDiagram, run: DiagramRun, entry: Scope): string {
  const named = diagram.innerStreams.map(({ name }) => name!);
  const call = parseExpression(diagram.operator);
  const errorLegend = diagram.legend.find(({ symbol }) => symbol === '#')?.text;
  const errorPattern = errorLegend === undefined ? null : ERROR_PATTERN.exec(errorLegend);
  const exported = new Set(
    [...namesIn(call), ...(errorPattern === null ? [] : [errorPattern[1]])].filter((name) =>
      Object.prototype.hasOwnProperty.call(entry, name),
    ),
  );

  const body: string[] = [];
  for (const stream of diagram.innerStreams)
    body.push(`const ${stream.name} = cold(${quote(stream.marbles)});`);
  /** The name of a line's Observable in the test: the signal line's, beside the signal itself. */
  const nameOf = (title: string): string => (title === SIGNAL_TITLE ? `${SIGNAL_TITLE}Line` : title);
  for (const line of diagram.inputs) {
    const values = lineValues(line.marbles, named);
    // A line without values would be an Observable<string>; an operator's source must hold inputs.
    const type = valueSymbols(line.marbles).length > 0 ? '' : '<never>';
    body.push(
      `const ${nameOf(line.title!)} = cold${type}(${quote(line.marbles)}${values === null ? '' : `, ${values}`});`,
    );
    if (line.title === SIGNAL_TITLE)
      body.push(
        'const controller = new AbortController();',
        `${nameOf(SIGNAL_TITLE)}.subscribe((reason) => controller.abort(reason));`,
        `const { ${SIGNAL_TITLE} } = controller;`,
      );
  }
  const valueLegend = diagram.legend.filter(({ symbol }) => symbol !== '#');
  let valuesArgument = 'undefined';
  if (valueLegend.length > 0) {
    const plain = valueSymbols(diagram.output.marbles).filter(
      (symbol) => !valueLegend.some((entry) => entry.symbol === symbol),
    );
    body.push(
      '',
      'const values = {',
      ...valueLegend.map(({ symbol, text }) => `  ${symbol}: ${text},`),
      ...plain.map((symbol) => `  ${key(symbol)}: ${quote(symbol)},`),
      '};',
    );
    valuesArgument = 'values';
  }
  let errorArgument: string | null = null;
  if (errorPattern !== null) {
    const fields = errorPattern[2].trim();
    errorArgument = `expect.objectContaining({ constructor: ${errorPattern[1]}${fields === '' ? '' : `, ${fields}`} })`;
  } else if (errorLegend !== undefined) {
    errorArgument = errorLegend;
  }
  const source = diagram.inputs.find(({ title }) => title !== SIGNAL_TITLE);
  const output = run.creation ? diagram.operator : `${source?.title}.pipe(${diagram.operator})`;
  const toBe = [
    quote(diagram.output.marbles),
    ...(errorArgument === null
      ? valuesArgument === 'undefined'
        ? []
        : [valuesArgument]
      : [valuesArgument, errorArgument]),
  ];
  body.push('', `expectObservable(${output}).toBe(${toBe.join(', ')});`);
  for (const input of run.inputs) {
    const logs = input.actual.map((subscription) => quote(subscriptionMarbles(subscription)));
    const expected = logs.length === 1 ? logs[0] : `[${logs.join(', ')}]`;
    body.push(`expectSubscriptions(${nameOf(input.label)}.subscriptions).toBe(${expected});`);
  }

  const title = diagram.description.join(' ') || `${diagram.operator} produces its marble diagram`;
  return [
    `import { TestScheduler } from 'rxjs/testing';`,
    `import { ${[...exported].sort().join(', ')} } from 'rxjs-as-completed';`,
    '',
    `describe(${quote(diagram.name)}, () => {`,
    `  it(${quote(title)}, () => {`,
    '    const testScheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));',
    '    testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {',
    ...body.map((line) => (line === '' ? '' : `      ${line}`)),
    '    });',
    '  });',
    '});',
    '',
  ].join('\n');
}
