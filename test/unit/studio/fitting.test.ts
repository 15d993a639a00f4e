import { describe, expect, it } from 'vitest';
import {
  assignFolds,
  fitNonNegativeLogistic,
  largestRemainder,
  pointsMatrix,
  weightedScores,
} from '../../../shared/studio';
import { createRng } from '../../../shared/testing';

describe('largestRemainder', () => {
  it('floors each share and gives the leftover units to the largest remainders, ties to the earlier', () => {
    expect(largestRemainder([1, 1, 1], 100)).toEqual([34, 33, 33]);
    // Exact shares 41.6, 33.3, 16.6, 8.3: floors sum to 98; .6 and .6 get the two units.
    expect(largestRemainder([5, 4, 2, 1], 100)).toEqual([42, 33, 17, 8]);
    expect(largestRemainder([0.004, 3, 0], 100)).toEqual([0, 100, 0]);
  });

  it('always sums to the total', () => {
    const rng = createRng(5);
    for (let t = 0; t < 200; t++) {
      const values = Array.from({ length: rng.int(1, 20) }, (): number =>
        rng.chance(0.2) ? 0 : rng.next() * 10,
      );
      if (!values.some((v) => v > 0)) values[0] = 1;
      expect(largestRemainder(values, 100).reduce((a, b) => a + b, 0)).toBe(100);
    }
  });

  it('refuses values that are all 0 or negative', () => {
    expect(() => largestRemainder([0, 0], 100)).toThrow(RangeError);
    expect(() => largestRemainder([1, -1], 100)).toThrow(RangeError);
  });
});

describe('assignFolds', () => {
  const outcomes = Array.from({ length: 103 }, (_, i) => i % 4 !== 0); // 77 renewals, 26 churns

  it('stratifies by outcome: each fold gets its share of renewals and of churns', () => {
    const folds = assignFolds(outcomes, 5, 1);
    for (let f = 0; f < 5; f++) {
      const renewals = outcomes.filter((o, i) => o && folds[i] === f).length;
      const churns = outcomes.filter((o, i) => !o && folds[i] === f).length;
      expect(renewals === 15 || renewals === 16).toBe(true);
      expect(churns === 5 || churns === 6).toBe(true);
    }
    const sizes = [0, 1, 2, 3, 4].map((f) => folds.filter((x) => x === f).length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
  });

  it('is the same for the same seed and shuffled differently for another', () => {
    expect(assignFolds(outcomes, 5, 1)).toEqual(assignFolds(outcomes, 5, 1));
    expect(assignFolds(outcomes, 5, 2)).not.toEqual(assignFolds(outcomes, 5, 1));
  });

  it('refuses fewer than 2 folds', () => {
    expect(() => assignFolds(outcomes, 1, 1)).toThrow(RangeError);
  });
});

describe('fitNonNegativeLogistic', () => {
  /** Gradient of the summed log-loss + (l2/2)·Σβ² at the fit, per parameter (intercept first). */
  function gradient(
    columns: Float64Array[],
    y: boolean[],
    fit: ReturnType<typeof fitNonNegativeLogistic>,
    l2: number,
  ) {
    const g = new Array<number>(columns.length + 1).fill(0);
    y.forEach((yi, i) => {
      let eta = fit.intercept;
      columns.forEach((c, j) => {
        eta += fit.coefficients[j]! * c[i]!;
      });
      const r = 1 / (1 + Math.exp(-eta)) - (yi ? 1 : 0);
      g[0]! += r;
      columns.forEach((c, j) => {
        g[j + 1]! += r * c[i]!;
      });
    });
    fit.coefficients.forEach((b, j) => {
      g[j + 1]! += l2 * b;
    });
    return g;
  }

  it('reaches the constrained optimum: zero gradient at a positive coefficient, ≥ 0 at one held at 0', () => {
    const rng = createRng(3);
    const n = 500;
    const columns = [0, 1, 2].map(() => Float64Array.from({ length: n }, () => rng.next()));
    // Renewal rises with column 0, falls with column 1, ignores column 2.
    const y = Array.from({ length: n }, (_, i) => {
      const eta = 3 * columns[0]![i]! - 2 * columns[1]![i]!;
      return rng.chance(1 / (1 + Math.exp(-eta)));
    });
    const fit = fitNonNegativeLogistic(columns, y, { l2: 1 });
    expect(fit.converged).toBe(true);
    expect(fit.coefficients[0]).toBeGreaterThan(1);
    expect(fit.coefficients[1]).toBe(0);
    const g = gradient(columns, y, fit, 1);
    expect(Math.abs(g[0]!)).toBeLessThan(1e-4);
    expect(Math.abs(g[1]!)).toBeLessThan(1e-4);
    expect(g[2]!).toBeGreaterThan(0); // column 1 sits at its bound: raising it would make the fit worse
    fit.coefficients.forEach((b, j) => {
      if (b > 0) expect(Math.abs(g[j + 1]!)).toBeLessThan(1e-4);
      else expect(g[j + 1]!).toBeGreaterThan(-1e-6);
    });
  });

  it('shrinks coefficients as the L2 penalty grows', () => {
    const x = Float64Array.from([0, 0.2, 0.4, 0.6, 0.8, 1, 0.1, 0.9]);
    const y = [false, false, true, false, true, true, false, true];
    const weak = fitNonNegativeLogistic([x], y, { l2: 0.01 }).coefficients[0]!;
    const strong = fitNonNegativeLogistic([x], y, { l2: 10 }).coefficients[0]!;
    expect(weak).toBeGreaterThan(strong);
    expect(strong).toBeGreaterThan(0);
  });
});

describe('weightedScores', () => {
  it('renormalises over the measures present and ignores zero weights', () => {
    const rows = [
      { points: { a: 80, b: 40, c: 0 } },
      { points: { a: null, b: 40, c: 100 } },
      { points: { a: null, b: null, c: 100 } },
    ];
    expect(weightedScores(rows, { a: 75, b: 25, c: 0 })).toEqual([70, 40, null]);
  });

  it('clamps points to 0..100 as the health core does', () => {
    expect(pointsMatrix([{ points: { a: 130, b: -5, c: Number.NaN } }], ['a', 'b', 'c']).values).toEqual(
      Float64Array.from([100, 0, Number.NaN]),
    );
  });
});
