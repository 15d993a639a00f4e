import type { Db } from '../common/db';
import { ApiError } from '../common/errors';
import { findMemberByEmail, type MemberRow, recordSignIn, setPasswordHash } from './members-store';
import { hashPassword, verifyPassword } from './password';
import { pruneSessions } from './sessions-store';
import {
  clearSignInFailures,
  pruneSignInFailures,
  reserveSignInAttempt,
  type SignInClient,
  signInBlockedUntil,
} from './sign-in-failures-store';

/**
 * Reserves a password attempt for `who` before the password is checked, or throws 429 TOO_MANY_ATTEMPTS
 * with Retry-After (whole seconds, at least 1) when its limits are used up. Check and record are one
 * statement, so parallel guesses get no more attempts than sequential ones.
 * @example const attempt = await reserveAttempt(db, { email, ip, device: null }, Date.now())
 */
export async function reserveAttempt(db: Db, who: SignInClient, now: number): Promise<number> {
  const attempt = await reserveSignInAttempt(db, who, now);
  if (attempt !== null) return attempt;
  // The window may have moved on between the two statements: then a retry at once is right.
  const until = (await signInBlockedUntil(db, who, now)) ?? now;
  const retryAfterSeconds = Math.max(1, Math.ceil((until - now) / 1000));
  throw new ApiError({
    code: 'TOO_MANY_ATTEMPTS',
    message: `too many failed sign-in attempts; try again in ${Math.ceil(retryAfterSeconds / 60)} min`,
    headers: { 'Retry-After': String(retryAfterSeconds) },
  });
}

/**
 * Checks email and password, rate-limited per trusted device when `device` is set (see worker/auth/device.ts),
 * else per email and per client address. Unknown email, wrong password and deactivated member fail alike
 * (401 INVALID_CREDENTIALS, same message, same hashing work). A success clears the client's failures,
 * records the sign-in and rehashes a password stored with fewer iterations.
 * @example const member = await checkCredentials(db, { email, password, ip, device: null }, Date.now())
 */
export async function checkCredentials(
  db: Db,
  input: { email: string; password: string; ip: string | null; device: number | null },
  now: number,
): Promise<MemberRow> {
  const who: SignInClient = { email: input.email, ip: input.ip, device: input.device };
  await reserveAttempt(db, who, now);
  const member = await findMemberByEmail(db, input.email);
  const { ok, needsRehash } = await verifyPassword(input.password, member?.passwordHash ?? null);
  if (!member || !ok || !member.active) {
    // The reservation stays: it is this failure.
    await pruneSignInFailures(db, now);
    throw new ApiError({ code: 'INVALID_CREDENTIALS', message: 'wrong email or password' });
  }
  if (needsRehash) await setPasswordHash(db, member.id, await hashPassword(input.password), now);
  // Clearing the client's failures removes this attempt's reservation too.
  await Promise.all([clearSignInFailures(db, who), recordSignIn(db, member.id, now), pruneSessions(db, now)]);
  return member;
}

/** The client address Cloudflare reports, used to rate-limit sign-in (null when absent, e.g. local tests). */
export const clientIp = (header: string | undefined): string | null => header?.trim().slice(0, 64) || null;
