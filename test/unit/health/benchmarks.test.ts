import { describe, expect, it } from 'vitest';
import { compileModel, computeBenchmarks } from '../../../shared/health';
import { ctx, pointsInput, pointsModel } from './fixtures';

describe('computeBenchmarks', () => {
  const raws = new Map<number, Record<string, number | null>>([
    [1, { login: 0.2, nps: 10 }],
    [2, { login: 0.4, nps: null }],
    [3, { login: 0.9, nps: 50 }],
    [4, { login: Number.NaN }],
  ]);
  const segmentOf = (id: number) => (id === 3 ? 'ent' : id === 4 ? null : 'smb');

  it('averages each measure over all accounts and per segment, skipping missing values', () => {
    const b = computeBenchmarks(raws, segmentOf);
    expect(b.all).toEqual({ login: { mean: 0.5, count: 3 }, nps: { mean: 30, count: 2 } });
    expect(b.segments).toEqual({
      smb: { login: { mean: 0.30000000000000004, count: 2 }, nps: { mean: 10, count: 1 } },
      ent: { login: { mean: 0.9, count: 1 }, nps: { mean: 50, count: 1 } },
    });
  });

  it('works from a scorer’s raw values', () => {
    const scorer = compileModel(pointsModel({ A: 100 }));
    const byAccount = new Map([
      [1, scorer.rawValues(pointsInput({ A: 40 }), ctx())],
      [2, scorer.rawValues(pointsInput({ A: 60 }), ctx())],
    ]);
    expect(computeBenchmarks(byAccount, () => 'default').segments.default?.A).toEqual({ mean: 50, count: 2 });
  });

  it('is safe with hostile segment ids', () => {
    const hostile = '__proto__';
    const b = computeBenchmarks(new Map([[1, { login: 1 }]]), () => hostile);
    expect(b.segments[hostile]?.login).toEqual({ mean: 1, count: 1 });
    expect(({} as Record<string, unknown>).login).toBeUndefined();
  });
});
