import { eq, type SQL, sql } from 'drizzle-orm';
import { settings } from '../../drizzle/schema';
import type { DemoStatus } from '../../shared/contracts/demo';
import { DEMO_FEATURES, DEMO_ID_PREFIX, DEMO_NAME_PREFIX } from '../../shared/demo/catalog';
import { auditInsert } from '../audit/store';
import type { Db } from '../common/db';
import { prepare, statementOf } from '../common/raw-sql';
import { AGGREGATE, portfolioRunStatements, storeDashboardRollup } from '../dashboard/rollups-store';
import { removeSourceArchive } from '../ingest/archive-job';
import { dailyStatsSql } from '../scoring/runs-store';
import { latestRunPeriodSql } from '../scoring/snapshots-store';

const KEY = 'demo';

/** What `settings.demo` holds while demo data is loaded. */
interface DemoMarker {
  sourceId: string;
  loadedAt: number;
  loadedBy: string;
}

// A demo account carries both tags: the external-id prefix and the `demo: true` trait. Real data can have one by
// accident (a customer whose groupId starts with "demo-"), hardly both; removal never touches anything else.
const DEMO_ACCOUNT = sql`substr(external_id, 1, ${DEMO_ID_PREFIX.length}) = ${DEMO_ID_PREFIX}
  AND json_valid(traits) AND json_extract(traits, '$.demo') = 1`;
const DEMO_ACCOUNT_IDS = sql`(SELECT id FROM accounts WHERE ${DEMO_ACCOUNT})`;

/** Tables with an `account_id` whose demo rows go with the demo accounts, children before parents. */
const ACCOUNT_TABLES = [
  'feature_day_users',
  'account_feature_days',
  'user_days',
  'account_days',
  'events',
  'score_snapshots',
  'scoring_run_failures',
  'tier_transitions',
  'rescore_requests',
  'csm_ratings',
  'health_overrides',
  'custom_metrics',
  'tasks',
  'success_goals',
  'touchpoints',
  'contacts',
  'survey_responses',
  'survey_links',
  'contracts',
  'tickets',
  'cs_leads',
  'advocacy',
  'alerts',
  'users',
] as const;

async function readMarker(db: Db): Promise<DemoMarker | null> {
  const row = await db.query.settings.findFirst({ where: eq(settings.key, KEY) });
  if (!row) return null;
  try {
    return JSON.parse(row.value) as DemoMarker;
  } catch {
    return null;
  }
}

/**
 * Whether demo data is loaded: the marker the loader's start wrote, and the demo accounts stored.
 * @example (await demoStatus(db)).loaded
 */
export async function demoStatus(db: Db): Promise<DemoStatus> {
  const marker = await readMarker(db);
  const [row] = await db.all<{ n: number }>(sql`SELECT count(*) AS n FROM accounts WHERE ${DEMO_ACCOUNT}`);
  const accounts = row?.n ?? 0;
  return {
    loaded: marker !== null || accounts > 0,
    sourceId: marker?.sourceId ?? null,
    accounts,
    loadedAt: marker ? new Date(marker.loadedAt).toISOString() : null,
  };
}

/**
 * Records the start of a demo load: the demo source (inserted by the caller's statement, with its own audit
 * entry) and the marker, in one batch.
 */
export async function markDemoStarted(
  db: Db,
  sourceStatements: D1PreparedStatement[],
  marker: DemoMarker,
): Promise<void> {
  await db.$client.batch([
    ...sourceStatements,
    statementOf(
      db,
      db
        .insert(settings)
        .values({ key: KEY, value: JSON.stringify(marker), updatedAt: marker.loadedAt })
        .onConflictDoUpdate({
          target: settings.key,
          set: { value: JSON.stringify(marker), updatedAt: marker.loadedAt },
        }),
    ),
    statementOf(
      db,
      auditInsert(
        db,
        {
          actor: marker.loadedBy,
          action: 'demo.load',
          entity: 'demo',
          entityId: KEY,
          details: { sourceId: marker.sourceId },
        },
        marker.loadedAt,
      ),
    ),
  ]);
}

/**
 * Removes every piece of demo data in one batch (one transaction): the demo accounts and every row keyed by
 * them, the demo source's events, failures, archive rows and the source itself, the `[Demo]` surveys left
 * without links, the demo features no longer used. The dashboard's stored aggregates of every day a demo
 * account was scored on are recomputed from the snapshots that remain (dropped for days none remain), in the
 * same batch, and the latest run's rollup after it, so the dashboard shows the real portfolio at once instead
 * of demo counts until the next scoring run. Then the demo source's raw-event archive leaves R2 (`bucket`).
 * Nothing else is touched: a real account, its events, snapshots and records stay as they were.
 * Returns the rows removed per table (and `archive_objects`: R2 objects deleted).
 */
export async function removeDemo(
  db: Db,
  actor: string,
  now: number,
  bucket?: R2Bucket,
): Promise<Record<string, number>> {
  const marker = await readMarker(db);
  const source = marker?.sourceId ?? '';
  const demoPeriods = (
    await db.all<{ period: string }>(
      sql`SELECT DISTINCT period FROM score_snapshots WHERE account_id IN ${DEMO_ACCOUNT_IDS} ORDER BY 1`,
    )
  ).map((r) => r.period);
  const periodList = sql.join(
    demoPeriods.map((p) => sql`${p}`),
    sql`, `,
  );
  const labelled: [string, SQL][] = [
    [
      'webhook_deliveries',
      sql`DELETE FROM webhook_deliveries WHERE alert_id IN (SELECT id FROM alerts WHERE account_id IN ${DEMO_ACCOUNT_IDS})`,
    ],
    [
      'mail_outbox',
      sql`DELETE FROM mail_outbox WHERE survey_link_id IN (SELECT id FROM survey_links WHERE account_id IN ${DEMO_ACCOUNT_IDS})`,
    ],
    ...ACCOUNT_TABLES.map((t): [string, SQL] => [
      t,
      sql`DELETE FROM ${sql.identifier(t)} WHERE account_id IN ${DEMO_ACCOUNT_IDS}`,
    ]),
    ['events (source)', sql`DELETE FROM events WHERE source_id = ${source}`],
    ['ingest_failures', sql`DELETE FROM ingest_failures WHERE source_id = ${source}`],
    ['source_days', sql`DELETE FROM source_days WHERE source_id = ${source}`],
    ['source_rejections', sql`DELETE FROM source_rejections WHERE source_id = ${source}`],
    ['accounts', sql`DELETE FROM accounts WHERE ${DEMO_ACCOUNT}`],
    ['sources', sql`DELETE FROM sources WHERE id = ${source}`],
    [
      'surveys',
      sql`DELETE FROM surveys WHERE substr(name, 1, ${DEMO_NAME_PREFIX.length}) = ${DEMO_NAME_PREFIX}
            AND NOT EXISTS (SELECT 1 FROM survey_links l WHERE l.survey_id = surveys.id)`,
    ],
    [
      'features',
      sql`DELETE FROM features WHERE key IN (${sql.join(
        DEMO_FEATURES.map((f) => sql`${f.name}`),
        sql`, `,
      )}) AND NOT EXISTS (SELECT 1 FROM account_feature_days d WHERE d.feature_id = features.id)`,
    ],
    ['raw_archives', sql`DELETE FROM raw_archives WHERE source_id = ${source}`],
    // The aggregates of the demo's days, as a run of each would store them now (the statements read the
    // snapshots left after the deletions above); rows of owners and segments only demo accounts had go.
    ...(demoPeriods.length === 0
      ? []
      : [
          [
            'dashboard_aggregates',
            sql`DELETE FROM dashboard_aggregates
                WHERE kind IN (${AGGREGATE.tierCounts}, ${AGGREGATE.ownerTierCounts}, ${AGGREGATE.dimensionMeans})
                  AND period IN (${periodList})`,
          ] as [string, SQL],
          ['measure_daily_stats', sql`DELETE FROM measure_daily_stats WHERE period IN (${periodList})`] as [
            string,
            SQL,
          ],
          ...demoPeriods.flatMap((p) =>
            [dailyStatsSql(p), ...portfolioRunStatements(p, now)].map((q): [string, SQL] => ['', q]),
          ),
        ]),
    // The latest run's rollup (recomputed below) and the aggregates of days no remaining account was scored on.
    [
      'dashboard_aggregates',
      sql`DELETE FROM dashboard_aggregates WHERE period = ''
            OR period NOT IN (SELECT DISTINCT period FROM score_snapshots)`,
    ],
    [
      'measure_daily_stats',
      sql`DELETE FROM measure_daily_stats WHERE period NOT IN (SELECT DISTINCT period FROM score_snapshots)`,
    ],
    [
      'measure_benchmarks',
      sql`DELETE FROM measure_benchmarks WHERE NOT EXISTS (SELECT 1 FROM score_snapshots)`,
    ],
    ['settings', sql`DELETE FROM settings WHERE key = ${KEY}`],
  ];
  const results = await db.$client.batch([
    ...labelled.map(([, q]) => prepare(db, q)),
    statementOf(
      db,
      auditInsert(
        db,
        { actor, action: 'demo.remove', entity: 'demo', entityId: KEY, details: { sourceId: source } },
        now,
      ),
    ),
  ]);
  const removed: Record<string, number> = {};
  labelled.forEach(([label], i) => {
    if (label === '') return;
    const changes = results[i]?.meta.changes ?? 0;
    const key = label === 'events (source)' ? 'events' : label;
    removed[key] = (removed[key] ?? 0) + changes;
  });
  await restoreLatestRollup(db, now);
  if (bucket && source) removed.archive_objects = await removeSourceArchive(bucket, db, source, now);
  return removed;
}

/**
 * The dashboard's rollup of the latest scored period from the snapshots left, under that period's latest
 * finished run (the run id the dashboard matches it with). Nothing when no finished run is left.
 */
async function restoreLatestRollup(db: Db, now: number): Promise<void> {
  const [latest] = await db.all<{ period: string | null; runId: string | null }>(
    sql`WITH p AS (SELECT ${latestRunPeriodSql} AS period)
        SELECT p.period, (SELECT id FROM scoring_runs r WHERE r.period = p.period AND r.status = 'done'
          ORDER BY r.finished_at DESC LIMIT 1) AS "runId" FROM p`,
  );
  if (latest?.period && latest.runId) await storeDashboardRollup(db, latest.runId, latest.period, now);
}
