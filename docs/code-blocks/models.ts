/** The app's data, as the code blocks of both entries see it (docs/code-blocks/app.ts, rxjs9/app.ts). */
export interface User {
  readonly id: string;
  readonly name: string;
}
export interface Order {
  readonly id: string;
  readonly total: number;
}
export interface Product {
  readonly sku: string;
}
export interface Feed {
  readonly posts: readonly string[];
}
export interface Ad {
  readonly headline: string;
}
export interface Article {
  readonly id: string;
  readonly title: string;
}
export interface Panel<T> {
  show(value: T): void;
  hide(): void;
}
