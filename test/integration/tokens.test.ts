import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import {
  admin,
  basic,
  call,
  createApiToken,
  createMember,
  createSource,
  errorCode,
  rows,
  seedAccount,
  uid,
} from './helpers';

const bearer = (token: string, path: string, init: { method?: string; body?: unknown } = {}) =>
  admin(path, { ...init, token });

describe('API tokens', () => {
  it('creates a token shown once, stored hashed, listed with its prefix', async () => {
    const name = uid('ci');
    const res = await admin('/api/tokens', { body: { name, role: 'viewer', expiresInDays: 30 } });
    expect(res.status).toBe(201);
    const created = await res.json<{
      id: number;
      name: string;
      role: string;
      prefix: string;
      token: string;
    }>();
    expect(created).toMatchObject({ name, role: 'viewer' });
    expect(created.token).toMatch(/^kw_at_[A-Za-z0-9]{43}$/);
    expect(created.prefix).toBe(created.token.slice(0, 12));
    expect(await rows('SELECT id FROM api_tokens WHERE token_hash = ?', created.token)).toEqual([]);

    const list = await (await admin('/api/tokens')).json<{ items: Record<string, unknown>[] }>();
    const item = list.items.find((i) => i.id === created.id)!;
    expect(item).toMatchObject({ name, role: 'viewer', prefix: created.prefix, lastUsedAt: null });
    expect(Object.keys(item).sort()).toEqual([
      'createdAt',
      'expiresAt',
      'id',
      'lastUsedAt',
      'name',
      'prefix',
      'role',
    ]);
    const days = (Date.parse(item.expiresAt as string) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.99);

    const audit = await rows<{ actor: string }>(
      "SELECT actor FROM audit_log WHERE action = 'token.create' AND entity_id = ?",
      String(created.id),
    );
    expect(audit).toEqual([{ actor: 'admin-token' }]);
  });

  it('a token acts with its role: viewer reads, csm works alerts, only admin configures', async () => {
    const viewer = await createApiToken('viewer');
    const csm = await createApiToken('csm');
    const adminToken = await createApiToken('admin');
    expect((await bearer(viewer.token, '/api/accounts')).status).toBe(200);
    const denied = await bearer(viewer.token, '/api/sources', { body: { name: 'nope' } });
    expect(denied.status).toBe(403);
    const { error } = await denied.json<{ error: { code: string; message: string } }>();
    expect(error.code).toBe('FORBIDDEN');
    expect(error.message).toContain('admin role');
    // csm passes the role check on alert work (404: no such alert) but not on configuration.
    expect((await bearer(csm.token, '/api/alerts/999999/close', { body: {} })).status).toBe(404);
    expect((await bearer(viewer.token, '/api/alerts/999999/close', { body: {} })).status).toBe(403);
    expect((await bearer(csm.token, '/api/sources', { body: { name: 'nope' } })).status).toBe(403);
    expect((await bearer(adminToken.token, '/api/sources', { body: { name: uid('by-token') } })).status).toBe(
      201,
    );
  });

  it('records the token as actor and lastUsedAt at most once a minute', async () => {
    const csm = await createApiToken('csm', { name: 'crm-sync' });
    const { externalId } = await seedAccount();
    const rating = await bearer(csm.token, `/api/accounts/${externalId}/rating`, { body: { stars: 4 } });
    expect(rating.status).toBe(201);
    const [entry] = await rows<{ actor: string }>(
      "SELECT actor FROM audit_log WHERE action = 'rating.create' AND entity_id = ?",
      externalId,
    );
    expect(entry?.actor).toBe(`token:${csm.id}:crm-sync`);

    const lastUsed = async () =>
      (
        await rows<{ last_used_at: number | null }>(
          'SELECT last_used_at FROM api_tokens WHERE id = ?',
          csm.id,
        )
      )[0]!.last_used_at;
    const first = await lastUsed();
    expect(first).toBeGreaterThan(Date.now() - 60_000);
    await bearer(csm.token, '/api/accounts');
    expect(await lastUsed()).toBe(first);
    await env.DB.prepare('UPDATE api_tokens SET last_used_at = ? WHERE id = ?')
      .bind(first! - 120_000, csm.id)
      .run();
    await bearer(csm.token, '/api/accounts');
    expect(await lastUsed()).toBeGreaterThan(first! - 120_000);
  });

  it('a revoked token stops working at once and leaves the list', async () => {
    const t = await createApiToken('admin');
    expect((await bearer(t.token, '/api/sources')).status).toBe(200);
    expect((await admin(`/api/tokens/${t.id}`, { method: 'DELETE' })).status).toBe(204);
    const after = await bearer(t.token, '/api/sources');
    expect(after.status).toBe(401);
    expect(await errorCode(after)).toBe('UNAUTHORIZED');
    const list = await (await admin('/api/tokens')).json<{ items: { id: number }[] }>();
    expect(list.items.map((i) => i.id)).not.toContain(t.id);
    expect((await admin(`/api/tokens/${t.id}`, { method: 'DELETE' })).status).toBe(404);
    const audit = await rows(
      "SELECT id FROM audit_log WHERE action = 'token.revoke' AND entity_id = ?",
      String(t.id),
    );
    expect(audit.length).toBe(1);
  });

  it('an expired token is refused', async () => {
    const t = await createApiToken('admin', { expiresInDays: 1 });
    await env.DB.prepare('UPDATE api_tokens SET expires_at = ? WHERE id = ?')
      .bind(Date.now() - 1, t.id)
      .run();
    expect((await bearer(t.token, '/api/sources')).status).toBe(401);
  });

  it('tokens are managed by admins only', async () => {
    const viewer = await createApiToken('viewer');
    const csm = await createApiToken('csm');
    expect((await bearer(viewer.token, '/api/tokens')).status).toBe(403);
    expect((await bearer(csm.token, '/api/tokens', { body: { name: 'x', role: 'admin' } })).status).toBe(403);
    expect((await bearer(csm.token, `/api/tokens/${csm.id}`, { method: 'DELETE' })).status).toBe(403);
  });

  it('validates token input', async () => {
    expect((await admin('/api/tokens', { body: { name: '', role: 'viewer' } })).status).toBe(400);
    expect((await admin('/api/tokens', { body: { name: 'x', role: 'root' } })).status).toBe(400);
    expect(
      (await admin('/api/tokens', { body: { name: 'x', role: 'viewer', expiresInDays: 0 } })).status,
    ).toBe(400);
  });
});

describe('credentials that never authenticate /api', () => {
  it('a source write key is refused as Basic auth and as a bearer token (401)', async () => {
    const { writeKey } = await createSource(uid('src'));
    for (const authorization of [basic(writeKey), `Bearer ${writeKey}`]) {
      const res = await call('/api/accounts', { headers: { Authorization: authorization } });
      expect(res.status).toBe(401);
      expect(await errorCode(res)).toBe('UNAUTHORIZED');
    }
  });

  it('a member password is not a bearer token', async () => {
    const m = await createMember({ role: 'admin' });
    expect((await bearer(m.password, '/api/accounts')).status).toBe(401);
  });

  it('a token-shaped string that was never issued is refused', async () => {
    expect((await bearer(`kw_at_${'A'.repeat(43)}`, '/api/accounts')).status).toBe(401);
  });
});
