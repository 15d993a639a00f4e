import { sql } from 'drizzle-orm';
import { type AlertRule, evaluateAlerts, type RaisedAlert } from '../../shared/alerts';
import {
  applyOverride,
  compileModel,
  compileSegments,
  DEFAULT_MODEL_ID,
  type HealthScore,
  type HealthScorer,
  type SegmentResolver,
  tierTransition,
} from '../../shared/health';
import { packBySize } from '../../shared/ingest/pack';
import { addDays, utcDay } from '../../shared/time';
import { getWebhookUrl, insertAlertsSql, listAlertRules } from '../db/alerts';
import { type Db, getDb } from '../db/client';
import { countingD1 } from '../db/counting';
import { ensureHealthDefaults, listSegments, publishedModels } from '../db/health-config';
import { prepare } from '../db/raw';
import { type LoadedAccount, loadCatalog, loadScoringBatch } from '../db/scoring-load';
import { finishRunIfComplete, insertRun, loadBenchmarks, markRunFailed } from '../db/scoring-runs';
import type { Env } from '../env';

/** Accounts per scoring batch: one D1 round trip to load, one transaction to write. */
export const SCORING_BATCH_SIZE = 500;
/** Snapshot days the alert rules look back over (score drop in D days, K consecutive periods). */
const SNAPSHOT_DAYS = 60;

/** A message of the scoring queue: a batch of accounts to score, or an alert webhook to deliver. */
export type ScoringQueueMessage = ScoreBatchMessage | WebhookMessage;

/** Deliver one alert to the configured webhook. */
export interface WebhookMessage {
  kind: 'webhook';
  deliveryId: number;
}

/** A scoring queue message: one batch of accounts of one run. */
export interface ScoreBatchMessage {
  kind: 'score';
  runId: string;
  period: string;
  asOfDay: string;
  now: number;
  accountIds: number[];
}

/** The scoring period of a run at `now`: today (UTC); windows end yesterday, the last complete day. */
export function scoringPeriod(now: number): { period: string; asOfDay: string } {
  const period = utcDay(now);
  return { period, asOfDay: addDays(period, -1) };
}

/**
 * Creates a run and returns it with the work to do: `fanOut()` pages through account ids and either scores
 * the only batch inline or sends the batches to the scoring queue.
 */
export async function startScoringRun(env: Env, opts: { trigger: 'cron' | 'manual'; now: number }) {
  const db = getDb(env.DB);
  await ensureHealthDefaults(db, opts.now);
  const { period, asOfDay } = scoringPeriod(opts.now);
  const total = (await db.get<{ n: number }>(sql`SELECT count(*) AS n FROM accounts`)).n;
  const runId = crypto.randomUUID();
  await insertRun(db, { id: runId, period, trigger: opts.trigger, total, now: opts.now });
  const fanOut = () =>
    fanOutBatches().catch(async (err) => {
      // The run cannot complete without its batches: say so instead of leaving it "running".
      await markRunFailed(db, runId, err instanceof Error ? err.message : String(err), Date.now());
      throw err;
    });
  const fanOutBatches = async () => {
    const messages: ScoreBatchMessage[] = [];
    let after = 0;
    for (;;) {
      const rows = await db.all<{ id: number }>(
        sql`SELECT id FROM accounts WHERE id > ${after} ORDER BY id LIMIT ${SCORING_BATCH_SIZE}`,
      );
      if (rows.length === 0) break;
      messages.push({
        kind: 'score',
        runId,
        period,
        asOfDay,
        now: opts.now,
        accountIds: rows.map((r) => r.id),
      });
      after = rows[rows.length - 1]!.id;
    }
    if (messages.length <= 1) {
      if (messages[0]) await scoreBatch(env, messages[0]);
      else await finishRunIfComplete(db, runId, Date.now());
      return;
    }
    // sendBatch takes at most 100 messages and 256 KB; a batch of 500 ids is ~4 KB.
    const sends = packBySize(messages, (m) => JSON.stringify(m).length + 64, {
      maxItems: 100,
      maxBytes: 200 * 1024,
    });
    for (const chunk of sends) await env.SCORING_QUEUE.sendBatch(chunk.map((body) => ({ body })));
  };
  return { runId, period, total, fanOut };
}

interface RunConfig {
  segments: SegmentResolver;
  scorers: Map<string, { versionId: number; scorer: HealthScorer }>;
  catalog: Awaited<ReturnType<typeof loadCatalog>>;
  benchmarks: Awaited<ReturnType<typeof loadBenchmarks>>;
  historyDays: number;
  windows: number[];
  surveyDays: number;
  rules: AlertRule[];
  webhookUrl: string | null;
}

// Config is read once per run per isolate, not per batch.
let cached: { runId: string; config: Promise<RunConfig> } | null = null;

async function loadRunConfig(db: Db, runId: string, now: number): Promise<RunConfig> {
  if (cached?.runId === runId) return cached.config;
  const config = (async () => {
    await ensureHealthDefaults(db, now);
    const [segmentList, published, catalog, benchmarks, rules, webhookUrl] = await Promise.all([
      listSegments(db),
      publishedModels(db),
      loadCatalog(db),
      loadBenchmarks(db),
      listAlertRules(db),
      getWebhookUrl(db),
    ]);
    const scorers = new Map(
      [...published].map(([id, m]) => [id, { versionId: m.versionId, scorer: compileModel(m.config) }]),
    );
    const reqs = [...scorers.values()].map((s) => s.scorer.requirements);
    return {
      segments: compileSegments(segmentList),
      scorers,
      catalog,
      benchmarks,
      historyDays: Math.max(1, ...reqs.map((r) => r.historyDays)),
      windows: [...new Set(reqs.flatMap((r) => r.windowDays))],
      surveyDays: Math.max(0, ...reqs.map((r) => (r.surveys.length > 0 ? r.surveyDays : 0))),
      rules,
      webhookUrl,
    };
  })();
  cached = { runId, config };
  // A failed load (say a transient D1 error) must not be served to the batch's retries.
  config.catch(() => {
    if (cached?.config === config) cached = null;
  });
  return config;
}

interface Scored {
  accountId: number;
  segmentId: string;
  modelVersionId: number;
  result: HealthScore;
  effective: ReturnType<typeof applyOverride>;
  loaded: LoadedAccount;
  transition: ReturnType<typeof tierTransition>;
  alerts: RaisedAlert[];
}

/**
 * Scores one batch: load (one round trip) → pure core → write snapshots, transitions and failures in one
 * transaction. Idempotent: re-running a period overwrites its snapshots and transitions. An account that
 * cannot be scored (corrupt data, a model error) is recorded as a run failure and skipped.
 */
export async function scoreBatch(env: Env, msg: ScoreBatchMessage): Promise<void> {
  const counter = countingD1(env.DB);
  const db = getDb(counter.d1);
  const config = await loadRunConfig(db, msg.runId, msg.now);
  const { accounts, failures } = await loadScoringBatch(db, msg.accountIds, {
    asOfDay: msg.asOfDay,
    period: msg.period,
    now: msg.now,
    historyDays: config.historyDays,
    windows: config.windows,
    snapshotDays: SNAPSHOT_DAYS,
    surveyDays: config.surveyDays,
  });
  const scored: Scored[] = [];
  for (const [accountId, loaded] of accounts) {
    try {
      const segment = config.segments.resolve(loaded.input.account, msg.asOfDay);
      const model = config.scorers.get(segment.modelId) ?? config.scorers.get(DEFAULT_MODEL_ID);
      if (!model)
        throw new Error(
          `segment ${segment.id} uses model ${segment.modelId}, which has no published version`,
        );
      const result = model.scorer.score(loaded.input, {
        asOfDay: msg.asOfDay,
        now: msg.now,
        catalog: config.catalog,
        benchmarks: config.benchmarks,
        segmentId: segment.id,
      });
      const effective = applyOverride(
        result,
        loaded.override ? { ...loaded.override, score: loaded.override.score } : null,
        msg.now,
      );
      const tiers = model.scorer.model.tiers;
      const transition = tierTransition(loaded.previous?.tier, effective.tier, tiers);
      const account = loaded.input.account;
      const alerts = evaluateAlerts(
        config.rules,
        {
          account: {
            id: accountId,
            externalId: account.externalId,
            name: account.name,
            renewalDate: account.renewalDate,
            lastSeenAt: loaded.lastSeenAt,
            ownerEmail: account.ownerEmail,
          },
          current: {
            period: msg.period,
            // Insufficient data has no score to alert on, unless a CSM override gives it one.
            score: result.insufficientData && !effective.override ? null : effective.score,
            tier: effective.tier,
            measures: result.measures,
          },
          previous: loaded.previous,
          history: loaded.history,
          deactivatedKeyContacts: loaded.deactivatedKeyContacts,
        },
        { asOfDay: msg.asOfDay, now: msg.now, tiers, periodDays: 1 },
      );
      scored.push({
        accountId,
        segmentId: segment.id,
        modelVersionId: model.versionId,
        result,
        effective,
        loaded,
        transition,
        alerts,
      });
    } catch (err) {
      failures.push({ accountId, error: err instanceof Error ? err.message : String(err) });
    }
  }
  const results = await db.$client.batch(writeStatements(db, msg, scored, failures));
  // The alerts INSERT … RETURNING is the last statement of writeStatements.
  const raised = (results.at(-1)?.results ?? []) as { id: number }[];
  if (config.webhookUrl && raised.length > 0) {
    await queueWebhooks(
      env,
      db,
      raised.map((r) => r.id),
      msg.now,
    );
  }
  // + 1: this UPDATE itself.
  await db.run(
    sql`UPDATE scoring_runs SET d1_queries = d1_queries + ${counter.count() + 1} WHERE id = ${msg.runId}`,
  );
  await finishRunIfComplete(db, msg.runId, Date.now());
}

/** One delivery row per new alert, then a queue message each; the consumer posts and retries. */
export async function queueWebhooks(env: Env, db: Db, alertIds: number[], now: number) {
  const rows = await db.all<{
    id: number;
  }>(sql`INSERT INTO webhook_deliveries (alert_id, status, attempts, created_at, updated_at)
    SELECT value, 'pending', 0, ${now}, ${now} FROM json_each(${JSON.stringify(alertIds)}) WHERE true RETURNING id`);
  for (let i = 0; i < rows.length; i += 100) {
    await env.SCORING_QUEUE.sendBatch(
      rows.slice(i, i + 100).map((r) => ({ body: { kind: 'webhook' as const, deliveryId: r.id } })),
    );
  }
}

function writeStatements(
  db: Db,
  msg: ScoreBatchMessage,
  scored: Scored[],
  failures: { accountId: number; error: string }[],
) {
  const snapshotRows = scored.map((s) => ({
    a: s.accountId,
    seg: s.segmentId,
    mv: s.modelVersionId,
    score: s.effective.score,
    tier: s.effective.tier,
    cscore: s.result.score,
    ctier: s.result.tier,
    ov: s.effective.override ? 1 : 0,
    cov: s.result.coverage,
    ins: s.result.insufficientData ? 1 : 0,
    dims: JSON.stringify(s.result.dimensions),
    ms: JSON.stringify(s.result.measures),
    imp: JSON.stringify(s.result.improvements),
  }));
  // D1 caps one bound value at 2 MB: explanations go in chunks of at most ~900 KB of JSON.
  const snapshotChunks = packBySize(snapshotRows, (r) => r.dims.length + r.ms.length + r.imp.length + 200, {
    maxItems: SCORING_BATCH_SIZE,
    maxBytes: 900 * 1024,
  }).map((rows) => JSON.stringify(rows));
  const transitions = JSON.stringify(
    scored
      .filter((s) => s.transition !== 'none')
      .map((s) => ({
        a: s.accountId,
        kind: s.transition,
        from: s.loaded.previous?.tier,
        to: s.effective.tier,
        fs: s.loaded.previous?.score ?? null,
        ts: s.effective.score,
        arr: s.loaded.input.account.arrCents,
      })),
  );
  const ids = JSON.stringify(scored.map((s) => s.accountId));
  const raised = scored.flatMap((s) => s.alerts.map((alert) => ({ accountId: s.accountId, alert })));
  const j = (field: string) => sql.raw(`json_extract(value, '$.${field}')`);
  return [
    ...snapshotChunks.map((chunk) =>
      prepare(
        db,
        sql`INSERT INTO score_snapshots (account_id, period, run_id, segment_id, model_version_id, score, tier, computed_score,
            computed_tier, overridden, coverage, insufficient_data, dimensions, measures, improvements, computed_at)
          SELECT ${j('a')}, ${msg.period}, ${msg.runId}, ${j('seg')}, ${j('mv')}, ${j('score')}, ${j('tier')}, ${j('cscore')},
                 ${j('ctier')}, ${j('ov')}, ${j('cov')}, ${j('ins')}, ${j('dims')}, ${j('ms')}, ${j('imp')}, ${msg.now}
          FROM json_each(${chunk}) WHERE true
          ON CONFLICT (account_id, period) DO UPDATE SET run_id = excluded.run_id, segment_id = excluded.segment_id,
            model_version_id = excluded.model_version_id, score = excluded.score, tier = excluded.tier,
            computed_score = excluded.computed_score, computed_tier = excluded.computed_tier, overridden = excluded.overridden,
            coverage = excluded.coverage, insufficient_data = excluded.insufficient_data, dimensions = excluded.dimensions,
            measures = excluded.measures, improvements = excluded.improvements, computed_at = excluded.computed_at`,
      ),
    ),
    // A re-run of the period replaces its transitions (the tier may have changed since the first run).
    prepare(
      db,
      sql`DELETE FROM tier_transitions WHERE period = ${msg.period} AND account_id IN (SELECT value FROM json_each(${ids}))`,
    ),
    prepare(
      db,
      sql`INSERT INTO tier_transitions (account_id, period, kind, from_tier, to_tier, from_score, to_score, arr_cents, created_at)
          SELECT ${j('a')}, ${msg.period}, ${j('kind')}, ${j('from')}, ${j('to')}, ${j('fs')}, ${j('ts')}, ${j('arr')}, ${msg.now}
          FROM json_each(${transitions}) WHERE true`,
    ),
    prepare(
      db,
      sql`INSERT INTO scoring_run_failures (run_id, account_id, error)
          SELECT ${msg.runId}, ${j('accountId')}, ${j('error')} FROM json_each(${JSON.stringify(failures)}) WHERE true
          ON CONFLICT (run_id, account_id) DO UPDATE SET error = excluded.error`,
    ),
    prepare(
      db,
      sql`INSERT INTO scoring_run_batches (run_id, first_account_id, scored, failed)
          VALUES (${msg.runId}, ${msg.accountIds[0] ?? 0}, ${scored.length}, ${failures.length})
          ON CONFLICT (run_id, first_account_id) DO UPDATE SET scored = excluded.scored, failed = excluded.failed`,
    ),
    prepare(db, insertAlertsSql(raised, msg.period, msg.now)),
  ];
}

/** After the queue's last retry a batch is recorded as failed so the run still completes. */
export async function failBatch(env: Env, msg: ScoreBatchMessage, error: string): Promise<void> {
  const db = getDb(env.DB);
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
  await finishRunIfComplete(db, msg.runId, Date.now());
}
