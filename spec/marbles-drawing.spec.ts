import {
  buildTimeline,
  clockAt,
  closestName,
  computeDiagram,
  describeTimeline,
  drawDiagram,
  FRAME_WIDTH,
  moveMarble,
  parseDraft,
  runDiagram,
  type Timeline,
} from '../marbles/engine';
import { rxjs7Driver } from '../marbles/engine/rxjs7';
import { loadDiagramFiles } from '../marbles/node';
import * as entry from '../src';

const driver = rxjs7Driver(entry);
const shipped = loadDiagramFiles();

async function timelineOf(text: string, name = 'x') {
  const draft = parseDraft(name, text, name);
  const run = await runDiagram(driver, draft, { frameBound: 1000 });
  const { diagram } = computeDiagram(draft, run, entry);
  return { diagram, run, timeline: buildTimeline(diagram, run, entry) };
}

const shippedText = (name: string): string => shipped.find((file) => file.name === name)!.text;

/** Each row that was torn down: its label, the frame, the cause. */
function cuts(timeline: Timeline) {
  return timeline.rows
    .filter(({ cut }) => cut !== null)
    .map(({ label, cut }) => ({ label, frame: cut!.frame, cause: cut!.cause }));
}

describe('the timeline of a run', () => {
  it('marks where each input was torn down and by what: the deadline, an error, the signal, its own deadline', async () => {
    expect(cuts((await timelineOf(shippedText('deadline'))).timeline)).toEqual([
      { label: 'c', frame: 10, cause: 'timeout' },
    ]);
    expect(cuts((await timelineOf(shippedText('input-error'))).timeline)).toEqual([
      { label: 'a', frame: 9, cause: 'rejected' },
      { label: 'c', frame: 9, cause: 'rejected' },
    ]);
    expect(cuts((await timelineOf(shippedText('signal'))).timeline)).toEqual([
      { label: 'b', frame: 5, cause: 'aborted' },
      { label: 'c', frame: 5, cause: 'aborted' },
    ]);
    const each = (await timelineOf(shippedText('each'))).timeline;
    expect(cuts(each)).toEqual([{ label: 'b', frame: 6, cause: 'timeout' }]);
    expect(each.rows.map(({ label, ownDeadline }) => ({ label, ownDeadline }))).toEqual([
      { label: 'a', ownDeadline: 6 },
      { label: 'b', ownDeadline: 6 },
      { label: 'c', ownDeadline: 9 },
    ]);
  });

  it('draws what an input would have done after its teardown as never having happened', async () => {
    const { timeline } = await timelineOf(shippedText('deadline'));
    const c = timeline.rows.find(({ label }) => label === 'c')!;
    expect(c.events.map(({ frame, kind, happened }) => ({ frame, kind, happened }))).toEqual([
      { frame: 15, kind: 'N', happened: false },
      { frame: 16, kind: 'C', happened: false },
    ]);
  });

  it('colours output values by their status, and the error by its cause', async () => {
    const statuses = async (name: string) =>
      (await timelineOf(shippedText(name))).timeline.output.events.map(({ status }) => status);
    expect(await statuses('settled')).toEqual(['rejected', 'fulfilled', 'timeout', null]);
    expect(await statuses('signal')).toEqual(['fulfilled', 'aborted', 'aborted', null]);
    expect(await statuses('deadline')).toEqual(['fulfilled', 'fulfilled', 'timeout']);
    expect(await statuses('input-error')).toEqual(['rejected']);
  });

  it('marks the abort only when the signal aborts before the output ends, and the deadline likewise', async () => {
    expect((await timelineOf(shippedText('signal'))).timeline.abortAt).toBe(5);
    expect((await timelineOf(shippedText('empty-source'))).timeline.deadline).toBeNull();
    const late = '--1|\ntitle = a\n\n---------x\ntitle = signal\n\n> forkAsCompleted([a], { signal })';
    expect((await timelineOf(late)).timeline.abortAt).toBeNull();
  });

  it('tells what was emitted, pending, queued and left to the deadline at each frame', async () => {
    const { timeline } = await timelineOf(shippedText('concurrent'));
    const at = (frame: number) => {
      const { emitted, pending, queued, deadlineIn } = clockAt(timeline, frame);
      return {
        emitted: emitted.map(({ symbol }) => symbol),
        pending: pending.map(({ label }) => label),
        queued,
        deadlineIn,
      };
    };
    expect(at(1)).toEqual({ emitted: [], pending: ['a', 'b'], queued: ['c'], deadlineIn: 9 });
    expect(at(3)).toEqual({ emitted: ['2'], pending: ['a', 'c'], queued: [], deadlineIn: 7 });
    expect(at(10)).toEqual({ emitted: ['2', '1', '#'], pending: [], queued: [], deadlineIn: null });
  });

  it('describes the run frame by frame, in words', async () => {
    const lines = describeTimeline((await timelineOf(shippedText('concurrent'))).timeline);
    expect(lines[0]).toEqual({ frame: 0, text: 'a is subscribed; b is subscribed' });
    expect(lines.find(({ frame }) => frame === 10)?.text).toBe(
      'c is torn down by the deadline; the deadline (10) passes; output errors with # = AsCompletedTimeoutError { pending: [2], emitted: 2, timeout: 10 }',
    );
  });
});

describe('drawDiagram', () => {
  it.each(shipped.map(({ name, text }) => [name, text] as const))(
    '%s: a titled, described image whose labels are 12 px or more and whose marbles never overlap',
    async (name, text) => {
      const { diagram, run } = await timelineOf(text, name);
      const svg = drawDiagram(diagram, run, entry);
      expect(svg).toMatch(/^<svg [^>]*role="img" aria-labelledby="marble-title marble-desc"/);
      expect(svg).toContain(`<title id="marble-title">Marble diagram of ${diagram.operator}</title>`);
      expect(svg).toMatch(/<desc id="marble-desc">Frame \d+: /);
      const sizes = [...svg.matchAll(/font-size="([\d.]+)"/g)].map(([, size]) => Number(size));
      expect(Math.min(...sizes)).toBeGreaterThanOrEqual(12);
      // Within a row, two marbles are a frame apart or more, or stacked in the same frame.
      for (const row of svg.split('<g class="m-row"').slice(1)) {
        const centres = [...row.matchAll(/<circle cx="([\d.]+)" cy="([\d.]+)" r="([\d.]+)"/g)].map(
          ([, x, y, r]) => ({ x: Number(x), y: Number(y), r: Number(r) }),
        );
        for (const [index, left] of centres.entries())
          for (const right of centres.slice(index + 1))
            expect(Math.hypot(left.x - right.x, left.y - right.y)).toBeGreaterThan(left.r + right.r);
      }
    },
  );

  it('draws marbles one frame apart side by side, not overlapping', async () => {
    const { diagram, run } = await timelineOf(
      'a = -1|\n\nb = -2|\n\n-ab|\ntitle = source\n\n> asCompleted()',
    );
    const svg = drawDiagram(diagram, run, entry);
    const source = svg.split('<g class="m-row" data-label="source">')[1].split('<g class="m-row"')[0];
    const [a, b] = [...source.matchAll(/<circle cx="([\d.]+)" cy="[\d.]+" r="([\d.]+)"/g)].map(
      ([, x, r]) => ({
        x: Number(x),
        r: Number(r),
      }),
    );
    expect(b.x - a.x).toBe(FRAME_WIDTH);
    expect(b.x - a.x).toBeGreaterThan(a.r + b.r);
  });

  it('draws a teardown mark where a line was cut, and ends the line there', async () => {
    const { diagram, run, timeline } = await timelineOf(shippedText('deadline'), 'deadline');
    const svg = drawDiagram(diagram, run, entry);
    const row = svg.split('<g class="m-row" data-label="c">')[1].split('<g class="m-row"')[0];
    expect(row).toContain('<g class="m-cut"><title>frame 10: c is torn down by the deadline</title>');
    const zero = Number(/<g class="m-ruler"[^>]*><line x1="([\d.]+)"/.exec(svg)![1]);
    expect(row).toMatch(
      new RegExp(
        `<line x1="[\\d.]+" y1="[\\d.]+" x2="${zero + 10 * FRAME_WIDTH}" y2="[\\d.]+" class="m-line"`,
      ),
    );
    expect(timeline.length).toBe(17);
  });
});

describe('drawDiagram, text', () => {
  it('escapes what the source writes: titles and values', async () => {
    const { diagram, run } = await timelineOf('a = -<|\n\n-a|\ntitle = s<&>\n\n> asCompleted()');
    const svg = drawDiagram(diagram, run, entry);
    expect(svg).toContain('s&lt;&amp;&gt;');
    expect(svg).toContain("emits '&lt;'");
    expect(svg).not.toMatch(/s<&>|'<'/);
  });

  it('says what a torn-down input would have done, in the past', async () => {
    const { diagram, run } = await timelineOf('----#\ntitle = a\n\n> forkAsCompletedSettled([a], 2)');
    expect(drawDiagram(diagram, run, entry)).toContain(
      "<title>frame 4: a would have errored with 'error'</title>",
    );
  });
});

describe('moveMarble', () => {
  it.each([
    ['-a--b--c|', 1, 3, '---ab--c|'],
    ['-a--b--c|', 8, 3, '-a--b--(c|)'],
    ['-a--b--c|', 8, 12, '-a--b--c----|'],
    ['--1|', 2, 0, '1--|'],
    ['--1|', 2, 9, '---------1|'],
    ['-(ab)--|', 2, 4, '-b--a--|'],
    ['-a-b', 1, 6, '---b--a'],
  ] as const)('moves the notification at %s[%i] to frame %i: %s', (marbles, index, frame, moved) => {
    const result = moveMarble(marbles, index, frame)!;
    expect(result.marbles).toBe(moved);
    expect(result.marbles[result.index]).toBe(marbles[index]);
  });

  it('refuses a frame that marble syntax cannot write: too soon after a group', () => {
    expect(moveMarble('-a--b--c|', 1, 4)).toBeNull();
  });
});

describe('messages', () => {
  async function failure(text: string): Promise<string> {
    try {
      await timelineOf(text);
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error('expected the source to fail');
  }

  it.each([
    [
      'source = -abc|\n\n-a|\ntitle = s\n\n> asCompleted()',
      'x:1:1: "source" cannot name a stream: a named stream\'s name is one letter or digit (a = --1|); to name a line, put "title = source" on the line under it',
    ],
    [
      'a = 3ms 1|\n\n-a|\ntitle = s\n\n> asCompleted()',
      'x:1:5: time progressions such as "3ms" are not read here: one character is one frame, so write "---" instead, without spaces',
    ],
    [
      'a = -1 2|\n\n-a|\ntitle = s\n\n> asCompleted()',
      'x:1:7: marbles cannot contain spaces (one character is one frame)',
    ],
    ['a = -1|\n\n-a|\ntitle = s\n\n> asCompleted(', "'(' is never closed: add ')' where it ends"],
    [
      'a = -1|\n\n-a|title = s\n\n> asCompleted()',
      'x:3:4: "title = ..." goes on a line of its own, under the marbles it is about',
    ],
    ['a = -1|\n\n-a|\ntitle = s\n\n>', 'write it after ">", as in "> asCompleted(10)"'],
    ['a = -1|\n\n-a|\ntitle = s\n\n> asCompleted({ timeout: 5', "'{' is never closed: add '}' where it ends"],
    ['a = -1|\n\n-a|\ntitle = s\n\n> asComplete(6)', 'asComplete is not defined: did you mean asCompleted?'],
    [
      'a = -1|\n\n-a|\ntitle = s\n\n> asCompleted',
      'asCompleted is a function: call it, as in "> asCompleted(10)"',
    ],
    [
      '-1|\ntitle = a\n\n> forkAsCompleted',
      'forkAsCompleted is a function: call it, as in "> forkAsCompleted([a], 10)"',
    ],
  ])('say how to fix %j', async (source, message) => {
    expect(await failure(source)).toContain(message);
  });

  it('suggests a name a few edits away, and nothing for a short one', () => {
    expect(closestName('forkAsComplted', ['forkAsCompleted', 'asCompleted'])).toBe('forkAsCompleted');
    expect(closestName('ascompleted', ['asCompleted'])).toBe('asCompleted');
    expect(closestName('b', ['a'])).toBeNull();
  });
});
