import { DEFAULT_DIMENSIONS, DEFAULT_TIERS, type HealthModel } from './model';
import type { Segment } from './segments';

// The default tiers and dimensions live beside the schema whose defaults they are (model.ts imports nothing
// from here, so there is no import cycle); re-exported so callers find every default in one place.
export { DEFAULT_DIMENSIONS, DEFAULT_TIERS };

/**
 * The id of the model a fresh install scores with.
 * @example DEFAULT_SEGMENT.modelId === DEFAULT_MODEL_ID // true
 */
export const DEFAULT_MODEL_ID = 'default';

/**
 * A model that scores accounts with no configuration, from usage data and the CSM rating only.
 * Missing data is skipped and the rest renormalised, so an account without seats, a rating or history
 * is not punished for it; below half the weight present it is "insufficient data".
 * @example compileModel(DEFAULT_MODEL).score(input, context).tier // 'green' | 'green-yellow' | 'yellow' | 'red' | null
 */
export const DEFAULT_MODEL: HealthModel = {
  missingData: 'skip',
  minCoverage: 0.5,
  tiers: DEFAULT_TIERS.map((t) => ({ ...t })),
  dimensions: DEFAULT_DIMENSIONS.map((d) => ({ ...d })),
  measures: [
    {
      key: 'seatActivation',
      label: 'Seat activation',
      kind: 'seatActivationRate',
      windowDays: 30,
      params: {},
      normalisation: { kind: 'linear', min: 0.1, max: 0.9, direction: 'higher' },
      weight: 20,
    },
    {
      key: 'loginRate',
      label: 'Login rate (30 days)',
      kind: 'loginRate',
      windowDays: 30,
      params: { denominator: 'activatedUsers' },
      normalisation: { kind: 'linear', min: 0.1, max: 0.8, direction: 'higher' },
      weight: 20,
    },
    {
      key: 'engagedRate',
      label: 'Engaged users (≥ 10 min in 30 days)',
      kind: 'engagedRate',
      windowDays: 30,
      params: { minMinutes: 10 },
      normalisation: { kind: 'linear', min: 0, max: 0.6, direction: 'higher' },
      weight: 15,
    },
    {
      key: 'featureCoverage',
      label: 'Feature coverage (30 days)',
      kind: 'featureCoverage',
      windowDays: 30,
      params: { minEvents: 1 },
      normalisation: { kind: 'linear', min: 0.05, max: 0.5, direction: 'higher' },
      weight: 15,
    },
    {
      key: 'coreFeatureUsage',
      label: 'Core features used (30 days)',
      kind: 'coreFeatureUsage',
      windowDays: 30,
      params: { minEvents: 1 },
      normalisation: { kind: 'linear', min: 0, max: 0.8, direction: 'higher' },
      weight: 10,
    },
    {
      key: 'usageTrend',
      label: 'Active users vs previous 30 days',
      kind: 'trend',
      windowDays: 30,
      params: { of: 'dailyActiveUsers', minBaseline: 1 },
      normalisation: {
        kind: 'bands',
        direction: 'higher',
        bands: [
          { bound: 0, points: 100 },
          { bound: -0.1, points: 80 },
          { bound: -0.25, points: 50 },
          { bound: -0.5, points: 20 },
        ],
        otherwisePoints: 0,
      },
      weight: 10,
    },
    {
      key: 'csmRating',
      label: 'CSM rating',
      kind: 'csmRating',
      windowDays: 30,
      params: { maxAgeDays: 180 },
      normalisation: { kind: 'linear', min: 1, max: 5, direction: 'higher' },
      weight: 10,
    },
  ],
};

/**
 * The catch-all segment of a fresh install, scored with {@link DEFAULT_MODEL}.
 * @example resolveSegment(account, [DEFAULT_SEGMENT], '2026-05-01').id // 'default'
 */
export const DEFAULT_SEGMENT: Segment = {
  id: 'default',
  name: 'All accounts',
  order: 0,
  match: 'all',
  conditions: [],
  modelId: DEFAULT_MODEL_ID,
  isDefault: true,
};
