import type { Db } from '../db/client';
import { findMemberByEmail, type MemberRow, recordSignIn, setPasswordHash } from '../db/members';
import { pruneSessions } from '../db/sessions';
import { clearSignInFailures, recordSignInFailure, signInBlockedUntil } from '../db/sign-in-failures';
import { ApiError } from '../errors';
import { hashPassword, verifyPassword } from './password';

/** 429 with Retry-After (whole seconds, at least 1) when too many recent failures block this attempt. */
export async function assertNotThrottled(
  db: Db,
  who: { email: string; ip: string | null },
  now: number,
): Promise<void> {
  const until = await signInBlockedUntil(db, who, now);
  if (until === null) return;
  const retryAfterSeconds = Math.max(1, Math.ceil((until - now) / 1000));
  throw new ApiError({
    code: 'TOO_MANY_ATTEMPTS',
    message: `too many failed sign-in attempts; try again in ${Math.ceil(retryAfterSeconds / 60)} min`,
    headers: { 'Retry-After': String(retryAfterSeconds) },
  });
}

/**
 * Checks email and password, rate-limited per email and per client address. Unknown email, wrong password
 * and deactivated member fail alike (401 INVALID_CREDENTIALS, same message, same hashing work). A success
 * clears the email's failures, records the sign-in and rehashes a password stored with fewer iterations.
 * @example const member = await checkCredentials(db, { email, password, ip }, Date.now())
 */
export async function checkCredentials(
  db: Db,
  input: { email: string; password: string; ip: string | null },
  now: number,
): Promise<MemberRow> {
  const who = { email: input.email, ip: input.ip };
  await assertNotThrottled(db, who, now);
  const member = await findMemberByEmail(db, input.email);
  const { ok, needsRehash } = await verifyPassword(input.password, member?.passwordHash ?? null);
  if (!member || !ok || !member.active) {
    await recordSignInFailure(db, who, now);
    throw new ApiError({ code: 'INVALID_CREDENTIALS', message: 'wrong email or password' });
  }
  if (needsRehash) await setPasswordHash(db, member.id, await hashPassword(input.password), now);
  await Promise.all([
    clearSignInFailures(db, input.email),
    recordSignIn(db, member.id, now),
    pruneSessions(db, now),
  ]);
  return member;
}

/** The client address Cloudflare reports, used to rate-limit sign-in (null when absent, e.g. local tests). */
export const clientIp = (header: string | undefined): string | null => header?.trim().slice(0, 64) || null;
