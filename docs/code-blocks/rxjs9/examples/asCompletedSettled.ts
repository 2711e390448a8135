import 'rxjs';
import { pipe } from 'rxjs/pipe';
import { asCompletedSettled } from 'rxjs-as-completed/rxjs9';

const requests = Observable.from(urls.map((url) => (signal: AbortSignal) => fetch(url, { signal })));
requests[pipe](asCompletedSettled(5000)).subscribe((record) => {
  if (record.status === 'fulfilled') console.log(urls[record.index], record.value.status);
  else if (record.status === 'rejected') console.warn(urls[record.index], record.error);
  else if (record.status === 'timeout') console.warn(urls[record.index], 'timed out, request aborted');
  else console.warn(urls[record.index], 'cancelled');
});
