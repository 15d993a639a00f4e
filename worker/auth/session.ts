import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import type { AuthSession } from '../../shared/contracts/auth';
import { getDb } from '../common/db';
import type { AppEnv } from '../common/env';
import { SESSION_COOKIE } from './authenticate';
import { trustDevice } from './device';
import { type MemberRow, toAuthMember } from './members-store';
import { createSession, SESSION_MAX_MS } from './sessions-store';
import { randomToken, sha256Hex } from './tokens';

// Secure is kept on plain-http localhost too: browsers treat localhost and 127.0.0.1 as secure contexts.
const cookieOptions = { httpOnly: true, secure: true, sameSite: 'Strict', path: '/' } as const;

/**
 * Starts a browser session for `member`: stores the hashed cookie token with a fresh CSRF token and sets
 * the `kw_session` cookie (HttpOnly, Secure, SameSite=Strict, Path=/, Max-Age = the absolute lifetime).
 * Every caller has just proved the member's password, so the browser also becomes a trusted device
 * (`kw_device`, worker/auth/device.ts).
 * @example return c.json(await startSession(c, member, Date.now()), 201)
 */
export async function startSession(c: Context<AppEnv>, member: MemberRow, now: number): Promise<AuthSession> {
  const token = randomToken(43);
  const csrfToken = randomToken(43);
  await createSession(getDb(c.env.DB), {
    tokenHash: await sha256Hex(token),
    memberId: member.id,
    csrfToken,
    userAgent: c.req.header('User-Agent') ?? null,
    now,
  });
  await trustDevice(c, member.id, now);
  setCookie(c, SESSION_COOKIE, token, { ...cookieOptions, maxAge: SESSION_MAX_MS / 1000 });
  return { member: toAuthMember(member), csrfToken };
}

/** Expires the `kw_session` cookie in the browser. */
export function clearSessionCookie(c: Context<AppEnv>): void {
  deleteCookie(c, SESSION_COOKIE, cookieOptions);
}
