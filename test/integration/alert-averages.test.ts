import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import type { AlertRuleInput } from '../../shared/alerts';
import { periodOf } from '../../shared/alerts/periods';
import { addDays } from '../../shared/time';
import { admin, getHealth, measureOf, runScoring, seedAccount, today, uid } from './helpers';

interface AlertBody {
  ruleId: string;
  severity: string;
  title: string;
  playbook: string;
}

async function alertsOf(externalId: string) {
  const res = await admin(`/api/alerts?account=${encodeURIComponent(externalId)}`);
  expect(res.status).toBe(200);
  return (await res.json<{ items: AlertBody[] }>()).items;
}

/** A past snapshot with one measure's raw value and segment benchmark, as a scoring run stores it. */
async function seedMeasureSnapshot(
  accountId: number,
  period: string,
  key: string,
  raw: number,
  benchmark = 0.4,
) {
  await env.DB.prepare(
    `INSERT INTO score_snapshots (account_id, period, run_id, segment_id, model_version_id, score, tier, computed_score,
       computed_tier, overridden, coverage, insufficient_data, dimensions, measures, improvements, computed_at)
     VALUES (?, ?, 'seeded', 'default', 0, 70, 'green-yellow', 70, 'green-yellow', 0, 1, 0, '[]', ?, '[]', ?)`,
  )
    .bind(accountId, period, JSON.stringify([{ key, raw, benchmark }]), Date.parse(`${period}T02:00:00Z`))
    .run();
}

/** Stores (or replaces) a rule; returns a function that disables it again. */
async function putRule(rule: AlertRuleInput & { id: string }) {
  const { id, ...body } = rule;
  const res = await admin(`/api/alerts/rules/${id}`, { method: 'PUT', body });
  expect(res.status, await res.clone().text()).toBe(200);
  return async () => {
    await admin(`/api/alerts/rules/${id}`, { method: 'PUT', body: { ...body, enabled: false } });
  };
}

// The Monday of the run's week and of the two weeks before (the run's period is today).
const monday = () => periodOf(today(), 'week');

describe('look-back alert rules in a scoring run', () => {
  it('raises below_own_average when this week fell under 70 % of the weeks before', async () => {
    const id = uid('own-avg')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-');
    const off = await putRule({
      id,
      kind: 'below_own_average',
      name: 'Active seats under their own average',
      severity: 'warning',
      playbook: 'Ask what changed.',
      params: { measureKey: 'activeSeats', periods: 1, baselinePeriods: 2, periodLength: 'week', ratio: 0.7 },
    });
    try {
      // 100 seats, one active user: active seats 1 % today; 50 % in each of the two weeks before.
      const dropped = await seedAccount({ seats: 100, users: [600_000] });
      const steady = await seedAccount({ seats: 100, users: [600_000] });
      for (const week of [7, 14]) {
        await seedMeasureSnapshot(dropped.id, addDays(monday(), -week), 'activeSeats', 0.5);
        await seedMeasureSnapshot(steady.id, addDays(monday(), -week), 'activeSeats', 0.011);
      }
      await runScoring();
      expect(measureOf(await getHealth(dropped.externalId), 'activeSeats').raw).toBeCloseTo(0.01);
      const [a] = (await alertsOf(dropped.externalId)).filter((x) => x.ruleId === id);
      expect(a).toMatchObject({
        severity: 'warning',
        playbook: expect.stringContaining('Ask what changed.'),
      });
      expect(a?.title).toBe(
        'Active users ÷ purchased seats (30 days) below 70% of its own average for 1 week (1.0% vs 50.0%)',
      );
      expect((await alertsOf(steady.externalId)).filter((x) => x.ruleId === id)).toEqual([]);
    } finally {
      await off();
    }
  });

  it('raises above_average for a benchmark customer against the pooled platform rate, and stores that rate', async () => {
    const id = uid('benchmark')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-');
    const off = await putRule({
      id,
      kind: 'above_average',
      name: 'Benchmark customer',
      severity: 'info',
      playbook: 'Ask for a case study.',
      params: {
        measureKey: 'activeSeats',
        compareWith: 'platform-pooled',
        ratio: 1.5,
        periods: 2,
        periodLength: 'week',
      },
    });
    try {
      // 10 seats, 8 active today (80 %); last week 80 % too, while the pooled platform rate was 20 %.
      const star = await seedAccount({ seats: 10, users: Array(8).fill(600_000) });
      const lastWeek = addDays(monday(), -3);
      await seedMeasureSnapshot(star.id, lastWeek, 'activeSeats', 0.8);
      // Today's row stands for an earlier run of the day; this run compares with it, then replaces it.
      for (const day of [lastWeek, today()])
        await env.DB.prepare(
          `INSERT OR REPLACE INTO measure_daily_stats (period, measure_key, mean, pooled, count) VALUES (?, 'activeSeats', 0.9, 0.2, 50)`,
        )
          .bind(day)
          .run();
      await runScoring();
      const [a] = (await alertsOf(star.externalId)).filter((x) => x.ruleId === id);
      expect(a?.title).toBe(
        'Active users ÷ purchased seats (30 days) at 1.5× the pooled platform rate or more for 2 weeks (80.0% vs 20.0%)',
      );

      // The run stored today's platform statistics: the pooled rate is Σ active ÷ Σ seats, not the mean of rates.
      const { results } = await env.DB.prepare(
        `SELECT json_extract(m.value, '$.raw') AS raw, a.seats FROM score_snapshots s JOIN accounts a ON a.id = s.account_id,
           json_each(s.measures) m WHERE s.period = ? AND json_extract(m.value, '$.key') = 'activeSeats'
           AND json_extract(m.value, '$.raw') IS NOT NULL`,
      )
        .bind(today())
        .all<{ raw: number; seats: number | null }>();
      const withSeats = results.filter((r) => (r.seats ?? 0) > 0);
      const pooled =
        withSeats.reduce((s, r) => s + r.raw * r.seats!, 0) / withSeats.reduce((s, r) => s + r.seats!, 0);
      const mean = results.reduce((s, r) => s + r.raw, 0) / results.length;
      const stats = await env.DB.prepare(
        `SELECT mean, pooled, count FROM measure_daily_stats WHERE period = ? AND measure_key = 'activeSeats'`,
      )
        .bind(today())
        .first<{ mean: number; pooled: number; count: number }>();
      expect(stats?.count).toBe(results.length);
      expect(stats?.mean).toBeCloseTo(mean, 9);
      expect(stats?.pooled).toBeCloseTo(pooled, 9);
      expect(Math.abs(pooled - mean)).toBeGreaterThan(0.01);
    } finally {
      await off();
    }
  });
});
