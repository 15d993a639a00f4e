import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/**
 * D1 schema. Column names are camelCase here and snake_case in SQL (`casing: 'snake_case'` in both
 * drizzle.config.ts and the client). Times are epoch milliseconds; `day` is a UTC `YYYY-MM-DD`;
 * money is integer minor units with a currency.
 */

/**
 * A write key's owner: one instrumented product or environment. The key is looked up by its hash; it is also
 * kept sealed (AES-GCM under a key derived from SURVEY_SIGNING_KEY, see worker/ingest/write-key-seal.ts) so
 * admins can copy it into snippets later. Null `keySealed`: created before sealing, or without the secret.
 */
export const sources = sqliteTable('sources', {
  id: text().primaryKey(),
  name: text().notNull(),
  keyHash: text().notNull().unique(),
  keyPrefix: text().notNull(),
  keySealed: text(),
  createdAt: integer().notNull(),
  revokedAt: integer(),
});

/** Customer accounts (Segment `group`): external id = groupId. Mapped trait columns plus the raw traits. */
export const accounts = sqliteTable(
  'accounts',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    externalId: text().notNull().unique(),
    name: text().notNull(),
    plan: text(),
    industry: text(),
    employees: integer(),
    seats: integer(),
    arrCents: integer(),
    mrrCents: integer(),
    currency: text(),
    contractStartDate: text(),
    renewalDate: text(),
    ownerEmail: text(),
    traits: text().notNull().default('{}'),
    traitsUpdatedAt: integer(),
    createdAt: integer().notNull(),
    lastSeenAt: integer(),
    /**
     * Of its contracts, kept with every contract write (worker/revenue/account-facts-store.ts): the first start
     * (null: no contract), and the end of the latest-started recurring one when its outcome is `churned`.
     */
    firstContractStart: text(),
    contractChurnedOn: text(),
    /**
     * The day the account stopped being a customer (GET /api/metrics' rule): the earlier valid day of
     * `contractChurnedOn` and of the `churnedAt` trait when the `status` trait says churned, kept only when on or
     * after `firstContractStart`. Kept by triggers on every write of those (migration 0028), whoever writes
     * them, so a period's customers are read from an index instead of parsing every account's traits.
     */
    churnedOn: text(),
  },
  (t) => [
    index('accounts_name_idx').on(t.name, t.id),
    // The customers of a period (started by its end, not churned before its start) from the index alone.
    index('accounts_customer_idx')
      .on(t.firstContractStart, t.churnedOn)
      .where(sql`first_contract_start IS NOT NULL`),
    // An account's contract facts by id without reading its row (traits make rows long): GET /api/metrics' scope
    // walk, and the renewal-cycle start of the accounts whose wins and saves it counts. The accounts list's count
    // by tier or segment walks it for the id order (worker/accounts/store.ts).
    index('accounts_facts_idx').on(t.id, t.firstContractStart, t.churnedOn, t.contractStartDate),
    // A CSM's accounts (`ownerIs`: case-insensitive) and the owners list, without reading every account's row.
    index('accounts_owner_idx').on(sql`lower(${t.ownerEmail})`),
  ],
);

/** End users (Segment `identify`), linked to one account (the latest `group`/groupId seen). */
export const users = sqliteTable(
  'users',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    externalId: text().notNull().unique(),
    accountId: integer().references(() => accounts.id),
    linkedAt: integer(),
    email: text(),
    name: text(),
    traits: text().notNull().default('{}'),
    traitsUpdatedAt: integer(),
    createdAt: integer().notNull(),
    activatedAt: integer(),
    lastSeenAt: integer(),
  },
  (t) => [index('users_account_idx').on(t.accountId)],
);

/** Feature catalog: one row per track event name or page/screen name, auto-registered on first sight. */
export const features = sqliteTable('features', {
  id: integer().primaryKey({ autoIncrement: true }),
  key: text().notNull().unique(),
  name: text().notNull(),
  kind: text({ enum: ['track', 'page', 'screen'] }).notNull(),
  module: text(),
  isCore: integer({ mode: 'boolean' }).notNull().default(false),
  firstSeenAt: integer().notNull(),
});

/**
 * Raw events, deduplicated on (source, messageId). `batchToken` is set only while the consumer
 * transaction that inserted (or re-attributed) the row runs, so rollups count exactly those rows.
 */
export const events = sqliteTable(
  'events',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    sourceId: text().notNull(),
    messageId: text().notNull(),
    type: text().notNull(),
    name: text(),
    userId: integer(),
    anonymousId: text(),
    accountId: integer(),
    featureId: integer(),
    ts: integer().notNull(),
    day: text().notNull(),
    receivedAt: integer().notNull(),
    durationMs: integer(),
    properties: text(),
    batchToken: text(),
  },
  (t) => [
    uniqueIndex('events_source_message_uq').on(t.sourceId, t.messageId),
    // No (account, day, …) index: nothing reads raw events by account (distinct users come from
    // feature_day_users), and one on (account, day, feature, user) cost a random leaf page read and dirtied
    // per inserted event once it outgrew the page cache.
    index('events_received_idx').on(t.receivedAt),
    index('events_batch_token_idx').on(t.batchToken).where(sql`batch_token IS NOT NULL`),
    index('events_unattributed_idx').on(t.userId).where(sql`account_id IS NULL`),
  ],
);

/** Per account-day usage. `activeUsers`/`featuresUsed` are distinct counts kept exact from the tables below. */
export const accountDays = sqliteTable(
  'account_days',
  {
    accountId: integer().notNull(),
    day: text().notNull(),
    events: integer().notNull(),
    activeUsers: integer().notNull(),
    activeMs: integer().notNull(),
    featuresUsed: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.day] })],
);

/** Per account-feature-day usage; `users` = distinct users of the feature that day. */
export const accountFeatureDays = sqliteTable(
  'account_feature_days',
  {
    accountId: integer().notNull(),
    featureId: integer().notNull(),
    day: text().notNull(),
    events: integer().notNull(),
    users: integer().notNull(),
    activeMs: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.day, t.featureId] })],
);

/**
 * Which users used a feature on a day: one row per account-day-feature-user, written idempotently by the
 * consumer. The source of distinct-user counts (a day's `account_feature_days.users` and windows of days),
 * kept like the other rollups when raw events are purged.
 */
export const featureDayUsers = sqliteTable(
  'feature_day_users',
  {
    accountId: integer().notNull(),
    day: text().notNull(),
    featureId: integer().notNull(),
    userId: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.day, t.featureId, t.userId] })],
);

/** Per user-day usage (under the account the user belonged to that day). */
export const userDays = sqliteTable(
  'user_days',
  {
    accountId: integer().notNull(),
    day: text().notNull(),
    userId: integer().notNull(),
    events: integer().notNull(),
    activeMs: integer().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.day, t.userId] }),
    index('user_days_user_idx').on(t.userId, t.day),
  ],
);

/**
 * Raw events archived to R2 before retention deletes them: one gzip NDJSON object per source and received
 * day (`raw/source=<id>/day=<YYYY-MM-DD>/events.ndjson.gz`). A partition is deleted from `events` only once
 * its row is here.
 */
export const rawArchives = sqliteTable(
  'raw_archives',
  {
    sourceId: text().notNull(),
    day: text().notNull(),
    objectKey: text().notNull(),
    events: integer().notNull(),
    bytes: integer().notNull(),
    archivedAt: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.sourceId, t.day] }), index('raw_archives_day_idx').on(t.day)],
);

/**
 * A replay of archived raw events: rebuilds the event-day rollups of `fromDay`..`toDay` (worker/ingest/
 * replay-job.ts). `phase` clear → live → archive → done; `cursor` (JSON) is where the phase goes on, and
 * every chunk moves it in the transaction that applies the chunk, so a retried chunk applies nothing twice.
 * `snapshotId`: raw events with a larger id arrived after the clear and were counted by the consumer.
 */
export const replayJobs = sqliteTable(
  'replay_jobs',
  {
    id: text().primaryKey(),
    fromDay: text().notNull(),
    toDay: text().notNull(),
    /** The source asked for (null: all); the rebuild reads every source (see replay-job.ts). */
    sourceId: text(),
    status: text({ enum: ['running', 'done', 'failed'] }).notNull(),
    phase: text({ enum: ['clear', 'live', 'archive', 'done'] }).notNull(),
    cursor: text(),
    snapshotId: integer(),
    liveEvents: integer().notNull().default(0),
    archivedEvents: integer().notNull().default(0),
    partitions: integer().notNull().default(0),
    attempts: integer().notNull().default(0),
    error: text(),
    requestedBy: text().notNull(),
    createdAt: integer().notNull(),
    updatedAt: integer().notNull(),
    finishedAt: integer(),
  },
  (t) => [index('replay_jobs_status_idx').on(t.status, t.fromDay)],
);

/**
 * Raw events of a replay's days that had no account when its rollups were cleared (they counted nowhere). The
 * live phase skips them: if the consumer attributes one meanwhile (its user linked), it counts it then.
 */
export const replayUnattributed = sqliteTable(
  'replay_unattributed',
  { jobId: text().notNull(), eventId: integer().notNull() },
  (t) => [primaryKey({ columns: [t.jobId, t.eventId] })],
);

/** Queue messages that failed: retrying (with the last error), recovered (a retry succeeded), dead (in the DLQ) or replayed. */
export const ingestFailures = sqliteTable(
  'ingest_failures',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    queueMessageId: text().notNull().unique(),
    sourceId: text(),
    status: text({ enum: ['retrying', 'recovered', 'dead', 'replayed'] }).notNull(),
    attempts: integer().notNull(),
    error: text().notNull(),
    eventCount: integer().notNull(),
    body: text().notNull(),
    firstFailedAt: integer().notNull(),
    lastFailedAt: integer().notNull(),
  },
  (t) => [index('ingest_failures_status_idx').on(t.status, t.lastFailedAt)],
);

/**
 * Events stored per source and UTC day of receipt (written by the ingest consumer with the raw events, so a
 * redelivery adds nothing): Settings → Sources reads today, 7 days and the last receipt here, not raw events.
 */
export const sourceDays = sqliteTable(
  'source_days',
  {
    sourceId: text().notNull(),
    day: text().notNull(),
    events: integer().notNull(),
    lastReceivedAt: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.sourceId, t.day] })],
);

/** Messages the ingest edge rejected, per source, UTC day and error code (MESSAGE_ERROR_CODES). */
export const sourceRejections = sqliteTable(
  'source_rejections',
  {
    sourceId: text().notNull(),
    day: text().notNull(),
    code: text().notNull(),
    messages: integer().notNull(),
    lastRejectedAt: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.sourceId, t.day, t.code] })],
);

/** Health models; their content lives in versions. */
export const models = sqliteTable('models', {
  id: text().primaryKey(),
  name: text().notNull(),
  createdAt: integer().notNull(),
  updatedAt: integer().notNull(),
});

/**
 * Model versions: at most one draft per model; published versions are immutable, and every snapshot
 * references the version that scored it, so publishing never rewrites history.
 */
export const modelVersions = sqliteTable(
  'model_versions',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    modelId: text().notNull(),
    version: integer().notNull(),
    status: text({ enum: ['draft', 'published', 'retired'] }).notNull(),
    config: text().notNull(),
    createdAt: integer().notNull(),
    publishedAt: integer(),
    /** Who saved the version (member email, `admin-token`, `system`); null for versions older than the column. */
    createdBy: text(),
    publishedBy: text(),
    /** The publish note. */
    note: text(),
  },
  (t) => [
    uniqueIndex('model_versions_model_version_uq').on(t.modelId, t.version),
    uniqueIndex('model_versions_one_draft_uq').on(t.modelId).where(sql`status = 'draft'`),
  ],
);

/** Segments in match order; exactly one is the default. */
export const segments = sqliteTable('segments', {
  id: text().primaryKey(),
  name: text().notNull(),
  position: integer().notNull(),
  match: text({ enum: ['all', 'any'] })
    .notNull()
    .default('all'),
  conditions: text().notNull().default('[]'),
  modelId: text().notNull(),
  isDefault: integer({ mode: 'boolean' }).notNull().default(false),
  createdAt: integer().notNull(),
  updatedAt: integer().notNull(),
});

/** One health snapshot per account per scoring period (a UTC day), with the full explanation. */
export const scoreSnapshots = sqliteTable(
  'score_snapshots',
  {
    accountId: integer().notNull(),
    period: text().notNull(),
    runId: text().notNull(),
    segmentId: text().notNull(),
    modelVersionId: integer().notNull(),
    score: real(),
    tier: text(),
    computedScore: real(),
    computedTier: text(),
    overridden: integer({ mode: 'boolean' }).notNull().default(false),
    coverage: real().notNull(),
    insufficientData: integer({ mode: 'boolean' }).notNull(),
    dimensions: text().notNull(),
    measures: text().notNull(),
    improvements: text().notNull(),
    computedAt: integer().notNull(),
  },
  (t) => [
    // Period first: the key is also the period index (a day's snapshots, the scored days), so no third B-tree
    // repeats it (~33 bytes a row); an account's rows are found by the index below.
    primaryKey({ columns: [t.period, t.accountId] }),
    // An account's snapshots by day: its history, its latest one on or before a day (compaction, the change
    // baselines of latest_snapshots' triggers). Key only (~22 bytes a row where segment, tier and score made it
    // ~45): what read them from here for every account now reads latest_snapshots (migration 0036).
    index('score_snapshots_account_idx').on(t.accountId, t.period),
  ],
);

/**
 * Each account's latest snapshot (by period) with its score change over 1, 7 and 30 days (the accounts list's
 * `changeDays`: the latest score minus that of the first snapshot on or after that many days before it, see
 * `changeBaselineOn` in worker/scoring/snapshots-store.ts): one short row per scored account, so the list
 * sorts by score or change by walking an index and counts its matches without two seeks per account into
 * `score_snapshots`. Derived only: kept by triggers on `score_snapshots` (migration 0035) whoever writes it —
 * scoring and asOf runs, rescores, overrides, compaction, the demo, restores.
 */
export const latestSnapshots = sqliteTable(
  'latest_snapshots',
  {
    accountId: integer().primaryKey(),
    period: text().notNull(),
    segmentId: text().notNull(),
    tier: text(),
    score: real(),
    change1: real(),
    change7: real(),
    change30: real(),
  },
  // The list's sorts walk these; the tier and segment beside the key let its filters skip rows on the index.
  (t) => [
    index('latest_snapshots_score_idx').on(t.score, t.tier, t.segmentId),
    index('latest_snapshots_change1_idx').on(t.change1, t.tier, t.segmentId),
    index('latest_snapshots_change7_idx').on(t.change7, t.tier, t.segmentId),
    index('latest_snapshots_change30_idx').on(t.change30, t.tier, t.segmentId),
  ],
);

/**
 * The measure benchmarks a run scored one segment's accounts with under one model version (`[benchmark, …]`
 * in the version's measure order): the same for all of them, so compact snapshot rows (history) refer to it
 * by their run, segment and version instead of each repeating it (worker/scoring/compaction-store.ts).
 */
export const snapshotBenchmarks = sqliteTable(
  'snapshot_benchmarks',
  {
    runId: text().notNull(),
    segmentId: text().notNull(),
    modelVersionId: integer().notNull(),
    benchmarks: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.segmentId, t.modelVersionId] })],
);

/**
 * Short references to scoring runs for compact snapshot rows (history): a compact row's `run_id` is `#<id>`
 * of its run here (2–7 bytes instead of a 36-byte UUID), resolved back with `snapshotRunIdSql`
 * (worker/scoring/compaction-store.ts). Rows are never deleted, so an id always means the same run.
 */
export const snapshotRuns = sqliteTable('snapshot_runs', {
  id: integer().primaryKey(),
  runId: text().notNull().unique(),
});

/** Scoring runs (cron or on demand) and their progress. */
export const scoringRuns = sqliteTable('scoring_runs', {
  id: text().primaryKey(),
  period: text().notNull(),
  trigger: text({ enum: ['cron', 'manual'] }).notNull(),
  status: text({ enum: ['running', 'done', 'failed'] }).notNull(),
  total: integer().notNull(),
  startedAt: integer().notNull(),
  finishedAt: integer(),
  /** D1 statements the run's batches executed (for the scoring benchmark's queries per 1,000 accounts). */
  d1Queries: integer().notNull().default(0),
  /** The day an `asOf` run scored as at (windows end on it); null for a run of today's period. */
  asOf: text(),
  /** The backfill this run is one day of (`scoring_backfills.id`), else null. */
  backfillId: text(),
});

/**
 * "Backfill history": one `asOf` run per day of `days` (JSON array, oldest first), one after another.
 * `done` days have finished; `currentRunId` is the run of day `days[done]` while it runs.
 */
export const scoringBackfills = sqliteTable('scoring_backfills', {
  id: text().primaryKey(),
  days: text().notNull(),
  status: text({ enum: ['running', 'done', 'failed'] }).notNull(),
  done: integer().notNull().default(0),
  currentRunId: text(),
  requestedBy: text().notNull(),
  error: text(),
  startedAt: integer().notNull(),
  finishedAt: integer(),
});

/**
 * Progress of a run, one row per batch (keyed by its first account id): written in the batch's own
 * transaction, so a redelivered batch cannot count twice and a later run of the same day cannot steal it.
 */
export const scoringRunBatches = sqliteTable(
  'scoring_run_batches',
  {
    runId: text().notNull(),
    firstAccountId: integer().notNull(),
    scored: integer().notNull(),
    failed: integer().notNull(),
    /** Accounts an `asOf` run left alone: their snapshot of the day was written by another model version. */
    skipped: integer().notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.runId, t.firstAccountId] })],
);

/** Accounts a run could not score, and why (the run reports and skips them). */
export const scoringRunFailures = sqliteTable(
  'scoring_run_failures',
  {
    runId: text().notNull(),
    accountId: integer().notNull(),
    error: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.accountId] })],
);

/** Segment and all-accounts means of each measure's raw value, from the latest finished run. */
export const measureBenchmarks = sqliteTable(
  'measure_benchmarks',
  {
    scope: text().notNull(),
    measureKey: text().notNull(),
    mean: real().notNull(),
    count: integer().notNull(),
    period: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.measureKey] })],
);

/**
 * Each scored day's platform-wide statistics of every measure, for the alert rules that compare an account
 * with the platform over weeks or months: `mean` of the accounts' raw values, `pooled` Σ raw × paid seats ÷
 * Σ paid seats over accounts with seats (seed 002's pooled rate), `count` the accounts with a value. Written by
 * each finishing run for its period (worker/scoring/runs-store.ts); read by period range.
 */
export const measureDailyStats = sqliteTable(
  'measure_daily_stats',
  {
    period: text().notNull(),
    measureKey: text().notNull(),
    mean: real().notNull(),
    pooled: real(),
    count: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.period, t.measureKey] })],
);

/**
 * What a finishing scoring run stores for the dashboard and the account insight, so page views do not
 * re-read every snapshot (worker/dashboard/rollups-store.ts). `kind`: `tier-counts` (scope '' = all
 * accounts) and `owner-tier-counts` (scope = lower-cased owner email) per period, `dimension-means` (scope =
 * segment id) per period, `latest-rollup` (one row, scope and period '': its period is in the value).
 * `value` is JSON. Reads are by kind and scope over a period range: the primary key's order.
 */
export const dashboardAggregates = sqliteTable(
  'dashboard_aggregates',
  {
    kind: text({ enum: ['tier-counts', 'owner-tier-counts', 'dimension-means', 'latest-rollup'] }).notNull(),
    scope: text().notNull(),
    period: text().notNull(),
    value: text().notNull(),
    updatedAt: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.kind, t.scope, t.period] })],
);

/** The CSM's manual ratings (1–5 stars); the latest unexpired one feeds the model. */
export const csmRatings = sqliteTable(
  'csm_ratings',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    accountId: integer().notNull(),
    stars: integer().notNull(),
    comment: text(),
    ratedBy: text(),
    ratedAt: integer().notNull(),
    expiresAt: integer(),
  },
  (t) => [index('csm_ratings_account_idx').on(t.accountId, t.ratedAt)],
);

/** Manual tier/score overrides with reason and expiry; the computed score is kept in the snapshot. */
export const healthOverrides = sqliteTable(
  'health_overrides',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    accountId: integer().notNull(),
    tier: text().notNull(),
    score: real(),
    reason: text().notNull(),
    createdBy: text(),
    createdAt: integer().notNull(),
    expiresAt: integer().notNull(),
    clearedAt: integer(),
  },
  (t) => [index('health_overrides_account_idx').on(t.accountId, t.createdAt)],
);

/** Custom numeric metrics pushed per account (business outcomes); the latest value per key feeds the model. */
export const customMetrics = sqliteTable(
  'custom_metrics',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    accountId: integer().notNull(),
    key: text().notNull(),
    value: real().notNull(),
    recordedAt: integer().notNull(),
    createdAt: integer().notNull(),
  },
  (t) => [index('custom_metrics_account_key_idx').on(t.accountId, t.key, t.recordedAt)],
);

/** Tier changes between consecutive snapshots: win, save, improve, decline. */
export const tierTransitions = sqliteTable(
  'tier_transitions',
  {
    accountId: integer().notNull(),
    period: text().notNull(),
    kind: text({ enum: ['win', 'save', 'improve', 'decline'] }).notNull(),
    fromTier: text().notNull(),
    toTier: text().notNull(),
    fromScore: real(),
    toScore: real(),
    arrCents: integer(),
    createdAt: integer().notNull(),
    /**
     * The segment of the change's snapshot (same account and period), written with it: the dashboard's and
     * metrics' segment filters read it here instead of seeking the snapshot's row. NULL from writers that
     * do not know it (readers then seek the snapshot: `transitionSegmentSql`).
     */
    segmentId: text(),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.period] }),
    index('tier_transitions_period_idx').on(t.period, t.kind),
  ],
);

/**
 * Single-account rescores waiting for the scoring queue (a survey answer's): written with the input that
 * asks for one, deleted when the rescore ran (or gave up) and by the next run of today, which scores every
 * account anyway. One row per account; a newer request moves `requestedAt` on.
 */
export const rescoreRequests = sqliteTable('rescore_requests', {
  accountId: integer().primaryKey(),
  requestedAt: integer().notNull(),
});

/** Alert rules: a kind from the catalog with its parameters, severity and playbook text. */
export const alertRules = sqliteTable('alert_rules', {
  id: text().primaryKey(),
  kind: text().notNull(),
  name: text().notNull(),
  params: text().notNull().default('{}'),
  severity: text({ enum: ['info', 'warning', 'critical'] }).notNull(),
  playbook: text().notNull(),
  enabled: integer({ mode: 'boolean' }).notNull().default(true),
  /** JSON array of the rule's task templates `{ title, dueInDays, priority }`, created with each new alert. */
  tasks: text().notNull().default('[]'),
  /** JSON `{ zh?: { name?, playbook? } }`: the rule's texts in other languages; null: English only. */
  texts: text(),
  createdAt: integer().notNull(),
  updatedAt: integer().notNull(),
});

/** Alerts, deduplicated per account and rule while open or snoozed. */
export const alerts = sqliteTable(
  'alerts',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    accountId: integer().notNull(),
    ruleId: text().notNull(),
    status: text({ enum: ['open', 'snoozed', 'closed'] }).notNull(),
    severity: text().notNull(),
    title: text().notNull(),
    detail: text().notNull(),
    playbook: text().notNull(),
    /** JSON `AlertMessages`: title, detail and playbook as message keys and params; null before they existed. */
    messages: text(),
    assignee: text(),
    snoozedUntil: integer(),
    closedAt: integer(),
    closeNote: text(),
    period: text().notNull(),
    createdAt: integer().notNull(),
    updatedAt: integer().notNull(),
  },
  (t) => [
    uniqueIndex('alerts_open_uq').on(t.accountId, t.ruleId).where(sql`status <> 'closed'`),
    index('alerts_status_idx').on(t.status, t.createdAt),
    // A single-account rescore raises a rule at most once per account and day, closed alerts included.
    index('alerts_account_period_idx').on(t.accountId, t.period),
  ],
);

/** Outbound webhook deliveries of alerts (Slack-compatible JSON), with retries visible to admins. */
export const webhookDeliveries = sqliteTable(
  'webhook_deliveries',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    alertId: integer().notNull(),
    status: text({ enum: ['pending', 'delivered', 'failed', 'cancelled'] }).notNull(),
    attempts: integer().notNull().default(0),
    lastError: text(),
    lastStatus: integer(),
    createdAt: integer().notNull(),
    updatedAt: integer().notNull(),
  },
  (t) => [index('webhook_deliveries_status_idx').on(t.status, t.updatedAt)],
);

/** Workspace settings as key → JSON value (alert webhook URL, …). */
export const settings = sqliteTable('settings', {
  key: text().primaryKey(),
  value: text().notNull(),
  updatedAt: integer().notNull(),
});

/** Who changed a model, segment, override or rating, and how. */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    at: integer().notNull(),
    actor: text().notNull(),
    action: text().notNull(),
    entity: text().notNull(),
    entityId: text().notNull(),
    details: text().notNull().default('{}'),
  },
  (t) => [index('audit_log_entity_idx').on(t.entity, t.entityId, t.at)],
);

/**
 * People who sign in to the admin SPA (not the product's end users, which are `users`). Email is stored
 * lower-cased; `passwordHash` is `pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>`, null until an invite is accepted.
 */
export const members = sqliteTable('members', {
  id: integer().primaryKey({ autoIncrement: true }),
  email: text().notNull().unique(),
  name: text(),
  role: text({ enum: ['admin', 'csm', 'viewer'] }).notNull(),
  passwordHash: text(),
  active: integer({ mode: 'boolean' }).notNull().default(true),
  createdAt: integer().notNull(),
  updatedAt: integer().notNull(),
  lastSignInAt: integer(),
});

/** Browser sessions: the cookie carries a random token, only its SHA-256 is stored, with the CSRF token. */
export const sessions = sqliteTable(
  'sessions',
  {
    tokenHash: text().primaryKey(),
    memberId: integer().notNull(),
    csrfToken: text().notNull(),
    createdAt: integer().notNull(),
    lastSeenAt: integer().notNull(),
    expiresAt: integer().notNull(),
    userAgent: text(),
  },
  (t) => [index('sessions_member_idx').on(t.memberId)],
);

/** One-time invite links; the token is only stored hashed. */
export const invites = sqliteTable(
  'invites',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    tokenHash: text().notNull().unique(),
    email: text().notNull(),
    role: text({ enum: ['admin', 'csm', 'viewer'] }).notNull(),
    invitedBy: integer(),
    createdAt: integer().notNull(),
    expiresAt: integer().notNull(),
    acceptedAt: integer(),
    revokedAt: integer(),
  },
  (t) => [index('invites_email_idx').on(t.email)],
);

/** API tokens for automation, acting with a role; shown once, stored hashed. */
export const apiTokens = sqliteTable('api_tokens', {
  id: integer().primaryKey({ autoIncrement: true }),
  name: text().notNull(),
  tokenHash: text().notNull().unique(),
  tokenPrefix: text().notNull(),
  role: text({ enum: ['admin', 'csm', 'viewer'] }).notNull(),
  createdBy: integer(),
  createdAt: integer().notNull(),
  lastUsedAt: integer(),
  expiresAt: integer(),
  revokedAt: integer(),
});

/**
 * Sign-in attempts, kept briefly to rate-limit guessing. A row is reserved before the password is checked
 * (so parallel guesses count) and deleted when the password was right, so what remains are failures and
 * attempts still in flight. Rows with `device` (a {@link trustedDevices} id) count against that device only;
 * rows without it against the email and the client address.
 */
export const signInFailures = sqliteTable(
  'sign_in_failures',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    email: text().notNull(),
    ip: text(),
    device: integer(),
    at: integer().notNull(),
  },
  (t) => [
    index('sign_in_failures_email_idx').on(t.email, t.at),
    index('sign_in_failures_ip_idx').on(t.ip, t.at),
    index('sign_in_failures_device_idx').on(t.device, t.at),
  ],
);

/**
 * Browsers a member has signed in from (OWASP "device cookies"): the `kw_device` cookie carries a random
 * token, only its SHA-256 is stored. Such a browser keeps its own sign-in limit when the member's email is
 * locked out by guesses from elsewhere.
 */
export const trustedDevices = sqliteTable(
  'trusted_devices',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    tokenHash: text().notNull().unique(),
    memberId: integer().notNull(),
    createdAt: integer().notNull(),
    expiresAt: integer().notNull(),
  },
  (t) => [index('trusted_devices_member_idx').on(t.memberId)],
);

/**
 * The people of an account beyond what `identify` tells: a row per identified user (`user_id`) whose roles or
 * title a CSM set, and manual contacts (no user). Roles are a JSON array of CONTACT_ROLES.
 */
export const contacts = sqliteTable(
  'contacts',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    accountId: integer().notNull(),
    userId: integer(),
    email: text(),
    name: text(),
    title: text(),
    roles: text().notNull().default('[]'),
    createdAt: integer().notNull(),
    updatedAt: integer().notNull(),
  },
  (t) => [
    index('contacts_account_idx').on(t.accountId),
    uniqueIndex('contacts_user_uq').on(t.userId).where(sql`user_id IS NOT NULL`),
  ],
);

/** CSM touchpoints on an account's timeline: call, meeting, email, QBR, visit, note. */
export const touchpoints = sqliteTable(
  'touchpoints',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    accountId: integer().notNull(),
    kind: text({ enum: ['call', 'meeting', 'email', 'qbr', 'visit', 'note'] }).notNull(),
    occurredAt: integer().notNull(),
    summary: text().notNull(),
    body: text(),
    authorId: integer(),
    authorEmail: text(),
    createdAt: integer().notNull(),
  },
  (t) => [index('touchpoints_account_idx').on(t.accountId, t.occurredAt)],
);

/**
 * Hosted NPS / CSAT / CES surveys. `questions` is JSON by locale (`{ en: { question, followUp, lowLabel,
 * highLabel } }`); answers must be integers in `scaleMin..scaleMax`. A survey may re-run every
 * `recurrenceDays` (the cron creates links for due contacts at `nextRunAt`), never asking a contact again
 * within `quietPeriodDays`. `publicOrigin` is the origin links were last generated under (the cron has no
 * request to take it from); `lastRun` is JSON of the last cron run's outcome.
 */
export const surveys = sqliteTable(
  'surveys',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    type: text({ enum: ['nps', 'csat', 'ces'] }).notNull(),
    name: text().notNull(),
    scaleMin: integer().notNull(),
    scaleMax: integer().notNull(),
    /** CES: `ease` (higher = easier) or `difficulty` (higher = harder); NPS and CSAT are always `ease`. Fixed once created. */
    direction: text({ enum: ['ease', 'difficulty'] })
      .notNull()
      .default('ease'),
    followUp: integer({ mode: 'boolean' }).notNull().default(true),
    questions: text().notNull(),
    defaultLocale: text().notNull().default('en'),
    active: integer({ mode: 'boolean' }).notNull().default(true),
    quietPeriodDays: integer().notNull().default(90),
    linkExpiryDays: integer().notNull().default(30),
    recurrenceDays: integer(),
    recurrenceSegment: text(),
    nextRunAt: integer(),
    webhookUrl: text(),
    publicOrigin: text(),
    lastRun: text(),
    createdAt: integer().notNull(),
    updatedAt: integer().notNull(),
  },
  (t) => [index('surveys_next_run_idx').on(t.nextRunAt)],
);

/**
 * One survey link per account (contactKey '') or contact (lower-cased email). The URL's token is an HMAC
 * over (survey, account, link id, expiry) and is not stored: it is re-signed when links are exported.
 */
export const surveyLinks = sqliteTable(
  'survey_links',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    surveyId: integer().notNull(),
    accountId: integer().notNull(),
    contactKey: text().notNull().default(''),
    contactEmail: text(),
    contactName: text(),
    contactLocale: text(),
    expiresAt: integer().notNull(),
    createdAt: integer().notNull(),
    createdBy: text(),
  },
  (t) => [
    index('survey_links_contact_idx').on(t.surveyId, t.accountId, t.contactKey, t.createdAt),
    index('survey_links_created_idx').on(t.surveyId, t.createdAt),
  ],
);

/** One answer per link (a resubmit within the edit window updates it). `score` is on the survey's scale. */
export const surveyResponses = sqliteTable(
  'survey_responses',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    linkId: integer().notNull().unique(),
    surveyId: integer().notNull(),
    accountId: integer().notNull(),
    contactKey: text().notNull().default(''),
    score: integer().notNull(),
    comment: text(),
    locale: text(),
    respondedAt: integer().notNull(),
    updatedAt: integer().notNull(),
  },
  (t) => [
    index('survey_responses_survey_idx').on(t.surveyId, t.respondedAt),
    index('survey_responses_account_idx').on(t.accountId, t.respondedAt),
  ],
);

/**
 * Contracts (subscription terms) per account, upserted by external id. `amountMinor` is charged once per
 * `interval` in `currency`; `reporting*` columns hold it converted to the installation's reporting currency
 * at write time. `items` is JSON `[{ kind, amountMinor, reportingAmountMinor, source }]`. A null `outcome` is
 * a renewal still pending.
 */
export const contracts = sqliteTable(
  'contracts',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    externalId: text().notNull().unique(),
    accountId: integer().notNull(),
    periodStart: text().notNull(),
    periodEnd: text().notNull(),
    amountMinor: integer().notNull(),
    currency: text().notNull(),
    reportingAmountMinor: integer().notNull(),
    interval: text({ enum: ['month', 'quarter', 'year', 'once'] }).notNull(),
    renewalDueDate: text().notNull(),
    outcome: text({ enum: ['renewed', 'churned', 'downgraded', 'expanded', 'opted_out'] }),
    outcomeReason: text(),
    outcomeNote: text(),
    renewedAmountMinor: integer(),
    reportingRenewedAmountMinor: integer(),
    items: text().notNull().default('[]'),
    /** Of `items`, written with them: upsell, cross-sell and add-on lines, premium-CSM and consulting sums. */
    expansionLines: integer().notNull().default(0),
    premiumCsmMinor: integer().notNull().default(0),
    consultingMinor: integer().notNull().default(0),
    /**
     * Copies of the account's `first_contract_start` and `churned_on`, kept by SQLite triggers (migration 0032)
     * whoever writes either table: the purchase metrics read them from `contracts_start_idx` instead of seeking
     * the account of each term started in the period.
     */
    accountFirstStart: text(),
    accountChurnedOn: text(),
    createdAt: integer().notNull(),
    updatedAt: integer().notNull(),
  },
  (t) => [
    // An account's contracts by start with what its lifecycle, contract dates, churn and purchases read: the
    // latest one, the one in force, or the terms started in a period, are walks of the index alone.
    index('contracts_account_idx').on(
      t.accountId,
      t.periodStart,
      t.interval,
      t.periodEnd,
      t.outcome,
      t.reportingAmountMinor,
      t.expansionLines,
      t.renewalDueDate,
    ),
    index('contracts_period_idx').on(t.periodEnd, t.periodStart),
    // The terms started in a period with what the purchase metrics read (GET /api/metrics), from the index alone,
    // in term-shape order so that their GROUP BY (start, end, interval) streams without a sort.
    index('contracts_start_idx').on(
      t.periodStart,
      t.periodEnd,
      t.interval,
      t.accountId,
      t.reportingAmountMinor,
      t.expansionLines,
      t.accountFirstStart,
      t.accountChurnedOn,
    ),
    // Renewals due in a period, grouped by what the renewal metrics read, from the index alone.
    index('contracts_due_idx').on(
      t.renewalDueDate,
      t.interval,
      t.accountId,
      t.outcome,
      t.outcomeReason,
      t.reportingAmountMinor,
      t.reportingRenewedAmountMinor,
    ),
    // Contracts with premium-CSM or consulting lines (a few of all), for the services revenue of a period.
    index('contracts_services_idx')
      .on(t.periodEnd, t.periodStart, t.interval, t.accountId, t.premiumCsmMinor, t.consultingMinor)
      .where(sql`premium_csm_minor <> 0 OR consulting_minor <> 0`),
    // GET /api/metrics' MRR movement (every account's contracts in force on two days, in account order) and the
    // contracts a win's or save's ARR follows, from the index alone.
    index('contracts_mrr_idx').on(
      t.accountId,
      t.periodEnd,
      t.periodStart,
      t.interval,
      t.reportingAmountMinor,
      t.renewalDueDate,
      t.outcome,
      t.reportingRenewedAmountMinor,
    ),
    // An account's latest-started contract, ties by row id (`latestContract` in worker/scoring/snapshots-store.ts:
    // renewal date, lifecycle stage, churn day) as a backward walk of the index, without sorting the account's
    // rows per lookup; with the columns those read. Dashboard at 100,000 accounts: 854 → 628 ms in node:sqlite.
    index('contracts_latest_idx').on(
      t.accountId,
      t.periodStart,
      t.id,
      t.interval,
      t.periodEnd,
      t.renewalDueDate,
      t.outcome,
    ),
  ],
);

/** Support tickets (requests) per account, upserted by external id. Epoch-ms times. */
export const tickets = sqliteTable(
  'tickets',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    externalId: text().notNull().unique(),
    accountId: integer().notNull(),
    openedAt: integer().notNull(),
    firstResponseAt: integer(),
    resolvedAt: integer(),
    resolvedOnFirstContact: integer({ mode: 'boolean' }),
    channel: text(),
    createdAt: integer().notNull(),
    updatedAt: integer().notNull(),
  },
  (t) => [
    // An account's tickets by opening, with what GET /api/metrics reads of them when scoped to a segment, tier
    // or owner: the scope's accounts' tickets of the period are seeks of this index alone.
    index('tickets_account_idx').on(t.accountId, t.openedAt, t.firstResponseAt, t.resolvedOnFirstContact),
    // GET /api/metrics' median first response: the period's responses in order are a walk of this index, not a
    // sort of every response (the query spells the expression exactly so, or SQLite will not use it).
    index('tickets_response_idx')
      .on(sql`(first_response_at - opened_at)`, t.openedAt, t.accountId)
      .where(sql`first_response_at IS NOT NULL`),
    // Covers GET /api/metrics' ticket totals and median first response over a period.
    index('tickets_opened_response_idx').on(
      t.openedAt,
      t.firstResponseAt,
      t.resolvedOnFirstContact,
      t.accountId,
    ),
  ],
);

/** What the CS team cost per period (for retention cost), upserted by external id. */
export const csCosts = sqliteTable(
  'cs_costs',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    externalId: text().notNull().unique(),
    periodStart: text().notNull(),
    periodEnd: text().notNull(),
    amountMinor: integer().notNull(),
    currency: text().notNull(),
    reportingAmountMinor: integer().notNull(),
    category: text(),
    createdAt: integer().notNull(),
    updatedAt: integer().notNull(),
  },
  (t) => [index('cs_costs_period_idx').on(t.periodStart)],
);

/** CS-qualified leads (CSQL) handed to sales: submitted → assigned → accepted → won / lost. */
export const csLeads = sqliteTable(
  'cs_leads',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    externalId: text().notNull().unique(),
    accountId: integer().notNull(),
    title: text().notNull(),
    submittedOn: text().notNull(),
    status: text({ enum: ['submitted', 'assigned', 'accepted', 'won', 'lost'] }).notNull(),
    assignedOn: text(),
    acceptedOn: text(),
    closedOn: text(),
    wonArrMinor: integer(),
    currency: text(),
    reportingWonArrMinor: integer(),
    crmUrl: text(),
    submittedBy: text(),
    createdAt: integer().notNull(),
    updatedAt: integer().notNull(),
  },
  (t) => [
    index('cs_leads_account_idx').on(t.accountId, t.submittedOn),
    index('cs_leads_submitted_idx').on(t.submittedOn),
  ],
);

/** CS-qualified advocacy (CSQA): case studies, testimonials, references, event talks, referrals. */
export const advocacy = sqliteTable(
  'advocacy',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    externalId: text().notNull().unique(),
    accountId: integer().notNull(),
    kind: text({ enum: ['case_study', 'testimonial', 'reference', 'event_talk', 'referral'] }).notNull(),
    occurredOn: text().notNull(),
    referredAccountName: text(),
    referralArrMinor: integer(),
    currency: text(),
    reportingReferralArrMinor: integer(),
    note: text(),
    createdAt: integer().notNull(),
    updatedAt: integer().notNull(),
  },
  (t) => [
    index('advocacy_account_idx').on(t.accountId, t.occurredOn),
    index('advocacy_occurred_idx').on(t.occurredOn),
  ],
);

/**
 * Tasks (CTAs) on an account: by hand, from an alert, a rule's playbook templates or a touchpoint's follow-up.
 * `dueDate` is a UTC `YYYY-MM-DD`; `completedAt` is set while the task is done.
 */
export const tasks = sqliteTable(
  'tasks',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    accountId: integer().notNull(),
    title: text().notNull(),
    ownerEmail: text(),
    dueDate: text().notNull(),
    priority: text({ enum: ['low', 'normal', 'high', 'urgent'] }).notNull(),
    status: text({ enum: ['open', 'done', 'cancelled'] }).notNull(),
    alertId: integer(),
    touchpointId: integer(),
    source: text({ enum: ['manual', 'alert', 'playbook', 'touchpoint'] }).notNull(),
    ruleId: text(),
    createdBy: text().notNull(),
    completedAt: integer(),
    createdAt: integer().notNull(),
    updatedAt: integer().notNull(),
  },
  (t) => [
    index('tasks_owner_due_idx').on(t.ownerEmail, t.status, t.dueDate),
    index('tasks_account_idx').on(t.accountId, t.status, t.dueDate),
    // "Turn into task" is idempotent: one task per alert made from the alert itself.
    uniqueIndex('tasks_alert_uq').on(t.alertId).where(sql`source = 'alert'`),
    index('tasks_alert_idx').on(t.alertId),
  ],
);

/** A success plan's goals per account (business outcomes with a target date and a status). */
export const successGoals = sqliteTable(
  'success_goals',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    accountId: integer().notNull(),
    title: text().notNull(),
    targetDate: text().notNull(),
    status: text({ enum: ['planned', 'on_track', 'at_risk', 'achieved', 'missed'] }).notNull(),
    note: text(),
    createdAt: integer().notNull(),
    updatedAt: integer().notNull(),
  },
  (t) => [index('success_goals_account_idx').on(t.accountId, t.targetDate)],
);

/**
 * The mail outbox: every message Keepwell sends (worker/mail). `bodyText`/`bodyHtml` may hold secret links
 * (invites, survey links), so they are kept only until the message is sent or fails for good, then cleared;
 * recipient, subject, status, reason and provider id stay as the message log.
 */
export const mailOutbox = sqliteTable(
  'mail_outbox',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    kind: text({ enum: ['survey_invitation', 'member_invite', 'digest', 'test'] }).notNull(),
    recipient: text().notNull(),
    subject: text().notNull(),
    bodyText: text(),
    bodyHtml: text(),
    /** JSON headers to send (List-Unsubscribe …); cleared with the body. */
    headers: text(),
    status: text({ enum: ['queued', 'sending', 'sent', 'failed'] }).notNull(),
    attempts: integer().notNull().default(0),
    lastError: text(),
    provider: text(),
    providerMessageId: text(),
    /** The member who caused it (invite, test) or receives it (digest); null for customer mail. */
    memberEmail: text(),
    surveyLinkId: integer(),
    nextAttemptAt: integer().notNull(),
    lastAttemptAt: integer(),
    sentAt: integer(),
    createdAt: integer().notNull(),
    updatedAt: integer().notNull(),
  },
  (t) => [
    index('mail_outbox_due_idx').on(t.status, t.nextAttemptAt),
    // The installation-wide rate limit counts attempts in the last minute and hour.
    index('mail_outbox_attempt_idx').on(t.lastAttemptAt),
    index('mail_outbox_link_idx').on(t.surveyLinkId),
  ],
);

/** Addresses that unsubscribed from survey mail (lower-cased): never sent survey mail again. */
export const mailSuppressions = sqliteTable('mail_suppressions', {
  email: text().primaryKey(),
  reason: text({ enum: ['unsubscribed'] }).notNull(),
  surveyLinkId: integer(),
  createdAt: integer().notNull(),
});

/** A member's mail preferences: the daily digest (on by default) and its language, and the last day it went out. */
export const memberMailPreferences = sqliteTable('member_mail_preferences', {
  memberId: integer().primaryKey(),
  digest: integer({ mode: 'boolean' }).notNull().default(true),
  locale: text(),
  lastDigestDay: text(),
  updatedAt: integer().notNull(),
});
