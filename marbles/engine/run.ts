import { marbleFrames, type DiagramDraft, type MarbleLine } from './diagram';
import { evaluate, parseExpression, type Scope } from './expression';

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

/** How a run ended, when the driver had to stop it. */
export interface RunOutcome {
  /** The frame bound the run reached with work still scheduled: it would not have ended by itself. */
  readonly stoppedAt?: number;
}

/** How one generation of rxjs runs a marble diagram: its exports, and its virtual time. */
export interface DiagramDriver<O> {
  /** The entry under test: the exports a diagram's operator box and legend may name. */
  readonly entry: Scope;
  /**
   * Runs `body` in virtual time; `assertDeepEqual` receives what `expectObservable` recorded and what
   * it expected. Stops at `frameBound` frames when one is given.
   */
  run(
    assertDeepEqual: (actual: unknown, expected: unknown) => void,
    body: (kit: MarbleKit<O>) => void,
    frameBound?: number,
  ): void | RunOutcome | Promise<void | RunOutcome>;
}

/** A legend entry `# = SomeError { field: value }`: an error of that class whose listed fields are equal. */
export class ErrorPattern {
  constructor(
    readonly errorClass: unknown,
    readonly fields: Readonly<Record<string, unknown>>,
  ) {}
}

/**
 * The title of the line that stands for an `AbortSignal`: its first value aborts it, with that value
 * as the reason, and the operator box names it as `signal`.
 */
export const SIGNAL_TITLE = 'signal';

const ERROR_PATTERN = /^([A-Za-z_$][\w$]*)\s*(\{.*\})$/;

/** The error classes a legend may name besides the entry's own. */
export const STANDARD_ERRORS: Scope = { Error, TypeError, RangeError };

/** What a legend text stands for: a value, or an {@link ErrorPattern}. */
export function legendValue(text: string, entry: Scope): unknown {
  const scope = { ...STANDARD_ERRORS, ...entry };
  const pattern = ERROR_PATTERN.exec(text);
  if (pattern === null) return evaluate(parseExpression(text), scope);
  const fields = evaluate(parseExpression(pattern[2]), scope) as Record<string, unknown>;
  return new ErrorPattern(evaluate(parseExpression(pattern[1]), scope), fields);
}

/** The values of an output line: each letter stands for itself unless the legend says otherwise. */
export function outputValues(
  marbles: string,
  legend: DiagramDraft['legend'],
  entry: Scope,
): Record<string, unknown> {
  const values = lineValues(marbles, {});
  for (const { symbol, text } of legend) values[symbol] = legendValue(text, entry);
  return values;
}

/**
 * Each value character of a line stands for itself, or for the named stream it emits: any character
 * rxjs reads as a value (`é`, `$`, `.`), since a values object leaves out none it would read as undefined.
 */
function lineValues(marbles: string, named: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const { kind, symbol } of marbleFrames(marbles))
    if (kind === 'N')
      values[symbol] = Object.prototype.hasOwnProperty.call(named, symbol) ? named[symbol] : symbol;
  return values;
}

/** One subscription to an input: from when, until when (`Infinity` if never ended), and whether it ended before the input did. */
export interface Subscription {
  readonly at: number;
  readonly until: number;
  readonly cutOff: boolean;
}

/** An input as the diagram draws it, and as the operator subscribed to it. */
export interface SubscribedInput {
  /** A top-level line's title, or a named stream's name. */
  readonly label: string;
  readonly line: MarbleLine;
  /** Where the source draws it: a line at its offset, a named stream where a line emits it. */
  readonly drawn: readonly Omit<Subscription, 'until'>[];
  readonly actual: readonly Subscription[];
}

/** What running a diagram's operator box produced. */
export interface DiagramRun {
  /** The output's notifications, in frames. */
  readonly output: readonly MarbleMessage[];
  /** The top-level lines, then the named streams, in the order of the source. */
  readonly inputs: readonly SubscribedInput[];
  /** Whether the operator box made an Observable itself (a creation function) rather than an operator. */
  readonly creation: boolean;
  /** For an operator, the symbols its source line emits, in order: the inputs, as the records' `index` counts them. */
  readonly sourceSymbols: readonly string[];
  /** Set when the run reached the frame bound with work still scheduled. */
  readonly stoppedAt: number | null;
}

export interface RunOptions {
  /** The output line the run must produce; without it, the run only records what it produces. */
  readonly expected?: string;
  /** Compares what the output produced with what `expected` says, as `TestScheduler` does. */
  readonly assertDeepEqual?: (actual: unknown, expected: unknown) => void;
  /** Stops a run that has not ended by this frame. */
  readonly frameBound?: number;
}

/**
 * Runs a diagram in virtual time: its lines become cold observables, its operator box is called,
 * and what the call produces is recorded, and checked against `options.expected` when given.
 */
export async function runDiagram<O>(
  driver: DiagramDriver<O>,
  diagram: DiagramDraft,
  options: RunOptions = {},
): Promise<DiagramRun> {
  const { entry } = driver;
  const { expected, assertDeepEqual, frameBound } = options;
  let output: readonly MarbleMessage[] = [];
  let creation = false;
  let sourceSymbols: string[] = [];
  const readers: (() => SubscribedInput)[] = [];
  const outcome = await driver.run(
    (actual, expectedMessages) => {
      output = actual as MarbleMessage[];
      assertDeepEqual?.(actual, expectedMessages);
    },
    ({ cold, parse, isObservable, expectObservable }) => {
      /** The subscriptions of a cold line, read once the run is over. */
      const subscriptionsOf = (observable: ColdLike, marbles: string): (() => Subscription[]) => {
        const end = parse(marbles).find(({ notification }) => notification.kind !== 'N');
        const lifetime = end === undefined ? Infinity : end.frame;
        return () =>
          observable.subscriptions.map(({ subscribedFrame, unsubscribedFrame }) => ({
            at: subscribedFrame,
            until: unsubscribedFrame,
            cutOff: unsubscribedFrame < subscribedFrame + lifetime,
          }));
      };
      const named: Record<string, O & ColdLike> = {};
      for (const stream of diagram.innerStreams) named[stream.name!] = cold(stream.marbles);
      const scope: Record<string, unknown> = { ...entry };
      const inputs: O[] = [];
      const sourceLines = diagram.inputs.filter(({ title }) => title !== SIGNAL_TITLE);
      for (const line of diagram.inputs) {
        const observable = cold(line.marbles, lineValues(line.marbles, named));
        const actual = subscriptionsOf(observable, line.marbles);
        readers.push(() => ({
          label: line.title!,
          line,
          drawn: [{ at: line.offset, cutOff: line.ghost }],
          actual: actual(),
        }));
        if (line.title !== SIGNAL_TITLE) {
          scope[line.title!] = observable;
          inputs.push(observable);
          continue;
        }
        if (line.offset > 0)
          throw new TypeError(
            `the ${SIGNAL_TITLE} line starts at frame 0: draw its abort with frames, not spaces`,
          );
        // The diagram itself listens to the signal line from the start, as the app holding the controller.
        const controller = new AbortController();
        scope[SIGNAL_TITLE] = controller.signal;
        (observable as unknown as { subscribe(next: (value: unknown) => void): unknown }).subscribe(
          (reason) => controller.abort(reason),
        );
      }
      diagram.innerStreams.forEach((stream) => {
        const drawn = diagram.inputs.flatMap((line) =>
          parse(line.marbles, lineValues(line.marbles, {}))
            .filter(({ notification }) => notification.kind === 'N' && notification.value === stream.name)
            .map(({ frame }) => ({ at: line.offset + frame, cutOff: line.ghosts.includes(stream.name!) })),
        );
        const actual = subscriptionsOf(named[stream.name!], stream.marbles);
        readers.push(() => ({ label: stream.name!, line: stream, drawn, actual: actual() }));
      });

      if (diagram.operator === '')
        throw Object.assign(
          new SyntaxError(
            'the operator line holds the call under test: write it after ">", as in "> asCompleted(10)"',
          ),
          { offset: 0 },
        );
      const expression = parseExpression(diagram.operator);
      if (expression.kind === 'identifier' && typeof scope[expression.name] === 'function') {
        const example = expression.name.startsWith('fork')
          ? `${expression.name}([${inputs.length > 0 ? sourceLines.map(({ title }) => title).join(', ') : 'a, b'}], 10)`
          : `${expression.name}(10)`;
        throw Object.assign(
          new TypeError(`${expression.name} is a function: call it, as in "> ${example}"`),
          { offset: 0 },
        );
      }
      const call = evaluate(expression, scope);
      let result: O;
      if (isObservable(call)) {
        result = call;
        creation = true;
      } else if (typeof call === 'function') {
        if (inputs.length !== 1)
          throw new TypeError(
            `${diagram.operator} is an operator: it takes one input line, the source, not ${inputs.length}`,
          );
        sourceSymbols = parse(sourceLines[0].marbles, lineValues(sourceLines[0].marbles, {}))
          .filter(({ notification }) => notification.kind === 'N')
          .map(({ notification }) => String(notification.value));
        result = (call as (source: O) => O)(inputs[0]);
      } else {
        throw new TypeError(`${diagram.operator} is neither an operator nor an Observable`);
      }

      if (expected === undefined) {
        expectObservable(result).toBe('');
      } else {
        const values = outputValues(expected, diagram.legend, entry);
        expectObservable(result).toBe(expected, values, values['#']);
      }
    },
    frameBound,
  );
  return {
    output,
    inputs: readers.map((read) => read()),
    creation,
    sourceSymbols,
    stoppedAt: (outcome ?? {}).stoppedAt ?? null,
  };
}
