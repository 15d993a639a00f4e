import type { AccountRecord } from '../health/input';
import { addDays } from '../time';
import { ARCHETYPES, type Archetype, archetypeLevel, PROFILES, weekdayFactor } from './archetypes';
import { FEATURES, type SyntheticFeature } from './features';
import { createRng, deriveSeed, type Rng } from './prng';
import { type PortfolioRollups, rollupUsage, type UserFeatureDay } from './rollups';

const DAY_MS = 86_400_000;

/**
 * What to generate. Everything is a function of these options: no clock, no global randomness.
 * @example const opts: PortfolioOptions = { seed: 12, startDay: '2026-01-05' };
 */
export interface PortfolioOptions {
  seed: number;
  /** First day of usage data (`YYYY-MM-DD`); the data begins here, nothing exists before it. */
  startDay: string;
  /** Days of usage, ≥ 84 (default 91: 13 weeks), so every change day falls after a 4-week warm-up. */
  days?: number;
  /** Accounts per archetype (default 8), one number for all or per archetype (0 leaves one out). */
  accountsPerArchetype?: number | Partial<Record<Archetype, number>>;
  /** Prefix of every external id (accounts, users, messageIds), default `syn<seed>`. */
  idPrefix?: string;
}

/**
 * One generated account with its ground truth.
 * - `outcome`: what happens at `record.renewalDate` (after the data ends): steady, growing and seasonal
 *   accounts renew; slowly declining, abruptly dropping and dormant ones churn.
 * - `changeDay`: abrupt: the first day of the drop; dormant: the first day of dormancy; otherwise null.
 * - `holiday`: seasonal: the holiday dip (inclusive days), which must not raise alarms; otherwise null.
 * @example portfolio.accounts.filter((a) => a.archetype === 'abrupt').every((a) => a.changeDay !== null) // true
 */
export interface SyntheticAccount {
  record: AccountRecord;
  archetype: Archetype;
  outcome: 'churn' | 'renew';
  changeDay: string | null;
  holiday: { startDay: string; endDay: string } | null;
}

/**
 * A user as the `users` table holds it: `joinDay` is when the user was invited (first identify/group),
 * `activatedDay` the day of their first usage event (null: never active).
 * @example const u: SyntheticUser = { id: 1, externalId: 'syn12-steady-01-u01', accountId: 1, name: 'User 1', email: 'u01@steady-01.example', joinDay: '2026-01-05', activatedDay: '2026-01-06' };
 */
export interface SyntheticUser {
  id: number;
  externalId: string;
  accountId: number;
  name: string;
  email: string;
  joinDay: string;
  activatedDay: string | null;
}

/**
 * A generated portfolio: the catalog, accounts with ground truth, users, the usage facts (one row per user,
 * day and feature used) and the daily rollups the ingest consumer would have written from them.
 * @example const p = generatePortfolio({ seed: 12, startDay: '2026-01-05' }); p.rollups.accountDays.length > 0 // true
 */
export interface SyntheticPortfolio {
  seed: number;
  idPrefix: string;
  startDay: string;
  /** Last day with data (inclusive). */
  endDay: string;
  days: number;
  features: readonly SyntheticFeature[];
  accounts: SyntheticAccount[];
  users: SyntheticUser[];
  usage: UserFeatureDay[];
  rollups: PortfolioRollups;
}

/**
 * Generates a portfolio by archetype (see README.md): steady, growing, slowly declining, abruptly dropping,
 * seasonal (weekly rhythm and a holiday dip) and dormant accounts. Deterministic: the same options give the
 * same portfolio, and each account draws from its own seeded stream.
 * @example generatePortfolio({ seed: 12, startDay: '2026-01-05', accountsPerArchetype: 2 }).accounts.length // 12
 */
export function generatePortfolio(opts: PortfolioOptions): SyntheticPortfolio {
  const days = opts.days ?? 91;
  if (!Number.isInteger(days) || days < 84) throw new RangeError(`days must be an integer ≥ 84, got ${days}`);
  if (Number.isNaN(Date.parse(`${opts.startDay}T00:00:00Z`)))
    throw new RangeError(`startDay must be YYYY-MM-DD, got ${opts.startDay}`);
  const idPrefix = opts.idPrefix ?? `syn${opts.seed}`;
  const endDay = addDays(opts.startDay, days - 1);
  const accounts: SyntheticAccount[] = [];
  const users: SyntheticUser[] = [];
  const usage: UserFeatureDay[] = [];
  for (const archetype of ARCHETYPES) {
    const n = countFor(opts.accountsPerArchetype, archetype);
    for (let i = 1; i <= n; i++) {
      const externalId = `${idPrefix}-${archetype}-${String(i).padStart(2, '0')}`;
      const rng = createRng(deriveSeed(opts.seed, externalId));
      const account = makeAccount(rng, accounts.length + 1, externalId, archetype, opts.startDay, days);
      accounts.push(account);
      simulate(rng, account, opts.startDay, days, users, usage);
    }
  }
  return {
    seed: opts.seed,
    idPrefix,
    startDay: opts.startDay,
    endDay,
    days,
    features: FEATURES,
    accounts,
    users,
    usage,
    rollups: rollupUsage(usage),
  };
}

function countFor(spec: PortfolioOptions['accountsPerArchetype'], archetype: Archetype): number {
  const n = typeof spec === 'number' ? spec : (spec?.[archetype] ?? 8);
  if (!Number.isInteger(n) || n < 0 || n > 999) throw new RangeError(`accounts per archetype: ${n}`);
  return n;
}

const COMPANY = ['Northwind', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Vandelay', 'Stark', 'Wayne', 'Acme'];
const SUFFIX = ['Labs', 'Group', 'Systems', 'Logistics', 'Health', 'Retail', 'Media', 'Foods'];

function makeAccount(
  rng: Rng,
  id: number,
  externalId: string,
  archetype: Archetype,
  startDay: string,
  days: number,
): SyntheticAccount {
  const profile = PROFILES[archetype];
  const seats = rng.int(10, 40);
  const outcome = profile.churns ? 'churn' : 'renew';
  const renewalDate = addDays(startDay, days - 1 + rng.int(14, 120));
  const changeIndex = profile.changeWindow ? rng.int(...profile.changeWindow(days)) : null;
  const holidayIndex = archetype === 'seasonal' ? days - 35 : null;
  const traits = { synthetic: true, archetype, expectedOutcome: outcome };
  return {
    record: {
      id,
      externalId,
      name: `${rng.pick(COMPANY)} ${rng.pick(SUFFIX)} ${String(id).padStart(2, '0')}`,
      plan: seats >= 30 ? 'enterprise' : seats >= 18 ? 'pro' : 'starter',
      industry: null,
      employees: seats * rng.int(3, 12),
      seats,
      arrCents: seats * rng.int(300, 900) * 100,
      mrrCents: null,
      currency: 'USD',
      contractStartDate: addDays(renewalDate, -365),
      renewalDate,
      ownerEmail: `csm${rng.int(1, 3)}@example.com`,
      traits,
    },
    archetype,
    outcome,
    changeDay: changeIndex === null ? null : addDays(startDay, changeIndex),
    holiday:
      holidayIndex === null
        ? null
        : { startDay: addDays(startDay, holidayIndex), endDay: addDays(startDay, holidayIndex + 8) },
  };
}

/** Draws the account's users and their daily usage, appending to `users` and `usage`. */
function simulate(
  rng: Rng,
  account: SyntheticAccount,
  startDay: string,
  days: number,
  users: SyntheticUser[],
  usage: UserFeatureDay[],
): void {
  const profile = PROFILES[account.archetype];
  const accountId = account.record.id;
  const seats = account.record.seats ?? 0;
  const userCount = Math.max(2, Math.round(seats * rng.range(...profile.adoption)));
  const engagement = rng.range(...profile.engagement);
  const startMs = Date.parse(`${startDay}T00:00:00Z`);
  const changeIndex = account.changeDay === null ? null : dayIndex(startDay, account.changeDay);
  const holiday = account.holiday
    ? [dayIndex(startDay, account.holiday.startDay), dayIndex(startDay, account.holiday.endDay)]
    : null;
  for (let u = 1; u <= userCount; u++) {
    const joinIndex = profile.growsUsers && u > userCount * 0.4 ? rng.int(1, Math.floor(days * 0.7)) : 0;
    // The first user set the account up: every account has at least one user who was active.
    const neverActive = u > 1 && rng.chance(profile.neverActiveRate);
    const propensity = engagement * rng.range(...profile.propensity);
    const intensity = rng.int(2, 6);
    const menu = FEATURES.map((f) =>
      (f.isCore ? rng.chance(0.8) : rng.chance(0.3)) ? f.popularity * rng.range(0.5, 1.5) : 0,
    );
    if (!menu.some((w) => w > 0)) menu[0] = 1;
    const user: SyntheticUser = {
      id: users.length + 1,
      externalId: `${account.record.externalId}-u${String(u).padStart(2, '0')}`,
      accountId,
      name: `User ${u} of ${account.record.name}`,
      email: `u${String(u).padStart(2, '0')}@${account.record.externalId}.example`,
      joinDay: addDays(startDay, joinIndex),
      activatedDay: null,
    };
    users.push(user);
    if (neverActive) continue;
    for (let t = joinIndex; t < days; t++) {
      const dayMs = startMs + t * DAY_MS;
      const level = archetypeLevel(account.archetype, t, days, changeIndex, holiday);
      const p = propensity * level * weekdayFactor(account.archetype, new Date(dayMs).getUTCDay());
      if (!rng.chance(Math.min(1, p))) continue;
      const day = addDays(startDay, t);
      user.activatedDay ??= day;
      const byFeature = new Map<number, { events: number; activeMs: number }>();
      const events = rng.int(1, intensity);
      for (let e = 0; e < events; e++) {
        const f = rng.weighted(menu);
        const cell = byFeature.get(f) ?? { events: 0, activeMs: 0 };
        cell.events++;
        cell.activeMs += rng.int(20, 240) * 1000;
        byFeature.set(f, cell);
      }
      // A working-hours session start; events follow a minute apart, so all stay on this UTC day.
      const sessionStartMs = dayMs + rng.int(7 * 60, 17 * 60) * 60_000;
      let firstEventMs = sessionStartMs;
      for (const [f, cell] of [...byFeature].sort((a, b) => a[0] - b[0])) {
        usage.push({ accountId, userId: user.id, featureId: FEATURES[f]!.id, day, ...cell, firstEventMs });
        firstEventMs += cell.events * 60_000;
      }
    }
  }
}

function dayIndex(startDay: string, day: string): number {
  return Math.round((Date.parse(`${day}T00:00:00Z`) - Date.parse(`${startDay}T00:00:00Z`)) / DAY_MS);
}
