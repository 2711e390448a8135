import { pipe } from 'rxjs/pipe';
import { asCompletedEntries, forkAsCompletedEntries } from 'rxjs-as-completed/rxjs9';
import { marbleTest } from './helpers/marble-test';

describe('asCompletedEntries and forkAsCompletedEntries (rxjs 9)', () => {
  it('emits each result with the index of its input in the source', async () => {
    await marbleTest(({ cold, expectObservable }) => {
      // prettier-ignore
      const a = cold('    -----1|');
      const b = cold('      -2|   ');
      const source = cold('a-b|', { a, b });
      const expected = '   ----B-(A|)';
      expectObservable(source[pipe](asCompletedEntries())).toBe(expected, {
        A: { index: 0, value: '1' },
        B: { index: 1, value: '2' },
      });
    });
  });

  it('emits a dictionary’s results with their key and index', async () => {
    await marbleTest(({ cold, expectObservable }) => {
      expectObservable(forkAsCompletedEntries({ user: cold('-----u|'), feed: cold('--f|') })).toBe(
        '---F--(U|)',
        {
          F: { index: 1, key: 'feed', value: 'f' },
          U: { index: 0, key: 'user', value: 'u' },
        },
      );
    });
  });
});
