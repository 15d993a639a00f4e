// Display formatting for the admin UI. Pure: `now` and `locale` are arguments; `undefined` locale = the browser's.

const DAY_MS = 86_400_000;

// Intl constructors are slow relative to format(); a table formats hundreds of cells per render.
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat | Intl.RelativeTimeFormat>();
function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat | Intl.RelativeTimeFormat>(
  key: string,
  create: () => T,
): T {
  let format = formatters.get(key) as T | undefined;
  if (!format) {
    format = create();
    formatters.set(key, format);
  }
  return format;
}

/**
 * Whole currency units from integer minor units, e.g. `$120,000`; null when the amount is unknown.
 * Divides by 100 for every currency, as `arrCents` implies; an invalid code falls back to `120,000 XYZ`.
 * @example formatMoney(12_000_000, 'EUR', 'de-DE') // '120.000 €'
 */
export function formatMoney(
  amountCents: number | null,
  currency: string | null,
  locale?: string,
): string | null {
  if (amountCents === null) return null;
  const code = (currency || 'USD').toUpperCase();
  try {
    const format = cached(
      `money|${locale}|${code}`,
      // Cents are noise in a table of annual revenue; both digits are set because some engines reject max < min.
      () =>
        new Intl.NumberFormat(locale, {
          style: 'currency',
          currency: code,
          minimumFractionDigits: 0,
          maximumFractionDigits: 0,
        }),
    );
    return format.format(amountCents / 100);
  } catch {
    return `${formatCount(Math.round(amountCents / 100), locale)} ${code}`;
  }
}

/** e.g. `1,234`. Null stays null so the caller can show "not set". */
export function formatCount(value: number | null, locale?: string): string | null {
  return value === null ? null : cached(`count|${locale}`, () => new Intl.NumberFormat(locale)).format(value);
}

/**
 * A rate 0..1 as a whole percentage, e.g. `42%`.
 * @example formatPercent(0.421, 'en-US') // '42%'
 */
export function formatPercent(rate: number | null, locale?: string): string | null {
  return rate === null
    ? null
    : cached(
        `percent|${locale}`,
        () => new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }),
      ).format(rate);
}

/**
 * A calendar date `YYYY-MM-DD`, e.g. `Mar 4, 2027`. Formatted in UTC so the day never shifts with the viewer's zone.
 * @example formatDay('2027-03-04', 'en-US') // 'Mar 4, 2027'
 */
export function formatDay(day: string | null, locale?: string): string | null {
  if (!day) return null;
  const date = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return day;
  return cached(
    `day|${locale}`,
    () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }),
  ).format(date);
}

/** Full local date and time of an ISO timestamp, e.g. for the tooltip of a relative time. */
export function formatDateTime(iso: string | null, locale?: string): string | null {
  if (!iso) return null;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return cached(
    `datetime|${locale}`,
    () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }),
  ).format(date);
}

const RELATIVE_UNITS: ReadonlyArray<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * DAY_MS],
  ['month', 30 * DAY_MS],
  ['week', 7 * DAY_MS],
  ['day', DAY_MS],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

/**
 * How long ago (or until) an ISO timestamp is from `nowMs`, in the largest whole unit, e.g. `3 days ago`.
 * Under a minute reads `now`.
 * @example formatRelative('2026-11-22T10:00:00Z', Date.parse('2026-11-25T10:00:00Z'), 'en') // '3 days ago'
 */
export function formatRelative(iso: string | null, nowMs: number, locale?: string): string | null {
  if (!iso) return null;
  const thenMs = Date.parse(iso);
  if (Number.isNaN(thenMs)) return iso;
  const diffMs = thenMs - nowMs;
  const format = cached(`relative|${locale}`, () => new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }));
  for (const [unit, unitMs] of RELATIVE_UNITS) {
    if (Math.abs(diffMs) >= unitMs) return format.format(Math.trunc(diffMs / unitMs), unit);
  }
  return format.format(0, 'second');
}
