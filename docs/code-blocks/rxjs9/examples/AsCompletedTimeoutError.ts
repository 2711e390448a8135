import { TimeoutError } from 'rxjs';
import { pipe } from 'rxjs/pipe';
import { asCompleted, AsCompletedTimeoutError } from 'rxjs-as-completed/rxjs9';

requests$[pipe](asCompleted(5000)).subscribe({
  next: (user) => render(user),
  error: (err: unknown) => {
    if (err instanceof AsCompletedTimeoutError) requeue(err.pending);
    else if (!(err instanceof TimeoutError)) throw err;
  },
});
