import { textTooltip } from './escape-html';
import type { ChartOption } from './options';

// Option builders of the metrics page's charts. Pure, like options.ts: data and translated labels in, an ECharts
// option out. Reason labels are user-controlled (revenue settings), so every tooltip is a `textTooltip`.

const grid = { left: 8, right: 16, top: 36, bottom: 8 };
const GAIN = '#16a34a';
const LOSS = '#dc2626';
const COLORS = { nrr: '#2563eb', grr: '#7c3aed', churn: '#dc2626' } as const;

/** One bar of the MRR movement: a gain (new, expansion) or a loss (contraction, churned), in minor units ≥ 0. */
export interface MovementBar {
  label: string;
  amountMinor: number;
  loss: boolean;
}

/**
 * MRR gained and lost in the period as bars, losses below zero in red. `formatMoney` renders minor units.
 * @example mrrMovementOption([{ label: 'New', amountMinor: 50_000, loss: false }], (m) => `$${m / 100}`)
 */
export function mrrMovementOption(
  bars: readonly MovementBar[],
  formatMoney: (amountMinor: number) => string,
): ChartOption {
  const signed = (b: MovementBar) => (b.loss ? -b.amountMinor : b.amountMinor);
  return {
    grid: { ...grid, top: 24 },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: textTooltip((params) => {
        const first = Array.isArray(params) ? params[0] : params;
        const bar = first ? bars[first.dataIndex] : undefined;
        return bar ? `${bar.label}: ${formatMoney(signed(bar))}` : '';
      }),
    },
    xAxis: { type: 'category', data: bars.map((b) => b.label) },
    yAxis: { type: 'value', axisLabel: { formatter: (value: number) => formatMoney(value) } },
    series: [
      {
        type: 'bar',
        data: bars.map((b) => ({ value: signed(b), itemStyle: { color: b.loss ? LOSS : GAIN } })),
      },
    ],
  };
}

/** One period of the retention trend; rates are fractions, null when the period had no denominator. */
export interface RetentionPoint {
  label: string;
  nrr: number | null;
  grr: number | null;
  churn: number | null;
}

/**
 * NRR, GRR and logo churn per period as lines on a percentage axis, gaps where a rate is null.
 * @example retentionTrendOption([{ label: 'Mar 2027', nrr: 1.02, grr: 0.95, churn: 0.01 }], { nrr: 'NRR', grr: 'GRR', churn: 'Logo churn', none: '—' }, (r) => `${r * 100}%`)
 */
export function retentionTrendOption(
  points: readonly RetentionPoint[],
  labels: { nrr: string; grr: string; churn: string; none: string },
  formatRate: (rate: number) => string,
): ChartOption {
  const keys = ['nrr', 'grr', 'churn'] as const;
  const percent = (rate: number | null) => (rate === null ? null : Math.round(rate * 10_000) / 100);
  return {
    grid,
    legend: { top: 0, data: keys.map((k) => labels[k]) },
    tooltip: {
      trigger: 'axis',
      formatter: textTooltip((params) => {
        const first = Array.isArray(params) ? params[0] : params;
        const point = first ? points[first.dataIndex] : undefined;
        if (!point) return '';
        const value = (rate: number | null) => (rate === null ? labels.none : formatRate(rate));
        return [point.label, ...keys.map((k) => `${labels[k]}: ${value(point[k])}`)];
      }),
    },
    xAxis: { type: 'category', data: points.map((p) => p.label) },
    yAxis: { type: 'value', axisLabel: { formatter: '{value}%' } },
    series: keys.map((k) => ({
      type: 'line' as const,
      name: labels[k],
      color: COLORS[k],
      connectNulls: false,
      symbolSize: 8,
      data: points.map((p) => percent(p[k])),
    })),
  };
}

/** Renewals of one outcome reason; `label` is the configured (user-written) reason label. */
export interface ReasonBar {
  label: string;
  churnedArrMinor: number;
  renewedArrMinor: number;
  churned: number;
  renewed: number;
}

/**
 * Churned and renewed ARR per renewal reason as horizontal bars, the first reason on top.
 * @example reasonOption([{ label: 'Price', churnedArrMinor: 120_000, renewedArrMinor: 0, churned: 1, renewed: 0 }], { churned: 'Churned', renewed: 'Renewed' }, String)
 */
export function reasonOption(
  rows: readonly ReasonBar[],
  labels: { churned: string; renewed: string },
  formatMoney: (amountMinor: number) => string,
): ChartOption {
  // ECharts draws the first category at the bottom of a y category axis.
  const ordered = [...rows].reverse();
  return {
    grid,
    legend: { top: 0, data: [labels.churned, labels.renewed] },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: textTooltip((params) => {
        const first = Array.isArray(params) ? params[0] : params;
        const row = first ? ordered[first.dataIndex] : undefined;
        if (!row) return '';
        return [
          row.label,
          `${labels.churned}: ${formatMoney(row.churnedArrMinor)} (${row.churned})`,
          `${labels.renewed}: ${formatMoney(row.renewedArrMinor)} (${row.renewed})`,
        ];
      }),
    },
    xAxis: { type: 'value', axisLabel: { formatter: (value: number) => formatMoney(value) } },
    yAxis: { type: 'category', data: ordered.map((r) => r.label) },
    series: [
      { type: 'bar', name: labels.churned, color: LOSS, data: ordered.map((r) => r.churnedArrMinor) },
      { type: 'bar', name: labels.renewed, color: GAIN, data: ordered.map((r) => r.renewedArrMinor) },
    ],
  };
}
