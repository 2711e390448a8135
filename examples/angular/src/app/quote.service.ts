import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { catchError, EMPTY, from, throwError, type Observable } from 'rxjs';
import { asCompleted, AsCompletedTimeoutError } from 'rxjs-as-completed';

export interface Quote {
  readonly supplier: string;
  readonly price: number;
}

@Injectable({ providedIn: 'root' })
export class QuoteService {
  private readonly http = inject(HttpClient);

  /** Each supplier's quote the moment it arrives; suppliers that have not answered within 3 s are cancelled. */
  quotes(sku: string, suppliers: readonly string[]): Observable<Quote> {
    return from(
      suppliers.map((supplier) => this.http.get<Quote>(`/api/suppliers/${supplier}/quotes/${sku}`)),
    ).pipe(
      asCompleted(3000),
      catchError((error: unknown) =>
        error instanceof AsCompletedTimeoutError ? EMPTY : throwError(() => error),
      ),
    );
  }
}
