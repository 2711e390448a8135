import { TestScheduler } from 'rxjs/testing';
import { formatDiagram, parseDiagram, parseDraft, toAscii } from '../marbles/engine';
import { rxjs7Driver } from '../marbles/engine/rxjs7';
import { loadDiagramFiles } from '../marbles/node';
import * as entry from '../src';
import { describeDiagrams } from './helpers/marble-diagrams';
import { boundActions } from './helpers/test-scheduler';

/** rxjs 7/8: the diagrams in TestScheduler.run virtual time, against the main entry. */
describeDiagrams({
  ...rxjs7Driver(entry, (assertDeepEqual) => boundActions(new TestScheduler(assertDeepEqual))),
  sources: 'src',
});

describe('parseDiagram', () => {
  it('reads named streams, inputs, the operator box, the output and the legend', () => {
    const diagram = parseDiagram(
      'example',
      [
        '% Words about it.',
        '% jsdoc: asCompleted',
        '% where # = AsCompletedTimeoutError { pending: [0] }',
        '',
        'a = --1|',
        '',
        '-a|',
        'title = source',
        '',
        '> asCompleted(3)',
        '',
        '---#',
        'title = output',
      ].join('\n'),
    );
    const line = { title: null, offset: 0, ghosts: [], ghost: false };
    expect(diagram).toEqual({
      name: 'example',
      description: ['Words about it.'],
      jsdoc: ['asCompleted'],
      legend: [{ symbol: '#', text: 'AsCompletedTimeoutError { pending: [0] }' }],
      styles: [],
      innerStreams: [{ ...line, name: 'a', marbles: '--1|', at: { line: 5, column: 5 } }],
      inputs: [{ ...line, name: null, title: 'source', marbles: '-a|', at: { line: 7, column: 1 } }],
      operator: 'asCompleted(3)',
      operatorAt: { line: 10, column: 3 },
      output: { ...line, name: null, title: 'output', marbles: '---#', at: { line: 12, column: 1 } },
    });
    expect(toAscii(diagram)).toEqual([
      'source:   -a|',
      'a:         --1|',
      '',
      '          asCompleted(3)',
      '',
      'output:   ---#',
      '',
      '# = AsCompletedTimeoutError { pending: [0] }',
    ]);
  });

  it('rejects a named stream in the block of another, which swirly would read as a setting', () => {
    expect(() => parseDiagram('x', 'a = -1|\nb = -2|\n\n-ab|\ntitle = s\n\n> asCompleted()\n\n-|')).toThrow(
      'marbles/x.txt:2:1: expected "title = ...", "ghosts = ...", "ghost = true" or a blank line before: b = -2|',
    );
  });

  it('reads "ghost = true" under an input line, and rejects it under a named stream or the output', () => {
    const fork = '-1|\ntitle = a\n\n--2|\ntitle = b\nghost = true\n\n> forkAsCompleted([a, b], 1)\n\n-#';
    expect(parseDiagram('x', fork).inputs.map(({ title, ghost }) => ({ title, ghost }))).toEqual([
      { title: 'a', ghost: false },
      { title: 'b', ghost: true },
    ]);
    expect(() =>
      parseDiagram('x', 'a = -1|\nghost = true\n\n-a|\ntitle = s\n\n> asCompleted()\n\n-|'),
    ).toThrow('ghosts belong on the line that emits them: a = -1|');
    expect(() => parseDiagram('x', '-1|\ntitle = a\n\n> forkAsCompleted([a])\n\n-1|\nghost = true')).toThrow(
      'the output line cannot be a ghost',
    );
  });

  it('rejects a hot line, a missing output and a legend entry that names nothing', () => {
    expect(() => parseDiagram('x', '-^a|\ntitle = s\n\n> asCompleted()\n\n-|')).toThrow("no '^'");
    expect(() => parseDiagram('x', '-a|\ntitle = s\n\n> asCompleted()')).toThrow('one output line');
    expect(() => parseDiagram('x', '% where B = 1\n-a|\ntitle = s\n\n> asCompleted()\n\n-a|')).toThrow(
      '"where B = ..." names nothing on the output line'.replace(' = ...', ''),
    );
  });
});

describe('parseDraft', () => {
  it('reads a diagram without an output line, which the run computes', () => {
    expect(parseDraft('x', '-1|\ntitle = a\n\n> forkAsCompleted([a])').output).toBeNull();
    expect(() => parseDiagram('x', '-1|\ntitle = a\n\n> forkAsCompleted([a])')).toThrow('one output line');
  });

  it.each([
    ['an unclosed group', '-(a|\ntitle = s\n\n> asCompleted()', 'x:1:2: '],
    ['a closing parenthesis without a group', 'a = -1)|\n\n-a|\ntitle = s\n\n> asCompleted()', 'x:1:7: '],
    ['a hot line', '--^a|\ntitle = s\n\n> asCompleted()', 'x:1:3: '],
    ['a space inside marbles', '-a |\ntitle = s\n\n> asCompleted()', 'x:1:3: '],
    ['a bad setting', '-a|\ntitel = s\n\n> asCompleted()', 'x:2:1: '],
    ['no operator', '-a|\ntitle = s', 'x:2:1: '],
  ])('reports %s at its line and column', (_what, source, position) => {
    expect(() => parseDraft('x', source, 'x')).toThrow(position);
  });
});

describe('formatDiagram', () => {
  it.each(loadDiagramFiles().map(({ name, text, diagram }) => [name, text, diagram] as const))(
    'writes %s back exactly as it is committed',
    (_name, text, diagram) => {
      expect(formatDiagram(diagram)).toBe(text);
    },
  );
});
