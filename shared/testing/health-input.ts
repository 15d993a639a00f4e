import type { AccountHealthInput, FeatureCatalog, FeatureUsage, UserUsage } from '../health/input';
import type { ScoringRequirements } from '../health/score';
import { addDays } from '../time';
import type { SyntheticFeature } from './features';
import type { AccountDayRow, AccountFeatureDayRow, UserDayRow } from './rollups';
import type { SyntheticAccount, SyntheticPortfolio, SyntheticUser } from './synthetic-portfolio';

interface AccountRows {
  account: SyntheticAccount;
  users: SyntheticUser[];
  days: AccountDayRow[];
  featureDays: AccountFeatureDayRow[];
  userDays: UserDayRow[];
}

/**
 * A portfolio's rollups grouped by account, built once so each day's inputs are cheap to cut.
 * @example const index = indexPortfolio(portfolio); index.accounts.size === portfolio.accounts.length // true
 */
export interface PortfolioIndex {
  accounts: Map<number, AccountRows>;
  features: Map<number, SyntheticFeature>;
}

/**
 * Groups a portfolio's users and rollup rows by account.
 * @example healthInputAt(indexPortfolio(portfolio), 1, portfolio.endDay, { historyDays: 60, windowDays: [30] })
 */
export function indexPortfolio(portfolio: SyntheticPortfolio): PortfolioIndex {
  const accounts = new Map<number, AccountRows>();
  for (const account of portfolio.accounts)
    accounts.set(account.record.id, { account, users: [], days: [], featureDays: [], userDays: [] });
  const rows = (id: number) => {
    const r = accounts.get(id);
    if (!r) throw new Error(`row of unknown account ${id}`);
    return r;
  };
  for (const u of portfolio.users) rows(u.accountId).users.push(u);
  for (const d of portfolio.rollups.accountDays) rows(d.accountId).days.push(d);
  for (const f of portfolio.rollups.accountFeatureDays) rows(f.accountId).featureDays.push(f);
  for (const u of portfolio.rollups.userDays) rows(u.accountId).userDays.push(u);
  return { accounts, features: new Map(portfolio.features.map((f) => [f.id, f])) };
}

/**
 * The feature catalog counts the scorer divides by, as `loadCatalog` reads them from the `features` table.
 * @example portfolioCatalog(portfolio.features) // { featureCount: 14, coreFeatureCount: 4, moduleFeatureCounts: { reports: 3, … } }
 */
export function portfolioCatalog(features: readonly SyntheticFeature[]): FeatureCatalog {
  const moduleFeatureCounts: Record<string, number> = {};
  for (const f of features) moduleFeatureCounts[f.module] = (moduleFeatureCounts[f.module] ?? 0) + 1;
  return {
    featureCount: features.length,
    coreFeatureCount: features.filter((f) => f.isCore).length,
    moduleFeatureCounts,
  };
}

/**
 * One account's scoring input as of `asOfDay`, aggregated from the rollups the way
 * `worker/scoring/load-store.ts` aggregates them in SQL: `days` = `account_days` rows of the `historyDays`
 * days ending on `asOfDay`; per window of `windowDays`, features summed per feature (events, active time,
 * days used; users = the busiest day's distinct users) and users summed per user (active time, active days).
 * One deliberate difference: users count only if they joined (`total`) or were first active (`activated`)
 * by `asOfDay`; the loader counts every user it has today, which looks ahead when scoring a past day.
 * @example healthInputAt(index, 1, '2026-03-31', compileModel(DEFAULT_MODEL).requirements).windows[30]!.users.length
 */
export function healthInputAt(
  index: PortfolioIndex,
  accountId: number,
  asOfDay: string,
  requirements: Pick<ScoringRequirements, 'historyDays' | 'windowDays'>,
): AccountHealthInput {
  const rows = index.accounts.get(accountId);
  if (!rows) throw new Error(`unknown account ${accountId}`);
  const firstDay = addDays(asOfDay, -(Math.max(1, requirements.historyDays) - 1));
  const days = rows.days
    .filter((d) => d.day >= firstDay && d.day <= asOfDay)
    .map(({ accountId: _, ...day }) => day);
  const windows: Record<number, { users: UserUsage[]; features: FeatureUsage[] }> = {};
  for (const w of requirements.windowDays) {
    const from = addDays(asOfDay, -(w - 1));
    windows[w] = {
      features: windowFeatures(index, rows.featureDays, from, asOfDay),
      users: windowUsers(rows.userDays, from, asOfDay),
    };
  }
  let total = 0;
  let activated = 0;
  for (const u of rows.users) {
    if (u.joinDay <= asOfDay) total++;
    if (u.activatedDay !== null && u.activatedDay <= asOfDay) activated++;
  }
  return {
    account: rows.account.record,
    users: { total, activated },
    days,
    windows,
    csmRating: null,
    metrics: {},
  };
}

function windowFeatures(
  index: PortfolioIndex,
  rows: readonly AccountFeatureDayRow[],
  from: string,
  to: string,
): FeatureUsage[] {
  const out = new Map<number, FeatureUsage>();
  for (const r of rows) {
    if (r.day < from || r.day > to) continue;
    let f = out.get(r.featureId);
    if (!f) {
      const catalog = index.features.get(r.featureId);
      if (!catalog) throw new Error(`unknown feature ${r.featureId}`);
      f = {
        featureKey: catalog.key,
        module: catalog.module,
        isCore: catalog.isCore,
        kind: catalog.kind,
        events: 0,
        users: 0,
        activeMs: 0,
        days: 0,
      };
      out.set(r.featureId, f);
    }
    f.events += r.events;
    f.users = Math.max(f.users, r.users);
    f.activeMs += r.activeMs;
    f.days++;
  }
  return [...out.values()];
}

function windowUsers(rows: readonly UserDayRow[], from: string, to: string): UserUsage[] {
  const out = new Map<number, { userId: number; activeMs: number; activeDays: number }>();
  for (const r of rows) {
    if (r.day < from || r.day > to) continue;
    const u = out.get(r.userId) ?? { userId: r.userId, activeMs: 0, activeDays: 0 };
    u.activeMs += r.activeMs;
    u.activeDays++;
    out.set(r.userId, u);
  }
  return [...out.values()];
}
