import { createRng, deriveSeed } from '../prng';

/**
 * Assigns each row to one of `folds` cross-validation folds (0..folds−1), stratified by outcome: the renewals
 * are shuffled and dealt round-robin, then the churns continue the deal, so every fold gets its share of both
 * and fold sizes differ by at most 1. The shuffle is the seeded PRNG's: the same seed gives the same folds.
 * `folds` is an integer ≥ 2 (else RangeError); with more folds than rows some folds are empty.
 * @example assignFolds([true, true, false, false], 2, 42) // [1, 0, 0, 1]: one renewal and one churn per fold
 */
export function assignFolds(outcomes: readonly boolean[], folds: number, seed: number): number[] {
  if (!Number.isInteger(folds) || folds < 2)
    throw new RangeError(`folds must be an integer ≥ 2, got ${folds}`);
  const rng = createRng(deriveSeed(seed, 'studio-folds'));
  const out = new Array<number>(outcomes.length).fill(0);
  let deal = 0;
  for (const cls of [true, false]) {
    const idx: number[] = [];
    outcomes.forEach((o, i) => {
      if (o === cls) idx.push(i);
    });
    for (let i = idx.length - 1; i > 0; i--) {
      const j = Math.floor(rng.next() * (i + 1));
      [idx[i], idx[j]] = [idx[j]!, idx[i]!];
    }
    for (const i of idx) out[i] = deal++ % folds;
  }
  return out;
}
