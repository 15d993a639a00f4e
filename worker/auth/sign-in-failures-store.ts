import { and, desc, eq, gt, isNull, lt, type SQL, sql } from 'drizzle-orm';
import { signInFailures } from '../../drizzle/schema';
import type { Db } from '../common/db';

/** Failures count against an email, address or device for this long. */
export const SIGN_IN_WINDOW_MS = 15 * 60 * 1000;
/** Failed attempts per email within the window before further attempts from unknown clients are refused. */
export const MAX_FAILURES_PER_EMAIL = 5;
/** Failed attempts per client address within the window (several people may share one). */
export const MAX_FAILURES_PER_IP = 20;
/** Failed attempts per trusted device (a `kw_device` cookie) within the window. */
export const MAX_FAILURES_PER_DEVICE = 5;
/** Rows older than this are pruned when a new failure is recorded. */
const KEEP_MS = 24 * 60 * 60 * 1000;

/**
 * Who is trying to sign in. With `device` (the id of a trusted device of the member owning `email`) the
 * attempt counts against that device only; without it against the email and, when known, the address.
 */
export interface SignInClient {
  email: string;
  ip: string | null;
  device: number | null;
}

/** The attempts a client's limits count, as conditions on `sign_in_failures` (limit per condition). */
function scopes(who: SignInClient): { where: SQL; limit: number }[] {
  const t = signInFailures;
  if (who.device !== null) return [{ where: eq(t.device, who.device), limit: MAX_FAILURES_PER_DEVICE }];
  const out = [{ where: and(eq(t.email, who.email), isNull(t.device))!, limit: MAX_FAILURES_PER_EMAIL }];
  if (who.ip !== null)
    out.push({ where: and(eq(t.ip, who.ip), isNull(t.device))!, limit: MAX_FAILURES_PER_IP });
  return out;
}

/**
 * Reserves an attempt: inserts it only while every limit of the client has room, in one statement, so
 * parallel guesses cannot all pass a check made before any of them is recorded (D1 runs statements one at
 * a time). Returns the reservation's id, or null when the client is blocked. The caller keeps the row as
 * the failure when the password is wrong and {@link releaseSignInAttempt}s it when it is right.
 * @example const attempt = await reserveSignInAttempt(db, { email, ip, device: null }, Date.now())
 */
export async function reserveSignInAttempt(db: Db, who: SignInClient, now: number): Promise<number | null> {
  const since = now - SIGN_IN_WINDOW_MS;
  const room = scopes(who).map(
    (s) =>
      sql`(SELECT count(*) FROM ${signInFailures} WHERE ${s.where} AND ${signInFailures.at} > ${since}) < ${s.limit}`,
  );
  const row = await db.get<{ id: number } | undefined>(sql`
    INSERT INTO ${signInFailures} (email, ip, device, at)
    SELECT ${who.email}, ${who.ip}, ${who.device}, ${now}
    WHERE ${sql.join(room, sql` AND `)}
    RETURNING id`);
  return row ? Number(row.id) : null;
}

/** Deletes a reservation whose password was right: a success is not a failure. */
export async function releaseSignInAttempt(db: Db, id: number): Promise<void> {
  await db.delete(signInFailures).where(eq(signInFailures.id, id));
}

/** Prunes rows older than a day (called after a failure, so the table stays small). */
export async function pruneSignInFailures(db: Db, now: number): Promise<void> {
  await db.delete(signInFailures).where(lt(signInFailures.at, now - KEEP_MS));
}

/** When the `limit`-th most recent attempt of a scope leaves the window, or null while fewer are in it. */
async function unblockedAt(
  db: Db,
  scope: { where: SQL; limit: number },
  now: number,
): Promise<number | null> {
  const [row] = await db
    .select({ at: signInFailures.at })
    .from(signInFailures)
    .where(and(scope.where, gt(signInFailures.at, now - SIGN_IN_WINDOW_MS)))
    .orderBy(desc(signInFailures.at))
    .limit(1)
    .offset(scope.limit - 1);
  return row ? row.at + SIGN_IN_WINDOW_MS : null;
}

/**
 * Epoch ms until which this client is refused, or null when it is not (any more): the Retry-After of a
 * refused reservation.
 * @example const until = await signInBlockedUntil(db, { email, ip, device: null }, Date.now())
 */
export async function signInBlockedUntil(db: Db, who: SignInClient, now: number): Promise<number | null> {
  const until = await Promise.all(scopes(who).map((s) => unblockedAt(db, s, now)));
  const blocked = until.filter((u): u is number => u !== null);
  return blocked.length === 0 ? null : Math.max(...blocked);
}

/**
 * Forgets a client's failures after it signs in successfully: an unknown client clears the email's (as it
 * proved the password), a trusted device only its own, so a lockout of unknown clients by someone guessing
 * elsewhere stands while its owner works from a trusted browser. The address's failures always stay.
 */
export async function clearSignInFailures(db: Db, who: SignInClient): Promise<void> {
  await db
    .delete(signInFailures)
    .where(who.device === null ? eq(signInFailures.email, who.email) : eq(signInFailures.device, who.device));
}
