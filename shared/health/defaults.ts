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
 * A model that scores accounts with no configuration, built to react to what precedes churn rather than
 * to reward an account for having had users once. Half the weight is on recent use against the account's
 * own trailing 8-week baseline (last 7 and 14 days, days since any activity): a drop shows within a week.
 * The rest is on level: active users against purchased seats, stickiness (DAU ÷ MAU), core features used,
 * NPS/CSAT answers and the CSM rating. A short dip (a holiday) costs the recent half but not the level half,
 * so it reads Yellow, not Red; a drop that lasts takes the 30-day measures down with it.
 * Missing data is skipped and the rest renormalised, so an account without seats, surveys, a rating or
 * 2 weeks of history is not punished for it. Below 25 % of the weight present it is "insufficient data":
 * a new account with seats is scored from its first day on seats and recency (25 %, with core features and
 * from its 7th day stickiness); one without seats waits for stickiness (7 days) or the baselines (3 weeks).
 * Its figures on the synthetic portfolio are in the README ("How scoring works").
 * @example compileModel(DEFAULT_MODEL).score(input, context).tier // 'green' | 'green-yellow' | 'yellow' | 'red' | null
 */
export const DEFAULT_MODEL: HealthModel = {
  missingData: 'skip',
  minCoverage: 0.25,
  tiers: DEFAULT_TIERS.map((t) => ({ ...t })),
  dimensions: DEFAULT_DIMENSIONS.map((d) => ({ ...d })),
  measures: [
    {
      key: 'activeUsers7d',
      label: 'Active users, last 7 days vs own 8-week baseline',
      kind: 'baselineRatio',
      windowDays: 7,
      params: { of: 'dailyActiveUsers', baselineDays: 56, minBaselineDays: 14 },
      normalisation: { kind: 'linear', min: 0.05, max: 0.8, direction: 'higher' },
      weight: 20,
    },
    {
      key: 'events7d',
      label: 'Events, last 7 days vs own 8-week baseline',
      kind: 'baselineRatio',
      windowDays: 7,
      params: { of: 'events', baselineDays: 56, minBaselineDays: 14 },
      normalisation: { kind: 'linear', min: 0.05, max: 0.8, direction: 'higher' },
      weight: 5,
    },
    {
      key: 'activeUsers14d',
      label: 'Active users, last 14 days vs own 8-week baseline',
      kind: 'baselineRatio',
      windowDays: 14,
      params: { of: 'dailyActiveUsers', baselineDays: 56, minBaselineDays: 14 },
      normalisation: { kind: 'linear', min: 0.05, max: 0.9, direction: 'higher' },
      weight: 15,
    },
    {
      key: 'daysSinceActivity',
      label: 'Days since anyone was active',
      kind: 'daysSinceActivity',
      windowDays: 30,
      params: {},
      normalisation: { kind: 'linear', min: 5, max: 14, direction: 'lower' },
      weight: 10,
    },
    {
      key: 'activeSeats',
      label: 'Active users ÷ purchased seats (30 days)',
      kind: 'loginRate',
      windowDays: 30,
      params: { denominator: 'seats' },
      normalisation: { kind: 'linear', min: 0.1, max: 0.8, direction: 'higher' },
      weight: 15,
    },
    {
      key: 'stickiness',
      label: 'Stickiness: daily ÷ monthly active users (30 days)',
      kind: 'stickiness',
      windowDays: 30,
      params: {},
      normalisation: { kind: 'linear', min: 0.1, max: 0.5, direction: 'higher' },
      weight: 10,
    },
    {
      key: 'coreFeatureUsage',
      label: 'Core features used (30 days)',
      kind: 'coreFeatureUsage',
      windowDays: 30,
      params: { minEvents: 1 },
      normalisation: { kind: 'linear', min: 0.2, max: 0.8, direction: 'higher' },
      weight: 10,
    },
    {
      key: 'nps',
      label: 'NPS (180 days)',
      kind: 'nps',
      windowDays: 180,
      params: { minResponses: 1 },
      normalisation: { kind: 'linear', min: -50, max: 50, direction: 'higher' },
      weight: 5,
    },
    {
      key: 'csat',
      label: 'CSAT (180 days)',
      kind: 'csat',
      windowDays: 180,
      params: { satisfiedMin: 4, minResponses: 1 },
      normalisation: { kind: 'linear', min: 0.5, max: 0.9, direction: 'higher' },
      weight: 5,
    },
    {
      key: 'csmRating',
      label: 'CSM rating',
      kind: 'csmRating',
      windowDays: 30,
      params: { maxAgeDays: 180 },
      normalisation: { kind: 'linear', min: 1, max: 5, direction: 'higher' },
      weight: 5,
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
