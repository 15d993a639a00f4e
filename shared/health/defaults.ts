import type { DimensionConfig, HealthModel, TierConfig } from './model';
import type { Segment } from './segments';

/**
 * The default tiers, best first: green ≥ 80, green-yellow 60–79.9, yellow 40–59.9, red < 40
 * (lower bounds inclusive).
 * @example DEFAULT_TIERS.map((t) => t.minScore) // [80, 60, 40, 0]
 */
export const DEFAULT_TIERS: readonly TierConfig[] = [
  {
    key: 'green',
    label: 'Green',
    minScore: 80,
    color: '#16a34a',
    guidance: 'Healthy: look for expansion, referrals and a case study.',
  },
  {
    key: 'green-yellow',
    label: 'Green-yellow',
    minScore: 60,
    color: '#84cc16',
    guidance: 'Mostly healthy: push adoption of the features they do not use yet.',
  },
  {
    key: 'yellow',
    label: 'Yellow',
    minScore: 40,
    color: '#eab308',
    guidance: 'At risk: book a check-in, find the blocker, agree an adoption plan.',
  },
  {
    key: 'red',
    label: 'Red',
    minScore: 0,
    color: '#dc2626',
    guidance: 'Critical: escalate, meet the sponsor, run the rescue playbook.',
  },
];

/**
 * The default dimensions (radar-chart axes).
 * @example DEFAULT_DIMENSIONS.map((d) => d.key) // ['usage', 'outcomes', 'satisfaction', 'support', 'relationship']
 */
export const DEFAULT_DIMENSIONS: readonly DimensionConfig[] = [
  { key: 'usage', label: 'Usage' },
  { key: 'outcomes', label: 'Outcomes' },
  { key: 'satisfaction', label: 'Satisfaction' },
  { key: 'support', label: 'Support' },
  { key: 'relationship', label: 'Relationship' },
];

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
