const DAY_MS = 86_400_000;

/**
 * The UTC calendar day of an epoch-millisecond instant.
 * @example utcDay(Date.UTC(2026, 0, 31, 23, 59)) // '2026-01-31'
 */
export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * Shifts a `YYYY-MM-DD` day by whole days (negative goes back).
 * @example addDays('2026-03-01', -1) // '2026-02-28'
 */
export function addDays(day: string, days: number): string {
  return utcDay(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS);
}

/**
 * Parses a date-like value (ISO date or date-time string, or epoch ms) into a `YYYY-MM-DD` day, or null.
 * @example toDay('2026-05-01T10:00:00+02:00') // '2026-05-01'
 */
export function toDay(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return utcDay(value);
  if (typeof value !== 'string' || value.trim() === '') return null;
  const ms = Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value);
  return Number.isNaN(ms) ? null : utcDay(ms);
}
