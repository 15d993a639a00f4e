import { and, asc, count, eq, sql } from 'drizzle-orm';
import { members } from '../../drizzle/schema';
import type { AuthMember, MemberItem, Role } from '../../shared/contracts/auth';
import type { Db } from '../common/db';

export type MemberRow = typeof members.$inferSelect;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** The member as `GET /api/auth/me` shows it. */
export const toAuthMember = (m: MemberRow): AuthMember => ({
  id: m.id,
  email: m.email,
  name: m.name,
  role: m.role,
});

/** The member as `GET /api/members` lists it. */
export const toMemberItem = (m: MemberRow): MemberItem => ({
  id: m.id,
  email: m.email,
  name: m.name,
  role: m.role,
  active: m.active,
  createdAt: new Date(m.createdAt).toISOString(),
  lastSignInAt: iso(m.lastSignInAt),
});

/** Number of members, active or not (zero means the first admin has not been set up). */
export async function countMembers(db: Db): Promise<number> {
  const [row] = await db.select({ n: count() }).from(members);
  return row?.n ?? 0;
}

/** A member by lower-cased email, active or not. */
export async function findMemberByEmail(db: Db, email: string): Promise<MemberRow | undefined> {
  return db.query.members.findFirst({ where: eq(members.email, email) });
}

export async function getMember(db: Db, id: number): Promise<MemberRow | undefined> {
  return db.query.members.findFirst({ where: eq(members.id, id) });
}

export async function listMembers(db: Db): Promise<MemberRow[]> {
  return db.select().from(members).orderBy(asc(members.email));
}

/**
 * Creates the first admin, atomically only while the table is empty, so two concurrent set-ups cannot both
 * succeed. Returns null when a member already exists.
 */
export async function insertFirstAdmin(
  db: Db,
  input: { email: string; name: string; passwordHash: string; now: number },
): Promise<MemberRow | null> {
  const row = await db.get<Record<string, unknown> | undefined>(sql`
    INSERT INTO members (email, name, role, password_hash, active, created_at, updated_at)
    SELECT ${input.email}, ${input.name}, 'admin', ${input.passwordHash}, 1, ${input.now}, ${input.now}
    WHERE NOT EXISTS (SELECT 1 FROM members)
    RETURNING id`);
  if (!row) return null;
  return (await getMember(db, Number(row.id))) ?? null;
}

/**
 * Creates the member an invite names, or — when the email belongs to a deactivated member — reactivates it
 * with the invite's role and the new password.
 */
export async function upsertInvitedMember(
  db: Db,
  input: { email: string; name: string; role: Role; passwordHash: string; now: number },
): Promise<MemberRow> {
  const [row] = await db
    .insert(members)
    .values({
      email: input.email,
      name: input.name,
      role: input.role,
      passwordHash: input.passwordHash,
      active: true,
      createdAt: input.now,
      updatedAt: input.now,
    })
    .onConflictDoUpdate({
      target: members.email,
      set: {
        name: input.name,
        role: input.role,
        passwordHash: input.passwordHash,
        active: true,
        updatedAt: input.now,
      },
    })
    .returning();
  return row!;
}

/**
 * Changes a member's role and/or active flag. The guard is part of the UPDATE, so concurrent requests cannot
 * together remove the last active admin: a change that would leave no active admin updates nothing and
 * returns `'last-admin'`.
 */
export async function updateMember(
  db: Db,
  id: number,
  patch: { role?: Role; active?: boolean },
  now: number,
): Promise<MemberRow | 'not-found' | 'last-admin'> {
  const removesAdmin = (patch.role !== undefined && patch.role !== 'admin') || patch.active === false;
  const otherActiveAdmins = sql`(SELECT count(*) FROM members o WHERE o.role = 'admin' AND o.active = 1 AND o.id <> ${id})`;
  const [row] = await db
    .update(members)
    .set({ ...patch, updatedAt: now })
    .where(
      removesAdmin
        ? and(
            eq(members.id, id),
            sql`(NOT (${members.role} = 'admin' AND ${members.active} = 1) OR ${otherActiveAdmins} > 0)`,
          )
        : eq(members.id, id),
    )
    .returning();
  if (row) return row;
  return (await getMember(db, id)) ? 'last-admin' : 'not-found';
}

/** Replaces a member's password hash (sign-up, password change, rehash with more iterations). */
export async function setPasswordHash(db: Db, id: number, passwordHash: string, now: number): Promise<void> {
  await db.update(members).set({ passwordHash, updatedAt: now }).where(eq(members.id, id));
}

export async function recordSignIn(db: Db, id: number, now: number): Promise<void> {
  await db.update(members).set({ lastSignInAt: now }).where(eq(members.id, id));
}

/** Whether an active member has `email` (an invite for an active member's email is refused). */
export async function activeMemberWithEmail(db: Db, email: string): Promise<boolean> {
  const row = await db.query.members.findFirst({
    where: and(eq(members.email, email), eq(members.active, true)),
    columns: { id: true },
  });
  return row !== undefined;
}
