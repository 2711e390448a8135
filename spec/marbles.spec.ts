import { isObservable, type Observable } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { parseDiagram, toAscii } from '../marbles/diagram';
import * as entry from '../src';
import { describeDiagrams } from './helpers/marble-diagrams';
import { boundActions } from './helpers/test-scheduler';

/** rxjs 7/8: the diagrams in TestScheduler.run virtual time, against the main entry. */
describeDiagrams<Observable<unknown>>({
  entry,
  sources: 'src',
  run(assertDeepEqual, body) {
    boundActions(new TestScheduler(assertDeepEqual)).run(({ cold, expectObservable }) =>
      body({
        cold,
        parse: (marbles, values) => TestScheduler.parseMarbles(marbles, values, undefined, false, true),
        isObservable: (value): value is Observable<unknown> => isObservable(value),
        expectObservable,
      }),
    );
  },
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
    expect(diagram).toEqual({
      name: 'example',
      description: ['Words about it.'],
      jsdoc: ['asCompleted'],
      legend: [{ symbol: '#', text: 'AsCompletedTimeoutError { pending: [0] }' }],
      innerStreams: [{ name: 'a', title: null, marbles: '--1|', offset: 0, ghosts: [], ghost: false }],
      inputs: [{ name: null, title: 'source', marbles: '-a|', offset: 0, ghosts: [], ghost: false }],
      operator: 'asCompleted(3)',
      output: { name: null, title: 'output', marbles: '---#', offset: 0, ghosts: [], ghost: false },
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
      'marbles/x.txt: expected "title = ...", "ghosts = ...", "ghost = true" or a blank line before: b = -2|',
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
