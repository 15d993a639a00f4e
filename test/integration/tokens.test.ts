import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import {
  admin,
  asSession,
  basic,
  call,
  createApiToken,
  createMember,
  createSource,
  errorCode,
  rows,
  seedAccount,
  signIn,
  type TestSession,
  uid,
} from './helpers';

const bearer = (token: string, path: string, init: { method?: string; body?: unknown } = {}) =>
  admin(path, { ...init, token });

/** An admin member, signed in. */
async function adminMember(): Promise<TestSession & { id: number; email: string }> {
  const m = await createMember({ role: 'admin' });
  return { ...(await signIn(m.email, m.password)), id: m.id, email: m.email };
}

/** `POST /api/tokens` as a signed-in member (or with a bearer token): the token's id and secret. */
async function tokenBy(
  creator: TestSession | string,
  role: 'admin' | 'csm' | 'viewer',
): Promise<{ id: number; token: string }> {
  const body = { name: uid(`${role}-token`), role };
  const res =
    typeof creator === 'string'
      ? await bearer(creator, '/api/tokens', { body })
      : await asSession(creator, '/api/tokens', { body });
  if (res.status !== 201) throw new Error(`create token: ${res.status} ${await res.text()}`);
  return res.json();
}

const listed = async () =>
  (await (await admin('/api/tokens')).json<{ items: { id: number; createdBy: string }[] }>()).items;

const revocations = (tokenId: number) =>
  rows<{ actor: string; details: string }>(
    "SELECT actor, details FROM audit_log WHERE action = 'token.revoke' AND entity_id = ?",
    String(tokenId),
  );

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
    expect(item).toMatchObject({
      name,
      role: 'viewer',
      prefix: created.prefix,
      lastUsedAt: null,
      createdBy: 'admin-token',
    });
    expect(Object.keys(item).sort()).toEqual([
      'createdAt',
      'createdBy',
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

describe('API tokens and their creator', () => {
  it('lists the member each token acts for: its creator, also when a token made it', async () => {
    const a = await adminMember();
    const own = await tokenBy(a, 'admin');
    const child = await tokenBy(own.token, 'viewer');
    const byBootstrap = await createApiToken('viewer');
    const items = await listed();
    expect(items.find((i) => i.id === own.id)?.createdBy).toBe(a.email);
    expect(items.find((i) => i.id === child.id)?.createdBy).toBe(a.email);
    expect(items.find((i) => i.id === byBootstrap.id)?.createdBy).toBe('admin-token');
  });

  it("deactivating an admin revokes their tokens (and their tokens' tokens) at once, audited", async () => {
    const a = await adminMember();
    const own = await tokenBy(a, 'admin');
    const child = await tokenBy(own.token, 'csm');
    const bystander = await tokenBy(await adminMember(), 'admin');
    expect((await bearer(own.token, '/api/sources')).status).toBe(200);

    expect((await admin(`/api/members/${a.id}`, { method: 'PATCH', body: { active: false } })).status).toBe(
      200,
    );
    for (const t of [own, child]) {
      const res = await bearer(t.token, '/api/sources');
      expect(res.status).toBe(401);
      expect(await errorCode(res)).toBe('UNAUTHORIZED');
      expect(await revocations(t.id)).toEqual([
        {
          actor: 'admin-token',
          details: JSON.stringify({
            name: (await rows<{ name: string }>('SELECT name FROM api_tokens WHERE id = ?', t.id))[0]!.name,
            role: t === own ? 'admin' : 'csm',
            createdBy: a.email,
            reason: 'creator deactivated',
          }),
        },
      ]);
    }
    // The token cannot re-invite its deactivated creator.
    const reinvite = await bearer(own.token, '/api/members/invites', {
      body: { email: a.email, role: 'admin' },
    });
    expect(reinvite.status).toBe(401);
    expect(await rows('SELECT id FROM invites WHERE email = ?', a.email)).toEqual([]);
    const ids = (await listed()).map((i) => i.id);
    expect(ids).not.toContain(own.id);
    expect(ids).not.toContain(child.id);
    expect((await bearer(bystander.token, '/api/sources')).status).toBe(200);
    // Reactivating the member does not bring revoked tokens back.
    expect((await admin(`/api/members/${a.id}`, { method: 'PATCH', body: { active: true } })).status).toBe(
      200,
    );
    expect((await bearer(own.token, '/api/sources')).status).toBe(401);
  });

  it('demoting an admin revokes their tokens above the new role; the others keep working', async () => {
    const a = await adminMember();
    const adminToken = await tokenBy(a, 'admin');
    const csmToken = await tokenBy(a, 'csm');
    expect((await admin(`/api/members/${a.id}`, { method: 'PATCH', body: { role: 'csm' } })).status).toBe(
      200,
    );
    expect((await bearer(adminToken.token, '/api/sources')).status).toBe(401);
    expect((await bearer(csmToken.token, '/api/alerts/999999/close', { body: {} })).status).toBe(404);
    const ids = (await listed()).map((i) => i.id);
    expect(ids).not.toContain(adminToken.id);
    expect(ids).toContain(csmToken.id);
    const [entry] = await revocations(adminToken.id);
    expect(JSON.parse(entry!.details)).toMatchObject({ createdBy: a.email, reason: 'creator is csm now' });
    expect(await revocations(csmToken.id)).toEqual([]);
  });

  it("checks the creator's standing on every use, even when it changed outside the API", async () => {
    const a = await adminMember();
    const t = await tokenBy(a, 'admin');
    await env.DB.prepare("UPDATE members SET role = 'viewer' WHERE id = ?").bind(a.id).run();
    const demoted = await bearer(t.token, '/api/accounts');
    expect(demoted.status).toBe(401);
    expect((await demoted.json<{ error: { message: string } }>()).error.message).toContain('viewer');
    await env.DB.prepare("UPDATE members SET role = 'admin', active = 0 WHERE id = ?").bind(a.id).run();
    expect((await bearer(t.token, '/api/accounts')).status).toBe(401);
    await env.DB.prepare('UPDATE members SET active = 1 WHERE id = ?').bind(a.id).run();
    expect((await bearer(t.token, '/api/accounts')).status).toBe(200);
  });

  it('pending invites die with their inviter’s admin rights, audited', async () => {
    const a = await adminMember();
    const t = await tokenBy(a, 'admin');
    const made = async (email: string) => {
      const res = await bearer(t.token, '/api/members/invites', { body: { email, role: 'admin' } });
      expect(res.status).toBe(201);
      return res.json<{ id: number; token: string }>();
    };
    const invite = await made(`${uid('accomplice')}@example.com`);
    expect((await call(`/api/auth/invites/${invite.token}`)).status).toBe(200);
    // Changed outside the API: the inviter's standing is checked when the link is used.
    await env.DB.prepare("UPDATE members SET role = 'csm' WHERE id = ?").bind(a.id).run();
    expect((await call(`/api/auth/invites/${invite.token}`)).status).toBe(410);
    await env.DB.prepare("UPDATE members SET role = 'admin' WHERE id = ?").bind(a.id).run();
    expect((await call(`/api/auth/invites/${invite.token}`)).status).toBe(200);
    // Through the API: deactivation revokes the pending invite for good.
    expect((await admin(`/api/members/${a.id}`, { method: 'PATCH', body: { active: false } })).status).toBe(
      200,
    );
    const accept = await call(`/api/auth/invites/${invite.token}/accept`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'Accomplice', password: 'a long enough password' }),
    });
    expect(accept.status).toBe(410);
    const audit = await rows<{ actor: string; details: string }>(
      "SELECT actor, details FROM audit_log WHERE action = 'invite.revoke' AND entity_id = ?",
      String(invite.id),
    );
    expect(audit.map((e) => [e.actor, JSON.parse(e.details).reason])).toEqual([
      ['admin-token', 'inviter deactivated'],
    ]);
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
