import { pipe } from 'rxjs/pipe';
import { asCompleted, forkAsCompletedSettled } from 'rxjs-as-completed/rxjs9';
import { marbleTest } from './helpers/marble-test';

describe('the each option (rxjs 9)', () => {
  it('fails asCompleted at an input’s own deadline, counted from that input’s start', async () => {
    await marbleTest(({ cold, expectObservable, expectSubscriptions }) => {
      // prettier-ignore
      const a = cold('    --1|   ');
      const b = cold('      ------2|');
      const source = cold('a-b|', { a, b });
      const expected = '   ---1---#';
      expectObservable(source[pipe](asCompleted({ each: 5 }))).toBe(
        expected,
        undefined,
        expect.objectContaining({
          pending: [1],
          message:
            'asCompleted: input 1 timed out at its own deadline (each: 5 ms from its start): 1 emitted',
        }),
      );
      expectSubscriptions(b.subscriptions).toBe('--^----!');
    });
  });

  it('gives the settled flavour a timeout record for that input, a result at its deadline losing', async () => {
    await marbleTest(({ cold, expectObservable }) => {
      expectObservable(forkAsCompletedSettled({ tie: cold('---1|'), fast: cold('-2|') }, { each: 4 })).toBe(
        '--F-(T|)',
        {
          F: { index: 1, key: 'fast', status: 'fulfilled', value: '2' },
          T: { index: 0, key: 'tie', status: 'timeout' },
        },
      );
    });
  });
});
