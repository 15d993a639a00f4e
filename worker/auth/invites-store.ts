import { and, asc, eq, gt, inArray, isNull } from 'drizzle-orm';
import { invites } from '../../drizzle/schema';
import type { InviteItem, Role } from '../../shared/contracts/auth';
import { auditInsert } from '../audit/store';
import type { Db } from '../common/db';

export type InviteRow = typeof invites.$inferSelect;

export const toInviteItem = (i: InviteRow): InviteItem => ({
  id: i.id,
  email: i.email,
  role: i.role,
  createdAt: new Date(i.createdAt).toISOString(),
  expiresAt: new Date(i.expiresAt).toISOString(),
});

/** Why an invite cannot be used any more, or null while it is pending. */
export function inviteProblem(invite: InviteRow, now: number): 'accepted' | 'revoked' | 'expired' | null {
  if (invite.acceptedAt !== null) return 'accepted';
  if (invite.revokedAt !== null) return 'revoked';
  if (invite.expiresAt <= now) return 'expired';
  return null;
}

export async function insertInvite(
  db: Db,
  input: {
    tokenHash: string;
    email: string;
    role: Role;
    invitedBy: number | null;
    now: number;
    expiresAt: number;
  },
): Promise<InviteRow> {
  const [row] = await db
    .insert(invites)
    .values({
      tokenHash: input.tokenHash,
      email: input.email,
      role: input.role,
      invitedBy: input.invitedBy,
      createdAt: input.now,
      expiresAt: input.expiresAt,
    })
    .returning();
  return row!;
}

export async function findInviteByTokenHash(db: Db, tokenHash: string): Promise<InviteRow | undefined> {
  return db.query.invites.findFirst({ where: eq(invites.tokenHash, tokenHash) });
}

/** Invites neither accepted, revoked nor expired, oldest first. */
export async function listPendingInvites(db: Db, now: number): Promise<InviteRow[]> {
  return db
    .select()
    .from(invites)
    .where(and(isNull(invites.acceptedAt), isNull(invites.revokedAt), gt(invites.expiresAt, now)))
    .orderBy(asc(invites.createdAt), asc(invites.id));
}

/** Revokes a pending invite; null when no such pending invite exists. */
export async function revokeInvite(db: Db, id: number, now: number): Promise<InviteRow | null> {
  const [row] = await db
    .update(invites)
    .set({ revokedAt: now })
    .where(and(eq(invites.id, id), isNull(invites.acceptedAt), isNull(invites.revokedAt)))
    .returning();
  return row ?? null;
}

/**
 * Marks a pending invite accepted. The conditions are in the UPDATE, so of two concurrent accepts exactly
 * one wins; false means the invite was no longer pending.
 */
export async function claimInvite(db: Db, id: number, now: number): Promise<boolean> {
  const rows = await db
    .update(invites)
    .set({ acceptedAt: now })
    .where(
      and(
        eq(invites.id, id),
        isNull(invites.acceptedAt),
        isNull(invites.revokedAt),
        gt(invites.expiresAt, now),
      ),
    )
    .returning({ id: invites.id });
  return rows.length === 1;
}

/**
 * Revokes the pending invites a member created (they no longer may invite: deactivated or no longer
 * admin), each with an `invite.revoke` audit entry in the same batch. Returns how many.
 * @example await revokeMemberInvites(db, { memberId: 7, actor: 'lead@example.com', reason: 'inviter deactivated', now })
 */
export async function revokeMemberInvites(
  db: Db,
  input: { memberId: number; actor: string; reason: string; now: number },
): Promise<number> {
  const pending = and(
    eq(invites.invitedBy, input.memberId),
    isNull(invites.acceptedAt),
    isNull(invites.revokedAt),
    gt(invites.expiresAt, input.now),
  );
  const doomed = await db.select({ id: invites.id, email: invites.email }).from(invites).where(pending);
  const [first, ...rest] = doomed.map((i) =>
    auditInsert(
      db,
      {
        actor: input.actor,
        action: 'invite.revoke',
        entity: 'invite',
        entityId: String(i.id),
        details: { email: i.email, reason: input.reason },
      },
      input.now,
    ),
  );
  if (!first) return 0;
  const ids = doomed.map((i) => i.id);
  await db.batch([
    first,
    ...rest,
    db
      .update(invites)
      .set({ revokedAt: input.now })
      .where(and(inArray(invites.id, ids), isNull(invites.acceptedAt), isNull(invites.revokedAt))),
  ]);
  return doomed.length;
}
