// zone.js comes from the polyfills of `ng test -c fake-async`; see quote.service.fake-async.spec.ts.
import 'zone.js/plugins/vitest-patch';
import { HttpBackend, provideHttpClient } from '@angular/common/http';
import { fakeAsync, flushMicrotasks, TestBed, tick } from '@angular/core/testing';
import { dashboardApi } from '../testing/dashboard-api';
import { FakeBackend } from '../testing/fake-backend';
import { Dashboard } from './dashboard';

describe('Dashboard under fakeAsync', () => {
  it('fills each panel as its call answers, cancels the calls still running when the user changes, and times out the last at 3 s', fakeAsync(() => {
    const backend = new FakeBackend(dashboardApi);
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), { provide: HttpBackend, useValue: backend }],
    });
    const fixture = TestBed.createComponent(Dashboard);
    const page = fixture.nativeElement as HTMLElement;
    /** Moves the fake clock on by `ms`, then renders what the resource holds. */
    const wait = (ms: number): void => {
      tick(ms);
      TestBed.tick();
      // rxResource hands a new stream to the resource after an `await`.
      flushMicrotasks();
      TestBed.tick();
    };
    const panels = (): Record<string, string> =>
      Object.fromEntries(
        Array.from(page.querySelectorAll('article'), (panel) => [
          panel.id.replace('panel-', ''),
          `${panel.dataset['status']}: ${panel.querySelector('p')?.textContent?.trim()}`,
        ]),
      );
    const progress = (): string | undefined => page.querySelector('#progress')?.textContent?.trim();

    wait(0);
    expect(progress()).toBe('0 of 4 panels settled…');
    wait(150);
    expect(progress()).toBe('1 of 4 panels settled…');
    expect(panels()).toEqual({
      profile: 'fulfilled: Ada Lovelace, London',
      orders: 'pending: Loading…',
      activity: 'pending: Loading…',
      recommendations: 'pending: Loading…',
    });
    wait(550);
    expect(progress()).toBe('2 of 4 panels settled…');
    expect(panels()).toEqual({
      profile: 'fulfilled: Ada Lovelace, London',
      orders: 'pending: Loading…',
      activity: 'rejected: Unavailable (HTTP 503)',
      recommendations: 'pending: Loading…',
    });

    const select = page.querySelector<HTMLSelectElement>('#user')!;
    select.value = '3';
    select.dispatchEvent(new Event('change'));
    wait(0);
    expect(progress()).toBe('0 of 4 panels settled…');
    // User 1's calls still running at 700 ms are aborted then, not left to answer.
    expect(backend.requests.filter(({ url }) => url.startsWith('/api/users/1/'))).toEqual([
      { url: '/api/users/1/profile', at: 0, ended: { as: 'answered', at: 150 } },
      { url: '/api/users/1/orders', at: 0, ended: { as: 'aborted', at: 700 } },
      { url: '/api/users/1/activity', at: 0, ended: { as: 'failed', at: 400 } },
      { url: '/api/users/1/recommendations', at: 0, ended: { as: 'aborted', at: 700 } },
    ]);

    wait(1200);
    expect(progress()).toBe('3 of 4 panels settled…');
    expect(panels()).toEqual({
      profile: 'fulfilled: Alan Turing, Manchester',
      orders: 'fulfilled: 2 orders, 22 € in all',
      activity: 'rejected: Unavailable (HTTP 503)',
      recommendations: 'pending: Loading…',
    });
    wait(1800);
    expect(progress()).toBe('All 4 panels settled.');
    expect(panels()).toEqual({
      profile: 'fulfilled: Alan Turing, Manchester',
      orders: 'fulfilled: 2 orders, 22 € in all',
      activity: 'rejected: Unavailable (HTTP 503)',
      recommendations: 'timeout: No answer within 3 s',
    });
    expect(backend.requests.filter(({ url }) => url.startsWith('/api/users/3/'))).toEqual([
      { url: '/api/users/3/profile', at: 700, ended: { as: 'answered', at: 850 } },
      { url: '/api/users/3/orders', at: 700, ended: { as: 'answered', at: 1900 } },
      { url: '/api/users/3/activity', at: 700, ended: { as: 'failed', at: 1100 } },
      // The deadline, 3 s after user 3's calls started.
      { url: '/api/users/3/recommendations', at: 700, ended: { as: 'aborted', at: 3700 } },
    ]);
  }));
});
