import { type SQL, sql } from 'drizzle-orm';
import type {
  DashboardData,
  DashboardTier,
  HistogramBucket,
  Mover,
  TierHistoryPoint,
  TierSkew,
  Transition,
} from '../../shared/contracts/dashboard';
import { tierSkew } from '../../shared/portfolio/tier-skew';
import { addDays } from '../../shared/time';
import type { Db } from '../common/db';
import { batchAll } from '../common/raw-sql';
import { latestChangeSql, latestRunPeriodSql, ownerIs } from '../scoring/snapshots-store';
import { getTierDisplay, getTransitionSettings } from '../settings/store';
import { type RenewalRow, renewalGroups, renewalsSql } from './renewals-store';
import {
  AGGREGATE,
  type DashboardRollup,
  type RollupMover,
  type StoredCounts,
  topMovers,
} from './rollups-store';
import { publishedConfigsSql, tierDefinitions, UNKNOWN_TIER_COLOR } from './tiers';
import { type StoredTransition, type StoredWins, winsAndSaves } from './wins-store';

/** Movers listed each way. */
const MOVERS = 10;

export interface DashboardOptions {
  segment?: string;
  /** CSM email (already resolved from `me`). */
  owner?: string;
  /** Window of history and wins/saves, days ending on the latest period. */
  days: number;
  /** Window of the movers' score change (1, 7 or 30 days), as the accounts list's "Change". */
  changeDays: number;
}

/**
 * The dashboard in two D1 round trips whatever the portfolio size (with the settings and the wins and
 * saves read beside them; a third only for history periods no run stored tier counts for). A snapshot
 * row is large (its explanation is ~2.5 KB: one page read per account and period), so the latest period is read from what its run stored when it finished
 * (worker/dashboard/rollups-store.ts: tiers, ARR, histogram, movers per segment for the usual windows) and
 * the earlier periods' tier counts likewise (per owner with an owner filter). Only an owner filter, a
 * window the run did not prepare, or a period no finished run stored reads the snapshots: the latest
 * period once and each account's first snapshot in the window (movers), starting from the owner's
 * accounts with an owner filter. Renewals (./renewals-store.ts) and wins and saves (./wins-store.ts, each
 * account once, bounces left out) come from the rollup too, the latter while the hysteresis and tier order
 * are those the run counted with; an owner filter or another window reads them live. The tier skew needs no
 * query of its own: it is judged from the tier counts above, or the run's rollup with an owner filter.
 */
export async function dashboard(db: Db, opts: DashboardOptions): Promise<DashboardData> {
  const [[meta, segments, owners, configs, rollups], display, counting] = await Promise.all([
    batchAll<
      [
        { period: string | null; from: string | null; run_id: string | null },
        { id: string; name: string },
        { email: string },
        { config: string },
        { value: string },
      ]
    >(db, [
      sql`WITH p AS (SELECT ${latestRunPeriodSql} AS period)
          SELECT p.period, date(p.period, ${`-${opts.days - 1} days`}) AS "from",
            (SELECT id FROM scoring_runs r WHERE r.period = p.period AND r.status = 'done'
             ORDER BY r.finished_at DESC LIMIT 1) AS run_id
          FROM p`,
      sql`SELECT id, name FROM segments ORDER BY position, id`,
      // From accounts_owner_idx alone (lower() is null exactly when the email is).
      sql`SELECT DISTINCT lower(owner_email) AS email FROM accounts WHERE lower(owner_email) IS NOT NULL ORDER BY 1`,
      publishedConfigsSql,
      sql`SELECT value FROM dashboard_aggregates WHERE kind = ${AGGREGATE.latestRollup} AND scope = '' AND period = ''`,
    ]),
    getTierDisplay(db),
    getTransitionSettings(db),
  ]);
  const filters = { segments, owners: owners.map((o) => o.email) };
  const tiers = new Map<string, DashboardTier>(
    tierDefinitions(
      configs.map((c) => c.config),
      display,
    ).map(({ min: _min, ...t }) => [t.key, { ...t, count: 0, arrCents: 0 }]),
  );
  const period = meta[0]?.period ?? null;
  const from = meta[0]?.from ?? null;
  if (!period || !from) {
    const accounts = await db.get<{ n: number }>(
      sql`SELECT count(*) AS n FROM accounts a ${opts.owner ? sql`WHERE ${ownerIs(opts.owner)}` : sql``}`,
    );
    return {
      ...EMPTY,
      hysteresisDays: counting.hysteresisDays,
      tiers: [...tiers.values()],
      unscored: accounts.n,
      histogram: emptyHistogram(),
      filters,
    };
  }
  const runId = meta[0]?.run_id ?? null;
  const runRollup = rollupOfRun(rollups[0]?.value, period, runId);
  // One stored before change windows were named has movers of other windows; with an owner the tiers are
  // the owner's, which the rollup does not have.
  const rollup = runRollup?.changeWindows?.includes(opts.changeDays) && !opts.owner ? runRollup : null;
  // The published models' tiers, best first (before the rollup adds keys none of them declares).
  const known = [...tiers.keys()];
  const stored = rollup ? fromRollup(rollup, opts, tiers) : null;
  const storedWins = rollup ? winsOfRollup(rollup, opts, counting.hysteresisDays, known) : null;
  // Renewals as the run told them (a segment without any has none).
  const storedRenewals = rollup?.renewals
    ? opts.segment
      ? (rollup.renewals.segments[opts.segment] ?? [])
      : rollup.renewals.all
    : null;
  const [[current, accounts, periodsInWindow, storedCounts, renewals], winsSaves] = await Promise.all([
    batchAll<[CurrentRow, { n: number }, { period: string }, { period: string; value: string }, RenewalRow]>(
      db,
      [
        stored
          ? sql`SELECT 'account' AS part, id, external_id, name FROM accounts
            WHERE id IN (SELECT value FROM json_each(${JSON.stringify([...stored.moverIds, ...listedIds(storedWins)])}))`
          : currentSql(opts, period),
        // Matching accounts: those without a snapshot in the period are unscored.
        sql`SELECT count(*) AS n FROM accounts a ${opts.owner ? sql`WHERE ${ownerIs(opts.owner)}` : sql``}`,
        // The window's earlier scored periods, newest first: one index seek each.
        sql`WITH RECURSIVE p(period) AS (
          SELECT max(period) FROM score_snapshots WHERE period < ${period}
          UNION ALL
          SELECT (SELECT max(x.period) FROM score_snapshots x WHERE x.period < p.period) FROM p WHERE p.period > ${from}
        )
        SELECT period FROM p WHERE period >= ${from}`,
        // What the runs of the window's periods stored (of all accounts, or the owner's).
        sql`SELECT period, value FROM dashboard_aggregates WHERE ${storedCountsOf(opts)} AND period >= ${from} AND period <= ${period}`,
        storedRenewals ? sql`SELECT NULL WHERE 0` : renewalsSql(opts, period),
      ],
    ),
    storedWins
      ? null
      : winsAndSaves(db, {
          segment: opts.segment,
          owner: opts.owner,
          from,
          to: period,
          hysteresisDays: counting.hysteresisDays,
          rank: (tier) => (known.includes(tier) ? known.indexOf(tier) : undefined),
        }),
  ]);

  // Every counted win and save is for GET /api/metrics' attribution, not the page: at 100,000 accounts it was
  // ~0.9 MB of the dashboard's answer, and internal account ids.
  const listed = winsSaves
    ? (({ counted: _attribution, ...rest }) => rest)(winsSaves)
    : namedWins(storedWins ?? NO_WINS, current);
  const tally = stored ?? tallyPeriod(current, tiers);
  const skew = runId ? modelSkew(opts, tiers, runRollup) : null;
  // Accounts not scored in the period have no segment, so they count only without a segment filter.
  const unscored = tally.insufficient + (opts.segment ? 0 : (accounts[0]?.n ?? 0) - tally.inPeriod);
  const movers = stored ? namedMovers(stored.movers, current) : liveMovers(current);

  // History as the window's runs stored it (the latest period's tiers from the counts above), counted
  // here only for periods no finished run stored.
  const windowCounts = parseStoredCounts(storedCounts, opts.segment, period);
  const missingTiers = periodsInWindow.map((p) => p.period).filter((p) => !windowCounts.periods.has(p));
  if (missingTiers.length > 0) {
    windowCounts.history.push(...(await db.all<HistoryRow>(liveCountsSql(opts, missingTiers))));
  }
  const latest = [...tiers.values()]
    .filter((t) => t.count > 0)
    .map((t) => ({ period, tier: t.key, n: t.count }));

  const tierOrder = [...tiers.keys()];
  const rank = (tier: string | null) => (tier === null ? tierOrder.length : tierOrder.indexOf(tier));
  return {
    period,
    from,
    tiers: [...tiers.values()],
    unscored,
    histogram: tally.histogram,
    tierHistory: historyPoints([...windowCounts.history, ...latest]),
    movers,
    ...listed,
    hysteresisDays: counting.hysteresisDays,
    renewals: (storedRenewals ?? renewalGroups(renewals)).sort((a, b) => rank(a.tier) - rank(b.tier)),
    tierSkew: skew,
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
  winsCount: 0,
  savesCount: 0,
  winsArrCents: 0,
  savesArrCents: 0,
  renewals: [],
  tierSkew: null,
};

/**
 * A row of the current-period statement (`part`): `bucket` = accounts (`n`) and ARR (`arr`) of one tier and
 * score bucket (0..9, −1 without a score); `up`/`down` = a mover; `account` = a mover's name (rollup path).
 */
interface CurrentRow {
  part: 'bucket' | 'up' | 'down' | 'account';
  id: number;
  tier: string | null;
  bucket: number | null;
  n: number;
  arr: number | null;
  external_id: string;
  name: string;
  score: number;
  from_tier: string | null;
  change: number;
}

interface HistoryRow {
  period: string;
  tier: string;
  n: number;
}

interface PeriodTally {
  histogram: HistogramBucket[];
  /** Matching snapshots in the period. */
  inPeriod: number;
  /** Of which without a tier. */
  insufficient: number;
}

/** The stored rollup when it is that of the period's latest finished run (`runId`). */
function rollupOfRun(text: string | undefined, period: string, runId: string | null): DashboardRollup | null {
  if (!text || !runId) return null;
  try {
    const rollup = JSON.parse(text) as DashboardRollup;
    // Only the rollup of the period's latest finished run: a later run (or one still writing) may have
    // changed the snapshots.
    return rollup.period === period && rollup.runId === runId ? rollup : null;
  } catch {
    return null;
  }
}

/**
 * The skew of the latest finished run over the selected segment (all without a filter), from tier counts
 * already read: the dashboard's own without an owner filter (its latest period, the run's), else the run's
 * rollup, since one CSM's book is a selection and says nothing about the model. Null with an owner filter
 * when the run stored no rollup (its failure is logged; the dashboard then reads the snapshots).
 */
function modelSkew(
  opts: DashboardOptions,
  tiers: Map<string, DashboardTier>,
  runRollup: DashboardRollup | null,
): TierSkew | null {
  if (!opts.owner) return tierSkew([...tiers.values()].map((t) => [t.key, t.count] as const));
  if (!runRollup) return null;
  return tierSkew(
    Object.entries(runRollup.segments)
      .filter(([segmentId]) => !opts.segment || segmentId === opts.segment)
      .flatMap(([, seg]) => Object.entries(seg.tiers).map(([key, [count]]) => [key, count] as const)),
  );
}

/** Tiers (into `tiers`), histogram and movers of the selected segments (all without a filter). */
function fromRollup(rollup: DashboardRollup, opts: DashboardOptions, tiers: Map<string, DashboardTier>) {
  const histogram = emptyHistogram();
  let inPeriod = 0;
  let insufficient = 0;
  const moves: RollupMover[] = [];
  for (const [segmentId, seg] of Object.entries(rollup.segments)) {
    if (opts.segment && segmentId !== opts.segment) continue;
    insufficient += seg.insufficient;
    inPeriod += seg.insufficient;
    for (const [key, [count, arr]] of Object.entries(seg.tiers)) {
      const tier = tiers.get(key) ?? { key, name: key, color: UNKNOWN_TIER_COLOR, count: 0, arrCents: 0 };
      tier.count += count;
      tier.arrCents += arr;
      tiers.set(key, tier);
      inPeriod += count;
    }
    seg.histogram.forEach((n, i) => {
      const bucket = histogram[i];
      if (bucket) bucket.count += n;
    });
    const m = seg.movers[String(opts.changeDays)];
    if (m) moves.push(...m.up, ...m.down);
  }
  const movers = topMovers(moves);
  return { histogram, inPeriod, insufficient, movers, moverIds: moves.map((m) => m[0]) };
}

/**
 * The wins and saves the run stored for the dashboard's window and segment, when it counted them with the
 * hysteresis and tier order in force now (else null: they are counted live). A segment the run stored
 * none for had none.
 */
function winsOfRollup(
  rollup: DashboardRollup,
  opts: DashboardOptions,
  hysteresisDays: number,
  tiers: readonly string[],
): StoredWins | null {
  const wins = rollup.wins;
  if (!wins || wins.hysteresisDays !== hysteresisDays || wins.tiers.join('\n') !== tiers.join('\n'))
    return null;
  const key = String(opts.days);
  const all = wins.all[key];
  if (!all) return null;
  return opts.segment ? (wins.segments[opts.segment]?.[key] ?? NO_WINS) : all;
}

const NO_WINS: StoredWins = {
  wins: [],
  saves: [],
  winsCount: 0,
  savesCount: 0,
  winsArrCents: 0,
  savesArrCents: 0,
};

/** Account ids of stored wins and saves (their names are read at page view, as the movers'). */
const listedIds = (w: StoredWins | null) => (w ? [...w.wins, ...w.saves].map((t) => t[0]) : []);

/** Stored wins and saves with the accounts' current external ids and names (a deleted account drops out). */
function namedWins(stored: StoredWins, accounts: CurrentRow[]) {
  const byId = new Map(accounts.map((a) => [a.id, a]));
  const named = (items: StoredTransition[]): Transition[] =>
    items.flatMap(([id, period, fromTier, toTier, arrCents]) => {
      const a = byId.get(id);
      return a ? [{ externalId: a.external_id, name: a.name, period, fromTier, toTier, arrCents }] : [];
    });
  return { ...stored, wins: named(stored.wins), saves: named(stored.saves) };
}

/** Rollup movers with the accounts' current external ids and names. */
function namedMovers(movers: { up: RollupMover[]; down: RollupMover[] }, accounts: CurrentRow[]) {
  const byId = new Map(accounts.map((a) => [a.id, a]));
  const named = ([id, change, tier, score, fromTier]: RollupMover): Mover[] => {
    const a = byId.get(id);
    return a ? [{ externalId: a.external_id, name: a.name, tier, score, change, fromTier }] : [];
  };
  return { up: movers.up.flatMap(named), down: movers.down.flatMap(named) };
}

function liveMovers(rows: CurrentRow[]): { up: Mover[]; down: Mover[] } {
  const toMover = (m: CurrentRow): Mover => ({
    externalId: m.external_id,
    name: m.name,
    tier: m.tier,
    score: m.score,
    change: m.change,
    fromTier: m.from_tier,
  });
  // Biggest first, ties by account id (the statement's order does not survive its union).
  const by = (sign: number) => (a: CurrentRow, b: CurrentRow) => sign * (b.change - a.change) || a.id - b.id;
  return {
    up: rows
      .filter((m) => m.part === 'up')
      .sort(by(1))
      .map(toMover),
    down: rows
      .filter((m) => m.part === 'down')
      .sort(by(-1))
      .map(toMover),
  };
}

/** Adds the period's (tier, score bucket) rows to `tiers` (in place) and builds the histogram. */
function tallyPeriod(rows: CurrentRow[], tiers: Map<string, DashboardTier>): PeriodTally {
  const histogram = emptyHistogram();
  let inPeriod = 0;
  let insufficient = 0;
  for (const b of rows) {
    if (b.part !== 'bucket') continue;
    inPeriod += b.n;
    if (b.tier === null) {
      insufficient += b.n;
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
  return { histogram, inPeriod, insufficient };
}

/**
 * One point per period, oldest first. Rows of a period may repeat a tier (the counts runs store are per
 * segment), so they add up.
 */
function historyPoints(rows: HistoryRow[]): TierHistoryPoint[] {
  const points = new Map<string, Record<string, number>>();
  for (const h of [...rows].sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : 0))) {
    const counts = points.get(h.period) ?? {};
    counts[h.tier] = (counts[h.tier] ?? 0) + h.n;
    points.set(h.period, counts);
  }
  return [...points].map(([period, counts]) => ({ period, counts }));
}

/** The stored tier counts of all accounts, or of the owner's. */
function storedCountsOf(opts: DashboardOptions): SQL {
  return opts.owner
    ? sql`kind = ${AGGREGATE.ownerTierCounts} AND scope = ${opts.owner.toLowerCase()}`
    : sql`kind = ${AGGREGATE.tierCounts} AND scope = ''`;
}

/**
 * The stored rows of the window, for one segment or all: tier counts of the periods before `latest` (a row
 * per segment and tier), and which periods had a row. The wins and saves stored beside them are per period
 * and would count an account once per period: the dashboard counts them itself (./wins-store.ts).
 */
function parseStoredCounts(
  rows: { period: string; value: string }[],
  segment: string | undefined,
  latest: string,
) {
  const history: HistoryRow[] = [];
  const periods = new Set<string>();
  for (const r of rows) {
    const period = r.period;
    let stored: StoredCounts;
    try {
      stored = JSON.parse(r.value) as StoredCounts;
    } catch {
      continue;
    }
    if (!Array.isArray(stored.tiers)) continue;
    periods.add(period);
    for (const [segmentId, tier, n] of stored.tiers) {
      if (period < latest && (!segment || segment === segmentId)) history.push({ period, tier, n });
    }
  }
  return { history, periods };
}

/**
 * Tier counts of the given periods counted from their snapshots (periods no run stored counts for); with
 * an owner from that owner's accounts (a seek per account and period).
 */
function liveCountsSql(opts: DashboardOptions, periods: string[]): SQL {
  if (periods.length === 0) return sql`SELECT NULL AS period, NULL AS tier, 0 AS n WHERE false`;
  const segment = opts.segment ? sql`AND segment_id = ${opts.segment}` : sql``;
  const inPeriods = sql`IN (SELECT value FROM json_each(${JSON.stringify(periods)}))`;
  return opts.owner
    ? sql`SELECT s.period, s.tier, count(*) AS n
          FROM accounts a CROSS JOIN score_snapshots s ON s.account_id = a.id AND s.period ${inPeriods}
          WHERE s.tier IS NOT NULL AND ${ownerIs(opts.owner)} ${segment} GROUP BY 1, 2`
    : sql`SELECT s.period, s.tier, count(*) AS n FROM score_snapshots s
          WHERE s.period ${inPeriods} AND s.tier IS NOT NULL ${segment} GROUP BY 1, 2`;
}

/**
 * The period's snapshots read once (`cur`): accounts and ARR per tier and score bucket, and the movers
 * against each account's first snapshot on or after `changeDays` days before the period (the accounts
 * list's "Change"), listed in no particular order (see liveMovers). The accounts (the owner's by its index)
 * drive the join.
 */
function currentSql(opts: DashboardOptions, period: string): SQL {
  const from = addDays(period, -opts.changeDays);
  // Each account's snapshot of the period: its latest_snapshots row (tier, score and the score change over the
  // window, kept by triggers with this very baseline) when that is the period's, else — only when a later
  // snapshot exists (a rescore) — the period's snapshot and its change told here. No explanation-sized row
  // is read; an account without a snapshot in the period drops out, as does an orphan snapshot.
  const own = (column: string) =>
    sql`(SELECT ${sql.raw(`s.${column}`)} FROM score_snapshots s WHERE s.period = ${period} AND s.account_id = a.id)`;
  const latest = (column: string, stored = sql.raw(`l.${column}`), fallback = own(column)) =>
    sql`CASE WHEN l.period = ${period} THEN ${stored} ELSE ${fallback} END`;
  const baseline = (column: string, id: string) =>
    sql`(SELECT ${sql.raw(`b.${column}`)} FROM score_snapshots b WHERE b.account_id = ${sql.raw(id)} AND b.period =
      (SELECT min(x.period) FROM score_snapshots x WHERE x.account_id = ${sql.raw(id)} AND x.period >= ${from} AND x.period < ${period})
      AND b.tier IS NOT NULL AND b.score IS NOT NULL)`;
  const segment = opts.segment ? sql`AND segment_id = ${opts.segment}` : sql``;
  return sql`WITH cur AS MATERIALIZED (
      SELECT * FROM (
        SELECT a.id, a.arr_cents AS arr, a.external_id, a.name, ${latest('segment_id')} AS segment_id,
          ${latest('tier')} AS tier, ${latest('score')} AS score,
          ${latest('change', latestChangeSql(opts.changeDays, 'l'), sql`round(${own('score')} - ${baseline('score', 'a.id')}, 1)`)} AS change
        FROM accounts a CROSS JOIN latest_snapshots l ON l.account_id = a.id
        WHERE ${opts.owner ? ownerIs(opts.owner) : sql`1`} AND l.period >= ${period}
          AND (l.period = ${period} OR EXISTS (SELECT 1 FROM score_snapshots s WHERE s.period = ${period} AND s.account_id = a.id))
      ) WHERE 1 ${segment}
    ),
    ch AS MATERIALIZED (SELECT * FROM cur WHERE tier IS NOT NULL AND change IS NOT NULL),
    -- The movers' tier at the start of the window: a seek for each of the few listed.
    movers AS (
      SELECT * FROM (SELECT 'up' AS part, * FROM ch WHERE change > 0 ORDER BY change DESC, id LIMIT ${MOVERS})
      UNION ALL
      SELECT * FROM (SELECT 'down' AS part, * FROM ch WHERE change < 0 ORDER BY change, id LIMIT ${MOVERS})
    )
    SELECT 'bucket' AS part, NULL AS id, tier, CASE WHEN score IS NULL THEN -1 ELSE min(CAST(score / 10 AS INTEGER), 9) END AS bucket,
      count(*) AS n, coalesce(sum(arr), 0) AS arr, NULL AS external_id, NULL AS name, NULL AS score, NULL AS from_tier, NULL AS change
    FROM cur GROUP BY 3, 4
    UNION ALL
    SELECT part, id, tier, NULL, NULL, NULL, external_id, name, score, ${baseline('tier', 'm.id')}, change FROM movers m`;
}

/** Ten empty 10-point buckets: [0, 10), …, [90, 100]. */
function emptyHistogram(): HistogramBucket[] {
  return Array.from({ length: 10 }, (_, i) => ({ from: i * 10, to: i * 10 + 10, count: 0 }));
}
