import { beforeAll, describe, expect, it } from 'vitest';
import { basic, call, createSource } from './helpers';

const RUN_ID = '00000000-0000-4000-8000-000000000000';

/** Every admin route of health scoring, alerts and audit, with a placeholder for each path id. */
const ROUTES: [method: string, path: string][] = [
  ['POST', '/api/scoring/run'],
  ['GET', `/api/scoring/runs/${RUN_ID}`],
  ['GET', '/api/portfolio/summary'],
  ['GET', '/api/models'],
  ['POST', '/api/models'],
  ['GET', '/api/models/default'],
  ['GET', '/api/models/default/versions'],
  ['POST', '/api/models/validate'],
  ['PUT', '/api/models/default/draft'],
  ['POST', '/api/models/default/publish'],
  ['GET', '/api/segments'],
  ['PUT', '/api/segments'],
  ['POST', '/api/segments'],
  ['PATCH', '/api/segments/ghost-segment'],
  ['DELETE', '/api/segments/default'],
  ['POST', '/api/segments/reorder'],
  ['GET', '/api/accounts/acme/health/history'],
  ['POST', '/api/accounts/acme/rating'],
  ['POST', '/api/accounts/acme/override'],
  ['DELETE', '/api/accounts/acme/override'],
  ['GET', '/api/accounts/acme/metrics'],
  ['POST', '/api/accounts/acme/metrics'],
  ['POST', '/api/metrics'],
  ['GET', '/api/alerts'],
  ['GET', '/api/alerts/1'],
  ['POST', '/api/alerts/1/assign'],
  ['POST', '/api/alerts/1/snooze'],
  ['POST', '/api/alerts/1/close'],
  ['GET', '/api/alerts/rules'],
  ['PUT', '/api/alerts/rules/stale-data'],
  ['GET', '/api/alerts/webhook'],
  ['PUT', '/api/alerts/webhook'],
  ['GET', '/api/alerts/webhook/deliveries'],
  ['GET', '/api/audit'],
];

function request(method: string, path: string, headers: Record<string, string>) {
  const body = method === 'GET' || method === 'DELETE' ? undefined : '{}';
  return call(path, {
    method,
    headers: { ...headers, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body,
  });
}

async function expectUnauthorized(res: Response) {
  expect(res.status).toBe(401);
  expect((await res.json<{ error: { code: string } }>()).error.code).toBe('UNAUTHORIZED');
}

let writeKey: string;
beforeAll(async () => {
  writeKey = (await createSource('health-auth')).writeKey;
});

describe('health admin routes require the admin token', () => {
  it.each(ROUTES)('%s %s without credentials → 401', async (method, path) => {
    await expectUnauthorized(await request(method, path, {}));
  });

  it.each(ROUTES)('%s %s with a write key as Basic auth → 401', async (method, path) => {
    await expectUnauthorized(await request(method, path, { Authorization: basic(writeKey) }));
  });

  it.each(ROUTES)('%s %s with a write key as a bearer token → 401', async (method, path) => {
    await expectUnauthorized(await request(method, path, { Authorization: `Bearer ${writeKey}` }));
  });

  // Guards the table: with the admin token each route exists (the 401s above are not just unknown paths).
  // The scoring run is left out: with the token it would score every account.
  it.each(ROUTES.filter(([m, p]) => !(m === 'POST' && p === '/api/scoring/run')))(
    '%s %s with the admin token reaches the route',
    async (method, path) => {
      const res = await request(method, path, { Authorization: 'Bearer test-admin-token' });
      expect(res.status).not.toBe(401);
      const body = res.status >= 400 ? await res.json<{ error: { message: string } }>() : null;
      expect(body?.error.message ?? '').not.toMatch(/^no route for/);
    },
  );
});
