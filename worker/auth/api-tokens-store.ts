import { and, desc, eq, inArray, isNull, lt, or } from 'drizzle-orm';
import { apiTokens, members } from '../../drizzle/schema';
import { type ApiTokenItem, hasRole, ROLES, type Role } from '../../shared/contracts/auth';
import { auditInsert } from '../audit/store';
import type { Db } from '../common/db';

export type ApiTokenRow = typeof apiTokens.$inferSelect;

/** The member a token acts for: whoever created it, or null for tokens made with the ADMIN_TOKEN. */
export interface TokenCreator {
  email: string;
  role: Role;
  active: boolean;
}

/** `lastUsedAt` is written at most this often per token (saves a write per request). */
export const TOKEN_TOUCH_INTERVAL_MS = 60_000;

/** `createdBy` of a token made by the break-glass ADMIN_TOKEN (the audit log's actor name for it). */
export const ADMIN_TOKEN_CREATOR = 'admin-token';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export const toApiTokenItem = (t: ApiTokenRow, creator: TokenCreator | null): ApiTokenItem => ({
  id: t.id,
  name: t.name,
  role: t.role,
  prefix: t.tokenPrefix,
  createdBy: t.createdBy === null ? ADMIN_TOKEN_CREATOR : (creator?.email ?? `member ${t.createdBy}`),
  createdAt: new Date(t.createdAt).toISOString(),
  lastUsedAt: iso(t.lastUsedAt),
  expiresAt: iso(t.expiresAt),
});

const creatorColumns = { email: members.email, role: members.role, active: members.active };

/**
 * Why a token's creator no longer backs it, or null while it does: a token acts for the member who made it,
 * so it stops when they are deactivated or no longer hold its role (a demoted admin keeps no admin token).
 * Tokens made with the ADMIN_TOKEN (`createdBy` null) answer to nobody but that secret.
 * @example creatorProblem(adminTokenRow, { email: 'ana@example.com', role: 'csm', active: true }) // 'its creator is csm now, not admin'
 */
export function creatorProblem(token: ApiTokenRow, creator: TokenCreator | null): string | null {
  if (token.createdBy === null) return null;
  if (!creator?.active) return 'its creator is no longer an active member';
  if (!hasRole(creator.role, token.role)) return `its creator is ${creator.role} now, not ${token.role}`;
  return null;
}

export async function insertApiToken(
  db: Db,
  input: {
    name: string;
    role: Role;
    tokenHash: string;
    tokenPrefix: string;
    createdBy: number | null;
    expiresAt: number | null;
    now: number;
  },
): Promise<ApiTokenRow> {
  const [row] = await db
    .insert(apiTokens)
    .values({
      name: input.name,
      role: input.role,
      tokenHash: input.tokenHash,
      tokenPrefix: input.tokenPrefix,
      createdBy: input.createdBy,
      createdAt: input.now,
      expiresAt: input.expiresAt,
    })
    .returning();
  return row!;
}

/** Tokens not revoked (expired ones included, so admins see why automation stopped), newest first. */
export async function listApiTokens(db: Db): Promise<{ token: ApiTokenRow; creator: TokenCreator | null }[]> {
  return db
    .select({ token: apiTokens, creator: creatorColumns })
    .from(apiTokens)
    .leftJoin(members, eq(members.id, apiTokens.createdBy))
    .where(isNull(apiTokens.revokedAt))
    .orderBy(desc(apiTokens.createdAt), desc(apiTokens.id));
}

/** Revokes a token; null when it does not exist or was already revoked. */
export async function revokeApiToken(db: Db, id: number, now: number): Promise<ApiTokenRow | null> {
  const [row] = await db
    .update(apiTokens)
    .set({ revokedAt: now })
    .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
    .returning();
  return row ?? null;
}

/**
 * The token with this hash when it is not revoked and not expired at `now`, with its creator (check it
 * with {@link creatorProblem}); null otherwise.
 */
export async function findLiveApiToken(
  db: Db,
  tokenHash: string,
  now: number,
): Promise<{ token: ApiTokenRow; creator: TokenCreator | null } | null> {
  const [row] = await db
    .select({ token: apiTokens, creator: creatorColumns })
    .from(apiTokens)
    .leftJoin(members, eq(members.id, apiTokens.createdBy))
    .where(eq(apiTokens.tokenHash, tokenHash))
    .limit(1);
  if (!row || row.token.revokedAt !== null || (row.token.expiresAt !== null && row.token.expiresAt <= now))
    return null;
  return row;
}

/**
 * Revokes the live tokens a member created that need more than `keepUpTo` (every one when null: the
 * member was deactivated), each with a `token.revoke` audit entry in the same batch. Returns how many.
 * @example await revokeMemberTokens(db, { memberId: 7, creator: 'ana@example.com', keepUpTo: 'csm', actor, reason: 'creator is csm now', now })
 */
export async function revokeMemberTokens(
  db: Db,
  input: {
    memberId: number;
    creator: string;
    keepUpTo: Role | null;
    actor: string;
    reason: string;
    now: number;
  },
): Promise<number> {
  const { keepUpTo } = input;
  const roles = ROLES.filter((r) => keepUpTo === null || !hasRole(keepUpTo, r));
  if (roles.length === 0) return 0;
  const doomed = await db
    .select({ id: apiTokens.id, name: apiTokens.name, role: apiTokens.role })
    .from(apiTokens)
    .where(
      and(
        eq(apiTokens.createdBy, input.memberId),
        isNull(apiTokens.revokedAt),
        inArray(apiTokens.role, roles),
      ),
    );
  const [first, ...rest] = doomed.map((t) =>
    auditInsert(
      db,
      {
        actor: input.actor,
        action: 'token.revoke',
        entity: 'token',
        entityId: String(t.id),
        details: { name: t.name, role: t.role, createdBy: input.creator, reason: input.reason },
      },
      input.now,
    ),
  );
  if (!first) return 0;
  const ids = doomed.map((t) => t.id);
  await db.batch([
    first,
    ...rest,
    db
      .update(apiTokens)
      .set({ revokedAt: input.now })
      .where(and(inArray(apiTokens.id, ids), isNull(apiTokens.revokedAt))),
  ]);
  return doomed.length;
}

/** Records a use, at most once per TOKEN_TOUCH_INTERVAL_MS (the condition is in the UPDATE). */
export async function touchApiToken(db: Db, token: ApiTokenRow, now: number): Promise<void> {
  if (token.lastUsedAt !== null && now - token.lastUsedAt < TOKEN_TOUCH_INTERVAL_MS) return;
  await db
    .update(apiTokens)
    .set({ lastUsedAt: now })
    .where(
      and(
        eq(apiTokens.id, token.id),
        or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, now - TOKEN_TOUCH_INTERVAL_MS)),
      ),
    );
}
