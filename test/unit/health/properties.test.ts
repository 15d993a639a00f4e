import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compileModel,
  compileNormalisation,
  type HealthModelInput,
  type Normalisation,
  normalisationSchema,
  scoreAccount,
} from '../../../shared/health';
import { ctx, pointsInput, pointsMeasure } from './fixtures';

const KEYS = ['A', 'B', 'C', 'D', 'E', 'F'];

/** 1–6 integer weights summing to exactly 100. */
const weightsArb = fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 1, maxLength: 6 }).map((xs) => {
  const total = xs.reduce((s, x) => s + x, 0);
  const ws = xs.map((x) => Math.floor((x * 100) / total));
  ws[0]! += 100 - ws.reduce((s, w) => s + w, 0);
  return ws;
});

const pointsArb = fc.option(fc.double({ min: 0, max: 100, noNaN: true }), { nil: null, freq: 4 });

const caseArb = weightsArb.chain((weights) =>
  fc.record({
    weights: fc.constant(weights),
    points: fc.array(pointsArb, { minLength: weights.length, maxLength: weights.length }),
    missingData: fc.constantFrom('skip' as const, 'zero' as const),
  }),
);

function modelOf(weights: number[], missingData: 'skip' | 'zero' = 'skip'): HealthModelInput {
  return { measures: weights.map((w, i) => pointsMeasure(KEYS[i]!, w)), missingData, minCoverage: 0 };
}

function inputOf(points: (number | null)[]) {
  return pointsInput(Object.fromEntries(points.map((p, i) => [KEYS[i]!, p])));
}

const tenths = (xs: number[]) => xs.reduce((s, x) => s + Math.round(x * 10), 0);

describe('score properties', () => {
  it('the score is always within 0–100, contributions add up to it and effective weights to 100', () => {
    fc.assert(
      fc.property(caseArb, ({ weights, points, missingData }) => {
        const r = scoreAccount(inputOf(points), modelOf(weights, missingData), ctx());
        if (r.score === null) {
          expect(r.measures.every((m) => m.contribution === 0)).toBe(true);
          return;
        }
        expect(r.score).toBeGreaterThanOrEqual(0);
        expect(r.score).toBeLessThanOrEqual(100);
        expect(tenths(r.measures.map((m) => m.contribution))).toBe(Math.round(r.score * 10));
        expect(tenths(r.measures.map((m) => m.effectiveWeight))).toBe(1000);
        expect(tenths(r.dimensions.map((d) => d.contribution))).toBe(Math.round(r.score * 10));
      }),
    );
  });

  it('the score is Σ weight·points ÷ Σ counted weights', () => {
    fc.assert(
      fc.property(caseArb, ({ weights, points, missingData }) => {
        const r = scoreAccount(inputOf(points), modelOf(weights, missingData), ctx());
        let num = 0;
        let den = 0;
        points.forEach((p, i) => {
          if (p !== null || missingData === 'zero') {
            num += weights[i]! * (p ?? 0);
            den += weights[i]!;
          }
        });
        if (den === 0) expect(r.score).toBeNull();
        else expect(Math.abs(r.score! - num / den)).toBeLessThanOrEqual(0.05 + 1e-9);
      }),
    );
  });

  it('skipping a missing measure equals rescaling the present weights proportionally to 100', () => {
    fc.assert(
      fc.property(caseArb, ({ weights, points }) => {
        const present = points.flatMap((p, i) => (p === null || weights[i] === 0 ? [] : [i]));
        const presentWeight = present.reduce((s, i) => s + weights[i]!, 0);
        fc.pre(presentWeight > 0);
        const skipped = scoreAccount(inputOf(points), modelOf(weights), ctx());
        const rescaled = scoreAccount(
          pointsInput(Object.fromEntries(present.map((i) => [KEYS[i]!, points[i]]))),
          {
            measures: present.map((i) => pointsMeasure(KEYS[i]!, (weights[i]! * 100) / presentWeight)),
            minCoverage: 0,
          },
          ctx(),
        );
        expect(Math.abs(skipped.score! - rescaled.score!)).toBeLessThanOrEqual(0.1 + 1e-9);
        for (const i of present) {
          const a = skipped.measures[i]!;
          const b = rescaled.measures.find((m) => m.key === KEYS[i])!;
          expect(Math.abs(a.effectiveWeight - b.effectiveWeight)).toBeLessThanOrEqual(0.1 + 1e-9);
        }
      }),
    );
  });

  it('each listed improvement, applied alone, reaches the tier it names', () => {
    fc.assert(
      fc.property(caseArb, ({ weights, points, missingData }) => {
        const model = modelOf(weights, missingData);
        const r = scoreAccount(inputOf(points), model, ctx());
        for (const imp of r.improvements) {
          const i = KEYS.indexOf(imp.measureKey);
          const improved = points.slice();
          improved[i] = imp.rawTarget;
          const after = scoreAccount(inputOf(improved), model, ctx());
          expect(after.tier).toBe(imp.reachesTier);
          expect(after.score).toBe(imp.scoreAfter);
        }
      }),
    );
  });
});

const finite = fc.double({ min: -1000, max: 1000, noNaN: true });

const linearArb = fc
  .record({ a: finite, b: finite, direction: fc.constantFrom('higher', 'lower') })
  .filter(({ a, b }) => a !== b)
  .map(({ a, b, direction }) => ({ kind: 'linear', min: Math.min(a, b), max: Math.max(a, b), direction }));

const bandsArb = fc
  .record({
    bounds: fc.uniqueArray(finite, { minLength: 1, maxLength: 5 }),
    points: fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 6, maxLength: 6 }),
    direction: fc.constantFrom('higher', 'lower'),
  })
  .map(({ bounds, points, direction }) => {
    const sorted = bounds.slice().sort((x, y) => (direction === 'higher' ? y - x : x - y));
    const pts = points.slice().sort((x, y) => y - x);
    return {
      kind: 'bands',
      direction,
      bands: sorted.map((bound, i) => ({ bound, points: pts[i]! })),
      otherwisePoints: pts[sorted.length]!,
    };
  });

const normalisationArb = fc
  .oneof(
    linearArb,
    bandsArb,
    fc
      .record({ of: fc.constantFrom('segment', 'all'), scale: fc.oneof(linearArb, bandsArb) })
      .map((b) => ({ kind: 'benchmark', ...b })),
  )
  .map((n) => normalisationSchema.parse(n) as Normalisation);

describe('monotonicity', () => {
  it('a better raw value never earns fewer points, nor a lower total score', () => {
    fc.assert(
      fc.property(
        normalisationArb,
        finite,
        finite,
        fc.double({ min: 0.01, max: 100, noNaN: true }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        (normalisation, x, y, benchmarkMean, other) => {
          const c = compileNormalisation(normalisation);
          const [worse, better] =
            c.direction === 'higher' ? [Math.min(x, y), Math.max(x, y)] : [Math.max(x, y), Math.min(x, y)];
          const p1 = c.points(worse, benchmarkMean)!;
          const p2 = c.points(better, benchmarkMean)!;
          expect(p2).toBeGreaterThanOrEqual(p1);
          expect(p1).toBeGreaterThanOrEqual(0);
          expect(p2).toBeLessThanOrEqual(100);

          const model: HealthModelInput = {
            measures: [
              { key: 'M', kind: 'customMetric', params: { metricKey: 'M' }, weight: 70, normalisation },
              pointsMeasure('B', 30),
            ],
          };
          const scorer = compileModel(model);
          const benchmarks = {
            all: { M: { mean: benchmarkMean, count: 5 } },
            segments: { s: { M: { mean: benchmarkMean, count: 5 } } },
          };
          const context = ctx({ benchmarks, segmentId: 's' });
          const s1 = scorer.score(pointsInput({ M: worse, B: other }), context).score!;
          const s2 = scorer.score(pointsInput({ M: better, B: other }), context).score!;
          expect(s2).toBeGreaterThanOrEqual(s1);
        },
      ),
    );
  });
});
