import { eq, type SQL, sql } from 'drizzle-orm';
import { settings } from '../../drizzle/schema';
import type { DemoStatus } from '../../shared/contracts/demo';
import { DEMO_FEATURES, DEMO_ID_PREFIX, DEMO_NAME_PREFIX } from '../../shared/demo/catalog';
import { auditInsert } from '../audit/store';
import type { Db } from '../common/db';
import { prepare, statementOf } from '../common/raw-sql';

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
 * them, the demo source's events, failures and the source itself, the `[Demo]` surveys left without links, the
 * demo features no longer used, and the dashboard aggregates of days only demo accounts were scored on.
 * Nothing else is touched: a real account, its events, snapshots and records stay as they were.
 * Returns the rows removed per table.
 */
export async function removeDemo(db: Db, actor: string, now: number): Promise<Record<string, number>> {
  const marker = await readMarker(db);
  const source = marker?.sourceId ?? '';
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
    // Aggregates of days no remaining account was scored on; days shared with real accounts are rebuilt by
    // their next scoring run.
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
    const changes = results[i]?.meta.changes ?? 0;
    const key = label === 'events (source)' ? 'events' : label;
    removed[key] = (removed[key] ?? 0) + changes;
  });
  return removed;
}
