import { eq, sql } from 'drizzle-orm';
import { scoringRuns } from '../../drizzle/schema';
import type { Db } from './client';
import { portfolioRunStatements, storeDashboardRollup } from './portfolio-rollups';
import { prepare } from './raw';

export interface ScoringRunDto {
  runId: string;
  period: string;
  trigger: 'cron' | 'manual';
  status: 'running' | 'done' | 'failed';
  scored: number;
  failed: number;
  total: number;
  startedAt: string;
  finishedAt: string | null;
  /** D1 statements executed by the run's batches so far. */
  d1Queries: number;
  errors: { accountId: number; externalId: string | null; error: string }[];
}

export async function insertRun(
  db: Db,
  run: { id: string; period: string; trigger: 'cron' | 'manual'; total: number; now: number },
) {
  await db.insert(scoringRuns).values({
    id: run.id,
    period: run.period,
    trigger: run.trigger,
    status: 'running',
    total: run.total,
    startedAt: run.now,
  });
}

/** Progress is counted from the batches that landed (see `scoring_run_batches`). */
export async function getRun(db: Db, runId: string): Promise<ScoringRunDto | null> {
  const run = await db.query.scoringRuns.findFirst({ where: eq(scoringRuns.id, runId) });
  if (!run) return null;
  const [counts, errors] = await db.$client.batch([
    prepare(
      db,
      sql`SELECT coalesce(sum(scored), 0) AS scored, coalesce(sum(failed), 0) AS failed
          FROM scoring_run_batches WHERE run_id = ${runId}`,
    ),
    prepare(
      db,
      sql`SELECT f.account_id AS accountId, a.external_id AS externalId, f.error FROM scoring_run_failures f
          LEFT JOIN accounts a ON a.id = f.account_id WHERE f.run_id = ${runId} ORDER BY f.account_id LIMIT 100`,
    ),
  ]);
  const c = (counts?.results[0] ?? { scored: 0, failed: 0 }) as { scored: number; failed: number };
  return {
    runId: run.id,
    period: run.period,
    trigger: run.trigger,
    status: run.status,
    scored: c.scored,
    failed: c.failed,
    total: run.total,
    startedAt: new Date(run.startedAt).toISOString(),
    finishedAt: run.finishedAt ? new Date(run.finishedAt).toISOString() : null,
    d1Queries: run.d1Queries,
    errors: (errors?.results ?? []) as ScoringRunDto['errors'],
  };
}

/**
 * Marks the run done once every account is scored or failed, and then (once) recomputes the measure
 * benchmarks the next run compares against from this period's snapshots. Returns whether it finished now.
 */
export async function finishRunIfComplete(db: Db, runId: string, now: number): Promise<boolean> {
  const finished = await db.all<{
    period: string;
  }>(sql`UPDATE scoring_runs SET status = 'done', finished_at = ${now}
    WHERE id = ${runId} AND status = 'running'
      AND (SELECT coalesce(sum(scored + failed), 0) FROM scoring_run_batches WHERE run_id = ${runId}) >= total
    RETURNING period`);
  const period = finished[0]?.period;
  if (!period) return false;
  const means = (
    scope: ReturnType<typeof sql>,
  ) => sql`INSERT INTO measure_benchmarks (scope, measure_key, mean, count, period)
    SELECT ${scope}, json_extract(m.value, '$.key'), avg(json_extract(m.value, '$.raw')), count(json_extract(m.value, '$.raw')), ${period}
    FROM score_snapshots s, json_each(s.measures) m
    WHERE s.period = ${period} AND json_extract(m.value, '$.raw') IS NOT NULL
    GROUP BY 1, 2
    ON CONFLICT (scope, measure_key) DO UPDATE SET mean = excluded.mean, count = excluded.count, period = excluded.period`;
  await db.$client.batch([
    prepare(db, sql`DELETE FROM measure_benchmarks`),
    prepare(db, means(sql`'segment:' || s.segment_id`)),
    prepare(db, means(sql`'all'`)),
    ...portfolioRunStatements(period, now).map((q) => prepare(db, q)),
  ]);
  // The dashboard reads the snapshots when the rollup is missing: no reason to retry the batch over it.
  await storeDashboardRollup(db, runId, period, now).catch((err) =>
    console.error(JSON.stringify({ msg: 'dashboard rollup failed', runId, error: String(err) })),
  );
  return true;
}

/** Benchmarks from the latest finished run, in the core's shape. */
export async function loadBenchmarks(db: Db) {
  const rows = await db.all<{ scope: string; measure_key: string; mean: number; count: number }>(
    sql`SELECT scope, measure_key, mean, count FROM measure_benchmarks`,
  );
  const all: Record<string, { mean: number; count: number }> = {};
  const segments: Record<string, Record<string, { mean: number; count: number }>> = Object.create(null);
  for (const r of rows) {
    const stat = { mean: r.mean, count: r.count };
    if (r.scope === 'all') all[r.measure_key] = stat;
    else if (r.scope.startsWith('segment:')) {
      const id = r.scope.slice('segment:'.length);
      segments[id] ??= {};
      segments[id][r.measure_key] = stat;
    }
  }
  return { all, segments };
}

/** A run whose batches could not all be queued is failed, with the reason. */
export async function markRunFailed(db: Db, runId: string, error: string, now: number): Promise<void> {
  await db.$client.batch([
    prepare(
      db,
      sql`UPDATE scoring_runs SET status = 'failed', finished_at = ${now} WHERE id = ${runId} AND status = 'running'`,
    ),
    prepare(
      db,
      sql`INSERT INTO scoring_run_failures (run_id, account_id, error) VALUES (${runId}, 0, ${`fan-out failed: ${error}`})
          ON CONFLICT (run_id, account_id) DO UPDATE SET error = excluded.error`,
    ),
  ]);
}
