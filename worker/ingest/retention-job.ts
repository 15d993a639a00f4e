import type { Db } from '../common/db';
import { type ArchiveResult, archiveRawEvents } from './archive-job';
import { deleteRawEventsBefore } from './store';

const DAY_MS = 86_400_000;
const CHUNK = 5_000;
const MAX_CHUNKS = 200;

/** Days of raw events to keep, from RAW_RETENTION_DAYS (default 90; never under 35, which the 30-day usage view needs). */
export function retentionDays(value: string | undefined): number {
  const days = Number(value ?? 90);
  return Number.isFinite(days) && days >= 35 ? Math.floor(days) : 90;
}

/**
 * Archives (when `archive` is bound) and then deletes raw events received before `now − days`, in chunks
 * so no statement runs long. Rollups are kept.
 * Retention is by received time, not event time, so a message redelivered days later still finds its raw
 * row and is not counted twice.
 */
export async function purgeRawEvents(
  db: Db,
  now: number,
  days: number,
  archive?: R2Bucket,
): Promise<{ deleted: number; cutoff: number; archive?: ArchiveResult }> {
  let cutoff = now - days * DAY_MS;
  // With an archive bucket, only what is archived is deleted (whole received days; a run that stopped at
  // its budget deletes up to where it got).
  const archived = archive ? await archiveRawEvents(archive, db, cutoff, now) : undefined;
  if (archived) cutoff = Math.min(cutoff, archived.archivedBefore);
  let deleted = 0;
  for (let i = 0; i < MAX_CHUNKS; i++) {
    const changes = await deleteRawEventsBefore(db, cutoff, CHUNK);
    deleted += changes;
    if (changes < CHUNK) break;
  }
  return { deleted, cutoff, ...(archived ? { archive: archived } : {}) };
}
