import {
  loadFixture,
  mismatch,
  type Fixture,
  type Flavour,
  type Notification,
  type Scenario,
  type TimeoutErrorClass,
} from './scenario';

/*
 * Every scenario was run through CPython's real asyncio.as_completed by spec/asyncio/record.py
 * (`npm run record:asyncio`), and its trace is in spec/asyncio/fixtures. Here each one is replayed in
 * virtual time against our operators. Records asyncio gives on one frame (inputs already finished:
 * set order; inputs settling on one tick: timer-heap order) are compared unordered.
 */

/** How one generation of rxjs replays a scenario: its entry's operators, in its virtual time. */
export interface ReplayDriver {
  readonly AsCompletedTimeoutError: TimeoutErrorClass;
  /** The source emits the scenario's inputs at once; the operator is `flavour(timeout)`. */
  replay(
    scenario: Scenario,
    flavour: Flavour,
    timeout: number | null,
  ): readonly Notification[] | Promise<readonly Notification[]>;
}

/** How long replaying the whole random corpus may take on a loaded machine. */
const CORPUS_TIMEOUT_MS = 120_000;

/** The conformance specs of one generation: the three corpora, both flavours, and where we chose to differ. */
export function describeConformance(driver: ReplayDriver): void {
  const handWritten = loadFixture('hand-written');
  const cpythonTests = loadFixture('cpython-tests');
  const randomCorpus = loadFixture('random');

  /** Replays scenarios against both operators; returns the failure reports (at most `limit` of them, then a count). */
  async function mismatches(fixture: Fixture, scenarios: readonly Scenario[], limit = 5): Promise<string> {
    const reports: string[] = [];
    for (const scenario of scenarios) {
      for (const flavour of ['asCompleted', 'asCompletedSettled'] as const) {
        const actual = await driver.replay(scenario, flavour, scenario.timeout);
        const report = mismatch(fixture, scenario, flavour, actual, driver.AsCompletedTimeoutError);
        if (report !== null) reports.push(report);
      }
    }
    const shown = reports.slice(0, limit).join('\n\n');
    return reports.length > limit ? `${shown}\n\n... and ${reports.length - limit} more` : shown;
  }

  const named = (fixture: Fixture, name: string): Scenario => {
    const scenario = fixture.scenarios.find((candidate) => candidate.name === name);
    if (scenario === undefined) throw new Error(`no scenario named "${name}" in ${fixture.corpus}`);
    return scenario;
  };

  describe('asCompleted conformance with asyncio.as_completed', () => {
    describe(`hand-written scenarios (recorded by ${handWritten.python.version})`, () => {
      it.each(handWritten.scenarios.map((scenario) => [scenario.name, scenario] as const))(
        '%s',
        async (_name, scenario) => {
          expect(await mismatches(handWritten, [scenario])).toBe('');
        },
      );
    });

    describe(`CPython's test_as_completed* scenarios (recorded by ${cpythonTests.python.version})`, () => {
      it.each(cpythonTests.scenarios.map((scenario) => [scenario.name, scenario] as const))(
        '%s',
        async (_name, scenario) => {
          expect(await mismatches(cpythonTests, [scenario])).toBe('');
        },
      );
    });

    describe(`random scenarios (seed ${randomCorpus.seed}, recorded by ${randomCorpus.python.version})`, () => {
      it('has at least 1000 scenarios, covering ties with the deadline, timeout 0, negative and none', () => {
        const { scenarios } = randomCorpus;
        const atTie = scenarios.filter(
          (s) => s.timeout !== null && s.inputs.some((input) => 'at' in input && input.at === s.timeout),
        );
        expect(scenarios.length).toBeGreaterThanOrEqual(1000);
        expect(atTie.length).toBeGreaterThan(100);
        expect(scenarios.filter((s) => s.timeout === 0).length).toBeGreaterThan(20);
        expect(scenarios.filter((s) => s.timeout !== null && s.timeout < 0).length).toBeGreaterThan(20);
        expect(scenarios.filter((s) => s.timeout === null).length).toBeGreaterThan(20);
        expect(scenarios.filter((s) => s.inputs.length === 0).length).toBeGreaterThan(0);
        expect(scenarios.filter((s) => s.inputs.length === 10).length).toBeGreaterThan(0);
      });

      it(
        'agrees with asyncio on every scenario',
        async () => {
          expect(await mismatches(randomCorpus, randomCorpus.scenarios)).toBe('');
        },
        CORPUS_TIMEOUT_MS,
      );
    });

    describe('where we chose to differ', () => {
      it('keeps both inputs that are one future, which asyncio de-duplicates with set()', async () => {
        const scenario = named(
          handWritten,
          'the same future twice: asyncio de-duplicates it, ours keeps both',
        );
        const ours = (await driver.replay(scenario, 'asCompleted', null)).filter((n) => n.kind === 'N');
        expect(scenario.asyncio.records).toHaveLength(2);
        expect(ours).toEqual([
          { frame: 3, kind: 'N', value: 'a' },
          { frame: 3, kind: 'N', value: 'a' },
          { frame: 5, kind: 'N', value: 'b' },
        ]);
      });

      it('errors once with the pending indices where asyncio raises TimeoutError once per pending await', async () => {
        const scenario = named(handWritten, 'TimeoutError once for each pending input');
        const timeouts = scenario.asyncio.records.filter((record) => 'timeout' in record);
        const ours = await driver.replay(scenario, 'asCompleted', scenario.timeout);
        expect(timeouts).toHaveLength(3);
        expect(ours.map((n) => n.kind)).toEqual(['N', 'E']);
        expect(ours[1]).toMatchObject({ frame: 3, error: { pending: [1, 2, 3] } });
      });
    });
  });
}
