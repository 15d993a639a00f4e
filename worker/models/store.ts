import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { models, modelVersions, segments } from '../../drizzle/schema';
import type { Model, ModelSummary, ModelVersion } from '../../shared/contracts/models';
import type { HealthModel, Segment } from '../../shared/health';
import { isoOrNull } from '../../shared/time';
import { auditInsert } from '../audit/store';
import type { Db } from '../common/db';

type SegmentRow = typeof segments.$inferSelect;

export const toSegment = (r: SegmentRow): Segment => ({
  id: r.id,
  name: r.name,
  order: r.position,
  match: r.match,
  conditions: JSON.parse(r.conditions) as Segment['conditions'],
  modelId: r.modelId,
  isDefault: r.isDefault,
});

export async function listSegments(db: Db): Promise<Segment[]> {
  const rows = await db
    .select()
    .from(segments)
    .orderBy(asc(segments.isDefault), asc(segments.position), asc(segments.id));
  return rows.map(toSegment);
}

/** Replaces the whole segment list in one transaction (the list was validated as a whole). */
export async function saveSegments(
  db: Db,
  list: Segment[],
  actor: string,
  action: string,
  now: number,
): Promise<void> {
  const existing = new Map((await db.select().from(segments)).map((r) => [r.id, r]));
  const keep = new Set(list.map((s) => s.id));
  const statements = [
    ...[...existing.keys()]
      .filter((id) => !keep.has(id))
      .map((id) => db.delete(segments).where(eq(segments.id, id))),
    ...list.map((s) =>
      db
        .insert(segments)
        .values({
          id: s.id,
          name: s.name,
          position: s.order,
          match: s.match,
          conditions: JSON.stringify(s.conditions),
          modelId: s.modelId,
          isDefault: s.isDefault,
          createdAt: existing.get(s.id)?.createdAt ?? now,
          updatedAt: now,
        })
        .onConflictDoUpdate({
          target: segments.id,
          set: {
            name: s.name,
            position: s.order,
            match: s.match,
            conditions: JSON.stringify(s.conditions),
            modelId: s.modelId,
            isDefault: s.isDefault,
            updatedAt: now,
          },
        }),
    ),
    auditInsert(db, { actor, action, entity: 'segments', entityId: '*', details: { segments: list } }, now),
  ];
  const [first, ...rest] = statements;
  await db.batch([first!, ...rest]);
}

const toVersion = (v: typeof modelVersions.$inferSelect): ModelVersion => ({
  id: v.id,
  version: v.version,
  status: v.status,
  createdAt: isoOrNull(v.createdAt)!,
  publishedAt: isoOrNull(v.publishedAt),
  createdBy: v.createdBy,
  publishedBy: v.publishedBy,
  note: v.note,
  config: JSON.parse(v.config) as HealthModel,
});

export async function listModels(db: Db): Promise<ModelSummary[]> {
  const [rows, versions] = await db.batch([
    db.select().from(models).orderBy(asc(models.id)),
    db.select().from(modelVersions).where(sql`${modelVersions.status} <> 'retired'`),
  ]);
  return rows.map((m) => {
    const mine = versions.filter((v) => v.modelId === m.id);
    const published = mine.find((v) => v.status === 'published');
    const draft = mine.find((v) => v.status === 'draft');
    return {
      id: m.id,
      name: m.name,
      createdAt: isoOrNull(m.createdAt),
      updatedAt: isoOrNull(m.updatedAt),
      publishedVersion: published?.version ?? null,
      draftVersion: draft?.version ?? null,
    };
  });
}

export async function getModel(db: Db, id: string): Promise<Model | null> {
  const model = await db.query.models.findFirst({ where: eq(models.id, id) });
  if (!model) return null;
  const versions = await db
    .select()
    .from(modelVersions)
    .where(eq(modelVersions.modelId, id))
    .orderBy(desc(modelVersions.version));
  return {
    id: model.id,
    name: model.name,
    createdAt: isoOrNull(model.createdAt),
    updatedAt: isoOrNull(model.updatedAt),
    versions: versions.map(toVersion),
  };
}

/** Creates a model with its first version as a draft. */
export async function createModel(
  db: Db,
  input: { id: string; name: string; config: HealthModel },
  actor: string,
  now: number,
) {
  await db.batch([
    db.insert(models).values({ id: input.id, name: input.name, createdAt: now, updatedAt: now }),
    db.insert(modelVersions).values({
      modelId: input.id,
      version: 1,
      status: 'draft',
      config: JSON.stringify(input.config),
      createdAt: now,
      createdBy: actor,
    }),
    auditInsert(
      db,
      { actor, action: 'model.create', entity: 'model', entityId: input.id, details: input },
      now,
    ),
  ]);
}

/** Writes the model's draft (creating the next version number as a draft when none is open). */
export async function saveDraft(
  db: Db,
  modelId: string,
  input: { name?: string; config: HealthModel },
  actor: string,
  now: number,
) {
  const latest = await db.query.modelVersions.findFirst({
    where: eq(modelVersions.modelId, modelId),
    orderBy: desc(modelVersions.version),
  });
  const config = JSON.stringify(input.config);
  const write =
    latest?.status === 'draft'
      ? db
          .update(modelVersions)
          .set({ config, createdAt: now, createdBy: actor })
          .where(eq(modelVersions.id, latest.id))
      : db.insert(modelVersions).values({
          modelId,
          version: (latest?.version ?? 0) + 1,
          status: 'draft',
          config,
          createdAt: now,
          createdBy: actor,
        });
  await db.batch([
    write,
    db
      .update(models)
      .set({ updatedAt: now, ...(input.name ? { name: input.name } : {}) })
      .where(eq(models.id, modelId)),
    auditInsert(
      db,
      { actor, action: 'model.draft', entity: 'model', entityId: modelId, details: input },
      now,
    ),
  ]);
}

/** Publishes the draft: it becomes the version new snapshots use; the previously published one is retired. */
export async function publishDraft(
  db: Db,
  modelId: string,
  actor: string,
  now: number,
  note: string | null = null,
  auditDetails: Record<string, unknown> = {},
): Promise<number | null> {
  const draft = await db.query.modelVersions.findFirst({
    where: and(eq(modelVersions.modelId, modelId), eq(modelVersions.status, 'draft')),
  });
  if (!draft) return null;
  await db.batch([
    db
      .update(modelVersions)
      .set({ status: 'retired' })
      .where(and(eq(modelVersions.modelId, modelId), eq(modelVersions.status, 'published'))),
    db
      .update(modelVersions)
      .set({ status: 'published', publishedAt: now, publishedBy: actor, note })
      .where(eq(modelVersions.id, draft.id)),
    db.update(models).set({ updatedAt: now }).where(eq(models.id, modelId)),
    auditInsert(
      db,
      {
        actor,
        action: 'model.publish',
        entity: 'model',
        entityId: modelId,
        details: { version: draft.version, ...(note ? { note } : {}), ...auditDetails },
      },
      now,
    ),
  ]);
  return draft.version;
}

/** The published version of every model: what a scoring run uses. */
export async function publishedModels(
  db: Db,
): Promise<Map<string, { versionId: number; version: number; config: HealthModel }>> {
  const rows = await db.select().from(modelVersions).where(eq(modelVersions.status, 'published'));
  return new Map(
    rows.map((r) => [
      r.modelId,
      { versionId: r.id, version: r.version, config: JSON.parse(r.config) as HealthModel },
    ]),
  );
}

/** What a model may refer to: the custom metric keys and the feature modules in use. */
export async function modelReferences(db: Db): Promise<{ metricKeys: string[]; modules: string[] }> {
  const [metricKeys, modules] = await Promise.all([
    db.all<{ key: string }>(sql`SELECT DISTINCT key FROM custom_metrics`),
    db.all<{ module: string }>(sql`SELECT DISTINCT module FROM features WHERE module IS NOT NULL`),
  ]);
  return { metricKeys: metricKeys.map((m) => m.key), modules: modules.map((m) => m.module) };
}
