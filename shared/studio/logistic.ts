/**
 * A fitted logistic model P(y = 1) = sigmoid(intercept + Σ coefficients[j]·x[j]).
 * @example const fit: LogisticFit = { intercept: -1.2, coefficients: [2.5, 0], iterations: 7, converged: true };
 */
export interface LogisticFit {
  intercept: number;
  /** One per column, each ≥ 0. */
  coefficients: number[];
  /** Newton steps taken, ≤ `maxIterations`. */
  iterations: number;
  /** Whether the last step moved every parameter by less than `tolerance`. */
  converged: boolean;
}

/**
 * Options of {@link fitNonNegativeLogistic}. `l2` ≥ 0: the ridge penalty (l2 / 2)·Σ coefficients² added to
 * the summed log-loss (so its pull fades as rows grow; the intercept is not penalised; default 1).
 * `maxIterations` (default 50) bounds the Newton steps, `tolerance` (default 1e-6) is the largest parameter
 * change that counts as converged. `start`: coefficients to start from (e.g. a fit on overlapping rows;
 * negatives count as 0), which saves steps without changing the optimum.
 * @example const opts: LogisticOptions = { l2: 1, maxIterations: 50, tolerance: 1e-6 };
 */
export interface LogisticOptions {
  l2?: number;
  maxIterations?: number;
  tolerance?: number;
  start?: readonly number[];
}

const QP_SWEEPS = 200;
const QP_TOLERANCE = 1e-12;

/**
 * L2-regularised logistic regression with every coefficient constrained ≥ 0 (intercept free), by projected
 * Newton: each step minimises the quadratic model of the objective under the bounds by coordinate descent,
 * then backtracks until the objective falls enough (Armijo). Deterministic; cost per step ≈ rows·(cols+1)²/2.
 * `columns[j][i]` is feature j of row i (no NaN: impute first), `y[i]` the outcome of row i. Columns are
 * centred internally, which leaves the coefficients unchanged and keeps the Newton system well conditioned.
 * @example fitNonNegativeLogistic([new Float64Array([0, 0.2, 0.4, 0.6, 0.8, 1])], [false, false, true, false, true, true]).coefficients // [≈ 0.60] (l2 = 1 weighs heavily on 6 rows)
 */
export function fitNonNegativeLogistic(
  columns: readonly Float64Array[],
  y: readonly boolean[],
  opts: LogisticOptions = {},
): LogisticFit {
  const rows = y.length;
  const cols = columns.length;
  const l2 = (opts.l2 ?? 1) / Math.max(1, rows);
  const maxIterations = opts.maxIterations ?? 50;
  const tolerance = opts.tolerance ?? 1e-6;
  if (columns.some((c) => c.length !== rows)) throw new RangeError('fitNonNegativeLogistic: column length');
  if (!(l2 >= 0)) throw new RangeError(`fitNonNegativeLogistic: l2 ${opts.l2}`);

  const means = columns.map((c) => c.reduce((a, b) => a + b, 0) / Math.max(1, rows));
  const xc = columns.map((c, j) => c.map((v) => v - means[j]!));
  const yy = Float64Array.from(y, (v) => (v ? 1 : 0));

  // Parameters z = [intercept, β1..βcols]; the design has an implicit column of ones at 0.
  const d = cols + 1;
  const z = new Float64Array(d);
  const rate = Math.min(1 - 1e-6, Math.max(1e-6, yy.reduce((a, b) => a + b, 0) / Math.max(1, rows)));
  z[0] = Math.log(rate / (1 - rate));
  for (let j = 0; j < cols; j++) z[j + 1] = Math.max(0, opts.start?.[j] ?? 0);

  const eta = new Float64Array(rows);
  const objective = (params: Float64Array): number => {
    eta.fill(params[0]!);
    for (let j = 0; j < cols; j++) {
      const b = params[j + 1]!;
      if (b === 0) continue;
      const c = xc[j]!;
      for (let i = 0; i < rows; i++) eta[i]! += b * c[i]!;
    }
    let loss = 0;
    for (let i = 0; i < rows; i++) {
      const e = eta[i]!;
      // log(1 + e^η) − y·η, computed without overflow.
      loss += (e > 0 ? e + Math.log1p(Math.exp(-e)) : Math.log1p(Math.exp(e))) - yy[i]! * e;
    }
    let penalty = 0;
    for (let j = 1; j < d; j++) penalty += params[j]! * params[j]!;
    return loss / Math.max(1, rows) + (l2 / 2) * penalty;
  };

  const g = new Float64Array(d);
  const h = new Float64Array(d * d);
  const step = new Float64Array(d);
  const trial = new Float64Array(d);
  const scratch = { r: new Float64Array(rows), w: new Float64Array(rows), wx: new Float64Array(rows) };
  let f = objective(z);
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations && !converged) {
    iterations++;
    gradientAndHessian(xc, yy, eta, z, l2, g, h, scratch);
    solveBoundedQuadratic(g, h, z, step);
    let slope = 0;
    for (let k = 0; k < d; k++) slope += g[k]! * step[k]!;
    // Backtrack along the step: a convex combination of feasible points stays feasible.
    let fNew = f;
    for (let t = 1; t > 1e-10; t /= 2) {
      for (let k = 0; k < d; k++)
        trial[k] = k === 0 ? z[k]! + t * step[k]! : Math.max(0, z[k]! + t * step[k]!);
      fNew = objective(trial);
      if (fNew <= f + 1e-4 * t * slope) break;
    }
    if (!(fNew <= f)) {
      // No descent left along the step (rounding): z is as good as this method gets.
      objective(z);
      converged = true;
      break;
    }
    let moved = 0;
    for (let k = 0; k < d; k++) moved = Math.max(moved, Math.abs(trial[k]! - z[k]!));
    z.set(trial);
    f = fNew;
    converged = moved < tolerance;
  }

  const coefficients = Array.from(z.subarray(1));
  let intercept = z[0]!;
  for (let j = 0; j < cols; j++) intercept -= coefficients[j]! * means[j]!;
  return { intercept, coefficients, iterations, converged };
}

/**
 * Gradient `g` and Hessian `h` (row-major d × d, d = cols + 1, index 0 the intercept) of the mean log-loss +
 * penalty at `z`, whose linear predictor `eta` the last objective call left behind. Column-wise loops: each
 * inner loop is one contiguous dot product.
 */
function gradientAndHessian(
  xc: readonly Float64Array[],
  y: Float64Array,
  eta: Float64Array,
  z: Float64Array,
  l2: number,
  g: Float64Array,
  h: Float64Array,
  scratch: { r: Float64Array; w: Float64Array; wx: Float64Array },
): void {
  const rows = y.length;
  const d = xc.length + 1;
  const { r, w, wx } = scratch;
  const inv = 1 / Math.max(1, rows);
  let g0 = 0;
  let h00 = 0;
  for (let i = 0; i < rows; i++) {
    const p = 1 / (1 + Math.exp(-eta[i]!));
    r[i] = (p - y[i]!) * inv;
    w[i] = Math.max(p * (1 - p), 1e-12) * inv;
    g0 += r[i]!;
    h00 += w[i]!;
  }
  g[0] = g0;
  h[0] = h00;
  for (let j = 1; j < d; j++) {
    const cj = xc[j - 1]!;
    let gj = 0;
    let hj0 = 0;
    for (let i = 0; i < rows; i++) {
      const x = cj[i]!;
      gj += r[i]! * x;
      wx[i] = w[i]! * x;
      hj0 += wx[i]!;
    }
    g[j] = gj + l2 * z[j]!;
    h[j * d] = hj0;
    h[j] = hj0;
    for (let k = 1; k <= j; k++) {
      const ck = xc[k - 1]!;
      let s = 0;
      for (let i = 0; i < rows; i++) s += wx[i]! * ck[i]!;
      h[j * d + k] = s;
      h[k * d + j] = s;
    }
    h[j * d + j]! += l2;
  }
}

/**
 * Minimises g·s + ½ sᵀHs subject to z[k] + s[k] ≥ 0 for k ≥ 1 (index 0, the intercept, is free) by cyclic
 * coordinate descent; H is symmetric positive semi-definite. Writes the step into `s`.
 */
function solveBoundedQuadratic(g: Float64Array, h: Float64Array, z: Float64Array, s: Float64Array): void {
  const d = g.length;
  s.fill(0);
  const hs = new Float64Array(d);
  for (let sweep = 0; sweep < QP_SWEEPS; sweep++) {
    let change = 0;
    for (let k = 0; k < d; k++) {
      const hkk = h[k * d + k]!;
      if (!(hkk > 1e-15)) continue;
      let next = s[k]! - (g[k]! + hs[k]!) / hkk;
      if (k > 0 && z[k]! + next < 0) next = -z[k]!;
      const delta = next - s[k]!;
      if (delta === 0) continue;
      s[k] = next;
      for (let m = 0; m < d; m++) hs[m]! += h[m * d + k]! * delta;
      change = Math.max(change, Math.abs(delta));
    }
    if (change < QP_TOLERANCE) break;
  }
}
