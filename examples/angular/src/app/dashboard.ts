import { HttpErrorResponse } from '@angular/common/http';
import { Component, computed, signal } from '@angular/core';
import type { PendingRecord, SettledRecord } from 'rxjs-as-completed';
import { DASHBOARD_DEADLINE, userDashboard } from './user-dashboard';

export const USER_IDS: readonly string[] = ['1', '2', '3'];

/** One panel as the page shows it. */
export interface Panel {
  readonly key: string;
  readonly title: string;
  readonly status: (SettledRecord<unknown> | PendingRecord)['status'];
  readonly text: string;
}

/** A panel's record in words: its value once it has one, or why it has none. */
function panel<T>(
  key: string,
  title: string,
  record: SettledRecord<T> | PendingRecord,
  show: (value: T) => string,
): Panel {
  const text =
    record.status === 'pending'
      ? 'Loading…'
      : record.status === 'fulfilled'
        ? show(record.value)
        : record.status === 'rejected'
          ? `Unavailable (${record.error instanceof HttpErrorResponse ? `HTTP ${record.error.status}` : String(record.error)})`
          : record.status === 'timeout'
            ? `No answer within ${DASHBOARD_DEADLINE / 1000} s`
            : 'Cancelled';
  return { key, title, status: record.status, text };
}

/**
 * A user's dashboard: four panels, each filled the moment its call answers, from the latest snapshot of
 * the four calls (`userDashboard`, an `rxResource`); picking another user cancels the calls still running.
 */
@Component({
  selector: 'app-dashboard',
  template: `
    <section id="dashboard" [attr.data-done]="snapshot()?.done">
      <h2>
        <label>
          Dashboard of user
          <select #user id="user" (change)="userId.set(user.value)">
            @for (id of userIds; track id) {
              <option [value]="id">{{ id }}</option>
            }
          </select>
        </label>
      </h2>
      <p id="progress">{{ progress() }}</p>
      <div class="panels">
        @for (panel of panels(); track panel.key) {
          <article [id]="'panel-' + panel.key" [attr.data-status]="panel.status">
            <h3>{{ panel.title }}</h3>
            <p>{{ panel.text }}</p>
          </article>
        }
      </div>
    </section>
  `,
  styles: `
    :host {
      display: block;
      margin-top: 2rem;
    }
    #dashboard {
      width: fit-content;
      padding: 0.75rem 1rem 1rem;
      background: #fff;
    }
    h2 {
      margin: 0;
      font-size: 1.25rem;
    }
    #progress {
      margin: 0.25rem 0 0.75rem;
      color: #444;
    }
    .panels {
      display: grid;
      grid-template-columns: repeat(2, 15rem);
      gap: 0.75rem;
    }
    article {
      border: 1px solid #ccc;
      border-left: 6px solid #999;
      border-radius: 6px;
      padding: 0.5rem 0.75rem;
    }
    h3 {
      margin: 0 0 0.25rem;
      font-size: 1rem;
    }
    article p {
      margin: 0;
    }
    article[data-status='pending'] {
      border-left-color: #c8c8c8;
      background: #f5f5f5;
      color: #555;
    }
    article[data-status='fulfilled'] {
      border-left-color: #2a7a3a;
      background: #f0f8f1;
    }
    article[data-status='rejected'],
    article[data-status='timeout'] {
      border-left-color: #b3261e;
      background: #fdf1f0;
    }
  `,
})
export class Dashboard {
  protected readonly userIds = USER_IDS;
  readonly userId = signal(USER_IDS[0]);
  // rxResource's own listener on `abortSignal` unsubscribes before the package's sees the abort, so here
  // the unsubscription alone cancels the calls; the `signal` option ends a run with `aborted` records
  // where nothing unsubscribes, as in a loader of `resource()` that subscribes itself.
  private readonly dashboard = userDashboard(this.userId);

  protected readonly snapshot = this.dashboard.value;

  protected readonly progress = computed(() => {
    const snapshot = this.snapshot();
    if (snapshot === undefined) return 'Loading…';
    const { settled, pending, done } = snapshot;
    return done ? `All ${settled} panels settled.` : `${settled} of ${settled + pending} panels settled…`;
  });

  protected readonly panels = computed((): readonly Panel[] => {
    const records = this.snapshot()?.records;
    if (records === undefined) return [];
    return [
      panel('profile', 'Profile', records.profile, ({ name, city }) => `${name}, ${city}`),
      panel(
        'orders',
        'Orders',
        records.orders,
        (orders) => `${orders.length} orders, ${orders.reduce((sum, { total }) => sum + total, 0)} € in all`,
      ),
      panel('activity', 'Activity', records.activity, (events) => events.join(', ')),
      panel('recommendations', 'Recommended', records.recommendations, (titles) => titles.join(', ')),
    ];
  });
}
