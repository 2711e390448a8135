import { spawnSync } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { join, relative } from 'path';
import {
  computeDiagram,
  formatDiagram,
  jestTest,
  parseDiagram,
  parseDraft,
  runDiagram,
  type DiagramDraft,
} from '../marbles/engine';
import { rxjs7Driver } from '../marbles/engine/rxjs7';
import { loadDiagramFiles } from '../marbles/node';
import * as entry from '../src';
import { checkDiagram } from './helpers/marble-diagrams';

const root = join(__dirname, '..');
const driver = rxjs7Driver(entry);
const shipped = loadDiagramFiles().map(({ name, text }) => [name, text] as const);

/** The playground's exports of a source: the diagram as the run computed it, and the run. */
async function exportsOf(draft: DiagramDraft) {
  const run = await runDiagram(driver, draft, { frameBound: 1000 });
  const computed = computeDiagram(draft, run, entry);
  return { run, computed, source: formatDiagram(computed.diagram) };
}

/** A source as someone starts it: the inputs and the operator box, no output line and no legend. */
function withoutOutput(name: string, text: string): DiagramDraft {
  return { ...parseDraft(name, text), output: null, legend: [] };
}

describe('the diagram source export', () => {
  it.each(shipped)(
    '%s: the committed source comes back byte for byte, with no mismatch',
    async (name, text) => {
      const { computed, source } = await exportsOf(parseDraft(name, text));
      expect(computed.mismatches).toEqual([]);
      expect(computed.notes).toEqual([]);
      expect(source).toBe(text);
    },
  );

  it.each(shipped)(
    '%s: computed from its inputs alone, it passes the checks of spec/marbles.spec.ts',
    async (name, text) => {
      const { source } = await exportsOf(withoutOutput(name, text));
      const diagram = parseDiagram(name, source);
      const run = await checkDiagram(driver, diagram);
      for (const { label, drawn, actual } of run.inputs) {
        const subscriptions = actual.map(({ at, cutOff }) => ({ at, cutOff }));
        expect({ label, subscriptions }).toEqual({ label, subscriptions: drawn });
      }
    },
  );

  it('reports where a typed output line differs from the run: frame, expected, actual', async () => {
    const source = 'a = --1|\n\nb = ---2|\n\n-ab|\ntitle = source\n\n> asCompleted()\n\n----2-(1|)';
    const { computed } = await exportsOf(parseDraft('x', source));
    expect(computed.diagram.output.marbles).toBe('----1-(2|)');
    expect(computed.mismatches).toEqual([
      { line: 'output', frame: 4, expected: '2', actual: '1' },
      { line: 'output', frame: 6, expected: '1, |', actual: '2, |' },
    ]);
  });
});

describe('the Jest test export', () => {
  let folder: string;
  beforeAll(() => {
    // Under spec/, so that ts-jest compiles it with the project's tsconfig; named so that no other run matches it.
    folder = mkdtempSync(join(__dirname, '.export-check-'));
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  /** Runs Jest on the files, with `rxjs-as-completed` resolved to this package as an installed copy would be. */
  function runJest(files: readonly string[]): { status: number | null; passed: number; failed: number } {
    const config = join(folder, 'jest.config.js');
    writeFileSync(
      config,
      `const base = require(${JSON.stringify(join(root, 'jest.config.js'))});
module.exports = {
  ...base,
  rootDir: ${JSON.stringify(root)},
  roots: [${JSON.stringify(folder)}],
  testMatch: ['**/*.export.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  moduleNameMapper: { ...base.moduleNameMapper, '^rxjs-as-completed$': '<rootDir>/src/index.ts' },
};
`,
    );
    const result = spawnSync(
      process.execPath,
      [
        join(root, 'node_modules/jest/bin/jest.js'),
        '--config',
        config,
        '--json',
        ...files.map((file) => relative(root, file)),
      ],
      { cwd: root, encoding: 'utf8', timeout: 240_000 },
    );
    if (!result.stdout.trim().startsWith('{')) {
      throw new Error(
        `Jest printed no report (status ${result.status}, ${result.signal}):\n${result.stderr}`,
      );
    }
    const report = JSON.parse(result.stdout) as { numPassedTests: number; numFailedTests: number };
    return { status: result.status, passed: report.numPassedTests, failed: report.numFailedTests };
  }

  /** Values that are not letters or digits, which rxjs reads as values all the same. */
  const otherCharacters = [
    ['accented', '--é|\ntitle = a\n\n> forkAsCompleted([a], 5)'],
    ['dollar', 'a = --$|\n\n-a|\ntitle = source\n\n> asCompleted()'],
    ['quotes', "a = --'|\n\nb = -\\|\n\nc = -----.|\n\n-abc|\ntitle = source\n\n> asCompletedSettled()"],
  ] as const;

  it('passes as pasted for every shipped diagram and for values of any character, and fails when its output line is one frame off', async () => {
    const files: string[] = [];
    for (const [name, text] of [...shipped, ...otherCharacters]) {
      const { run, computed } = await exportsOf(parseDraft(name, text));
      const test = jestTest(computed.diagram, run, entry);
      expect(test).toContain('expectSubscriptions(');
      files.push(join(folder, `${name}.export.ts`));
      writeFileSync(files[files.length - 1], test);
      if (name === 'deadline') {
        const shifted = test.replace(
          `toBe('${computed.diagram.output.marbles}'`,
          `toBe('-${computed.diagram.output.marbles}'`,
        );
        expect(shifted).not.toBe(test);
        files.push(join(folder, `one-frame-off.export.ts`));
        writeFileSync(files[files.length - 1], shifted);
      }
    }
    const result = runJest(files);
    expect(result).toEqual({ status: 1, passed: shipped.length + otherCharacters.length, failed: 1 });
  }, 300_000);
});
