import { addDays } from '../time';

// Day arithmetic and the two guards every metric shares: a rate is null (never NaN or Infinity) when its
// denominator is zero, and days are UTC `YYYY-MM-DD` strings, which compare correctly as strings.

const DAY_MS = 86_400_000;

// A period's metrics read tens of thousands of contracts whose terms start and end on a few hundred distinct
// days: each day is parsed, and each term's calendar months counted, once. Bounded so a long-lived isolate
// cannot grow them without limit; the results are pure functions of the key.
const CACHE_LIMIT = 20_000;
const dayMsCache = new Map<string, number>();
const monthsCache = new Map<string, number>();
const periodMonthsCache = new Map<string, number>();

function remember<T>(cache: Map<string, T>, key: string, value: T): T {
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, value);
  return value;
}

const dayMs = (day: string) =>
  dayMsCache.get(day) ?? remember(dayMsCache, day, Date.parse(`${day}T00:00:00Z`));

/**
 * `numerator / denominator`, or null when the denominator is 0 (or not a finite number).
 * @example ratio(64, 1000) // 0.064
 */
export function ratio(numerator: number, denominator: number): number | null {
  return denominator === 0 || !Number.isFinite(denominator) ? null : numerator / denominator;
}

/**
 * Whether `day` lies in the inclusive range `[from, to]`.
 * @example inPeriod('2026-05-31', '2026-05-01', '2026-05-31') // true
 */
export function inPeriod(day: string, from: string, to: string): boolean {
  return day >= from && day <= to;
}

/**
 * Days from `from` to `to`, both counted (a one-day range is 1); 0 when `to` is before `from`.
 * @example daysInclusive('2026-05-01', '2026-05-31') // 31
 */
export function daysInclusive(from: string, to: string): number {
  return Math.max(0, Math.round((dayMs(to) - dayMs(from)) / DAY_MS) + 1);
}

/**
 * Days two inclusive ranges share, ≥ 0.
 * @example overlapDays('2026-01-01', '2026-12-31', '2026-12-01', '2027-01-31') // 31
 */
export function overlapDays(aStart: string, aEnd: string, bStart: string, bEnd: string): number {
  const start = aStart > bStart ? aStart : bStart;
  const end = aEnd < bEnd ? aEnd : bEnd;
  return daysInclusive(start, end);
}

/** `day` moved by whole calendar months, clamped to the month's last day (Jan 31 + 1 month = Feb 28/29). */
function addMonths(day: string, months: number): string {
  const y = Number(day.slice(0, 4));
  const m = Number(day.slice(5, 7)) - 1 + months;
  const year = y + Math.floor(m / 12);
  const month = ((m % 12) + 12) % 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const d = Math.min(Number(day.slice(8, 10)), last);
  return `${String(year).padStart(4, '0')}-${String(month + 1).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/**
 * Calendar months from `from` to `until` (exclusive): whole months counted on the calendar (so a
 * year-long term is exactly 12 and February is one month), plus the remaining days as a fraction of the
 * month they fall in. 0 when `until` is not after `from`.
 * @example monthsBetween('2026-01-01', '2026-04-01') // 3
 * @example monthsBetween('2026-01-01', '2026-01-16') // 0.4838… (15 of January's 31 days)
 */
export function monthsBetween(from: string, until: string): number {
  if (until <= from) return 0;
  const key = `${from}|${until}`;
  return monthsCache.get(key) ?? remember(monthsCache, key, countMonths(from, until));
}

function countMonths(from: string, until: string): number {
  let whole = (Number(until.slice(0, 4)) - Number(from.slice(0, 4))) * 12;
  whole += Number(until.slice(5, 7)) - Number(from.slice(5, 7));
  while (whole > 0 && addMonths(from, whole) > until) whole--;
  const anchor = addMonths(from, whole);
  const rest = daysInclusive(anchor, until) - 1;
  if (rest === 0) return whole;
  return whole + rest / (daysInclusive(anchor, addMonths(from, whole + 1)) - 1);
}

/**
 * Calendar months in the inclusive period `[from, to]` (a calendar month is 1, a quarter 3).
 * @example periodMonths('2026-01-01', '2026-03-31') // 3
 */
export function periodMonths(from: string, to: string): number {
  const key = `${from}|${to}`;
  return periodMonthsCache.get(key) ?? remember(periodMonthsCache, key, monthsBetween(from, addDays(to, 1)));
}

/**
 * The median of a list (the mean of the two middle values for an even count), or null for an empty list.
 * @example median([4, 1, 3, 2]) // 2.5
 */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const upper = sorted[mid] ?? 0;
  return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] ?? 0) + upper) / 2;
}
