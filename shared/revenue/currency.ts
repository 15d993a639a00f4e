/**
 * Conversion of money to the installation's one reporting currency. Rates are given per major unit
 * (reporting units per 1 unit of the other currency, e.g. `{ EUR: 1.08 }`), so minor units are scaled by each
 * currency's own number of decimals (JPY has none, USD two, KWD three).
 */

/** Decimals of a currency's minor unit (ISO 4217 via Intl; 2 for a code Intl does not know). */
export function currencyDecimals(currency: string): number {
  try {
    return (
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ??
      2
    );
  } catch {
    return 2;
  }
}

/**
 * `amountMinor` of `currency` in reporting-currency minor units, rounded half away from zero; null when
 * there is no rate for `currency` (the caller refuses the input with a clear error).
 * @example toReportingMinor(10_000, 'EUR', 'USD', { EUR: 1.08 }) // 10_800 (€100.00 → $108.00)
 * @example toReportingMinor(1_000, 'JPY', 'USD', { JPY: 0.0067 }) // 670 (¥1,000 → $6.70)
 */
export function toReportingMinor(
  amountMinor: number,
  currency: string,
  reportingCurrency: string,
  rates: Readonly<Record<string, number>>,
): number | null {
  if (currency === reportingCurrency) return amountMinor;
  const rate = rates[currency];
  if (rate === undefined || !(rate > 0)) return null;
  const major = amountMinor / 10 ** currencyDecimals(currency);
  const minor = major * rate * 10 ** currencyDecimals(reportingCurrency);
  return Math.sign(minor) * Math.round(Math.abs(minor));
}
