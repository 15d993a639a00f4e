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
import { addDays } from '../../shared/time';
import type { Db } from './client';
import { ownerIs } from './portfolio';
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
 * The dashboard in two D1 round trips whatever the portfolio size: the latest period with the filter
 * choices and tier definitions, then one batch of aggregate statements over that period and the window.
 * Every statement reads each matching account's snapshot rows at most once per period it covers; with an
 * owner filter the statements start from that owner's accounts instead of from the period's snapshots.
 */
export async function dashboard(db: Db, opts: DashboardOptions): Promise<DashboardData> {
  const [[periods, segments, owners, configs], display] = await Promise.all([
    batchAll<
      [{ period: string | null }, { id: string; name: string }, { email: string }, { config: string }]
    >(db, [
      sql`SELECT max(period) AS period FROM score_snapshots`,
      sql`SELECT id, name FROM segments ORDER BY position, id`,
      sql`SELECT DISTINCT lower(owner_email) AS email FROM accounts WHERE owner_email IS NOT NULL ORDER BY 1`,
      sql`SELECT config FROM model_versions WHERE status = 'published' AND model_id IN (SELECT model_id FROM segments)`,
    ]),
    getTierDisplay(db),
  ]);
  const filters = { segments, owners: owners.map((o) => o.email) };
  const period = periods[0]?.period ?? null;
  const tierDefs = tierDefinitions(
    configs.map((c) => c.config),
    display,
  ).map(({ min: _min, ...t }) => t);
  if (!period) {
    return {
      period: null,
      from: null,
      tiers: tierDefs.map((t) => ({ ...t, count: 0, arrCents: 0 })),
      unscored: (await db.get<{ n: number }>(sql`SELECT count(*) AS n FROM accounts a ${whereOwner(opts)}`))
        .n,
      histogram: emptyHistogram(),
      tierHistory: [],
      movers: { up: [], down: [] },
      wins: [],
      saves: [],
      winsArrCents: 0,
      savesArrCents: 0,
      renewals: [],
      filters,
    };
  }
  const from = addDays(period, -(opts.days - 1));
  const [buckets, absent, history, movers, transitions, renewals] = await batchAll<
    [
      BucketRow,
      { n: number },
      { period: string; tier: string; n: number },
      MoverRow,
      TransitionRow,
      RenewalRow,
    ]
  >(db, dashboardStatements(opts, period, from));

  const tiers = new Map<string, DashboardTier>(tierDefs.map((t) => [t.key, { ...t, count: 0, arrCents: 0 }]));
  const histogram = emptyHistogram();
  let unscored = absent[0]?.n ?? 0;
  for (const b of buckets) {
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
    tier.arrCents += b.arr;
    tiers.set(b.tier, tier);
    const bucket = histogram[b.bucket];
    if (bucket) bucket.count += b.n;
  }

  const points = new Map<string, Record<string, number>>();
  for (const h of history) {
    const counts = points.get(h.period) ?? {};
    counts[h.tier] = h.n;
    points.set(h.period, counts);
  }

  const toTransition = (t: TransitionRow): Transition => ({
    externalId: t.external_id,
    name: t.name,
    period: t.period,
    fromTier: t.from_tier,
    toTier: t.to_tier,
    arrCents: t.arr_cents,
  });
  const wins = transitions.filter((t) => t.kind === 'win');
  const saves = transitions.filter((t) => t.kind === 'save');

  const groups = new Map<string | null, RenewalGroup>();
  for (const r of renewals) {
    const group = groups.get(r.tier) ?? { tier: r.tier, count: r.n, arrCents: r.arr, accounts: [] };
    group.accounts.push({
      externalId: r.external_id,
      name: r.name,
      renewalDate: r.renewal_date,
      arrCents: r.arr_cents,
    });
    groups.set(r.tier, group);
  }
  const tierOrder = [...tiers.keys()];
  const rank = (tier: string | null) => (tier === null ? tierOrder.length : tierOrder.indexOf(tier));

  return {
    period,
    from,
    tiers: [...tiers.values()],
    unscored,
    histogram,
    tierHistory: [...points].map(([p, counts]) => ({ period: p, counts })),
    movers: {
      up: movers.filter((m) => m.dir === 'up').map(toMover),
      down: movers.filter((m) => m.dir === 'down').map(toMover),
    },
    wins: wins.map(toTransition),
    saves: saves.map(toTransition),
    winsArrCents: wins[0]?.total_arr ?? 0,
    savesArrCents: saves[0]?.total_arr ?? 0,
    renewals: [...groups.values()].sort((a, b) => rank(a.tier) - rank(b.tier)),
    filters,
  };
}

interface BucketRow {
  tier: string | null;
  /** 0..9, −1 without a score. */
  bucket: number;
  n: number;
  arr: number;
}

interface MoverRow {
  dir: 'up' | 'down';
  external_id: string;
  name: string;
  tier: string | null;
  score: number;
  from_tier: string | null;
  change: number;
}

interface TransitionRow {
  kind: 'win' | 'save';
  period: string;
  from_tier: string;
  to_tier: string;
  arr_cents: number | null;
  external_id: string;
  name: string;
  total_arr: number;
}

interface RenewalRow {
  tier: string | null;
  external_id: string;
  name: string;
  renewal_date: string;
  arr_cents: number | null;
  n: number;
  arr: number;
}

const toMover = (m: MoverRow): Mover => ({
  externalId: m.external_id,
  name: m.name,
  tier: m.tier,
  score: m.score,
  change: m.change,
  fromTier: m.from_tier,
});

function whereOwner(opts: DashboardOptions): SQL {
  return opts.owner ? sql`WHERE ${ownerIs(opts.owner)}` : sql``;
}

/**
 * Snapshots `s` of `period` joined to their accounts `a`, filtered. With an owner the owner's accounts
 * drive the join (CROSS JOIN fixes that order), else the period's snapshots do (via the period index).
 */
function periodRows(opts: DashboardOptions, period: string): { from: SQL; where: SQL } {
  const segment = opts.segment ? sql`AND s.segment_id = ${opts.segment}` : sql``;
  const owner = opts.owner ? sql`AND ${ownerIs(opts.owner)}` : sql``;
  return {
    from: opts.owner
      ? sql`accounts a CROSS JOIN score_snapshots s ON s.account_id = a.id AND s.period = ${period}`
      : sql`score_snapshots s JOIN accounts a ON a.id = s.account_id`,
    where: sql`WHERE s.period = ${period} ${owner} ${segment}`,
  };
}

function dashboardStatements(opts: DashboardOptions, period: string, from: string): SQL[] {
  const segment = opts.segment ? sql`AND s.segment_id = ${opts.segment}` : sql``;
  const owner = opts.owner ? sql`AND ${ownerIs(opts.owner)}` : sql``;
  const before = addDays(period, -opts.days);
  const cur = periodRows(opts, period);
  return [
    // Accounts, ARR and score histogram per tier in the period.
    sql`SELECT s.tier, CASE WHEN s.score IS NULL THEN -1 ELSE min(CAST(s.score / 10 AS INTEGER), 9) END AS bucket,
          count(*) AS n, coalesce(sum(a.arr_cents), 0) AS arr
        FROM ${cur.from} ${cur.where} GROUP BY 1, 2`,
    // Accounts with no snapshot in the period count as unscored (they have no segment to filter by).
    opts.segment
      ? sql`SELECT 0 AS n`
      : sql`SELECT count(*) AS n FROM accounts a
            WHERE NOT EXISTS (SELECT 1 FROM score_snapshots s WHERE s.account_id = a.id AND s.period = ${period}) ${owner}`,
    // Tier counts per period: the (period, tier) index alone answers this without filters.
    opts.owner
      ? sql`SELECT s.period, s.tier, count(*) AS n
            FROM accounts a CROSS JOIN score_snapshots s ON s.account_id = a.id AND s.period BETWEEN ${from} AND ${period}
            WHERE s.tier IS NOT NULL ${owner} ${segment} GROUP BY 1, 2 ORDER BY 1`
      : sql`SELECT s.period, s.tier, count(*) AS n FROM score_snapshots s
            WHERE s.period BETWEEN ${from} AND ${period} AND s.tier IS NOT NULL ${segment} GROUP BY 1, 2 ORDER BY 1`,
    // Movers: the period's score against the account's first snapshot since `before` (`days` days ago).
    sql`WITH ch AS MATERIALIZED (
          SELECT a.external_id, a.name, s.tier, s.score, b.tier AS from_tier, round(s.score - b.score, 1) AS change
          FROM ${cur.from} JOIN score_snapshots b ON b.account_id = s.account_id AND b.period =
            (SELECT min(x.period) FROM score_snapshots x WHERE x.account_id = s.account_id AND x.period >= ${before} AND x.period < ${period})
          ${cur.where} AND s.tier IS NOT NULL AND s.score IS NOT NULL AND b.tier IS NOT NULL AND b.score IS NOT NULL
        )
        SELECT * FROM (SELECT 'up' AS dir, * FROM ch WHERE change > 0 ORDER BY change DESC, external_id LIMIT ${MOVERS})
        UNION ALL
        SELECT * FROM (SELECT 'down' AS dir, * FROM ch WHERE change < 0 ORDER BY change, external_id LIMIT ${MOVERS})`,
    // Wins and saves in the window, newest first, with their ARR totals.
    sql`SELECT * FROM (
          SELECT t.kind, t.period, t.from_tier, t.to_tier, t.arr_cents, a.external_id, a.name,
            row_number() OVER (PARTITION BY t.kind ORDER BY t.period DESC, a.name, a.id) AS rn,
            coalesce(sum(t.arr_cents) OVER (PARTITION BY t.kind), 0) AS total_arr
          FROM tier_transitions t JOIN accounts a ON a.id = t.account_id
          ${opts.segment ? sql`JOIN score_snapshots s ON s.account_id = t.account_id AND s.period = t.period` : sql``}
          WHERE t.kind IN ('win', 'save') AND t.period BETWEEN ${from} AND ${period} ${segment} ${owner}
        ) WHERE rn <= ${DASHBOARD_LIST_LIMIT} ORDER BY kind, rn`,
    // Renewals within the window after the period, by the account's tier in the period.
    sql`SELECT * FROM (
          SELECT s.tier, a.external_id, a.name, a.renewal_date, a.arr_cents,
            row_number() OVER (PARTITION BY s.tier ORDER BY a.renewal_date, a.name, a.id) AS rn,
            count(*) OVER (PARTITION BY s.tier) AS n, coalesce(sum(a.arr_cents) OVER (PARTITION BY s.tier), 0) AS arr
          FROM accounts a LEFT JOIN score_snapshots s ON s.account_id = a.id AND s.period = ${period}
          WHERE a.renewal_date BETWEEN ${period} AND ${addDays(period, RENEWAL_WINDOW_DAYS)} ${owner} ${segment}
        ) WHERE rn <= ${DASHBOARD_LIST_LIMIT} ORDER BY tier, rn`,
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
