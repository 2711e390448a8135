import { readFileSync } from 'fs';
import { join } from 'path';
import { isObservable, type Observable } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { loadDiagrams, parseDiagram, toAscii, type MarbleDiagram } from '../marbles/diagram';
import { evaluate, parseExpression, type Scope } from '../marbles/expression';
import { boundActions } from './helpers/test-scheduler';
import {
  asCompleted,
  asCompletedSettled,
  AsCompletedTimeoutError,
  forkAsCompleted,
  forkAsCompletedSettled,
} from '../src';

/** What a diagram's operator box and legend may name. */
const LIBRARY: Scope = {
  asCompleted,
  asCompletedSettled,
  forkAsCompleted,
  forkAsCompletedSettled,
  AsCompletedTimeoutError,
};

/** The exports whose JSDoc carries ASCII diagrams, and where that JSDoc is. */
const JSDOC_SOURCES: Readonly<Record<string, string>> = {
  asCompleted: 'src/as-completed.ts',
  asCompletedSettled: 'src/as-completed-settled.ts',
  forkAsCompleted: 'src/fork-as-completed.ts',
  forkAsCompletedSettled: 'src/fork-as-completed.ts',
};

/** A legend entry `# = SomeError { field: value }`: an error of that class whose listed fields are equal. */
class ErrorPattern {
  constructor(
    readonly errorClass: unknown,
    readonly fields: Readonly<Record<string, unknown>>,
  ) {}
}

const ERROR_PATTERN = /^([A-Za-z_$][\w$]*)\s*(\{.*\})$/;
const VALUE_SYMBOL = /[A-Za-z0-9]/g;

function legendValue(text: string): unknown {
  const pattern = ERROR_PATTERN.exec(text);
  if (pattern === null) return evaluate(parseExpression(text), LIBRARY);
  const fields = evaluate(parseExpression(pattern[2]), LIBRARY) as Record<string, unknown>;
  return new ErrorPattern(evaluate(parseExpression(pattern[1]), LIBRARY), fields);
}

/** Errors compared by class and the fields the legend lists, so a message wording change is not a diagram change. */
function comparable(messages: unknown, errorFields: readonly string[]): unknown {
  return (
    messages as { frame: number; notification: { kind: string; value?: unknown; error?: unknown } }[]
  ).map(({ frame, notification }) => {
    if (notification.kind !== 'E') return { frame, notification };
    const { error } = notification;
    if (error instanceof ErrorPattern) {
      return { frame, kind: 'E', error: { class: error.errorClass, ...error.fields } };
    }
    if (error instanceof Error) {
      const fields = Object.fromEntries(errorFields.map((key) => [key, (error as never)[key]] as const));
      return { frame, kind: 'E', error: { class: error.constructor, ...fields } };
    }
    return { frame, kind: 'E', error };
  });
}

/** How many frames a cold line runs before it completes or errors, if it does. */
function lifetimeOf(marbles: string): number {
  const end = TestScheduler.parseMarbles(marbles, undefined, undefined, false, true).find(
    ({ notification }) => notification.kind !== 'N',
  );
  // Outside TestScheduler.run a frame is frameTimeFactor units of time; inside it, one.
  return end === undefined ? Infinity : end.frame / TestScheduler.frameTimeFactor;
}

/** The subscriptions of a cold line, each cut off if it ended before the line completed or errored. */
function subscriptionsOf(
  observable: { readonly subscriptions: readonly { subscribedFrame: number; unsubscribedFrame: number }[] },
  marbles: string,
): Subscription[] {
  const lifetime = lifetimeOf(marbles);
  return observable.subscriptions.map(({ subscribedFrame, unsubscribedFrame }) => ({
    at: subscribedFrame,
    cutOff: unsubscribedFrame < subscribedFrame + lifetime,
  }));
}

/** Each letter of a line stands for itself, or for the named stream it emits. */
function lineValues(marbles: string, named: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [symbol] of marbles.matchAll(VALUE_SYMBOL)) values[symbol] = named[symbol] ?? symbol;
  return values;
}

/** One subscription to an input: when it starts, and whether it is torn down before the input completes. */
interface Subscription {
  readonly at: number;
  readonly cutOff: boolean;
}

/** An input as the diagram draws it, and as the operator subscribed to it. */
interface Subscribed {
  readonly label: string;
  readonly drawn: Subscription[];
  readonly actual: () => Subscription[];
}

/**
 * Runs a diagram in virtual time: its lines become cold observables, its operator box is called, and
 * what the call produces must be `outputMarbles` exactly. Returns where each input was subscribed.
 */
function runDiagram(diagram: MarbleDiagram, outputMarbles = diagram.output.marbles): Subscribed[] {
  const errorPattern = diagram.legend.find(({ symbol }) => symbol === '#');
  const errorFields =
    errorPattern === undefined ? [] : Object.keys((legendValue(errorPattern.text) as ErrorPattern).fields);
  const scheduler = boundActions(
    new TestScheduler((actual, expected) => {
      expect(comparable(actual, errorFields)).toEqual(comparable(expected, errorFields));
    }),
  );
  const subscribed: Subscribed[] = [];
  scheduler.run(({ cold, expectObservable }) => {
    const named: Record<string, ReturnType<typeof cold>> = {};
    for (const stream of diagram.innerStreams) named[stream.name!] = cold(stream.marbles);
    const scope: Record<string, unknown> = { ...LIBRARY };
    const inputs = diagram.inputs.map((line) => {
      const observable = cold(line.marbles, lineValues(line.marbles, named));
      scope[line.title!] = observable;
      subscribed.push({
        label: line.title!,
        drawn: [{ at: line.offset, cutOff: line.ghost }],
        actual: () => subscriptionsOf(observable, line.marbles),
      });
      const emitted = TestScheduler.parseMarbles(
        line.marbles,
        lineValues(line.marbles, {}),
        undefined,
        false,
        true,
      );
      for (const stream of diagram.innerStreams) {
        const drawn = emitted
          .filter(({ notification }) => notification.kind === 'N' && notification.value === stream.name)
          .map(({ frame }) => ({ at: line.offset + frame, cutOff: line.ghosts.includes(stream.name!) }));
        if (drawn.length === 0) continue;
        subscribed.push({
          label: stream.name!,
          drawn,
          actual: () => subscriptionsOf(named[stream.name!], stream.marbles),
        });
      }
      return observable;
    });

    const call = evaluate(parseExpression(diagram.operator), scope);
    let output: Observable<unknown>;
    if (isObservable(call)) {
      output = call;
    } else if (typeof call === 'function') {
      expect(inputs).toHaveLength(1);
      output = (call as (source: Observable<unknown>) => Observable<unknown>)(inputs[0]);
    } else {
      throw new TypeError(`${diagram.operator} is neither an operator nor an Observable`);
    }

    const expectedValues = lineValues(outputMarbles, {});
    for (const { symbol, text } of diagram.legend) expectedValues[symbol] = legendValue(text);
    expectObservable(output).toBe(outputMarbles, expectedValues, expectedValues['#']);
  });
  return subscribed;
}

/** The fenced blocks without a language in the JSDoc right above `export function name`. */
function jsdocDiagrams(file: string, name: string): string[][] {
  const source = readFileSync(join(__dirname, '..', file), 'utf8');
  const jsdoc = new RegExp(`/\\*\\*((?:(?!\\*/)[\\s\\S])*)\\*/\\s*export function ${name}\\b`).exec(source);
  if (jsdoc === null) throw new Error(`no JSDoc above export function ${name} in ${file}`);
  const lines = jsdoc[1].split('\n').map((line) => line.replace(/^\s*\* ?/, '').trimEnd());
  const blocks: string[][] = [];
  let fence: 'none' | 'diagram' | 'other' = 'none';
  for (const line of lines) {
    if (fence === 'none' && line.startsWith('```')) {
      fence = line === '```' ? 'diagram' : 'other';
      if (fence === 'diagram') blocks.push([]);
    } else if (line === '```') {
      fence = 'none';
    } else if (fence === 'diagram') {
      blocks[blocks.length - 1].push(line);
    }
  }
  return blocks;
}

const diagrams = loadDiagrams();

describe('marble diagrams (marbles/*.txt)', () => {
  it('are all read', () => {
    expect(diagrams.map(({ name }) => name)).toEqual(
      expect.arrayContaining([
        'completion-order',
        'deadline',
        'exact-deadline',
        'input-error',
        'settled',
        'concurrent',
        'empty-source',
        'fork-dictionary',
      ]),
    );
  });

  describe.each(diagrams.map((diagram) => [diagram.name, diagram] as const))('%s', (_name, diagram) => {
    it('produces exactly its output line', () => {
      runDiagram(diagram);
    });

    it('fails when its output line is one frame off', () => {
      expect(() => runDiagram(diagram, `-${diagram.output.marbles}`)).toThrow();
    });

    it('subscribes each input and source where it is drawn, and tears down early exactly the ones drawn as ghosts', () => {
      for (const { label, drawn, actual } of runDiagram(diagram)) {
        expect({ label, subscriptions: actual() }).toEqual({ label, subscriptions: drawn });
      }
    });
  });
});

describe('JSDoc diagrams', () => {
  it.each(Object.entries(JSDOC_SOURCES))(
    '%s carries the ASCII form of its marble sources (%s)',
    (name, file) => {
      const claimed = diagrams.filter(({ jsdoc }) => jsdoc.includes(name));
      expect(claimed.length).toBeGreaterThan(0);
      expect(jsdocDiagrams(file, name)).toEqual(claimed.map(toAscii));
    },
  );

  it('are claimed only for exports that carry them', () => {
    for (const { name, jsdoc } of diagrams) {
      for (const exported of jsdoc)
        expect({ name, exported, known: exported in JSDOC_SOURCES }).toEqual({ name, exported, known: true });
    }
  });
});

describe('parseDiagram', () => {
  it('reads named streams, inputs, the operator box, the output and the legend', () => {
    const diagram = parseDiagram(
      'example',
      [
        '% Words about it.',
        '% jsdoc: asCompleted',
        '% where # = AsCompletedTimeoutError { pending: [0] }',
        '',
        'a = --1|',
        '',
        '-a|',
        'title = source',
        '',
        '> asCompleted(3)',
        '',
        '---#',
        'title = output',
      ].join('\n'),
    );
    expect(diagram).toEqual({
      name: 'example',
      description: ['Words about it.'],
      jsdoc: ['asCompleted'],
      legend: [{ symbol: '#', text: 'AsCompletedTimeoutError { pending: [0] }' }],
      innerStreams: [{ name: 'a', title: null, marbles: '--1|', offset: 0, ghosts: [], ghost: false }],
      inputs: [{ name: null, title: 'source', marbles: '-a|', offset: 0, ghosts: [], ghost: false }],
      operator: 'asCompleted(3)',
      output: { name: null, title: 'output', marbles: '---#', offset: 0, ghosts: [], ghost: false },
    });
    expect(toAscii(diagram)).toEqual([
      'source:   -a|',
      'a:         --1|',
      '',
      '          asCompleted(3)',
      '',
      'output:   ---#',
      '',
      '# = AsCompletedTimeoutError { pending: [0] }',
    ]);
  });

  it('rejects a named stream in the block of another, which swirly would read as a setting', () => {
    expect(() => parseDiagram('x', 'a = -1|\nb = -2|\n\n-ab|\ntitle = s\n\n> asCompleted()\n\n-|')).toThrow(
      'marbles/x.txt: expected "title = ...", "ghosts = ...", "ghost = true" or a blank line before: b = -2|',
    );
  });

  it('reads "ghost = true" under an input line, and rejects it under a named stream or the output', () => {
    const fork = '-1|\ntitle = a\n\n--2|\ntitle = b\nghost = true\n\n> forkAsCompleted([a, b], 1)\n\n-#';
    expect(parseDiagram('x', fork).inputs.map(({ title, ghost }) => ({ title, ghost }))).toEqual([
      { title: 'a', ghost: false },
      { title: 'b', ghost: true },
    ]);
    expect(() =>
      parseDiagram('x', 'a = -1|\nghost = true\n\n-a|\ntitle = s\n\n> asCompleted()\n\n-|'),
    ).toThrow('ghosts belong on the line that emits them: a = -1|');
    expect(() => parseDiagram('x', '-1|\ntitle = a\n\n> forkAsCompleted([a])\n\n-1|\nghost = true')).toThrow(
      'the output line cannot be a ghost',
    );
  });

  it('rejects a hot line, a missing output and a legend entry that names nothing', () => {
    expect(() => parseDiagram('x', '-^a|\ntitle = s\n\n> asCompleted()\n\n-|')).toThrow("no '^'");
    expect(() => parseDiagram('x', '-a|\ntitle = s\n\n> asCompleted()')).toThrow('one output line');
    expect(() => parseDiagram('x', '% where B = 1\n-a|\ntitle = s\n\n> asCompleted()\n\n-a|')).toThrow(
      '"where B = ..." names nothing on the output line'.replace(' = ...', ''),
    );
  });
});
