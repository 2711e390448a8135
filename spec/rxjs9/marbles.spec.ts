import { rxTest } from '@rxjs/test';
import * as entry from 'rxjs-as-completed/rxjs9';
import { describeDiagrams } from '../helpers/marble-diagrams';

/** rxjs 9: the same diagrams in rxTest virtual time, against the built entry (dist/esm/rxjs9). */
describeDiagrams<Observable<unknown>>({
  entry,
  sources: 'src/rxjs9',
  run: (assertDeepEqual, body) =>
    rxTest(
      ({ cold, expectObservable }) =>
        body({
          cold: (marbles, values) => cold<unknown>(marbles, values),
          parse: (marbles, values) => cold<unknown>(marbles, values).messages,
          isObservable: (value): value is Observable<unknown> => value instanceof Observable,
          expectObservable,
        }),
      { assertDeepEqual },
    ),
});
