import { asc, eq } from 'drizzle-orm';
import { features } from '../../drizzle/schema';
import type { Db } from './client';

export interface FeatureDto {
  id: number;
  key: string;
  name: string;
  kind: 'track' | 'page' | 'screen';
  module: string | null;
  isCore: boolean;
  firstSeenAt: string;
}

const toDto = (f: typeof features.$inferSelect): FeatureDto => ({
  ...f,
  firstSeenAt: new Date(f.firstSeenAt).toISOString(),
});

export async function listFeatures(db: Db): Promise<FeatureDto[]> {
  const rows = await db.select().from(features).orderBy(asc(features.module), asc(features.key));
  return rows.map(toDto);
}

/** Edits a catalog entry (module, core flag, display name); null when it does not exist. */
export async function updateFeature(
  db: Db,
  id: number,
  patch: { module?: string | null; isCore?: boolean; name?: string },
): Promise<FeatureDto | null> {
  const [row] = await db.update(features).set(patch).where(eq(features.id, id)).returning();
  return row ? toDto(row) : null;
}
