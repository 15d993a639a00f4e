import { describe, expect, it } from 'vitest';
import { compileModel, DEFAULT_MODEL, type HealthModelInput } from '../../../shared/health';
import {
  formatHarnessReport,
  generatePortfolio,
  healthInputAt,
  indexPortfolio,
  portfolioCatalog,
  rocAuc,
  runPortfolioHarness,
} from '../../../shared/testing';
import { addDays } from '../../../shared/time';

const portfolio = generatePortfolio({ seed: 5, startDay: '2026-03-02', accountsPerArchetype: 3 });
const index = indexPortfolio(portfolio);

/** A model that only asks "did the last 7 days' user-days fall by more than half against the 7 before?". */
const WEEKLY_DROP: HealthModelInput = {
  measures: [
    {
      key: 'weeklyTrend',
      kind: 'trend',
      windowDays: 7,
      params: { of: 'dailyActiveUsers', minBaseline: 1 },
      normalisation: { kind: 'bands', bands: [{ bound: -0.5, points: 100 }], otherwisePoints: 0 },
      weight: 100,
    },
  ],
};

describe('healthInputAt builds what the scoring loader loads, from the rollups up to asOfDay', () => {
  const growing = portfolio.accounts.find((a) => a.archetype === 'growing')!;
  const asOfDay = addDays(portfolio.startDay, 40);
  const input = healthInputAt(index, growing.record.id, asOfDay, { historyDays: 60, windowDays: [7, 30] });
  const facts = portfolio.usage.filter((u) => u.accountId === growing.record.id && u.day <= asOfDay);

  it('keeps the account days of the history, none after asOfDay', () => {
    const days = new Set(facts.map((u) => u.day));
    expect(input.days.map((d) => d.day).sort()).toEqual([...days].sort());
  });

  it('sums each user over each window: active days and active time', () => {
    for (const w of [7, 30]) {
      const from = addDays(asOfDay, -(w - 1));
      const expected = new Map<number, { days: Set<string>; activeMs: number }>();
      for (const u of facts.filter((f) => f.day >= from)) {
        const e = expected.get(u.userId) ?? { days: new Set(), activeMs: 0 };
        e.days.add(u.day);
        e.activeMs += u.activeMs;
        expected.set(u.userId, e);
      }
      const users = input.windows[w]!.users;
      expect(users).toHaveLength(expected.size);
      for (const u of users) {
        expect(u.activeDays).toBe(expected.get(u.userId as number)!.days.size);
        expect(u.activeMs).toBe(expected.get(u.userId as number)!.activeMs);
      }
    }
  });

  it('sums each feature over the window, users being the busiest day’s distinct users', () => {
    const from = addDays(asOfDay, -29);
    const mine = facts.filter((f) => f.day >= from && f.featureId === 1);
    const feature = input.windows[30]!.features.find((f) => f.featureKey === 'Dashboard Viewed')!;
    expect(feature.events).toBe(mine.reduce((s, f) => s + f.events, 0));
    expect(feature.days).toBe(new Set(mine.map((f) => f.day)).size);
    const perDay = new Map<string, number>();
    for (const f of mine) perDay.set(f.day, (perDay.get(f.day) ?? 0) + 1);
    expect(feature.users).toBe(Math.max(...perDay.values()));
    expect(feature).toMatchObject({ module: 'dashboards', isCore: true, kind: 'track' });
  });

  it('counts only the users who had joined (total) and been active (activated) by asOfDay', () => {
    const users = portfolio.users.filter((u) => u.accountId === growing.record.id);
    expect(users.some((u) => u.joinDay > asOfDay)).toBe(true);
    expect(input.users).toEqual({
      total: users.filter((u) => u.joinDay <= asOfDay).length,
      activated: users.filter((u) => u.activatedDay !== null && u.activatedDay <= asOfDay).length,
    });
  });

  it('reads the catalog as the features table gives it', () => {
    expect(portfolioCatalog(portfolio.features)).toEqual({
      featureCount: 14,
      coreFeatureCount: 4,
      moduleFeatureCounts: {
        dashboards: 1,
        reports: 3,
        tasks: 3,
        collaboration: 2,
        integrations: 1,
        api: 1,
        automation: 2,
        admin: 1,
      },
    });
  });
});

describe('rocAuc', () => {
  it('is the chance a positive outscores a negative, ties counting half', () => {
    expect(rocAuc([80, 70], [60, 70])).toBe(0.875);
    expect(rocAuc([90, 80], [10, 20])).toBe(1);
    expect(rocAuc([10], [90])).toBe(0);
  });

  it('leaves out accounts without a score, and is null without both sides', () => {
    expect(rocAuc([80, null], [60])).toBe(1);
    expect(rocAuc([null], [60])).toBeNull();
  });
});

describe('runPortfolioHarness', () => {
  const result = runPortfolioHarness(portfolio, WEEKLY_DROP);

  it('scores every account on every day after the warm-up, through the compiled model', () => {
    expect(result.days[0]).toBe(addDays(portfolio.startDay, 28));
    expect(result.days.at(-1)).toBe(portfolio.endDay);
    const scorer = compileModel(WEEKLY_DROP);
    const last = result.days.length - 1;
    for (const trace of result.accounts) {
      expect(trace.scores).toHaveLength(result.days.length);
      const input = healthInputAt(index, trace.account.record.id, portfolio.endDay, scorer.requirements);
      const ctx = { asOfDay: portfolio.endDay, now: 0, catalog: portfolioCatalog(portfolio.features) };
      expect(trace.scores[last]).toBe(scorer.score(input, ctx).score);
    }
  });

  it('counts every account in one tier per archetype and day', () => {
    for (const a of result.archetypes) {
      expect(a.accounts).toBe(3);
      for (const day of a.dailyTiers) expect(Object.values(day).reduce((s, n) => s + n, 0)).toBe(3);
    }
  });

  it('measures the days from a change to the alarm: a week-over-week drop model flags abrupt and dormant accounts within a week', () => {
    for (const archetype of ['abrupt', 'dormant']) {
      const summary = result.archetypes.find((a) => a.archetype === archetype)!;
      expect(summary.daysToAlarm).toHaveLength(3);
      for (const days of summary.daysToAlarm) expect(days).not.toBeNull();
      for (const days of summary.daysToAlarm) expect(days).toBeLessThanOrEqual(7);
    }
    const steady = result.archetypes.find((a) => a.archetype === 'steady')!;
    expect(steady.daysToAlarm).toEqual([]);
    expect(steady.daysToRed).toEqual([]);
  });

  it('is deterministic, and prints a table per archetype with the AUC', () => {
    expect(runPortfolioHarness(portfolio, WEEKLY_DROP)).toEqual(result);
    const report = formatHarnessReport(runPortfolioHarness(portfolio, DEFAULT_MODEL));
    for (const archetype of ['steady', 'growing', 'declining', 'abrupt', 'seasonal', 'dormant'])
      expect(report).toMatch(new RegExp(`^${archetype}\\s`, 'm'));
    expect(report).toMatch(/AUC \(score vs renewal, \d{4}-\d{2}-\d{2}\): \d\.\d{3}/);
  });
});
