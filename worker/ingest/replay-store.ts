import { desc, eq, sql } from 'drizzle-orm';
import { replayJobs, replayUnattributed, sources } from '../../drizzle/schema';
import type { ReplayJob } from '../../shared/contracts/ingest';
import type { Db } from '../common/db';
import { prepare } from '../common/raw-sql';

export type ReplayJobRow = typeof replayJobs.$inferSelect;

const iso = (ms: number | null) => (ms == null ? null : new Date(ms).toISOString());

/** The API's view of a job row. */
export function toReplayJob(row: ReplayJobRow): ReplayJob {
  return {
    id: row.id,
    from: row.fromDay,
    to: row.toDay,
    sourceId: row.sourceId,
    status: row.status,
    phase: row.phase,
    liveEvents: row.liveEvents,
    archivedEvents: row.archivedEvents,
    partitions: row.partitions,
    error: row.error,
    requestedBy: row.requestedBy,
    createdAt: iso(row.createdAt)!,
    updatedAt: iso(row.updatedAt)!,
    finishedAt: iso(row.finishedAt),
  };
}

export async function sourceExists(db: Db, id: string): Promise<boolean> {
  const [row] = await db.select({ id: sources.id }).from(sources).where(eq(sources.id, id));
  return row !== undefined;
}

/**
 * Inserts a running job and its audit entry in one transaction, unless a running job's days overlap
 * `from`..`to` (two rebuilds clearing the same rollups would each count the other's events): then returns
 * false. One conditional INSERT, so two requests at once cannot both pass the check.
 */
export async function insertReplayJob(
  db: Db,
  job: { id: string; from: string; to: string; sourceId: string | null; actor: string; now: number },
): Promise<boolean> {
  const { id, from, to, sourceId, actor, now } = job;
  const details = JSON.stringify({ from, to, sourceId });
  const [inserted] = await db.$client.batch([
    prepare(
      db,
      sql`INSERT INTO replay_jobs (id, from_day, to_day, source_id, status, phase, requested_by, created_at, updated_at)
        SELECT ${id}, ${from}, ${to}, ${sourceId}, 'running', 'clear', ${actor}, ${now}, ${now}
        WHERE NOT EXISTS (SELECT 1 FROM replay_jobs
          WHERE status = 'running' AND from_day <= ${to} AND to_day >= ${from})`,
    ),
    prepare(
      db,
      sql`INSERT INTO audit_log (at, actor, action, entity, entity_id, details)
        SELECT ${now}, ${actor}, 'ingest.replay', 'replay_job', ${id}, ${details}
        WHERE EXISTS (SELECT 1 FROM replay_jobs WHERE id = ${id})`,
    ),
  ]);
  return (inserted?.meta.changes ?? 0) > 0;
}

export async function getReplayJob(db: Db, id: string): Promise<ReplayJobRow | undefined> {
  const [row] = await db.select().from(replayJobs).where(eq(replayJobs.id, id));
  return row;
}

export async function listReplayJobs(db: Db, limit: number): Promise<ReplayJobRow[]> {
  return db.select().from(replayJobs).orderBy(desc(replayJobs.createdAt), desc(replayJobs.id)).limit(limit);
}

/** Running jobs with no progress since `before`: their queue chain was lost, the cron resumes them. */
export async function stalledReplayJobs(db: Db, before: number): Promise<string[]> {
  const rows = await db
    .select({ id: replayJobs.id })
    .from(replayJobs)
    .where(sql`${replayJobs.status} = 'running' AND ${replayJobs.updatedAt} < ${before}`);
  return rows.map((r) => r.id);
}

/** A step failed: counts the attempt, and fails the job after `maxAttempts`. Returns the new attempts. */
export async function recordReplayError(
  db: Db,
  id: string,
  error: string,
  maxAttempts: number,
  now: number,
): Promise<number> {
  const [row] = await db
    .update(replayJobs)
    .set({
      attempts: sql`${replayJobs.attempts} + 1`,
      error: error.slice(0, 2000),
      updatedAt: now,
      status: sql`CASE WHEN ${replayJobs.attempts} + 1 >= ${maxAttempts} THEN 'failed' ELSE ${replayJobs.status} END`,
      finishedAt: sql`CASE WHEN ${replayJobs.attempts} + 1 >= ${maxAttempts} THEN ${now} ELSE NULL END`,
    })
    .where(sql`${replayJobs.id} = ${id} AND ${replayJobs.status} = 'running'`)
    .returning({ attempts: replayJobs.attempts });
  const attempts = row?.attempts ?? maxAttempts;
  if (attempts >= maxAttempts) await db.delete(replayUnattributed).where(eq(replayUnattributed.jobId, id));
  return attempts;
}
