import { sql } from 'drizzle-orm';
import type { AccountActivity } from '../../shared/contracts/accounts';
import { addDays } from '../../shared/time';
import type { Db } from '../common/db';
import { batchAll } from '../common/raw-sql';

const minutes = (ms: number) => Math.round(ms / 600) / 100;

/**
 * Usage of one account over the `days` days ending on `today` (`YYYY-MM-DD`), in one D1 batch: daily
 * rollups (every day, zeros where there was no use), seats and users, and per feature and module the
 * events, active minutes and distinct users. Distinct users over the window cannot be summed from daily
 * counts, so they come from feature_day_users (its primary key covers the query), which, unlike raw events,
 * is kept past RAW_RETENTION_DAYS.
 */
export async function accountActivity(
  db: Db,
  accountId: number,
  days: number,
  today: string,
): Promise<AccountActivity> {
  const from = addDays(today, -(days - 1));
  const [daily, accounts, users, features, featureUsers, moduleUsers] = await batchAll<
    [
      { day: string; events: number; active_users: number; active_ms: number },
      { seats: number | null },
      { total: number; activated: number },
      { id: number; key: string; name: string; module: string | null; events: number; active_ms: number },
      { feature_id: number; users: number },
      { module: string | null; users: number },
    ]
  >(db, [
    sql`SELECT day, events, active_users, active_ms FROM account_days
        WHERE account_id = ${accountId} AND day BETWEEN ${from} AND ${today}`,
    sql`SELECT seats FROM accounts WHERE id = ${accountId}`,
    sql`SELECT count(*) AS total, count(activated_at) AS activated FROM users WHERE account_id = ${accountId}`,
    sql`SELECT f.id, f.key, f.name, f.module, sum(d.events) AS events, sum(d.active_ms) AS active_ms
        FROM account_feature_days d JOIN features f ON f.id = d.feature_id
        WHERE d.account_id = ${accountId} AND d.day BETWEEN ${from} AND ${today}
        GROUP BY f.id ORDER BY events DESC, f.key`,
    sql`SELECT feature_id, count(DISTINCT user_id) AS users FROM feature_day_users
        WHERE account_id = ${accountId} AND day BETWEEN ${from} AND ${today}
        GROUP BY feature_id`,
    sql`SELECT f.module, count(DISTINCT u.user_id) AS users
        FROM feature_day_users u JOIN features f ON f.id = u.feature_id
        WHERE u.account_id = ${accountId} AND u.day BETWEEN ${from} AND ${today}
        GROUP BY f.module`,
  ]);
  const byDay = new Map(daily.map((d) => [d.day, d]));
  const series: AccountActivity['days'] = [];
  for (let day = from; day <= today; day = addDays(day, 1)) {
    const d = byDay.get(day);
    series.push({
      day,
      activeUsers: d?.active_users ?? 0,
      events: d?.events ?? 0,
      activeMinutes: minutes(d?.active_ms ?? 0),
    });
  }
  const usersOf = new Map(featureUsers.map((f) => [f.feature_id, f.users]));
  const modules = new Map<
    string | null,
    { module: string | null; events: number; users: number; activeMs: number }
  >();
  for (const f of features) {
    const m = modules.get(f.module) ?? { module: f.module, events: 0, users: 0, activeMs: 0 };
    m.events += f.events;
    m.activeMs += f.active_ms;
    modules.set(f.module, m);
  }
  for (const u of moduleUsers) {
    const m = modules.get(u.module);
    if (m) m.users = u.users;
  }
  return {
    days: series,
    seats: accounts[0]?.seats ?? null,
    users: { total: users[0]?.total ?? 0, activated: users[0]?.activated ?? 0 },
    modules: [...modules.values()]
      .sort((a, b) => b.events - a.events || String(a.module).localeCompare(String(b.module)))
      .map(({ activeMs, ...m }) => ({ ...m, activeMinutes: minutes(activeMs) })),
    features: features.map((f) => ({
      feature: f.key,
      name: f.name,
      module: f.module,
      events: f.events,
      users: usersOf.get(f.id) ?? 0,
      activeMinutes: minutes(f.active_ms),
    })),
  };
}
