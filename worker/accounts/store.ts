import { and, asc, count, desc, eq, gte, type SQL, sql } from 'drizzle-orm';
import Papa from 'papaparse';
import { accountFeatureDays, accounts, featureDayUsers, features, users } from '../../drizzle/schema';
import {
  ACCOUNT_EXPORT_COLUMNS,
  type ACCOUNT_SORT_KEYS,
  type AccountListPage,
  type AccountRow,
  type AccountSort,
  UNSCORED_TIER,
} from '../../shared/contracts/accounts';
import type { LifecycleStage } from '../../shared/health';
import { isoOrNull } from '../../shared/time';
import { decodeCursor, encodeCursor } from '../common/cursor';
import type { Db } from '../common/db';
import {
  contractStartSql,
  latestChangeSql,
  lifecycleStageSql,
  ownerIs,
  renewalDateSql,
} from '../scoring/snapshots-store';

type AccountSortKey = (typeof ACCOUNT_SORT_KEYS)[number];

/**
 * The keyset cursor after an account of the name order: (name, id), opaque (see ./cursor.ts).
 * @example encodeAccountCursor('阿里巴巴', 42) // 'WyLpmL_ph4zlt7Tlt7QiLDQyXQ'
 */
export function encodeAccountCursor(name: string, id: number): string {
  return encodeCursor([name, id]);
}

/**
 * The (name, id) of a cursor made by {@link encodeAccountCursor}, or null when the text is not one.
 * @example decodeAccountCursor('WyLpmL_ph4zlt7Tlt7QiLDQyXQ') // ['阿里巴巴', 42]
 */
export function decodeAccountCursor(cursor: string): [string, number] | null {
  const value = decodeCursor(cursor);
  return Array.isArray(value) &&
    value.length === 2 &&
    typeof value[0] === 'string' &&
    Number.isSafeInteger(value[1])
    ? [value[0], value[1] as number]
    : null;
}

const escapeLike = (q: string) => q.replace(/[\\%_]/g, (ch) => `\\${ch}`);

/** Filters, order and page of the accounts list (see `accountListQuery` in shared/contracts/accounts.ts). */
export interface AccountListOptions {
  q?: string;
  /** Tier keys; `UNSCORED_TIER` selects accounts without a tier. */
  tiers?: string[];
  segment?: string;
  /** A CSM email (already resolved from `me`). */
  owner?: string;
  stage?: LifecycleStage;
  sort?: AccountSort;
  /** Days the score change is told over (1, 7 or 30). */
  changeDays: number;
  /** `YYYY-MM-DD`: the day lifecycle stages are told for. */
  today: string;
}

interface AccountSqlRow {
  total: number;
  id: number;
  external_id: string;
  name: string;
  plan: string | null;
  industry: string | null;
  employees: number | null;
  seats: number | null;
  arr_cents: number | null;
  currency: string | null;
  owner_email: string | null;
  renewal_date: string | null;
  last_seen_at: number | null;
  users: number;
  tier: string | null;
  score: number | null;
  score_change: number | null;
  segment_id: string | null;
  segment_name: string | null;
  lifecycle_stage: LifecycleStage | null;
}

/** The sort keys; the renewal date is that of `today` (a contract's, else the trait's). */
function sortKeySql(key: AccountSortKey, opts: AccountListOptions): SQL {
  switch (key) {
    case 'name':
      return sql`a.name`;
    case 'score':
      return sql`s.score`;
    case 'change':
      return latestChangeSql(opts.changeDays);
    case 'arr':
      return sql`a.arr_cents`;
    case 'renewal':
      return renewalDateSql(opts.today);
    case 'lastSeen':
      return sql`a.last_seen_at`;
  }
}

/**
 * One query for a page of matching accounts with their health and the total that match: the inner part
 * orders and pages the accounts, the outer part adds the columns of the page's rows only. Health is each
 * account's row of `latest_snapshots` (`s`: its latest snapshot and score changes, kept by triggers). Sorted
 * by score or change, the page walks that column's index (the accounts with a value in order, then those
 * without by name) and stops at the page's end, and the total is a count; other orders sort every match.
 * `limit: null` returns every row (the export).
 */
function accountPageSql(
  opts: AccountListOptions,
  page: { limit: number | null; offset: number; after: [string, number] | null },
): SQL {
  const sortKey = (opts.sort?.replace(/^-/, '') ?? 'name') as AccountSortKey;
  const direction = opts.sort?.startsWith('-') ? sql.raw('DESC') : sql.raw('ASC');
  const needsSnapshot = sortKey === 'score' || sortKey === 'change' || !!opts.tiers || !!opts.segment;
  const where: SQL[] = [];
  if (opts.q) {
    const pattern = `%${escapeLike(opts.q)}%`;
    where.push(sql`(a.name LIKE ${pattern} ESCAPE '\\' OR a.external_id LIKE ${pattern} ESCAPE '\\')`);
  }
  if (opts.owner) where.push(ownerIs(opts.owner));
  if (opts.segment) where.push(sql`s.segment_id = ${opts.segment}`);
  if (opts.tiers) {
    const named = opts.tiers.filter((t) => t !== UNSCORED_TIER);
    const unscored = opts.tiers.includes(UNSCORED_TIER) ? sql` OR s.tier IS NULL` : sql``;
    where.push(
      sql`(coalesce(s.tier, '') IN (SELECT value FROM json_each(${JSON.stringify(named)}))${unscored})`,
    );
  }
  if (opts.stage) where.push(sql`${lifecycleStageSql(opts.today)} = ${opts.stage}`);
  const filter = where.length > 0 ? sql.join(where, sql` AND `) : sql`1`;
  const latest = sql`LEFT JOIN latest_snapshots s ON s.account_id = a.id`;
  const key = sortKeySql(sortKey, opts);
  // A lifecycle stage is told per account with a few contract seeks (~60 bound parameters: twice more passed
  // D1's 100): the matches are listed once (`matching`: id, name and sort key) for both the page and the total,
  // which would each tell it for every account (only a page by name could stop early on accounts_name_idx).
  // 100,000 accounts, stage=renewal sorted by ARR: 410 → 230 ms in node:sqlite; by name as before (~210 ms).
  const once = !!opts.stage;
  const walk = !once && (sortKey === 'score' || sortKey === 'change') && !page.after;
  const matches = sql`SELECT a.id AS id, a.name AS name, ${key} AS k FROM accounts a
    ${needsSnapshot ? latest : sql``} WHERE ${filter}`;
  const ordered = walk
    ? // By the key's index (the sort's right part, name and id, only among equal keys), then the accounts
      // without a value by name; the compound stops once the page is full. Orphan rows (an account deleted
      // without its snapshots) drop out at the join.
      sql`SELECT id, name, k FROM (
        SELECT * FROM (SELECT a.id, a.name, ${key} AS k
          FROM latest_snapshots s INDEXED BY ${sql.raw(walkIndex(sortKey, opts.changeDays))} CROSS JOIN accounts a ON a.id = s.account_id
          WHERE ${key} IS NOT NULL AND ${filter} ORDER BY ${key} ${direction}, a.name, a.id)
        UNION ALL
        SELECT * FROM (SELECT a.id, a.name, NULL FROM accounts a ${latest}
          WHERE ${key} IS NULL AND ${filter} ORDER BY a.name, a.id)
      ) LIMIT ${page.limit ?? -1} OFFSET ${page.offset}`
    : sql`SELECT id, name, k FROM ${once ? sql`matching` : sql`(${matches})`} m
      ${page.after ? sql`WHERE (name, id) > (${page.after[0]}, ${page.after[1]})` : sql``}
      ORDER BY k ${direction} NULLS LAST, name, id LIMIT ${page.limit ?? -1} OFFSET ${page.offset}`;
  // Without a filter on health the count needs no snapshot row. With one, the count's join runs in account id
  // order on both sides (the snapshot rows by key, `NOT INDEXED`; without a filter on the account's own columns,
  // the accounts by accounts_facts_idx, id first): SQLite would walk the smallest index, in owner or score order,
  // and seek the other table at random. 100,000 accounts, one tier: 105 → 16 ms in node:sqlite.
  const filtersHealth = !!opts.tiers || !!opts.segment;
  const byId = filtersHealth && !opts.q && !opts.owner && !opts.stage;
  const total = once
    ? sql`(SELECT count(*) FROM matching)`
    : sql`(SELECT count(*) FROM accounts a ${byId ? sql`INDEXED BY accounts_facts_idx` : sql``}
    ${filtersHealth ? sql`LEFT JOIN latest_snapshots s NOT INDEXED ON s.account_id = a.id` : sql``} WHERE ${filter})`;
  return sql`WITH ${once ? sql`matching AS MATERIALIZED (${matches}), ` : sql``}page AS MATERIALIZED (${ordered})
    SELECT ${total} AS total, a.id, a.external_id, a.name, a.plan, a.industry, a.employees, a.seats, a.arr_cents,
      a.currency, a.owner_email, ${renewalDateSql(opts.today)} AS renewal_date, a.last_seen_at,
      (SELECT count(*) FROM users u WHERE u.account_id = a.id) AS users,
      s.tier, s.score, ${latestChangeSql(opts.changeDays)} AS score_change, s.segment_id, g.name AS segment_name,
      ${lifecycleStageSql(opts.today)} AS lifecycle_stage
    FROM page JOIN accounts a ON a.id = page.id
    ${latest}
    LEFT JOIN segments g ON g.id = s.segment_id
    ORDER BY page.k ${direction} NULLS LAST, page.name, page.id`;
}

/** The index a sort by score or change walks (migration 0035). */
function walkIndex(sortKey: 'score' | 'change', changeDays: number): string {
  return sortKey === 'score' ? 'latest_snapshots_score_idx' : `latest_snapshots_change${changeDays}_idx`;
}

function toAccountRow(r: AccountSqlRow): AccountRow {
  return {
    externalId: r.external_id,
    name: r.name,
    plan: r.plan,
    industry: r.industry,
    employees: r.employees,
    seats: r.seats,
    arrCents: r.arr_cents,
    currency: r.currency,
    ownerEmail: r.owner_email,
    renewalDate: r.renewal_date,
    lastSeenAt: isoOrNull(r.last_seen_at),
    users: r.users,
    tier: r.tier,
    score: r.score,
    scoreChange: r.score_change,
    segmentId: r.segment_id,
    segmentName: r.segment_name,
    lifecycleStage: r.lifecycle_stage,
  };
}

/**
 * A page of accounts matching the filters, with their health, and how many match in all. The default
 * order (name) pages by keyset (`after`, and `nextCursor` back); other orders and `offset` page by offset.
 * One query (two when the page is past the end, to still count the matches).
 */
export async function listAccounts(
  db: Db,
  opts: AccountListOptions & { limit: number; offset?: number; after?: [string, number] | null },
): Promise<AccountListPage> {
  const offset = opts.offset ?? 0;
  const after = opts.after ?? null;
  const rows = await db.all<AccountSqlRow>(accountPageSql(opts, { limit: opts.limit + 1, offset, after }));
  const items = rows.slice(0, opts.limit);
  let total = rows[0]?.total ?? 0;
  if (rows.length === 0 && (offset > 0 || after)) {
    const counted = await db.all<AccountSqlRow>(accountPageSql(opts, { limit: 1, offset: 0, after: null }));
    total = counted[0]?.total ?? 0;
  }
  const last = items.at(-1);
  const keyset = opts.sort === undefined || opts.sort === 'name';
  return {
    items: items.map(toAccountRow),
    nextCursor: keyset && rows.length > opts.limit && last ? encodeAccountCursor(last.name, last.id) : null,
    total,
  };
}

/** Every account matching the filters, in the list's order (for the CSV export). */
export async function exportAccounts(db: Db, opts: AccountListOptions): Promise<AccountRow[]> {
  const rows = await db.all<AccountSqlRow>(accountPageSql(opts, { limit: null, offset: 0, after: null }));
  return rows.map(toAccountRow);
}

/**
 * One account with user counts and per-feature usage on days >= `sinceDay` (`YYYY-MM-DD`), or null. Its
 * contract start and renewal date are those of `today`: its contracts' when it has any, else its traits'.
 */
export async function getAccountDetail(db: Db, externalId: string, sinceDay: string, today: string) {
  const account = await db.query.accounts.findFirst({ where: eq(accounts.externalId, externalId) });
  if (!account) return null;
  const [userCounts, usage, distinctUsers, dates] = await db.batch([
    db
      .select({
        total: count(),
        activated: sql<number>`count(${users.activatedAt})`,
      })
      .from(users)
      .where(eq(users.accountId, account.id)),
    db
      .select({
        featureId: features.id,
        key: features.key,
        name: features.name,
        module: features.module,
        isCore: features.isCore,
        events: sql<number>`sum(${accountFeatureDays.events})`,
        activeMs: sql<number>`sum(${accountFeatureDays.activeMs})`,
      })
      .from(accountFeatureDays)
      .innerJoin(features, eq(features.id, accountFeatureDays.featureId))
      .where(and(eq(accountFeatureDays.accountId, account.id), gte(accountFeatureDays.day, sinceDay)))
      .groupBy(features.id)
      .orderBy(desc(sql`sum(${accountFeatureDays.events})`), asc(features.key)),
    // Distinct users over the whole window cannot be summed from daily counts: read the per-day user sets.
    db
      .select({
        featureId: featureDayUsers.featureId,
        users: sql<number>`count(DISTINCT ${featureDayUsers.userId})`,
      })
      .from(featureDayUsers)
      .where(and(eq(featureDayUsers.accountId, account.id), gte(featureDayUsers.day, sinceDay)))
      .groupBy(featureDayUsers.featureId),
    db
      .select({
        contractStartDate: sql<string | null>`${contractStartSql(today, 'accounts')}`,
        renewalDate: sql<string | null>`${renewalDateSql(today, 'accounts')}`,
      })
      .from(accounts)
      .where(eq(accounts.id, account.id)),
  ]);
  const usersByFeature = new Map(distinctUsers.map((r) => [r.featureId, r.users]));
  return {
    id: account.id,
    externalId: account.externalId,
    name: account.name,
    plan: account.plan,
    industry: account.industry,
    employees: account.employees,
    seats: account.seats,
    arrCents: account.arrCents,
    mrrCents: account.mrrCents,
    currency: account.currency,
    contractStartDate: dates[0]?.contractStartDate ?? null,
    renewalDate: dates[0]?.renewalDate ?? null,
    ownerEmail: account.ownerEmail,
    traits: parseTraits(account.traits),
    createdAt: new Date(account.createdAt).toISOString(),
    lastSeenAt: isoOrNull(account.lastSeenAt),
    users: { total: userCounts[0]?.total ?? 0, activated: userCounts[0]?.activated ?? 0 },
    usage: usage.map((u) => ({
      feature: u.key,
      name: u.name,
      module: u.module,
      isCore: u.isCore,
      events: u.events,
      users: usersByFeature.get(u.featureId) ?? 0,
      activeMinutes: Math.round(u.activeMs / 600) / 100,
    })),
  };
}

/** Stored traits, or {} when the stored JSON is corrupt (the account page must still open). */
function parseTraits(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

// A cell starting with one of these is a formula to a spreadsheet (papaparse's own pattern misses
// multi-line cells): it gets a leading apostrophe.
const FORMULA_START = /^[=+\-@\t\r]/;
/** The currency of an amount whose account named none (see `currency` in shared/contracts/accounts.ts). */
const DEFAULT_CURRENCY = 'USD';

/**
 * The matching accounts as RFC 4180 CSV (header row, CRLF, quoted where needed), formula-injection safe.
 * Numbers stay numbers, so a negative score change is not mistaken for a formula. ARR is stored in cents
 * (×100 whatever the currency) and exported in the currency's units beside the currency's code.
 * @example await exportAccountsCsv(db, { today: '2026-05-01', tiers: ['red'] }) // 'externalId,name,…\r\n…'
 */
export async function exportAccountsCsv(db: Db, opts: AccountListOptions): Promise<string> {
  const rows = await exportAccounts(db, opts);
  return Papa.unparse(
    {
      fields: [...ACCOUNT_EXPORT_COLUMNS],
      data: rows.map((r) => [
        r.externalId,
        r.name,
        r.tier,
        r.score,
        r.scoreChange,
        r.segmentName ?? r.segmentId,
        r.lifecycleStage,
        r.ownerEmail,
        r.plan,
        r.arrCents === null ? null : r.arrCents / 100,
        r.currency ?? (r.arrCents === null ? null : DEFAULT_CURRENCY),
        r.renewalDate,
        r.lastSeenAt,
        r.users,
        r.seats,
      ]),
    },
    { escapeFormulae: FORMULA_START, newline: '\r\n' },
  );
}
