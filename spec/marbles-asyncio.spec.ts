import { execFileSync } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import {
  asyncioEquivalent,
  computeDiagram,
  parseDraft,
  runDiagram,
  type DiagramRun,
} from '../marbles/engine';
import { rxjs7Driver } from '../marbles/engine/rxjs7';
import { loadDiagramFiles } from '../marbles/node';
import * as entry from '../src';

/**
 * Runs a Python program with asyncio's loop on a virtual clock (spec/asyncio/record.py's), so a frame
 * is an exact millisecond however loaded the machine is; the program itself is what the playground shows.
 */
const VIRTUAL_CLOCK_RUNNER = `
import asyncio, runpy, sys
sys.path.insert(0, sys.argv[1])
from record import VirtualClockLoop

def run(main):
    # As asyncio.run does: run main, then cancel what is still pending, then close the loop.
    loop = VirtualClockLoop()
    try:
        return loop.run_until_complete(main)
    finally:
        pending = asyncio.all_tasks(loop)
        for task in pending:
            task.cancel()
        if pending:
            loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
        loop.close()

asyncio.run = run
runpy.run_path(sys.argv[2], run_name='__main__')
`;

/** What the Python prints for the run's output, line by line. */
function expectedLines(run: DiagramRun, settled: boolean): string[] {
  return run.output.flatMap(({ notification }) => {
    if (notification.kind === 'C') return [];
    if (notification.kind === 'E') {
      const { error } = notification;
      return [error instanceof entry.AsCompletedTimeoutError ? 'TimeoutError' : `failed: ${String(error)}`];
    }
    if (!settled) {
      // An entry, { index, key?, value }, is printed as its fields: `print(*await next_result)`.
      const { value } = notification;
      if (typeof value !== 'object' || value === null) return [String(value)];
      const { index, key, value: result } = value as { index: number; key?: string; value: unknown };
      return [[index, ...(key === undefined ? [] : [key]), result].map(String).join(' ')];
    }
    const record = notification.value as { status: string; value?: unknown; error?: unknown };
    if (record.status === 'fulfilled') return [`fulfilled ${String(record.value)}`];
    if (record.status === 'rejected') return [`rejected ${String(record.error)}`];
    return ['timeout'];
  });
}

const shipped = loadDiagramFiles().map(({ name, text }) => ({ name, draft: parseDraft(name, text) }));

describe('the asyncio equivalent of the shipped diagrams', () => {
  let folder: string;
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'marbles-asyncio-'));
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('exists for every diagram but concurrent, each, signal and snapshots, which say why', () => {
    const missing = shipped
      .map(({ name, draft }) => ({ name, equivalent: asyncioEquivalent(draft) }))
      .filter(({ equivalent }) => equivalent.kind === 'none');
    expect(missing).toEqual([
      {
        name: 'concurrent',
        equivalent: {
          kind: 'none',
          reason:
            'concurrent limits how many inputs run at once; asyncio.as_completed runs them all (in Python, an asyncio.Semaphore would)',
        },
      },
      {
        name: 'each',
        equivalent: {
          kind: 'none',
          reason:
            'each gives every input a deadline of its own; asyncio.as_completed has one for all (in Python, asyncio.timeout inside each coroutine would)',
        },
      },
      {
        name: 'signal',
        equivalent: {
          kind: 'none',
          reason:
            'signal stops the run from outside; asyncio.as_completed takes no such argument (in Python, cancelling the tasks would)',
        },
      },
      {
        name: 'snapshots',
        equivalent: {
          kind: 'none',
          reason:
            'forkAsCompletedSnapshots emits the state of the whole set after each result; asyncio.as_completed yields one result at a time (in Python, the loop over it would build the state)',
        },
      },
    ]);
  });

  it.each(
    shipped
      .filter(({ draft }) => asyncioEquivalent(draft).kind === 'python')
      .map(({ name, draft }) => [name, draft] as const),
  )('%s: python3 prints what the operator emits, in its order', async (name, draft) => {
    const run = await runDiagram(rxjs7Driver(entry), draft);
    const { diagram } = computeDiagram(draft, run, entry);
    const equivalent = asyncioEquivalent(diagram);
    if (equivalent.kind !== 'python') throw new Error(equivalent.reason);
    const program = join(folder, `${name}.py`);
    writeFileSync(program, equivalent.code);
    const printed = execFileSync(
      'python3',
      ['-c', VIRTUAL_CLOCK_RUNNER, join(__dirname, 'asyncio'), program],
      { encoding: 'utf8', timeout: 20_000, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const expected = expectedLines(run, draft.operator.includes('Settled'));
    expect(expected.length).toBeGreaterThan(name === 'empty-source' ? -1 : 0);
    expect(
      printed
        .trimEnd()
        .split('\n')
        .filter((line) => line !== ''),
    ).toEqual(expected);
  });
});
