import { allMarks, marksOf, OPTIONS, without } from '../scripts/option-costs';

/** A module as src/ marks it: a statement, a class member and a property, ended or led by a mark. */
const source = `export class Run {
  private timer = null; // size: timeout
  // size: each
  private clock(): number {
    return 0;
  }
  start(): void {
    this.timer = 1; // size: timeout
    this.other = 2;
  }
}
export const limits = {
  time: 1, // size: timeout
  concurrent: 2,
};
`;

describe('npm run check:size, what each option costs (scripts/option-costs.ts)', () => {
  it('finds the statement, class member or property each mark ends or leads', () => {
    const marks = marksOf('x.ts', source);

    expect(marks.map(({ line, option }) => [line, option])).toEqual([
      [2, 'timeout'],
      [3, 'each'],
      [8, 'timeout'],
      [13, 'timeout'],
    ]);
  });

  it("removes an option's marked code and leaves the rest whole", () => {
    const timeout = marksOf('x.ts', source).filter((mark) => mark.option === 'timeout');

    const stripped = without(source, timeout);

    expect(stripped).not.toMatch(/timer|time:/);
    expect(stripped).toContain('private clock(): number');
    expect(stripped).toContain('this.other = 2;');
    expect(stripped).toContain('concurrent: 2,');
    // The property went with its comma and its mark: the literal still parses.
    expect(marksOf('y.ts', stripped).map(({ option }) => option)).toEqual(['each']);
  });

  it('removes a mark nested in a marked node with that node', () => {
    const marked = `// size: each\nif (a) {\n  b(); // size: each\n}\nc();\n`;

    expect(without(marked, marksOf('x.ts', marked)).trim()).toBe('c();');
  });

  it('refuses a mark that leads an expression, which would count nothing', () => {
    const text = `const x = a ||\n  // size: each\n  b;\n`;

    expect(() => marksOf('x.ts', text)).toThrow(
      '"// size: each" ends or leads no statement, class member or property',
    );
  });

  it('finds every option of src/ marked, and no mark naming anything else', () => {
    const marked = new Set(allMarks().map((mark) => mark.option));

    expect([...marked].sort()).toEqual([...OPTIONS].sort());
  });
});
