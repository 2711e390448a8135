import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * The scenarios run in a process of their own (spec/fixtures/fixed-set-rejections.ts), where Node's
 * count of unhandled rejections is read per scenario: inside Jest, one would fail the spec before it
 * could be counted.
 */
function unhandledPerScenario(...args: string[]): Record<string, number> {
  const fixture = join(__dirname, 'fixtures', 'fixed-set-rejections.ts');
  const output = execFileSync(process.execPath, ['--import', 'tsx', fixture, ...args], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  return JSON.parse(output) as Record<string, number>;
}

describe('a Promise of a fixed set that the run ends before reading', () => {
  it('is handled whenever the run ends, in every flavour and for both kinds of set, as forkJoin handles it', () => {
    const counts = unhandledPerScenario();
    expect(Object.keys(counts)).toHaveLength(17);
    for (const [scenario, unhandled] of Object.entries(counts)) {
      expect({ scenario, unhandled }).toEqual({ scenario, unhandled: 0 });
    }
  });

  it('is counted when nobody handles it: the control', () => {
    expect(unhandledPerScenario('control')).toMatchObject({ control: 1 });
  });
});
