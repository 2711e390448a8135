import 'rxjs';
import { pipe } from 'rxjs/pipe';
import { asCompletedEntries } from 'rxjs-as-completed/rxjs9';

const urls = ['/a', '/b', '/c'];
const requests = Observable.from(urls.map((url) => (signal: AbortSignal) => fetch(url, { signal })));
requests[pipe](asCompletedEntries(5000)).subscribe(({ index, value }) =>
  console.log(urls[index], value.status),
);
