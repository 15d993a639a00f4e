import { sql } from 'drizzle-orm';
import { DASHBOARD_LIST_LIMIT, type Transition } from '../../shared/contracts/dashboard';
import { type CountedWins, countWinsAndSaves, type RecordedTransition } from '../../shared/health';
import { addDays } from '../../shared/time';
import type { Db } from '../common/db';
import { contractStartSql, ownerIs, transitionSegmentSql } from '../scoring/snapshots-store';

export interface WinsQuery {
  segment?: string;
  /** CSM email (already resolved from `me`). */
  owner?: string;
  /** The window, inclusive. */
  from: string;
  to: string;
  hysteresisDays: number;
  /** Position of a tier key, best first. */
  rank: (tier: string) => number | undefined;
  /**
   * False when only the counts and `counted` are read (GET /api/metrics): the accounts' names and external
   * ids are then not read (the cycle start's columns are all in accounts_facts_idx: no account row, whose
   * traits make it long, is read), and the lists come back empty.
   */
  lists?: boolean;
}

export interface WinsAndSaves {
  wins: Transition[];
  saves: Transition[];
  winsCount: number;
  savesCount: number;
  winsArrCents: number;
  savesArrCents: number;
  /** Every counted win and save (not only the listed ones), for attribution (GET /api/metrics). */
  counted: { accountId: number; period: string; kind: 'win' | 'save' }[];
}

/** One tier change as the statement answers it (a JSON array, see below). */
type ChangeRow = [
  accountId: number,
  period: string,
  kind: RecordedTransition['kind'],
  fromTier: string,
  toTier: string,
  arrCents: number | null,
  /** 1 when the change passes the segment filter (its snapshot's segment); or that segment (see `loadChanges`). */
  segment: number | string | null,
];

/** The candidate accounts: [id, external id, name, cycle start]. */
type AccountRow = [
  accountId: number,
  externalId: string,
  name: string,
  /**
   * The account's current contract start (at the window's end; its contracts' when it has any, else the
   * trait's): changes before it belong to an earlier renewal cycle.
   */
  cycleStart: string | null,
];

/** The window's changes as read: the candidate accounts and every tier change of theirs from `since`. */
interface LoadedChanges {
  accounts: Map<number, AccountRow>;
  recorded: RecordedTransition[];
  /** Per change, what its 7th column held: 1/0 (matches the segment filter) or the snapshot's segment. */
  segmentOf: Map<RecordedTransition, number | string | null>;
}

/**
 * The tier changes of the accounts that recorded a win or save in [from, to] (with `segment`, one whose
 * snapshot is in it), from `hysteresisDays` before `from` (to see the bounces), read in one statement by the
 * (period, kind) index and then by account, with each account's cycle start. `segmentIds`: each change's
 * snapshot segment instead of whether it matches `segment`.
 */
async function loadChanges(
  db: Db,
  q: Omit<WinsQuery, 'rank'> & { segmentIds?: boolean },
): Promise<LoadedChanges> {
  const inSegment = (alias: string) =>
    q.segment ? sql`coalesce(${transitionSegmentSql(alias)} = ${q.segment}, 0)` : sql`1`;
  const since = sql`date(${q.from}, ${`-${q.hysteresisDays} days`})`;
  const lists = q.lists ?? true;
  // Two JSON columns in one row: a few thousand changes as rows cost more in transfer than in reading.
  const [row] = await db.all<{ accounts: string | null; changes: string | null }>(sql`
    WITH cand AS MATERIALIZED (
      SELECT DISTINCT c.account_id FROM tier_transitions c
      ${q.owner ? sql`JOIN accounts a ON a.id = c.account_id` : sql``}
      WHERE c.kind IN ('win', 'save') AND c.period BETWEEN ${q.from} AND ${q.to} AND ${inSegment('c')}
        ${q.owner ? sql`AND ${ownerIs(q.owner)}` : sql``}
    ),
    -- The cycle start once per account, not per change (each is a few seeks on contracts).
    cyc AS MATERIALIZED (
      SELECT cand.account_id, ${lists ? sql`b.external_id, b.name` : sql`NULL AS external_id, NULL AS name`},
        ${contractStartSql(q.to, 'b')} AS cycle_start
      FROM cand JOIN accounts b ${lists ? sql`` : sql`INDEXED BY accounts_facts_idx`} ON b.id = cand.account_id
    )
    SELECT (SELECT json_group_array(json_array(account_id, external_id, name, cycle_start)) FROM cyc) AS accounts,
      (SELECT json_group_array(json_array(t.account_id, t.period, t.kind, t.from_tier, t.to_tier, t.arr_cents,
          ${q.segmentIds ? transitionSegmentSql('t') : inSegment('t')}))
        FROM cyc CROSS JOIN tier_transitions t ON t.account_id = cyc.account_id AND t.period BETWEEN ${since} AND ${q.to}) AS changes`);
  const accounts = new Map<number, AccountRow>();
  for (const a of JSON.parse(row?.accounts ?? '[]') as AccountRow[]) accounts.set(a[0], a);
  const segmentOf = new Map<RecordedTransition, number | string | null>();
  const recorded = (JSON.parse(row?.changes ?? '[]') as ChangeRow[]).map(
    ([accountId, period, kind, fromTier, toTier, arrCents, segment]) => {
      const t: RecordedTransition = { accountId, period, kind, fromTier, toTier, arrCents };
      segmentOf.set(t, segment);
      return t;
    },
  );
  return { accounts, recorded, segmentOf };
}

/**
 * `changes` counted over [from, to] (shared/health/transitions.ts), the `eligible` ones only. Attribution: an
 * account counts once per renewal cycle. The current cycle began on its contract start (a renewal moves it);
 * what came before is an earlier cycle, counted on its own.
 */
function count(
  changes: LoadedChanges,
  rows: readonly RecordedTransition[],
  q: Pick<WinsQuery, 'from' | 'to' | 'hysteresisDays' | 'rank'>,
  eligible?: (t: RecordedTransition) => boolean,
): CountedWins {
  return countWinsAndSaves(rows, {
    from: q.from,
    to: q.to,
    hysteresisDays: q.hysteresisDays,
    rank: q.rank,
    eligible,
    cycleOf: (t) => {
      const start = changes.accounts.get(t.accountId)?.[3];
      return start && t.period < start ? 'earlier' : 'current';
    },
  });
}

/** The newest {@link DASHBOARD_LIST_LIMIT} of `items`, ties by account name, then id. */
function newest(items: RecordedTransition[], accounts: Map<number, AccountRow>): RecordedTransition[] {
  const name = (t: RecordedTransition) => accounts.get(t.accountId)?.[2] ?? '';
  return [...items]
    .sort(
      (a, b) =>
        (a.period < b.period ? 1 : a.period > b.period ? -1 : 0) ||
        (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0) ||
        a.accountId - b.accountId,
    )
    .slice(0, DASHBOARD_LIST_LIMIT);
}

/**
 * The window's wins and saves as they count (shared/health/transitions.ts): every tier change of the
 * accounts that recorded a win or save in the window, from `hysteresisDays` before it (to see the bounces).
 * Lists keep the newest {@link DASHBOARD_LIST_LIMIT}; counts and ARR cover every account, each once per
 * renewal cycle (an account that renewed inside the window may count once before and once after its
 * current contract start).
 * @example await winsAndSaves(db, { from: '2026-02-01', to: '2026-05-01', hysteresisDays: 7, rank })
 */
export async function winsAndSaves(db: Db, q: WinsQuery): Promise<WinsAndSaves> {
  const changes = await loadChanges(db, q);
  const counted = count(changes, changes.recorded, q, (t) => changes.segmentOf.get(t) === 1);
  const { accounts } = changes;
  const list = (items: RecordedTransition[]): Transition[] =>
    (q.lists ?? true)
      ? newest(items, accounts).map((t) => ({
          externalId: accounts.get(t.accountId)?.[1] ?? '',
          name: accounts.get(t.accountId)?.[2] ?? '',
          period: t.period,
          fromTier: t.fromTier,
          toTier: t.toTier,
          arrCents: t.arrCents,
        }))
      : [];
  return {
    wins: list(counted.wins),
    saves: list(counted.saves),
    winsCount: counted.wins.length,
    savesCount: counted.saves.length,
    winsArrCents: counted.winsArrCents,
    savesArrCents: counted.savesArrCents,
    counted: [
      ...counted.wins.map((t) => ({ accountId: t.accountId, period: t.period, kind: 'win' as const })),
      ...counted.saves.map((t) => ({ accountId: t.accountId, period: t.period, kind: 'save' as const })),
    ],
  };
}

/** A listed win or save as a run stores it: `[accountId, period, fromTier, toTier, arrCents]`. */
export type StoredTransition = [number, string, string, string, number | null];

/** The dashboard's wins and saves of one window and scope, as a finishing run stores them. */
export interface StoredWins {
  /** The newest {@link DASHBOARD_LIST_LIMIT} (ties by the account's name then, then id). */
  wins: StoredTransition[];
  saves: StoredTransition[];
  winsCount: number;
  savesCount: number;
  winsArrCents: number;
  savesArrCents: number;
}

/**
 * The wins and saves of every window in `days` (each ending on `to`, as the dashboard's `days`) for all
 * accounts and for each segment, from one read of the longest window's changes: what {@link winsAndSaves}
 * answers for each (window, segment), the changes of each window being those from `hysteresisDays` before
 * it, so that bounces pair up as they do live. `all` and `segments` are keyed by the window's days; a segment
 * without a win or save in the longest window is absent.
 * @example await winsAndSavesByWindow(db, { to: '2026-05-01', days: [30, 90], hysteresisDays: 7, rank })
 */
export async function winsAndSavesByWindow(
  db: Db,
  q: { to: string; days: readonly number[]; hysteresisDays: number; rank: WinsQuery['rank'] },
): Promise<{ all: Record<string, StoredWins>; segments: Record<string, Record<string, StoredWins>> }> {
  const longest = Math.max(...q.days);
  const changes = await loadChanges(db, {
    from: addDays(q.to, -(longest - 1)),
    to: q.to,
    hysteresisDays: q.hysteresisDays,
    segmentIds: true,
  });
  const segmentIds = new Set<string>();
  for (const [t, segment] of changes.segmentOf)
    if ((t.kind === 'win' || t.kind === 'save') && typeof segment === 'string') segmentIds.add(segment);
  const stored = (c: CountedWins): StoredWins => {
    const listed = (items: RecordedTransition[]) =>
      newest(items, changes.accounts).map(
        (t): StoredTransition => [t.accountId, t.period, t.fromTier, t.toTier, t.arrCents],
      );
    return {
      wins: listed(c.wins),
      saves: listed(c.saves),
      winsCount: c.wins.length,
      savesCount: c.saves.length,
      winsArrCents: c.winsArrCents,
      savesArrCents: c.savesArrCents,
    };
  };
  const all: Record<string, StoredWins> = {};
  const segments: Record<string, Record<string, StoredWins>> = {};
  for (const days of q.days) {
    const window = {
      from: addDays(q.to, -(days - 1)),
      to: q.to,
      hysteresisDays: q.hysteresisDays,
      rank: q.rank,
    };
    const since = addDays(window.from, -q.hysteresisDays);
    const rows = changes.recorded.filter((t) => t.period >= since);
    all[String(days)] = stored(count(changes, rows, window));
    for (const id of segmentIds) {
      const counted = count(changes, rows, window, (t) => changes.segmentOf.get(t) === id);
      if (counted.wins.length + counted.saves.length === 0) continue;
      segments[id] ??= {};
      segments[id][String(days)] = stored(counted);
    }
  }
  return { all, segments };
}
