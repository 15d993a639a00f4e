import { type SQL, sql } from 'drizzle-orm';
import {
  DASHBOARD_LIST_LIMIT,
  type DashboardData,
  type DashboardTier,
  type Mover,
  type RenewalGroup,
  type Transition,
} from '../../shared/contracts/portfolio';
import type { TierDisplay } from '../../shared/contracts/settings';
import type { HealthModel } from '../../shared/health';
import type { Db } from './client';
import { ownerIs } from './portfolio';
import { TIER_COUNTS_KEY } from './portfolio-rollups';
import { batchAll } from './raw';
import { getTierDisplay } from './settings';

/** Days after the period within which a renewal is listed. */
export const RENEWAL_WINDOW_DAYS = 90;
/** Movers listed each way. */
const MOVERS = 10;
/** Colour of a tier key no published model declares any more. */
const UNKNOWN_TIER_COLOR = '#9ca3af';

export interface DashboardOptions {
  segment?: string;
  /** CSM email (already resolved from `me`). */
  owner?: string;
  /** Window of history, movers and wins/saves, days ending on the latest period. */
  days: number;
}

/**
 * The dashboard in two D1 round trips whatever the portfolio size (a third only for history periods no
 * run stored tier counts for): the latest period with the filter choices and tier definitions, then one
 * batch over that period and the window. A snapshot row is large (its explanation is ~2.5 KB), so the
 * statements read the latest period's rows once, the window's first period's rows once (movers), and
 * take earlier periods' tier counts from what their runs stored (worker/db/portfolio-rollups.ts); with
 * an owner filter they start from that owner's accounts instead.
 */
export async function dashboard(db: Db, opts: DashboardOptions): Promise<DashboardData> {
  // The latest period and the window's first day as SQL, so that everything runs in one batch.
  const period = sql`(SELECT max(period) FROM score_snapshots)`;
  const from = sql`date(${period}, ${`-${opts.days - 1} days`})`;
  const [
    [
      periods,
      segments,
      owners,
      configs,
      current,
      accounts,
      ownerHistory,
      periodsInWindow,
      stored,
      transitions,
    ],
    display,
  ] = await Promise.all([
    batchAll<
      [
        { period: string | null; from: string | null },
        { id: string; name: string },
        { email: string },
        { config: string },
        CurrentRow,
        { n: number },
        HistoryRow,
        { period: string },
        { key: string; value: string },
        TransitionRow,
      ]
    >(db, [
      sql`SELECT ${period} AS period, ${from} AS "from"`,
      sql`SELECT id, name FROM segments ORDER BY position, id`,
      sql`SELECT DISTINCT lower(owner_email) AS email FROM accounts WHERE owner_email IS NOT NULL ORDER BY 1`,
      sql`SELECT config FROM model_versions WHERE status = 'published' AND model_id IN (SELECT model_id FROM segments)`,
      ...dashboardStatements(opts, period, from),
    ]),
    getTierDisplay(db),
  ]);
  const filters = { segments, owners: owners.map((o) => o.email) };
  const tiers = new Map<string, DashboardTier>(
    tierDefinitions(
      configs.map((c) => c.config),
      display,
    ).map(({ min: _min, ...t }) => [t.key, { ...t, count: 0, arrCents: 0 }]),
  );
  const latestPeriod = periods[0]?.period ?? null;
  const firstDay = periods[0]?.from ?? null;
  if (!latestPeriod || !firstDay) {
    return {
      ...EMPTY,
      tiers: [...tiers.values()],
      unscored: accounts[0]?.n ?? 0,
      histogram: emptyHistogram(),
      filters,
    };
  }

  const histogram = emptyHistogram();
  let inPeriod = 0;
  let unscored = 0;
  for (const b of current) {
    if (b.part !== 'bucket') continue;
    inPeriod += b.n;
    if (b.tier === null) {
      unscored += b.n;
      continue;
    }
    const tier = tiers.get(b.tier) ?? {
      key: b.tier,
      name: b.tier,
      color: UNKNOWN_TIER_COLOR,
      count: 0,
      arrCents: 0,
    };
    tier.count += b.n;
    tier.arrCents += b.arr ?? 0;
    tiers.set(b.tier, tier);
    const bucket = histogram[b.bucket ?? -1];
    if (bucket) bucket.count += b.n;
  }
  // Accounts not scored in the period have no segment, so they count only without a segment filter.
  if (!opts.segment) unscored += (accounts[0]?.n ?? 0) - inPeriod;

  // History: the latest period from the counts above (a run of it may still be writing); with an owner
  // filter the earlier ones were counted from the owner's accounts, else they are the counts their runs
  // stored, counted here only for periods without.
  const earlier = opts.owner ? ownerHistory : storedCounts(stored, opts.segment);
  if (!opts.owner) {
    const have = new Set(stored.map((c) => c.key.slice(TIER_COUNTS_KEY.length)));
    const missing = periodsInWindow.map((p) => p.period).filter((p) => !have.has(p));
    if (missing.length > 0) earlier.push(...(await db.all<HistoryRow>(liveCountsSql(opts, missing))));
  }
  const latest = [...tiers.values()]
    .filter((t) => t.count > 0)
    .map((t) => ({ period: latestPeriod, tier: t.key, n: t.count }));
  const points = new Map<string, Record<string, number>>();
  for (const h of [...earlier, ...latest].sort((a, b) =>
    a.period < b.period ? -1 : a.period > b.period ? 1 : 0,
  )) {
    const counts = points.get(h.period) ?? {};
    counts[h.tier] = h.n;
    points.set(h.period, counts);
  }

  const totals = new Map(transitions.filter((t) => t.part === 'total').map((t) => [t.kind, t.arr]));
  const tierOrder = [...tiers.keys()];
  const rank = (tier: string | null) => (tier === null ? tierOrder.length : tierOrder.indexOf(tier));
  return {
    period: latestPeriod,
    from: firstDay,
    tiers: [...tiers.values()],
    unscored,
    histogram,
    tierHistory: [...points].map(([p, counts]) => ({ period: p, counts })),
    movers: {
      up: current.filter((m) => m.part === 'up').map(toMover),
      down: current.filter((m) => m.part === 'down').map(toMover),
    },
    wins: transitions.filter((t) => t.part === 'win').map(toTransition),
    saves: transitions.filter((t) => t.part === 'save').map(toTransition),
    winsArrCents: totals.get('win') ?? 0,
    savesArrCents: totals.get('save') ?? 0,
    renewals: renewalGroups(current).sort((a, b) => rank(a.tier) - rank(b.tier)),
    filters,
  };
}

const EMPTY = {
  period: null,
  from: null,
  tierHistory: [],
  movers: { up: [], down: [] },
  wins: [],
  saves: [],
  winsArrCents: 0,
  savesArrCents: 0,
  renewals: [],
};

/**
 * A row of the current-period statement. `part` says which: `bucket` = accounts (`n`) and ARR (`arr`) of
 * one tier and score bucket (0..9, −1 without a score); `up`/`down` = a mover; `renewal` = an account
 * renewing soon, with its group's count (`n`) and ARR (`arr`).
 */
interface CurrentRow {
  part: 'bucket' | 'up' | 'down' | 'renewal';
  tier: string | null;
  bucket: number | null;
  n: number;
  arr: number | null;
  external_id: string;
  name: string;
  score: number;
  from_tier: string | null;
  change: number;
  renewal_date: string;
  arr_cents: number | null;
}

interface HistoryRow {
  period: string;
  tier: string;
  n: number;
}

/** `part` = `total` (the kind's ARR sum in `arr`) or the kind of a listed transition. */
interface TransitionRow {
  part: 'total' | 'win' | 'save';
  kind: 'win' | 'save';
  arr: number;
  period: string;
  from_tier: string;
  to_tier: string;
  arr_cents: number | null;
  external_id: string;
  name: string;
}

const toMover = (m: CurrentRow): Mover => ({
  externalId: m.external_id,
  name: m.name,
  tier: m.tier,
  score: m.score,
  change: m.change,
  fromTier: m.from_tier,
});

const toTransition = (t: TransitionRow): Transition => ({
  externalId: t.external_id,
  name: t.name,
  period: t.period,
  fromTier: t.from_tier,
  toTier: t.to_tier,
  arrCents: t.arr_cents,
});

function renewalGroups(rows: CurrentRow[]): RenewalGroup[] {
  const groups = new Map<string | null, RenewalGroup>();
  for (const r of rows) {
    if (r.part !== 'renewal') continue;
    const group = groups.get(r.tier) ?? { tier: r.tier, count: r.n, arrCents: r.arr ?? 0, accounts: [] };
    group.accounts.push({
      externalId: r.external_id,
      name: r.name,
      renewalDate: r.renewal_date,
      arrCents: r.arr_cents,
    });
    groups.set(r.tier, group);
  }
  return [...groups.values()];
}

/** Tier counts of earlier periods as their runs stored them, for one segment or all. */
function storedCounts(rows: { key: string; value: string }[], segment: string | undefined): HistoryRow[] {
  const out: HistoryRow[] = [];
  for (const r of rows) {
    const period = r.key.slice(TIER_COUNTS_KEY.length);
    let counts: [string, string, number][] = [];
    try {
      counts = JSON.parse(r.value) as [string, string, number][];
    } catch {}
    for (const [segmentId, tier, n] of counts) {
      if (!segment || segment === segmentId) out.push({ period, tier, n });
    }
  }
  return out;
}

/** Tier counts of the given periods counted from their snapshots (periods no run stored counts for). */
function liveCountsSql(opts: DashboardOptions, periods: string[]): SQL {
  const segment = opts.segment ? sql`AND s.segment_id = ${opts.segment}` : sql``;
  return sql`SELECT s.period, s.tier, count(*) AS n FROM score_snapshots s
    WHERE s.period IN (SELECT value FROM json_each(${JSON.stringify(periods)})) AND s.tier IS NOT NULL ${segment}
    GROUP BY 1, 2`;
}

/**
 * The period's snapshots `s` with their accounts `a`, filtered. With an owner the owner's accounts drive
 * the join (CROSS JOIN fixes that order), else the period's snapshots do (via the period index).
 */
function periodRows(opts: DashboardOptions, period: SQL): SQL {
  const segment = opts.segment ? sql`AND s.segment_id = ${opts.segment}` : sql``;
  return opts.owner
    ? sql`accounts a CROSS JOIN score_snapshots s ON s.account_id = a.id AND s.period = ${period}
          WHERE ${ownerIs(opts.owner)} ${segment}`
    : sql`score_snapshots s JOIN accounts a ON a.id = s.account_id WHERE s.period = ${period} ${segment}`;
}

/**
 * The period's snapshots read once (`cur`), as rows of four kinds (see {@link CurrentRow}): per tier and
 * score bucket; the movers, against the window's first scored period (read in one pass, not per account);
 * and the renewals within {@link RENEWAL_WINDOW_DAYS}, by tier, plus (without a segment filter) accounts
 * renewing that have no snapshot in the period. D1 allows at most 5 terms per compound SELECT.
 */
function currentSql(opts: DashboardOptions, period: SQL, from: SQL): SQL {
  const renewalTo = sql`date(${period}, ${`+${RENEWAL_WINDOW_DAYS} days`})`;
  const owner = opts.owner ? sql`AND ${ownerIs(opts.owner)}` : sql``;
  const unscoredRenewals = opts.segment
    ? sql``
    : sql`UNION ALL SELECT NULL, a.id, a.external_id, a.name, a.arr_cents, a.renewal_date FROM accounts a
          WHERE a.renewal_date BETWEEN ${period} AND ${renewalTo} ${owner}
            AND NOT EXISTS (SELECT 1 FROM score_snapshots s WHERE s.account_id = a.id AND s.period = ${period})`;
  const first = sql`(SELECT min(period) FROM score_snapshots WHERE period >= ${from} AND period < ${period})`;
  // All accounts: that period's rows in one sequential pass; a filtered few: a seek per account.
  const baseline =
    opts.owner || opts.segment
      ? sql`SELECT b.account_id AS id, b.tier, b.score FROM cur CROSS JOIN score_snapshots b ON b.account_id = cur.id
            WHERE b.period = ${first} AND b.tier IS NOT NULL AND b.score IS NOT NULL`
      : sql`SELECT account_id AS id, tier, score FROM score_snapshots
            WHERE period = ${first} AND tier IS NOT NULL AND score IS NOT NULL`;
  return sql`WITH cur AS MATERIALIZED (
      SELECT s.account_id AS id, s.tier, s.score, a.arr_cents AS arr, a.external_id, a.name, a.renewal_date
      FROM ${periodRows(opts, period)}
    ), base AS MATERIALIZED (${baseline})
    , ch AS MATERIALIZED (
      SELECT cur.external_id, cur.name, cur.tier, cur.score, base.tier AS from_tier, round(cur.score - base.score, 1) AS change
      FROM cur JOIN base ON base.id = cur.id WHERE cur.tier IS NOT NULL AND cur.score IS NOT NULL
    ), ren AS (
      SELECT tier, id, external_id, name, arr, renewal_date FROM cur WHERE renewal_date BETWEEN ${period} AND ${renewalTo}
      ${unscoredRenewals}
    )
    SELECT 'bucket' AS part, tier, CASE WHEN score IS NULL THEN -1 ELSE min(CAST(score / 10 AS INTEGER), 9) END AS bucket,
      count(*) AS n, coalesce(sum(arr), 0) AS arr, NULL AS external_id, NULL AS name, NULL AS score, NULL AS from_tier,
      NULL AS change, NULL AS renewal_date, NULL AS arr_cents, NULL AS rn
    FROM cur GROUP BY 2, 3
    UNION ALL
    SELECT * FROM (SELECT 'up', tier, NULL, NULL, NULL, external_id, name, score, from_tier, change, NULL, NULL, NULL
                   FROM ch WHERE change > 0 ORDER BY change DESC, external_id LIMIT ${MOVERS})
    UNION ALL
    SELECT * FROM (SELECT 'down', tier, NULL, NULL, NULL, external_id, name, score, from_tier, change, NULL, NULL, NULL
                   FROM ch WHERE change < 0 ORDER BY change, external_id LIMIT ${MOVERS})
    UNION ALL
    SELECT * FROM (
      SELECT 'renewal', tier, NULL, count(*) OVER g, coalesce(sum(arr) OVER g, 0), external_id, name, NULL, NULL, NULL,
        renewal_date, arr, row_number() OVER (PARTITION BY tier ORDER BY renewal_date, name, id) AS rn
      FROM ren WINDOW g AS (PARTITION BY tier)
    ) WHERE rn <= ${DASHBOARD_LIST_LIMIT}`;
}

/**
 * Wins and saves in the window, read once (with the segment of the snapshot they were recorded with, and
 * the owner's accounts only): the ARR total of each kind and the newest {@link DASHBOARD_LIST_LIMIT} of each.
 */
function transitionsSql(opts: DashboardOptions, period: SQL, from: SQL): SQL {
  const segment = opts.segment
    ? sql`CROSS JOIN score_snapshots s ON s.account_id = t.account_id AND s.period = t.period AND s.segment_id = ${opts.segment}`
    : sql``;
  const owner = opts.owner ? sql`AND ${ownerIs(opts.owner)}` : sql``;
  const list = (kind: 'win' | 'save') =>
    sql`SELECT * FROM (SELECT ${kind}, w.kind, NULL, w.period, w.from_tier, w.to_tier, w.arr_cents, a.external_id, a.name
        FROM w JOIN accounts a ON a.id = w.account_id WHERE w.kind = ${kind}
        ORDER BY w.period DESC, a.name, a.id LIMIT ${DASHBOARD_LIST_LIMIT})`;
  return sql`WITH w AS MATERIALIZED (
      SELECT t.account_id, t.kind, t.period, t.from_tier, t.to_tier, t.arr_cents
      FROM tier_transitions t ${segment} ${opts.owner ? sql`CROSS JOIN accounts a ON a.id = t.account_id` : sql``}
      WHERE t.kind IN ('win', 'save') AND t.period BETWEEN ${from} AND ${period} ${owner}
    )
    SELECT 'total' AS part, kind, coalesce(sum(arr_cents), 0) AS arr, NULL AS period, NULL AS from_tier,
      NULL AS to_tier, NULL AS arr_cents, NULL AS external_id, NULL AS name
    FROM w GROUP BY kind
    UNION ALL ${list('win')}
    UNION ALL ${list('save')}`;
}

/** The statements over the latest period and the window (`period`, `from`: SQL expressions of both days). */
function dashboardStatements(opts: DashboardOptions, period: SQL, from: SQL): SQL[] {
  const segment = opts.segment ? sql`AND s.segment_id = ${opts.segment}` : sql``;
  const owner = opts.owner ? sql`AND ${ownerIs(opts.owner)}` : sql``;
  return [
    currentSql(opts, period, from),
    // Matching accounts: those without a snapshot in the period are unscored.
    sql`SELECT count(*) AS n FROM accounts a ${opts.owner ? sql`WHERE ${ownerIs(opts.owner)}` : sql``}`,
    // One owner's earlier periods, counted from that owner's accounts (a seek per account and period).
    opts.owner
      ? sql`SELECT s.period, s.tier, count(*) AS n
            FROM accounts a CROSS JOIN score_snapshots s ON s.account_id = a.id AND s.period BETWEEN ${from} AND ${period}
            WHERE s.period < ${period} AND s.tier IS NOT NULL ${owner} ${segment} GROUP BY 1, 2`
      : sql`SELECT NULL AS period, NULL AS tier, 0 AS n WHERE false`,
    // The window's earlier scored periods, newest first: one index seek each.
    sql`WITH RECURSIVE p(period) AS (
          SELECT max(period) FROM score_snapshots WHERE period < ${period}
          UNION ALL
          SELECT (SELECT max(x.period) FROM score_snapshots x WHERE x.period < p.period) FROM p WHERE p.period > ${from}
        )
        SELECT period FROM p WHERE period >= ${from}`,
    // Tier counts the runs of the window's earlier periods stored (see portfolio-rollups.ts).
    opts.owner
      ? sql`SELECT NULL AS key, NULL AS value WHERE false`
      : sql`SELECT key, value FROM settings WHERE key >= ${TIER_COUNTS_KEY} || ${from} AND key < ${TIER_COUNTS_KEY} || ${period}`,
    transitionsSql(opts, period, from),
  ];
}

/** Ten empty 10-point buckets: [0, 10), …, [90, 100]. */
function emptyHistogram() {
  return Array.from({ length: 10 }, (_, i) => ({ from: i * 10, to: i * 10 + 10, count: 0 }));
}

/**
 * The tiers of the published models, best first (by lower bound), one entry per key, with the names and
 * colours an admin set (worker/db/settings.ts) over the models' own: the dashboard shows one set of tiers
 * even when segments score with different models.
 * @example tierDefinitions([JSON.stringify(DEFAULT_MODEL)], []).map((t) => t.key) // ['green', 'green-yellow', 'yellow', 'red']
 */
export function tierDefinitions(
  configs: string[],
  display: readonly TierDisplay[],
): { key: string; name: string; color: string; min: number }[] {
  const names = new Map(display.map((t) => [t.key, t]));
  const byKey = new Map<string, { key: string; name: string; color: string; min: number }>();
  for (const text of configs) {
    let tiers: HealthModel['tiers'] = [];
    try {
      tiers = (JSON.parse(text) as HealthModel).tiers ?? [];
    } catch {}
    for (const t of tiers) {
      if (byKey.has(t.key)) continue;
      const color = names.get(t.key)?.color ?? t.color ?? UNKNOWN_TIER_COLOR;
      byKey.set(t.key, {
        key: t.key,
        name: names.get(t.key)?.name ?? t.label ?? t.key,
        color,
        min: t.minScore,
      });
    }
  }
  return [...byKey.values()].sort((a, b) => b.min - a.min);
}
