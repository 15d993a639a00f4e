// Reporting periods of the metrics page. Pure: days are UTC `YYYY-MM-DD` strings with inclusive bounds, and
// "today" is an argument.

/** A calendar month, quarter or year, or any `from`..`to` span. */
export type PeriodKind = 'month' | 'quarter' | 'year' | 'custom';
export const PERIOD_KINDS: readonly PeriodKind[] = ['month', 'quarter', 'year', 'custom'];

/** One reporting period, both days inclusive. */
export interface Period {
  kind: PeriodKind;
  from: string;
  to: string;
}

const DAY_MS = 86_400_000;
const MONTHS: Record<Exclude<PeriodKind, 'custom'>, number> = { month: 1, quarter: 3, year: 12 };

const toDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const dayMs = (day: string) => Date.parse(`${day}T00:00:00Z`);

/** The day `days` after (or before, when negative) `day`. */
export function addDays(day: string, days: number): string {
  return toDay(dayMs(day) + days * DAY_MS);
}

/** Days in a period, counting both ends (a month of March is 31). */
export function periodDays(period: Pick<Period, 'from' | 'to'>): number {
  return Math.round((dayMs(period.to) - dayMs(period.from)) / DAY_MS) + 1;
}

/**
 * The calendar month, quarter or year that contains `day`.
 * @example calendarPeriod('quarter', '2027-05-14') // { kind: 'quarter', from: '2027-04-01', to: '2027-06-30' }
 */
export function calendarPeriod(kind: Exclude<PeriodKind, 'custom'>, day: string): Period {
  const year = Number(day.slice(0, 4));
  const month = Number(day.slice(5, 7)) - 1;
  const step = MONTHS[kind];
  const first = month - (month % step);
  return {
    kind,
    from: toDay(Date.UTC(year, first, 1)),
    // Day 0 of the month after the period is its last day.
    to: toDay(Date.UTC(year, first + step, 0)),
  };
}

/**
 * The period `n` periods later (negative: earlier). A calendar period moves by whole months, quarters or years;
 * a custom span by its own length in days, so the previous one ends the day before it starts.
 * @example shiftPeriod({ kind: 'month', from: '2027-03-01', to: '2027-03-31' }, -1).from // '2027-02-01'
 * @example shiftPeriod({ kind: 'custom', from: '2027-03-01', to: '2027-03-10' }, -1) // 2027-02-19 … 2027-02-28
 */
export function shiftPeriod(period: Period, n: number): Period {
  if (period.kind === 'custom') {
    const days = periodDays(period) * n;
    return { kind: 'custom', from: addDays(period.from, days), to: addDays(period.to, days) };
  }
  const year = Number(period.from.slice(0, 4));
  const month = Number(period.from.slice(5, 7)) - 1 + n * MONTHS[period.kind];
  return calendarPeriod(period.kind, toDay(Date.UTC(year, month, 1)));
}

/** The period of the same length just before `period` (what its changes are measured against). */
export function previousPeriod(period: Period): Period {
  return shiftPeriod(period, -1);
}

/**
 * The last `count` periods of the same length, oldest first, ending with `period`.
 * @example trendPeriods(calendarPeriod('month', '2027-03-09'), 3).map((p) => p.from) // ['2027-01-01', '2027-02-01', '2027-03-01']
 */
export function trendPeriods(period: Period, count: number): Period[] {
  return Array.from({ length: count }, (_, i) => shiftPeriod(period, i - count + 1));
}

/**
 * Today in the viewer's own calendar (a CSM in Tokyo is already in the next month while UTC is not), as
 * `YYYY-MM-DD`.
 */
export function localToday(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
