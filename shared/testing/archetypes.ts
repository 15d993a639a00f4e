/**
 * The account archetypes of the synthetic portfolio, in generation order.
 * @example ARCHETYPES.includes('seasonal') // true
 */
export const ARCHETYPES = ['steady', 'growing', 'declining', 'abrupt', 'seasonal', 'dormant'] as const;

/**
 * One archetype: its usage shape over time and its ground-truth outcome.
 * @example const a: Archetype = 'abrupt';
 */
export type Archetype = (typeof ARCHETYPES)[number];

/**
 * How an archetype's accounts are drawn. Ranges are `[min, max)`.
 * @example PROFILES.dormant.churns // true
 */
export interface ArchetypeProfile {
  /** Ground truth: does the account churn at its renewal? */
  churns: boolean;
  /** Users ÷ purchased seats. */
  adoption: readonly [number, number];
  /** A user's chance (0..1) of being active on a working day at full level. */
  propensity: readonly [number, number];
  /** The account's engagement (0..1), multiplying every user's propensity: light and heavy accounts. */
  engagement: readonly [number, number];
  /** Share (0..1) of users who are invited but never active. */
  neverActiveRate: number;
  /** Users join over the period instead of all at the start. */
  growsUsers: boolean;
  /** Day-index range (inclusive) of the change day, from the number of days; null: no change. */
  changeWindow: ((days: number) => [number, number]) | null;
}

// Renewers and churners alike span light to heavy use, so the level of use alone does not tell them apart:
// a model must compare an account with its own past to separate them.
const TYPICAL = {
  adoption: [0.45, 0.95],
  propensity: [0.45, 0.9],
  engagement: [0.5, 1],
  neverActiveRate: 0.08,
  growsUsers: false,
  changeWindow: null,
} as const;

/**
 * The profile of each archetype. Change days are placed relative to the end of the data so every change
 * is followed by at least three weeks of data, and falls after a four-week warm-up when `days` ≥ 84.
 * @example PROFILES.abrupt.changeWindow!(91) // [49, 70]
 */
export const PROFILES: Readonly<Record<Archetype, ArchetypeProfile>> = {
  steady: { ...TYPICAL, churns: false },
  growing: { ...TYPICAL, churns: false, adoption: [0.5, 1], growsUsers: true },
  declining: { ...TYPICAL, churns: true },
  abrupt: { ...TYPICAL, churns: true, changeWindow: (days) => [days - 42, days - 21] },
  seasonal: { ...TYPICAL, churns: false },
  dormant: {
    ...TYPICAL,
    churns: true,
    adoption: [0.25, 0.45],
    propensity: [0.08, 0.25],
    engagement: [1, 1],
    neverActiveRate: 0.35,
    changeWindow: (days) => [days - 56, days - 42],
  },
};

/**
 * The activity level (0..1, multiplies each user's propensity) of an archetype on day index `t`.
 * Abrupt droppers fall to 4 % on their change day; dormant accounts, light users from the start, to 6 %;
 * slowly declining ones lose 70 % linearly over the period; growing ones rise from 45 %; seasonal ones
 * dip to 15 % over the holiday (`holiday`: inclusive day indexes).
 * @example archetypeLevel('abrupt', 60, 91, 55, null) // 0.04
 */
export function archetypeLevel(
  archetype: Archetype,
  t: number,
  days: number,
  changeIndex: number | null,
  holiday: readonly number[] | null,
): number {
  const progress = t / (days - 1);
  switch (archetype) {
    case 'steady':
      return 1;
    case 'growing':
      return 0.45 + 0.55 * progress;
    case 'declining':
      return 1 - 0.7 * progress;
    case 'abrupt':
      return changeIndex !== null && t >= changeIndex ? 0.04 : 1;
    case 'seasonal':
      return holiday && t >= holiday[0]! && t <= holiday[1]! ? 0.15 : 1;
    case 'dormant':
      return changeIndex !== null && t >= changeIndex ? 0.06 : 1;
  }
}

/**
 * The weekly rhythm (multiplies the level) by UTC weekday (0 = Sunday). Every business account is quiet at
 * weekends; seasonal accounts have a stronger rhythm (busy mid-week, slow Fridays, near-silent weekends).
 * @example weekdayFactor('seasonal', 6) // 0.05
 */
export function weekdayFactor(archetype: Archetype, weekday: number): number {
  const weekend = weekday === 0 || weekday === 6;
  if (archetype !== 'seasonal') return weekend ? 0.3 : 1;
  if (weekend) return 0.05;
  return weekday === 5 ? 0.7 : weekday === 1 ? 1 : 1.1;
}
