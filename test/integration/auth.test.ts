import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../worker/auth/tokens';
import {
  ADMIN_TOKEN,
  admin,
  asSession,
  call,
  createApiToken,
  createMember,
  errorCode,
  rows,
  setCookieValue,
  signIn,
  uid,
} from './helpers';

function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  return call(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

const signInRes = (email: string, password: string, ip?: string) =>
  post('/api/auth/sign-in', { email, password }, ip ? { 'CF-Connecting-IP': ip } : {});

/** A sign-in from a browser holding the `kw_device` cookie `device`. */
const signInFrom = (device: string, email: string, password: string) =>
  post('/api/auth/sign-in', { email, password }, { Cookie: `kw_device=${device}` });

/** The statuses of `n` sign-ins sent at once, counted by status. */
async function parallelStatuses(n: number, send: (i: number) => Promise<Response>) {
  const responses = await Promise.all(Array.from({ length: n }, (_, i) => send(i)));
  const counts: Record<number, number> = {};
  for (const res of responses) {
    counts[res.status] = (counts[res.status] ?? 0) + 1;
    await res.body?.cancel();
  }
  return counts;
}

const me = (session: { cookie: string; csrfToken: string }) => asSession(session, '/api/auth/me');

// Storage is per test file, so this file starts with no members: set-up runs first.
describe('first admin set-up', () => {
  const owner = { email: 'Owner@Example.com', name: 'Owner', password: 'a long enough password' };

  it('GET /api/auth/state reports set-up required while no member exists', async () => {
    const res = await call('/api/auth/state');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ setupRequired: true, accessMode: false });
  });

  it('POST /api/auth/setup needs the ADMIN_TOKEN bearer itself', async () => {
    const none = await post('/api/auth/setup', owner);
    expect(none.status).toBe(401);
    const wrong = await post('/api/auth/setup', owner, { Authorization: 'Bearer not-the-token' });
    expect(wrong.status).toBe(401);
    // Even an admin API token is not the bootstrap token.
    const { token } = await createApiToken('admin');
    const apiToken = await post('/api/auth/setup', owner, { Authorization: `Bearer ${token}` });
    expect(apiToken.status).toBe(403);
    expect(await errorCode(apiToken)).toBe('FORBIDDEN');
    expect((await rows('SELECT id FROM members')).length).toBe(0);
  });

  it('POST /api/auth/setup rejects a short password without creating anyone', async () => {
    const res = await post(
      '/api/auth/setup',
      { ...owner, password: 'short' },
      { Authorization: `Bearer ${ADMIN_TOKEN}` },
    );
    expect(res.status).toBe(400);
    expect(await errorCode(res)).toBe('VALIDATION_FAILED');
    expect((await rows('SELECT id FROM members')).length).toBe(0);
  });

  it('POST /api/auth/setup creates the first admin and signs them in with a strict session cookie', async () => {
    const res = await post('/api/auth/setup', owner, { Authorization: `Bearer ${ADMIN_TOKEN}` });
    expect(res.status).toBe(201);
    const body = await res.json<{
      member: { id: number; email: string; role: string; name: string };
      csrfToken: string;
    }>();
    expect(body.member).toMatchObject({ email: 'owner@example.com', name: 'Owner', role: 'admin' });
    expect(body.csrfToken).toMatch(/^[A-Za-z0-9]{43}$/);
    const header = res.headers.getSetCookie().find((h) => h.startsWith('kw_session='))!;
    expect(header).toMatch(/; HttpOnly/);
    expect(header).toMatch(/; Secure/);
    expect(header).toMatch(/; SameSite=Strict/);
    expect(header).toMatch(/; Path=\//);
    expect(header).toMatch(/; Max-Age=604800/);
    const cookie = setCookieValue(res)!;
    // Only the cookie token's hash is stored.
    expect(await rows('SELECT token_hash FROM sessions WHERE token_hash = ?', cookie)).toEqual([]);
    const who = await me({ cookie, csrfToken: body.csrfToken });
    expect(who.status).toBe(200);
    expect(await who.json()).toMatchObject({ member: body.member, csrfToken: body.csrfToken });
    const [stored] = await rows<{ password_hash: string }>('SELECT password_hash FROM members');
    expect(stored!.password_hash).toMatch(/^pbkdf2-sha256\$100000\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=$/);
  });

  it('POST /api/auth/setup works only once', async () => {
    const again = await post(
      '/api/auth/setup',
      { ...owner, email: 'second@example.com' },
      { Authorization: `Bearer ${ADMIN_TOKEN}` },
    );
    expect(again.status).toBe(409);
    expect(await errorCode(again)).toBe('ALREADY_SET_UP');
    expect(await (await call('/api/auth/state')).json()).toEqual({ setupRequired: false, accessMode: false });
    expect((await rows('SELECT id FROM members')).length).toBe(1);
  });
});

describe('sign-in', () => {
  it('signs a member in (email case-insensitive), records the sign-in and audits it', async () => {
    const m = await createMember({ role: 'csm' });
    const res = await signInRes(m.email.toUpperCase(), m.password);
    expect(res.status).toBe(200);
    const body = await res.json<{ member: unknown; csrfToken: string }>();
    expect(body.member).toEqual({ id: m.id, email: m.email, name: m.email, role: 'csm' });
    expect(setCookieValue(res)).toMatch(/^[A-Za-z0-9]{43}$/);
    const [row] = await rows<{ last_sign_in_at: number | null }>(
      'SELECT last_sign_in_at FROM members WHERE id = ?',
      m.id,
    );
    expect(row!.last_sign_in_at).toBeGreaterThan(Date.now() - 60_000);
    const audit = await rows<{ actor: string }>(
      "SELECT actor FROM audit_log WHERE action = 'auth.sign_in' AND entity_id = ?",
      String(m.id),
    );
    expect(audit).toEqual([{ actor: m.email }]);
  });

  it('refuses a wrong password, an unknown email and a deactivated member alike', async () => {
    const m = await createMember();
    const inactive = await createMember({ active: false });
    const responses = [
      await signInRes(m.email, 'wrong password!'),
      await signInRes(`${uid('nobody')}@example.com`, m.password),
      await signInRes(inactive.email, inactive.password),
    ];
    const bodies = [];
    for (const res of responses) {
      expect(res.status).toBe(401);
      expect(setCookieValue(res)).toBeUndefined();
      bodies.push((await res.json<{ error: { code: string; message: string } }>()).error);
    }
    expect(new Set(bodies.map((b) => b.code))).toEqual(new Set(['INVALID_CREDENTIALS']));
    expect(new Set(bodies.map((b) => b.message)).size).toBe(1);
  });

  it('rejects a malformed body with 400', async () => {
    const res = await post('/api/auth/sign-in', { email: 'not-an-email', password: 'x' });
    expect(res.status).toBe(400);
  });

  it('blocks an email after 5 failures in 15 minutes with 429 and Retry-After, even with the right password', async () => {
    const m = await createMember();
    for (let i = 0; i < 5; i++) expect((await signInRes(m.email, `wrong ${i}`)).status).toBe(401);
    const blocked = await signInRes(m.email, m.password);
    expect(blocked.status).toBe(429);
    expect(await errorCode(blocked)).toBe('TOO_MANY_ATTEMPTS');
    const retryAfter = Number(blocked.headers.get('Retry-After'));
    expect(retryAfter).toBeGreaterThan(850);
    expect(retryAfter).toBeLessThanOrEqual(900);
    // Another email is not affected.
    const other = await createMember();
    expect((await signInRes(other.email, other.password)).status).toBe(200);
    // Once the failures are older than the window, sign-in works again and clears them.
    await env.DB.prepare('UPDATE sign_in_failures SET at = at - 16 * 60 * 1000 WHERE email = ?')
      .bind(m.email)
      .run();
    expect((await signInRes(m.email, m.password)).status).toBe(200);
    expect(await rows('SELECT id FROM sign_in_failures WHERE email = ?', m.email)).toEqual([]);
  });

  it('blocks a client address after 20 failures across emails', async () => {
    const ip = '203.0.113.7';
    for (let i = 0; i < 20; i++) {
      expect((await signInRes(`${uid('guess')}@example.com`, 'wrong password', ip)).status).toBe(401);
    }
    const m = await createMember();
    const blocked = await signInRes(m.email, m.password, ip);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('Retry-After'))).toBeGreaterThan(0);
    expect((await signInRes(m.email, m.password, '203.0.113.8')).status).toBe(200);
  });

  it('evaluates exactly 5 of 30 parallel wrong guesses for one email and refuses the other 25', async () => {
    const m = await createMember();
    const counts = await parallelStatuses(30, (i) => signInRes(m.email, `wrong guess ${i}`));
    expect(counts).toEqual({ 401: 5, 429: 25 });
    expect((await signInRes(m.email, m.password)).status).toBe(429);
    expect((await rows('SELECT id FROM sign_in_failures WHERE email = ?', m.email)).length).toBe(5);
  });

  it('evaluates exactly 20 of 30 parallel guesses from one address across emails', async () => {
    const ip = '203.0.113.77';
    const counts = await parallelStatuses(30, () =>
      signInRes(`${uid('spray')}@example.com`, 'wrong password', ip),
    );
    expect(counts).toEqual({ 401: 20, 429: 10 });
    const m = await createMember();
    expect((await signInRes(m.email, m.password, ip)).status).toBe(429);
  });

  it('limits parallel guesses of the current password on a password change the same way', async () => {
    const m = await createMember();
    const s = await signIn(m.email, m.password);
    const counts = await parallelStatuses(12, (i) =>
      asSession(s, '/api/auth/password', {
        body: { currentPassword: `wrong guess ${i}`, newPassword: 'a brand new password' },
      }),
    );
    expect(counts).toEqual({ 400: 5, 429: 7 });
  });

  it('prunes failures older than a day when recording a new one', async () => {
    const old = `${uid('old')}@example.com`;
    await env.DB.prepare('INSERT INTO sign_in_failures (email, ip, at) VALUES (?, NULL, ?)')
      .bind(old, Date.now() - 25 * 60 * 60 * 1000)
      .run();
    expect((await signInRes(`${uid('x')}@example.com`, 'wrong password')).status).toBe(401);
    expect(await rows('SELECT id FROM sign_in_failures WHERE email = ?', old)).toEqual([]);
  });
});

describe('device cookies', () => {
  it('a sign-in trusts the browser with a long-lived strict device cookie, stored hashed', async () => {
    const m = await createMember();
    const res = await signInRes(m.email, m.password);
    const header = res.headers.getSetCookie().find((h) => h.startsWith('kw_device='))!;
    expect(header).toMatch(/; HttpOnly/);
    expect(header).toMatch(/; Secure/);
    expect(header).toMatch(/; SameSite=Strict/);
    expect(header).toMatch(/; Path=\/api\/auth/);
    expect(header).toMatch(/; Max-Age=15552000/);
    const device = setCookieValue(res, 'kw_device')!;
    expect(device).toMatch(/^[A-Za-z0-9]{43}$/);
    const stored = await rows<{ token_hash: string }>(
      'SELECT token_hash FROM trusted_devices WHERE member_id = ?',
      m.id,
    );
    expect(stored).toEqual([{ token_hash: await sha256Hex(device) }]);
    // Signing in again from that browser replaces its cookie.
    const again = await signInFrom(device, m.email, m.password);
    const next = setCookieValue(again, 'kw_device')!;
    expect(next).not.toBe(device);
    expect(await rows('SELECT token_hash FROM trusted_devices WHERE member_id = ?', m.id)).toEqual([
      { token_hash: await sha256Hex(next) },
    ]);
  });

  it('the owner signs in from a trusted browser while guesses from elsewhere lock the email', async () => {
    const owner = await createMember();
    const device = setCookieValue(await signInRes(owner.email, owner.password), 'kw_device')!;
    for (let i = 0; i < 5; i++) expect((await signInRes(owner.email, `attacker ${i}`)).status).toBe(401);
    expect((await signInRes(owner.email, owner.password)).status).toBe(429);

    const res = await signInFrom(device, owner.email, owner.password);
    expect(res.status).toBe(200);
    expect(setCookieValue(res)).toMatch(/^[A-Za-z0-9]{43}$/);
    // The lockout of unknown clients stands.
    expect((await signInRes(owner.email, owner.password)).status).toBe(429);
  });

  it('wrong passwords from a trusted browser lock that browser out after 5', async () => {
    const owner = await createMember();
    const device = setCookieValue(await signInRes(owner.email, owner.password), 'kw_device')!;
    for (let i = 0; i < 5; i++) {
      expect((await signInFrom(device, owner.email, `wrong ${i}`)).status).toBe(401);
    }
    const blocked = await signInFrom(device, owner.email, owner.password);
    expect(blocked.status).toBe(429);
    expect(await errorCode(blocked)).toBe('TOO_MANY_ATTEMPTS');
    expect(Number(blocked.headers.get('Retry-After'))).toBeGreaterThan(850);
    // Parallel guesses from the device get no more.
    const counts = await parallelStatuses(10, (i) => signInFrom(device, owner.email, `more ${i}`));
    expect(counts).toEqual({ 429: 10 });
  });

  it('a device cookie of another member, or a made-up one, does not lift the lockout', async () => {
    const owner = await createMember();
    const other = await createMember();
    const othersDevice = setCookieValue(await signInRes(other.email, other.password), 'kw_device')!;
    for (let i = 0; i < 5; i++) expect((await signInRes(owner.email, `attacker ${i}`)).status).toBe(401);
    expect((await signInFrom(othersDevice, owner.email, owner.password)).status).toBe(429);
    expect((await signInFrom('x'.repeat(43), owner.email, owner.password)).status).toBe(429);
    // An expired device is no device either.
    const device = setCookieValue(await signInRes(other.email, other.password), 'kw_device')!;
    await env.DB.prepare('UPDATE trusted_devices SET expires_at = ? WHERE token_hash = ?')
      .bind(Date.now() - 1, await sha256Hex(device))
      .run();
    for (let i = 0; i < 5; i++) expect((await signInRes(other.email, `attacker ${i}`)).status).toBe(401);
    expect((await signInFrom(device, other.email, other.password)).status).toBe(429);
  });
});

describe('sessions', () => {
  it('GET /api/auth/me returns the member and the CSRF token; 401 without a session', async () => {
    const m = await createMember({ role: 'viewer' });
    const s = await signIn(m.email, m.password);
    const res = await me(s);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      member: { id: m.id, email: m.email, name: m.email, role: 'viewer' },
      csrfToken: s.csrfToken,
      actor: { memberId: m.id, email: m.email, role: 'viewer' },
    });
    const none = await call('/api/auth/me');
    expect(none.status).toBe(401);
    expect(await errorCode(none)).toBe('UNAUTHORIZED');
    expect((await me({ cookie: 'forged-cookie-value', csrfToken: '' })).status).toBe(401);
  });

  it('expires a session after its idle expiry and after 7 days however active', async () => {
    const m = await createMember();
    const idle = await signIn(m.email, m.password);
    const old = await signIn(m.email, m.password);
    expect((await me(idle)).status).toBe(200);
    const [idleRow, oldRow] = await Promise.all([sha256Hex(idle.cookie), sha256Hex(old.cookie)]);
    await env.DB.prepare('UPDATE sessions SET expires_at = ? WHERE token_hash = ?')
      .bind(Date.now() - 1, idleRow)
      .run();
    const sevenDays = 7 * 24 * 60 * 60 * 1000;
    await env.DB.prepare('UPDATE sessions SET created_at = ?, expires_at = ? WHERE token_hash = ?')
      .bind(Date.now() - sevenDays - 1000, Date.now() + 60 * 60 * 1000, oldRow)
      .run();
    for (const s of [idle, old]) {
      const res = await me(s);
      expect(res.status).toBe(401);
      expect(await errorCode(res)).toBe('UNAUTHORIZED');
    }
  });

  it('slides the idle expiry forward on use', async () => {
    const m = await createMember();
    const s = await signIn(m.email, m.password);
    await env.DB.prepare('UPDATE sessions SET last_seen_at = ?, expires_at = ? WHERE member_id = ?')
      .bind(Date.now() - 5 * 60 * 1000, Date.now() + 60 * 1000, m.id)
      .run();
    expect((await me(s)).status).toBe(200);
    const [row] = await rows<{ expires_at: number }>(
      'SELECT expires_at FROM sessions WHERE member_id = ?',
      m.id,
    );
    expect(row!.expires_at).toBeGreaterThan(Date.now() + 11 * 60 * 60 * 1000);
  });

  it('requires the CSRF token on cookie-authenticated writes, not on reads', async () => {
    const m = await createMember({ role: 'admin' });
    const s = await signIn(m.email, m.password);
    const body = { name: uid('csrf-source') };
    const missing = await asSession(s, '/api/sources', { body, csrf: null });
    expect(missing.status).toBe(403);
    expect(await errorCode(missing)).toBe('CSRF_FAILED');
    const wrong = await asSession(s, '/api/sources', { body, csrf: 'x'.repeat(43) });
    expect(wrong.status).toBe(403);
    expect(await errorCode(wrong)).toBe('CSRF_FAILED');
    expect(await rows('SELECT id FROM sources WHERE name = ?', body.name)).toEqual([]);
    const right = await asSession(s, '/api/sources', { body });
    expect(right.status).toBe(201);
    expect((await asSession(s, '/api/sources', { csrf: null })).status).toBe(200);
    // A bearer caller needs no CSRF token.
    expect((await admin('/api/sources', { body: { name: uid('bearer-source') } })).status).toBe(201);
  });

  it('POST /api/auth/sign-out deletes the session and clears the cookie; it needs the CSRF token', async () => {
    const m = await createMember();
    const s = await signIn(m.email, m.password);
    const noCsrf = await asSession(s, '/api/auth/sign-out', { method: 'POST', csrf: null });
    expect(noCsrf.status).toBe(403);
    expect((await me(s)).status).toBe(200);
    const res = await asSession(s, '/api/auth/sign-out', { method: 'POST' });
    expect(res.status).toBe(204);
    const cleared = res.headers.getSetCookie().find((h) => h.startsWith('kw_session='))!;
    expect(cleared).toMatch(/^kw_session=;/);
    expect(cleared).toMatch(/Max-Age=0/);
    expect((await me(s)).status).toBe(401);
    expect(await rows('SELECT token_hash FROM sessions WHERE member_id = ?', m.id)).toEqual([]);
    // Signing out without (or with a stale) session still succeeds.
    expect((await call('/api/auth/sign-out', { method: 'POST' })).status).toBe(204);
    expect((await asSession(s, '/api/auth/sign-out', { method: 'POST' })).status).toBe(204);
  });

  it('POST /api/auth/password changes the password and revokes the other sessions', async () => {
    const m = await createMember();
    const a = await signIn(m.email, m.password);
    const b = await signIn(m.email, m.password);
    const wrong = await asSession(a, '/api/auth/password', {
      body: { currentPassword: 'not my password', newPassword: 'a brand new password' },
    });
    expect(wrong.status).toBe(400);
    const short = await asSession(a, '/api/auth/password', {
      body: { currentPassword: m.password, newPassword: 'short' },
    });
    expect(short.status).toBe(400);
    expect((await me(b)).status).toBe(200);
    const ok = await asSession(a, '/api/auth/password', {
      body: { currentPassword: m.password, newPassword: 'a brand new password' },
    });
    expect(ok.status).toBe(204);
    expect((await me(a)).status).toBe(200);
    expect((await me(b)).status).toBe(401);
    expect((await signInRes(m.email, m.password)).status).toBe(401);
    expect((await signInRes(m.email, 'a brand new password')).status).toBe(200);
    const audit = await rows<{ actor: string }>(
      "SELECT actor FROM audit_log WHERE action = 'member.password' AND entity_id = ?",
      String(m.id),
    );
    expect(audit).toEqual([{ actor: m.email }]);
  });

  it('POST /api/auth/password is refused to callers without a member (API tokens)', async () => {
    const { token } = await createApiToken('admin');
    const res = await call('/api/auth/password', {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ currentPassword: 'whatever it is', newPassword: 'a brand new password' }),
    });
    expect(res.status).toBe(403);
  });

  it('a bearer token decides alone: a wrong one is not rescued by a valid cookie', async () => {
    const m = await createMember({ role: 'admin' });
    const s = await signIn(m.email, m.password);
    const res = await call('/api/auth/me', {
      headers: { Cookie: `kw_session=${s.cookie}`, Authorization: 'Bearer wrong' },
    });
    expect(res.status).toBe(401);
  });
});

describe('password hashing', () => {
  it('uses PBKDF2-SHA256 at the most iterations workerd allows, and verifies older hashes', async () => {
    const { hashPassword, verifyPassword, PBKDF2_ITERATIONS } = await import('../../worker/auth/password');
    expect(PBKDF2_ITERATIONS).toBe(100_000);
    const a = await hashPassword('same password');
    const b = await hashPassword('same password');
    expect(a).not.toBe(b);
    expect(await verifyPassword('same password', a)).toEqual({ ok: true, needsRehash: false });
    expect(await verifyPassword('other password', a)).toEqual({ ok: false, needsRehash: false });
    const weaker = await hashPassword('same password', 1000);
    expect(await verifyPassword('same password', weaker)).toEqual({ ok: true, needsRehash: true });
    expect((await verifyPassword('same password', 'garbage')).ok).toBe(false);
    // A stored hash asking for more work than new hashes get is refused, not computed.
    const [, , salt, hash] = a.split('$');
    expect((await verifyPassword('same password', `pbkdf2-sha256$100000000$${salt}$${hash}`)).ok).toBe(false);
    expect((await verifyPassword('same password', null)).ok).toBe(false);
  });

  it('rehashes a weaker stored hash on sign-in', async () => {
    const { hashPassword } = await import('../../worker/auth/password');
    const m = await createMember();
    await env.DB.prepare('UPDATE members SET password_hash = ? WHERE id = ?')
      .bind(await hashPassword(m.password, 1000), m.id)
      .run();
    expect((await signInRes(m.email, m.password)).status).toBe(200);
    const [row] = await rows<{ password_hash: string }>(
      'SELECT password_hash FROM members WHERE id = ?',
      m.id,
    );
    expect(row!.password_hash).toMatch(/^pbkdf2-sha256\$100000\$/);
  });
});
