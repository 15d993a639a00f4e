const DAY_MS = 86_400_000;

// Callers in a loop (ingest, rollups) mostly ask for the same day again, and toISOString is costly: remember
// the last day. Only days from 1970 to 9999 are remembered, where every instant of [start, start + 1 day)
// is that day (before 1970 Date truncates fractional ms towards zero, i.e. into the next day).
const YEAR_10000_MS = 253_402_300_800_000;
let lastDayStartMs = Number.NaN;
let lastDay = '';

/**
 * The UTC calendar day of an epoch-millisecond instant.
 * @example utcDay(Date.UTC(2026, 0, 31, 23, 59)) // '2026-01-31'
 */
export function utcDay(ms: number): string {
  if (ms >= lastDayStartMs && ms < lastDayStartMs + DAY_MS) return lastDay;
  const day = new Date(ms).toISOString().slice(0, 10);
  if (ms >= 0 && ms < YEAR_10000_MS) {
    lastDayStartMs = ms - (ms % DAY_MS);
    lastDay = day;
  }
  return day;
}

/**
 * Shifts a `YYYY-MM-DD` day by whole days (negative goes back).
 * @example addDays('2026-03-01', -1) // '2026-02-28'
 */
export function addDays(day: string, days: number): string {
  return utcDay(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS);
}

// The largest |epoch ms| a Date can hold.
const MAX_DATE_MS = 8.64e15;

/**
 * Whether a string's leading `YYYY-MM-DD` names a real calendar day (Date.parse rolls 2026-02-30 over to
 * March instead of rejecting it). Strings without that prefix pass: Date.parse decides for them.
 * @example isRealCalendarDate('2024-02-29T00:00:00Z') // true
 */
export function isRealCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (!match) return true;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * Parses a date-like value (ISO date or date-time string, or epoch ms) into a `YYYY-MM-DD` day, or null.
 * @example toDay('2026-05-01T10:00:00+02:00') // '2026-05-01'
 */
export function toDay(value: unknown): string | null {
  if (typeof value === 'number')
    return Number.isFinite(value) && Math.abs(value) <= MAX_DATE_MS ? utcDay(value) : null;
  if (typeof value !== 'string' || value.trim() === '' || !isRealCalendarDate(value.trim())) return null;
  const text = value.trim();
  const ms = Date.parse(text.length === 10 ? `${text}T00:00:00Z` : text);
  return Number.isNaN(ms) ? null : utcDay(ms);
}

/**
 * Epoch ms as an ISO 8601 string, keeping null (how the API shows stored times).
 * @example isoOrNull(0) // '1970-01-01T00:00:00.000Z'
 */
export function isoOrNull(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}
