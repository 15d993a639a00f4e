import { and, desc, eq, isNull, lt, or } from 'drizzle-orm';
import { apiTokens } from '../../drizzle/schema';
import type { ApiTokenItem, Role } from '../../shared/contracts/auth';
import type { Db } from './client';

export type ApiTokenRow = typeof apiTokens.$inferSelect;

/** `lastUsedAt` is written at most this often per token (saves a write per request). */
export const TOKEN_TOUCH_INTERVAL_MS = 60_000;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export const toApiTokenItem = (t: ApiTokenRow): ApiTokenItem => ({
  id: t.id,
  name: t.name,
  role: t.role,
  prefix: t.tokenPrefix,
  createdAt: new Date(t.createdAt).toISOString(),
  lastUsedAt: iso(t.lastUsedAt),
  expiresAt: iso(t.expiresAt),
});

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
export async function listApiTokens(db: Db): Promise<ApiTokenRow[]> {
  return db
    .select()
    .from(apiTokens)
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

/** The usable token with this hash: not revoked and not expired at `now`. */
export async function findLiveApiToken(db: Db, tokenHash: string, now: number): Promise<ApiTokenRow | null> {
  const row = await db.query.apiTokens.findFirst({ where: eq(apiTokens.tokenHash, tokenHash) });
  if (!row || row.revokedAt !== null || (row.expiresAt !== null && row.expiresAt <= now)) return null;
  return row;
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
