import { eq, sql } from 'drizzle-orm';
import { scoringBackfills } from '../../drizzle/schema';
import type { ScoringBackfill } from '../../shared/contracts/scoring';
import { auditInsert } from '../audit/store';
import type { Db } from '../common/db';

// "Backfill history": a row per backfill; its days are scored one `asOf` run at a time, oldest first
// (worker/scoring/job.ts drives it, these are its SQL).

/**
 * Records a backfill of `days` (oldest first) with its audit entry, in one transaction. A backfill without
 * days is done at once.
 * @example await insertBackfill(db, { id, days: ['2026-04-01'], actor: 'ann@example.com', now })
 */
export async function insertBackfill(
  db: Db,
  b: { id: string; days: string[]; requestedDays: number; actor: string; now: number },
) {
  const empty = b.days.length === 0;
  await db.batch([
    db.insert(scoringBackfills).values({
      id: b.id,
      days: JSON.stringify(b.days),
      status: empty ? 'done' : 'running',
      requestedBy: b.actor,
      startedAt: b.now,
      finishedAt: empty ? b.now : null,
    }),
    auditInsert(
      db,
      {
        actor: b.actor,
        action: 'scoring.backfill',
        entity: 'scoring',
        entityId: b.id,
        details: { days: b.requestedDays, scored: b.days },
      },
      b.now,
    ),
  ]);
}

/** A backfill in the API's shape, or null. */
export async function getBackfill(db: Db, id: string): Promise<ScoringBackfill | null> {
  const row = await db.query.scoringBackfills.findFirst({ where: eq(scoringBackfills.id, id) });
  if (!row) return null;
  const days = JSON.parse(row.days) as string[];
  return {
    backfillId: row.id,
    status: row.status,
    days,
    completed: row.done,
    total: days.length,
    currentDay: row.currentRunId ? (days[row.done] ?? null) : null,
    currentRunId: row.currentRunId,
    error: row.error,
    startedAt: new Date(row.startedAt).toISOString(),
    finishedAt: row.finishedAt ? new Date(row.finishedAt).toISOString() : null,
  };
}

/**
 * Claims the backfill's next day for run `runId`: only one caller wins (a redelivered queue message finds
 * the day claimed). Returns the day, or null when there is nothing to start.
 */
export async function claimNextDay(db: Db, id: string, runId: string): Promise<string | null> {
  const rows = await db.all<{ days: string; done: number }>(
    sql`UPDATE scoring_backfills SET current_run_id = ${runId}
        WHERE id = ${id} AND status = 'running' AND current_run_id IS NULL AND done < json_array_length(days)
        RETURNING days, done`,
  );
  const row = rows[0];
  return row ? ((JSON.parse(row.days) as string[])[row.done] ?? null) : null;
}

/**
 * Counts the finished run's day as done and frees the backfill for its next day (or marks it done after
 * the last). Returns the backfill id when a next day remains, else null. Idempotent per run.
 */
export async function completeDay(db: Db, runId: string, now: number): Promise<string | null> {
  const rows = await db.all<{ id: string; done: number; total: number }>(
    sql`UPDATE scoring_backfills SET done = done + 1, current_run_id = NULL,
          status = CASE WHEN done + 1 >= json_array_length(days) THEN 'done' ELSE status END,
          finished_at = CASE WHEN done + 1 >= json_array_length(days) THEN ${now} ELSE finished_at END
        WHERE current_run_id = ${runId} AND status = 'running'
        RETURNING id, done, json_array_length(days) AS total`,
  );
  const row = rows[0];
  return row && row.done < row.total ? row.id : null;
}

/** The backfill whose current day is `runId` stops with the error (its run could not be started or fanned out). */
export async function failBackfill(
  db: Db,
  where: { id?: string; runId?: string },
  error: string,
  now: number,
) {
  const match = where.id ? sql`id = ${where.id}` : sql`current_run_id = ${where.runId ?? ''}`;
  await db.run(
    sql`UPDATE scoring_backfills SET status = 'failed', error = ${error}, finished_at = ${now}
        WHERE ${match} AND status = 'running'`,
  );
}

/** A backfill with no progress for this long has lost its day-run (a queue message that never came). */
export const BACKFILL_STALL_MS = 60 * 60 * 1000;

/**
 * Fails backfill `id` when it is still running but nothing happened for {@link BACKFILL_STALL_MS}: its
 * current day's run still running since before then, or no day started since the last one finished (or
 * since the backfill began). A batch that fails is counted as failed and the run finishes; only a lost
 * message stalls a backfill, and nothing would ever resume it. Returns whether it failed it now.
 */
export async function failIfStalled(db: Db, id: string, now: number): Promise<boolean> {
  const before = now - BACKFILL_STALL_MS;
  const rows = await db.all<{ id: string }>(
    sql`UPDATE scoring_backfills
        SET status = 'failed', finished_at = ${now},
          error = 'no progress for an hour: the run of ' || coalesce(json_extract(days, '$[' || done || ']'), 'its next day')
            || ' did not finish or never started; start a new backfill to score the days left'
        WHERE id = ${id} AND status = 'running'
          AND coalesce(
            (SELECT max(coalesce(r.finished_at, r.started_at)) FROM scoring_runs r WHERE r.backfill_id = scoring_backfills.id),
            started_at) < ${before}
          AND NOT EXISTS (SELECT 1 FROM scoring_runs r WHERE r.id = scoring_backfills.current_run_id
            AND r.status = 'running' AND r.started_at >= ${before})
        RETURNING id`,
  );
  return rows.length > 0;
}
