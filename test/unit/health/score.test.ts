import { describe, expect, it } from 'vitest';
import {
  type Benchmarks,
  compileModel,
  DEFAULT_MODEL,
  HealthModelError,
  type HealthModelInput,
  type HealthScore,
  scoreAccount,
} from '../../../shared/health';
import {
  account,
  ctx,
  day,
  feature,
  input,
  NOW,
  pointsInput,
  pointsMeasure,
  pointsModel,
  user,
} from './fixtures';

const ARTICLE = pointsModel({ A: 60, B: 15, C: 15, D: 10 });

function tenths(values: number[]): number {
  return values.reduce((s, v) => s + Math.round(v * 10), 0);
}

function byKey(result: HealthScore) {
  return Object.fromEntries(result.measures.map((m) => [m.key, m]));
}

describe('the domain article example: health = 60 %·A + 15 %·B + 15 %·C + 10 %·D', () => {
  const result = scoreAccount(pointsInput({ A: 90, B: 70, C: 50, D: 30 }), ARTICLE, ctx());

  it('scores 60 % × 90 + 15 % × 70 + 15 % × 50 + 10 % × 30 = 75, tier green-yellow', () => {
    expect(result.score).toBe(75);
    expect(result.tier).toBe('green-yellow');
    expect(result.coverage).toBe(1);
    expect(result.insufficientData).toBe(false);
  });

  it('explains each measure: raw, points, weight, effective weight and contribution', () => {
    expect(
      result.measures.map((m) => [m.key, m.raw, m.points, m.weight, m.effectiveWeight, m.contribution]),
    ).toEqual([
      ['A', 90, 90, 60, 60, 54],
      ['B', 70, 70, 15, 15, 10.5],
      ['C', 50, 50, 15, 15, 7.5],
      ['D', 30, 30, 10, 10, 3],
    ]);
  });

  it('lists what would move the account up to green', () => {
    // Green needs 80. A: rest 21 + 0.6·p ≥ 80 → p ≥ 98.4 (8.4 more). B: at 100 only 79.5.
    // C: 67.5 + 0.15·p ≥ 80 → 83.4 (33.4 more). D: 72 + 0.1·p ≥ 80 → 80 (50 more).
    expect(result.improvements).toEqual([
      {
        measureKey: 'A',
        label: 'Custom metric',
        fromPoints: 90,
        toPoints: 98.4,
        pointsNeeded: 8.4,
        rawTarget: 98.4,
        direction: 'higher',
        scoreAfter: 80,
        reachesTier: 'green',
      },
      expect.objectContaining({ measureKey: 'C', toPoints: 83.4, pointsNeeded: 33.4, reachesTier: 'green' }),
      expect.objectContaining({ measureKey: 'D', toPoints: 80, pointsNeeded: 50, reachesTier: 'green' }),
    ]);
    expect(result.improvements.some((i) => i.measureKey === 'B')).toBe(false);
  });
});

describe('missing data', () => {
  it("'skip' renormalises over the present weights (D missing: 72 ÷ 0.9 = 80 → green)", () => {
    const result = scoreAccount(pointsInput({ A: 90, B: 70, C: 50 }), ARTICLE, ctx());
    expect(result.score).toBe(80);
    expect(result.tier).toBe('green');
    expect(result.coverage).toBe(0.9);
    const d = byKey(result).D!;
    expect([d.raw, d.points, d.missing, d.effectiveWeight, d.contribution]).toEqual([null, null, true, 0, 0]);
    expect(byKey(result).A!.contribution).toBe(60);
    expect(tenths(result.measures.map((m) => m.effectiveWeight))).toBe(1000);
    expect(tenths(result.measures.map((m) => m.contribution))).toBe(800);
  });

  it("'zero' counts a missing measure as 0 points (72 → green-yellow)", () => {
    const result = scoreAccount(
      pointsInput({ A: 90, B: 70, C: 50 }),
      { ...ARTICLE, missingData: 'zero' },
      ctx(),
    );
    expect(result.score).toBe(72);
    expect(result.tier).toBe('green-yellow');
    expect(result.coverage).toBe(0.9);
    const d = byKey(result).D!;
    expect([d.points, d.missing, d.effectiveWeight, d.contribution]).toEqual([0, true, 10, 0]);
  });

  it('marks insufficient data below the coverage threshold and withholds the tier', () => {
    // A (60 %) missing: coverage 0.4 < 0.5; the score over B, C, D is still shown.
    const result = scoreAccount(pointsInput({ B: 70, C: 50, D: 30 }), ARTICLE, ctx());
    expect(result.coverage).toBe(0.4);
    expect(result.insufficientData).toBe(true);
    expect(result.score).toBe(52.5);
    expect(result.tier).toBeNull();
    expect(result.improvements).toEqual([]);
  });

  it('coverage exactly at the threshold is sufficient', () => {
    const result = scoreAccount(pointsInput({ A: 50 }), { ...ARTICLE, minCoverage: 0.6 }, ctx());
    expect(result.coverage).toBe(0.6);
    expect(result.insufficientData).toBe(false);
    expect(result.tier).toBe('yellow');
  });

  it('has no score when no measure has data', () => {
    const result = scoreAccount(pointsInput({}), ARTICLE, ctx());
    expect(result).toMatchObject({ score: null, tier: null, coverage: 0, insufficientData: true });
    expect(result.measures.every((m) => m.contribution === 0 && m.effectiveWeight === 0)).toBe(true);
  });
});

describe('rounding', () => {
  it('rounds the score to one decimal and apportions contributions so they add up to it', () => {
    const model = pointsModel({ A: 33.33, B: 33.33, C: 33.34 });
    const result = scoreAccount(pointsInput({ A: 33.33, B: 66.67, C: 99.99 }), model, ctx());
    expect(result.score).toBe(66.7);
    expect(tenths(result.measures.map((m) => m.contribution))).toBe(667);
    expect(tenths(result.measures.map((m) => m.effectiveWeight))).toBe(1000);
  });

  it('takes the tier from the rounded score, so 79.96 shows as 80.0 and is green', () => {
    const result = scoreAccount(pointsInput({ A: 79.96 }), pointsModel({ A: 100 }), ctx());
    expect(result.score).toBe(80);
    expect(result.tier).toBe('green');
  });
});

describe('dimensions', () => {
  const model: HealthModelInput = {
    measures: [
      pointsMeasure('A', 60, 'usage'),
      pointsMeasure('B', 15, 'usage'),
      pointsMeasure('C', 15, 'satisfaction'),
      pointsMeasure('D', 10, 'relationship'),
    ],
  };

  it('scores each dimension over its own measures, for the radar chart', () => {
    const result = scoreAccount(pointsInput({ A: 90, B: 70, C: 50, D: 30 }), model, ctx());
    expect(result.dimensions).toEqual([
      { key: 'usage', label: 'Usage', score: 86, effectiveWeight: 75, contribution: 64.5, coverage: 1 },
      {
        key: 'outcomes',
        label: 'Outcomes',
        score: null,
        effectiveWeight: 0,
        contribution: 0,
        coverage: null,
      },
      {
        key: 'satisfaction',
        label: 'Satisfaction',
        score: 50,
        effectiveWeight: 15,
        contribution: 7.5,
        coverage: 1,
      },
      { key: 'support', label: 'Support', score: null, effectiveWeight: 0, contribution: 0, coverage: null },
      {
        key: 'relationship',
        label: 'Relationship',
        score: 30,
        effectiveWeight: 10,
        contribution: 3,
        coverage: 1,
      },
    ]);
  });

  it('a dimension whose measures all lack data has no score under skip', () => {
    const result = scoreAccount(pointsInput({ A: 90, B: 70, D: 30 }), model, ctx());
    expect(result.dimensions.find((d) => d.key === 'satisfaction')).toMatchObject({
      score: null,
      coverage: 0,
    });
  });

  it('uses the configured dimension list', () => {
    const custom = {
      measures: [pointsMeasure('A', 50, 'adoption'), pointsMeasure('B', 50, 'value')],
      dimensions: [{ key: 'adoption' }, { key: 'value', label: 'Business value' }],
    };
    const result = scoreAccount(pointsInput({ A: 40, B: 80 }), custom, ctx());
    expect(result.dimensions.map((d) => [d.key, d.label, d.score])).toEqual([
      ['adoption', 'adoption', 40],
      ['value', 'Business value', 80],
    ]);
  });
});

describe('improvements', () => {
  it('for a yellow account, lists the single measures that reach green-yellow at max points, with the points needed', () => {
    // 0.6·40 + 0.15·50 + 0.15·50 + 0.1·50 = 44 (yellow). Green-yellow needs 60.
    // A: 20 + 0.6·p ≥ 60 → p ≥ 66.7. B: 36.5 + 0.15·100 = 51.5 < 60. C likewise. D: 39 + 10 = 49 < 60.
    const result = scoreAccount(pointsInput({ A: 40, B: 50, C: 50, D: 50 }), ARTICLE, ctx());
    expect(result.score).toBe(44);
    expect(result.tier).toBe('yellow');
    expect(result.improvements).toHaveLength(1);
    expect(result.improvements[0]).toMatchObject({
      measureKey: 'A',
      fromPoints: 40,
      toPoints: 66.7,
      pointsNeeded: 26.7,
      scoreAfter: 60,
      reachesTier: 'green-yellow',
    });
  });

  it('lists several measures, fewest points needed first', () => {
    const result = scoreAccount(pointsInput({ A: 50, B: 50 }), pointsModel({ A: 60, B: 40 }), ctx());
    // 50 (yellow). A: 20 + 0.6·p ≥ 60 → 66.7 (16.7 more). B: 30 + 0.4·p ≥ 60 → 75 (25 more).
    expect(result.improvements.map((i) => [i.measureKey, i.toPoints, i.pointsNeeded])).toEqual([
      ['A', 66.7, 16.7],
      ['B', 75, 25],
    ]);
  });

  it('with bands, names the band that gets there and its raw bound, even when it jumps tiers', () => {
    const model: HealthModelInput = {
      measures: [
        {
          key: 'seats',
          kind: 'seatActivationRate',
          weight: 50,
          normalisation: { kind: 'bands', bands: [{ bound: 0.9, points: 100 }] },
        },
        pointsMeasure('B', 50),
      ],
    };
    const data = {
      ...pointsInput({ B: 70 }),
      users: { total: 10, activated: 10 },
      account: account({ seats: 50 }),
    };
    const result = scoreAccount(data, model, ctx());
    // seats 0.2 → 0 points; score 35 (red). Yellow needs 40: B needs 80 (10 more); seats needs 10 points,
    // and the only band that gives them is the 100-point band (≥ 0.9), which lifts the score to 85 (green).
    expect(result.tier).toBe('red');
    expect(result.improvements).toEqual([
      expect.objectContaining({
        measureKey: 'B',
        toPoints: 80,
        pointsNeeded: 10,
        scoreAfter: 40,
        reachesTier: 'yellow',
      }),
      expect.objectContaining({
        measureKey: 'seats',
        toPoints: 100,
        rawTarget: 0.9,
        scoreAfter: 85,
        reachesTier: 'green',
      }),
    ]);
  });

  it("under 'zero', a missing measure can be improved from 0", () => {
    const result = scoreAccount(
      pointsInput({ A: 60 }),
      { ...pointsModel({ A: 50, B: 50 }), missingData: 'zero' },
      ctx(),
    );
    expect(result.score).toBe(30);
    expect(result.improvements.find((i) => i.measureKey === 'B')).toMatchObject({
      fromPoints: 0,
      toPoints: 20,
    });
  });

  it('is empty for a green account', () => {
    expect(scoreAccount(pointsInput({ A: 95 }), pointsModel({ A: 100 }), ctx()).improvements).toEqual([]);
  });
});

describe('benchmarks', () => {
  const benchmarks: Benchmarks = {
    all: { loginRate: { mean: 0.5, count: 100 } },
    segments: { smb: { loginRate: { mean: 0.4, count: 20 } } },
  };
  const usage = { users: [user(1, 20, 3), user(2, 20, 3), user(3, 0, 0), user(4, 0, 0)], features: [] };
  const data = input({ users: { total: 4, activated: 4 }, windows: { 30: usage } }); // login rate 0.5

  it('scores a ratio to the segment average and shows the benchmark used', () => {
    const model: HealthModelInput = {
      measures: [
        { key: 'loginRate', kind: 'loginRate', weight: 0, normalisation: { kind: 'linear', min: 0, max: 1 } },
        {
          key: 'loginVsSegment',
          kind: 'benchmarkRatio',
          params: { measureKey: 'loginRate', of: 'segment' },
          weight: 100,
          normalisation: { kind: 'linear', min: 0.5, max: 1.5 },
        },
      ],
    };
    const result = scoreAccount(data, model, ctx({ benchmarks, segmentId: 'smb' }));
    const m = byKey(result);
    expect(m.loginVsSegment).toMatchObject({ raw: 1.25, benchmark: 0.4, benchmarkOf: 'segment', points: 75 });
    expect(m.loginRate).toMatchObject({ raw: 0.5, benchmark: 0.4, benchmarkOf: 'segment', contribution: 0 });
    expect(result.score).toBe(75);
  });

  it('scores with a benchmark normalisation against the all-accounts average', () => {
    const model: HealthModelInput = {
      measures: [
        {
          key: 'loginRate',
          kind: 'loginRate',
          weight: 100,
          normalisation: { kind: 'benchmark', of: 'all', scale: { kind: 'linear', min: 0, max: 2 } },
        },
      ],
    };
    const result = scoreAccount(data, model, ctx({ benchmarks, segmentId: 'smb' }));
    expect(byKey(result).loginRate).toMatchObject({
      raw: 0.5,
      benchmark: 0.5,
      benchmarkOf: 'all',
      points: 50,
    });
  });

  it('treats a missing or thin benchmark as missing data', () => {
    const model: HealthModelInput = {
      measures: [
        {
          key: 'loginRate',
          kind: 'loginRate',
          weight: 100,
          normalisation: {
            kind: 'benchmark',
            of: 'segment',
            minAccounts: 25,
            scale: { kind: 'linear', min: 0, max: 2 },
          },
        },
      ],
    };
    expect(scoreAccount(data, model, ctx({ benchmarks, segmentId: 'smb' })).measures[0]!.missing).toBe(true);
    expect(scoreAccount(data, model, ctx()).score).toBeNull();
  });
});

describe('compileModel', () => {
  it('rejects an invalid model with coded issues', () => {
    expect(() => compileModel(pointsModel({ A: 50, B: 49 }))).toThrow(HealthModelError);
    try {
      compileModel(pointsModel({ A: 50, B: 49 }));
    } catch (e) {
      expect((e as HealthModelError).issues[0]).toMatchObject({ code: 'WEIGHTS_SUM' });
    }
  });

  it('tells the worker what to load', () => {
    expect(compileModel(DEFAULT_MODEL).requirements).toEqual({
      // 14 days against the 56 before them
      historyDays: 70,
      windowDays: [30],
      csmRating: true,
      metricKeys: [],
      surveys: ['nps', 'csat'],
      surveyDays: 180,
      tickets: false,
      ticketDays: 0,
    });
  });

  it('reuses one scorer across accounts and asOfDays', () => {
    const scorer = compileModel({
      measures: [
        {
          key: 'days',
          kind: 'activeDays',
          windowDays: 7,
          weight: 100,
          normalisation: { kind: 'linear', min: 0, max: 7 },
        },
      ],
    });
    const data = input({ days: [day('2026-04-23', 1), day('2026-04-24', 1), day('2026-04-30', 1)] });
    expect(scorer.score(data, ctx()).measures[0]!.raw).toBe(2);
    expect(scorer.score(data, ctx({ asOfDay: '2026-04-29' })).measures[0]!.raw).toBe(2);
    expect(scorer.score(data, ctx({ asOfDay: '2026-04-23' })).measures[0]!.raw).toBe(1);
    expect(scorer.rawValues(data, ctx())).toEqual({ days: 2 });
  });
});

describe('the default model', () => {
  const healthy = input({
    users: { total: 48, activated: 45 },
    days: [
      ...Array.from({ length: 30 }, (_, i) =>
        day(`2026-03-${String(i + 2).padStart(2, '0')}`, 100, { activeUsers: 30 }),
      ),
      ...Array.from({ length: 30 }, (_, i) =>
        day(`2026-04-${String(i + 1).padStart(2, '0')}`, 110, { activeUsers: 32 }),
      ),
    ],
    windows: {
      30: {
        users: Array.from({ length: 40 }, (_, i) => user(i + 1, 120, 12)),
        features: Array.from({ length: 12 }, (_, i) => feature(`f${i}`, { isCore: i < 4 })),
      },
    },
    csmRating: { stars: 5, ratedAt: NOW - 86_400_000, expiresAt: null },
  });

  it('scores a well-used account green with no configuration, surveys missing (not zero)', () => {
    const result = scoreAccount(healthy, DEFAULT_MODEL, ctx());
    expect(result.tier).toBe('green');
    expect(result.coverage).toBe(0.9);
  });

  it('does not punish a missing CSM rating (skip and renormalise)', () => {
    const result = scoreAccount({ ...healthy, csmRating: null }, DEFAULT_MODEL, ctx());
    expect(result.coverage).toBe(0.85);
    expect(result.tier).toBe('green');
  });

  it('puts the same account in yellow or red when its use stops in the last week, 30-day ratios still high', () => {
    const stopped = { ...healthy, days: healthy.days.filter((d) => d.day < '2026-04-24') };
    const result = scoreAccount(stopped, DEFAULT_MODEL, ctx());
    expect(['yellow', 'red']).toContain(result.tier);
    const raw = Object.fromEntries(result.measures.map((m) => [m.key, m.raw]));
    expect(raw).toMatchObject({ activeUsers7d: 0, events7d: 0, daysSinceActivity: 7 });
  });

  it('does not read days before the account’s first event as zeros (a 3-week-old account is not "down")', () => {
    const young = { ...healthy, days: healthy.days.filter((d) => d.day >= '2026-04-05') };
    const result = scoreAccount(young, DEFAULT_MODEL, ctx());
    expect(result.tier).toBe('green');
    const raw = Object.fromEntries(result.measures.map((m) => [m.key, m.raw]));
    expect(raw.activeUsers7d).toBe(1);
    // 12 days before the 14-day window: under its 14-day minimum, so missing, not a ratio against zeros
    expect(raw.activeUsers14d).toBeNull();
  });

  it('calls an account with no data insufficient rather than red', () => {
    const result = scoreAccount(
      input({ account: account({ seats: null }), users: { total: 0, activated: 0 }, windows: {} }),
      DEFAULT_MODEL,
      ctx(),
    );
    expect(result.insufficientData).toBe(true);
    expect(result.tier).toBeNull();
  });

  it('scores an unused account with seats red', () => {
    const result = scoreAccount(input(), DEFAULT_MODEL, ctx());
    expect(result.insufficientData).toBe(false);
    expect(result.tier).toBe('red');
  });
});
