/**
 * The app names the JSDoc examples of `rxjs-as-completed/rxjs9` use without defining them (`getUser`,
 * `render`, ...), as docs/code-blocks/app.ts declares them for the main entry, with rxjs 9's
 * Observables. These examples are type-checked by `npm run test:docs`, not run: the examples that run
 * under rxjs 9 are the specs of spec/rxjs9.
 */
import 'rxjs';
import type { AsCompletedInput } from 'rxjs-as-completed/rxjs9';
import type { Ad, Feed, Order, Panel, Product, User } from '../models';

declare global {
  const expect: (actual: unknown) => { toEqual(expected: unknown): void };
  const id: string;
  const getUser: (id: string) => Observable<User>;
  const getOrders: (id: string) => Observable<Order[]>;
  const getRecommendations: (id: string) => Observable<Product[]>;
  const getFeed: (id: string) => Observable<Feed>;
  const getAds: () => Observable<Ad>;
  const requests$: Observable<AsCompletedInput<User>>;
  const inputs$: Observable<AsCompletedInput<User>>;
  const urls: string[];
  const render: (part: User | Order[] | Product[] | Response) => void;
  const requeue: (pending: readonly number[]) => void;
  const panels: { user: Panel<User>; feed: Panel<Feed>; ads: Panel<Ad> };
}
