import {
  type AlertRule,
  alertHistoryNeeds,
  evaluateAlerts,
  type PlatformMeasureStats,
} from '../../shared/alerts';
import {
  applyOverride,
  compileModel,
  compileSegments,
  DEFAULT_MODEL_ID,
  type HealthScorer,
  type SegmentResolver,
  tierTransition,
} from '../../shared/health';
import { packBySize } from '../../shared/ingest/pack';
import { addDays, utcDay } from '../../shared/time';
import { getWebhookUrl, insertWebhookDeliveries, listAlertRules } from '../alerts/store';
import { countingD1 } from '../common/counting-d1';
import { type Db, getDb } from '../common/db';
import type { Env } from '../common/env';
import type { ScoreBatchMessage } from '../common/scoring-queue';
import { listSegments, publishedModels } from '../models/store';
import { claimNextDay, completeDay, failBackfill } from './backfills-store';
import {
  accountIdsAfter,
  countAccounts,
  type LoadedAccount,
  loadCatalog,
  loadScoringBatch,
} from './load-store';
import { clearRescoreRequestsUpTo } from './rescores-store';
import {
  addRunQueries,
  finishRunIfComplete,
  insertRun,
  loadBenchmarks,
  markRunFailed,
  recordFailedBatch,
  writeScoredBatch,
} from './runs-store';
import type { ScoredAccount } from './snapshots-store';

/** Accounts per scoring batch: one D1 round trip to load, one transaction to write. */
export const SCORING_BATCH_SIZE = 500;

/** The scoring period of a run at `now`: today (UTC); windows end yesterday, the last complete day. */
export function scoringPeriod(now: number): { period: string; asOfDay: string } {
  const period = utcDay(now);
  return { period, asOfDay: addDays(period, -1) };
}

/** What a run scores as: its snapshot period, the last day of its windows and the instant it reads at. */
export interface RunScope {
  period: string;
  asOfDay: string;
  now: number;
  asOf: ScoreBatchMessage['asOf'];
}

/**
 * The scope of a run started at `now`: today's run (windows end yesterday), or with `asOf` a run as at the
 * end of that day: its windows end on `asOf` itself (a past day is complete) and it reads ratings,
 * overrides, metrics and answers as they stood at the day's last millisecond (or now, for today).
 * @example scoringScope(Date.parse('2026-05-02T10:00:00Z'), '2026-04-30') // { period: '2026-04-30', asOfDay: '2026-04-30', now: Date.parse('2026-04-30T23:59:59.999Z'), … }
 */
export function scoringScope(now: number, asOf?: string | null): RunScope {
  if (!asOf) return { ...scoringPeriod(now), now, asOf: undefined };
  const endOfDay = Date.parse(`${addDays(asOf, 1)}T00:00:00Z`) - 1;
  // History is not news: alerts (and their webhook) only for today's period.
  return {
    period: asOf,
    asOfDay: asOf,
    now: Math.min(now, endOfDay),
    asOf: { raiseAlerts: asOf === utcDay(now) },
  };
}

/**
 * Creates a run and returns it with the work to do: `fanOut()` pages through account ids and either scores
 * the only batch inline or sends the batches to the scoring queue. `asOf` scores as at the end of that day
 * ({@link scoringScope}); `actor` audits a run someone started.
 */
export async function startScoringRun(
  env: Env,
  opts: {
    trigger: 'cron' | 'manual';
    now: number;
    asOf?: string | null;
    backfillId?: string;
    runId?: string;
    actor?: string;
  },
) {
  const db = getDb(env.DB);
  const scope = scoringScope(opts.now, opts.asOf);
  const { period, asOfDay } = scope;
  const total = await countAccounts(db);
  // A run of today scores every account with all recorded up to now: pending single-account rescores are done.
  if (!opts.asOf) await clearRescoreRequestsUpTo(db, opts.now);
  const runId = opts.runId ?? crypto.randomUUID();
  await insertRun(
    db,
    {
      id: runId,
      period,
      trigger: opts.trigger,
      total,
      now: opts.now,
      asOf: opts.asOf ?? null,
      backfillId: opts.backfillId ?? null,
    },
    opts.actor,
  );
  const fanOut = () =>
    fanOutBatches().catch(async (err) => {
      // The run cannot complete without its batches: say so instead of leaving it "running".
      const error = err instanceof Error ? err.message : String(err);
      await markRunFailed(db, runId, error, Date.now());
      await failBackfill(db, { runId }, `the run of ${period} failed: ${error}`, Date.now());
      throw err;
    });
  const fanOutBatches = async () => {
    const messages: ScoreBatchMessage[] = [];
    let after = 0;
    for (;;) {
      const ids = await accountIdsAfter(db, after, SCORING_BATCH_SIZE);
      if (ids.length === 0) break;
      messages.push({
        kind: 'score',
        runId,
        period,
        asOfDay,
        now: scope.now,
        accountIds: ids,
        ...(scope.asOf ? { asOf: scope.asOf } : {}),
      });
      after = ids[ids.length - 1]!;
    }
    if (messages.length <= 1) {
      if (messages[0]) await scoreBatch(env, messages[0]);
      else await finishRun(env, db, runId);
      return;
    }
    // sendBatch takes at most 100 messages and 256 KB; a batch of 500 ids is ~4 KB.
    const sends = packBySize(messages, (m) => JSON.stringify(m).length + 64, {
      maxItems: 100,
      maxBytes: 200 * 1024,
    });
    for (const chunk of sends) await env.SCORING_QUEUE.sendBatch(chunk.map((body) => ({ body })));
  };
  return { runId, period, total, asOf: opts.asOf ?? null, fanOut };
}

/** Marks the run done when complete; a backfill's finished day queues the start of its next day. */
async function finishRun(env: Env, db: Db, runId: string): Promise<void> {
  if (!(await finishRunIfComplete(db, runId, Date.now()))) return;
  const next = await completeDay(db, runId, Date.now());
  if (next) await env.SCORING_QUEUE.send({ kind: 'backfill', backfillId: next });
}

/**
 * Starts the backfill's next day as an `asOf` run, unless another delivery already did (the claim), and
 * fans it out; when that fails the backfill stops with the reason rather than waiting forever.
 */
export async function startNextBackfillDay(env: Env, backfillId: string): Promise<void> {
  const db = getDb(env.DB);
  const runId = crypto.randomUUID();
  const day = await claimNextDay(db, backfillId, runId);
  if (!day) return;
  try {
    const run = await startScoringRun(env, {
      trigger: 'manual',
      now: Date.now(),
      asOf: day,
      backfillId,
      runId,
    });
    await run.fanOut();
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    console.error(JSON.stringify({ msg: 'backfill day failed', backfillId, day, error }));
    await failBackfill(db, { id: backfillId }, `the run of ${day} failed: ${error}`, Date.now());
  }
}

/** What a run scores with: segments, published models, catalog, benchmarks and alert rules, read once. */
export interface RunConfig {
  segments: SegmentResolver;
  scorers: Map<string, { versionId: number; scorer: HealthScorer }>;
  catalog: Awaited<ReturnType<typeof loadCatalog>>;
  benchmarks: Awaited<ReturnType<typeof loadBenchmarks>>;
  historyDays: number;
  windows: number[];
  surveyDays: number;
  /** Longest support (ticket) window of any published model, days (0: tickets are not loaded). */
  ticketDays: number;
  rules: AlertRule[];
  webhookUrl: string | null;
}

/**
 * Reads the scoring configuration as it stands: segment rules, the published model of each, the feature
 * catalog, the measure benchmarks the latest finished run stored (never recomputed here) and the alert
 * rules. One D1 round trip per table, side by side.
 * @example const config = await readRunConfig(db)
 */
export async function readRunConfig(db: Db): Promise<RunConfig> {
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
    ticketDays: Math.max(0, ...reqs.map((r) => r.ticketDays)),
    rules,
    webhookUrl,
  };
}

// Config is read once per run per isolate, not per batch.
let cached: { runId: string; config: Promise<RunConfig> } | null = null;

async function loadRunConfig(db: Db, runId: string): Promise<RunConfig> {
  if (cached?.runId === runId) return cached.config;
  const config = readRunConfig(db);
  cached = { runId, config };
  // A failed load (say a transient D1 error) must not be served to the batch's retries.
  config.catch(() => {
    if (cached?.config === config) cached = null;
  });
  return config;
}

/**
 * The load options of a scope: every window and history length any published model needs, and the snapshot
 * history (days, measures, platform statistics) the enabled alert rules read.
 */
export function loadOptions(config: RunConfig, scope: Omit<RunScope, 'asOf'> & { asOf?: unknown }) {
  const needs = alertHistoryNeeds(config.rules);
  return {
    asOfDay: scope.asOfDay,
    period: scope.period,
    now: scope.now,
    historyDays: config.historyDays,
    windows: config.windows,
    snapshotDays: needs.days,
    historyMeasureKeys: needs.measureKeys,
    platformKeys: needs.platformKeys,
    surveyDays: config.surveyDays,
    ticketDays: config.ticketDays,
    existingVersions: scope.asOf !== undefined,
  };
}

/**
 * The pure part of scoring, shared by portfolio batches and single-account rescoring: each loaded account
 * is scored with its segment's published model, its override applied, its tier transition against its
 * previous snapshot found and the alert rules evaluated (unless the scope raises none). An `asOf` scope
 * skips an account whose snapshot of the period another model version wrote. An account that cannot be
 * scored is returned as a failure. `platform` is the platform statistics the batch loaded, for the rules
 * that compare with the platform.
 * @example const { scored, failures, skipped } = scoreAccounts(config, accounts, scope, loaded.platform)
 */
export function scoreAccounts(
  config: RunConfig,
  accounts: Map<number, LoadedAccount>,
  scope: Pick<RunScope, 'period' | 'asOfDay' | 'now'> & { asOf?: RunScope['asOf'] },
  platform?: PlatformMeasureStats,
): { scored: ScoredAccount[]; failures: { accountId: number; error: string }[]; skipped: number[] } {
  const scored: ScoredAccount[] = [];
  const failures: { accountId: number; error: string }[] = [];
  const skipped: number[] = [];
  for (const [accountId, loaded] of accounts) {
    try {
      const segment = config.segments.resolve(loaded.input.account, scope.asOfDay);
      const model = config.scorers.get(segment.modelId) ?? config.scorers.get(DEFAULT_MODEL_ID);
      if (!model)
        throw new Error(
          `segment ${segment.id} uses model ${segment.modelId}, which has no published version`,
        );
      // An `asOf` run adds history; it never rewrites what another model version said about that day.
      if (scope.asOf && loaded.existingVersionId !== null && loaded.existingVersionId !== model.versionId) {
        skipped.push(accountId);
        continue;
      }
      const result = model.scorer.score(loaded.input, {
        asOfDay: scope.asOfDay,
        now: scope.now,
        catalog: config.catalog,
        benchmarks: config.benchmarks,
        segmentId: segment.id,
      });
      const effective = applyOverride(
        result,
        loaded.override ? { ...loaded.override, score: loaded.override.score } : null,
        scope.now,
      );
      const tiers = model.scorer.model.tiers;
      const transition = tierTransition(loaded.previous?.tier, effective.tier, tiers);
      const account = loaded.input.account;
      const alerts =
        scope.asOf && !scope.asOf.raiseAlerts
          ? []
          : evaluateAlerts(
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
                  period: scope.period,
                  // Insufficient data has no score to alert on, unless a CSM override gives it one.
                  score: result.insufficientData && !effective.override ? null : effective.score,
                  tier: effective.tier,
                  measures: result.measures,
                },
                previous: loaded.previous,
                history: loaded.history,
                deactivatedKeyContacts: loaded.deactivatedKeyContacts,
                keyPeople: loaded.keyPeople,
              },
              { asOfDay: scope.asOfDay, now: scope.now, tiers, periodDays: 1, platform },
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
  return { scored, failures, skipped };
}

/**
 * Scores one batch: load (one round trip) → pure core → write snapshots, transitions and failures in one
 * transaction. Idempotent: re-running a period overwrites its snapshots and transitions. An account that
 * cannot be scored (corrupt data, a model error) is recorded as a run failure and skipped.
 */
export async function scoreBatch(env: Env, msg: ScoreBatchMessage): Promise<void> {
  const counter = countingD1(env.DB);
  const db = getDb(counter.d1);
  const config = await loadRunConfig(db, msg.runId);
  const {
    accounts,
    failures: loadFailures,
    platform,
  } = await loadScoringBatch(db, msg.accountIds, loadOptions(config, msg));
  const { scored, failures, skipped } = scoreAccounts(config, accounts, msg, platform);
  const raised = await writeScoredBatch(
    db,
    msg,
    scored,
    [...loadFailures, ...failures],
    SCORING_BATCH_SIZE,
    skipped.length,
  );
  if (config.webhookUrl && raised.length > 0) await queueWebhooks(env, db, raised, msg.now);
  await addRunQueries(db, msg.runId, counter.count());
  await finishRun(env, db, msg.runId);
}

/** One delivery row per new alert, then a queue message each; the consumer posts and retries. */
export async function queueWebhooks(env: Env, db: Db, alertIds: number[], now: number) {
  const ids = await insertWebhookDeliveries(db, alertIds, now);
  for (let i = 0; i < ids.length; i += 100) {
    await env.SCORING_QUEUE.sendBatch(
      ids.slice(i, i + 100).map((deliveryId) => ({ body: { kind: 'webhook' as const, deliveryId } })),
    );
  }
}

/** After the queue's last retry a batch is recorded as failed so the run still completes. */
export async function failBatch(env: Env, msg: ScoreBatchMessage, error: string): Promise<void> {
  const db = getDb(env.DB);
  await recordFailedBatch(db, msg, error);
  await finishRun(env, db, msg.runId);
}
