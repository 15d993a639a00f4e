import { and, desc, eq } from 'drizzle-orm';
import { models, modelVersions } from '../../drizzle/schema';
import type { HealthModel } from '../../shared/health';
import { auditInsert } from '../audit/store';
import type { Db } from '../common/db';

/** One version's config, or null when the model has no such version. */
export async function versionConfig(db: Db, modelId: string, version: number): Promise<HealthModel | null> {
  const row = await db.query.modelVersions.findFirst({
    where: and(eq(modelVersions.modelId, modelId), eq(modelVersions.version, version)),
  });
  return row ? (JSON.parse(row.config) as HealthModel) : null;
}

/** The open draft's version number, or null. */
export async function draftVersion(db: Db, modelId: string): Promise<number | null> {
  const row = await db.query.modelVersions.findFirst({
    where: and(eq(modelVersions.modelId, modelId), eq(modelVersions.status, 'draft')),
  });
  return row?.version ?? null;
}

/**
 * Publishes `config` as the model's next version in one batch: the published version is retired, the new one
 * carries who and the note, and the audit entry says which version it restores.
 */
export async function publishConfig(
  db: Db,
  modelId: string,
  config: HealthModel,
  opts: { actor: string; note: string | null; restores: number },
  now: number,
): Promise<number> {
  const latest = await db.query.modelVersions.findFirst({
    where: eq(modelVersions.modelId, modelId),
    orderBy: desc(modelVersions.version),
  });
  const version = (latest?.version ?? 0) + 1;
  await db.batch([
    db
      .update(modelVersions)
      .set({ status: 'retired' })
      .where(and(eq(modelVersions.modelId, modelId), eq(modelVersions.status, 'published'))),
    db.insert(modelVersions).values({
      modelId,
      version,
      status: 'published',
      config: JSON.stringify(config),
      createdAt: now,
      createdBy: opts.actor,
      publishedAt: now,
      publishedBy: opts.actor,
      note: opts.note,
    }),
    db.update(models).set({ updatedAt: now }).where(eq(models.id, modelId)),
    auditInsert(
      db,
      {
        actor: opts.actor,
        action: 'model.rollback',
        entity: 'model',
        entityId: modelId,
        details: { version, restores: opts.restores, note: opts.note },
      },
      now,
    ),
  ]);
  return version;
}

/** Deletes the open draft (audited); false when there is none. */
export async function discardDraft(db: Db, modelId: string, actor: string, now: number): Promise<boolean> {
  const version = await draftVersion(db, modelId);
  if (version === null) return false;
  await db.batch([
    db
      .delete(modelVersions)
      .where(and(eq(modelVersions.modelId, modelId), eq(modelVersions.status, 'draft'))),
    auditInsert(
      db,
      { actor, action: 'model.discard_draft', entity: 'model', entityId: modelId, details: { version } },
      now,
    ),
  ]);
  return true;
}
