import { and, eq, gt, lte } from 'drizzle-orm';
import { members, trustedDevices } from '../../drizzle/schema';
import type { Db } from '../common/db';

/** How long a browser stays trusted after its last successful sign-in (the `kw_device` cookie's Max-Age). */
export const DEVICE_TRUST_MS = 180 * 24 * 60 * 60 * 1000;

/**
 * The id of the live trusted device with this token hash when it belongs to the member with `email`
 * (lower-cased), else null: a device cookie of another member is no device at all for this email.
 * @example const device = await trustedDeviceFor(db, await sha256Hex(cookie), 'ana@example.com', Date.now())
 */
export async function trustedDeviceFor(
  db: Db,
  tokenHash: string,
  email: string,
  now: number,
): Promise<number | null> {
  const [row] = await db
    .select({ id: trustedDevices.id })
    .from(trustedDevices)
    .innerJoin(members, eq(members.id, trustedDevices.memberId))
    .where(
      and(
        eq(trustedDevices.tokenHash, tokenHash),
        gt(trustedDevices.expiresAt, now),
        eq(members.email, email),
      ),
    )
    .limit(1);
  return row?.id ?? null;
}

/**
 * Trusts a browser for a member: stores the new token's hash and drops the token it replaces (the cookie
 * the browser sent, whoever it belonged to: the browser keeps only the new one) and every expired device,
 * in one batch.
 */
export async function rotateTrustedDevice(
  db: Db,
  input: { tokenHash: string; memberId: number; replacesHash: string | null; now: number },
): Promise<void> {
  await db.batch([
    db.insert(trustedDevices).values({
      tokenHash: input.tokenHash,
      memberId: input.memberId,
      createdAt: input.now,
      expiresAt: input.now + DEVICE_TRUST_MS,
    }),
    db.delete(trustedDevices).where(lte(trustedDevices.expiresAt, input.now)),
    ...(input.replacesHash === null
      ? []
      : [db.delete(trustedDevices).where(eq(trustedDevices.tokenHash, input.replacesHash))]),
  ]);
}

/** Forgets every browser a member was trusted on (batchable: the member is deactivated with it). */
export function deleteMemberDevices(db: Db, memberId: number) {
  return db.delete(trustedDevices).where(eq(trustedDevices.memberId, memberId));
}
