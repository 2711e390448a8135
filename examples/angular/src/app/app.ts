import { Component, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { endWith, ignoreElements, scan, share } from 'rxjs';
import { Dashboard } from './dashboard';
import { QuoteService, type Quote } from './quote.service';

/** The suppliers asked for a quote, in the order they are asked. */
export const SUPPLIERS: readonly string[] = ['acme', 'globex', 'initech'];

/**
 * Shows each supplier's quote the moment it arrives, then how many answered before the deadline; and a
 * user's dashboard. The quotes are a stream of values, one per supplier, not a state that a resource
 * would hold (its value is the latest emission: one quote), so `toSignal` gathers them.
 */
@Component({
  selector: 'app-root',
  imports: [Dashboard],
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
    <app-dashboard />
  `,
})
export class App {
  protected readonly suppliers = SUPPLIERS;
  // One run of the requests for both signals below.
  private readonly quotes$ = inject(QuoteService).quotes('sku-1', SUPPLIERS).pipe(share());
  protected readonly quotes = toSignal(
    this.quotes$.pipe(scan((quotes: readonly Quote[], quote) => [...quotes, quote], [])),
    { initialValue: [] },
  );
  protected readonly done = toSignal(this.quotes$.pipe(ignoreElements(), endWith(true)), {
    initialValue: false,
  });
}
