import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TIER_SKEW_MIN_SCORED, TIER_SKEW_THRESHOLD, tierSkew } from '../../../shared/portfolio/tier-skew';

describe('tierSkew', () => {
  it('names the tier holding 90 % or more of the scored accounts', () => {
    expect(
      tierSkew([
        ['green', 38],
        ['yellow', 1],
        ['red', 1],
      ]),
    ).toEqual({ tier: 'green', count: 38, scored: 40, share: 0.95, threshold: 0.9 });
  });

  it('counts exactly 90 % as skewed and 89 % as not', () => {
    expect(
      tierSkew([
        ['red', 9],
        ['green', 1],
      ]),
    ).toMatchObject({ tier: 'red', share: 0.9 });
    expect(
      tierSkew([
        ['green', 89],
        ['yellow', 11],
      ]),
    ).toBeNull();
  });

  it('judges nothing below ten scored accounts', () => {
    expect(TIER_SKEW_MIN_SCORED).toBe(10);
    expect(tierSkew([['green', 9]])).toBeNull();
    expect(tierSkew([['green', 10]])).toMatchObject({ tier: 'green', count: 10, scored: 10, share: 1 });
    expect(tierSkew([])).toBeNull();
  });

  it('adds up a tier repeated per segment and ignores empty tiers', () => {
    expect(
      tierSkew([
        ['green', 6],
        ['yellow', 0],
        ['green', 4],
        ['red', 1],
      ]),
    ).toMatchObject({ tier: 'green', count: 10, scored: 11 });
  });

  it('takes its threshold and minimum as options', () => {
    const counts: [string, number][] = [
      ['green', 3],
      ['red', 1],
    ];
    expect(tierSkew(counts, { threshold: 0.75, minScored: 4 })).toMatchObject({
      tier: 'green',
      threshold: 0.75,
    });
    expect(tierSkew(counts, { threshold: 0.75, minScored: 5 })).toBeNull();
  });

  it('reports a skew exactly when the largest tier holds ≥ 90 % of at least ten accounts', () => {
    const countsArb = fc.array(
      fc.tuple(fc.constantFrom('green', 'green-yellow', 'yellow', 'red'), fc.nat({ max: 60 })),
      { maxLength: 8 },
    );
    fc.assert(
      fc.property(countsArb, (counts) => {
        const totals = new Map<string, number>();
        for (const [tier, n] of counts) totals.set(tier, (totals.get(tier) ?? 0) + n);
        const scored = [...totals.values()].reduce((s, n) => s + n, 0);
        const largest = Math.max(0, ...totals.values());
        const skew = tierSkew(counts);
        // Integer arithmetic: 10 × largest ≥ 9 × scored ⇔ largest / scored ≥ 0.9.
        const expected = scored >= TIER_SKEW_MIN_SCORED && 10 * largest >= 9 * scored;
        expect(skew !== null).toBe(expected);
        if (skew) {
          expect(totals.get(skew.tier)).toBe(largest);
          expect(skew).toMatchObject({ count: largest, scored, threshold: TIER_SKEW_THRESHOLD });
          expect(skew.share).toBe(largest / scored);
        }
      }),
    );
  });
});
