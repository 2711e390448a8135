import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { inspect } from 'node:util';
import { config, UnsubscriptionError } from 'rxjs';
import ts from 'typescript';
import type { values } from '../../src/core/flavours';
import type { operate } from '../../src/operate';

const src = join(__dirname, '..', '..', 'src');

/** The modules a delivery runs through, from the source's `next` to the subscriber's, by path in src/. */
const INSTRUMENTED = ['operate', 'core/run', 'core/flavours'];

/** The operator's own modules, loaded again with a call to a probe before each statement. */
export interface Instrumented {
  readonly operate: typeof operate;
  readonly values: typeof values;
  /** Where each probe is: `file:line: statement`, by the number the probe is called with. */
  readonly sites: readonly string[];
}

/**
 * Loads the modules a delivery runs through with `probe(site)` called before each of their statements
 * and as the first step of each arrow function's expression body, as coverage and mutation tools
 * instrument code (a call where the source has none). A probe that throws a `RangeError` stands for the
 * stack running out at that statement. The other modules, rxjs among them, are the suite's own.
 */
export function instrument(probe: (site: number) => void): Instrumented {
  const sites: string[] = [];
  const loaded = new Map<string, Record<string, unknown>>();
  const load = (name: string): Record<string, unknown> => {
    const cached = loaded.get(name);
    if (cached) return cached;
    const exports: Record<string, unknown> = {};
    loaded.set(name, exports);
    const code = transpile(join(src, `${name}.ts`), sites);
    const requireFrom = (id: string): unknown => {
      if (!id.startsWith('.')) return jest.requireActual(id);
      const target = join(dirname(name), id.replace(/\.js$/, '')).split('\\').join('/');
      return INSTRUMENTED.includes(target) ? load(target) : jest.requireActual(join(src, target));
    };
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the operator's own code, run in the suite's realm and with its modules
    const evaluate = new Function('exports', 'require', 'module', '__probe', code) as (
      exports: unknown,
      require: (id: string) => unknown,
      module: unknown,
      probe: (site: number) => void,
    ) => void;
    evaluate(exports, requireFrom, { exports }, probe);
    return exports;
  };
  return {
    operate: load('operate').operate as typeof operate,
    values: load('core/flavours').values as typeof values,
    sites,
  };
}

/** A module as CommonJS, with the probes; each site's place is added to `sites`. */
function transpile(file: string, sites: string[]): string {
  const text = readFileSync(file, 'utf8');
  const probes: ts.TransformerFactory<ts.SourceFile> = (context) => (sourceFile) => {
    const { factory } = context;
    const probeBefore = (node: ts.Node): ts.Expression => {
      const { line } = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile));
      const statement = node.getText(sourceFile).split('\n')[0];
      sites.push(`${file.slice(src.length + 1)}:${line + 1}: ${statement}`);
      return factory.createCallExpression(factory.createIdentifier('__probe'), undefined, [
        factory.createNumericLiteral(sites.length - 1),
      ]);
    };
    const visit = (node: ts.Node): ts.Node => {
      // A constructor keeps `super()` first; these only store their arguments.
      if (ts.isConstructorDeclaration(node)) return node;
      // A mutation tool's own helpers (StrykerJS names them stry…), met in these files under `npm run mutate`.
      if (ts.isFunctionDeclaration(node) && node.name?.text.startsWith('stry')) return node;
      if (ts.isBlock(node)) {
        const placed = node.statements.map(probeBefore);
        const visited = ts.visitEachChild(node, visit, context);
        return factory.updateBlock(
          visited,
          visited.statements.flatMap((statement, i) => [
            factory.createExpressionStatement(placed[i]),
            statement,
          ]),
        );
      }
      if (ts.isArrowFunction(node) && !ts.isBlock(node.body)) {
        const placed = probeBefore(node.body);
        const visited = ts.visitEachChild(node, visit, context);
        return factory.updateArrowFunction(
          visited,
          visited.modifiers,
          visited.typeParameters,
          visited.parameters,
          visited.type,
          visited.equalsGreaterThanToken,
          factory.createParenthesizedExpression(
            factory.createCommaListExpression([placed, visited.body as ts.Expression]),
          ),
        );
      }
      return ts.visitEachChild(node, visit, context);
    };
    return ts.visitNode(sourceFile, visit) as ts.SourceFile;
  };
  return ts.transpileModule(text, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020 },
    fileName: file,
    transformers: { before: [probes] },
  }).outputText;
}

/**
 * Whether `error` is a stack overflow: a `RangeError` (of any realm: Node's own functions throw their
 * realm's), rxjs's `UnsubscriptionError` of overflows (the stack ran out in a finalizer), or an error
 * caused by one (the operator's error for an input that `from` could not take, when `from` overflowed).
 */
export function isOverflow(error: unknown): boolean {
  if (error instanceof UnsubscriptionError) return error.errors.length > 0 && error.errors.every(isOverflow);
  if (typeof error !== 'object' || error === null) return false;
  const { name, cause } = error as { name?: unknown; cause?: unknown };
  return name === 'RangeError' || (cause !== undefined && isOverflow(cause));
}

/**
 * How an overflow was seen: the output's `error`; rxjs's report of what nobody can catch
 * (`config.onUnhandledError`); thrown to whoever called `subscribe` or the source's `next`; only
 * `config.onStoppedNotification`, which rxjs leaves unset (a notification after the output stopped,
 * swallowed unless an app sets it); or nowhere. An error that is no overflow is named.
 */
export type Outcome =
  'errored' | 'reported' | 'thrown' | 'stopped only' | 'silent' | `not an overflow: ${string}`;

/** What the channels of one run received. */
export interface Channels {
  readonly errored: unknown[];
  readonly reported: unknown[];
  readonly thrown: unknown[];
  readonly stopped: unknown[];
}

/** The timers `capture` puts in place of the host's. */
const TIMERS = ['setTimeout', 'setInterval', 'clearTimeout', 'clearInterval'] as const;

/**
 * Runs `scenario` with rxjs's report channels captured, then what it scheduled for now (rxjs reports
 * from a timer): nothing later, such as a deadline. Its timers are queued by timers of its own, which a
 * stack overflow cannot leave half-updated: each is one `push`, done or not. Node's timers and Jest's
 * fake ones keep lists in JavaScript that an overflow can stop halfway through (runs of these specs on
 * them waited for a timer that never fired, and looped forever).
 */
export function capture(scenario: (channels: Channels) => void): Channels {
  const channels: Channels = { errored: [], reported: [], thrown: [], stopped: [] };
  const queue: { readonly run: () => void; readonly delay: number; cancelled: boolean }[] = [];
  const host = globalThis as unknown as Record<(typeof TIMERS)[number], unknown>;
  const saved = TIMERS.map((name) => host[name]);
  const schedule = (handler: (...args: unknown[]) => void, delay = 0, ...args: unknown[]): number =>
    queue.push({ run: () => handler(...args), delay, cancelled: false });
  const cancel = (id: unknown): void => {
    if (typeof id === 'number' && id > 0 && id <= queue.length) queue[id - 1].cancelled = true;
  };
  const { onUnhandledError, onStoppedNotification } = config;
  host.setTimeout = host.setInterval = schedule;
  host.clearTimeout = host.clearInterval = cancel;
  config.onUnhandledError = (error) => channels.reported.push(error);
  config.onStoppedNotification = (notification) => {
    if (notification.kind === 'E') channels.stopped.push(notification.error);
  };
  try {
    try {
      scenario(channels);
    } catch (error) {
      channels.thrown.push(error);
    }
    // Each timer runs once: rxjs's repeating ones (its scheduler's) cancel themselves once done.
    const scheduled = queue.length;
    for (let i = 0; i < queue.length; i++) {
      if (i === scheduled + 1000) throw new Error('capture: a scenario that keeps scheduling');
      const timer = queue[i];
      if (timer.cancelled || timer.delay > 1) continue;
      timer.cancelled = true;
      timer.run();
    }
  } finally {
    TIMERS.forEach((name, i) => (host[name] = saved[i]));
    config.onUnhandledError = onUnhandledError;
    config.onStoppedNotification = onStoppedNotification;
  }
  return channels;
}

/** The first channel that saw an overflow; a channel that saw anything else is a failure of its own. */
export function outcomeOf({ errored, reported, thrown, stopped }: Channels): Outcome {
  const other = [...errored, ...reported, ...thrown, ...stopped].find((error) => !isOverflow(error));
  if (other !== undefined) return `not an overflow: ${inspect(other)}`;
  if (errored.length > 0) return 'errored';
  if (reported.length > 0) return 'reported';
  if (thrown.length > 0) return 'thrown';
  return stopped.length > 0 ? 'stopped only' : 'silent';
}
