import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { Actor } from '../../shared/contracts/auth';
import { getDb } from '../common/db';
import type { AppEnv } from '../common/env';
import { ApiError } from '../common/errors';
import { verifyAccessJwt } from './access';
import { creatorProblem, findLiveApiToken, touchApiToken } from './api-tokens-store';
import { findMemberByEmail } from './members-store';
import { findLiveSession, touchSession } from './sessions-store';
import { API_TOKEN_PREFIX, sha256Hex } from './tokens';

/** Name of the browser session cookie. */
export const SESSION_COOKIE = 'kw_session';
/** Header carrying the session's CSRF token on cookie-authenticated writes. */
export const CSRF_HEADER = 'X-CSRF-Token';
/** Header Cloudflare Access adds with its signed JWT. */
export const ACCESS_JWT_HEADER = 'Cf-Access-Jwt-Assertion';
/** The actor of the break-glass `ADMIN_TOKEN` bearer. */
export const ADMIN_TOKEN_ACTOR: Actor = { memberId: null, email: 'admin-token', role: 'admin' };

const encoder = new TextEncoder();

/** Constant-time string comparison (hashing first makes the lengths equal). */
export async function safeEqual(a: string, b: string): Promise<boolean> {
  const [ha, hb] = await Promise.all([
    crypto.subtle.digest('SHA-256', encoder.encode(a)),
    crypto.subtle.digest('SHA-256', encoder.encode(b)),
  ]);
  return crypto.subtle.timingSafeEqual(ha, hb);
}

/** True for methods that change state (CSRF applies to them). */
export const isUnsafeMethod = (method: string) =>
  method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS';

/** True when Cloudflare Access verification is configured. */
export const accessConfigured = (env: AppEnv['Bindings']) =>
  Boolean(env.CF_ACCESS_TEAM_DOMAIN && env.CF_ACCESS_AUD);

const unauthorized = (message: string) => new ApiError({ code: 'UNAUTHORIZED', message });

type Ctx = Context<AppEnv>;

/** `Authorization: Bearer …`: the ADMIN_TOKEN or an API token. Anything else (a write key, Basic auth) fails. */
async function fromAuthorization(c: Ctx, header: string, now: number): Promise<void> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match?.[1]) {
    c.set(
      'authFailure',
      unauthorized('use Authorization: Bearer with an API token; write keys only send events'),
    );
    return;
  }
  const token = match[1];
  const adminToken = c.env.ADMIN_TOKEN;
  if (adminToken && (await safeEqual(token, adminToken))) {
    c.set('actor', ADMIN_TOKEN_ACTOR);
    c.set('authMethod', 'admin-token');
    return;
  }
  if (token.startsWith(API_TOKEN_PREFIX)) {
    const db = getDb(c.env.DB);
    const found = await findLiveApiToken(db, await sha256Hex(token), now);
    if (found) {
      const { token: row, creator } = found;
      // Checked on every use, not only when the creator changes: a token never outlives its creator's rights.
      const problem = creatorProblem(row, creator);
      if (problem) {
        c.set('authFailure', unauthorized(`this API token no longer works: ${problem}`));
        return;
      }
      await touchApiToken(db, row, now);
      c.set('actor', { memberId: null, email: `token:${row.id}:${row.name}`, role: row.role });
      c.set('authMethod', 'api-token');
      c.set('apiToken', { id: row.id, createdBy: row.createdBy });
      return;
    }
  }
  c.set('authFailure', unauthorized('the bearer token is unknown, revoked or expired'));
}

/**
 * The member accountable for what the request creates (API tokens, invites): the signed-in member, or the
 * member an API token acts for, so a token made with a token still stops when that member is deactivated.
 * Null for the ADMIN_TOKEN and for tokens it made.
 * @example insertApiToken(db, { …, createdBy: accountableMemberId(c) })
 */
export function accountableMemberId(c: Context<AppEnv>): number | null {
  const actor = c.get('actor');
  if (actor.memberId !== null) return actor.memberId;
  return c.get('authMethod') === 'api-token' ? c.get('apiToken').createdBy : null;
}

/**
 * Cloudflare Access: the JWT's email must be an active member. Browsers send the Access cookie on
 * cross-site requests too, so writes must also come from this origin (Origin or Sec-Fetch-Site).
 */
async function fromAccess(c: Ctx, jwt: string): Promise<void> {
  const email = await verifyAccessJwt(jwt, {
    teamDomain: c.env.CF_ACCESS_TEAM_DOMAIN!,
    aud: c.env.CF_ACCESS_AUD!,
    jwks: c.env.CF_ACCESS_JWKS,
  });
  if (email === null) {
    c.set('authFailure', unauthorized('the Cloudflare Access token is invalid or expired'));
    return;
  }
  const member = await findMemberByEmail(getDb(c.env.DB), email);
  if (!member?.active) {
    c.set('authFailure', unauthorized(`${email} is not an active member of this Keepwell`));
    return;
  }
  if (isUnsafeMethod(c.req.method)) {
    const origin = c.req.header('Origin');
    const sameOrigin =
      origin === new URL(c.req.url).origin ||
      (origin === undefined && c.req.header('Sec-Fetch-Site') === 'same-origin');
    if (!sameOrigin) {
      c.set('authFailure', new ApiError({ code: 'CSRF_FAILED', message: 'cross-origin write refused' }));
      return;
    }
  }
  c.set('actor', { memberId: member.id, email: member.email, role: member.role });
  c.set('authMethod', 'access');
}

/** The `kw_session` cookie: a live session of an active member; writes must echo its CSRF token. */
async function fromSessionCookie(c: Ctx, token: string, now: number): Promise<void> {
  const db = getDb(c.env.DB);
  const tokenHash = await sha256Hex(token);
  const found = await findLiveSession(db, tokenHash, now);
  if (!found) {
    c.set('authFailure', unauthorized('the session has expired; sign in again'));
    return;
  }
  const { session, member } = found;
  c.set('session', { tokenHash, csrfToken: session.csrfToken, memberId: member.id });
  if (isUnsafeMethod(c.req.method)) {
    const sent = c.req.header(CSRF_HEADER);
    if (!sent || !(await safeEqual(sent, session.csrfToken))) {
      c.set(
        'authFailure',
        new ApiError({ code: 'CSRF_FAILED', message: `send the session's CSRF token in ${CSRF_HEADER}` }),
      );
      return;
    }
  }
  await touchSession(db, session, now);
  c.set('actor', { memberId: member.id, email: member.email, role: member.role });
  c.set('authMethod', 'session');
}

/**
 * Resolves who is calling: `Authorization: Bearer` (ADMIN_TOKEN or an API token), else a Cloudflare Access
 * JWT when Access is configured, else the `kw_session` cookie. Sets `actor` and `authMethod`, or
 * `authFailure` explaining why the credentials were refused. Never rejects by itself: {@link authorize}
 * decides per route, so public routes work with stale credentials.
 * @example api.use('*', authenticate()).use('*', authorize())
 */
export function authenticate(): MiddlewareHandler<AppEnv> {
  return async function authenticateMiddleware(c, next) {
    const now = Date.now();
    const authorization = c.req.header('Authorization');
    const accessJwt = accessConfigured(c.env) ? c.req.header(ACCESS_JWT_HEADER) : undefined;
    const cookie = getCookie(c, SESSION_COOKIE);
    // An explicit credential decides alone: a wrong bearer token never falls back to a cookie.
    if (authorization) await fromAuthorization(c, authorization, now);
    else if (accessJwt) await fromAccess(c, accessJwt);
    else if (cookie) await fromSessionCookie(c, cookie, now);
    await next();
  };
}
