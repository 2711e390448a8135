import 'rxjs';
import { pipe } from 'rxjs/pipe';
import { asCompleted } from 'rxjs-as-completed/rxjs9';

const pages = ['/a', '/b', '/c'].map((url) => (signal: AbortSignal) => fetch(url, { signal }));
const responses$ = Observable.from(pages)[pipe](asCompleted(5000));
responses$.subscribe({
  next: (response) => console.log(response.url),
  error: (err: Error) => console.error(err.message),
});
