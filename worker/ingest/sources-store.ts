import { desc, eq } from 'drizzle-orm';
import { sources } from '../../drizzle/schema';
import type { Source } from '../../shared/contracts/ingest';
import { auditInsert } from '../audit/store';
import type { Db } from '../common/db';

const toDto = (s: typeof sources.$inferSelect): Source => ({
  id: s.id,
  name: s.name,
  keyPrefix: s.keyPrefix,
  createdAt: new Date(s.createdAt).toISOString(),
  revokedAt: s.revokedAt === null ? null : new Date(s.revokedAt).toISOString(),
});

/** Inserts a source and its audit entry (name and key prefix, never the key) in one batch. */
export async function insertSource(
  db: Db,
  input: {
    id: string;
    name: string;
    keyHash: string;
    keyPrefix: string;
    keySealed: string | null;
    now: number;
  },
  actor: string,
): Promise<Source> {
  const [[row]] = await db.batch([
    db
      .insert(sources)
      .values({
        id: input.id,
        name: input.name,
        keyHash: input.keyHash,
        keyPrefix: input.keyPrefix,
        keySealed: input.keySealed,
        createdAt: input.now,
      })
      .returning(),
    auditInsert(
      db,
      {
        actor,
        action: 'source.create',
        entity: 'source',
        entityId: input.id,
        details: { name: input.name, keyPrefix: input.keyPrefix },
      },
      input.now,
    ),
  ]);
  return toDto(row!);
}

export async function listSources(db: Db): Promise<Source[]> {
  const rows = await db.select().from(sources).orderBy(desc(sources.createdAt));
  return rows.map(toDto);
}

/**
 * Marks a source revoked, with its audit entry in the same batch; returns null when it does not exist.
 * Revoking twice keeps the first time (and its one audit entry).
 */
export async function revokeSource(db: Db, id: string, actor: string, now: number): Promise<Source | null> {
  const row = await db.query.sources.findFirst({ where: eq(sources.id, id) });
  if (!row) return null;
  if (row.revokedAt !== null) return toDto(row);
  const [[updated]] = await db.batch([
    db.update(sources).set({ revokedAt: now }).where(eq(sources.id, id)).returning(),
    auditInsert(
      db,
      { actor, action: 'source.revoke', entity: 'source', entityId: id, details: { name: row.name } },
      now,
    ),
  ]);
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

/** A source's sealed write key (null: sealed before sealing existed, or without the secret); null when unknown. */
export async function findSealedWriteKey(
  db: Db,
  id: string,
): Promise<{ keySealed: string | null; revokedAt: number | null } | null> {
  const row = await db.query.sources.findFirst({
    where: eq(sources.id, id),
    columns: { keySealed: true, revokedAt: true },
  });
  return row ?? null;
}
