import { and, eq, lt, ne, or, sql } from 'drizzle-orm';
import { members, sessions } from '../../drizzle/schema';
import type { Db } from '../common/db';
import type { MemberRow } from './members-store';

/** A session ends after this long without a request (sliding). */
export const SESSION_IDLE_MS = 12 * 60 * 60 * 1000;
/** ... and at the latest this long after sign-in, however active. */
export const SESSION_MAX_MS = 7 * 24 * 60 * 60 * 1000;
/** Requests closer together than this do not extend the session again (saves a write per request). */
const TOUCH_INTERVAL_MS = 60_000;

export type SessionRow = typeof sessions.$inferSelect;

/** When a session seen at `now` expires: idle timeout, capped by the absolute lifetime. */
export const sessionExpiry = (createdAt: number, now: number) =>
  Math.min(now + SESSION_IDLE_MS, createdAt + SESSION_MAX_MS);

export async function createSession(
  db: Db,
  input: { tokenHash: string; memberId: number; csrfToken: string; userAgent: string | null; now: number },
): Promise<SessionRow> {
  const [row] = await db
    .insert(sessions)
    .values({
      tokenHash: input.tokenHash,
      memberId: input.memberId,
      csrfToken: input.csrfToken,
      createdAt: input.now,
      lastSeenAt: input.now,
      expiresAt: sessionExpiry(input.now, input.now),
      userAgent: input.userAgent?.slice(0, 500) ?? null,
    })
    .returning();
  return row!;
}

/** A live session and its member: not expired (idle or absolute) and the member still active. */
export async function findLiveSession(
  db: Db,
  tokenHash: string,
  now: number,
): Promise<{ session: SessionRow; member: MemberRow } | null> {
  const [row] = await db
    .select({ session: sessions, member: members })
    .from(sessions)
    .innerJoin(members, eq(members.id, sessions.memberId))
    .where(
      and(
        eq(sessions.tokenHash, tokenHash),
        sql`${sessions.expiresAt} > ${now}`,
        sql`${sessions.createdAt} + ${SESSION_MAX_MS} > ${now}`,
        eq(members.active, true),
      ),
    )
    .limit(1);
  return row ?? null;
}

/** Slides the idle expiry forward, at most once per TOUCH_INTERVAL_MS. */
export async function touchSession(db: Db, session: SessionRow, now: number): Promise<void> {
  if (now - session.lastSeenAt < TOUCH_INTERVAL_MS) return;
  await db
    .update(sessions)
    .set({ lastSeenAt: now, expiresAt: sessionExpiry(session.createdAt, now) })
    .where(eq(sessions.tokenHash, session.tokenHash));
}

export async function deleteSession(db: Db, tokenHash: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
}

/** Ends every session of a member, except `keepTokenHash` (the one changing its password). */
export async function deleteMemberSessions(db: Db, memberId: number, keepTokenHash?: string): Promise<void> {
  await db
    .delete(sessions)
    .where(
      keepTokenHash === undefined
        ? eq(sessions.memberId, memberId)
        : and(eq(sessions.memberId, memberId), ne(sessions.tokenHash, keepTokenHash)),
    );
}

/** Deletes expired sessions (called opportunistically on sign-in). */
export async function pruneSessions(db: Db, now: number): Promise<void> {
  await db
    .delete(sessions)
    .where(or(lt(sessions.expiresAt, now), sql`${sessions.createdAt} + ${SESSION_MAX_MS} <= ${now}`));
}
