import { HttpBackend, provideHttpClient } from '@angular/common/http';
import { TestBed } from '@angular/core/testing';
import { TestScheduler } from 'rxjs/testing';
import { dashboardApi } from '../testing/dashboard-api';
import { FakeBackend } from '../testing/fake-backend';
import { Dashboard } from './dashboard';
import { DASHBOARD_SCHEDULER } from './user-dashboard';

describe('Dashboard, zoneless, in the virtual time of a TestScheduler', () => {
  it('fills each panel as its call answers, cancels the calls still running when the user changes, and times out the last at 3 s', async () => {
    const scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
    const backend = new FakeBackend(dashboardApi, scheduler);
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        { provide: HttpBackend, useValue: backend },
        { provide: DASHBOARD_SCHEDULER, useValue: scheduler },
      ],
    });
    const fixture = TestBed.createComponent(Dashboard);
    const page = fixture.nativeElement as HTMLElement;
    const render = async (): Promise<void> => {
      TestBed.tick();
      // rxResource hands a new stream to the resource after an `await`; the snapshots after its first
      // reach the resource at once.
      await new Promise((resolve) => setTimeout(resolve));
      TestBed.tick();
    };
    /** Moves virtual time on to `frame`, running what is due on the way, then lets Angular render. */
    const at = async (frame: number): Promise<void> => {
      scheduler.schedule(() => undefined, frame - scheduler.now());
      scheduler.maxFrames = frame;
      scheduler.flush();
      await render();
    };
    const shown = () => ({
      progress: page.querySelector('#progress')?.textContent?.trim(),
      ...Object.fromEntries(
        Array.from(page.querySelectorAll('article'), (panel) => [
          panel.id,
          `${panel.dataset['status']}: ${panel.querySelector('p')?.textContent?.trim()}`,
        ]),
      ),
    });

    await render();
    expect(shown()).toEqual({
      progress: '0 of 4 panels settled…',
      'panel-profile': 'pending: Loading…',
      'panel-orders': 'pending: Loading…',
      'panel-activity': 'pending: Loading…',
      'panel-recommendations': 'pending: Loading…',
    });

    await at(150);
    expect(shown()).toEqual({
      progress: '1 of 4 panels settled…',
      'panel-profile': 'fulfilled: Ada Lovelace, London',
      'panel-orders': 'pending: Loading…',
      'panel-activity': 'pending: Loading…',
      'panel-recommendations': 'pending: Loading…',
    });

    await at(700);
    expect(shown()).toEqual({
      progress: '2 of 4 panels settled…',
      'panel-profile': 'fulfilled: Ada Lovelace, London',
      'panel-orders': 'pending: Loading…',
      'panel-activity': 'rejected: Unavailable (HTTP 503)',
      'panel-recommendations': 'pending: Loading…',
    });

    const select = page.querySelector<HTMLSelectElement>('#user')!;
    select.value = '2';
    select.dispatchEvent(new Event('change'));
    await render();
    expect(shown()).toEqual({
      progress: '0 of 4 panels settled…',
      'panel-profile': 'pending: Loading…',
      'panel-orders': 'pending: Loading…',
      'panel-activity': 'pending: Loading…',
      'panel-recommendations': 'pending: Loading…',
    });

    await at(700 + 1200);
    expect(shown()).toEqual({
      progress: '3 of 4 panels settled…',
      'panel-profile': 'fulfilled: Grace Hopper, New York',
      'panel-orders': 'fulfilled: 3 orders, 100 € in all',
      'panel-activity': 'rejected: Unavailable (HTTP 503)',
      'panel-recommendations': 'pending: Loading…',
    });

    await at(700 + 3000);
    expect(shown()).toEqual({
      progress: 'All 4 panels settled.',
      'panel-profile': 'fulfilled: Grace Hopper, New York',
      'panel-orders': 'fulfilled: 3 orders, 100 € in all',
      'panel-activity': 'rejected: Unavailable (HTTP 503)',
      'panel-recommendations': 'timeout: No answer within 3 s',
    });
    expect(page.querySelector('#dashboard')?.getAttribute('data-done')).toBe('true');

    expect(backend.requests).toEqual([
      { url: '/api/users/1/profile', at: 0, ended: { as: 'answered', at: 150 } },
      // User 1's calls still running when user 2 was picked, at 700.
      { url: '/api/users/1/orders', at: 0, ended: { as: 'aborted', at: 700 } },
      { url: '/api/users/1/activity', at: 0, ended: { as: 'failed', at: 400 } },
      { url: '/api/users/1/recommendations', at: 0, ended: { as: 'aborted', at: 700 } },
      { url: '/api/users/2/profile', at: 700, ended: { as: 'answered', at: 850 } },
      { url: '/api/users/2/orders', at: 700, ended: { as: 'answered', at: 1900 } },
      { url: '/api/users/2/activity', at: 700, ended: { as: 'failed', at: 1100 } },
      // The deadline, 3 s after user 2's calls started.
      { url: '/api/users/2/recommendations', at: 700, ended: { as: 'aborted', at: 3700 } },
    ]);
  });
});
