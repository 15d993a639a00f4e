import { type SQL, sql } from 'drizzle-orm';
import { CHANGE_WINDOWS } from '../../shared/contracts/accounts';
import type { RenewalGroup } from '../../shared/contracts/dashboard';
import { DASHBOARD_WINDOWS } from '../../shared/portfolio/windows';
import { addDays } from '../../shared/time';
import type { Db } from '../common/db';
import { batchAll } from '../common/raw-sql';
import { dimensionEntriesFrom, dimensionKey, dimensionScore } from '../scoring/compaction-store';
import { getTransitionSettings } from '../settings/store';
import { dashboardRenewals } from './renewals-store';
import { publishedConfigsSql, tierDefinitions } from './tiers';
import { type StoredWins, winsAndSavesByWindow } from './wins-store';

// Aggregates a finishing scoring run stores once for its period, so that page views do not re-read every
// account's explanation (a snapshot row is ~2.5 KB: one page read per account and period). They are
// `dashboard_aggregates` rows (drizzle/schema.ts), keyed by kind, scope and period.

/** `dashboard_aggregates.kind` of each stored aggregate. */
export const AGGREGATE = {
  /** A period's tier counts and wins/saves per segment ({@link StoredCounts}); scope ''. */
  tierCounts: 'tier-counts',
  /** The same of one owner's accounts when the run finished; scope = lower-cased owner email. */
  ownerTierCounts: 'owner-tier-counts',
  /** A period's mean score of every dimension per segment (the insight's "segment average"); scope = segment id. */
  dimensionMeans: 'dimension-means',
  /** The latest finished run's {@link DashboardRollup}; one row, scope and period ''. */
  latestRollup: 'latest-rollup',
} as const;
/** Periods of tier counts and dimension means kept (the dashboard's longest window is 365 days). */
const KEEP_DAYS = 400;

const upsert = sql`ON CONFLICT (kind, scope, period) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`;

/**
 * The mean score of every dimension per segment over the period's snapshots, a row per segment with
 * `[[dimension key, mean, count]]` (`count` = snapshots with a score for it; `mean` is 0 when `count` is 0).
 * Corrupt explanation JSON counts as no dimensions.
 * @example prepare(db, dimensionMeansSql('2026-05-01', Date.now()))
 */
export function dimensionMeansSql(period: string, now: number): SQL {
  return sql`INSERT INTO dashboard_aggregates (kind, scope, period, value, updated_at)
    SELECT ${AGGREGATE.dimensionMeans}, segment_id, ${period}, json_group_array(json_array(key, mean, n)), ${now}
    FROM (
      SELECT s.segment_id, ${dimensionKey} AS key,
             coalesce(avg(${dimensionScore}), 0) AS mean, count(${dimensionScore}) AS n
      FROM score_snapshots s LEFT JOIN model_versions v ON v.id = s.model_version_id, ${dimensionEntriesFrom('s')}
      WHERE s.period = ${period}
      GROUP BY 1, 2)
    GROUP BY segment_id
    ${upsert}`;
}

/**
 * The period's accounts per segment and tier (tiered snapshots only), and its wins and saves per segment
 * (count and Σ ARR cents), as one row: `{ tiers: [[segmentId, tier, n]], transitions:
 * [[segmentId, kind, n, arrCents]] }`.
 * @example prepare(db, tierCountsSql('2026-05-01', Date.now()))
 */
export function tierCountsSql(period: string, now: number): SQL {
  return sql`INSERT INTO dashboard_aggregates (kind, scope, period, value, updated_at)
    SELECT ${AGGREGATE.tierCounts}, '', ${period}, json_object(
      'tiers', json((SELECT json_group_array(json_array(segment_id, tier, n)) FROM (
        SELECT segment_id, tier, count(*) AS n FROM score_snapshots
        WHERE period = ${period} AND tier IS NOT NULL GROUP BY 1, 2))),
      'transitions', json((SELECT json_group_array(json_array(segment_id, kind, n, arr)) FROM (
        SELECT s.segment_id, t.kind, count(*) AS n, coalesce(sum(t.arr_cents), 0) AS arr
        FROM tier_transitions t JOIN score_snapshots s ON s.account_id = t.account_id AND s.period = t.period
        WHERE t.period = ${period} AND t.kind IN ('win', 'save') GROUP BY 1, 2)))), ${now}
    WHERE true
    ${upsert}`;
}

/**
 * The same per owner (accounts with an owner): a row per owner, scope = the lower-cased email.
 * @example prepare(db, ownerTierCountsSql('2026-05-01', Date.now()))
 */
export function ownerTierCountsSql(period: string, now: number): SQL {
  return sql`WITH ot AS MATERIALIZED (
      SELECT lower(a.owner_email) AS owner, s.segment_id, s.tier, count(*) AS n
      FROM score_snapshots s JOIN accounts a ON a.id = s.account_id
      WHERE s.period = ${period} AND s.tier IS NOT NULL AND a.owner_email IS NOT NULL GROUP BY 1, 2, 3
    ), otr AS MATERIALIZED (
      SELECT lower(a.owner_email) AS owner, s.segment_id, t.kind, count(*) AS n, coalesce(sum(t.arr_cents), 0) AS arr
      FROM tier_transitions t JOIN score_snapshots s ON s.account_id = t.account_id AND s.period = t.period
      JOIN accounts a ON a.id = t.account_id
      WHERE t.period = ${period} AND t.kind IN ('win', 'save') AND a.owner_email IS NOT NULL GROUP BY 1, 2, 3
    )
    INSERT INTO dashboard_aggregates (kind, scope, period, value, updated_at)
    SELECT ${AGGREGATE.ownerTierCounts}, o.owner, ${period}, json_object(
      'tiers', json((SELECT json_group_array(json_array(segment_id, tier, n)) FROM ot WHERE ot.owner = o.owner)),
      'transitions', json((SELECT json_group_array(json_array(segment_id, kind, n, arr)) FROM otr WHERE otr.owner = o.owner))),
      ${now}
    FROM (SELECT owner FROM ot UNION SELECT owner FROM otr) o
    WHERE true
    ${upsert}`;
}

/** A stored tier-counts row (see {@link tierCountsSql}). */
export interface StoredCounts {
  tiers: [segmentId: string, tier: string, n: number][];
  transitions: [segmentId: string, kind: 'win' | 'save', n: number, arrCents: number][];
}

/**
 * What a run stores when it finishes (after the measure benchmarks were replaced): dimension means, the
 * period's tier counts (all, and per owner), and the removal of those older than {@link KEEP_DAYS}.
 * @example await db.$client.batch(portfolioRunStatements(period, now).map((q) => prepare(db, q)))
 */
export function portfolioRunStatements(period: string, now: number): SQL[] {
  return [
    dimensionMeansSql(period, now),
    tierCountsSql(period, now),
    ownerTierCountsSql(period, now),
    sql`DELETE FROM dashboard_aggregates
        WHERE kind IN (${AGGREGATE.tierCounts}, ${AGGREGATE.ownerTierCounts}, ${AGGREGATE.dimensionMeans})
          AND period < date(${period}, ${`-${KEEP_DAYS} days`})`,
  ];
}

// ---------------------------------------------------------------------------------------------------
// The dashboard's view of the latest run

/** Windows (days) the rollup has movers for: every choice of `changeDays`. */
export const ROLLUP_WINDOWS = CHANGE_WINDOWS;
/** Movers kept each way per segment and window (the dashboard shows the top 10 over all segments). */
export const ROLLUP_MOVERS = 10;

/** `[accountId, change (points), tier, score, fromTier]` */
export type RollupMover = [number, number, string, number, string];

/** One segment of a period, as its scoring run left it. Money in cents (ARR at the time of the run). */
export interface SegmentRollup {
  /** tier → [accounts, Σ ARR cents] */
  tiers: Record<string, [number, number]>;
  /** Snapshots without a tier (insufficient data). */
  insufficient: number;
  /** Accounts with a tier per 10-point score bucket (the last one includes 100). */
  histogram: number[];
  /** days → the biggest moves up and down against each account's first snapshot on or after that many days before. */
  movers: Record<string, { up: RollupMover[]; down: RollupMover[] }>;
}

/** What the dashboard needs about the latest period, computed once when its run finishes. */
export interface DashboardRollup {
  runId: string;
  period: string;
  /** The windows of `movers` (absent from rollups stored before they were change windows). */
  changeWindows?: readonly number[];
  segments: Record<string, SegmentRollup>;
  /** The period's wins and saves per dashboard window (absent from rollups stored before they were kept). */
  wins?: RollupWins;
  /**
   * The renewals due in the 90 days after the period (./renewals-store.ts), of all accounts and per segment
   * with snapshots in the period, as the run finished: contract changes since show from the next run, as
   * the tiers' ARR does (absent from rollups stored before they were kept).
   */
  renewals?: { all: RenewalGroup[]; segments: Record<string, RenewalGroup[]> };
}

/**
 * Wins and saves ending on the period for each of {@link DASHBOARD_WINDOWS}, counted as the dashboard counts
 * them live (./wins-store.ts), of all accounts and per segment (keyed by the window's days; a segment without
 * any is absent). They depend on the hysteresis and on the tiers' order (a bounce is a return to a tier at
 * least as good), so they hold only while both are what they were when the run finished.
 */
export interface RollupWins {
  hysteresisDays: number;
  /** Tier keys best first, as the published models ranked them. */
  tiers: string[];
  all: Record<string, StoredWins>;
  segments: Record<string, Record<string, StoredWins>>;
}

const round1 = (x: number) => (Math.sign(x) * Math.round(Math.abs(x) * 10)) / 10;

interface ScoredRow {
  id: number;
  segment: string;
  tier: string | null;
  score: number | null;
  arr: number | null;
}

/**
 * Computes and stores the {@link DashboardRollup} of a finished run's period: one pass over the period's
 * snapshots, then per window the first snapshot of each account in it (a seek per account; windows that
 * reach back past the oldest snapshot share one pass), a window at a time so that a large portfolio is
 * not held in memory several times over. Called by `finishRunIfComplete`.
 * @example await storeDashboardRollup(db, runId, '2026-05-01', Date.now())
 */
export async function storeDashboardRollup(
  db: Db,
  runId: string,
  period: string,
  now: number,
): Promise<void> {
  const [current, oldest] = await batchAll<[ScoredRow, { period: string | null }]>(db, [
    sql`SELECT s.account_id AS id, s.segment_id AS segment, s.tier, s.score, a.arr_cents AS arr
        FROM score_snapshots s JOIN accounts a ON a.id = s.account_id WHERE s.period = ${period}`,
    sql`SELECT min(period) AS period FROM score_snapshots`,
  ]);
  const segments: Record<string, SegmentRollup> = Object.create(null);
  const segmentOf = (id: string) => {
    segments[id] ??= { tiers: {}, insufficient: 0, histogram: new Array(10).fill(0), movers: {} };
    return segments[id];
  };
  const scored = new Map<number, ScoredRow>();
  for (const r of current) {
    const seg = segmentOf(r.segment);
    if (r.tier === null) {
      seg.insufficient++;
      continue;
    }
    const tier = seg.tiers[r.tier] ?? [0, 0];
    seg.tiers[r.tier] = tier;
    tier[0]++;
    tier[1] += r.arr ?? 0;
    if (r.score !== null) {
      seg.histogram[Math.min(Math.floor(r.score / 10), 9)]!++;
      scored.set(r.id, r);
    }
  }
  // Windows starting before the oldest snapshot all compare against each account's first snapshot.
  const windows = new Map<string, number[]>();
  for (const days of ROLLUP_WINDOWS) {
    const from = addDays(period, -days);
    const effective = oldest[0]?.period && oldest[0].period > from ? oldest[0].period : from;
    windows.set(effective, [...(windows.get(effective) ?? []), days]);
  }
  for (const [from, days] of windows) {
    const rows = await db.all<{ id: number; tier: string; score: number }>(
      sql`SELECT b.account_id AS id, b.tier, b.score
          FROM accounts a CROSS JOIN score_snapshots b ON b.account_id = a.id AND b.period =
            (SELECT min(x.period) FROM score_snapshots x WHERE x.account_id = a.id AND x.period >= ${from} AND x.period < ${period})
          WHERE b.tier IS NOT NULL AND b.score IS NOT NULL`,
    );
    const moves = new Map<string, RollupMover[]>();
    for (const b of rows) {
      const c = scored.get(b.id);
      if (!c || c.score === null || c.tier === null) continue;
      const change = round1(c.score - b.score);
      if (change === 0) continue;
      const list = moves.get(c.segment) ?? [];
      list.push([b.id, change, c.tier, c.score, b.tier]);
      moves.set(c.segment, list);
    }
    for (const [segment, list] of moves) {
      const top = topMovers(list);
      for (const d of days) segmentOf(segment).movers[String(d)] = top;
    }
  }
  const rollup: DashboardRollup = {
    runId,
    period,
    changeWindows: ROLLUP_WINDOWS,
    segments,
    wins: await rollupWins(db, period),
    renewals: await rollupRenewals(db, period, Object.keys(segments)),
  };
  // A run of an earlier period finishing late must not replace the rollup of a later one.
  await db.run(sql`INSERT INTO dashboard_aggregates (kind, scope, period, value, updated_at)
    VALUES (${AGGREGATE.latestRollup}, '', '', ${JSON.stringify(rollup)}, ${now})
    ${upsert} WHERE coalesce(json_extract(dashboard_aggregates.value, '$.period'), '') <= ${period}`);
}

/** The period's renewals of all accounts and of each segment: a statement each, one after the other. */
async function rollupRenewals(
  db: Db,
  period: string,
  segmentIds: string[],
): Promise<DashboardRollup['renewals']> {
  const segments: Record<string, RenewalGroup[]> = {};
  for (const segment of segmentIds) segments[segment] = await dashboardRenewals(db, { segment }, period);
  return { all: await dashboardRenewals(db, {}, period), segments };
}

/** The period's {@link RollupWins}: one read of the longest window's changes (./wins-store.ts). */
async function rollupWins(db: Db, period: string): Promise<RollupWins> {
  const [configs, counting] = await Promise.all([
    db.all<{ config: string }>(publishedConfigsSql),
    getTransitionSettings(db),
  ]);
  const tiers = tierDefinitions(
    configs.map((c) => c.config),
    [],
  ).map((t) => t.key);
  const byWindow = await winsAndSavesByWindow(db, {
    to: period,
    days: DASHBOARD_WINDOWS,
    hysteresisDays: counting.hysteresisDays,
    rank: (tier) => (tiers.includes(tier) ? tiers.indexOf(tier) : undefined),
  });
  return { hysteresisDays: counting.hysteresisDays, tiers, ...byWindow };
}

/**
 * The {@link ROLLUP_MOVERS} biggest moves up (change desc) and down (change asc), ties by account id.
 * @example topMovers([[1, 5, 'green', 85, 'green-yellow'], [2, -3, 'red', 30, 'yellow']]).down[0]?.[0] // 2
 */
export function topMovers(list: RollupMover[]): { up: RollupMover[]; down: RollupMover[] } {
  const up = list.filter((m) => m[1] > 0).sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  const down = list.filter((m) => m[1] < 0).sort((a, b) => a[1] - b[1] || a[0] - b[0]);
  return { up: up.slice(0, ROLLUP_MOVERS), down: down.slice(0, ROLLUP_MOVERS) };
}
