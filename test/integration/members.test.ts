import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import {
  admin,
  asSession,
  call,
  createMember,
  errorCode,
  rows,
  seedAccount,
  setCookieValue,
  signIn,
  type TestSession,
  uid,
} from './helpers';

interface CreatedInvite {
  id: number;
  email: string;
  role: string;
  expiresAt: string;
  token: string;
  url: string;
}

async function adminSession(): Promise<TestSession & { id: number }> {
  const m = await createMember({ role: 'admin' });
  return { ...(await signIn(m.email, m.password)), id: m.id };
}

async function invite(s: TestSession, body: Record<string, unknown>): Promise<CreatedInvite> {
  const res = await asSession(s, '/api/members/invites', { body });
  if (res.status !== 201) throw new Error(`invite: ${res.status} ${await res.text()}`);
  return res.json();
}

const accept = (token: string, body: unknown) =>
  call(`/api/auth/invites/${token}/accept`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });

const patchMember = (s: TestSession, id: number, body: unknown) =>
  asSession(s, `/api/members/${id}`, { method: 'PATCH', body });

describe('invites', () => {
  it('create → look up → accept signs the new member in; the link works once', async () => {
    const s = await adminSession();
    const email = `${uid('new')}@example.com`;
    const created = await invite(s, { email: email.toUpperCase(), role: 'csm' });
    expect(created).toMatchObject({ email, role: 'csm' });
    expect(created.token).toMatch(/^[A-Za-z0-9]{43}$/);
    expect(created.url).toBe(`http://keepwell.test/invite/${created.token}`);
    // Default expiry: 7 days.
    const days = (Date.parse(created.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.99);
    expect(days).toBeLessThanOrEqual(7);
    // Only the token's hash is stored.
    expect(await rows('SELECT id FROM invites WHERE token_hash = ?', created.token)).toEqual([]);

    const pending = await (await asSession(s, '/api/members/invites')).json<{ items: { id: number }[] }>();
    expect(pending.items.map((i) => i.id)).toContain(created.id);

    const info = await call(`/api/auth/invites/${created.token}`);
    expect(info.status).toBe(200);
    expect(await info.json()).toEqual({ email, role: 'csm', expiresAt: created.expiresAt });

    const accepted = await accept(created.token, { name: 'New Person', password: 'my first password' });
    expect(accepted.status).toBe(201);
    const body = await accepted.json<{
      member: { id: number; email: string; role: string };
      csrfToken: string;
    }>();
    expect(body.member).toMatchObject({ email, role: 'csm', name: 'New Person' });
    const cookie = setCookieValue(accepted)!;
    expect((await asSession({ cookie, csrfToken: body.csrfToken }, '/api/auth/me')).status).toBe(200);
    expect((await signIn(email, 'my first password')).member.id).toBe(body.member.id);

    const reuse = await accept(created.token, { name: 'Attacker', password: 'another password' });
    expect(reuse.status).toBe(410);
    expect(await errorCode(reuse)).toBe('INVITE_INVALID');
    expect((await call(`/api/auth/invites/${created.token}`)).status).toBe(410);
    const after = await (await asSession(s, '/api/members/invites')).json<{ items: { id: number }[] }>();
    expect(after.items.map((i) => i.id)).not.toContain(created.id);

    const audit = await rows<{ actor: string; details: string }>(
      "SELECT actor, details FROM audit_log WHERE action = 'invite.create' AND entity_id = ?",
      String(created.id),
    );
    expect(audit).toEqual([{ actor: s.member.email, details: JSON.stringify({ email, role: 'csm' }) }]);
  });

  it('an expired invite is gone (410) and leaves no member behind', async () => {
    const s = await adminSession();
    const email = `${uid('late')}@example.com`;
    const created = await invite(s, { email, role: 'viewer', expiresInDays: 1 });
    await env.DB.prepare('UPDATE invites SET expires_at = ? WHERE id = ?')
      .bind(Date.now() - 1, created.id)
      .run();
    expect((await call(`/api/auth/invites/${created.token}`)).status).toBe(410);
    const res = await accept(created.token, { name: 'Late', password: 'too late password' });
    expect(res.status).toBe(410);
    expect(await errorCode(res)).toBe('INVITE_INVALID');
    expect(await rows('SELECT id FROM members WHERE email = ?', email)).toEqual([]);
  });

  it('a revoked invite is gone (410); revoking twice or an unknown token is 404', async () => {
    const s = await adminSession();
    const created = await invite(s, { email: `${uid('rev')}@example.com`, role: 'viewer' });
    const revoke = await asSession(s, `/api/members/invites/${created.id}`, { method: 'DELETE' });
    expect(revoke.status).toBe(204);
    expect((await asSession(s, `/api/members/invites/${created.id}`, { method: 'DELETE' })).status).toBe(404);
    expect((await accept(created.token, { name: 'X', password: 'some password' })).status).toBe(410);
    const unknown = await call(`/api/auth/invites/${'x'.repeat(43)}`);
    expect(unknown.status).toBe(404);
    expect(await errorCode(unknown)).toBe('NOT_FOUND');
  });

  it('validates invites: role, expiry range, an email that is already an active member', async () => {
    const s = await adminSession();
    const existing = await createMember();
    expect(
      (await asSession(s, '/api/members/invites', { body: { email: 'a@example.com', role: 'owner' } }))
        .status,
    ).toBe(400);
    expect(
      (
        await asSession(s, '/api/members/invites', {
          body: { email: 'a@example.com', role: 'viewer', expiresInDays: 31 },
        })
      ).status,
    ).toBe(400);
    const dup = await asSession(s, '/api/members/invites', {
      body: { email: existing.email, role: 'viewer' },
    });
    expect(dup.status).toBe(409);
  });

  it('invites are managed by admins only', async () => {
    const csm = await createMember({ role: 'csm' });
    const s = await signIn(csm.email, csm.password);
    const res = await asSession(s, '/api/members/invites', {
      body: { email: 'b@example.com', role: 'viewer' },
    });
    expect(res.status).toBe(403);
    expect((await res.json<{ error: { message: string } }>()).error.message).toMatch(/admin/);
    expect((await asSession(s, '/api/members/invites')).status).toBe(403);
  });
});

describe('members', () => {
  it('GET /api/members lists members for any role', async () => {
    const viewer = await createMember({ role: 'viewer' });
    const s = await signIn(viewer.email, viewer.password);
    const res = await asSession(s, '/api/members');
    expect(res.status).toBe(200);
    const { items } = await res.json<{ items: Record<string, unknown>[] }>();
    const mine = items.find((i) => i.id === viewer.id)!;
    expect(mine).toMatchObject({ email: viewer.email, role: 'viewer', active: true });
    expect(typeof mine.lastSignInAt).toBe('string');
    expect(Object.keys(mine).sort()).toEqual([
      'active',
      'createdAt',
      'email',
      'id',
      'lastSignInAt',
      'name',
      'role',
    ]);
  });

  it('an admin changes roles (audited with both roles); a viewer cannot', async () => {
    const s = await adminSession();
    const m = await createMember({ role: 'viewer' });
    const res = await patchMember(s, m.id, { role: 'csm' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: m.id, role: 'csm', active: true });
    const audit = await rows<{ actor: string; details: string }>(
      "SELECT actor, details FROM audit_log WHERE action = 'member.role' AND entity_id = ?",
      String(m.id),
    );
    expect(audit).toEqual([
      { actor: s.member.email, details: JSON.stringify({ email: m.email, from: 'viewer', to: 'csm' }) },
    ]);

    const viewer = await createMember({ role: 'viewer' });
    const vs = await signIn(viewer.email, viewer.password);
    const denied = await patchMember(vs, m.id, { role: 'admin' });
    expect(denied.status).toBe(403);
    expect(await errorCode(denied)).toBe('FORBIDDEN');
    expect((await patchMember(s, 999_999, { role: 'csm' })).status).toBe(404);
    expect((await patchMember(s, m.id, {})).status).toBe(400);
  });

  it('a deactivated member is signed out everywhere and cannot sign in until reactivated', async () => {
    const s = await adminSession();
    const m = await createMember({ role: 'csm' });
    const ms = await signIn(m.email, m.password);
    expect((await rows('SELECT id FROM trusted_devices WHERE member_id = ?', m.id)).length).toBe(1);
    expect((await asSession(ms, '/api/auth/me')).status).toBe(200);
    const res = await patchMember(s, m.id, { active: false });
    expect(res.status).toBe(200);
    expect((await asSession(ms, '/api/auth/me')).status).toBe(401);
    expect(await rows('SELECT token_hash FROM sessions WHERE member_id = ?', m.id)).toEqual([]);
    // Nor does any browser stay trusted for them (device cookies, worker/auth/device.ts).
    expect(await rows('SELECT id FROM trusted_devices WHERE member_id = ?', m.id)).toEqual([]);
    const again = await call('/api/auth/sign-in', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: m.email, password: m.password }),
    });
    expect(again.status).toBe(401);
    const audit = await rows(
      "SELECT id FROM audit_log WHERE action = 'member.deactivate' AND entity_id = ?",
      String(m.id),
    );
    expect(audit.length).toBe(1);
    expect((await patchMember(s, m.id, { active: true })).status).toBe(200);
    expect((await signIn(m.email, m.password)).member.id).toBe(m.id);
  });

  it('a live session stops working even when the member is deactivated directly in D1', async () => {
    const m = await createMember();
    const ms = await signIn(m.email, m.password);
    await env.DB.prepare('UPDATE members SET active = 0 WHERE id = ?').bind(m.id).run();
    expect((await asSession(ms, '/api/auth/me')).status).toBe(401);
  });

  it('the last active admin cannot be demoted or deactivated (409 LAST_ADMIN)', async () => {
    const a = await adminSession();
    const b = await createMember({ role: 'admin' });
    // Make a and b the only active admins of this file's database for the duration of the test.
    const others = await rows<{ id: number }>(
      "SELECT id FROM members WHERE role = 'admin' AND active = 1 AND id NOT IN (?, ?)",
      a.id,
      b.id,
    );
    const otherIds = others.map((o) => o.id).join(',') || '0';
    await env.DB.prepare(`UPDATE members SET active = 0 WHERE id IN (${otherIds})`).run();
    try {
      expect((await patchMember(a, b.id, { role: 'csm' })).status).toBe(200);
      for (const patch of [{ role: 'viewer' }, { active: false }, { role: 'csm', active: false }]) {
        const res = await patchMember(a, a.id, patch);
        expect(res.status).toBe(409);
        expect(await errorCode(res)).toBe('LAST_ADMIN');
      }
      expect(await rows('SELECT role, active FROM members WHERE id = ?', a.id)).toEqual([
        { role: 'admin', active: 1 },
      ]);
      // Harmless changes to the last admin still work.
      expect((await patchMember(a, a.id, { role: 'admin', active: true })).status).toBe(200);
      // With a second admin again, the first may step down, and their session then loses admin rights.
      expect((await patchMember(a, b.id, { role: 'admin' })).status).toBe(200);
      expect((await patchMember(a, a.id, { role: 'viewer' })).status).toBe(200);
      expect((await asSession(a, '/api/members/invites')).status).toBe(403);
    } finally {
      await env.DB.prepare(`UPDATE members SET active = 1 WHERE id IN (${otherIds})`).run();
    }
  });

  it('member changes are admin-only for the break-glass token too (it acts as admin)', async () => {
    const m = await createMember({ role: 'viewer' });
    const res = await admin(`/api/members/${m.id}`, { method: 'PATCH', body: { role: 'csm' } });
    expect(res.status).toBe(200);
    const [entry] = await rows<{ actor: string }>(
      "SELECT actor FROM audit_log WHERE action = 'member.role' AND entity_id = ?",
      String(m.id),
    );
    expect(entry!.actor).toBe('admin-token');
  });
});

describe('the acting member is recorded', () => {
  it('ratings, overrides, alert work and configuration carry the member email', async () => {
    const csm = await createMember({ role: 'csm' });
    const cs = await signIn(csm.email, csm.password);
    const { id: accountId, externalId } = await seedAccount();

    expect((await asSession(cs, `/api/accounts/${externalId}/rating`, { body: { stars: 2 } })).status).toBe(
      201,
    );
    expect(await rows('SELECT rated_by FROM csm_ratings WHERE account_id = ?', accountId)).toEqual([
      { rated_by: csm.email },
    ]);
    const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
    const override = await asSession(cs, `/api/accounts/${externalId}/override`, {
      body: { tier: 'red', reason: 'churn call', expiresAt },
    });
    expect(override.status).toBe(201);
    expect(await rows('SELECT created_by FROM health_overrides WHERE account_id = ?', accountId)).toEqual([
      { created_by: csm.email },
    ]);
    expect((await asSession(cs, `/api/accounts/${externalId}/override`, { method: 'DELETE' })).status).toBe(
      204,
    );
    const accountAudit = await rows<{ action: string; actor: string }>(
      "SELECT action, actor FROM audit_log WHERE entity = 'account' AND entity_id = ? ORDER BY id",
      externalId,
    );
    expect(accountAudit).toEqual([
      { action: 'rating.create', actor: csm.email },
      { action: 'override.create', actor: csm.email },
      { action: 'override.clear', actor: csm.email },
    ]);

    const now = Date.now();
    const alert = await env.DB.prepare(
      `INSERT INTO alerts (account_id, rule_id, status, severity, title, detail, playbook, period, created_at, updated_at)
       VALUES (?, 'manual', 'open', 'warning', 't', 'd', 'p', '2026-01-01', ?, ?) RETURNING id`,
    )
      .bind(accountId, now, now)
      .first<{ id: number }>();
    const alertId = alert!.id;
    expect(
      (await asSession(cs, `/api/alerts/${alertId}/assign`, { body: { assignee: csm.email } })).status,
    ).toBe(200);
    const until = new Date(Date.now() + 3_600_000).toISOString();
    expect((await asSession(cs, `/api/alerts/${alertId}/snooze`, { body: { until } })).status).toBe(200);
    expect(
      (await asSession(cs, `/api/alerts/${alertId}/close`, { body: { note: 'called them' } })).status,
    ).toBe(200);
    const alertAudit = await rows<{ action: string; actor: string; details: string }>(
      "SELECT action, actor, details FROM audit_log WHERE entity = 'alert' AND entity_id = ? ORDER BY id",
      String(alertId),
    );
    expect(alertAudit).toEqual([
      { action: 'alert.assign', actor: csm.email, details: JSON.stringify({ assignee: csm.email }) },
      { action: 'alert.snooze', actor: csm.email, details: JSON.stringify({ until }) },
      { action: 'alert.close', actor: csm.email, details: JSON.stringify({ note: 'called them' }) },
    ]);
    const viaApi = await (await asSession(cs, `/api/audit?entity=alert&entityId=${alertId}`)).json<{
      items: { actor: string }[];
    }>();
    expect(viaApi.items.map((i) => i.actor)).toEqual([csm.email, csm.email, csm.email]);

    const a = await adminSession();
    const modelId = uid('model');
    const created = await asSession(a, '/api/models', {
      body: {
        id: modelId,
        name: 'Audited',
        config: {
          measures: [
            {
              key: 'seatShare',
              kind: 'seatActivationRate',
              weight: 100,
              normalisation: { kind: 'linear', min: 0, max: 1 },
            },
          ],
        },
      },
    });
    expect(created.status).toBe(201);
    expect(
      await rows(
        "SELECT actor FROM audit_log WHERE entity = 'model' AND entity_id = ? AND action = 'model.create'",
        modelId,
      ),
    ).toEqual([{ actor: a.member.email }]);
  });
});
