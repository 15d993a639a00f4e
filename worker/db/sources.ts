import { desc, eq } from 'drizzle-orm';
import { sources } from '../../drizzle/schema';
import type { Db } from './client';

export interface SourceDto {
  id: string;
  name: string;
  keyPrefix: string;
  createdAt: string;
  revokedAt: string | null;
}

const toDto = (s: typeof sources.$inferSelect): SourceDto => ({
  id: s.id,
  name: s.name,
  keyPrefix: s.keyPrefix,
  createdAt: new Date(s.createdAt).toISOString(),
  revokedAt: s.revokedAt === null ? null : new Date(s.revokedAt).toISOString(),
});

export async function insertSource(
  db: Db,
  input: { id: string; name: string; keyHash: string; keyPrefix: string; now: number },
): Promise<SourceDto> {
  const [row] = await db
    .insert(sources)
    .values({
      id: input.id,
      name: input.name,
      keyHash: input.keyHash,
      keyPrefix: input.keyPrefix,
      createdAt: input.now,
    })
    .returning();
  return toDto(row!);
}

export async function listSources(db: Db): Promise<SourceDto[]> {
  const rows = await db.select().from(sources).orderBy(desc(sources.createdAt));
  return rows.map(toDto);
}

/** Marks a source revoked; returns null when it does not exist. Revoking twice keeps the first time. */
export async function revokeSource(db: Db, id: string, now: number): Promise<SourceDto | null> {
  const row = await db.query.sources.findFirst({ where: eq(sources.id, id) });
  if (!row) return null;
  if (row.revokedAt !== null) return toDto(row);
  const [updated] = await db.update(sources).set({ revokedAt: now }).where(eq(sources.id, id)).returning();
  return toDto(updated!);
}

/** The active source owning a hashed write key, or null (unknown or revoked). */
export async function findActiveSourceByKeyHash(db: Db, keyHash: string): Promise<{ id: string } | null> {
  const row = await db.query.sources.findFirst({
    where: eq(sources.keyHash, keyHash),
    columns: { id: true, revokedAt: true },
  });
  return row && row.revokedAt === null ? { id: row.id } : null;
}
