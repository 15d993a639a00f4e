import { describe, expect, it } from 'vitest';
import { KPIS, kpiChange } from '../../web/src/components/metrics/kpis';
import {
  calendarPeriod,
  periodDays,
  previousPeriod,
  shiftPeriod,
  trendPeriods,
} from '../../web/src/composables/metrics-period';
import { formatMinor, formatMinutes, formatRate } from '../../web/src/format';

const kpi = (key: string) => KPIS.find((k) => k.key === key)!;

describe('reporting periods', () => {
  it('finds the calendar month, quarter and year around a day', () => {
    expect(calendarPeriod('month', '2028-02-14')).toEqual({
      kind: 'month',
      from: '2028-02-01',
      to: '2028-02-29',
    });
    expect(calendarPeriod('quarter', '2027-05-14')).toEqual({
      kind: 'quarter',
      from: '2027-04-01',
      to: '2027-06-30',
    });
    expect(calendarPeriod('year', '2027-05-14')).toEqual({
      kind: 'year',
      from: '2027-01-01',
      to: '2027-12-31',
    });
  });

  it('compares a period with the one of the same length just before it', () => {
    expect(previousPeriod(calendarPeriod('month', '2027-03-31'))).toEqual({
      kind: 'month',
      from: '2027-02-01',
      to: '2027-02-28',
    });
    expect(previousPeriod(calendarPeriod('quarter', '2027-01-05')).from).toBe('2026-10-01');
    const custom = { kind: 'custom' as const, from: '2027-03-01', to: '2027-03-10' };
    expect(previousPeriod(custom)).toEqual({ kind: 'custom', from: '2027-02-19', to: '2027-02-28' });
    expect(periodDays(previousPeriod(custom))).toBe(10);
    expect(shiftPeriod(custom, 1).from).toBe('2027-03-11');
  });

  it('lists the trend’s periods oldest first, ending with the chosen one', () => {
    const months = trendPeriods(calendarPeriod('month', '2027-02-10'), 6).map((p) => p.from);
    expect(months).toEqual([
      '2026-09-01',
      '2026-10-01',
      '2026-11-01',
      '2026-12-01',
      '2027-01-01',
      '2027-02-01',
    ]);
  });
});

describe('KPI changes', () => {
  it('measures rates in percentage points, money relative to before, durations in minutes', () => {
    expect(kpiChange(kpi('nrr'), 1.05, 0.98)).toMatchObject({ unit: 'points', direction: 'up', good: true });
    expect(kpiChange(kpi('nrr'), 1.05, 0.98)!.value).toBeCloseTo(7);
    expect(kpiChange(kpi('logoChurn'), 0.04, 0.02)).toMatchObject({ direction: 'up', good: false });
    expect(kpiChange(kpi('mrr'), 11_000_000, 10_000_000)!.value).toBeCloseTo(0.1);
    expect(kpiChange(kpi('medianFirstResponse'), 30, 45)).toMatchObject({ value: -15, good: true });
    expect(kpiChange(kpi('grr'), 0.9, 0.9)).toMatchObject({ direction: 'flat', good: null, value: 0 });
  });

  it('has no change when either side is null or money starts from zero', () => {
    expect(kpiChange(kpi('nrr'), null, 0.9)).toBeNull();
    expect(kpiChange(kpi('nrr'), 0.9, null)).toBeNull();
    expect(kpiChange(kpi('mrr'), 100, 0)).toBeNull();
  });
});

describe('revenue formatting', () => {
  it('formats minor units with the currency’s own digits', () => {
    expect(formatMinor(4950, 'USD', 'en-US')).toBe('$49.50');
    expect(formatMinor(1_200_000, 'USD', 'en-US')).toBe('$12,000');
    expect(formatMinor(1200, 'JPY', 'en-US')).toBe('¥1,200');
    expect(formatMinor(null, 'USD', 'en-US')).toBeNull();
    expect(formatRate(1.045, 'en-US')).toBe('104.5%');
    expect(formatMinutes(45, 'en-US')).toBe('45 min');
    expect(formatMinutes(210, 'en-US')).toBe('3.5 hr');
  });
});
