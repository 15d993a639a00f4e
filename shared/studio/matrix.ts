/**
 * Points of `rows × keys` in one row-major array, clamped to 0..100 as the health core clamps them; a missing
 * (absent, null or non-finite) point is NaN.
 * @example pointsMatrix([{ points: { a: 50, b: null } }], ['a', 'b']).values // Float64Array [50, NaN]
 */
export interface PointsMatrix {
  /** Number of rows, ≥ 0. */
  rows: number;
  /** Number of columns (keys), ≥ 0. */
  cols: number;
  /** `values[i * cols + j]`: points 0..100 of row i, key j, or NaN when missing. */
  values: Float64Array;
}

/**
 * Builds a {@link PointsMatrix} from rows of points keyed by measure.
 * @example pointsMatrix([{ points: { a: 120 } }], ['a', 'b']).values // Float64Array [100, NaN]
 */
export function pointsMatrix(
  rows: readonly { points: Readonly<Record<string, number | null>> }[],
  keys: readonly string[],
): PointsMatrix {
  const cols = keys.length;
  const values = new Float64Array(rows.length * cols);
  rows.forEach((r, i) => {
    keys.forEach((k, j) => {
      const p = Object.hasOwn(r.points, k) ? r.points[k] : null;
      values[i * cols + j] =
        typeof p === 'number' && Number.isFinite(p) ? Math.min(100, Math.max(0, p)) : Number.NaN;
    });
  });
  return { rows: rows.length, cols, values };
}

/**
 * The health core's score of each listed row (all rows by default) under `weights` (one per column, ≥ 0):
 * Σ weight·points ÷ Σ weights of the measures present, i.e. missing points skipped and the rest renormalised;
 * null when no measure with a positive weight is present. Unrounded, 0..100.
 * @example weightedAverage(pointsMatrix([{ points: { a: 80, b: null } }], ['a', 'b']), [30, 70]) // [80]
 */
export function weightedAverage(
  m: PointsMatrix,
  weights: ArrayLike<number>,
  rowIndices?: readonly number[],
): (number | null)[] {
  const one = (i: number): number | null => {
    let sum = 0;
    let present = 0;
    for (let j = 0; j < m.cols; j++) {
      const w = weights[j]!;
      const p = m.values[i * m.cols + j]!;
      if (w > 0 && !Number.isNaN(p)) {
        sum += w * p;
        present += w;
      }
    }
    return present > 0 ? sum / present : null;
  };
  return rowIndices ? rowIndices.map(one) : Array.from({ length: m.rows }, (_, i) => one(i));
}

/**
 * The health core's score of each row under a weight per measure key (weights ≥ 0, any total): missing points
 * skipped and the rest renormalised, null when no weighted measure is present (see {@link weightedAverage}).
 * @example weightedScores([{ points: { a: 80, b: 40 } }, { points: { a: null, b: 40 } }], { a: 75, b: 25 }) // [70, 40]
 */
export function weightedScores(
  rows: readonly { points: Readonly<Record<string, number | null>> }[],
  weights: Readonly<Record<string, number>>,
): (number | null)[] {
  const keys = Object.keys(weights);
  return weightedAverage(
    pointsMatrix(rows, keys),
    keys.map((k) => weights[k]!),
  );
}
