import { sql } from 'drizzle-orm';
import { DASHBOARD_LIST_LIMIT, type Transition } from '../../shared/contracts/dashboard';
import { countWinsAndSaves, type RecordedTransition } from '../../shared/health';
import type { Db } from '../common/db';
import { contractStartSql, ownerIs } from '../scoring/snapshots-store';

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
  /** 1 when the change passes the segment filter (its snapshot's segment). */
  matches: number,
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

/**
 * The window's wins and saves as they count (shared/health/transitions.ts): every tier change of the
 * accounts that recorded a win or save in the window, from `hysteresisDays` before it (to see the bounces),
 * read in one statement by the (period, kind) index and then by account. Lists keep the newest
 * {@link DASHBOARD_LIST_LIMIT}; counts and ARR cover every account, each once per renewal cycle (an account
 * that renewed inside the window may count once before and once after its current contract start).
 * @example await winsAndSaves(db, { from: '2026-02-01', to: '2026-05-01', hysteresisDays: 7, rank })
 */
export async function winsAndSaves(db: Db, q: WinsQuery): Promise<WinsAndSaves> {
  const inSegment = (alias: string) =>
    q.segment
      ? // The change's snapshot: a primary-key seek (period, account) and its row's segment.
        sql`EXISTS (SELECT 1 FROM score_snapshots s WHERE s.period = ${sql.raw(alias)}.period AND s.account_id = ${sql.raw(alias)}.account_id AND s.segment_id = ${q.segment})`
      : sql`1`;
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
          ${inSegment('t')}))
        FROM cyc CROSS JOIN tier_transitions t ON t.account_id = cyc.account_id AND t.period BETWEEN ${since} AND ${q.to}) AS changes`);
  const accounts = new Map<number, AccountRow>();
  for (const a of JSON.parse(row?.accounts ?? '[]') as AccountRow[]) accounts.set(a[0], a);
  const matching = new Set<RecordedTransition>();
  const recorded = (JSON.parse(row?.changes ?? '[]') as ChangeRow[]).map(
    ([accountId, period, kind, fromTier, toTier, arrCents, matches]) => {
      const t: RecordedTransition = { accountId, period, kind, fromTier, toTier, arrCents };
      if (matches === 1) matching.add(t);
      return t;
    },
  );
  const counted = countWinsAndSaves(recorded, {
    from: q.from,
    to: q.to,
    hysteresisDays: q.hysteresisDays,
    rank: q.rank,
    eligible: (t) => matching.has(t),
    // Attribution: an account counts once per renewal cycle. The current cycle began on its contract start
    // (a renewal moves it); what came before is an earlier cycle, counted on its own.
    cycleOf: (t) => {
      const start = accounts.get(t.accountId)?.[3];
      return start && t.period < start ? 'earlier' : 'current';
    },
  });
  const list = (items: RecordedTransition[]): Transition[] =>
    (lists ? items : [])
      .map((t) => ({ t, name: accounts.get(t.accountId)?.[2] ?? '' }))
      .sort(
        (a, b) =>
          (a.t.period < b.t.period ? 1 : a.t.period > b.t.period ? -1 : 0) ||
          (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) ||
          a.t.accountId - b.t.accountId,
      )
      .slice(0, DASHBOARD_LIST_LIMIT)
      .map(({ t, name }) => ({
        externalId: accounts.get(t.accountId)?.[1] ?? '',
        name,
        period: t.period,
        fromTier: t.fromTier,
        toTier: t.toTier,
        arrCents: t.arrCents,
      }));
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
