import { describe, expect, it } from 'vitest';
import { compileNormalisation, normalisationSchema, normalize } from '../../../shared/health';

const n = (input: unknown) => normalisationSchema.parse(input);

describe('linear normalisation', () => {
  const higher = n({ kind: 'linear', min: 0.1, max: 0.8 });
  const lower = n({ kind: 'linear', min: 60, max: 480, direction: 'lower' });

  it('maps min → 0 and max → 100 when higher is better, linearly between', () => {
    expect(normalize(0.1, higher)).toBe(0);
    expect(normalize(0.45, higher)).toBeCloseTo(50, 10);
    expect(normalize(0.8, higher)).toBe(100);
  });

  it('clamps values outside the bounds', () => {
    expect(normalize(-3, higher)).toBe(0);
    expect(normalize(7, higher)).toBe(100);
  });

  it('reverses when lower is better (first response 60 min → 100, 480 → 0)', () => {
    expect(normalize(60, lower)).toBe(100);
    expect(normalize(270, lower)).toBe(50);
    expect(normalize(480, lower)).toBe(0);
    expect(normalize(10, lower)).toBe(100);
  });

  it('gives no points for a non-finite value', () => {
    expect(normalize(Number.NaN, higher)).toBeNull();
  });

  it('inverts: the raw value earning given points', () => {
    expect(compileNormalisation(higher).rawFor(50, null)).toBeCloseTo(0.45, 12);
    expect(compileNormalisation(lower).rawFor(50, null)).toBe(270);
  });
});

describe('bands normalisation', () => {
  const higher = n({
    kind: 'bands',
    bands: [
      { bound: 0.8, points: 100 },
      { bound: 0.5, points: 60 },
      { bound: 0, points: 0 },
    ],
  });
  const lower = n({
    kind: 'bands',
    direction: 'lower',
    bands: [
      { bound: 2, points: 100 },
      { bound: 5, points: 60 },
    ],
    otherwisePoints: 10,
  });

  it('gives the points of the first band whose bound the value reaches (bounds inclusive)', () => {
    expect(normalize(0.8, higher)).toBe(100);
    expect(normalize(0.79, higher)).toBe(60);
    expect(normalize(0.5, higher)).toBe(60);
    expect(normalize(0.49, higher)).toBe(0);
    expect(normalize(-1, higher)).toBe(0);
  });

  it('with lower-is-better, the first band whose bound the value stays under, else otherwisePoints', () => {
    expect(normalize(0, lower)).toBe(100);
    expect(normalize(2, lower)).toBe(100);
    expect(normalize(3, lower)).toBe(60);
    expect(normalize(5, lower)).toBe(60);
    expect(normalize(6, lower)).toBe(10);
  });

  it('knows the fewest achievable points at or above a target and the raw value that earns them', () => {
    const c = compileNormalisation(higher);
    expect(c.achievable(61)).toBe(100);
    expect(c.achievable(60)).toBe(60);
    expect(c.achievable(101)).toBeNull();
    expect(c.rawFor(60, null)).toBe(0.5);
    expect(compileNormalisation(lower).rawFor(60, null)).toBe(5);
  });
});

describe('benchmark normalisation', () => {
  const bench = n({ kind: 'benchmark', of: 'segment', scale: { kind: 'linear', min: 0.5, max: 1.5 } });

  it('scores the ratio to the benchmark (0.3 vs 0.3 average → ratio 1 → 50)', () => {
    expect(normalize(0.3, bench, 0.3)).toBe(50);
    expect(normalize(0.15, bench, 0.3)).toBe(0);
    expect(normalize(0.6, bench, 0.3)).toBe(100);
  });

  it('gives no points without a positive benchmark', () => {
    expect(normalize(0.3, bench, null)).toBeNull();
    expect(normalize(0.3, bench, 0)).toBeNull();
  });

  it('inverts through the benchmark', () => {
    expect(compileNormalisation(bench).rawFor(100, 0.3)).toBeCloseTo(0.45, 12);
  });

  it('can use bands over the ratio', () => {
    const banded = n({
      kind: 'benchmark',
      of: 'all',
      scale: {
        kind: 'bands',
        bands: [
          { bound: 1, points: 100 },
          { bound: 0.7, points: 50 },
        ],
      },
    });
    expect(normalize(0.8, banded, 1)).toBe(50);
    expect(normalize(0.5, banded, 1)).toBe(0);
  });
});
