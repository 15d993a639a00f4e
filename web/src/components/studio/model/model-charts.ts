import { textTooltip } from '../../charts/escape-html';
import { bucketLabel, type ChartOption, NEUTRAL_COLOR } from '../../charts/options';

// ECharts options of the model studio. Tier names are user text: axis labels treat them as text, and every custom
// tooltip is a `textTooltip` (escaped lines), never markup built from data. Pure.

const grid = { left: 8, right: 16, top: 32, bottom: 8 };
/**
 * Every category labelled: ECharts otherwise skips labels it thinks would collide (every other bucket in the
 * narrow preview column), and a reader then cannot tell which bar is which.
 */
const EVERY_LABEL = { interval: 0, hideOverlap: false } as const;
const PUBLISHED_COLOR = '#94a3b8';
const DRAFT_COLOR = '#2563eb';

/** `[0,10)` … `[90,100]` labels for a 10-bucket histogram. */
export function bucketLabels(buckets: number): string[] {
  const width = 100 / buckets;
  return Array.from({ length: buckets }, (_, i) => bucketLabel({ from: i * width, to: (i + 1) * width }));
}

/**
 * Accounts per score bucket, published and draft side by side (grouped bars); without a published version only
 * the draft is drawn.
 * @example previewHistogramOption([1, 2, 0, 0, 0, 0, 0, 0, 0, 3], [0, 3, 0, 0, 0, 0, 0, 0, 0, 3], { published: 'Published', draft: 'Draft' })
 */
export function previewHistogramOption(
  published: readonly number[] | null,
  draft: readonly number[],
  names: { published: string; draft: string },
): ChartOption {
  const labels = bucketLabels(draft.length);
  const series = [
    ...(published ? [{ name: names.published, data: [...published], color: PUBLISHED_COLOR }] : []),
    { name: names.draft, data: [...draft], color: DRAFT_COLOR },
  ];
  return {
    grid,
    legend: { top: 0 },
    tooltip: {
      trigger: 'axis',
      formatter: textTooltip((p) => {
        const items = Array.isArray(p) ? p : [p];
        const first = items[0];
        const head = first ? (labels[first.dataIndex] ?? '') : '';
        return [head, ...items.map((i) => `${i.seriesName ?? ''}: ${String(i.value ?? '')}`)];
      }),
    },
    // Ten `90–100` labels fit the side column only slanted.
    xAxis: { type: 'category', data: labels, axisLabel: { ...EVERY_LABEL, rotate: 45 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: series.map((s) => ({
      type: 'bar',
      name: s.name,
      data: s.data,
      itemStyle: { color: s.color },
      barGap: '10%',
    })),
  };
}

/** One tier of a backtest, as the chart draws it; `rate` 0..1 or null when the tier had no renewals. */
export interface RateRow {
  name: string;
  color?: string | undefined;
  rate: number | null;
  accounts: number;
}

/**
 * Renewal rate per tier as bars (percent), best tier first, in the tier colours; the tooltip names the tier.
 * `line` writes a tooltip line, e.g. `Green: 92% of 40`.
 * @example renewalRateOption([{ name: 'Green', color: '#16a34a', rate: 0.92, accounts: 40 }], (r) => `${r.name}`)
 */
export function renewalRateOption(rows: readonly RateRow[], line: (row: RateRow) => string): ChartOption {
  return {
    grid,
    tooltip: {
      trigger: 'item',
      formatter: textTooltip((p) => {
        const item = Array.isArray(p) ? p[0] : p;
        const row = item ? rows[item.dataIndex] : undefined;
        return row ? line(row) : '';
      }),
    },
    xAxis: { type: 'category', data: rows.map((r) => r.name), axisLabel: EVERY_LABEL },
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    series: [
      {
        type: 'bar',
        data: rows.map((r) => ({
          value: r.rate === null ? 0 : Math.round(r.rate * 1000) / 10,
          itemStyle: { color: r.color ?? NEUTRAL_COLOR },
        })),
      },
    ],
  };
}
