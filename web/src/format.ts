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

/** Minor-unit digits of a currency (2 for USD, 0 for JPY, 3 for KWD); 2 when Intl does not know the code. */
export function currencyDigits(currency: string): number {
  try {
    return (
      cached(
        `digits|${currency}`,
        () => new Intl.NumberFormat('en', { style: 'currency', currency }),
      ).resolvedOptions().maximumFractionDigits ?? 2
    );
  } catch {
    return 2;
  }
}

/**
 * An amount in integer minor units of its own currency (100 per dollar, 1 per yen), in whole units unless it has
 * a fraction, e.g. `$1,200` or `$49.50`; null stays null.
 * @example formatMinor(4950, 'USD', 'en-US') // '$49.50'
 * @example formatMinor(1200, 'JPY', 'en-US') // '¥1,200'
 */
export function formatMinor(amountMinor: number | null, currency: string, locale?: string): string | null {
  if (amountMinor === null) return null;
  const code = currency.toUpperCase();
  const digits = currencyDigits(code);
  const major = amountMinor / 10 ** digits;
  const fraction = Number.isInteger(major) ? 0 : digits;
  try {
    return cached(
      `minor|${locale}|${code}|${fraction}`,
      () =>
        new Intl.NumberFormat(locale, {
          style: 'currency',
          currency: code,
          minimumFractionDigits: fraction,
          maximumFractionDigits: fraction,
        }),
    ).format(major);
  } catch {
    return `${formatCount(major, locale)} ${code}`;
  }
}

/**
 * A rate 0..1 (NRR may exceed 1) as a percentage with one decimal, e.g. `104.5%`; null stays null.
 * @example formatRate(1.045, 'en-US') // '104.5%'
 */
export function formatRate(rate: number | null, locale?: string): string | null {
  return rate === null
    ? null
    : cached(
        `rate|${locale}`,
        () => new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }),
      ).format(rate);
}

/**
 * A duration in minutes: minutes under two hours, else hours with one decimal, e.g. `45 min` or `3.5 hr`.
 * @example formatMinutes(210, 'en-US') // '3.5 hr'
 */
export function formatMinutes(minutes: number | null, locale?: string): string | null {
  if (minutes === null) return null;
  const hours = minutes >= 120;
  return cached(
    `minutes|${locale}|${hours}`,
    () =>
      new Intl.NumberFormat(locale, {
        style: 'unit',
        unit: hours ? 'hour' : 'minute',
        unitDisplay: 'short',
        maximumFractionDigits: hours ? 1 : 0,
      }),
  ).format(hours ? minutes / 60 : minutes);
}

/**
 * A change with its sign, one decimal at most: `+7`, `-2.5`, `0`; `percent` reads a fraction, e.g. `+10%`.
 * @example formatSigned(0.1, 'percent', 'en-US') // '+10%'
 */
export function formatSigned(value: number, style: 'decimal' | 'percent', locale?: string): string {
  return cached(
    `signed|${style}|${locale}`,
    () => new Intl.NumberFormat(locale, { style, maximumFractionDigits: 1, signDisplay: 'exceptZero' }),
  ).format(value);
}

/**
 * A file size in decimal units: kB under a megabyte, else MB, e.g. `2 MB`, `512.5 kB`.
 * @example formatBytes(2_000_000, 'en-US') // '2 MB'
 */
export function formatBytes(bytes: number, locale?: string): string {
  const mega = bytes >= 1_000_000;
  return cached(
    `bytes|${locale}|${mega}`,
    () =>
      new Intl.NumberFormat(locale, {
        style: 'unit',
        unit: mega ? 'megabyte' : 'kilobyte',
        maximumFractionDigits: 1,
      }),
  ).format(bytes / (mega ? 1_000_000 : 1000));
}
