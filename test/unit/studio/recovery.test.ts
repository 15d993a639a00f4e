import { describe, expect, it } from 'vitest';
import { auc, type CalibrationResult, calibrate, weightedScores } from '../../../shared/studio';
import { KEYS, syntheticRenewals, TRUE_WEIGHTS } from './synthetic-renewals';

// 10,000 renewals: a measure with no weight of its own fits to a weight of ~0–1 ± ~1 point (more when it is
// correlated with one that has weight), so with fewer renewals "weight 0 or 1" misses some of them.
const ACCOUNTS = 10_000;
const UNIFORM = Object.fromEntries(KEYS.map((k) => [k, 1]));

function run(seed: number) {
  const rows = syntheticRenewals(seed, ACCOUNTS);
  const result = calibrate(rows, { keys: KEYS, currentWeights: UNIFORM, seed });
  if (!result.ok) throw new Error(result.reason);
  const renewed = rows.map((r) => r.renewed);
  const trueAuc = auc(
    weightedScores(rows, TRUE_WEIGHTS).map((s) => s ?? 0),
    renewed,
  );
  return { rows, result, trueAuc: trueAuc! };
}

const weightOf = (r: CalibrationResult, key: string) => r.weights.find((w) => w.key === key)!.weight;

describe.each([1, 2])('calibrate on synthetic renewals with known weights (seed %i)', (seed) => {
  const { result, trueAuc } = run(seed);

  it('ranks the measures with real weight as the generating model does', () => {
    const nonZero = KEYS.filter((k) => TRUE_WEIGHTS[k]! > 0);
    const byTrue = [...nonZero].sort((a, b) => TRUE_WEIGHTS[b]! - TRUE_WEIGHTS[a]!);
    const byFitted = [...nonZero].sort((a, b) => weightOf(result, b) - weightOf(result, a));
    expect(byFitted).toEqual(byTrue);
    // Strictly: no two of them tie.
    expect(new Set(nonZero.map((k) => weightOf(result, k))).size).toBe(nonZero.length);
    for (const k of KEYS) expect(Math.abs(weightOf(result, k) - TRUE_WEIGHTS[k]!)).toBeLessThanOrEqual(5);
  });

  it('flags exactly the measures without weight as drop candidates, the correlated one included', () => {
    expect(result.dropCandidates).toEqual(['noise', 'echo']);
    expect(result.lackingData).toEqual([]);
  });

  it('scores better out of sample than equal weights, and close to the true weights', () => {
    // currentWeights are uniform, so currentAuc is the equal-weight model on the same rows.
    expect(result.cvAuc!).toBeGreaterThan(result.currentAuc! + 0.03);
    expect(Math.abs(result.cvAuc! - trueAuc)).toBeLessThan(0.01);
  });
});

describe('calibrate is deterministic', () => {
  it('gives identical output for the same rows and seed', () => {
    const rows = syntheticRenewals(3, 2_000);
    const opts = { keys: KEYS, currentWeights: UNIFORM, seed: 11 };
    expect(calibrate(rows, opts)).toEqual(calibrate(rows, opts));
  });

  it('uses the seed only for the fold split: the weights stay, the cross-validated AUC moves', () => {
    const rows = syntheticRenewals(3, 2_000);
    const a = calibrate(rows, { keys: KEYS, currentWeights: UNIFORM, seed: 11 });
    const b = calibrate(rows, { keys: KEYS, currentWeights: UNIFORM, seed: 12 });
    if (!a.ok || !b.ok) throw new Error('refused');
    expect(b.weights).toEqual(a.weights);
    expect(b.cvAuc).not.toBe(a.cvAuc);
  });
});
