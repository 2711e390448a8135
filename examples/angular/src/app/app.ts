import { Component, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { QuoteService, type Quote } from './quote.service';

/** The suppliers asked for a quote, in the order they are asked. */
export const SUPPLIERS: readonly string[] = ['acme', 'globex', 'initech'];

/** Shows each supplier's quote the moment it arrives, then how many answered before the deadline. */
@Component({
  selector: 'app-root',
  template: `
    <h1>Quotes for sku-1</h1>
    <ol id="quotes">
      @for (quote of quotes(); track quote.supplier) {
        <li>{{ quote.supplier }}: {{ quote.price }}</li>
      }
    </ol>
    @if (done()) {
      <p id="done">{{ quotes().length }} of {{ suppliers.length }} suppliers answered in time.</p>
    } @else {
      <p>Waiting for quotes…</p>
    }
  `,
})
export class App {
  protected readonly suppliers = SUPPLIERS;
  protected readonly quotes = signal<readonly Quote[]>([]);
  protected readonly done = signal(false);

  constructor() {
    inject(QuoteService)
      .quotes('sku-1', SUPPLIERS)
      .pipe(takeUntilDestroyed())
      .subscribe({
        next: (quote) => this.quotes.update((quotes) => [...quotes, quote]),
        complete: () => this.done.set(true),
      });
  }
}
