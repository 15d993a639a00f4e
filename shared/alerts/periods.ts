import { addDays } from '../time';
import type { AlertPeriodLength } from './rules';

const DAY_MS = 86_400_000;

/**
 * The period a `YYYY-MM-DD` day falls in, as a key that sorts by time: the day itself, the Monday of its ISO
 * week (UTC) or its calendar month `YYYY-MM`.
 * @example periodOf('2026-04-30', 'week') // '2026-04-27'
 * @example periodOf('2026-04-30', 'month') // '2026-04'
 */
export function periodOf(day: string, length: AlertPeriodLength): string {
  if (length === 'day') return day;
  if (length === 'month') return day.slice(0, 7);
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return addDays(day, -((weekday + 6) % 7));
}

/**
 * The key of the period just before `key` (as {@link periodOf} gives it).
 * @example previousPeriod('2026-01', 'month') // '2025-12'
 * @example previousPeriod('2026-04-27', 'week') // '2026-04-20'
 */
export function previousPeriod(key: string, length: AlertPeriodLength): string {
  if (length === 'day') return addDays(key, -1);
  if (length === 'week') return addDays(key, -7);
  const [y, m] = key.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/**
 * One day of an account's measure: its raw value and, when known, what it is compared with that day.
 * @example const d: DayValue = { day: '2026-04-30', raw: 0.42, comparison: 0.3 };
 */
export interface DayValue {
  day: string;
  raw: number;
  comparison: number | null;
}

/**
 * One period of an account's measure: the mean of its daily values (`value`) and, with a comparison, the
 * mean of the comparison over the same days; `days` the number of days averaged; `last` its latest day.
 * @example const p: PeriodValue = { key: '2026-04', value: 0.41, comparison: 0.3, days: 30, last: '2026-04-30' };
 */
export interface PeriodValue {
  key: string;
  value: number;
  comparison: number | null;
  days: number;
  last: string;
}

/**
 * Groups daily values into periods, newest first. With `needComparison`, only days with a comparison
 * count, so the account's mean and the comparison's mean are over the same days; a week or month without any
 * such day is left out (which breaks a streak of consecutive periods). A day without a value (a non-finite
 * `raw`, or no comparison when one is needed) is a day period of value NaN, which no rule holds for, so a
 * snapshot without the measure ends a streak of days as it always did.
 * @example periodValues([{ day: '2026-04-30', raw: 0.4, comparison: 0.2 }, { day: '2026-04-29', raw: 0.2, comparison: 0.2 }], 'week', true) // [{ key: '2026-04-27', value: 0.3, comparison: 0.2, days: 2, last: '2026-04-30' }]
 */
export function periodValues(
  days: readonly DayValue[],
  length: AlertPeriodLength,
  needComparison: boolean,
): PeriodValue[] {
  const sums = new Map<
    string,
    { raw: number; comparison: number; withComparison: number; n: number; last: string }
  >();
  const missing: PeriodValue[] = [];
  for (const d of days) {
    const hasComparison = d.comparison !== null && Number.isFinite(d.comparison);
    if (!Number.isFinite(d.raw) || (needComparison && !hasComparison)) {
      if (length === 'day')
        missing.push({ key: d.day, value: Number.NaN, comparison: null, days: 0, last: d.day });
      continue;
    }
    const key = periodOf(d.day, length);
    const s = sums.get(key) ?? { raw: 0, comparison: 0, withComparison: 0, n: 0, last: d.day };
    sums.set(key, s);
    s.raw += d.raw;
    s.n++;
    if (hasComparison) {
      s.comparison += d.comparison!;
      s.withComparison++;
    }
    if (d.day > s.last) s.last = d.day;
  }
  const found: PeriodValue[] = [...sums].map(([key, s]) => ({
    key,
    value: s.raw / s.n,
    comparison: s.withComparison > 0 ? s.comparison / s.withComparison : null,
    days: s.n,
    last: s.last,
  }));
  return [...found, ...missing.filter((m) => !sums.has(m.key))].sort((a, b) =>
    a.key < b.key ? 1 : a.key > b.key ? -1 : 0,
  );
}

/**
 * Whether period `older` comes right before `newer`. Days are consecutive when at most `maxGapDays` apart
 * (the scoring cadence; undefined = any two neighbouring snapshots), weeks and months by the calendar.
 * @example adjacentPeriods('2026-03', '2026-04', 'month') // true
 */
export function adjacentPeriods(
  older: string,
  newer: string,
  length: AlertPeriodLength,
  maxGapDays?: number,
): boolean {
  if (length !== 'day') return previousPeriod(newer, length) === older;
  if (maxGapDays === undefined) return older < newer;
  const gap = (Date.parse(`${newer}T00:00:00Z`) - Date.parse(`${older}T00:00:00Z`)) / DAY_MS;
  return gap >= 1 && gap <= maxGapDays;
}

/**
 * The newest run of calendar-consecutive periods that starts with the current period (`currentKey`), at
 * most `limit` long.
 * @example consecutiveFrom(periods, '2026-04', 'month', 3).map((p) => p.key) // ['2026-04', '2026-03', '2026-02']
 */
export function consecutiveFrom(
  periods: readonly PeriodValue[],
  currentKey: string,
  length: AlertPeriodLength,
  limit: number,
  maxGapDays?: number,
): PeriodValue[] {
  const first = periods[0];
  if (!first || first.key !== currentKey) return [];
  const run = [first];
  for (let i = 1; i < periods.length && run.length < limit; i++) {
    const p = periods[i]!;
    if (!adjacentPeriods(p.key, run[run.length - 1]!.key, length, maxGapDays)) break;
    run.push(p);
  }
  return run;
}

/**
 * A period as the alert text names it: the day, `week of 2026-04-27`, or the month `2026-04`.
 * @example periodName('2026-04-27', 'week') // 'week of 2026-04-27'
 */
export function periodName(key: string, length: AlertPeriodLength): string {
  return length === 'week' ? `week of ${key}` : key;
}
