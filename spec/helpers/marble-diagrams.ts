import { readFileSync } from 'fs';
import { join } from 'path';
import { loadDiagrams, toAscii, type MarbleDiagram } from '../../marbles/diagram';
import { evaluate, parseExpression, type Scope } from '../../marbles/expression';

/** A parsed marble frame, as rxjs 7's TestScheduler and @rxjs/test both give it. */
export interface MarbleMessage {
  readonly frame: number;
  readonly notification: { readonly kind: string; readonly value?: unknown; readonly error?: unknown };
}

/** A cold test Observable: where it was subscribed and unsubscribed (`Infinity` while subscribed). */
export interface ColdLike {
  readonly subscriptions: readonly { readonly subscribedFrame: number; readonly unsubscribedFrame: number }[];
}

/** What a diagram run needs from a generation's marble testing kit, inside its virtual time. */
export interface MarbleKit<O> {
  readonly cold: (marbles: string, values?: Readonly<Record<string, unknown>>) => O & ColdLike;
  /** The frames of a marble line, from 0, without making a stream of it. */
  readonly parse: (marbles: string, values?: Readonly<Record<string, unknown>>) => readonly MarbleMessage[];
  readonly isObservable: (value: unknown) => value is O;
  readonly expectObservable: (output: O) => { toBe(marbles: string, values?: object, error?: unknown): void };
}

/** How one generation of rxjs runs a marble diagram: its exports, and its virtual time. */
export interface DiagramDriver<O> {
  /** The entry under test: the exports a diagram's operator box and legend may name. */
  readonly entry: Scope;
  /** The folder of the entry's sources, whose JSDoc carries the diagrams in ASCII: `src` or `src/rxjs9`. */
  readonly sources: string;
  /** Runs `body` in virtual time; `assertDeepEqual` compares what `expectObservable` recorded with what it expected. */
  run(
    assertDeepEqual: (actual: unknown, expected: unknown) => void,
    body: (kit: MarbleKit<O>) => void,
  ): void | Promise<void>;
}

/** A legend entry `# = SomeError { field: value }`: an error of that class whose listed fields are equal. */
class ErrorPattern {
  constructor(
    readonly errorClass: unknown,
    readonly fields: Readonly<Record<string, unknown>>,
  ) {}
}

const ERROR_PATTERN = /^([A-Za-z_$][\w$]*)\s*(\{.*\})$/;
const VALUE_SYMBOL = /[A-Za-z0-9]/g;

function legendValue(text: string, library: Scope): unknown {
  const pattern = ERROR_PATTERN.exec(text);
  if (pattern === null) return evaluate(parseExpression(text), library);
  const fields = evaluate(parseExpression(pattern[2]), library) as Record<string, unknown>;
  return new ErrorPattern(evaluate(parseExpression(pattern[1]), library), fields);
}

/** Errors compared by class and the fields the legend lists, so a message wording change is not a diagram change. */
function comparable(messages: unknown, errorFields: readonly string[]): unknown {
  return (messages as MarbleMessage[]).map(({ frame, notification }) => {
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
async function runDiagram<O>(
  driver: DiagramDriver<O>,
  diagram: MarbleDiagram,
  outputMarbles = diagram.output.marbles,
): Promise<Subscribed[]> {
  const library = driver.entry;
  const errorPattern = diagram.legend.find(({ symbol }) => symbol === '#');
  const errorFields =
    errorPattern === undefined
      ? []
      : Object.keys((legendValue(errorPattern.text, library) as ErrorPattern).fields);
  const subscribed: Subscribed[] = [];
  const assertDeepEqual = (actual: unknown, expected: unknown): void => {
    expect(comparable(actual, errorFields)).toEqual(comparable(expected, errorFields));
  };
  await driver.run(assertDeepEqual, ({ cold, parse, isObservable, expectObservable }) => {
    /**
     * The subscriptions of a cold line, read once the run is over, each cut off if it ended before the
     * line completed or errored. The line's lifetime is parsed now, in the run's frames.
     */
    const subscriptionsOf = (observable: ColdLike, marbles: string): (() => Subscription[]) => {
      const end = parse(marbles).find(({ notification }) => notification.kind !== 'N');
      const lifetime = end === undefined ? Infinity : end.frame;
      return () =>
        observable.subscriptions.map(({ subscribedFrame, unsubscribedFrame }) => ({
          at: subscribedFrame,
          cutOff: unsubscribedFrame < subscribedFrame + lifetime,
        }));
    };
    const named: Record<string, O & ColdLike> = {};
    for (const stream of diagram.innerStreams) named[stream.name!] = cold(stream.marbles);
    const scope: Record<string, unknown> = { ...library };
    const inputs = diagram.inputs.map((line) => {
      const observable = cold(line.marbles, lineValues(line.marbles, named));
      scope[line.title!] = observable;
      subscribed.push({
        label: line.title!,
        drawn: [{ at: line.offset, cutOff: line.ghost }],
        actual: subscriptionsOf(observable, line.marbles),
      });
      const emitted = parse(line.marbles, lineValues(line.marbles, {}));
      for (const stream of diagram.innerStreams) {
        const drawn = emitted
          .filter(({ notification }) => notification.kind === 'N' && notification.value === stream.name)
          .map(({ frame }) => ({ at: line.offset + frame, cutOff: line.ghosts.includes(stream.name!) }));
        if (drawn.length === 0) continue;
        subscribed.push({
          label: stream.name!,
          drawn,
          actual: subscriptionsOf(named[stream.name!], stream.marbles),
        });
      }
      return observable;
    });

    const call = evaluate(parseExpression(diagram.operator), scope);
    let output: O;
    if (isObservable(call)) {
      output = call;
    } else if (typeof call === 'function') {
      expect(inputs).toHaveLength(1);
      output = (call as (source: O) => O)(inputs[0]);
    } else {
      throw new TypeError(`${diagram.operator} is neither an operator nor an Observable`);
    }

    const expectedValues = lineValues(outputMarbles, {});
    for (const { symbol, text } of diagram.legend) expectedValues[symbol] = legendValue(text, library);
    expectObservable(output).toBe(outputMarbles, expectedValues, expectedValues['#']);
  });
  return subscribed;
}

/** The fenced blocks without a language in the JSDoc right above `export function name`. */
function jsdocDiagrams(file: string, name: string): string[][] {
  const source = readFileSync(join(__dirname, '..', '..', file), 'utf8');
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

/** The exports whose JSDoc carries ASCII diagrams, and the file of the entry's sources that JSDoc is in. */
const JSDOC_FILES: Readonly<Record<string, string>> = {
  asCompleted: 'as-completed.ts',
  asCompletedSettled: 'as-completed-settled.ts',
  forkAsCompleted: 'fork-as-completed.ts',
  forkAsCompletedSettled: 'fork-as-completed.ts',
};

/** The marble diagram specs of one generation: every source in marbles/, and the JSDoc that carries them. */
export function describeDiagrams<O>(driver: DiagramDriver<O>): void {
  const diagrams = loadDiagrams();
  const jsdocSources = Object.fromEntries(
    Object.entries(JSDOC_FILES).map(([name, file]) => [name, `${driver.sources}/${file}`]),
  );

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
      it('produces exactly its output line', async () => {
        await runDiagram(driver, diagram);
      });

      it('fails when its output line is one frame off', async () => {
        await expect(runDiagram(driver, diagram, `-${diagram.output.marbles}`)).rejects.toThrow();
      });

      it('subscribes each input where it is drawn, and tears down early exactly the ones drawn as ghosts', async () => {
        for (const { label, drawn, actual } of await runDiagram(driver, diagram)) {
          expect({ label, subscriptions: actual() }).toEqual({ label, subscriptions: drawn });
        }
      });
    });
  });

  describe('JSDoc diagrams', () => {
    it.each(Object.entries(jsdocSources))(
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
          expect({ name, exported, known: exported in jsdocSources }).toEqual({
            name,
            exported,
            known: true,
          });
      }
    });
  });
}
