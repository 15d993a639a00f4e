import {
  MEASURE_KIND_KEYS,
  MEASURE_KINDS,
  type MeasureKind,
  type MeasureUnit,
  TREND_METRICS,
} from '../../../../../shared/health/kinds';

// The measure catalogue of the model editor: every kind the core calculates, grouped by its default dimension, with
// the parameters each takes. Words for each kind and unit are in i18n (`studioModel.kinds.<kind>`,
// `studioModel.units.<unit>`); only structure lives here. Pure, no zod (the schemas would weigh the chunk down).

/** Dimension order of the catalogue (the default dimensions' order). */
export const CATALOGUE_DIMENSIONS = ['usage', 'outcomes', 'satisfaction', 'support', 'relationship'] as const;

/** Kinds grouped by their default dimension, in catalogue order; a dimension without kinds is left out. */
export const CATALOGUE: ReadonlyArray<{ dimension: string; kinds: readonly MeasureKind[] }> =
  CATALOGUE_DIMENSIONS.map((dimension) => ({
    dimension,
    kinds: MEASURE_KIND_KEYS.filter((k) => MEASURE_KINDS[k].dimension === dimension),
  })).filter((g) => g.kinds.length > 0);

/**
 * The unit of a kind's raw value.
 * @example unitOf('nps') // 'nps'
 */
export function unitOf(kind: MeasureKind): MeasureUnit {
  return MEASURE_KINDS[kind].unit;
}

/** The dimension a kind belongs to when its measure names none. */
export function kindDimension(kind: MeasureKind): string {
  return MEASURE_KINDS[kind].dimension;
}

/** True for a kind key the core knows (a stored model from a newer version may hold others). */
export function isMeasureKind(value: string): value is MeasureKind {
  return value in MEASURE_KINDS;
}

/**
 * One parameter of a kind, as the editor renders it: a number, free text, a comma-separated list, one of
 * `options`, or the key of another measure of the model. `optional` parameters may be left empty (then omitted).
 */
export interface ParamSpec {
  name: string;
  type: 'number' | 'text' | 'list' | 'enum' | 'measure';
  options?: readonly string[];
  optional?: boolean;
}

const minEvents: ParamSpec = { name: 'minEvents', type: 'number' };
const minResponses: ParamSpec = { name: 'minResponses', type: 'number' };
const maxAgeDays: ParamSpec = { name: 'maxAgeDays', type: 'number', optional: true };
const trendOf: ParamSpec = { name: 'of', type: 'enum', options: TREND_METRICS };

/** The parameters of each kind (as shared/health/model.ts MEASURE_PARAMS declares them). */
export const PARAM_SPECS: Record<MeasureKind, readonly ParamSpec[]> = {
  seatActivationRate: [],
  loginRate: [{ name: 'denominator', type: 'enum', options: ['activatedUsers', 'seats'] }],
  engagedRate: [{ name: 'minMinutes', type: 'number' }],
  featureCoverage: [{ name: 'module', type: 'text', optional: true }, minEvents],
  coreFeatureUsage: [minEvents],
  depth: [{ name: 'of', type: 'enum', options: ['events', 'activeMinutes'] }],
  activeDays: [],
  apiIntegration: [{ name: 'featureKeys', type: 'list' }, { name: 'modules', type: 'list' }, minEvents],
  stickiness: [],
  trend: [trendOf, { name: 'minBaseline', type: 'number' }],
  baselineRatio: [
    trendOf,
    { name: 'baselineDays', type: 'number' },
    { name: 'minBaselineDays', type: 'number' },
  ],
  daysSinceActivity: [],
  benchmarkRatio: [
    { name: 'measureKey', type: 'measure' },
    { name: 'of', type: 'enum', options: ['segment', 'all'] },
  ],
  csmRating: [maxAgeDays],
  customMetric: [{ name: 'metricKey', type: 'text' }, maxAgeDays],
  nps: [minResponses],
  csat: [{ name: 'satisfiedMin', type: 'number' }, minResponses],
  ces: [minResponses],
  firstContactResolutionRate: [{ name: 'minTickets', type: 'number' }],
  openTickets: [],
  firstResponseTime: [{ name: 'stat', type: 'enum', options: ['median', 'mean'] }],
};

/** Every enum option any parameter offers (each has words in `studioModel.paramOptions`). */
export const PARAM_OPTIONS = [
  ...new Set(
    Object.values(PARAM_SPECS)
      .flat()
      .flatMap((p) => p.options ?? []),
  ),
];

/**
 * The parameters a new measure of `kind` starts with (the schema's defaults; required ones get a starting value).
 * @example defaultParams('trend', []) // { of: 'dailyActiveUsers', minBaseline: 1 }
 */
export function defaultParams(kind: MeasureKind, otherKeys: readonly string[]): Record<string, unknown> {
  switch (kind) {
    case 'loginRate':
      return { denominator: 'activatedUsers' };
    case 'engagedRate':
      return { minMinutes: 10 };
    case 'featureCoverage':
    case 'coreFeatureUsage':
      return { minEvents: 1 };
    case 'depth':
      return { of: 'events' };
    case 'apiIntegration':
      return { featureKeys: [], modules: ['api'], minEvents: 1 };
    case 'trend':
      return { of: 'dailyActiveUsers', minBaseline: 1 };
    case 'baselineRatio':
      return { of: 'dailyActiveUsers', baselineDays: 56, minBaselineDays: 14 };
    case 'benchmarkRatio':
      return { measureKey: otherKeys[0] ?? '', of: 'segment' };
    case 'customMetric':
      return { metricKey: '' };
    case 'nps':
    case 'ces':
      return { minResponses: 1 };
    case 'csat':
      return { satisfiedMin: 4, minResponses: 1 };
    case 'firstContactResolutionRate':
      return { minTickets: 1 };
    case 'firstResponseTime':
      return { stat: 'median' };
    default:
      return {};
  }
}

/** Linear bounds and direction a new measure of each unit starts with: a reasonable first guess to adjust. */
const UNIT_BOUNDS: Record<MeasureUnit, { min: number; max: number; direction: 'higher' | 'lower' }> = {
  rate: { min: 0.1, max: 0.8, direction: 'higher' },
  changeRate: { min: -0.5, max: 0.1, direction: 'higher' },
  ratio: { min: 0.5, max: 1.2, direction: 'higher' },
  nps: { min: -50, max: 50, direction: 'higher' },
  stars: { min: 1, max: 5, direction: 'higher' },
  scale: { min: 1, max: 7, direction: 'lower' },
  boolean: { min: 0, max: 1, direction: 'higher' },
  perActiveUser: { min: 1, max: 50, direction: 'higher' },
  days: { min: 2, max: 20, direction: 'higher' },
  count: { min: 0, max: 10, direction: 'lower' },
  minutes: { min: 60, max: 1440, direction: 'lower' },
  number: { min: 0, max: 100, direction: 'higher' },
};

/**
 * A linear normalisation to start a measure of `kind` with.
 * @example defaultLinear('daysSinceActivity') // { kind: 'linear', min: 5, max: 14, direction: 'lower' }
 */
export function defaultLinear(kind: MeasureKind) {
  if (kind === 'daysSinceActivity')
    return { kind: 'linear' as const, min: 5, max: 14, direction: 'lower' as const };
  return { kind: 'linear' as const, ...UNIT_BOUNDS[unitOf(kind)] };
}

/** Survey kinds look back further by default: answers are rare. */
export function defaultWindowDays(kind: MeasureKind): number {
  return kind === 'nps' || kind === 'csat' || kind === 'ces' ? 180 : 30;
}
