// Angular's fakeAsync runs only inside zone.js's ProxyZone. zone.js/testing puts Jasmine's, Mocha's and
// Jest's tests there; this plugin of zone.js (0.16.2+) does it for Vitest's, which the Angular CLI
// does not load. zone.js itself comes from the polyfills of `ng test -c fake-async` (angular.json).
import 'zone.js/plugins/vitest-patch';
import { HttpClient } from '@angular/common/http';
import { fakeAsync, TestBed, tick } from '@angular/core/testing';
import { from, map, tap, timer, type Observable } from 'rxjs';
import { asCompletedSettled } from 'rxjs-as-completed';
import { QuoteService, type Quote } from './quote.service';

const PRICES: Readonly<Record<string, number>> = { acme: 12, globex: 11, initech: 9 };

/**
 * A supplier API where each supplier answers `answerAfter[supplier]` ms after the request, on the clock
 * of fakeAsync; `at()` reads that clock from now on, and `cancelled` lists the requests torn down
 * before their answer, each with the time it was.
 */
function fakeApi(answerAfter: Readonly<Record<string, number>>) {
  const start = Date.now();
  const at = (): number => Date.now() - start;
  const cancelled: [number, string][] = [];
  const http = {
    get: (url: string): Observable<Quote> => {
      const supplier = url.split('/')[3]; // /api/suppliers/:supplier/quotes/:sku
      return timer(answerAfter[supplier]).pipe(
        map(() => ({ supplier, price: PRICES[supplier] })),
        tap({ unsubscribe: () => cancelled.push([at(), supplier]) }),
      );
    },
  };
  return { http, at, cancelled };
}

/** A slow CI machine between the subscription and the first `tick`: real time passes, the fake clock stands still. */
function spendRealTime(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

describe('QuoteService.quotes under fakeAsync', () => {
  it('emits each quote at the fake time it arrives and cancels the rest at 3 s exactly, whatever real time passes', fakeAsync(() => {
    const api = fakeApi({ acme: 1200, globex: 150, initech: 20_000 });
    TestBed.configureTestingModule({ providers: [{ provide: HttpClient, useValue: api.http }] });
    const events: unknown[] = [];

    TestBed.inject(QuoteService)
      .quotes('sku-1', ['acme', 'globex', 'initech'])
      .subscribe({
        next: (quote) => events.push([api.at(), quote]),
        error: (error: unknown) => events.push([api.at(), error]),
        complete: () => events.push([api.at(), 'complete']),
      });
    spendRealTime(150);
    tick(5000);

    expect(events).toEqual([
      [150, { supplier: 'globex', price: 11 }],
      [1200, { supplier: 'acme', price: 12 }],
      [3000, 'complete'],
    ]);
    expect(api.cancelled).toEqual([[3000, 'initech']]);
  }));
});

describe('asCompletedSettled under fakeAsync', () => {
  it('cuts a request off at its own deadline (each) and the rest at the total one, on the fake clock, whatever real time passes', fakeAsync(() => {
    const api = fakeApi({ globex: 50, acme: 110, initech: 20_000 });
    const requests = ['globex', 'acme', 'initech'].map((supplier) =>
      api.http.get(`/api/suppliers/${supplier}/quotes/sku-1`),
    );
    const events: unknown[] = [];

    from(requests)
      .pipe(asCompletedSettled({ timeout: 120, each: 100, concurrent: 2 }))
      .subscribe({
        next: (record) => events.push([api.at(), record]),
        error: (error: unknown) => events.push([api.at(), error]),
        complete: () => events.push([api.at(), 'complete']),
      });
    spendRealTime(150);
    tick(200);

    expect(events).toEqual([
      [50, { index: 0, status: 'fulfilled', value: { supplier: 'globex', price: 11 } }],
      // acme's own deadline, 100 ms after its request.
      [100, { index: 1, status: 'timeout' }],
      // initech was asked at 50, when globex freed a slot: the total deadline comes before its own.
      [120, { index: 2, status: 'timeout' }],
      [120, 'complete'],
    ]);
    expect(api.cancelled).toEqual([
      [100, 'acme'],
      [120, 'initech'],
    ]);
  }));
});
