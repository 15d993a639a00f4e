/**
 * The measure kinds the core can calculate, with the unit of their raw value and the dimension they
 * belong to when a measure config names none. Survey and support kinds plug into the same interface
 * as usage kinds: their data simply arrives in `AccountHealthInput.surveys` / `.tickets`.
 * @example MEASURE_KINDS.loginRate.unit // 'rate'
 */
export const MEASURE_KINDS = {
  seatActivationRate: { unit: 'rate', dimension: 'usage', label: 'Seat activation', data: 'account' },
  loginRate: { unit: 'rate', dimension: 'usage', label: 'Login rate', data: 'window' },
  engagedRate: { unit: 'rate', dimension: 'usage', label: 'Engaged users', data: 'window' },
  featureCoverage: { unit: 'rate', dimension: 'usage', label: 'Feature coverage', data: 'window' },
  coreFeatureUsage: { unit: 'rate', dimension: 'usage', label: 'Core feature usage', data: 'window' },
  depth: { unit: 'perActiveUser', dimension: 'usage', label: 'Depth of use', data: 'window+days' },
  activeDays: { unit: 'days', dimension: 'usage', label: 'Active days', data: 'days' },
  apiIntegration: { unit: 'boolean', dimension: 'usage', label: 'API integration', data: 'window' },
  stickiness: { unit: 'rate', dimension: 'usage', label: 'Stickiness (DAU/MAU)', data: 'window+days' },
  trend: { unit: 'changeRate', dimension: 'usage', label: 'Usage trend', data: 'days2' },
  baselineRatio: {
    unit: 'ratio',
    dimension: 'usage',
    label: 'Recent use versus own baseline',
    data: 'days+baseline',
  },
  daysSinceActivity: { unit: 'days', dimension: 'usage', label: 'Days since last activity', data: 'days' },
  benchmarkRatio: { unit: 'ratio', dimension: 'usage', label: 'Versus benchmark', data: 'measure' },
  csmRating: { unit: 'stars', dimension: 'relationship', label: 'CSM rating', data: 'account' },
  customMetric: { unit: 'number', dimension: 'outcomes', label: 'Custom metric', data: 'account' },
  nps: { unit: 'nps', dimension: 'satisfaction', label: 'NPS', data: 'account' },
  csat: { unit: 'rate', dimension: 'satisfaction', label: 'CSAT', data: 'account' },
  ces: { unit: 'scale', dimension: 'satisfaction', label: 'Customer effort (CES)', data: 'account' },
  firstContactResolutionRate: {
    unit: 'rate',
    dimension: 'support',
    label: 'First-contact resolution',
    data: 'account',
  },
  openTickets: { unit: 'count', dimension: 'support', label: 'Open tickets', data: 'account' },
  firstResponseTime: { unit: 'minutes', dimension: 'support', label: 'First response time', data: 'account' },
} as const satisfies Record<string, MeasureKindInfo>;

/**
 * Unit of a measure's raw value: `rate` 0..1 (may exceed 1 only for seat activation when more users
 * are active than seats were bought), `changeRate` −1..∞ (−0.25 = 25 % down), `ratio` value ÷ benchmark (or, for `baselineRatio`, recent
 * daily average ÷ the account's own baseline daily average: 1 = as usual, 0.5 = half),
 * `nps` −100..100, `stars` 1..5, `scale` the survey scale (CES 1..7), `boolean` 0 or 1,
 * `perActiveUser` events or minutes per active user, `days`, `count`, `minutes`, `number` (custom).
 * @example const unit: MeasureUnit = MEASURE_KINDS.nps.unit; // 'nps'
 */
export type MeasureUnit =
  | 'rate'
  | 'changeRate'
  | 'ratio'
  | 'nps'
  | 'stars'
  | 'scale'
  | 'boolean'
  | 'perActiveUser'
  | 'days'
  | 'count'
  | 'minutes'
  | 'number';

/**
 * What a kind reads: `account` (account row, ratings, metrics, surveys, tickets), `window` (per-user and
 * per-feature aggregates for its window), `days` (daily rollups for its window), `days2` (daily rollups
 * for its window and the one before), `days+baseline` (daily rollups for its window and the baseline
 * before it), `measure` (another measure's raw value and its benchmark).
 * @example const info: MeasureKindInfo = MEASURE_KINDS.trend; // { unit: 'changeRate', data: 'days2', … }
 */
export interface MeasureKindInfo {
  unit: MeasureUnit;
  dimension: string;
  label: string;
  data: 'account' | 'window' | 'days' | 'days2' | 'days+baseline' | 'window+days' | 'measure';
}

/**
 * A measure kind's key.
 * @example const kind: MeasureKind = 'loginRate';
 */
export type MeasureKind = keyof typeof MEASURE_KINDS;

/**
 * Every measure kind, in catalogue order (for admin pickers).
 * @example MEASURE_KIND_KEYS.includes('nps') // true
 */
export const MEASURE_KIND_KEYS = Object.keys(MEASURE_KINDS) as MeasureKind[];

/**
 * The daily-rollup quantities a `trend` measure can follow, as totals over each window: events, active
 * time (minutes), days with any event, and daily active users (user-days; its change equals the change
 * of average DAU). `minBaseline` is in the same unit.
 * @example TREND_METRICS[3] // 'dailyActiveUsers'
 */
export const TREND_METRICS = ['events', 'activeTime', 'activeDays', 'dailyActiveUsers'] as const;

/**
 * One of {@link TREND_METRICS}.
 * @example const of: TrendMetric = 'dailyActiveUsers';
 */
export type TrendMetric = (typeof TREND_METRICS)[number];
