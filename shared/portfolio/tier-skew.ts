/**
 * Share of scored accounts (0..1) in one tier from which a model is suspected of not telling risk apart: a
 * model that puts almost everyone in one tier makes a skewed portfolio look healthy (or doomed).
 */
export const TIER_SKEW_THRESHOLD = 0.9;

/**
 * Fewest scored accounts a skew is reported for: three accounts all green are three accounts, not evidence
 * about the model. Ten is the smallest portfolio where 90 % in one tier means at least nine accounts.
 */
export const TIER_SKEW_MIN_SCORED = 10;

/** The most populated tier of a scored period, when it holds at least `threshold` of the scored accounts. */
export interface TierSkew {
  /** Tier key, e.g. `green`. */
  tier: string;
  /** Accounts in that tier. */
  count: number;
  /** Accounts with a tier (insufficient data excluded), ≥ {@link TIER_SKEW_MIN_SCORED}. */
  scored: number;
  /** `count / scored`, 0..1, unrounded. */
  share: number;
  /** The share the warning starts at, 0..1. */
  threshold: number;
}

export interface TierSkewOptions {
  /** Share (0..1, inclusive) that counts as skewed; default {@link TIER_SKEW_THRESHOLD}. */
  threshold?: number;
  /** Fewest scored accounts to judge; default {@link TIER_SKEW_MIN_SCORED}. */
  minScored?: number;
}

/**
 * The tier holding at least `threshold` of the scored accounts, or null when none does or fewer than
 * `minScored` accounts have a tier. `counts` are accounts per tier key (a key may repeat, e.g. once per
 * segment: repeats add up); counts ≤ 0 are ignored. With a threshold above 0.5 at most one tier qualifies.
 * @example tierSkew([['green', 38], ['yellow', 2]]) // { tier: 'green', count: 38, scored: 40, share: 0.95, threshold: 0.9 }
 * @example tierSkew([['green', 3]]) // null: too few accounts to judge
 */
export function tierSkew(
  counts: Iterable<readonly [tier: string, count: number]>,
  options: TierSkewOptions = {},
): TierSkew | null {
  const threshold = options.threshold ?? TIER_SKEW_THRESHOLD;
  const minScored = options.minScored ?? TIER_SKEW_MIN_SCORED;
  const byTier = new Map<string, number>();
  let scored = 0;
  for (const [tier, count] of counts) {
    if (!(count > 0)) continue;
    byTier.set(tier, (byTier.get(tier) ?? 0) + count);
    scored += count;
  }
  if (scored === 0 || scored < minScored) return null;
  let top: [string, number] | null = null;
  for (const entry of byTier) if (!top || entry[1] > top[1]) top = entry;
  if (!top) return null;
  const share = top[1] / scored;
  return share >= threshold ? { tier: top[0], count: top[1], scored, share, threshold } : null;
}
