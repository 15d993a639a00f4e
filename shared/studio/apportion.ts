/**
 * Whole numbers proportional to `values` that sum to exactly `total` (largest-remainder / Hamilton method):
 * each gets the floor of its exact share, and the units left over go to the largest fractional parts (ties
 * to the earlier index). `values` non-negative and not all 0, `total` an integer ≥ 0 (else RangeError).
 * @example largestRemainder([1, 1, 1], 100) // [34, 33, 33]
 */
export function largestRemainder(values: readonly number[], total: number): number[] {
  let sum = 0;
  for (const v of values) {
    if (!(v >= 0) || !Number.isFinite(v))
      throw new RangeError(`largestRemainder: ${v} is not a finite value ≥ 0`);
    sum += v;
  }
  if (!(sum > 0)) throw new RangeError('largestRemainder: the values are all 0');
  if (!Number.isInteger(total) || total < 0) throw new RangeError(`largestRemainder: total ${total}`);
  const exact = values.map((v) => (v / sum) * total);
  const out = exact.map((e) => Math.floor(e));
  let left = total - out.reduce((a, b) => a + b, 0);
  const byRemainder = exact
    .map((e, i) => ({ i, frac: e - out[i]! }))
    .sort((a, b) => b.frac - a.frac || a.i - b.i);
  // Rounding error can leave `left` a unit off n − 1 at most; cycling keeps the sum exact regardless.
  for (let k = 0; left > 0; k = (k + 1) % byRemainder.length, left--) out[byRemainder[k]!.i]! += 1;
  return out;
}
