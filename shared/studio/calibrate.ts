import { largestRemainder } from './apportion';
import { auc } from './auc';
import { assignFolds } from './folds';
import { fitNonNegativeLogistic } from './logistic';
import { type PointsMatrix, pointsMatrix, weightedAverage } from './matrix';
import { checkOutcomes, DEFAULT_MIN_OUTCOMES, type StudioRefusal } from './outcomes';

/**
 * One past renewal for calibration: its outcome and each measure's points (0..100, null or absent = missing)
 * as of the start of its renewal window.
 * @example const row: CalibrationRow = { renewed: false, points: { nps: 20, activeSeats: null } };
 */
export interface CalibrationRow {
  renewed: boolean;
  points: Readonly<Record<string, number | null>>;
}

/**
 * Options of {@link calibrate}. `keys`: the measures to weigh, in the order reported. `currentWeights`: the
 * model's weights by key (keys outside `keys` are ignored), for `currentAuc`. `folds`: cross-validation
 * folds, integer ≥ 2 (default 5). `l2`: ridge penalty on the summed log-loss, ≥ 0 (default 1). `seed`: the
 * 32-bit seed of the fold split. `minOutcomes`: fewer rows are refused (default 30). Invalid options throw a
 * RangeError.
 * @example const opts: CalibrateOptions = { keys: ['nps', 'activeSeats'], currentWeights: { nps: 50, activeSeats: 50 }, seed: 1 };
 */
export interface CalibrateOptions {
  keys: readonly string[];
  currentWeights: Readonly<Record<string, number>>;
  folds?: number;
  l2?: number;
  seed: number;
  minOutcomes?: number;
}

/**
 * A proposed set of weights. `weights`: one per key in `keys` order, non-negative integers summing to exactly
 * 100. `cvAuc` (0..1): out-of-fold AUC of the health score the fitted weights give (each fold's weights
 * scoring its held-out rows the core's way, pooled). `currentAuc` (0..1): AUC of the current weights' score
 * on the same rows. Either is null when no row can be scored. `dropCandidates`: keys with data whose weight
 * is 0 or 1. `lackingData`: keys with points on fewer than half of the rows (including none).
 * @example const r: CalibrationResult = { ok: true, weights: [{ key: 'nps', weight: 100 }], cvAuc: 0.71, currentAuc: 0.66, dropCandidates: [], lackingData: [] };
 */
export interface CalibrationResult {
  ok: true;
  weights: { key: string; weight: number }[];
  cvAuc: number | null;
  currentAuc: number | null;
  dropCandidates: string[];
  lackingData: string[];
}

/**
 * Fits measure weights on past renewals (seed 000 §3.4: "regress past churn and renewal"): logistic
 * regression of renewal on each measure's points ÷ 100, L2-regularised, coefficients ≥ 0, a missing point
 * imputed with its column's mean in the training rows; the coefficients rescaled to 100 are the proposed
 * weights. A key with no points at all gets 0. Reports how the fitted score would have ranked renewals out of
 * sample (k-fold, split by the seeded PRNG, stratified by outcome) beside the current model's AUC. Refuses
 * like {@link backtest}, and with `NO_SIGNAL` when no measure gets a positive coefficient. Deterministic for
 * a given seed.
 * @example calibrate(rows, { keys: ['a', 'b'], currentWeights: { a: 50, b: 50 }, seed: 7 }) // e.g. { ok: true, weights: [{ key: 'a', weight: 83 }, { key: 'b', weight: 17 }], cvAuc: 0.78, currentAuc: 0.74, … }
 */
export function calibrate(
  rows: readonly CalibrationRow[],
  opts: CalibrateOptions,
): CalibrationResult | StudioRefusal {
  const outcomes = rows.map((r) => r.renewed);
  const refusal = checkOutcomes(outcomes, opts.minOutcomes ?? DEFAULT_MIN_OUTCOMES);
  if (refusal) return refusal;

  const { keys } = opts;
  if (new Set(keys).size !== keys.length) throw new RangeError('calibrate: keys must be distinct');
  const m = pointsMatrix(rows, keys);
  const counts = presentCounts(m);
  const active = keys.flatMap((_k, j) => (counts[j]! > 0 ? [j] : []));
  const all = Array.from({ length: m.rows }, (_, i) => i);
  const coefficients = fitWeights(m, outcomes, all, active, opts.l2);
  if (!coefficients.some((c) => c > 0)) return noSignal(outcomes, opts);

  const weights = largestRemainder(coefficients, 100);
  const current = keys.map((k) => Math.max(0, opts.currentWeights[k] ?? 0));
  return {
    ok: true,
    weights: keys.map((key, j) => ({ key, weight: weights[j]! })),
    cvAuc: crossValidatedAuc(m, outcomes, active, opts, coefficients),
    currentAuc: aucOf(weightedAverage(m, current), outcomes),
    dropCandidates: keys.filter((_k, j) => counts[j]! > 0 && weights[j]! <= 1),
    lackingData: keys.filter((_k, j) => counts[j]! < m.rows / 2),
  };
}

function noSignal(outcomes: readonly boolean[], opts: CalibrateOptions): StudioRefusal {
  return {
    ok: false,
    reason: 'NO_SIGNAL',
    renewals: outcomes.length,
    renewed: outcomes.filter(Boolean).length,
    minOutcomes: opts.minOutcomes ?? DEFAULT_MIN_OUTCOMES,
  };
}

function presentCounts(m: PointsMatrix): number[] {
  const counts = new Array<number>(m.cols).fill(0);
  for (let i = 0; i < m.rows; i++)
    for (let j = 0; j < m.cols; j++) if (!Number.isNaN(m.values[i * m.cols + j]!)) counts[j]!++;
  return counts;
}

/**
 * Fits on the rows `train` using the columns `active` (missing points → that column's mean over `train`) and
 * returns one non-negative coefficient per column of `m` (0 for inactive ones).
 */
function fitWeights(
  m: PointsMatrix,
  outcomes: readonly boolean[],
  train: readonly number[],
  active: readonly number[],
  l2: number | undefined,
  start?: readonly number[],
): number[] {
  const columns = active.map((j) => {
    const col = new Float64Array(train.length);
    let sum = 0;
    let present = 0;
    for (let r = 0; r < train.length; r++) {
      const p = m.values[train[r]! * m.cols + j]!;
      col[r] = p / 100;
      if (!Number.isNaN(p)) {
        sum += p / 100;
        present++;
      }
    }
    const mean = present > 0 ? sum / present : 0;
    for (let r = 0; r < col.length; r++) if (Number.isNaN(col[r]!)) col[r] = mean;
    return col;
  });
  const fit = fitNonNegativeLogistic(
    columns,
    train.map((i) => outcomes[i]!),
    { ...(l2 === undefined ? {} : { l2 }), ...(start ? { start: active.map((j) => start[j]!) } : {}) },
  );
  const out = new Array<number>(m.cols).fill(0);
  active.forEach((j, c) => {
    out[j] = fit.coefficients[c]!;
  });
  return out;
}

/**
 * Pooled out-of-fold AUC: each fold's fitted weights score its held-out rows as the health core would. Each
 * fold starts from the fit on all rows (`start`), which is near its own optimum: fewer Newton steps.
 */
function crossValidatedAuc(
  m: PointsMatrix,
  outcomes: readonly boolean[],
  active: readonly number[],
  opts: CalibrateOptions,
  start: readonly number[],
): number | null {
  const k = opts.folds ?? 5;
  const fold = assignFolds(outcomes, k, opts.seed);
  const scores = new Array<number | null>(m.rows).fill(null);
  for (let f = 0; f < k; f++) {
    const test: number[] = [];
    const train: number[] = [];
    fold.forEach((g, i) => {
      (g === f ? test : train).push(i);
    });
    if (test.length === 0) continue;
    const weights = fitWeights(m, outcomes, train, active, opts.l2, start);
    weightedAverage(m, weights, test).forEach((s, t) => {
      scores[test[t]!] = s;
    });
  }
  return aucOf(scores, outcomes);
}

function aucOf(scores: readonly (number | null)[], outcomes: readonly boolean[]): number | null {
  const s: number[] = [];
  const o: boolean[] = [];
  scores.forEach((x, i) => {
    if (x !== null) {
      s.push(x);
      o.push(outcomes[i]!);
    }
  });
  return auc(s, o);
}
