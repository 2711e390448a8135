import {
  HttpErrorResponse,
  HttpResponse,
  type HttpBackend,
  type HttpEvent,
  type HttpRequest,
} from '@angular/common/http';
import { asyncScheduler, mergeMap, Observable, throwError, timer, of, type SchedulerLike } from 'rxjs';

/** What the backend answers to a URL, and after how many milliseconds: a body, or an HTTP error status. */
export type FakeAnswer =
  { readonly after: number; readonly body: unknown } | { readonly after: number; readonly status: number };

/** One request as the backend saw it: when it came (ms since the backend was made) and how it ended. */
export interface SeenRequest {
  readonly url: string;
  readonly at: number;
  ended?: { readonly as: 'answered' | 'failed' | 'aborted'; readonly at: number };
}

/**
 * An `HttpBackend` for `HttpClient` that answers after a delay on `scheduler` (rxjs's `asyncScheduler`,
 * which `fakeAsync` drives, or a `TestScheduler`), and logs every request with how it ended: answered,
 * failed, or aborted, which is what `HttpClient` does when its subscriber lets go before the answer.
 */
export class FakeBackend implements HttpBackend {
  readonly requests: SeenRequest[] = [];
  private readonly start: number;

  constructor(
    private readonly answer: (url: string) => FakeAnswer,
    private readonly scheduler: SchedulerLike = asyncScheduler,
  ) {
    this.start = scheduler.now();
  }

  handle(request: HttpRequest<unknown>): Observable<HttpEvent<unknown>> {
    return new Observable<HttpEvent<unknown>>((subscriber) => {
      const { url } = request;
      const seen: SeenRequest = { url, at: this.now() };
      this.requests.push(seen);
      const answer = this.answer(url);
      const subscription = timer(answer.after, this.scheduler)
        .pipe(
          mergeMap(() =>
            'body' in answer
              ? of(new HttpResponse({ url, status: 200, body: answer.body }))
              : throwError(() => new HttpErrorResponse({ url, status: answer.status })),
          ),
        )
        .subscribe({
          next: (response) => {
            seen.ended = { as: 'answered', at: this.now() };
            subscriber.next(response);
          },
          error: (error: unknown) => {
            seen.ended = { as: 'failed', at: this.now() };
            subscriber.error(error);
          },
          complete: () => subscriber.complete(),
        });
      return () => {
        seen.ended ??= { as: 'aborted', at: this.now() };
        subscription.unsubscribe();
      };
    });
  }

  private now(): number {
    return this.scheduler.now() - this.start;
  }
}
