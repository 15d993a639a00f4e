import { describe, expect, it } from 'vitest';
import {
  type AlertHistoryEntry,
  type AlertMeasure,
  type AlertRule,
  alertHistoryNeeds,
  alertRuleSchema,
  DEFAULT_ALERT_RULES,
  type PlatformMeasureStats,
} from '../../../shared/alerts';
import { addDays } from '../../../shared/time';
import { AS_OF, ctx, current, fire, input, rule } from './fixtures';

// AS_OF is Thursday 2026-04-30: its week started on Monday 2026-04-27, its month on 2026-04-01.

/** Daily login-rate values from `from` to `to` (inclusive), each `value(day)` with the segment average `benchmark(day)`. */
function days(
  from: string,
  to: string,
  value: (day: string) => number | null,
  benchmark: (day: string) => number | null = () => 0.5,
): { day: string; raw: number | null; benchmark: number | null }[] {
  const out: { day: string; raw: number | null; benchmark: number | null }[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push({ day: d, raw: value(d), benchmark: benchmark(d) });
  return out;
}

/** Runs one rule on an account whose login rate on each day is given (the last day is the current snapshot). */
function run(
  r: AlertRule,
  series: { day: string; raw: number | null; benchmark: number | null }[],
  platform?: PlatformMeasureStats,
) {
  const today = series.find((d) => d.day === AS_OF) ?? { day: AS_OF, raw: null, benchmark: null };
  const m: AlertMeasure = {
    key: 'loginRate',
    label: 'Login rate',
    unit: 'rate',
    raw: today.raw,
    points: 40,
    benchmark: today.benchmark,
  };
  const history: AlertHistoryEntry[] = series
    .filter((d) => d.day < AS_OF)
    .map((d) => ({
      period: d.day,
      score: 70,
      measures: { loginRate: { raw: d.raw, benchmark: d.benchmark } },
    }));
  return fire(
    r,
    input({ current: { ...current(70, 'green-yellow'), measures: [m] }, history }),
    ctx({ periodDays: 1, ...(platform ? { platform } : {}) }),
  );
}

/** The same platform statistics of loginRate on every day from `from` to AS_OF. */
function platformOf(from: string, mean: number, pooled: number): PlatformMeasureStats {
  return Object.fromEntries(days(from, AS_OF, () => 0).map((d) => [d.day, { loginRate: { mean, pooled } }]));
}

describe('below_segment_average over weeks and months', () => {
  const threeWeeks = rule('below_segment_average', {
    measureKey: 'loginRate',
    periods: 3,
    periodLength: 'week',
  });

  it('counts a week as below by its mean, so one day above the average does not reset it', () => {
    // Three weeks from Monday 13 April; each week has one day at 70 % but a mean under 50 %.
    const series = days('2026-04-13', AS_OF, (d) =>
      d === '2026-04-15' || d === '2026-04-21' || d === '2026-04-28' ? 0.7 : 0.3,
    );
    const [a] = run(threeWeeks, series);
    expect(a?.title).toBe('Login rate below the segment average for 3 weeks (40.0% vs 50.0%)');
    expect(a?.detail).toBe(
      'Login rate has been below the segment average in each of the last 3 weeks: week of 2026-04-27 40.0% vs 50.0%; week of 2026-04-20 35.7% vs 50.0%; week of 2026-04-13 35.7% vs 50.0%. Each week compares the means of the days scored in it.',
    );
    // Counted in days, the same history is not 3 runs below in a row (28 April was above).
    expect(run(rule('below_segment_average', { measureKey: 'loginRate', periods: 3 }), series)).toEqual([]);
  });

  it('puts Sunday in the week before and Monday in the new week', () => {
    // Below every day except Sunday 26 April, far above: it lifts the week of 20 April, not the current one.
    const series = days('2026-04-13', AS_OF, (d) => (d === '2026-04-26' ? 4 : 0.3));
    expect(run(threeWeeks, series)).toEqual([]);
    const moved = days('2026-04-13', AS_OF, (d) => (d === '2026-04-27' ? 0.65 : 0.3));
    expect(run(threeWeeks, moved)).toHaveLength(1);
  });

  it('is broken by one week at or above the average, or by a week without data', () => {
    const aboveInTheMiddle = days('2026-04-13', AS_OF, (d) =>
      d >= '2026-04-20' && d <= '2026-04-26' ? 0.6 : 0.3,
    );
    expect(run(threeWeeks, aboveInTheMiddle)).toEqual([]);
    const gap = days('2026-04-13', AS_OF, (d) => (d >= '2026-04-20' && d <= '2026-04-26' ? null : 0.3));
    expect(run(threeWeeks, gap)).toEqual([]);
    // Fewer weeks of data than asked.
    expect(
      run(
        threeWeeks,
        days('2026-04-20', AS_OF, () => 0.3),
      ),
    ).toEqual([]);
  });

  it('counts calendar months, 31 March in March and 1 April in April', () => {
    const threeMonths = rule('below_segment_average', {
      measureKey: 'loginRate',
      periods: 3,
      periodLength: 'month',
    });
    const series = days('2026-02-01', AS_OF, () => 0.3);
    const [a] = run(threeMonths, series);
    expect(a?.title).toBe('Login rate below the segment average for 3 months (30.0% vs 50.0%)');
    expect(a?.detail).toContain('2026-04 30.0% vs 50.0%; 2026-03 30.0% vs 50.0%; 2026-02 30.0% vs 50.0%');
    // March lifted to its average by one very high last day: broken. The same day in April only lowers nothing.
    const lastOfMarch = days('2026-02-01', AS_OF, (d) => (d === '2026-03-31' ? 7 : 0.3));
    expect(run(threeMonths, lastOfMarch)).toEqual([]);
    const firstOfApril = days('2026-02-01', AS_OF, (d) => (d === '2026-04-01' ? 1 : 0.3));
    expect(run(threeMonths, firstOfApril)).toHaveLength(1);
  });

  it('compares with the pooled platform rate, which can differ from the mean of the accounts’ rates', () => {
    // Platform of two accounts: 1 of 10 seats engaged (10 %) and 60 of 100 (60 %): the mean of the rates is
    // 35 %, the pooled rate 61 ÷ 110 = 55.5 %. An account at 40 % is above the one and below the other.
    const pooled = 61 / 110;
    const platform = platformOf('2026-02-01', 0.35, pooled);
    const series = days(
      '2026-02-01',
      AS_OF,
      () => 0.4,
      () => null,
    );
    const vs = (compareWith: string) =>
      run(
        rule('below_segment_average', {
          measureKey: 'loginRate',
          periods: 3,
          periodLength: 'month',
          compareWith,
        }),
        series,
        platform,
      );
    expect(vs('platform')).toEqual([]);
    const [a] = vs('platform-pooled');
    expect(a?.title).toBe('Login rate below the pooled platform rate for 3 months (40.0% vs 55.5%)');
    expect(a?.detail).toContain('total paid seats');
    // Without platform statistics a platform comparison cannot hold.
    expect(
      run(
        rule('below_segment_average', { measureKey: 'loginRate', periods: 1, compareWith: 'platform' }),
        series,
      ),
    ).toEqual([]);
  });

  it("takes the latest earlier day's platform statistics for a day that has none yet (today's run)", () => {
    const platform = { [addDays(AS_OF, -1)]: { loginRate: { mean: 0.5, pooled: 0.5 } } };
    const r = rule('below_segment_average', { measureKey: 'loginRate', periods: 1, compareWith: 'platform' });
    expect(
      run(
        r,
        days(AS_OF, AS_OF, () => 0.3),
        platform,
      )[0]?.title,
    ).toBe('Login rate below the platform average for 1 period (30.0% vs 50.0%)');
  });
});

describe('above_average (benchmark customer)', () => {
  const benchmark = rule('above_average', { measureKey: 'loginRate', compareWith: 'segment' });

  it('fires after 3 months at 1.5× the segment average or more (the defaults)', () => {
    expect(benchmark.params).toMatchObject({ by: 'ratio', ratio: 1.5, periods: 3, periodLength: 'month' });
    const [a] = run(
      benchmark,
      days('2026-02-01', AS_OF, () => 0.8),
    );
    expect(a?.title).toBe('Login rate at 1.5× the segment average or more for 3 months (80.0% vs 50.0%)');
    expect(a?.detail).toContain('A candidate benchmark customer');
  });

  it('is broken by one month under the line, and needs K months of data', () => {
    expect(
      run(
        benchmark,
        days('2026-02-01', AS_OF, (d) => (d.startsWith('2026-03') ? 0.7 : 0.8)),
      ),
    ).toEqual([]);
    expect(
      run(
        benchmark,
        days('2026-03-01', AS_OF, () => 0.8),
      ),
    ).toEqual([]);
  });

  it('compares by a difference in the measure’s unit', () => {
    const tenPoints = rule('above_average', {
      measureKey: 'loginRate',
      by: 'difference',
      difference: 0.1,
      periods: 2,
      periodLength: 'week',
    });
    expect(
      run(
        tenPoints,
        days('2026-04-20', AS_OF, () => 0.6),
      )[0]?.title,
    ).toBe('Login rate at 10.0% or more above the segment average for 2 weeks (60.0% vs 50.0%)');
    expect(
      run(
        tenPoints,
        days('2026-04-20', AS_OF, () => 0.59),
      ),
    ).toEqual([]);
  });

  it('compares with the platform average or the pooled rate', () => {
    const platform = platformOf('2026-02-01', 0.3, 0.5);
    const series = days(
      '2026-02-01',
      AS_OF,
      () => 0.6,
      () => null,
    );
    const vs = (compareWith: string) =>
      run(rule('above_average', { measureKey: 'loginRate', compareWith }), series, platform);
    expect(vs('platform')).toHaveLength(1);
    expect(vs('platform-pooled')).toEqual([]);
  });

  it('does not fire on a ratio to an average of 0', () => {
    expect(
      run(
        benchmark,
        days(
          '2026-02-01',
          AS_OF,
          () => 0.1,
          () => 0,
        ),
      ),
    ).toEqual([]);
  });
});

describe('below_own_average', () => {
  const dropped = rule('below_own_average', { measureKey: 'loginRate' });

  it('fires when the last 2 weeks are under 70 % of the 4 weeks before (the defaults)', () => {
    expect(dropped.params).toMatchObject({
      ratio: 0.7,
      baselinePeriods: 4,
      periods: 2,
      periodLength: 'week',
    });
    // 4 weeks from 23 March at 80 %, then the weeks of 20 and 27 April at 50 %.
    const series = days('2026-03-23', AS_OF, (d) => (d >= '2026-04-20' ? 0.5 : 0.8));
    const [a] = run(dropped, series);
    expect(a?.title).toBe('Login rate below 70% of its own average for 2 weeks (50.0% vs 80.0%)');
    expect(a?.detail).toBe(
      "Login rate was 50.0% in week of 2026-04-27, 50.0% in week of 2026-04-20, against its own average of 80.0% over the 4 weeks from week of 2026-03-23; the rule fires below 70% of that average. Each week's value is the mean of its daily values.",
    );
  });

  it('is broken by one week back at its usual level', () => {
    const series = days('2026-03-23', AS_OF, (d) =>
      d >= '2026-04-27' ? 0.5 : d >= '2026-04-20' ? 0.7 : 0.8,
    );
    expect(run(dropped, series)).toEqual([]);
  });

  it('needs a full baseline: weeks before the first data are missing, never zeros', () => {
    expect(
      run(
        dropped,
        days('2026-03-30', AS_OF, (d) => (d >= '2026-04-20' ? 0.1 : 0.8)),
      ),
    ).toEqual([]);
    const gap = days('2026-03-23', AS_OF, (d) =>
      d >= '2026-04-06' && d < '2026-04-13' ? null : d >= '2026-04-20' ? 0.1 : 0.8,
    );
    expect(run(dropped, gap)).toEqual([]);
  });

  it('counts months and days too', () => {
    const months = rule('below_own_average', {
      measureKey: 'loginRate',
      periods: 1,
      baselinePeriods: 2,
      periodLength: 'month',
      ratio: 0.5,
    });
    expect(
      run(
        months,
        days('2026-02-01', AS_OF, (d) => (d >= '2026-04-01' ? 0.2 : 0.6)),
      ),
    ).toHaveLength(1);
    expect(
      run(
        months,
        days('2026-02-01', AS_OF, (d) => (d >= '2026-04-01' ? 0.3 : 0.6)),
      ),
    ).toEqual([]);
    const daily = rule('below_own_average', {
      measureKey: 'loginRate',
      periods: 2,
      baselinePeriods: 3,
      periodLength: 'day',
    });
    expect(
      run(
        daily,
        days('2026-04-26', AS_OF, (d) => (d >= '2026-04-29' ? 0.2 : 0.6)),
      ),
    ).toHaveLength(1);
    expect(
      run(
        daily,
        days('2026-04-26', AS_OF, (d) => (d === AS_OF ? 0.2 : 0.6)),
      ),
    ).toEqual([]);
  });
});

describe('look-back rules: validation and what they need loaded', () => {
  const base = { id: 'r1', name: 'Rule', severity: 'info', playbook: 'Call them.' } as const;

  it('refuses a look-back beyond 400 days and a difference rule without its difference', () => {
    const issues = (kind: string, params: unknown) => {
      const r = alertRuleSchema.safeParse({ ...base, kind, params });
      return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    };
    expect(issues('below_segment_average', { measureKey: 'x', periods: 13, periodLength: 'month' })).toEqual([
      'params.periods: 13 months look back further than 400 days (at most 12 months or 52 weeks)',
    ]);
    expect(issues('below_segment_average', { measureKey: 'x', periods: 12, periodLength: 'month' })).toEqual(
      [],
    );
    expect(
      issues('below_own_average', { measureKey: 'x', periods: 6, baselinePeriods: 7, periodLength: 'month' }),
    ).toHaveLength(1);
    expect(issues('above_average', { measureKey: 'x', by: 'difference' })).toEqual([
      'params.difference: give the difference when by is difference',
    ]);
    expect(issues('above_average', { measureKey: 'x', ratio: 1 })[0]).toContain('ratio must be above 1');
  });

  it('keeps a stored below_segment_average rule counting daily runs against the segment', () => {
    const stored = alertRuleSchema.parse({
      ...base,
      kind: 'below_segment_average',
      params: { measureKey: 'x', periods: 4 },
    });
    expect(stored.params).toMatchObject({ periodLength: 'day', compareWith: 'segment' });
  });

  it('asks the worker for the longest look-back, the measures read and those compared with the platform', () => {
    expect(alertHistoryNeeds(DEFAULT_ALERT_RULES)).toEqual({
      days: 93,
      measureKeys: ['stickiness', 'activeSeats'],
      platformKeys: ['activeSeats'],
    });
    expect(
      alertHistoryNeeds(DEFAULT_ALERT_RULES.map((r) => ({ ...r, enabled: r.kind === 'score_drop' }))),
    ).toEqual({
      days: 30,
      measureKeys: [],
      platformKeys: [],
    });
  });
});
