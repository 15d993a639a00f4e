import { and, asc, count, desc, eq, gt, gte, isNotNull, or, sql } from 'drizzle-orm';
import { accountFeatureDays, accounts, events, features, users } from '../../drizzle/schema';
import type { AccountListItem } from '../../shared/contracts/admin';
import { isoOrNull } from '../../shared/time';
import type { Db } from './client';

/** Opaque keyset cursor over (name, id). */
export function encodeCursor(name: string, id: number): string {
  return btoa(JSON.stringify([name, id]))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

export function decodeCursor(cursor: string): [string, number] | null {
  try {
    const value: unknown = JSON.parse(atob(cursor.replace(/-/g, '+').replace(/_/g, '/')));
    if (Array.isArray(value) && typeof value[0] === 'string' && Number.isInteger(value[1])) {
      return [value[0], value[1] as number];
    }
  } catch {}
  return null;
}

const escapeLike = (q: string) => q.replace(/[\\%_]/g, (ch) => `\\${ch}`);

/** Accounts ordered by name, keyset-paginated; `q` matches name or external id (case-insensitive). */
export async function listAccounts(
  db: Db,
  opts: { q?: string; limit: number; after?: [string, number] | null },
): Promise<{ items: AccountListItem[]; nextCursor: string | null }> {
  const pattern = opts.q ? `%${escapeLike(opts.q)}%` : null;
  const rows = await db
    .select({
      id: accounts.id,
      externalId: accounts.externalId,
      name: accounts.name,
      plan: accounts.plan,
      industry: accounts.industry,
      employees: accounts.employees,
      seats: accounts.seats,
      arrCents: accounts.arrCents,
      currency: accounts.currency,
      ownerEmail: accounts.ownerEmail,
      renewalDate: accounts.renewalDate,
      lastSeenAt: accounts.lastSeenAt,
      users: sql<number>`(SELECT count(*) FROM users u WHERE u.account_id = accounts.id)`,
    })
    .from(accounts)
    .where(
      and(
        pattern
          ? or(
              sql`${accounts.name} LIKE ${pattern} ESCAPE '\\'`,
              sql`${accounts.externalId} LIKE ${pattern} ESCAPE '\\'`,
            )
          : undefined,
        opts.after
          ? or(
              gt(accounts.name, opts.after[0]),
              and(eq(accounts.name, opts.after[0]), gt(accounts.id, opts.after[1])),
            )
          : undefined,
      ),
    )
    .orderBy(asc(accounts.name), asc(accounts.id))
    .limit(opts.limit + 1);
  const page = rows.slice(0, opts.limit);
  const last = page.at(-1);
  return {
    items: page.map(({ id: _id, lastSeenAt, ...r }) => ({ ...r, lastSeenAt: isoOrNull(lastSeenAt) })),
    nextCursor: rows.length > opts.limit && last ? encodeCursor(last.name, last.id) : null,
  };
}

/** One account with user counts and per-feature usage on days >= `sinceDay` (`YYYY-MM-DD`), or null. */
export async function getAccountDetail(db: Db, externalId: string, sinceDay: string) {
  const account = await db.query.accounts.findFirst({ where: eq(accounts.externalId, externalId) });
  if (!account) return null;
  const [userCounts, usage, distinctUsers] = await db.batch([
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
    // Distinct users over the whole window cannot be summed from daily counts: read the raw events.
    db
      .select({ featureId: events.featureId, users: sql<number>`count(DISTINCT ${events.userId})` })
      .from(events)
      .where(and(eq(events.accountId, account.id), gte(events.day, sinceDay), isNotNull(events.featureId)))
      .groupBy(events.featureId),
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
    contractStartDate: account.contractStartDate,
    renewalDate: account.renewalDate,
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
