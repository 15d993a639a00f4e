import type { ScoreGroup } from '../../api/surveys';
import { textTooltip } from './escape-html';
import type { ChartOption } from './options';

// Option builders of the survey charts (trend and distribution). Pure, like options.ts: data and translated labels
// in, an ECharts option out; only the series registered in echarts.ts (line, bar).

/**
 * A colour per score group: the low group red, the middle amber, the high group green, whatever the survey type.
 * @example GROUP_COLORS.detractor // '#dc2626'
 */
export const GROUP_COLORS: Record<ScoreGroup, string> = {
  detractor: '#dc2626',
  dissatisfied: '#dc2626',
  difficult: '#dc2626',
  passive: '#d97706',
  neutral: '#d97706',
  promoter: '#16a34a',
  satisfied: '#16a34a',
  easy: '#16a34a',
};

const LINE_COLOR = '#2563eb';
// ECharts 6 keeps axis labels inside the chart by default (grid.outerBoundsMode 'auto'); v5's containLabel
// is ignored there without the legacy module, and only logged a warning.
const grid = { left: 8, right: 16, top: 24, bottom: 8 };

/** One month of the trend: its label, the survey's number (null without answers) and how many answers. */
export interface TrendPoint {
  label: string;
  value: number | null;
  responses: number;
}

/**
 * The headline number per month as a line on a fixed axis (`min`..`max`: NPS −100..100, CSAT 0..100 %, CES the
 * scale), gaps where a month had no answers. `format` renders a value for the tooltip.
 * @example surveyTrendOption([{ label: 'Nov 2026', value: 20, responses: 5 }], { name: 'NPS', min: -100, max: 100, format: String })
 */
export function surveyTrendOption(
  points: readonly TrendPoint[],
  axis: { name: string; min: number; max: number; format: (value: number) => string },
): ChartOption {
  return {
    grid,
    tooltip: {
      trigger: 'axis',
      formatter: textTooltip((params) => {
        const first = Array.isArray(params) ? params[0] : params;
        const point = first ? points[first.dataIndex] : undefined;
        if (!point) return '';
        return point.value === null
          ? `${point.label}: —`
          : `${point.label}: ${axis.format(point.value)} (${point.responses})`;
      }),
    },
    xAxis: { type: 'category', data: points.map((p) => p.label) },
    yAxis: { type: 'value', min: axis.min, max: axis.max, name: axis.name },
    series: [
      {
        type: 'line',
        name: axis.name,
        data: points.map((p) => p.value),
        connectNulls: false,
        showSymbol: true,
        symbolSize: 8,
        itemStyle: { color: LINE_COLOR },
        lineStyle: { color: LINE_COLOR, width: 2 },
      },
    ],
  };
}

/**
 * Answers per score as bars, each in its group's colour, lowest score first.
 * @example surveyDistributionOption([{ score: 0, count: 2, group: 'detractor' }])
 */
export function surveyDistributionOption(
  bars: ReadonlyArray<{ score: number; count: number; group: ScoreGroup }>,
): ChartOption {
  return {
    grid,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'category', data: bars.map((b) => String(b.score)) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      {
        type: 'bar',
        data: bars.map((b) => ({ value: b.count, itemStyle: { color: GROUP_COLORS[b.group] } })),
        label: { show: true, position: 'top' },
      },
    ],
  };
}
