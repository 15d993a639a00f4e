import { and, desc, eq, gt, lt } from 'drizzle-orm';
import { signInFailures } from '../../drizzle/schema';
import type { Db } from './client';

/** Failures count against an email or address for this long. */
export const SIGN_IN_WINDOW_MS = 15 * 60 * 1000;
/** Failed attempts per email within the window before further attempts are refused. */
export const MAX_FAILURES_PER_EMAIL = 5;
/** Failed attempts per client address within the window (several people may share one). */
export const MAX_FAILURES_PER_IP = 20;
/** Rows older than this are pruned when a new failure is recorded. */
const KEEP_MS = 24 * 60 * 60 * 1000;

/** When the `limit`-th most recent failure leaves the window, or null while fewer than `limit` are in it. */
async function unblockedAt(
  db: Db,
  column: typeof signInFailures.email | typeof signInFailures.ip,
  value: string,
  limit: number,
  now: number,
): Promise<number | null> {
  const [row] = await db
    .select({ at: signInFailures.at })
    .from(signInFailures)
    .where(and(eq(column, value), gt(signInFailures.at, now - SIGN_IN_WINDOW_MS)))
    .orderBy(desc(signInFailures.at))
    .limit(1)
    .offset(limit - 1);
  return row ? row.at + SIGN_IN_WINDOW_MS : null;
}

/**
 * Epoch ms until which sign-in for this email or from this address is refused, or null when allowed.
 * @example const until = await signInBlockedUntil(db, { email, ip }, Date.now())
 */
export async function signInBlockedUntil(
  db: Db,
  who: { email: string; ip: string | null },
  now: number,
): Promise<number | null> {
  const [byEmail, byIp] = await Promise.all([
    unblockedAt(db, signInFailures.email, who.email, MAX_FAILURES_PER_EMAIL, now),
    who.ip === null ? null : unblockedAt(db, signInFailures.ip, who.ip, MAX_FAILURES_PER_IP, now),
  ]);
  if (byEmail === null && byIp === null) return null;
  return Math.max(byEmail ?? 0, byIp ?? 0);
}

/** Records a failed attempt and prunes rows older than a day in the same batch. */
export async function recordSignInFailure(
  db: Db,
  who: { email: string; ip: string | null },
  now: number,
): Promise<void> {
  await db.batch([
    db.insert(signInFailures).values({ email: who.email, ip: who.ip, at: now }),
    db.delete(signInFailures).where(lt(signInFailures.at, now - KEEP_MS)),
  ]);
}

/** Forgets an email's failures after it signs in successfully (the address's failures stay). */
export async function clearSignInFailures(db: Db, email: string): Promise<void> {
  await db.delete(signInFailures).where(eq(signInFailures.email, email));
}
