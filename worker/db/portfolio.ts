import { type SQL, sql } from 'drizzle-orm';

// SQL fragments shared by the accounts list, its export and the dashboard. They expect the accounts
// table aliased `a`, its latest snapshot `s` and the snapshot before that `p`.

/**
 * Join condition for `s` = the account's latest snapshot: one seek of the (account_id, period) primary
 * key per account, so the cost grows with the accounts read, not with the snapshots kept.
 * @example sql`FROM accounts a LEFT JOIN score_snapshots s ON ${latestSnapshotOn}`
 */
export const latestSnapshotOn = sql`s.account_id = a.id AND s.period = (SELECT max(x.period) FROM score_snapshots x WHERE x.account_id = a.id)`;

/**
 * Join condition for `p` = the snapshot before `s` (the previous scored period of that account).
 * @example sql`LEFT JOIN score_snapshots p ON ${previousSnapshotOn}`
 */
export const previousSnapshotOn = sql`p.account_id = a.id AND p.period = (SELECT max(y.period) FROM score_snapshots y WHERE y.account_id = a.id AND y.period < s.period)`;

/**
 * `s.score − p.score` in points, one decimal; null unless both snapshots have a score.
 * @example sql`SELECT ${scoreChangeSql} AS score_change`
 */
export const scoreChangeSql = sql`round(s.score - p.score, 1)`;

/**
 * Accounts of one CSM (case-insensitive email).
 * @example ownerIs('csm@example.com')
 */
export function ownerIs(email: string): SQL {
  return sql`lower(a.owner_email) = ${email.toLowerCase()}`;
}

const validDay = (col: SQL) =>
  sql`(${col} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND date(${col}) IS NOT NULL)`;

// shared/health/lifecycle.ts addMonths: the same day `months` later, clamped to that month's last day.
const addMonths = (col: SQL, months: number) =>
  sql`min(date(${col}, 'start of month', ${`+${months} months`}, '+' || (CAST(substr(${col}, 9, 2) AS INTEGER) - 1) || ' days'),
          date(${col}, 'start of month', ${`+${months + 1} months`}, '-1 day'))`;

/**
 * The account's lifecycle stage on `today` (`YYYY-MM-DD`) in SQL, the same rules as `lifecycleStage` in
 * shared/health/lifecycle.ts with `status` read from the `status` trait: churned, renewal (from 90 days
 * before the renewal date), else onboarding / growth / maturity by months since the contract start; null
 * when none applies. CASE keeps corrupt traits JSON from failing the whole query.
 * @example sql`SELECT ${lifecycleStageSql('2026-05-01')} AS stage FROM accounts a`
 */
export function lifecycleStageSql(today: string): SQL {
  const start = sql`a.contract_start_date`;
  const renewal = sql`a.renewal_date`;
  return sql`(CASE
    WHEN lower(trim(CASE WHEN json_valid(a.traits) THEN json_extract(a.traits, '$.status') END)) = 'churned' THEN 'churned'
    WHEN ${validDay(renewal)} AND ${today} >= date(${renewal}, '-90 days') THEN 'renewal'
    WHEN ${start} IS NULL OR NOT ${validDay(start)} THEN NULL
    WHEN ${today} < ${addMonths(start, 1)} THEN 'onboarding'
    WHEN ${today} < ${addMonths(start, 3)} THEN 'growth'
    ELSE 'maturity' END)`;
}

/** The `status` trait as `lifecycleStage` reads it (for the JS side of the same rule). */
export function statusTrait(traits: Record<string, unknown>): string | null {
  return typeof traits.status === 'string' ? traits.status : null;
}
