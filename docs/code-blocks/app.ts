/**
 * The app names the `ts` code blocks of README.md and docs/*.md use without defining them (`getUser`,
 * `render`, ...): declared as globals for the blocks' type check, and implemented here so that
 * `npm run test:docs` can also run the blocks, in virtual time, and see what they call.
 *
 * The requests answer after a delay on rxjs's `asyncScheduler`, which `TestScheduler.run` makes
 * virtual: each runs past some deadline of the blocks, so that both paths of a block are taken.
 */
import { asyncScheduler, delay, from, mergeMap, of, throwError, timer, type Observable } from 'rxjs';
import type { Ad, Article, Feed, Order, Panel, Product, User } from './models';

interface ShowError {
  (error: unknown): void;
  (index: number, error: unknown): void;
}

/** What the app was asked to do, in order, as `name(arguments)`. */
export const calls: string[] = [];

function describe(value: unknown): string {
  if (value instanceof Error) return `${value.name}(${JSON.stringify(value.message)})`;
  if (value instanceof Response) return `Response(${value.status})`;
  return JSON.stringify(value) ?? String(value);
}

/** A function of type F that records its calls under `name`. */
function recorder<F extends (...args: never[]) => void>(name: string): F {
  const record = (...args: unknown[]): void => void calls.push(`${name}(${args.map(describe).join(', ')})`);
  return record as unknown as F;
}

function answer<T>(value: T, after: number): Observable<T> {
  return of(value).pipe(delay(after));
}

function fail(message: string, after: number): Observable<never> {
  return timer(after).pipe(mergeMap(() => throwError(() => new Error(message))));
}

function panel<T>(name: string): Panel<T> {
  return { show: recorder(`panels.${name}.show`), hide: recorder(`panels.${name}.hide`) };
}

const user: User = { id: 'u1', name: 'Ada' };

/**
 * The platform's `fetch`, in virtual time: records the call, answers 200 with `{ id, title }` after
 * 100 ms per path segment, or rejects with the signal's reason when it is aborted first. It shadows the
 * global `fetch` while a block runs (the blocks are type-checked against the platform's).
 */
function virtualFetch(url: string, init?: { readonly signal?: AbortSignal }): Promise<Response> {
  calls.push(`fetch(${JSON.stringify(url)})`);
  return new Promise((resolve, reject) => {
    const signal = init?.signal;
    const id = url.split('/').pop() ?? url;
    const answer = asyncScheduler.schedule(
      () => resolve(new Response(JSON.stringify({ id, title: `Article ${id}` }))),
      100 * url.split('/').length,
    );
    signal?.addEventListener('abort', () => {
      answer.unsubscribe();
      reject(signal.reason as DOMException);
    });
  });
}

/** Whether two values are equal as Jest's `toEqual` finds them, errors also by class, name and message. */
function equal(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  const keys = (value: object): string[] =>
    value instanceof Error ? [...Object.keys(value), 'name', 'message'] : Object.keys(value);
  const [left, right] = [keys(a), keys(b)];
  const field = (value: object, key: string): unknown => (value as Record<string, unknown>)[key];
  return left.length === right.length && left.every((key) => equal(field(a, key), field(b, key)));
}

/** The `expect(actual).toEqual(expected)` of a test runner, for the blocks that show a test. */
function expect(actual: unknown): { toEqual(expected: unknown): void } {
  return {
    toEqual(expected) {
      if (!equal(actual, expected))
        throw new Error(`expected ${describe(expected)}, got ${describe(actual)}`);
      calls.push(`expect(${describe(actual)}).toEqual(...)`);
    },
  };
}

export const app = {
  expect,
  id: user.id,
  getUser: (id: string): Observable<User> => answer({ ...user, id }, 300),
  getOrders: (id: string): Observable<Order[]> => answer([{ id: `${id}-o1`, total: 12 }], 100),
  getRecommendations: (id: string): Observable<Product[]> => answer([{ sku: `${id}-p1` }], 6000),
  getFeed: (id: string): Observable<Feed> => fail(`feed of ${id}: HTTP 503`, 200),
  getAds: (): Observable<Ad> => answer({ headline: 'Sale' }, 3000),
  /** Three requests: one answers, one fails, one is still running at 5 s. */
  requests$: from([answer(user, 400), fail('HTTP 500', 100), answer(user, 9000)]),
  /** An input that answers, and one still running at 5 s. */
  inputs$: from([answer(user, 200), answer(user, 7000)]),
  /** URLs and ids of requests made with `fetch`. */
  urls: ['/api/users/u1', '/api/users/u1/orders', '/api/feed', '/api/ads/today/sale', '/api/products/p1'],
  articleIds: ['a1', 'a2', 'a3'],
  fetch: virtualFetch,
  render: recorder<(part: User | Order[] | Product[] | Response | Article) => void>('render'),
  show: recorder<(index: number, value: User) => void>('show'),
  showError: recorder<ShowError>('showError'),
  showTimedOut: recorder<(index: number) => void>('showTimedOut'),
  requeue: recorder<(pending: readonly number[]) => void>('requeue'),
  panels: { user: panel<User>('user'), feed: panel<Feed>('feed'), ads: panel<Ad>('ads') },
};

declare global {
  const expect: typeof app.expect;
  const id: typeof app.id;
  const getUser: typeof app.getUser;
  const getOrders: typeof app.getOrders;
  const getRecommendations: typeof app.getRecommendations;
  const getFeed: typeof app.getFeed;
  const getAds: typeof app.getAds;
  const requests$: typeof app.requests$;
  const inputs$: typeof app.inputs$;
  const urls: typeof app.urls;
  const articleIds: typeof app.articleIds;
  const render: typeof app.render;
  const show: typeof app.show;
  const showError: typeof app.showError;
  const showTimedOut: typeof app.showTimedOut;
  const requeue: typeof app.requeue;
  const panels: typeof app.panels;
}
