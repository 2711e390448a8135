import { provideHttpClient } from '@angular/common/http';
import { provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Subject } from 'rxjs';
import { App } from './app';
import { QuoteService, type Quote } from './quote.service';

describe('App', () => {
  it('lists the quotes in the order they arrive, then how many suppliers answered', async () => {
    const quotes = new Subject<Quote>();
    TestBed.configureTestingModule({
      imports: [App],
      providers: [
        { provide: QuoteService, useValue: { quotes: () => quotes } },
        // The dashboard's requests, which this spec leaves unanswered (dashboard.spec.ts tests them).
        provideHttpClient(),
        provideHttpClientTesting(),
      ],
    });
    const fixture = TestBed.createComponent(App);
    const page = fixture.nativeElement as HTMLElement;
    const items = (): string[] =>
      Array.from(page.querySelectorAll('#quotes li'), (item) => item.textContent?.trim() ?? '');

    quotes.next({ supplier: 'globex', price: 11 });
    await fixture.whenStable();
    expect(items()).toEqual(['globex: 11']);
    expect(page.querySelector('#done')).toBeNull();

    quotes.next({ supplier: 'acme', price: 12 });
    quotes.complete();
    await fixture.whenStable();
    expect(items()).toEqual(['globex: 11', 'acme: 12']);
    expect(page.querySelector('#done')?.textContent).toContain('2 of 3 suppliers answered in time.');
  });
});
