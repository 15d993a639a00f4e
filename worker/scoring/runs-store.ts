import { eq, sql } from 'drizzle-orm';
import { scoringRuns } from '../../drizzle/schema';
import type { ScoringRun } from '../../shared/contracts/scoring';
import { utcDay } from '../../shared/time';
import { insertAlertsSql } from '../alerts/store';
import { auditInsert } from '../audit/store';
import type { Db } from '../common/db';
import { prepare } from '../common/raw-sql';
import type { ScoreBatchMessage } from '../common/scoring-queue';
import { portfolioRunStatements, storeDashboardRollup } from '../dashboard/rollups-store';
import { playbookTasksSql } from '../tasks/store';
import { measureEntriesFrom, measureKey, measureRaw } from './compaction-store';
import { type ScoredAccount, snapshotStatements } from './snapshots-store';

/** Records a run; one someone started (`actor`) is audited in the same transaction. */
export async function insertRun(
  db: Db,
  run: {
    id: string;
    period: string;
    trigger: 'cron' | 'manual';
    total: number;
    now: number;
    asOf?: string | null;
    backfillId?: string | null;
  },
  actor?: string,
) {
  const insert = db.insert(scoringRuns).values({
    id: run.id,
    period: run.period,
    trigger: run.trigger,
    status: 'running',
    total: run.total,
    startedAt: run.now,
    asOf: run.asOf ?? null,
    backfillId: run.backfillId ?? null,
  });
  if (!actor) {
    await insert;
    return;
  }
  await db.batch([
    insert,
    auditInsert(
      db,
      {
        actor,
        action: 'scoring.run',
        entity: 'scoring',
        entityId: run.id,
        details: { period: run.period, asOf: run.asOf ?? null, accounts: run.total },
      },
      run.now,
    ),
  ]);
}

/** Progress is counted from the batches that landed (see `scoring_run_batches`). */
export async function getRun(db: Db, runId: string): Promise<ScoringRun | null> {
  const run = await db.query.scoringRuns.findFirst({ where: eq(scoringRuns.id, runId) });
  if (!run) return null;
  const [counts, errors] = await db.$client.batch([
    prepare(
      db,
      sql`SELECT coalesce(sum(scored), 0) AS scored, coalesce(sum(failed), 0) AS failed,
            coalesce(sum(skipped), 0) AS skipped
          FROM scoring_run_batches WHERE run_id = ${runId}`,
    ),
    prepare(
      db,
      sql`SELECT f.account_id AS accountId, a.external_id AS externalId, f.error FROM scoring_run_failures f
          LEFT JOIN accounts a ON a.id = f.account_id WHERE f.run_id = ${runId} ORDER BY f.account_id LIMIT 100`,
    ),
  ]);
  const c = (counts?.results[0] ?? { scored: 0, failed: 0, skipped: 0 }) as {
    scored: number;
    failed: number;
    skipped: number;
  };
  return {
    runId: run.id,
    period: run.period,
    trigger: run.trigger,
    status: run.status,
    scored: c.scored,
    failed: c.failed,
    skipped: c.skipped,
    total: run.total,
    asOf: run.asOf,
    backfillId: run.backfillId,
    startedAt: new Date(run.startedAt).toISOString(),
    finishedAt: run.finishedAt ? new Date(run.finishedAt).toISOString() : null,
    d1Queries: run.d1Queries,
    errors: (errors?.results ?? []) as ScoringRun['errors'],
  };
}

/**
 * Marks the run done once every account is scored, failed or skipped, and then (once) stores the period's
 * dashboard aggregates and, unless a later period already set them (a backfilled day), recomputes the
 * measure benchmarks the next run compares against from this period's snapshots, and always the period's
 * platform statistics of each measure (its own day's, so a backfilled day stores them too). Returns whether it
 * finished now.
 */
export async function finishRunIfComplete(db: Db, runId: string, now: number): Promise<boolean> {
  const finished = await db.all<{
    period: string;
  }>(sql`UPDATE scoring_runs SET status = 'done', finished_at = ${now}
    WHERE id = ${runId} AND status = 'running'
      AND (SELECT coalesce(sum(scored + failed + skipped), 0) FROM scoring_run_batches WHERE run_id = ${runId}) >= total
    RETURNING period`);
  const period = finished[0]?.period;
  if (!period) return false;
  const means = (
    scope: ReturnType<typeof sql>,
  ) => sql`INSERT INTO measure_benchmarks (scope, measure_key, mean, count, period)
    SELECT ${scope}, ${measureKey}, avg(${measureRaw}), count(${measureRaw}), ${period}
    FROM score_snapshots s LEFT JOIN model_versions v ON v.id = s.model_version_id, ${measureEntriesFrom('s')}
    WHERE s.period = ${period} AND ${measureRaw} IS NOT NULL
    GROUP BY 1, 2
    ON CONFLICT (scope, measure_key) DO UPDATE SET mean = excluded.mean, count = excluded.count, period = excluded.period`;
  // A backfilled day finishing after a later period's run: that run's benchmarks and rollup stay.
  const latest = await db.get<{ period: string | null }>(
    sql`SELECT max(period) AS period FROM measure_benchmarks`,
  );
  const later = !!latest?.period && latest.period > period;
  const benchmarks = later
    ? []
    : [
        prepare(db, sql`DELETE FROM measure_benchmarks`),
        prepare(db, means(sql`'segment:' || s.segment_id`)),
        prepare(db, means(sql`'all'`)),
      ];
  await db.$client.batch([
    ...benchmarks,
    prepare(db, dailyStatsSql(period)),
    ...portfolioRunStatements(period, now).map((q) => prepare(db, q)),
  ]);
  if (later) return true;
  // The dashboard reads the snapshots when the rollup is missing: no reason to retry the batch over it.
  await storeDashboardRollup(db, runId, period, now).catch((err) =>
    console.error(JSON.stringify({ msg: 'dashboard rollup failed', runId, error: String(err) })),
  );
  return true;
}

/**
 * The platform statistics of `period` for `measure_daily_stats`: per measure, the mean of the accounts' raw
 * values and the pooled rate Σ raw × seats ÷ Σ seats over accounts with paid seats (for a per-seat rate,
 * Σ numerator ÷ Σ seats: seed 002's platform learners ÷ platform paid seats). Seats are the accounts' current
 * ones. The migration that created the table ran the same query over the existing snapshots.
 */
export function dailyStatsSql(period: string) {
  const raw = measureRaw;
  return sql`INSERT INTO measure_daily_stats (period, measure_key, mean, pooled, count)
    SELECT ${period}, ${measureKey}, avg(${raw}),
      sum(CASE WHEN a.seats > 0 THEN ${raw} * 1.0 * a.seats END) / sum(CASE WHEN a.seats > 0 THEN a.seats END),
      count(${raw})
    FROM score_snapshots s JOIN accounts a ON a.id = s.account_id LEFT JOIN model_versions v ON v.id = s.model_version_id,
      ${measureEntriesFrom('s')}
    WHERE s.period = ${period} AND ${raw} IS NOT NULL
    GROUP BY 2
    ON CONFLICT (period, measure_key) DO UPDATE SET mean = excluded.mean, pooled = excluded.pooled, count = excluded.count`;
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

/**
 * Writes a scored batch in ONE transaction: its snapshots and transitions, its failures, the batch's counts
 * (progress) and the alerts it raised. Returns the ids of the alerts actually created.
 * @example const raised = await writeScoredBatch(db, msg, scored, failures, SCORING_BATCH_SIZE)
 */
export async function writeScoredBatch(
  db: Db,
  msg: ScoreBatchMessage,
  scored: ScoredAccount[],
  failures: { accountId: number; error: string }[],
  maxRows: number,
  skipped = 0,
): Promise<number[]> {
  const raised = scored.flatMap((s) => s.alerts.map((alert) => ({ accountId: s.accountId, alert })));
  const j = (field: string) => sql.raw(`json_extract(value, '$.${field}')`);
  const results = await db.$client.batch([
    ...snapshotStatements(db, msg, scored, maxRows),
    prepare(
      db,
      sql`INSERT INTO scoring_run_failures (run_id, account_id, error)
          SELECT ${msg.runId}, ${j('accountId')}, ${j('error')} FROM json_each(${JSON.stringify(failures)}) WHERE true
          ON CONFLICT (run_id, account_id) DO UPDATE SET error = excluded.error`,
    ),
    prepare(
      db,
      sql`INSERT INTO scoring_run_batches (run_id, first_account_id, scored, failed, skipped)
          VALUES (${msg.runId}, ${msg.accountIds[0] ?? 0}, ${scored.length}, ${failures.length}, ${skipped})
          ON CONFLICT (run_id, first_account_id) DO UPDATE SET scored = excluded.scored, failed = excluded.failed,
            skipped = excluded.skipped`,
    ),
    prepare(db, insertAlertsSql(raised, msg.period, msg.now)),
    prepare(db, playbookTasksSql(raised, msg.now, utcDay(msg.now))),
  ]);
  // The alerts INSERT … RETURNING is the last statement but the playbook tasks that follow it.
  return ((results.at(-2)?.results ?? []) as { id: number }[]).map((r) => r.id);
}

/** Adds a batch's D1 statements to its run's count (+ 1: this UPDATE itself). */
export async function addRunQueries(db: Db, runId: string, statements: number): Promise<void> {
  await db.run(sql`UPDATE scoring_runs SET d1_queries = d1_queries + ${statements + 1} WHERE id = ${runId}`);
}

/**
 * Records every account of a batch as failed, unless the batch landed: its failures are kept and its counts
 * stay its own.
 */
export async function recordFailedBatch(db: Db, msg: ScoreBatchMessage, error: string): Promise<void> {
  const failures = msg.accountIds.map((accountId) => ({ accountId, error: `batch failed: ${error}` }));
  await db.$client.batch([
    prepare(
      db,
      sql`INSERT INTO scoring_run_failures (run_id, account_id, error)
          SELECT ${msg.runId}, json_extract(value, '$.accountId'), json_extract(value, '$.error') FROM json_each(${JSON.stringify(failures)})
          WHERE true ON CONFLICT (run_id, account_id) DO NOTHING`,
    ),
    // Only if the batch never landed: a batch that did keeps its own counts.
    prepare(
      db,
      sql`INSERT INTO scoring_run_batches (run_id, first_account_id, scored, failed)
          VALUES (${msg.runId}, ${msg.accountIds[0] ?? 0}, 0, ${msg.accountIds.length})
          ON CONFLICT (run_id, first_account_id) DO NOTHING`,
    ),
  ]);
}
