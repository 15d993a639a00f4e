import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../worker/app';
import { createMember, errorCode } from './helpers';

const TEAM = 'keepwell-test.cloudflareaccess.com';
const AUD = '4714c1358e65fe4b408ad6d432a5f878f08194bdb4752441fd56faefa9b2b6f2';
const BASE = 'http://keepwell.test';

let signingKey: CryptoKey;
let strangerKey: CryptoKey;
let jwks: { keys: JWK[] };

beforeAll(async () => {
  const pair = await generateKeyPair('RS256', { extractable: true });
  const stranger = await generateKeyPair('RS256', { extractable: true });
  signingKey = pair.privateKey;
  strangerKey = stranger.privateKey;
  jwks = { keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'test-key', alg: 'RS256', use: 'sig' }] };
});

/** A Cloudflare Access JWT; each option breaks one property. */
function accessJwt(
  email: string | null,
  opts: { aud?: string; iss?: string; exp?: number | string; key?: CryptoKey; kid?: string } = {},
) {
  return new SignJWT(email === null ? {} : { email })
    .setProtectedHeader({ alg: 'RS256', kid: opts.kid ?? 'test-key' })
    .setIssuer(opts.iss ?? `https://${TEAM}`)
    .setAudience(opts.aud ?? AUD)
    .setIssuedAt()
    .setExpirationTime(opts.exp ?? '5m')
    .sign(opts.key ?? signingKey);
}

/** Calls a fresh app with Access configured (and the JWKS given inline instead of fetched from the team). */
async function request(path: string, init: RequestInit & { access?: boolean } = {}) {
  const accessEnv =
    init.access === false
      ? {}
      : { CF_ACCESS_TEAM_DOMAIN: TEAM, CF_ACCESS_AUD: AUD, CF_ACCESS_JWKS: JSON.stringify(jwks) };
  const ctx = createExecutionContext();
  const res = await createApp().request(`${BASE}${path}`, init, { ...env, ...accessEnv }, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

const withJwt = (jwt: string, init: RequestInit = {}) => ({
  ...init,
  headers: { ...(init.headers as Record<string, string>), 'Cf-Access-Jwt-Assertion': jwt },
});

describe('Cloudflare Access', () => {
  it('reports access mode in GET /api/auth/state only when configured', async () => {
    expect(await (await request('/api/auth/state')).json()).toMatchObject({ accessMode: true });
    expect(await (await request('/api/auth/state', { access: false })).json()).toMatchObject({
      accessMode: false,
    });
  });

  it('a valid token for an active member authenticates as that member', async () => {
    const m = await createMember({ role: 'csm' });
    const res = await request('/api/auth/me', withJwt(await accessJwt(m.email.toUpperCase())));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      member: { id: m.id, email: m.email, name: m.email, role: 'csm' },
      csrfToken: null,
      actor: { memberId: m.id, email: m.email, role: 'csm' },
    });
  });

  it.each([
    ['expired', { exp: Math.floor(Date.now() / 1000) - 60 }],
    ['for another application (aud)', { aud: 'another-application' }],
    ['from another team (iss)', { iss: 'https://evil.cloudflareaccess.com' }],
    ['signed by an unknown key', { key: 'stranger' as const }],
    ['signed by an unknown key id', { kid: 'other-key' }],
  ])('a token %s is refused (401)', async (_case, opts) => {
    const m = await createMember({ role: 'admin' });
    const { key, ...rest } = opts as { key?: 'stranger' } & Record<string, unknown>;
    const jwt = await accessJwt(m.email, { ...rest, ...(key ? { key: strangerKey } : {}) });
    const res = await request('/api/auth/me', withJwt(jwt));
    expect(res.status).toBe(401);
    expect(await errorCode(res)).toBe('UNAUTHORIZED');
  });

  it('a valid token for an unknown, deactivated or missing email is refused (401)', async () => {
    const inactive = await createMember({ active: false });
    for (const email of ['stranger@example.com', inactive.email, null]) {
      const res = await request('/api/auth/me', withJwt(await accessJwt(email)));
      expect(res.status).toBe(401);
    }
  });

  it('a tampered token is refused', async () => {
    const m = await createMember({ role: 'viewer' });
    const admin = await createMember({ role: 'admin' });
    const [header, , signature] = (await accessJwt(m.email)).split('.');
    const forgedPayload = btoa(
      JSON.stringify({ email: admin.email, aud: AUD, iss: `https://${TEAM}`, exp: 9e9 }),
    )
      .replace(/=+$/, '')
      .replace(/\+/g, '-')
      .replace(/\//g, '_');
    expect((await request('/api/auth/me', withJwt(`${header}.${forgedPayload}.${signature}`))).status).toBe(
      401,
    );
  });

  it('the header is ignored when Access is not configured', async () => {
    const m = await createMember({ role: 'admin' });
    const res = await request('/api/auth/me', { access: false, ...withJwt(await accessJwt(m.email)) });
    expect(res.status).toBe(401);
  });

  it('applies the member role, and refuses cross-origin writes', async () => {
    const viewer = await createMember({ role: 'viewer' });
    const adminMember = await createMember({ role: 'admin' });
    const body = JSON.stringify({ name: 'via access' });
    const json = { 'Content-Type': 'application/json', Origin: BASE };
    const denied = await request(
      '/api/sources',
      withJwt(await accessJwt(viewer.email), { method: 'POST', headers: json, body }),
    );
    expect(denied.status).toBe(403);
    expect(await errorCode(denied)).toBe('FORBIDDEN');
    const ok = await request(
      '/api/sources',
      withJwt(await accessJwt(adminMember.email), { method: 'POST', headers: json, body }),
    );
    expect(ok.status).toBe(201);
    const crossSite = await request(
      '/api/sources',
      withJwt(await accessJwt(adminMember.email), {
        method: 'POST',
        headers: { ...json, Origin: 'https://evil.example' },
        body,
      }),
    );
    expect(crossSite.status).toBe(403);
    expect(await errorCode(crossSite)).toBe('CSRF_FAILED');
    const noOrigin = await request(
      '/api/sources',
      withJwt(await accessJwt(adminMember.email), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body,
      }),
    );
    expect(noOrigin.status).toBe(403);
    // Reads need no origin.
    expect((await request('/api/sources', withJwt(await accessJwt(viewer.email)))).status).toBe(200);
  });

  it('records the Access member as the actor', async () => {
    const adminMember = await createMember({ role: 'admin' });
    const name = `access-${Date.now()}`;
    const res = await request(
      '/api/tokens',
      withJwt(await accessJwt(adminMember.email), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Origin: BASE },
        body: JSON.stringify({ name, role: 'viewer' }),
      }),
    );
    expect(res.status).toBe(201);
    const { id } = await res.json<{ id: number }>();
    const row = await env.DB.prepare(
      "SELECT actor FROM audit_log WHERE action = 'token.create' AND entity_id = ?",
    )
      .bind(String(id))
      .first<{ actor: string }>();
    expect(row?.actor).toBe(adminMember.email);
  });
});
