import { useI18n } from 'vue-i18n';
import type { Period } from '../../composables/metrics-period';
import { useFormat } from '../../composables/useFormat';

/**
 * Names a period for headings, the trend's axis and the CSV: `Mar 2027`, `Q1 2027`, `2027`, or `Mar 1 – Mar 10, 2027`.
 * @example const label = usePeriodLabel(); label({ kind: 'quarter', from: '2027-01-01', to: '2027-03-31' }) // 'Q1 2027'
 */
export function usePeriodLabel() {
  const { t, d } = useI18n();
  const { day } = useFormat();
  return (period: Period): string => {
    const year = period.from.slice(0, 4);
    if (period.kind === 'year') return year;
    if (period.kind === 'quarter')
      return t('metrics.period.quarter', {
        quarter: Math.floor(Number(period.from.slice(5, 7)) / 3) + 1,
        year,
      });
    if (period.kind === 'month') return d(new Date(`${period.from}T00:00:00Z`), 'month');
    return t('metrics.period.range', { from: day(period.from), to: day(period.to) });
  };
}
