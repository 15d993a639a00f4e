import type { SurveyScale, SurveySummaryDto, SurveyType } from '../../api/surveys';

// How a survey's headline number reads: NPS a signed whole number (−100..100), CSAT a percentage (from a rate
// 0..1), CES the mean on the survey's own scale with one decimal. Pure: `locale` is an argument.

/**
 * The survey's headline number from its summary (the field named after its type), null without answers.
 * @example headlineOf({ type: 'nps', nps: 20, csat: null, ces: null }) // 20
 */
export function headlineOf(summary: Pick<SurveySummaryDto, 'type' | 'nps' | 'csat' | 'ces'>): number | null {
  return summary[summary.type];
}

/**
 * A headline value as text.
 * @example formatMetric('nps', 20, 'en-US') // '+20'
 * @example formatMetric('csat', 0.8, 'en-US') // '80%'
 * @example formatMetric('ces', 5.25, 'en-US') // '5.3'
 */
export function formatMetric(type: SurveyType, value: number | null, locale?: string): string {
  if (value === null || !Number.isFinite(value)) return '—';
  if (type === 'nps')
    return new Intl.NumberFormat(locale, { maximumFractionDigits: 0, signDisplay: 'exceptZero' }).format(
      value,
    );
  if (type === 'csat')
    return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(value);
  return new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(value);
}

/**
 * The trend chart's axis for a type: NPS −100..100, CSAT 0..100 (percent), CES the scale; `toChart` maps a headline
 * value onto it and `fromChart` back.
 * @example chartAxis('csat', { min: 1, max: 5 }).toChart(0.8) // 80
 */
export function chartAxis(type: SurveyType, scale: SurveyScale) {
  if (type === 'nps') return { min: -100, max: 100, toChart: (v: number) => v, fromChart: (v: number) => v };
  if (type === 'csat')
    return {
      min: 0,
      max: 100,
      toChart: (v: number) => Math.round(v * 1000) / 10,
      fromChart: (v: number) => v / 100,
    };
  return {
    min: scale.min,
    max: scale.max,
    toChart: (v: number) => Math.round(v * 100) / 100,
    fromChart: (v: number) => v,
  };
}

/**
 * A `YYYY-MM` month as a short label, e.g. `Nov 2026` / `2026年11月`.
 * @example monthLabel('2026-11', 'en-US') // 'Nov 2026'
 */
export function monthLabel(month: string, locale?: string): string {
  const date = new Date(`${month}-01T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return month;
  return new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', timeZone: 'UTC' }).format(date);
}

/**
 * Answered ÷ sent as a rate 0..1, null when nothing was sent.
 * @example responseRateOf({ sent: 40, responses: 12 }) // 0.3
 */
export function responseRateOf(stats: { sent: number; responses: number }): number | null {
  return stats.sent > 0 ? Math.min(1, stats.responses / stats.sent) : null;
}
