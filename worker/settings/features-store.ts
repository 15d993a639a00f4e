import { asc, eq } from 'drizzle-orm';
import { features } from '../../drizzle/schema';
import type { Feature, UpdateFeatureInput } from '../../shared/contracts/settings';
import { auditInsert } from '../audit/store';
import type { Db } from '../common/db';

const toFeature = (f: typeof features.$inferSelect): Feature => ({
  ...f,
  firstSeenAt: new Date(f.firstSeenAt).toISOString(),
});

/** The whole feature catalog, by module (features without one first) and then key. */
export async function listFeatures(db: Db): Promise<Feature[]> {
  const rows = await db.select().from(features).orderBy(asc(features.module), asc(features.key));
  return rows.map(toFeature);
}

/**
 * Edits a catalog entry (module, core flag, display name) and records the edit in the audit log, in one
 * batch; null when it does not exist (nothing is written).
 */
export async function updateFeature(
  db: Db,
  id: number,
  patch: UpdateFeatureInput,
  actor: string,
  now: number,
): Promise<Feature | null> {
  const before = await db.query.features.findFirst({ where: eq(features.id, id) });
  if (!before) return null;
  const [[row]] = await db.batch([
    db.update(features).set(patch).where(eq(features.id, id)).returning(),
    auditInsert(
      db,
      {
        actor,
        action: 'feature.update',
        entity: 'feature',
        entityId: String(id),
        details: { key: before.key, ...patch },
      },
      now,
    ),
  ]);
  return row ? toFeature(row) : null;
}
