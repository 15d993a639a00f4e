// Synthetic scoring data for `npm run bench:scoring`, defined once by formulas so that the D1 rows (made
// with SQL) and the Node inputs (made in JS) are the same data. Account i (1..N), day offset d (0 = asOfDay).

export const HISTORY_DAYS = 90;
export const WINDOW_DAYS = 30;
export const FEATURES = 10;

const DAY_MS = 86_400_000;
const dayOf = (asOfMs, d) => new Date(asOfMs - d * DAY_MS).toISOString().slice(0, 10);
const usersOf = (i) => 1 + (i % 6);
const seatsOf = (i) => 5 + (i % 20);
const activeDay = (i, d) => (i + d) % 3 !== 0;

/** SQL (SQLite) that fills accounts, users, features and 90 days of rollups for accounts 1..n. */
export function seedSql(n, asOfDay) {
  const asOf = `'${asOfDay}'`;
  const day = (d) => `date(${asOf}, '-' || ${d} || ' days')`;
  return `
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${n})
INSERT INTO accounts (id, external_id, name, plan, seats, arr_cents, traits, created_at)
SELECT i, 'bench-' || i, 'Bench ' || i, CASE i % 3 WHEN 0 THEN 'enterprise' WHEN 1 THEN 'pro' ELSE 'starter' END,
       5 + i % 20, 100000 * (1 + i % 50), '{}', 0 FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${n}),
               k(j) AS (SELECT 0 UNION ALL SELECT j + 1 FROM k WHERE j < 5)
INSERT INTO users (id, external_id, account_id, traits, created_at, activated_at)
SELECT i * 10 + j, 'bench-u-' || i || '-' || j, i, '{}', 0, CASE WHEN j < 1 + i % 6 - 1 OR i % 6 = 0 THEN 0 END
FROM n, k WHERE j < 1 + i % 6;
WITH RECURSIVE f(j) AS (SELECT 0 UNION ALL SELECT j + 1 FROM f WHERE j < ${FEATURES - 1})
INSERT INTO features (id, key, name, kind, module, is_core, first_seen_at)
SELECT j + 1, 'Feature ' || j, 'Feature ' || j, 'track', 'module-' || (j % 3), CASE WHEN j < 2 THEN 1 ELSE 0 END, 0 FROM f;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${n}),
               d(x) AS (SELECT 0 UNION ALL SELECT x + 1 FROM d WHERE x < ${HISTORY_DAYS - 1})
INSERT INTO account_days (account_id, day, events, active_users, active_ms, features_used)
SELECT i, ${day('x')}, 10 + (i * 7 + x) % 40, 1 + (i + x) % (1 + i % 6), 60000 * (5 + (i + x) % 30), 1 + (i + x) % 3
FROM n, d WHERE (i + x) % 3 != 0;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${n}),
               d(x) AS (SELECT 0 UNION ALL SELECT x + 1 FROM d WHERE x < ${WINDOW_DAYS - 1}),
               f(j) AS (SELECT 0 UNION ALL SELECT j + 1 FROM f WHERE j < 2)
INSERT INTO account_feature_days (account_id, feature_id, day, events, users, active_ms)
SELECT i, 1 + (i + j) % ${FEATURES}, ${day('x')}, 1 + (i + j + x) % 9, 1, 60000 * (1 + (i + j) % 10)
FROM n, d, f WHERE (i + x) % 3 != 0 AND (i + j + x) % 2 = 0;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${n}),
               d(x) AS (SELECT 0 UNION ALL SELECT x + 1 FROM d WHERE x < ${WINDOW_DAYS - 1}),
               k(j) AS (SELECT 0 UNION ALL SELECT j + 1 FROM k WHERE j < 2)
INSERT INTO user_days (account_id, day, user_id, events, active_ms)
SELECT i, ${day('x')}, i * 10 + j, 3, 60000 * (3 + (i + j + x) % 20)
FROM n, d, k WHERE (i + x) % 3 != 0 AND j < 1 + i % 6 AND (i + j + x) % 2 = 0;`;
}

/** The same account as the core's `AccountHealthInput` (see shared/health/input.ts). */
export function accountInput(i, asOfDay) {
  const asOfMs = Date.parse(`${asOfDay}T00:00:00Z`);
  const users = usersOf(i);
  const days = [];
  for (let d = 0; d < HISTORY_DAYS; d++) {
    if (!activeDay(i, d)) continue;
    days.push({
      day: dayOf(asOfMs, d),
      events: 10 + ((i * 7 + d) % 40),
      activeUsers: 1 + ((i + d) % users),
      activeMs: 60000 * (5 + ((i + d) % 30)),
      featuresUsed: 1 + ((i + d) % 3),
    });
  }
  const features = new Map();
  const userUsage = new Map();
  for (let d = 0; d < WINDOW_DAYS; d++) {
    if (!activeDay(i, d)) continue;
    for (let j = 0; j < 3; j++) {
      if ((i + j + d) % 2 !== 0) continue;
      const id = 1 + ((i + j) % FEATURES);
      const f = features.get(id) ?? {
        featureKey: `Feature ${id - 1}`,
        module: `module-${(id - 1) % 3}`,
        isCore: id - 1 < 2,
        kind: 'track',
        events: 0,
        users: 0,
        activeMs: 0,
        days: 0,
      };
      f.events += 1 + ((i + j + d) % 9);
      f.users = 1;
      f.activeMs += 60000 * (1 + ((i + j) % 10));
      f.days += 1;
      features.set(id, f);
      if (j < users) {
        const u = userUsage.get(j) ?? { userId: i * 10 + j, activeMs: 0, activeDays: 0 };
        u.activeMs += 60000 * (3 + ((i + j + d) % 20));
        u.activeDays += 1;
        userUsage.set(j, u);
      }
    }
  }
  const activated = users === 1 ? 1 : users - 1;
  return {
    account: {
      id: i,
      externalId: `bench-${i}`,
      name: `Bench ${i}`,
      plan: ['enterprise', 'pro', 'starter'][i % 3],
      industry: null,
      employees: null,
      seats: seatsOf(i),
      arrCents: 100000 * (1 + (i % 50)),
      mrrCents: null,
      currency: null,
      contractStartDate: null,
      renewalDate: null,
      ownerEmail: null,
      traits: {},
    },
    users: { total: users, activated },
    days,
    windows: { [WINDOW_DAYS]: { users: [...userUsage.values()], features: [...features.values()] } },
    csmRating: null,
    metrics: {},
  };
}

export const CATALOG = {
  featureCount: FEATURES,
  coreFeatureCount: 2,
  moduleFeatureCounts: { 'module-0': 4, 'module-1': 3, 'module-2': 3 },
};
