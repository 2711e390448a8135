import { HttpClient } from '@angular/common/http';
import { inject, InjectionToken, type Signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { asyncScheduler, type SchedulerLike } from 'rxjs';
import { forkAsCompletedSnapshots } from 'rxjs-as-completed';

/** How long the dashboard waits: the calls that have not answered by then time out. */
export const DASHBOARD_DEADLINE = 3000;

/** What measures the deadline: a spec in virtual time provides its `TestScheduler`. */
export const DASHBOARD_SCHEDULER = new InjectionToken<SchedulerLike>('DASHBOARD_SCHEDULER', {
  providedIn: 'root',
  factory: () => asyncScheduler,
});

/**
 * A user's four calls as one resource, whose value is their latest snapshot: all pending, then one more
 * record each time a call answers, fails or times out. Another `userId` aborts `abortSignal`, and
 * rxResource unsubscribes, which cancels the calls still running.
 */
export function userDashboard(userId: Signal<string>) {
  const http = inject(HttpClient);
  const scheduler = inject(DASHBOARD_SCHEDULER);
  return rxResource({
    params: userId,
    stream: ({ params: id, abortSignal }) =>
      forkAsCompletedSnapshots(
        {
          profile: http.get<{ name: string; city: string }>(`/api/users/${id}/profile`),
          orders: http.get<{ id: string; total: number }[]>(`/api/users/${id}/orders`),
          activity: http.get<string[]>(`/api/users/${id}/activity`),
          recommendations: http.get<string[]>(`/api/users/${id}/recommendations`),
        },
        { timeout: DASHBOARD_DEADLINE, signal: abortSignal, scheduler },
      ),
  });
}
