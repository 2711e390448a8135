import { rxjs9Of, writeOutOperatorFunction, type Changes } from '../scripts/generate-entries';

const note = (file: string): string =>
  `// src/rxjs9/${file} is made from this file by \`npm run generate:entries\`: see docs/entries.md.\n`;

const none: Changes = { edits: [], examples: new Map() };

/** A front file as src/ has it, for rxjs 7: a type import, the core, and a JSDoc example. */
const source = `${note('x.ts')}import type { OperatorFunction } from 'rxjs';
import { values } from './core/flavours.js';

/**
 * Emits each result.
 *
 * \`\`\`ts
 * import { x } from 'rxjs-as-completed';
 *
 * inputs$.pipe(x());
 * \`\`\`
 */
export function x<T>(): OperatorFunction<T, Result<T>> {
  return values as unknown as OperatorFunction<T, Result<T>>;
}
`;

describe('npm run generate:entries (the rxjs 9 front files, made from those of src/)', () => {
  it('imports the core from the folder above, drops the rxjs type imports and names the /rxjs9 entry', () => {
    const made = rxjs9Of('x.ts', source, none, new Set());

    expect(made).toContain(`import { values } from '../core/flavours.js';`);
    expect(made).not.toContain(`from 'rxjs';`);
    expect(made).toContain(`import { x } from 'rxjs-as-completed/rxjs9';`);
    expect(made.split('\n')[0]).toBe(
      '// Made from src/x.ts by `npm run generate:entries`, with the edits of scripts/entries/rxjs9.ts: edit those.',
    );
  });

  it('writes OperatorFunction out as a function of Observables, nested and broken over lines', () => {
    expect(writeOutOperatorFunction('f(): OperatorFunction<T, Result<Map<K, V>>> {')).toBe(
      'f(): (source: Observable<T>) => Observable<Result<Map<K, V>>> {',
    );
    expect(writeOutOperatorFunction('as OperatorFunction<\n  T,\n  (x: A) => B\n>;')).toBe(
      'as (source: Observable<T>) => Observable<(x: A) => B>;',
    );
    expect(writeOutOperatorFunction('a: OperatorFunction<A, B>, b: OperatorFunction<C, D>')).toBe(
      'a: (source: Observable<A>) => Observable<B>, b: (source: Observable<C>) => Observable<D>',
    );
  });

  it('swaps the example of a declaration for the rxjs 9 one, and counts it as used', () => {
    const used = new Set<string>();
    const example = "import { pipe } from 'rxjs/pipe';\n\ninputs$[pipe](x($1));\n";
    const made = rxjs9Of('x.ts', source, { edits: [], examples: new Map([['x', example]]) }, used);

    expect(made).toContain(
      " * ```ts\n * import { pipe } from 'rxjs/pipe';\n *\n * inputs$[pipe](x($1));\n * ```",
    );
    expect(made).not.toContain('inputs$.pipe');
    expect([...used]).toEqual(['x']);
  });

  it('makes each edit where it finds its text, and fails on an edit whose text is not there once', () => {
    const edited = rxjs9Of(
      'x.ts',
      source,
      { ...none, edits: [[' * Emits each result.', ' * Emits.']] },
      new Set(),
    );
    expect(edited).toContain(' * Emits.\n');

    expect(() => rxjs9Of('x.ts', source, { ...none, edits: [['no such text', '']] }, new Set())).toThrow(
      'scripts/entries/rxjs9.ts, x.ts: not found: "no such text"',
    );
    expect(() => rxjs9Of('x.ts', source, { ...none, edits: [['OperatorFunction', '']] }, new Set())).toThrow(
      'scripts/entries/rxjs9.ts, x.ts: found more than once: "OperatorFunction"',
    );
  });

  it('fails on a source that does not say, in its first line, that it is the rxjs 9 file’s source too', () => {
    expect(() => rxjs9Of('x.ts', source.slice(note('x.ts').length), none, new Set())).toThrow(
      'src/x.ts: its first line is not',
    );
  });

  it('fails on a declaration with an rxjs 9 example but more than one ts block to swap', () => {
    const twice = source.replace(' * Emits each result.\n', ' * ```ts\n * other\n * ```\n');
    expect(() => rxjs9Of('x.ts', twice, { edits: [], examples: new Map([['x', 'y']]) }, new Set())).toThrow(
      'x.ts: the example of x: 2 ts blocks, where one is swapped',
    );
  });
});
