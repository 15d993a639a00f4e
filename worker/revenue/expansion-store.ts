import { sql } from 'drizzle-orm';
import { addDays } from '../../shared/time';
import type { Db } from '../common/db';
import { latestSnapshotOn, ownerIs } from '../scoring/snapshots-store';

/** What `expansionCandidates` reads about one healthy account. */
export interface ExpansionRow {
  accountId: number;
  externalId: string;
  name: string;
  tier: string | null;
  arrMinor: number;
  seats: number | null;
  activeUsers: number;
  usedModules: string[];
  boughtModules: string[] | null;
}

// ARR of the recurring contracts in force on a day, annualised (reporting currency).
const contractArrOn = (today: string) => sql`(SELECT sum(c.reporting_amount_minor * CASE c.interval
    WHEN 'month' THEN 12 WHEN 'quarter' THEN 4 ELSE 1 END) FROM contracts c
  WHERE c.account_id = a.id AND c.interval <> 'once' AND c.period_start <= ${today} AND c.period_end >= ${today})`;

/** The `modules` trait: a JSON list or a comma-separated string of the modules bought; null when absent. */
function boughtModules(traits: string): string[] | null {
  try {
    const m = (JSON.parse(traits) as { modules?: unknown }).modules;
    if (Array.isArray(m)) return m.filter((x): x is string => typeof x === 'string');
    if (typeof m === 'string')
      return m
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
  } catch {
    // Corrupt traits: unknown.
  }
  return null;
}

/**
 * Accounts whose latest snapshot is in one of `tiers`, with their ARR (contracts in force today, else the
 * `arr` trait), seats, distinct active users and modules used in the 30 days to `today`.
 */
export async function healthyAccounts(
  db: Db,
  q: { today: string; tiers: readonly string[]; segment?: string; owner?: string },
): Promise<ExpansionRow[]> {
  const since = addDays(q.today, -29);
  const rows = await db.all<{
    id: number;
    external_id: string;
    name: string;
    tier: string | null;
    seats: number | null;
    arr: number | null;
    traits: string;
    active_users: number;
  }>(sql`SELECT a.id, a.external_id, a.name, s.tier, a.seats, a.traits,
      coalesce(${contractArrOn(q.today)}, a.arr_cents, 0) AS arr,
      (SELECT count(DISTINCT u.user_id) FROM user_days u WHERE u.account_id = a.id AND u.day >= ${since} AND u.day <= ${q.today}) AS active_users
    FROM accounts a JOIN score_snapshots s ON ${latestSnapshotOn}
    WHERE s.tier IN (SELECT value FROM json_each(${JSON.stringify(q.tiers)}))
      ${q.segment ? sql`AND s.segment_id = ${q.segment}` : sql``}
      ${q.owner ? sql`AND ${ownerIs(q.owner)}` : sql``}`);
  if (rows.length === 0) return [];
  const modules = await db.all<{ account_id: number; module: string }>(sql`
    SELECT DISTINCT d.account_id, f.module FROM account_feature_days d JOIN features f ON f.id = d.feature_id
    WHERE d.account_id IN (SELECT value FROM json_each(${JSON.stringify(rows.map((r) => r.id))}))
      AND d.day >= ${since} AND d.day <= ${q.today} AND f.module IS NOT NULL`);
  const used = new Map<number, string[]>();
  for (const m of modules) used.set(m.account_id, [...(used.get(m.account_id) ?? []), m.module]);
  return rows.map((r) => ({
    accountId: r.id,
    externalId: r.external_id,
    name: r.name,
    tier: r.tier,
    arrMinor: Number(r.arr),
    seats: r.seats,
    activeUsers: r.active_users,
    usedModules: (used.get(r.id) ?? []).sort(),
    boughtModules: boughtModules(r.traits),
  }));
}
