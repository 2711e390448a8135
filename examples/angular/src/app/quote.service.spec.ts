import { HttpClient } from '@angular/common/http';
import { TestBed } from '@angular/core/testing';
import type { Observable } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { QuoteService, type Quote } from './quote.service';

describe('QuoteService.quotes', () => {
  it('emits quotes in arrival order and cancels the suppliers still pending after 3 s', () => {
    const scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const acme = { supplier: 'acme', price: 12 };
      const globex = { supplier: 'globex', price: 11 };
      const initech = { supplier: 'initech', price: 9 };
      const responses: Record<string, ReturnType<typeof cold<Quote>>> = {
        '/api/suppliers/acme/quotes/sku-1': cold('   50ms (a|)', { a: acme }),
        '/api/suppliers/globex/quotes/sku-1': cold(' 10ms (g|)', { g: globex }),
        '/api/suppliers/initech/quotes/sku-1': cold('5s (i|)', { i: initech }),
      };
      TestBed.configureTestingModule({
        providers: [
          { provide: HttpClient, useValue: { get: (url: string): Observable<Quote> => responses[url] } },
        ],
      });

      const quotes = TestBed.inject(QuoteService).quotes('sku-1', ['acme', 'globex', 'initech']);

      expectObservable(quotes).toBe('10ms g 39ms a 2949ms |', { a: acme, g: globex });
      expectSubscriptions(responses['/api/suppliers/initech/quotes/sku-1'].subscriptions).toBe('^ 2999ms !');
    });
  });
});
