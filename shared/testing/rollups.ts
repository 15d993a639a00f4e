import type { AccountDay } from '../health/input';

/**
 * The usage fact the generator draws: one user's use of one feature on one day. Its `events` events are
 * one minute apart from `firstEventMs` (epoch ms, on `day`), and their durations add up to `activeMs`.
 * @example const u: UserFeatureDay = { accountId: 1, userId: 3, featureId: 2, day: '2026-01-05', events: 2, activeMs: 90_000, firstEventMs: Date.UTC(2026, 0, 5, 9) };
 */
export interface UserFeatureDay {
  accountId: number;
  userId: number;
  featureId: number;
  day: string;
  events: number;
  activeMs: number;
  firstEventMs: number;
}

/**
 * An `account_days` row.
 * @example const r: AccountDayRow = { accountId: 1, day: '2026-01-05', events: 40, activeUsers: 6, activeMs: 3_600_000, featuresUsed: 5 };
 */
export interface AccountDayRow extends AccountDay {
  accountId: number;
}

/**
 * An `account_feature_days` row (`users`: distinct users of the feature that day).
 * @example const r: AccountFeatureDayRow = { accountId: 1, featureId: 2, day: '2026-01-05', events: 7, users: 3, activeMs: 600_000 };
 */
export interface AccountFeatureDayRow {
  accountId: number;
  featureId: number;
  day: string;
  events: number;
  users: number;
  activeMs: number;
}

/**
 * A `user_days` row.
 * @example const r: UserDayRow = { accountId: 1, userId: 3, day: '2026-01-05', events: 4, activeMs: 300_000 };
 */
export interface UserDayRow {
  accountId: number;
  userId: number;
  day: string;
  events: number;
  activeMs: number;
}

/**
 * The three daily rollup tables the ingest consumer maintains and the scoring loader reads.
 * @example const r: PortfolioRollups = rollupUsage([]); // { accountDays: [], accountFeatureDays: [], userDays: [] }
 */
export interface PortfolioRollups {
  accountDays: AccountDayRow[];
  accountFeatureDays: AccountFeatureDayRow[];
  userDays: UserDayRow[];
}

/**
 * Rolls usage facts up exactly as `worker/ingest/store.ts` does from the events they stand for: `user_days`
 * sums a user's events and durations per day; `account_feature_days` per feature and day, with distinct
 * users; `account_days` per day, with distinct active users and distinct features used.
 * @example rollupUsage([{ accountId: 1, userId: 3, featureId: 2, day: '2026-01-05', events: 2, activeMs: 90_000, firstEventMs: 0 }]).accountDays[0]!.activeUsers // 1
 */
export function rollupUsage(usage: readonly UserFeatureDay[]): PortfolioRollups {
  const userDays = new Map<string, UserDayRow>();
  const featureDays = new Map<string, AccountFeatureDayRow & { userSet: Set<number> }>();
  const accountDays = new Map<string, AccountDayRow & { userSet: Set<number>; featureSet: Set<number> }>();
  for (const u of usage) {
    const ud = `${u.accountId}|${u.day}|${u.userId}`;
    const userDay = userDays.get(ud) ?? {
      accountId: u.accountId,
      userId: u.userId,
      day: u.day,
      events: 0,
      activeMs: 0,
    };
    userDay.events += u.events;
    userDay.activeMs += u.activeMs;
    userDays.set(ud, userDay);

    const fd = `${u.accountId}|${u.day}|${u.featureId}`;
    const featureDay = featureDays.get(fd) ?? {
      accountId: u.accountId,
      featureId: u.featureId,
      day: u.day,
      events: 0,
      users: 0,
      activeMs: 0,
      userSet: new Set<number>(),
    };
    featureDay.events += u.events;
    featureDay.activeMs += u.activeMs;
    featureDay.userSet.add(u.userId);
    featureDays.set(fd, featureDay);

    const ad = `${u.accountId}|${u.day}`;
    const accountDay = accountDays.get(ad) ?? {
      accountId: u.accountId,
      day: u.day,
      events: 0,
      activeUsers: 0,
      activeMs: 0,
      featuresUsed: 0,
      userSet: new Set<number>(),
      featureSet: new Set<number>(),
    };
    accountDay.events += u.events;
    accountDay.activeMs += u.activeMs;
    accountDay.userSet.add(u.userId);
    accountDay.featureSet.add(u.featureId);
    accountDays.set(ad, accountDay);
  }
  return {
    userDays: [...userDays.values()],
    accountFeatureDays: [...featureDays.values()].map(({ userSet, ...row }) => ({
      ...row,
      users: userSet.size,
    })),
    accountDays: [...accountDays.values()].map(({ userSet, featureSet, ...row }) => ({
      ...row,
      activeUsers: userSet.size,
      featuresUsed: featureSet.size,
    })),
  };
}
