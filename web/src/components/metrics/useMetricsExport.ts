import type { Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import type { RevenueMetrics } from '../../api/revenue';
import type { Period } from '../../composables/metrics-period';
import { useTiers } from '../../composables/useTiers';
import { downloadCsv, metricsCsv } from './metrics-csv';
import { useAttributionLabel } from './useMetricLabels';

export interface MetricsExportSource {
  summary: Ref<{ current: RevenueMetrics; previous: RevenueMetrics } | undefined>;
  period: Ref<Period>;
  previous: Ref<Period>;
  periodLabel: (period: Period) => string;
  reasonLabel: (key: string | null) => string;
}

/**
 * A click handler that downloads the shown metrics as `keepwell-metrics-<from>-<to>.csv`, labels in the
 * current language; a no-op until the metrics have loaded.
 * @example const exportCsv = useMetricsExport({ summary: summary.data, period, previous, periodLabel, reasonLabel })
 */
export function useMetricsExport(source: MetricsExportSource) {
  const { t } = useI18n();
  const { tier } = useTiers();
  const attributionLabel = useAttributionLabel();
  return () => {
    const data = source.summary.value;
    if (!data) return;
    const csv = metricsCsv(data.current, data.previous, {
      kpi: (key) => t(`metrics.kpi.${key}`),
      count: (key) => t(`metrics.counts.${key}`),
      movement: (key) => t(`metrics.movement.${key}`),
      tier: (key) => (key === null ? t('common.tier.unscored') : tier(key).name),
      reason: source.reasonLabel,
      attribution: attributionLabel,
      tierColumn: (column) => t(`metrics.tiers.${column}`),
      reasonColumn: (column) => t(`metrics.reasons.${column}`),
      period: source.periodLabel(source.period.value),
      previousPeriod: source.periodLabel(source.previous.value),
    });
    downloadCsv(`keepwell-metrics-${data.current.from}-${data.current.to}.csv`, csv);
  };
}
