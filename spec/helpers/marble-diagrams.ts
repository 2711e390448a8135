import { readFileSync } from 'fs';
import { join } from 'path';
import { runDiagram, toAscii, type DiagramDriver, type MarbleMessage } from '../../marbles/engine';
import { ErrorPattern, legendValue } from '../../marbles/engine';
import { loadDiagrams } from '../../marbles/node';
import type { MarbleDiagram } from '../../marbles/engine';

/** How one generation of rxjs runs the marble diagrams, and where its JSDoc is. */
export interface SpecDriver<O> extends DiagramDriver<O> {
  /** The folder of the entry's sources, whose JSDoc carries the diagrams in ASCII: `src` or `src/rxjs9`. */
  readonly sources: string;
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

/**
 * Runs a diagram in virtual time and fails unless the operator produces `outputMarbles` exactly, with
 * errors compared by the fields its legend lists.
 */
export async function checkDiagram<O>(
  driver: DiagramDriver<O>,
  diagram: MarbleDiagram,
  outputMarbles = diagram.output.marbles,
): ReturnType<typeof runDiagram> {
  const errorPattern = diagram.legend.find(({ symbol }) => symbol === '#');
  const errorFields =
    errorPattern === undefined
      ? []
      : Object.keys((legendValue(errorPattern.text, driver.entry) as ErrorPattern).fields);
  return runDiagram(driver, diagram, {
    expected: outputMarbles,
    assertDeepEqual: (actual, expected) =>
      expect(comparable(actual, errorFields)).toEqual(comparable(expected, errorFields)),
  });
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
  forkAsCompletedSnapshots: 'fork-as-completed-snapshots.ts',
};

/** The marble diagram specs of one generation: every source in marbles/, and the JSDoc that carries them. */
export function describeDiagrams<O>(driver: SpecDriver<O>): void {
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
          'snapshots',
        ]),
      );
    });

    describe.each(diagrams.map((diagram) => [diagram.name, diagram] as const))('%s', (_name, diagram) => {
      it('produces exactly its output line', async () => {
        await checkDiagram(driver, diagram);
      });

      it('fails when its output line is one frame off', async () => {
        await expect(checkDiagram(driver, diagram, `-${diagram.output.marbles}`)).rejects.toThrow();
      });

      it('subscribes each input where it is drawn, and tears down early exactly the ones drawn as ghosts', async () => {
        for (const { label, drawn, actual } of (await checkDiagram(driver, diagram)).inputs) {
          const subscriptions = actual.map(({ at, cutOff }) => ({ at, cutOff }));
          expect({ label, subscriptions }).toEqual({ label, subscriptions: drawn });
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
