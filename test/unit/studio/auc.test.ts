import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { auc } from '../../../shared/studio';

/** The definition: wins over all (positive, negative) pairs, a tie counting ½. O(n²), for comparison. */
function pairwiseAuc(scores: readonly number[], positives: readonly boolean[]): number | null {
  let wins = 0;
  let pairs = 0;
  scores.forEach((p, i) => {
    if (!positives[i]) return;
    scores.forEach((n, j) => {
      if (positives[j]) return;
      pairs++;
      wins += p > n ? 1 : p === n ? 0.5 : 0;
    });
  });
  return pairs === 0 ? null : wins / pairs;
}

describe('auc', () => {
  it('equals the hand-computed Mann–Whitney value, ties counting one half', () => {
    // Positives 90, 80, 70, 60 against negatives 80, 60, 50:
    // 90 wins 3; 80 ties 80 and wins 2 (2.5); 70 wins 2; 60 ties 60 and wins 1 (1.5) → 9 of 12 pairs.
    const scores = [90, 80, 80, 70, 60, 60, 50];
    const renewed = [true, true, false, true, false, true, false];
    expect(auc(scores, renewed)).toBe(0.75);
  });

  it('is 1 when every positive outscores every negative, 0 when reversed, 0.5 when all tie', () => {
    expect(auc([3, 4, 1, 2], [true, true, false, false])).toBe(1);
    expect(auc([1, 2, 3, 4], [true, true, false, false])).toBe(0);
    expect(auc([5, 5, 5], [true, false, false])).toBe(0.5);
  });

  it('is null when either class is empty', () => {
    expect(auc([1, 2, 3], [true, true, true])).toBeNull();
    expect(auc([1, 2], [false, false])).toBeNull();
    expect(auc([], [])).toBeNull();
  });

  it('refuses scores and outcomes of different lengths, and scores that are not finite', () => {
    expect(() => auc([1, 2], [true])).toThrow(RangeError);
    expect(() => auc([1, Number.NaN], [true, false])).toThrow(RangeError);
  });

  it('matches the pairwise definition on random scores with many ties', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 6 }), fc.boolean()), { maxLength: 40 }),
        (pairs) => {
          const scores = pairs.map(([s]) => s);
          const positives = pairs.map(([, p]) => p);
          const got = auc(scores, positives);
          const want = pairwiseAuc(scores, positives);
          if (want === null) expect(got).toBeNull();
          else expect(got).toBeCloseTo(want, 12);
        },
      ),
    );
  });
});
