import { useI18n } from 'vue-i18n';
import type { MeasureUnit } from '../../../../shared/health/kinds';
import { useLocale } from '../../composables/useLocale';

// How a measure's raw value reads in its unit (shared/health/kinds.ts): rates as percentages, a change as a
// signed percentage, ratios with ×, yes/no for booleans. Pure: the locale and the words come in as arguments.

const formats = new Map<string, Intl.NumberFormat>();
function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, options);
    formats.set(key, format);
  }
  return format;
}

/** Translates a unit's wording around an already formatted number, e.g. `(key) => t(\`account.units.${key}\`, { value })`. */
export type MeasureWords = (key: 'yes' | 'no' | 'minutes' | 'days' | 'perUser', value: string) => string;

/**
 * A raw measure value in its unit, or null when there is none.
 * @example formatMeasureValue(0.625, 'rate', 'en-US', words) // '62.5%'
 * @example formatMeasureValue(-0.2, 'changeRate', 'en-US', words) // '-20%'
 */
export function formatMeasureValue(
  value: number | null,
  unit: MeasureUnit | string | undefined,
  locale: string,
  words: MeasureWords,
): string | null {
  if (value === null || !Number.isFinite(value)) return null;
  const decimal = (digits: number) => numberFormat(locale, { maximumFractionDigits: digits }).format(value);
  switch (unit) {
    case 'rate':
      return numberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(value);
    case 'changeRate':
      return numberFormat(locale, {
        style: 'percent',
        maximumFractionDigits: 1,
        signDisplay: 'exceptZero',
      }).format(value);
    case 'ratio':
      return `${decimal(2)}×`;
    case 'boolean':
      return words(value >= 1 ? 'yes' : 'no', '');
    case 'minutes':
      return words('minutes', decimal(1));
    case 'days':
      return words('days', decimal(1));
    case 'perActiveUser':
      return words('perUser', decimal(1));
    case 'nps':
    case 'count':
      return decimal(0);
    default:
      return decimal(2);
  }
}

/**
 * `formatMeasureValue` bound to the app's locale and messages.
 * @example const value = useMeasureValue(); value(0.5, 'rate') // '50%'
 */
export function useMeasureValue() {
  const { t } = useI18n();
  const { intl } = useLocale();
  return (value: number | null, unit: string | undefined) =>
    formatMeasureValue(value, unit, intl.value, (key, formatted) =>
      t(`account.units.${key}`, { value: formatted }),
    );
}
