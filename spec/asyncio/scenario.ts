import { readFileSync } from 'fs';
import { join } from 'path';
import type { SettledRecord } from '../../src/core/settled';

/** One input of a scenario, as `spec/asyncio/record.py` describes it; each maps to one marble line. */
export type InputSpec =
  | { readonly at: number; readonly value: string }
  | { readonly at: number; readonly error: string }
  | { readonly done: true; readonly value: string }
  | { readonly done: true; readonly error: string }
  | { readonly never: true }
  | { readonly sameAs: number };

/** What one `await` of the asyncio iterator gave, `t` frames after the call. */
export type AsyncioRecord =
  | { readonly t: number; readonly index: number; readonly value: string }
  | { readonly t: number; readonly index: number; readonly error: string }
  | { readonly t: number; readonly timeout: true };

export interface Scenario {
  readonly name: string;
  readonly timeout: number | null;
  /** The frame of the first `next()` (asyncio) and of the subscription (ours); 0 unless said. */
  readonly start?: number;
  /** Set on scenarios that hold for some Python versions only, e.g. `<3.13`. */
  readonly python?: string;
  readonly inputs: readonly InputSpec[];
  readonly asyncio: {
    readonly records: readonly AsyncioRecord[];
    readonly end: { readonly t: number; readonly state: 'exhausted' | 'hangs' };
  };
}

export interface Fixture {
  readonly corpus: string;
  readonly python: { readonly implementation: string; readonly version: string };
  readonly seed?: number;
  readonly scenarios: readonly Scenario[];
}

export function loadFixture(corpus: string): Fixture {
  return JSON.parse(readFileSync(join(__dirname, 'fixtures', `${corpus}.json`), 'utf8')) as Fixture;
}

/** The error an input fails with; `index` says whose it is, so the replay can tell errors apart. */
export class ScenarioError extends Error {
  constructor(
    readonly index: number,
    readonly label: string,
  ) {
    super(label);
    this.name = 'ScenarioError';
  }
}

/** The frame of the first `next()` (asyncio) and of the subscription (ours). */
export const startOf = (scenario: Scenario): number => scenario.start ?? 0;

/** The input an index stands for: asyncio's `set()` makes `sameAs` inputs one future. */
const originalOf = (scenario: Scenario, index: number): number => {
  const spec = scenario.inputs[index];
  return 'sameAs' in spec ? spec.sameAs : index;
};

/** Finished before iteration began: a done future in asyncio, a synchronous input for us. */
const isAlreadyFinished = (scenario: Scenario, spec: InputSpec): boolean =>
  'done' in spec || ('at' in spec && spec.at < startOf(scenario));

// ---------------------------------------------------------------------------------------------
// Marbles

export function inputMarble(scenario: Scenario, index: number): string {
  const spec = scenario.inputs[index];
  if ('sameAs' in spec) return `the same future as input ${spec.sameAs}`;
  if ('never' in spec) return '-';
  if ('done' in spec) return 'value' in spec ? `of('${spec.value}')` : `throwError(() => ${spec.error})`;
  const lead = '-'.repeat(spec.at);
  return 'value' in spec ? `${lead}(${spec.value}|)` : `${lead}#  (${spec.error})`;
}

interface Mark {
  readonly frame: number;
  readonly token: string;
}

/** Marbles for marks at exact frames; null when a group's width overlaps the next frame. */
export function marbles(marks: readonly Mark[]): string | null {
  const frames = new Map<number, string[]>();
  for (const { frame, token } of marks) frames.set(frame, [...(frames.get(frame) ?? []), token]);
  let text = '';
  let cursor = 0;
  for (const frame of [...frames.keys()].sort((a, b) => a - b)) {
    const tokens = frames.get(frame)!;
    const group = tokens.length === 1 ? tokens[0] : `(${tokens.join('')})`;
    const gap = frame - cursor;
    if (gap < 0) return null;
    text += gap > 40 ? `${text === '' ? '' : ' '}${gap}ms ` : '-'.repeat(gap);
    text += group;
    cursor = frame + group.length;
  }
  return text;
}

function describeScenario(scenario: Scenario, python: string): string {
  const lines = [
    `scenario "${scenario.name}", recorded by ${python}`,
    `  timeout: ${scenario.timeout === null ? 'none' : scenario.timeout}` +
      (startOf(scenario) > 0 ? `; iteration (subscription) starts at frame ${startOf(scenario)}` : ''),
  ];
  scenario.inputs.forEach((_, index) => lines.push(`  input ${index}: ${inputMarble(scenario, index)}`));
  const trace = scenario.asyncio.records.map((record) =>
    'timeout' in record
      ? `${record.t}: TimeoutError`
      : 'value' in record
        ? `${record.t}: ${record.value} (input ${record.index})`
        : `${record.t}: error ${record.error} (input ${record.index})`,
  );
  const { end } = scenario.asyncio;
  trace.push(end.state === 'exhausted' ? `${end.t}: iterator exhausted` : `${end.t}: waits forever`);
  lines.push(`  asyncio awaits gave: ${trace.join(' | ')}`);
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------
// Replaying a scenario against our operators

export type Notification =
  | { readonly frame: number; readonly kind: 'N'; readonly value: unknown }
  | { readonly frame: number; readonly kind: 'E'; readonly error: unknown }
  | { readonly frame: number; readonly kind: 'C' };

/** The AsCompletedTimeoutError of the entry under test: each rxjs generation has its own class. */
export type TimeoutErrorClass = new (
  pending: readonly number[],
  emitted: number,
  deadline: number,
  timeout: number,
) => Error & { readonly pending: readonly number[] };

/** What a generation of rxjs makes a scenario's inputs of, inside its virtual time. */
export interface InputKit<I> {
  /** A cold Observable of these marbles, in the test's virtual time. */
  cold(marbles: string, values?: Readonly<Record<string, string>>, error?: unknown): I;
  /** An input that emits `value` and completes synchronously, as `of(value)`. */
  synchronous(value: string): I;
  /** An input that errors synchronously, as `throwError(() => error)`. */
  failing(error: unknown): I;
  /** An input that never emits, as `NEVER`. */
  never(): I;
}

/** The scenario's inputs, as the source will emit them; a `sameAs` input is the very same Observable. */
export function scenarioInputs<I>(scenario: Scenario, kit: InputKit<I>): I[] {
  const start = startOf(scenario);
  const inputs: I[] = [];
  scenario.inputs.forEach((spec, index) => {
    if ('sameAs' in spec) {
      inputs.push(inputs[spec.sameAs]);
    } else if ('never' in spec) {
      inputs.push(kit.never());
    } else {
      const failure = 'error' in spec ? new ScenarioError(index, spec.error) : null;
      if (isAlreadyFinished(scenario, spec)) {
        inputs.push('value' in spec ? kit.synchronous(spec.value) : kit.failing(failure));
      } else if ('at' in spec) {
        const lead = spec.at - start > 0 ? `${spec.at - start}ms ` : '';
        inputs.push(
          'value' in spec
            ? kit.cold(`${lead}(v|)`, { v: spec.value })
            : kit.cold(`${lead}#`, undefined, failure),
        );
      }
    }
  });
  return inputs;
}

/** An observer that records every notification with the frame `now()` gives. */
export function recording(notifications: Notification[], now: () => number) {
  return {
    next: (value: unknown) => notifications.push({ frame: now(), kind: 'N', value }),
    error: (error: unknown) => notifications.push({ frame: now(), kind: 'E', error }),
    complete: () => notifications.push({ frame: now(), kind: 'C' }),
  };
}

interface GroupItem {
  readonly index: number;
  readonly value?: string;
  readonly error?: string;
}

/** A run of asyncio records that asyncio itself may give in any order: one frame, one kind of origin. */
interface Group {
  readonly t: number;
  readonly timeout: boolean;
  /** Input indices, ours: a de-duplicated future stands for each of its inputs. */
  items: GroupItem[];
  /** How many TimeoutErrors asyncio raised (timeout groups). */
  timeouts: number;
}

function groupsOf(scenario: Scenario): Group[] {
  const groups: Group[] = [];
  const rank = (record: AsyncioRecord): number =>
    'timeout' in record ? 2 : isAlreadyFinished(scenario, scenario.inputs[record.index]) ? 0 : 1;
  let key = '';
  for (const record of scenario.asyncio.records) {
    const recordKey = `${record.t}/${rank(record)}`;
    if (recordKey !== key) {
      groups.push({ t: record.t, timeout: 'timeout' in record, items: [], timeouts: 0 });
      key = recordKey;
    }
    const group = groups[groups.length - 1];
    if ('timeout' in record) {
      group.timeouts++;
      continue;
    }
    scenario.inputs.forEach((_, index) => {
      if (originalOf(scenario, index) !== record.index) return;
      group.items.push('value' in record ? { index, value: record.value } : { index, error: record.error });
    });
  }
  return groups;
}

/** Inputs asyncio had not yielded when it timed out; checks that it raised one TimeoutError per pending future. */
function pendingAtTimeout(scenario: Scenario, groups: readonly Group[], upTo: number): number[] | string {
  const yielded = new Set(groups.slice(0, upTo).flatMap((group) => group.items.map((item) => item.index)));
  const pending = scenario.inputs.map((_, index) => index).filter((index) => !yielded.has(index));
  const pendingFutures = new Set(pending.map((index) => originalOf(scenario, index)));
  if (groups[upTo].timeouts !== pendingFutures.size) {
    return `asyncio raised ${groups[upTo].timeouts} TimeoutErrors for ${pendingFutures.size} pending futures`;
  }
  return pending;
}

function show(value: unknown, AsCompletedTimeoutError: TimeoutErrorClass): string {
  if (value instanceof ScenarioError) return `ScenarioError(${value.label}, input ${value.index})`;
  if (value instanceof AsCompletedTimeoutError)
    return `AsCompletedTimeoutError(pending [${value.pending.join(', ')}])`;
  if (typeof value === 'object' && value !== null && 'status' in value) {
    const {
      index,
      status,
      value: result,
      error,
    } = value as { index: number; status: string; value?: unknown; error?: unknown };
    if (status === 'fulfilled') return `{${index} fulfilled ${show(result, AsCompletedTimeoutError)}}`;
    return status === 'rejected'
      ? `{${index} rejected ${show(error, AsCompletedTimeoutError)}}`
      : `{${index} ${status}}`;
  }
  return JSON.stringify(value) ?? String(value);
}

function describeNotifications(
  notifications: readonly Notification[],
  token: (n: Notification) => string,
  AsCompletedTimeoutError: TimeoutErrorClass,
): string {
  const showValue = (value: unknown): string => show(value, AsCompletedTimeoutError);
  const line = marbles(notifications.map((n) => ({ frame: n.frame, token: token(n) })));
  const list = notifications
    .map(
      (n) =>
        `${n.frame}: ${n.kind === 'N' ? showValue(n.value) : n.kind === 'E' ? `error ${showValue(n.error)}` : 'complete'}`,
    )
    .join(' | ');
  return `${line ?? '(no exact marble: groups overlap)'}    ${list || 'nothing'}`;
}

/** Takes items of `group` out of `left` matching `matches`; false when none is left. */
function takeMatching<T>(left: T[], matches: (item: T) => boolean): boolean {
  const at = left.findIndex(matches);
  if (at < 0) return false;
  left.splice(at, 1);
  return true;
}

/**
 * Checks `asCompleted` against the asyncio records: up to and including the first error or
 * timeout, at their exact frames, then that error, or completion where asyncio's iterator ran out.
 * Within a group asyncio's order is not defined, so any order of the group's values is accepted,
 * and an error group accepts any of its values, then any of its errors.
 */
function asCompletedMismatch(
  scenario: Scenario,
  actual: readonly Notification[],
  AsCompletedTimeoutError: TimeoutErrorClass,
): string | null {
  const groups = groupsOf(scenario);
  let next = 0;
  for (let g = 0; g < groups.length; g++) {
    const group = groups[g];
    if (group.timeout) {
      const pending = pendingAtTimeout(scenario, groups, g);
      if (typeof pending === 'string') return pending;
      const n = actual[next];
      if (
        n?.kind !== 'E' ||
        n.frame !== group.t ||
        !(n.error instanceof AsCompletedTimeoutError) ||
        n.error.pending.join() !== pending.join()
      ) {
        return `expected AsCompletedTimeoutError(pending [${pending.join(', ')}]) at frame ${group.t}`;
      }
      return actual.length === next + 1 ? null : 'notifications after the timeout error';
    }
    const values = group.items.filter((item) => item.error === undefined);
    const errors = group.items.filter((item) => item.error !== undefined);
    const left = [...values];
    while (actual[next]?.kind === 'N' && actual[next].frame === group.t && left.length > 0) {
      const n = actual[next] as { value: unknown };
      if (!takeMatching(left, (item) => item.value === n.value)) {
        return `value ${show(n.value, AsCompletedTimeoutError)} at frame ${group.t} is not one asyncio gave on that frame`;
      }
      next++;
    }
    if (errors.length === 0) {
      if (left.length > 0) {
        return `expected ${left.map((item) => item.value).join(', ')} at frame ${group.t}`;
      }
      continue;
    }
    const n = actual[next];
    const errorIndices = errors.map((item) => originalOf(scenario, item.index));
    if (
      n?.kind !== 'E' ||
      n.frame !== group.t ||
      !(n.error instanceof ScenarioError) ||
      !errorIndices.includes(n.error.index)
    ) {
      return `expected the error of input ${errorIndices.join(' or ')} at frame ${group.t}`;
    }
    return actual.length === next + 1 ? null : 'notifications after the error';
  }
  const { end } = scenario.asyncio;
  if (end.state === 'hangs') {
    return actual.length === next ? null : 'expected nothing more: asyncio waits forever';
  }
  const n = actual[next];
  if (n?.kind !== 'C' || n.frame !== end.t) return `expected completion at frame ${end.t}`;
  return actual.length === next + 1 ? null : 'notifications after completion';
}

const recordKey = (record: unknown, AsCompletedTimeoutError: TimeoutErrorClass): string => {
  const { index, status, value, error } = record as {
    index: number;
    status: string;
    value?: string;
    error?: unknown;
  };
  if (status === 'fulfilled') return `${index}:fulfilled:${String(value)}`;
  if (status === 'rejected') {
    return `${index}:rejected:${error instanceof ScenarioError ? `${error.label}@${error.index}` : show(error, AsCompletedTimeoutError)}`;
  }
  return `${index}:${status}`;
};

/**
 * Checks `asCompletedSettled` against every asyncio record at its exact frame (groups unordered),
 * one `timeout` record per pending input in index order where asyncio raised its TimeoutErrors,
 * then completion where asyncio's iterator ran out (nothing, where asyncio waits forever).
 */
function settledMismatch(
  scenario: Scenario,
  actual: readonly Notification[],
  AsCompletedTimeoutError: TimeoutErrorClass,
): string | null {
  const groups = groupsOf(scenario);
  let next = 0;
  for (let g = 0; g < groups.length; g++) {
    const group = groups[g];
    let expected: string[];
    if (group.timeout) {
      const pending = pendingAtTimeout(scenario, groups, g);
      if (typeof pending === 'string') return pending;
      expected = pending.map((index) => `${index}:timeout`);
    } else {
      expected = group.items.map((item) =>
        item.error === undefined
          ? `${item.index}:fulfilled:${item.value}`
          : `${item.index}:rejected:${item.error}@${originalOf(scenario, item.index)}`,
      );
    }
    const taken = actual.slice(next, next + expected.length);
    next += expected.length;
    const got = taken.map((n) =>
      n.kind === 'N' && n.frame === group.t
        ? recordKey(n.value, AsCompletedTimeoutError)
        : `${n.kind}@${n.frame}`,
    );
    const matches = group.timeout
      ? got.join() === expected.join()
      : [...got].sort().join() === [...expected].sort().join();
    if (!matches)
      return `expected records [${expected.join(', ')}] at frame ${group.t}; got [${got.join(', ')}]`;
  }
  const { end } = scenario.asyncio;
  if (end.state === 'hangs')
    return actual.length === next ? null : 'expected nothing more: asyncio waits forever';
  const n = actual[next];
  if (n?.kind !== 'C' || n.frame !== end.t) return `expected completion at frame ${end.t}`;
  return actual.length === next + 1 ? null : 'notifications after completion';
}

const valueToken = (n: Notification): string =>
  n.kind === 'C' ? '|' : n.kind === 'E' ? '#' : typeof n.value === 'string' ? n.value : '?';

const recordToken = (n: Notification): string => {
  if (n.kind !== 'N') return n.kind === 'C' ? '|' : '#';
  const record = n.value as SettledRecord<string>;
  return record.status === 'fulfilled' ? record.value : record.status === 'rejected' ? '!' : 'T';
};

/** The expected notifications in one of the orders asyncio allows (for the failure report). */
function expectedNotifications(
  scenario: Scenario,
  flavour: Flavour,
  AsCompletedTimeoutError: TimeoutErrorClass,
): Notification[] {
  const groups = groupsOf(scenario);
  const expected: Notification[] = [];
  for (let g = 0; g < groups.length; g++) {
    const { t, timeout, items } = groups[g];
    if (timeout) {
      const pending = pendingAtTimeout(scenario, groups, g);
      const indices = typeof pending === 'string' ? [] : pending;
      if (flavour === 'asCompleted') {
        expected.push({ frame: t, kind: 'E', error: new AsCompletedTimeoutError(indices, 0, t, t) });
        return expected;
      }
      for (const index of indices)
        expected.push({ frame: t, kind: 'N', value: { index, status: 'timeout' } });
      continue;
    }
    for (const { index, value, error } of items) {
      const failure = error === undefined ? null : new ScenarioError(originalOf(scenario, index), error);
      if (flavour === 'asCompletedSettled') {
        const record =
          failure === null
            ? { index, status: 'fulfilled', value }
            : { index, status: 'rejected', error: failure };
        expected.push({ frame: t, kind: 'N', value: record });
      } else if (failure === null) {
        expected.push({ frame: t, kind: 'N', value });
      } else {
        expected.push({ frame: t, kind: 'E', error: failure });
        return expected;
      }
    }
  }
  const { end } = scenario.asyncio;
  if (end.state === 'exhausted') expected.push({ frame: end.t, kind: 'C' });
  return expected;
}

export type Flavour = 'asCompleted' | 'asCompletedSettled';

/**
 * Checks what an operator gave for a scenario (`actual`, recorded by a generation's replay); null when
 * it agrees with asyncio, else a report in marbles.
 */
export function mismatch(
  fixture: Fixture,
  scenario: Scenario,
  flavour: Flavour,
  actual: readonly Notification[],
  AsCompletedTimeoutError: TimeoutErrorClass,
): string | null {
  const problem =
    flavour === 'asCompleted'
      ? asCompletedMismatch(scenario, actual, AsCompletedTimeoutError)
      : settledMismatch(scenario, actual, AsCompletedTimeoutError);
  if (problem === null) return null;
  const python = `${fixture.python.implementation} ${fixture.python.version}`;
  const token = flavour === 'asCompleted' ? valueToken : recordToken;
  const legend =
    flavour === 'asCompleted' ? '' : '; settled records: value = fulfilled, ! = rejected, T = timeout';
  const expected = expectedNotifications(scenario, flavour, AsCompletedTimeoutError);
  return (
    `${describeScenario(scenario, python)}\n` +
    `  ${flavour} disagrees: ${problem}\n` +
    `  expected: ${describeNotifications(expected, token, AsCompletedTimeoutError)}\n` +
    `  actual:   ${describeNotifications(actual, token, AsCompletedTimeoutError)}\n` +
    `  (records asyncio gives on one frame may come in any order${legend})`
  );
}
