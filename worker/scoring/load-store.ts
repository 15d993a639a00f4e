import { type SQL, sql } from 'drizzle-orm';
import type { KeyPerson, PlatformMeasureStats } from '../../shared/alerts';
import type {
  AccountDay,
  AccountHealthInput,
  AccountRecord,
  ContractTerm,
  FeatureUsage,
  SupportTicket,
  SurveyResponse,
  UserUsage,
} from '../../shared/health';
import { contractDates } from '../../shared/health/contract-dates';
import { cesEase, type SurveyDirection, type SurveyType } from '../../shared/surveys';
import { addDays } from '../../shared/time';
import type { Db } from '../common/db';
import { batchAll } from '../common/raw-sql';
import {
  measureBenchmark,
  measureEntriesFrom,
  measureKey,
  measureRaw,
  snapshotBenchmarksOn,
} from './compaction-store';

/** The contact (alias `c`) holds a role that makes them key to the account (shared/contracts/contacts.ts). */
const keyRole = sql`EXISTS (SELECT 1 FROM json_each(c.roles) r
  WHERE r.value IN ('champion', 'key_contact', 'decision_maker', 'economic_buyer', 'executive_sponsor'))`;

export interface LoadOptions {
  asOfDay: string;
  period: string;
  now: number;
  /** Days of `account_days` history the models need, ending on asOfDay. */
  historyDays: number;
  /** Every window (days) any model measures over. */
  windows: number[];
  /** Days of snapshot history the alert rules need. */
  snapshotDays: number;
  /** The measures whose history the alert rules read (absent: every measure of each snapshot). */
  historyMeasureKeys?: readonly string[];
  /** Measures compared with the platform: their daily platform statistics over the snapshot days are loaded. */
  platformKeys?: readonly string[];
  /** Longest survey window of any model, days ending on asOfDay (0 or absent: surveys are not loaded). */
  surveyDays?: number;
  /** Longest support (ticket) window of any model, days ending on asOfDay (0 or absent: tickets are not loaded). */
  ticketDays?: number;
  /** An `asOf` run: also load the model version of each account's snapshot of `period`, if any. */
  existingVersions?: boolean;
}

export interface LoadedAccount {
  input: AccountHealthInput;
  lastSeenAt: number | null;
  override: { tier: string; score: number | null; reason: string; expiresAt: number } | null;
  previous: { period: string; score: number | null; tier: string | null } | null;
  history: {
    period: string;
    score: number | null;
    measures: Record<string, { raw: number | null; benchmark: number | null }>;
  }[];
  deactivatedKeyContacts: {
    userId: string;
    name: string | null;
    email: string | null;
    deactivatedAt: number;
    moved?: boolean;
  }[];
  /** Key people still active, with their last activity (for `champion_quiet`). */
  keyPeople: KeyPerson[];
  /** The model version of the account's snapshot of the period (only with `existingVersions`). */
  existingVersionId: number | null;
}

interface AccountRow {
  id: number;
  external_id: string;
  name: string;
  plan: string | null;
  industry: string | null;
  employees: number | null;
  seats: number | null;
  arr_cents: number | null;
  mrr_cents: number | null;
  currency: string | null;
  contract_start_date: string | null;
  renewal_date: string | null;
  owner_email: string | null;
  traits: string;
  last_seen_at: number | null;
}

/**
 * Everything the scorer and alert rules need for a batch of accounts, in ONE D1 round trip of
 * 10 + 2 × windows (+ 1 when a model measures surveys, + 1 when one measures tickets, + 1 for an `asOf`
 * run, + 1 when a rule compares with the platform) statements whatever the batch size (account ids travel as
 * one JSON parameter). Snapshot history carries only the measures the rules read (`historyMeasureKeys`).
 * Nothing after the run's instant is read: rollups end on `asOfDay`, and users, ratings, metrics,
 * overrides and survey answers are taken as they stood at `now` (which an `asOf` run sets to the end of
 * its day), so scoring a past day sees only what was known then. Survey answers count up to `now`, so a
 * run started today counts today's answers. Tickets are seen as they stood at the end of `asOfDay`
 * (see {@link ticketCutoff}). Contracts, when the account has any started by `asOfDay`, replace its
 * group-trait contract start and renewal date with those of that day and may make it churned
 * (shared/health/contract-dates.ts).
 * A row with corrupt JSON traits is reported per account by the caller, not here.
 */
export async function loadScoringBatch(
  db: Db,
  accountIds: number[],
  opts: LoadOptions,
): Promise<{
  accounts: Map<number, LoadedAccount>;
  failures: { accountId: number; error: string }[];
  platform: PlatformMeasureStats;
}> {
  const ids = JSON.stringify(accountIds);
  const inIds = sql`IN (SELECT value FROM json_each(${ids}))`;
  const firstDay = addDays(opts.asOfDay, -(opts.historyDays - 1));
  const windowQueries = opts.windows.flatMap((w) => {
    const from = addDays(opts.asOfDay, -(w - 1));
    return [
      sql`SELECT d.account_id, f.key, f.module, f.is_core, f.kind, sum(d.events) AS events, max(d.users) AS users,
                 sum(d.active_ms) AS active_ms, count(*) AS days
          FROM account_feature_days d JOIN features f ON f.id = d.feature_id
          WHERE d.account_id ${inIds} AND d.day BETWEEN ${from} AND ${opts.asOfDay}
          GROUP BY d.account_id, d.feature_id`,
      sql`SELECT account_id, user_id, sum(active_ms) AS active_ms, count(*) AS active_days FROM user_days
          WHERE account_id ${inIds} AND day BETWEEN ${from} AND ${opts.asOfDay}
          GROUP BY account_id, user_id`,
    ];
  });
  const surveyDays = opts.surveyDays ?? 0;
  // Answers in [first day 00:00, now], the span of the longest survey window plus what arrived since the
  // window's last day (today's answers, for a run started today). CES answers are mapped onto the 1–7 ease
  // scale (the CES measure's) here, difficulty scales turned round, so surveys on other scales mix correctly.
  const surveyQueries =
    surveyDays > 0
      ? [
          sql`SELECT r.account_id, s.type, r.score, s.scale_min, s.scale_max, s.direction, r.responded_at, r.contact_key
              FROM survey_responses r JOIN surveys s ON s.id = r.survey_id
              WHERE r.account_id ${inIds}
                AND r.responded_at >= ${Date.parse(`${addDays(opts.asOfDay, -(surveyDays - 1))}T00:00:00Z`)}
                AND r.responded_at <= ${opts.now}`,
        ]
      : [];
  const ticketDays = opts.ticketDays ?? 0;
  const ticketFrom = Date.parse(`${addDays(opts.asOfDay, -(ticketDays - 1))}T00:00:00Z`);
  const cutoff = ticketCutoff(opts.asOfDay, opts.now);
  // What the support kinds read: tickets opened in the window (first response), resolved in it (first-contact
  // resolution) and open at its end (open tickets) = opened by the cutoff and not resolved before the window.
  const ticketQueries =
    ticketDays > 0
      ? [
          sql`SELECT account_id, opened_at, first_response_at, resolved_at, resolved_on_first_contact FROM tickets
              WHERE account_id ${inIds} AND opened_at <= ${cutoff}
                AND (opened_at >= ${ticketFrom} OR resolved_at IS NULL OR resolved_at >= ${ticketFrom})`,
        ]
      : [];
  const firstSnapshotDay = addDays(opts.period, -opts.snapshotDays);
  const platformKeys = opts.platformKeys ?? [];
  const platformQueries =
    platformKeys.length > 0
      ? [
          sql`SELECT period, measure_key, mean, pooled FROM measure_daily_stats
              WHERE measure_key IN (SELECT value FROM json_each(${JSON.stringify(platformKeys)}))
                AND period BETWEEN ${firstSnapshotDay} AND ${opts.period}`,
        ]
      : [];
  const historyKeys = opts.historyMeasureKeys;
  const keyFilter = historyKeys
    ? sql`WHERE ${measureKey} IN (SELECT value FROM json_each(${JSON.stringify(historyKeys)}))`
    : sql``;
  const versionQueries = opts.existingVersions
    ? [
        sql`SELECT account_id, model_version_id FROM score_snapshots
            WHERE account_id ${inIds} AND period = ${opts.period}`,
      ]
    : [];
  const results = await batchAll<unknown[]>(db, [
    sql`SELECT * FROM accounts WHERE id ${inIds}`,
    // A user imported later with earlier activity counts from that activity (activated_at is event time).
    sql`SELECT account_id, count(*) AS total, count(CASE WHEN activated_at <= ${opts.now} THEN 1 END) AS activated
        FROM users WHERE account_id ${inIds} AND (created_at <= ${opts.now} OR activated_at <= ${opts.now})
        GROUP BY account_id`,
    sql`SELECT account_id, day, events, active_users, active_ms, features_used FROM account_days
        WHERE account_id ${inIds} AND day BETWEEN ${firstDay} AND ${opts.asOfDay}`,
    sql`SELECT r.account_id, r.stars, r.rated_at, r.expires_at FROM csm_ratings r
        WHERE r.account_id ${inIds}
          AND r.id = (SELECT r2.id FROM csm_ratings r2 WHERE r2.account_id = r.account_id AND r2.rated_at <= ${opts.now}
                      ORDER BY r2.rated_at DESC, r2.id DESC LIMIT 1)`,
    sql`SELECT m.account_id, m.key, m.value, m.recorded_at FROM custom_metrics m
        WHERE m.account_id ${inIds}
          AND m.id = (SELECT m2.id FROM custom_metrics m2 WHERE m2.account_id = m.account_id AND m2.key = m.key
                        AND m2.recorded_at <= ${opts.now}
                      ORDER BY m2.recorded_at DESC, m2.id DESC LIMIT 1)`,
    sql`SELECT o.account_id, o.tier, o.score, o.reason, o.expires_at FROM health_overrides o
        WHERE o.account_id ${inIds} AND o.expires_at > ${opts.now}
          AND o.id = (SELECT o2.id FROM health_overrides o2 WHERE o2.account_id = o.account_id
                        AND o2.created_at <= ${opts.now} AND (o2.cleared_at IS NULL OR o2.cleared_at > ${opts.now})
                      ORDER BY o2.created_at DESC, o2.id DESC LIMIT 1)`,
    sql`SELECT s.account_id, s.period, CASE WHEN s.insufficient_data AND NOT s.overridden THEN NULL ELSE s.score END AS score, s.tier
        FROM score_snapshots s
        WHERE s.account_id ${inIds}
          AND s.period = (SELECT max(s2.period) FROM score_snapshots s2 WHERE s2.account_id = s.account_id AND s2.period < ${opts.period})`,
    sql`SELECT s.account_id, s.period, CASE WHEN s.insufficient_data AND NOT s.overridden THEN NULL ELSE s.score END AS score,
               (SELECT json_group_object(${measureKey}, json_object('raw', ${measureRaw}, 'benchmark', ${measureBenchmark}))
                FROM ${measureEntriesFrom('s')} ${keyFilter}) AS measures
        FROM score_snapshots s LEFT JOIN model_versions v ON v.id = s.model_version_id
          LEFT JOIN snapshot_benchmarks b ON ${snapshotBenchmarksOn('s')}
        WHERE s.account_id ${inIds} AND s.period >= ${firstSnapshotDay} AND s.period < ${opts.period}`,
    // Key people (the keyContact trait, or a key role a CSM set on this account): active, deactivated, or — with a
    // key role here — now belonging to another account (a `group` call moved them).
    sql`SELECT u.account_id, u.external_id, u.name, u.email, u.traits, NULL AS moved_at, u.last_seen_at,
          CASE WHEN json_extract(u.traits, '$.deactivated') IN (1, 'true') OR lower(json_extract(u.traits, '$.status')) = 'deactivated'
            THEN 'left' ELSE 'active' END AS state
        FROM users u
        WHERE u.account_id ${inIds}
          AND (coalesce(json_extract(u.traits, '$.keyContact'), json_extract(u.traits, '$.key_contact')) IN (1, 'true')
            OR EXISTS (SELECT 1 FROM contacts c WHERE c.user_id = u.id AND c.account_id = u.account_id AND ${keyRole}))
      UNION ALL
      SELECT c.account_id, u.external_id, coalesce(c.name, u.name), u.email, u.traits,
          coalesce(u.linked_at, ${opts.now}), u.last_seen_at, 'moved'
        FROM contacts c JOIN users u ON u.id = c.user_id
        WHERE c.account_id ${inIds} AND u.account_id IS NOT c.account_id AND ${keyRole}`,
    contractsOnSql(inIds, opts.asOfDay),
    ...windowQueries,
    ...surveyQueries,
    ...ticketQueries,
    ...versionQueries,
    ...platformQueries,
  ]);
  const platformRows = (platformKeys.length > 0 ? results.pop() : []) as {
    period: string;
    measure_key: string;
    mean: number;
    pooled: number | null;
  }[];
  const versionRows = (opts.existingVersions ? results.pop() : []) as {
    account_id: number;
    model_version_id: number;
  }[];
  const ticketRows = (ticketDays > 0 ? results.pop() : []) as {
    account_id: number;
    opened_at: number;
    first_response_at: number | null;
    resolved_at: number | null;
    resolved_on_first_contact: number | null;
  }[];
  const surveyRows = (surveyDays > 0 ? results.pop() : []) as {
    account_id: number;
    type: SurveyType;
    score: number;
    scale_min: number;
    scale_max: number;
    direction: SurveyDirection;
    responded_at: number;
    contact_key: string;
  }[];
  const [
    accounts,
    users,
    days,
    ratings,
    metrics,
    overrides,
    previous,
    history,
    contacts,
    contracts,
    ...windowRows
  ] = results as [
    AccountRow[],
    { account_id: number; total: number; activated: number }[],
    {
      account_id: number;
      day: string;
      events: number;
      active_users: number;
      active_ms: number;
      features_used: number;
    }[],
    { account_id: number; stars: number; rated_at: number; expires_at: number | null }[],
    { account_id: number; key: string; value: number; recorded_at: number }[],
    { account_id: number; tier: string; score: number | null; reason: string; expires_at: number }[],
    { account_id: number; period: string; score: number | null; tier: string | null }[],
    { account_id: number; period: string; score: number | null; measures: string | null }[],
    {
      account_id: number;
      external_id: string;
      name: string | null;
      email: string | null;
      traits: string;
      moved_at: number | null;
      last_seen_at: number | null;
      state: 'active' | 'left' | 'moved';
    }[],
    ContractRow[],
    ...unknown[][],
  ];
  const termsByAccount = new Map<number, ContractTerm[]>();
  for (const c of contracts) {
    const list = termsByAccount.get(c.account_id) ?? [];
    termsByAccount.set(c.account_id, list);
    list.push({
      periodStart: c.period_start,
      periodEnd: c.period_end,
      renewalDueDate: c.renewal_due_date,
      outcome: c.outcome,
    });
  }

  const out = new Map<number, LoadedAccount>();
  const failures: { accountId: number; error: string }[] = [];
  for (const a of accounts) {
    let traits: Record<string, unknown>;
    try {
      traits = parseTraits(a.traits);
    } catch (err) {
      failures.push({ accountId: a.id, error: err instanceof Error ? err.message : String(err) });
      continue;
    }
    const record: AccountRecord = {
      id: a.id,
      externalId: a.external_id,
      name: a.name,
      plan: a.plan,
      industry: a.industry,
      employees: a.employees,
      seats: a.seats,
      arrCents: a.arr_cents,
      mrrCents: a.mrr_cents,
      currency: a.currency,
      contractStartDate: a.contract_start_date,
      renewalDate: a.renewal_date,
      ownerEmail: a.owner_email,
      traits,
    };
    const terms = termsByAccount.get(a.id);
    const dated = terms ? contractDates(terms, opts.asOfDay) : null;
    if (dated) {
      // Contracts win over the group traits; a churned last contract churns the account from its end day.
      record.contractStartDate = dated.contractStartDate;
      record.renewalDate = dated.renewalDate;
      if (dated.churnedOn) record.churnedAt = Date.parse(`${dated.churnedOn}T00:00:00Z`);
    }
    const windows: Record<number, { users: UserUsage[]; features: FeatureUsage[] }> = {};
    for (const w of opts.windows) windows[w] = { users: [], features: [] };
    out.set(a.id, {
      input: {
        account: record,
        users: { total: 0, activated: 0 },
        days: [] as AccountDay[],
        windows,
        csmRating: null,
        metrics: {},
        ...(ticketDays > 0 ? { tickets: [] as SupportTicket[] } : {}),
      },
      lastSeenAt: a.last_seen_at,
      override: null,
      previous: null,
      history: [],
      deactivatedKeyContacts: [],
      keyPeople: [],
      existingVersionId: null,
    });
  }
  const get = (id: number) => out.get(id);
  for (const u of users) {
    const t = get(u.account_id);
    if (t) t.input.users = { total: u.total, activated: u.activated };
  }
  for (const d of days) {
    (get(d.account_id)?.input.days as AccountDay[] | undefined)?.push({
      day: d.day,
      events: d.events,
      activeUsers: d.active_users,
      activeMs: d.active_ms,
      featuresUsed: d.features_used,
    });
  }
  for (const r of ratings) {
    const t = get(r.account_id);
    if (t) t.input.csmRating = { stars: r.stars, ratedAt: r.rated_at, expiresAt: r.expires_at };
  }
  for (const m of metrics) {
    const t = get(m.account_id);
    if (t)
      (t.input.metrics as Record<string, { value: number; recordedAt: number }>)[m.key] = {
        value: m.value,
        recordedAt: m.recorded_at,
      };
  }
  for (const o of overrides) {
    const t = get(o.account_id);
    if (t) t.override = { tier: o.tier, score: o.score, reason: o.reason, expiresAt: o.expires_at };
  }
  for (const p of previous) {
    const t = get(p.account_id);
    if (t) t.previous = { period: p.period, score: p.score, tier: p.tier };
  }
  for (const h of history) {
    get(h.account_id)?.history.push({
      period: h.period,
      score: h.score,
      measures: h.measures ? JSON.parse(h.measures) : {},
    });
  }
  for (const c of contacts) {
    if (c.state === 'active') {
      get(c.account_id)?.keyPeople.push({
        userId: c.external_id,
        name: c.name,
        email: c.email,
        lastSeenAt: c.last_seen_at === null ? null : Number(c.last_seen_at),
      });
      continue;
    }
    let traits: Record<string, unknown> = {};
    try {
      traits = parseTraits(c.traits);
    } catch {}
    const at =
      c.moved_at !== null
        ? Number(c.moved_at)
        : Date.parse(String(traits.deactivatedAt ?? traits.deactivated_at ?? ''));
    // Deactivated (or moved) after the run's instant: still here as of then.
    if (at > opts.now) continue;
    get(c.account_id)?.deactivatedKeyContacts.push({
      userId: c.external_id,
      name: c.name,
      email: c.email,
      deactivatedAt: Number.isNaN(at) ? opts.now : at,
      ...(c.moved_at !== null ? { moved: true } : {}),
    });
  }
  for (const v of versionRows) {
    const t = get(v.account_id);
    if (t) t.existingVersionId = v.model_version_id;
  }
  for (const t of out.values()) {
    // last_seen_at is the latest event ever: an `asOf` run takes the last active day it loaded instead.
    if (t.lastSeenAt !== null && t.lastSeenAt > opts.now) t.lastSeenAt = lastActiveAt(t.input.days, opts.now);
  }
  for (const r of surveyRows) {
    const t = get(r.account_id);
    if (!t) continue;
    t.input.surveys ??= {};
    const surveys = t.input.surveys as Partial<Record<SurveyType, SurveyResponse[]>>;
    const score =
      r.type === 'ces' ? cesEase(r.score, { min: r.scale_min, max: r.scale_max }, r.direction) : r.score;
    const list = surveys[r.type] ?? [];
    surveys[r.type] = list;
    list.push({ score, respondedAt: r.responded_at, contactId: r.contact_key === '' ? null : r.contact_key });
  }
  for (const r of ticketRows) {
    const list = get(r.account_id)?.input.tickets as SupportTicket[] | undefined;
    // What happened after the cutoff had not happened yet: no response, still open.
    const resolved = r.resolved_at !== null && r.resolved_at <= cutoff;
    list?.push({
      openedAt: r.opened_at,
      firstResponseAt:
        r.first_response_at !== null && r.first_response_at <= cutoff ? r.first_response_at : null,
      resolvedAt: resolved ? r.resolved_at : null,
      resolvedOnFirstContact:
        resolved && r.resolved_on_first_contact !== null ? r.resolved_on_first_contact === 1 : null,
    });
  }
  opts.windows.forEach((w, i) => {
    const features = windowRows[i * 2] as {
      account_id: number;
      key: string;
      module: string | null;
      is_core: number;
      kind: string;
      events: number;
      users: number;
      active_ms: number;
      days: number;
    }[];
    const usersRows = windowRows[i * 2 + 1] as {
      account_id: number;
      user_id: number;
      active_ms: number;
      active_days: number;
    }[];
    for (const f of features) {
      (get(f.account_id)?.input.windows[w]?.features as FeatureUsage[] | undefined)?.push({
        featureKey: f.key,
        module: f.module,
        isCore: f.is_core === 1,
        kind: f.kind,
        events: f.events,
        users: f.users,
        activeMs: f.active_ms,
        days: f.days,
      });
    }
    for (const u of usersRows) {
      (get(u.account_id)?.input.windows[w]?.users as UserUsage[] | undefined)?.push({
        userId: u.user_id,
        activeMs: u.active_ms,
        activeDays: u.active_days,
      });
    }
  });
  const platform: Record<string, Record<string, { mean: number | null; pooled: number | null }>> = {};
  for (const r of platformRows) {
    platform[r.period] ??= {};
    platform[r.period]![r.measure_key] = { mean: r.mean, pooled: r.pooled };
  }
  return { accounts: out, failures, platform };
}

interface ContractRow {
  account_id: number;
  period_start: string;
  period_end: string;
  renewal_due_date: string | null;
  outcome: string | null;
}

/**
 * The contracts {@link contractDates} needs on `day`, at most two per account: of those started by `day`,
 * the one in force (else the latest started) and the latest started — recurring terms only: a one-off (set-up,
 * consulting) neither restarts the lifecycle nor renews — by the same order as the pure rule
 * (row id as the last tie-break), oldest row first so the rule's "later row" tie-break agrees.
 */
function contractsOnSql(inIds: SQL, day: string): SQL {
  return sql`SELECT account_id, period_start, period_end, renewal_due_date, outcome FROM (
      SELECT c.id, c.account_id, c.period_start, c.period_end, c.renewal_due_date, c.outcome,
        row_number() OVER (PARTITION BY c.account_id
          ORDER BY c.period_end >= ${day} DESC, c.period_start DESC, c.id DESC) AS current_rank,
        row_number() OVER (PARTITION BY c.account_id ORDER BY c.period_start DESC, c.id DESC) AS last_rank
      FROM contracts c WHERE c.account_id ${inIds} AND c.period_start <= ${day} AND c.interval <> 'once')
    WHERE current_rank = 1 OR last_rank = 1
    ORDER BY account_id, id`;
}

/**
 * The last instant a run sees ticket events at: the end of `asOfDay`, or `now` when earlier (a rescore of
 * today). A ticket opened later is not loaded; a response or resolution later had not happened yet.
 * @example ticketCutoff('2026-04-30', Date.parse('2026-05-01T02:00:00Z')) // Date.parse('2026-04-30T23:59:59.999Z')
 */
export function ticketCutoff(asOfDay: string, now: number): number {
  return Math.min(now, Date.parse(`${addDays(asOfDay, 1)}T00:00:00Z`) - 1);
}

/** The end of the latest loaded day with events (at most `now`), or null when none. */
function lastActiveAt(days: readonly AccountDay[], now: number): number | null {
  let last: string | null = null;
  for (const d of days) if (d.events > 0 && (last === null || d.day > last)) last = d.day;
  return last === null ? null : Math.min(now, Date.parse(`${addDays(last, 1)}T00:00:00Z`) - 1);
}

/** Traits are JSON written by the ingest consumer; a corrupt value must not stop the run. */
function parseTraits(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    throw new CorruptAccountError('traits are not valid JSON');
  }
}

/** One account's stored data cannot be scored; the run reports and skips it. */
export class CorruptAccountError extends Error {}

/** The feature catalog counts the coverage measures divide by. */
export async function loadCatalog(db: Db) {
  const [totals, modules] = await batchAll<[{ total: number; core: number }, { module: string; n: number }]>(
    db,
    [
      sql`SELECT count(*) AS total, coalesce(sum(is_core), 0) AS core FROM features`,
      sql`SELECT module, count(*) AS n FROM features WHERE module IS NOT NULL GROUP BY module`,
    ],
  );
  return {
    featureCount: totals[0]?.total ?? 0,
    coreFeatureCount: totals[0]?.core ?? 0,
    moduleFeatureCounts: Object.fromEntries(modules.map((m) => [m.module, m.n])),
  };
}

/** How many accounts a run scores. */
export async function countAccounts(db: Db): Promise<number> {
  return (await db.get<{ n: number }>(sql`SELECT count(*) AS n FROM accounts`)).n;
}

/**
 * The next `limit` account ids after `after`, ascending: a run pages through them to cut its batches.
 * @example const ids = await accountIdsAfter(db, 0, 500)
 */
export async function accountIdsAfter(db: Db, after: number, limit: number): Promise<number[]> {
  const rows = await db.all<{ id: number }>(
    sql`SELECT id FROM accounts WHERE id > ${after} ORDER BY id LIMIT ${limit}`,
  );
  return rows.map((r) => r.id);
}

/**
 * The first day with usage of any account (a seek per account on the (account_id, day) key), or null.
 * @example await firstUsageDay(db) // '2026-03-01'
 */
export async function firstUsageDay(db: Db): Promise<string | null> {
  const row = await db.get<{ day: string | null }>(
    sql`SELECT min((SELECT min(d.day) FROM account_days d WHERE d.account_id = a.id)) AS day FROM accounts a`,
  );
  return row?.day ?? null;
}

/**
 * The days in `from`..`to` with usage of some account and no snapshot, oldest first (the backfill's days).
 * Reads each account's rollups of the span (a range of the (account_id, day) key), not the whole table.
 * @example await daysToBackfill(db, '2026-04-01', '2026-04-30') // ['2026-04-03', …]
 */
export async function daysToBackfill(db: Db, from: string, to: string): Promise<string[]> {
  const rows = await db.all<{ day: string }>(
    sql`SELECT u.day FROM (SELECT DISTINCT d.day FROM accounts a
          JOIN account_days d ON d.account_id = a.id AND d.day BETWEEN ${from} AND ${to}) u
        WHERE NOT EXISTS (SELECT 1 FROM score_snapshots s WHERE s.period = u.day)
        ORDER BY u.day`,
  );
  return rows.map((r) => r.day);
}
