import type { BarSeriesOption, LineSeriesOption, RadarSeriesOption } from 'echarts/charts';
import type {
  GridComponentOption,
  LegendComponentOption,
  MarkAreaComponentOption,
  MarkPointComponentOption,
  RadarComponentOption,
  TooltipComponentOption,
} from 'echarts/components';
import type { ComposeOption } from 'echarts/core';
import { textTooltip } from './escape-html';
import { wrapLabel } from './wrap-label';

// Pure builders of ECharts options: data and already-translated labels in, a plain option object out.
// Kept apart from the components so they can be tested without a canvas and reused by any view.
// Names here are user-controlled (tiers, segments, accounts, features): axis labels, legends and ECharts' default
// tooltips treat them as text, but a custom tooltip `formatter` returns HTML, so each one is a `textTooltip`.

/** The option type for every chart Keepwell draws (only the series and components registered in `echarts.ts`). */
export type ChartOption = ComposeOption<
  | BarSeriesOption
  | LineSeriesOption
  | RadarSeriesOption
  | GridComponentOption
  | LegendComponentOption
  | TooltipComponentOption
  | RadarComponentOption
  | MarkAreaComponentOption
  | MarkPointComponentOption
>;

/** A tier as charts need it: `min` is the inclusive lower bound in points 0..100. */
export interface ChartTier {
  key: string;
  name: string;
  /** `#rrggbb`. */
  color: string;
  min?: number;
}

/** Neutral colour for series without a tier. */
export const NEUTRAL_COLOR = '#64748b';
const ACCENT_COLOR = '#2563eb';

// ECharts 6 keeps axis labels inside the chart by default (grid.outerBoundsMode 'auto'); v5's containLabel
// is ignored there without the legacy module, and only logged a warning.
const compactGrid: GridComponentOption = { left: 8, right: 16, top: 24, bottom: 8 };

/**
 * Accounts per tier as horizontal bars in the tier colours, best tier on top.
 * `formatArr` renders a tier's ARR (integer cents) for the tooltip.
 * @example tierDistributionOption([{ key: 'green', name: 'Green', color: '#16a34a', count: 12, arrCents: 1_200_000 }], (c) => `$${c / 100}`)
 */
export function tierDistributionOption(
  tiers: ReadonlyArray<ChartTier & { count: number; arrCents: number }>,
  formatArr: (arrCents: number) => string,
): ChartOption {
  // ECharts draws the first category at the bottom of a y category axis; reverse so the best tier is on top.
  const rows = [...tiers].reverse();
  return {
    grid: compactGrid,
    tooltip: {
      trigger: 'item',
      formatter: textTooltip((p) => {
        const item = Array.isArray(p) ? p[0] : p;
        const row = item && rows[item.dataIndex];
        return row ? `${row.name}: ${row.count} · ${formatArr(row.arrCents)}` : '';
      }),
    },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: rows.map((t) => t.name) },
    series: [
      {
        type: 'bar',
        data: rows.map((t) => ({ value: t.count, itemStyle: { color: t.color } })),
        label: { show: true, position: 'right' },
      },
    ],
  };
}

/**
 * Accounts per score bucket, e.g. `0–9` … `90–100`; each bar in the colour of the tier its lower bound falls in.
 * @example scoreHistogramOption([{ from: 0, to: 10, count: 3 }], tiers)
 */
export function scoreHistogramOption(
  buckets: ReadonlyArray<{ from: number; to: number; count: number }>,
  tiers: readonly ChartTier[],
): ChartOption {
  return {
    grid: compactGrid,
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: buckets.map(bucketLabel) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      {
        type: 'bar',
        barCategoryGap: '10%',
        data: buckets.map((b) => ({
          value: b.count,
          itemStyle: { color: tierAt(b.from, tiers)?.color ?? ACCENT_COLOR },
        })),
      },
    ],
  };
}

/** `0–9`, …, `90–100` (the last bucket includes 100). */
export function bucketLabel(bucket: { from: number; to: number }): string {
  return bucket.to >= 100 ? `${bucket.from}–100` : `${bucket.from}–${bucket.to - 1}`;
}

/**
 * The tier a score falls in: the first tier (best first) whose `min` it reaches; undefined when no tier has a `min`.
 * @example tierAt(72, [{ key: 'g', min: 80 }, { key: 'y', min: 60 }, { key: 'r', min: 0 }]).key // 'y'
 */
export function tierAt<T extends { min?: number }>(score: number, tiers: readonly T[]): T | undefined {
  return tiers.find((t) => t.min !== undefined && score >= t.min);
}

/**
 * Accounts per tier over time as stacked areas, worst tier at the bottom.
 * @example tierHistoryOption([{ period: '2026-11-01', counts: { green: 4, red: 1 } }], tiers)
 */
export function tierHistoryOption(
  points: ReadonlyArray<{ period: string; counts: Record<string, number> }>,
  tiers: readonly ChartTier[],
  formatPeriod: (period: string) => string,
): ChartOption {
  const series: LineSeriesOption[] = [...tiers].reverse().map((tier) => ({
    type: 'line',
    name: tier.name,
    stack: 'tiers',
    areaStyle: { opacity: 0.85 },
    symbol: 'none',
    color: tier.color,
    lineStyle: { width: 1 },
    data: points.map((p) => p.counts[tier.key] ?? 0),
  }));
  return {
    grid: { ...compactGrid, top: 36 },
    legend: { top: 0, data: tiers.map((t) => t.name) },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', boundaryGap: false, data: points.map((p) => formatPeriod(p.period)) },
    yAxis: { type: 'value', minInterval: 1 },
    series,
  };
}

/**
 * Dimension scores (0..100) of the account against its segment's average, one radar axis per dimension.
 * A null score is drawn at 0 (ECharts has no gap on a radar), so its axis name says "no data".
 * @example radarOption([{ key: 'usage', name: 'Usage', score: 72, segmentAverage: 64 }], { account: 'Acme', segment: 'SMB average', noData: 'no data' })
 */
export function radarOption(
  dimensions: ReadonlyArray<{
    key: string;
    name: string;
    score: number | null;
    segmentAverage: number | null;
  }>,
  labels: { account: string; segment: string; noData: string },
): ChartOption {
  const hasAverage = dimensions.some((d) => d.segmentAverage !== null);
  const indicatorName = (d: (typeof dimensions)[number]) =>
    d.score === null ? `${d.name} (${labels.noData})` : d.name;
  // What each axis shows: the name wrapped, and "no data" on a line of its own. The indicator keeps the full name
  // for the tooltip.
  const axisLabels = new Map(
    dimensions.map((d) => [
      indicatorName(d),
      d.score === null ? `${wrapLabel(d.name)}\n(${labels.noData})` : wrapLabel(d.name),
    ]),
  );
  return {
    tooltip: {
      trigger: 'item',
      // ECharts' own radar tooltip would show the wrapped axis names; this one lists the full names, and "no data"
      // where a score is missing rather than the 0 it is drawn at.
      formatter: textTooltip((p) => {
        const item = Array.isArray(p) ? p[0] : p;
        const values = dimensions.map((d) => (item?.dataIndex === 1 ? d.segmentAverage : d.score));
        return [
          item?.name ?? '',
          ...dimensions.map(
            (d, i) => `${d.name}: ${values[i] === null ? labels.noData : Math.round(values[i] ?? 0)}`,
          ),
        ];
      }),
    },
    legend: { bottom: 0, data: hasAverage ? [labels.account, labels.segment] : [labels.account] },
    radar: {
      // Room for two-line names on every side, above the legend; the names wrap rather than run off the edge.
      radius: '60%',
      center: ['50%', '46%'],
      axisName: { formatter: (name?: string) => axisLabels.get(name ?? '') ?? wrapLabel(name ?? '') },
      indicator: dimensions.map((d) => ({ name: indicatorName(d), max: 100, min: 0 })),
    },
    series: [
      {
        type: 'radar',
        data: [
          {
            name: labels.account,
            value: dimensions.map((d) => d.score ?? 0),
            itemStyle: { color: ACCENT_COLOR },
            areaStyle: { opacity: 0.2 },
          },
          ...(hasAverage
            ? [
                {
                  name: labels.segment,
                  value: dimensions.map((d) => d.segmentAverage ?? 0),
                  itemStyle: { color: NEUTRAL_COLOR },
                  lineStyle: { type: 'dashed' as const },
                },
              ]
            : []),
        ],
      },
    ],
  };
}

/** One scored period of `GET …/health/history`. */
export interface HistoryPoint {
  period: string;
  score: number | null;
  tier: string | null;
}

/** One tier change of `GET …/health/history`. */
export interface HistoryTransition {
  period: string;
  kind: 'win' | 'save' | 'improve' | 'decline';
  fromTier: string | null;
  toTier: string | null;
}

/**
 * Tier bands for a 0..100 axis from thresholds listed best first: `[from, to]` per tier.
 * Tiers without `min` are skipped.
 * @example tierBands([{ key: 'g', min: 80 }, { key: 'r', min: 0 }]) // [{ tier: g, from: 80, to: 100 }, { tier: r, from: 0, to: 80 }]
 */
export function tierBands<T extends { min?: number }>(
  tiers: readonly T[],
): { tier: T; from: number; to: number }[] {
  const bands: { tier: T; from: number; to: number }[] = [];
  let upper = 100;
  for (const tier of tiers) {
    if (tier.min === undefined) continue;
    bands.push({ tier, from: tier.min, to: upper });
    upper = tier.min;
  }
  return bands;
}

/**
 * Score history as a line over tier-coloured bands (markArea) with a marker (markPoint) at each tier change.
 * `transitionLabel` names a change for the marker's tooltip, e.g. "Save: Red → Yellow".
 * @example scoreHistoryOption(points, transitions, tiers, { score: 'Score', formatPeriod: (p) => p, transitionLabel: (t) => t.kind })
 */
export function scoreHistoryOption(
  points: readonly HistoryPoint[],
  transitions: readonly HistoryTransition[],
  tiers: readonly ChartTier[],
  labels: {
    score: string;
    formatPeriod: (period: string) => string;
    transitionLabel: (transition: HistoryTransition) => string;
  },
): ChartOption {
  const periods = points.map((p) => p.period);
  const scoreAt = new Map(points.map((p) => [p.period, p.score]));
  const markers = transitions.flatMap((t) => {
    const score = scoreAt.get(t.period);
    if (score === null || score === undefined) return [];
    return [
      {
        name: labels.transitionLabel(t),
        coord: [labels.formatPeriod(t.period), score],
        value: t.kind === 'decline' ? '↓' : '↑',
        itemStyle: { color: t.kind === 'decline' ? '#dc2626' : '#16a34a' },
      },
    ];
  });
  return {
    grid: compactGrid,
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', boundaryGap: false, data: periods.map(labels.formatPeriod) },
    yAxis: { type: 'value', min: 0, max: 100 },
    series: [
      {
        type: 'line',
        name: labels.score,
        color: ACCENT_COLOR,
        connectNulls: false,
        data: points.map((p) => p.score),
        markArea: {
          silent: true,
          data: tierBands(tiers).map(({ tier, from, to }) => [
            { name: tier.name, yAxis: from, itemStyle: { color: tier.color, opacity: 0.12 } },
            { yAxis: to },
          ]),
          label: { position: 'insideRight', color: NEUTRAL_COLOR },
        },
        markPoint: { symbolSize: 36, label: { fontSize: 14 }, data: markers },
      },
    ],
  };
}

/**
 * Daily active users (left axis) and events (right axis) of an account.
 * @example activityOption([{ day: '2026-11-01', activeUsers: 4, events: 120 }], { users: 'Active users', events: 'Events', formatDay: (d) => d })
 */
export function activityOption(
  days: ReadonlyArray<{ day: string; activeUsers: number; events: number }>,
  labels: { users: string; events: string; formatDay: (day: string) => string },
): ChartOption {
  return {
    grid: { ...compactGrid, top: 36 },
    legend: { top: 0, data: [labels.users, labels.events] },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: days.map((d) => labels.formatDay(d.day)) },
    yAxis: [
      { type: 'value', minInterval: 1, name: labels.users },
      { type: 'value', minInterval: 1, name: labels.events, splitLine: { show: false } },
    ],
    series: [
      {
        type: 'line',
        name: labels.users,
        color: ACCENT_COLOR,
        symbol: 'none',
        data: days.map((d) => d.activeUsers),
      },
      {
        type: 'bar',
        name: labels.events,
        color: '#cbd5e1',
        yAxisIndex: 1,
        data: days.map((d) => d.events),
      },
    ],
  };
}

/**
 * Events per module or feature as horizontal bars, largest on top.
 * @example usageBarsOption([{ label: 'Reports', events: 120 }])
 */
export function usageBarsOption(rows: ReadonlyArray<{ label: string; events: number }>): ChartOption {
  const sorted = [...rows].sort((a, b) => a.events - b.events);
  return {
    grid: compactGrid,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: sorted.map((r) => r.label) },
    series: [{ type: 'bar', color: ACCENT_COLOR, data: sorted.map((r) => r.events) }],
  };
}
