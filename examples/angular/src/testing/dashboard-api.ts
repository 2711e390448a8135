import type { FakeAnswer } from './fake-backend';

/** How long each call of the dashboard takes; the recommendations come after its 3 s deadline. */
export const DELAYS: Readonly<Record<string, number>> = {
  profile: 150,
  activity: 400,
  orders: 1200,
  recommendations: 5000,
};

const PROFILES: Readonly<Record<string, { name: string; city: string }>> = {
  '1': { name: 'Ada Lovelace', city: 'London' },
  '2': { name: 'Grace Hopper', city: 'New York' },
  '3': { name: 'Alan Turing', city: 'Manchester' },
};

const ORDERS: Readonly<Record<string, readonly { id: string; total: number }[]>> = {
  '1': [
    { id: 'a1', total: 40 },
    { id: 'a2', total: 80 },
  ],
  '2': [
    { id: 'g1', total: 25 },
    { id: 'g2', total: 30 },
    { id: 'g3', total: 45 },
  ],
  '3': [
    { id: 't1', total: 10 },
    { id: 't2', total: 12 },
  ],
};

/** The dashboard's API: /api/users/:id/:panel, with the activity service down (HTTP 503). */
export function dashboardApi(url: string): FakeAnswer {
  const [, , , id, panel] = url.split('/');
  const after = DELAYS[panel];
  switch (panel) {
    case 'profile':
      return { after, body: PROFILES[id] };
    case 'orders':
      return { after, body: ORDERS[id] };
    case 'activity':
      return { after, status: 503 };
    case 'recommendations':
      return { after, body: ['Notes on the Analytical Engine'] };
    default:
      return { after: 0, status: 404 };
  }
}
