import { marbleFrames, type DiagramDraft, type MarbleLine } from './diagram';
import { parseExpression, type Expression } from './expression';

/** The Python equivalent of a diagram, or why there is none. */
export type AsyncioEquivalent =
  { readonly kind: 'python'; readonly code: string } | { readonly kind: 'none'; readonly reason: string };

/** An input as asyncio sees it: a coroutine that settles once, some frames after the call. */
interface Coroutine {
  readonly name: string;
  /** The frame it settles at, counted from the call; null if it never settles. */
  readonly settlesAt: number | null;
  readonly outcome: { readonly value: string } | { readonly error: string } | null;
  readonly arrival: number;
}

const OPERATORS = ['asCompleted', 'asCompletedSettled', 'asCompletedEntries'];
const CREATIONS = ['forkAsCompleted', 'forkAsCompletedSettled', 'forkAsCompletedEntries'];

function none(reason: string): AsyncioEquivalent {
  return { kind: 'none', reason };
}

function pythonString(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** A cold line as a coroutine started at `arrival`: its last value before it completes, or its error. */
function coroutineOf(name: string, line: MarbleLine, arrival: number): Coroutine | string {
  const messages = marbleFrames(line.marbles);
  const end = messages.find(({ kind }) => kind !== 'N');
  const values = messages.filter(({ kind }) => kind === 'N');
  if (end === undefined) return { name, settlesAt: null, outcome: null, arrival };
  if (end.kind === 'E') return { name, settlesAt: arrival + end.frame, outcome: { error: 'error' }, arrival };
  const last = values.filter(({ frame }) => frame <= end.frame).pop();
  if (last === undefined) return `${name} completes without a value, which a coroutine cannot do`;
  return {
    name,
    settlesAt: arrival + end.frame,
    outcome: { value: last.symbol },
    arrival,
  };
}

function timeoutOf(options: Expression | undefined): number | null | string {
  if (options === undefined) return null;
  if (options.kind === 'literal') return typeof options.value === 'number' ? options.value : null;
  if (options.kind !== 'object') return 'its options are not a literal';
  for (const { key } of options.properties) {
    if (key === 'concurrent')
      return 'concurrent limits how many inputs run at once; asyncio.as_completed runs them all (in Python, an asyncio.Semaphore would)';
    if (key === 'each')
      return 'each gives every input a deadline of its own; asyncio.as_completed has one for all (in Python, asyncio.timeout inside each coroutine would)';
    if (key === 'signal')
      return 'signal stops the run from outside; asyncio.as_completed takes no such argument (in Python, cancelling the tasks would)';
    if (key !== 'timeout') return `it uses \`${key}\`, which asyncio.as_completed has no equivalent of`;
  }
  const timeout = options.properties.find(({ key }) => key === 'timeout')?.value;
  return timeout?.kind === 'literal' && typeof timeout.value === 'number' ? timeout.value : null;
}

/**
 * The asyncio program a diagram stands for: each input a coroutine that sleeps, then returns or raises;
 * `asyncio.as_completed` with the deadline; try/except around each result for the settled flavours.
 * One frame is one millisecond, as in `TestScheduler.run`.
 */
export function asyncioEquivalent(diagram: DiagramDraft): AsyncioEquivalent {
  let call: Expression;
  try {
    call = parseExpression(diagram.operator);
  } catch {
    return none('its operator box does not parse');
  }
  if (call.kind !== 'call') return none('its operator box is not a call');
  const inputs: Coroutine[] = [];
  let keys: string[] | null = null;
  let notes: string[] = [];
  let options: Expression | undefined;
  const lineOf = (name: string): MarbleLine | undefined =>
    diagram.inputs.find(({ title }) => title === name) ??
    diagram.innerStreams.find((stream) => stream.name === name);
  const add = (name: string, line: MarbleLine, arrival: number): string | null => {
    const coroutine = coroutineOf(name, line, arrival);
    if (typeof coroutine === 'string') return coroutine;
    inputs.push(coroutine);
    return null;
  };

  if (OPERATORS.includes(call.callee)) {
    if (call.args.length > 1) return none(`${call.callee} takes one argument here`);
    options = call.args[0];
    const source = diagram.inputs[0];
    const messages = marbleFrames(source.marbles);
    const end = messages.find(({ kind }) => kind !== 'N');
    if (end === undefined || end.kind === 'E')
      return none(
        `its source ${end === undefined ? 'never completes' : 'errors'}: asyncio.as_completed takes a finite set of awaitables, not a stream`,
      );
    const seen = new Set<string>();
    for (const { frame, symbol: name } of messages.filter(({ kind }) => kind === 'N')) {
      const stream = diagram.innerStreams.find((inner) => inner.name === name);
      if (stream === undefined) return none(`its source emits ${name}, which is not a named input stream`);
      if (seen.has(name))
        return none(`its source emits ${name} twice; asyncio would de-duplicate it (set(fs))`);
      seen.add(name);
      const problem = add(name, stream, source.offset + frame);
      if (problem !== null) return none(problem);
    }
    if (inputs.some(({ arrival }) => arrival > 0))
      notes = [
        'The source emits its inputs over time; asyncio.as_completed takes them all at once,',
        'so each coroutine first waits for its input to arrive, then for the input itself.',
      ];
  } else if (CREATIONS.includes(call.callee)) {
    const [collection, last] = call.args;
    options = last;
    const timeout = timeoutOf(options);
    if (typeof timeout === 'string') return none(timeout);
    const items =
      collection?.kind === 'array'
        ? collection.items.map((item) => ({ key: null, item }))
        : collection?.kind === 'object'
          ? collection.properties.map(({ key, value }) => ({ key, item: value }))
          : null;
    if (items === null) return none(`${call.callee}'s inputs are not an array or a dictionary of lines`);
    if (collection?.kind === 'object') keys = items.map(({ key }) => key!);
    for (const { item } of items) {
      const line = item.kind === 'identifier' ? lineOf(item.name) : undefined;
      if (line === undefined || item.kind !== 'identifier')
        return none('an input is not a line of the diagram');
      if (inputs.some(({ name }) => name === item.name))
        return none(`${item.name} is given twice; asyncio would de-duplicate it (set(fs))`);
      const problem = add(item.name, line, line.offset);
      if (problem !== null) return none(problem);
      if (line.offset > 0)
        return none(
          `${item.name} starts at frame ${line.offset}: a queued input, which asyncio.as_completed has no equivalent of`,
        );
    }
  } else if (call.callee === 'forkAsCompletedSnapshots') {
    return none(
      'forkAsCompletedSnapshots emits the state of the whole set after each result; asyncio.as_completed yields one result at a time (in Python, the loop over it would build the state)',
    );
  } else {
    return none(`${call.callee} is not an export of rxjs-as-completed`);
  }
  const timeout = timeoutOf(options);
  if (typeof timeout === 'string') return none(timeout);
  if (timeout === null && inputs.some(({ settlesAt }) => settlesAt === null))
    return none('an input never settles and there is no deadline: the Python would wait forever');
  const flavour = call.callee.endsWith('Settled')
    ? 'settled'
    : call.callee.endsWith('Entries')
      ? 'entries'
      : 'values';
  return { kind: 'python', code: pythonProgram(inputs, keys, timeout, flavour, diagram.operator, notes) };
}

function pythonProgram(
  inputs: readonly Coroutine[],
  keys: readonly string[] | null,
  timeout: number | null,
  flavour: 'values' | 'settled' | 'entries',
  operator: string,
  notes: readonly string[],
): string {
  const header = [
    `# ${operator}, in asyncio. One frame is one millisecond, as in TestScheduler.run;`,
    '# raise FRAME to watch it at a slower pace.',
    ...notes.map((note) => `# ${note}`),
    'import asyncio',
    '',
    'FRAME = 0.001',
  ].join('\n');
  const definitions = inputs.map((input) => {
    const lines = [`async def ${input.name}():`];
    if (input.settlesAt === null || input.outcome === null) {
      lines.push('    await asyncio.Event().wait()  # never settles');
    } else {
      const comment =
        input.arrival > 0
          ? `  # arrives at frame ${input.arrival}, settles ${input.settlesAt - input.arrival} frames later`
          : '';
      lines.push(`    await asyncio.sleep(${input.settlesAt} * FRAME)${comment}`);
      lines.push(
        'value' in input.outcome
          ? `    return ${pythonString(input.outcome.value)}`
          : `    raise Exception(${pythonString(input.outcome.error)})`,
      );
    }
    return lines.join('\n');
  });
  // The entries flavours: each coroutine wrapped so that its result comes with its index (and key).
  const entries = flavour === 'entries';
  if (entries)
    definitions.push(
      [
        `async def entry(index, ${keys === null ? '' : 'key, '}coroutine):`,
        `    return index, ${keys === null ? '' : 'key, '}await coroutine`,
      ].join('\n'),
    );
  const call = (index: number): string => {
    const coroutine = `${inputs[index].name}()`;
    if (!entries) return coroutine;
    return `entry(${index}, ${keys === null ? '' : `${pythonString(keys[index])}, `}${coroutine})`;
  };
  const awaitables =
    keys === null || entries
      ? `[${inputs.map((_, index) => call(index)).join(', ')}]`
      : `{${keys.map((key, index) => `${pythonString(key)}: ${call(index)}`).join(', ')}}.values()`;
  const loop = `asyncio.as_completed(${awaitables}${timeout === null ? '' : `, timeout=${timeout} * FRAME`})`;
  const main =
    flavour === 'settled'
      ? [
          'async def main():',
          `    for next_result in ${loop}:`,
          '        try:',
          "            print('fulfilled', await next_result)",
          '        except asyncio.TimeoutError:',
          "            print('timeout')",
          '        except Exception as error:',
          "            print('rejected', error)",
        ]
      : [
          'async def main():',
          '    try:',
          `        for next_result in ${loop}:`,
          entries ? '            print(*await next_result)' : '            print(await next_result)',
          '    except asyncio.TimeoutError:',
          "        print('TimeoutError')",
          '    except Exception as error:',
          "        print('failed:', error)",
        ];
  return `${[header, ...definitions, main.join('\n'), 'asyncio.run(main())'].join('\n\n\n')}\n`;
}
