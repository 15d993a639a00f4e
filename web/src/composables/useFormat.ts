import {
  formatBytes,
  formatCount,
  formatDateTime,
  formatDay,
  formatMinor,
  formatMinutes,
  formatMoney,
  formatPercent,
  formatRate,
  formatRelative,
  formatSigned,
} from '../format';
import { useLocale } from './useLocale';

/**
 * The display formatters of web/src/format.ts bound to the current app locale. Each call reads the locale, so a
 * template that uses them re-renders on a locale switch. Money takes integer minor units (cents) and its currency.
 * @example
 * const { money, day } = useFormat()
 * money(12_000_000, 'USD') // '$120,000' (en) / 'US$120,000' (zh)
 */
export function useFormat() {
  const { intl } = useLocale();
  return {
    money: (amountCents: number | null, currency: string | null) =>
      formatMoney(amountCents, currency, intl.value),
    count: (value: number | null) => formatCount(value, intl.value),
    percent: (rate: number | null) => formatPercent(rate, intl.value),
    /** Integer minor units of `currency` (its own digits: 100 per dollar, 1 per yen). */
    minor: (amountMinor: number | null, currency: string) => formatMinor(amountMinor, currency, intl.value),
    /** A fraction with one decimal, e.g. `104.5%`. */
    rate: (rate: number | null) => formatRate(rate, intl.value),
    minutes: (minutes: number | null) => formatMinutes(minutes, intl.value),
    bytes: (bytes: number) => formatBytes(bytes, intl.value),
    signed: (value: number, style: 'decimal' | 'percent' = 'decimal') =>
      formatSigned(value, style, intl.value),
    day: (day: string | null) => formatDay(day, intl.value),
    dateTime: (iso: string | null) => formatDateTime(iso, intl.value),
    relative: (iso: string | null, nowMs: number = Date.now()) => formatRelative(iso, nowMs, intl.value),
  };
}
