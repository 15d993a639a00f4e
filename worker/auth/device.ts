import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { getDb } from '../common/db';
import type { AppEnv } from '../common/env';
import { randomToken, sha256Hex } from './tokens';
import { DEVICE_TRUST_MS, rotateTrustedDevice, trustedDeviceFor } from './trusted-devices-store';

/**
 * Device cookies (OWASP, "Slow Down Online Guessing Attacks with Device Cookies"): five wrong passwords
 * lock an email out for 15 minutes, which anyone who knows the email could use to keep its owner out. A
 * browser that has signed in as a member before carries `kw_device`, a random token stored only hashed and
 * bound to that member; its attempts for that member's email count against the device alone (5 per 15
 * minutes), so the owner still signs in while unknown clients stay locked out. Attempts without a valid
 * device cookie for the email keep the per-email and per-address limits. Chosen over per-(email, address)
 * limits because an attacker can rotate addresses, but cannot mint a device cookie without the password.
 */
export const DEVICE_COOKIE = 'kw_device';

// Only the auth routes read it (sign-in, password change); Secure holds on localhost (a secure context).
const cookieOptions = { httpOnly: true, secure: true, sameSite: 'Strict', path: '/api/auth' } as const;
/** Longer values are not tokens this Worker issued (43 characters); they are not worth hashing. */
const MAX_TOKEN_CHARS = 100;

/**
 * The trusted device this request's `kw_device` cookie names for `email` (lower-cased), or null when the
 * cookie is missing, unknown, expired or bound to another member.
 * @example const device = await requestDevice(c, 'ana@example.com', Date.now())
 */
export async function requestDevice(c: Context<AppEnv>, email: string, now: number): Promise<number | null> {
  const token = getCookie(c, DEVICE_COOKIE);
  if (!token || token.length > MAX_TOKEN_CHARS) return null;
  return trustedDeviceFor(getDb(c.env.DB), await sha256Hex(token), email, now);
}

/**
 * After a successful sign-in (or set-up, or invite acceptance): trusts this browser for the member with a
 * new `kw_device` cookie (HttpOnly, Secure, SameSite=Strict, Path=/api/auth, 180 days), replacing the one
 * it sent.
 * @example await trustDevice(c, member.id, Date.now())
 */
export async function trustDevice(c: Context<AppEnv>, memberId: number, now: number): Promise<void> {
  const previous = getCookie(c, DEVICE_COOKIE);
  const token = randomToken(43);
  await rotateTrustedDevice(getDb(c.env.DB), {
    tokenHash: await sha256Hex(token),
    memberId,
    replacesHash: previous && previous.length <= MAX_TOKEN_CHARS ? await sha256Hex(previous) : null,
    now,
  });
  setCookie(c, DEVICE_COOKIE, token, { ...cookieOptions, maxAge: DEVICE_TRUST_MS / 1000 });
}
