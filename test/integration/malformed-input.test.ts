import { describe, expect, it } from 'vitest';
import { createApp } from '../../worker/app';
import { ADMIN_TOKEN, call } from './helpers';

// Every route that takes a body, sent a body that is not JSON: a 4xx envelope, never a 500.
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH']);
const writeRoutes = [
  ...new Map(
    createApp()
      .routes.filter((r) => WRITE_METHODS.has(r.method) && r.path.startsWith('/api/'))
      .map((r) => [`${r.method} ${r.path}`, r]),
  ).values(),
];
const concrete = (path: string) =>
  path
    .replace(/:id\b/g, '1')
    .replace(/:runId\b/g, crypto.randomUUID())
    .replace(/:[A-Za-z]+/g, 'x');

describe('malformed JSON bodies', () => {
  it('finds the write routes to check', () => {
    expect(writeRoutes.length).toBeGreaterThan(30);
  });

  it.each(writeRoutes.map((r) => [r.method, r.path] as const))(
    '%s %s never answers a 500',
    async (method, path) => {
      const res = await call(concrete(path), {
        method,
        headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Type': 'application/json' },
        body: '{"name": "unterminated',
      });
      // Routes that read no body (sign-out, run scoring) may succeed; none may fail with a 500.
      expect(res.status, `${method} ${path}`).toBeLessThan(500);
      if (res.status < 400) return;
      const body = (await res.json()) as { error: { code: string; requestId: string } };
      expect(body.error.code).toMatch(/^[A-Z_0-9]+$/);
      expect(body.error.requestId).toBeTruthy();
    },
  );

  it('names the problem on a JSON route that reaches the body', async () => {
    const res = await call('/api/sources', {
      method: 'POST',
      headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Type': 'application/json' },
      body: '{"name":',
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('INVALID_JSON');
  });
});
