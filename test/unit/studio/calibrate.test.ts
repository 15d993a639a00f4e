import { describe, expect, it } from 'vitest';
import { type CalibrationRow, calibrate, refusalMessage } from '../../../shared/studio';
import { createRng } from '../../../shared/testing';

/** `n` renewals over `keys`, points uniform 0..100; renewal more likely with `a` and `b`. */
function randomRows(seed: number, n: number, keys: readonly string[]): CalibrationRow[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => {
    const points = Object.fromEntries(keys.map((k) => [k, rng.chance(0.1) ? null : rng.range(0, 100)]));
    const signal = ((points.a ?? 50) + (points.b ?? 50)) / 100 - 1;
    return { renewed: rng.chance(1 / (1 + Math.exp(-3 * signal))), points };
  });
}

describe('calibrate: the proposed weights', () => {
  it('are non-negative integers summing to exactly 100, one per key in key order', () => {
    const keys = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
    for (const seed of [1, 2, 3, 4, 5]) {
      const r = calibrate(randomRows(seed, 400, keys), { keys, currentWeights: {}, seed });
      if (!r.ok) throw new Error(r.reason);
      expect(r.weights.map((w) => w.key)).toEqual(keys);
      for (const { weight } of r.weights) {
        expect(Number.isInteger(weight)).toBe(true);
        expect(weight).toBeGreaterThanOrEqual(0);
      }
      expect(r.weights.reduce((s, w) => s + w.weight, 0)).toBe(100);
    }
  });

  it('give 0 to a key with no data at all, listed as lacking data but not as a drop candidate', () => {
    const keys = ['a', 'b', 'empty'];
    const rows = randomRows(7, 300, ['a', 'b']);
    const r = calibrate(rows, { keys, currentWeights: { a: 40, b: 40, empty: 20 }, seed: 1 });
    if (!r.ok) throw new Error(r.reason);
    expect(r.weights.find((w) => w.key === 'empty')!.weight).toBe(0);
    expect(r.lackingData).toEqual(['empty']);
    expect(r.dropCandidates).not.toContain('empty');
  });

  it('list a key with points on fewer than half of the rows as lacking data, yet still weigh it', () => {
    const keys = ['a', 'b'];
    const rows = randomRows(8, 300, keys).map((r, i) =>
      i % 5 < 3 ? { ...r, points: { ...r.points, b: null } } : r,
    );
    const r = calibrate(rows, { keys, currentWeights: { a: 50, b: 50 }, seed: 1 });
    if (!r.ok) throw new Error(r.reason);
    expect(r.lackingData).toEqual(['b']);
    expect(r.weights.find((w) => w.key === 'b')!.weight).toBeGreaterThan(1);
  });

  it('flag as drop candidates the measures that do not rise with renewal (weight 0 or 1)', () => {
    const keys = ['a', 'b', 'against'];
    const rows = randomRows(9, 600, ['a', 'b']).map((r) => ({
      ...r,
      points: { ...r.points, against: r.renewed ? 20 : 80 },
    }));
    const r = calibrate(rows, { keys, currentWeights: {}, seed: 1 });
    if (!r.ok) throw new Error(r.reason);
    expect(r.weights.find((w) => w.key === 'against')!.weight).toBe(0);
    expect(r.dropCandidates).toEqual(['against']);
  });
  it('impute a missing point with the mean of its column, so being missing is no evidence either way', () => {
    // `b` is noise, missing for half of the churns: read as 0 points it would look like a churn signal.
    const keys = ['a', 'b'];
    const rng = createRng(4);
    const rows = randomRows(10, 600, ['a']).map((r) => ({
      ...r,
      points: { ...r.points, b: !r.renewed && rng.chance(0.5) ? null : rng.range(0, 100) },
    }));
    const r = calibrate(rows, { keys, currentWeights: {}, seed: 1 });
    if (!r.ok) throw new Error(r.reason);
    expect(r.weights.find((w) => w.key === 'b')!.weight).toBeLessThanOrEqual(5);
  });
});

describe('calibrate: the current model', () => {
  it('is scored the way the health core scores: a missing point is skipped and the rest renormalised', () => {
    // Counting missing as 0 would score the renewal 40 (below the churn's 60); skipping it scores 80.
    const rows: CalibrationRow[] = [
      { renewed: true, points: { a: 80, b: null } },
      { renewed: false, points: { a: 60, b: 60 } },
    ];
    const r = calibrate(rows, {
      keys: ['a', 'b'],
      currentWeights: { a: 50, b: 50 },
      seed: 1,
      minOutcomes: 2,
    });
    if (!r.ok) throw new Error(r.reason);
    expect(r.currentAuc).toBe(1);
    expect(r.weights).toEqual([
      { key: 'a', weight: 100 },
      { key: 'b', weight: 0 },
    ]);
  });
});

describe('calibrate refuses', () => {
  const keys = ['a', 'b'];

  it('fewer renewals than minOutcomes (default 30)', () => {
    const r = calibrate(randomRows(1, 29, keys), { keys, currentWeights: {}, seed: 1 });
    expect(r).toMatchObject({ ok: false, reason: 'TOO_FEW_OUTCOMES', renewals: 29, minOutcomes: 30 });
    expect(
      calibrate(randomRows(1, 29, keys), { keys, currentWeights: {}, seed: 1, minOutcomes: 20 }).ok,
    ).toBe(true);
  });

  it('a set with a single outcome', () => {
    const rows = randomRows(2, 50, keys).map((r) => ({ ...r, renewed: false }));
    expect(calibrate(rows, { keys, currentWeights: {}, seed: 1 })).toEqual({
      ok: false,
      reason: 'SINGLE_OUTCOME',
      renewals: 50,
      renewed: 0,
      minOutcomes: 30,
    });
  });

  it('when no measure rises with renewal, rather than inventing weights', () => {
    const rows = randomRows(3, 200, keys).map((r) => ({
      ...r,
      points: { a: r.renewed ? 10 : 90, b: r.renewed ? 30 : 70 },
    }));
    const r = calibrate(rows, { keys, currentWeights: {}, seed: 1 });
    expect(r).toMatchObject({ ok: false, reason: 'NO_SIGNAL', renewals: 200 });
    if (!r.ok) expect(refusalMessage(r)).toContain('No measure rises with renewal');
  });
});
