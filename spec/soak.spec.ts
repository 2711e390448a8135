import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

interface SoakPhase {
  readonly name: string;
  readonly inputs: number;
  readonly heapBefore: number;
  readonly heapAfter: number;
}

/** The soak at the size the test suite can afford; `npm run soak` runs it with a million inputs. */
describe('soak', () => {
  it('pushes 20,000 inputs through asCompleted with a deadline and a limit, and the heap comes back after each phase', () => {
    const script = join(__dirname, '..', 'bench', 'soak.ts');
    const run = spawnSync(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', script, '--inputs', '20000', '--json'],
      { encoding: 'utf8', timeout: 60_000 },
    );
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout) as { phases: SoakPhase[]; failures: string[] };

    expect(report.failures).toEqual([]);
    expect(run.status).toBe(0);
    expect(report.phases.map(({ name, inputs }) => [name, inputs])).toEqual([
      ['throughput', 20_000],
      ['deadline', 10_000],
      ['held promise', 2_000],
    ]);
    for (const phase of report.phases) {
      expect(phase.heapAfter - phase.heapBefore).toBeLessThan(512 * 1024 + 4 * phase.inputs);
    }
  });
});
