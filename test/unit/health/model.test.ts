import { describe, expect, it } from 'vitest';
import {
  type ConfigIssue,
  DEFAULT_MODEL,
  DEFAULT_TIERS,
  healthModelSchema,
  MEASURE_KIND_KEYS,
  type ModelReferences,
  validateModel,
} from '../../../shared/health';
import { pointsMeasure, pointsModel } from './fixtures';

function issuesOf(input: unknown, references?: ModelReferences): ConfigIssue[] {
  const r = validateModel(input, references);
  if (r.ok) throw new Error('expected the model to be rejected');
  return r.issues;
}

const linear = { kind: 'linear', min: 0, max: 1 };

describe('validateModel', () => {
  it('accepts the default model unchanged', () => {
    const r = validateModel(DEFAULT_MODEL);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value).toEqual(DEFAULT_MODEL);
  });

  it('fills defaults: tiers, dimensions, skip policy, 50 % coverage, 30-day windows', () => {
    const r = validateModel({
      measures: [{ key: 'login', kind: 'loginRate', weight: 100, normalisation: linear }],
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.tiers.map((t) => [t.key, t.minScore])).toEqual(
      DEFAULT_TIERS.map((t) => [t.key, t.minScore]),
    );
    expect(r.value.dimensions.map((d) => d.key)).toEqual([
      'usage',
      'outcomes',
      'satisfaction',
      'support',
      'relationship',
    ]);
    expect(r.value).toMatchObject({ missingData: 'skip', minCoverage: 0.5 });
    expect(r.value.measures[0]).toMatchObject({ windowDays: 30, params: { denominator: 'activatedUsers' } });
  });

  it('rejects weights that do not sum to 100, naming the sum (99)', () => {
    const issues = issuesOf(pointsModel({ A: 60, B: 15, C: 15, D: 9 }));
    expect(issues).toEqual([
      { path: ['measures'], code: 'WEIGHTS_SUM', message: 'measure weights must sum to 100; they sum to 99' },
    ]);
  });

  it('accepts fractional weights that sum to 100', () => {
    expect(validateModel(pointsModel({ A: 33.33, B: 33.33, C: 33.34 })).ok).toBe(true);
  });

  it('rejects duplicate measure keys', () => {
    const issues = issuesOf({ measures: [pointsMeasure('A', 50), pointsMeasure('A', 50)] });
    expect(issues).toEqual([
      expect.objectContaining({ path: ['measures', 1, 'key'], code: 'DUPLICATE_KEY' }),
    ]);
    expect(issues[0]!.message).toContain("'A'");
  });

  it('rejects bands out of order, and points that rise down the list', () => {
    const bands = (list: { bound: number; points: number }[], direction = 'higher') => ({
      measures: [
        {
          key: 'a',
          kind: 'loginRate',
          weight: 100,
          normalisation: { kind: 'bands', direction, bands: list },
        },
      ],
    });
    expect(
      issuesOf(
        bands([
          { bound: 0.5, points: 60 },
          { bound: 0.8, points: 100 },
        ]),
      ),
    ).toEqual([
      expect.objectContaining({
        code: 'BANDS_ORDER',
        path: ['measures', 0, 'normalisation', 'bands', 1, 'bound'],
      }),
      expect.objectContaining({
        code: 'BANDS_ORDER',
        path: ['measures', 0, 'normalisation', 'bands', 1, 'points'],
      }),
    ]);
    expect(
      issuesOf(
        bands(
          [
            { bound: 5, points: 100 },
            { bound: 2, points: 50 },
          ],
          'lower',
        ),
      )[0],
    ).toMatchObject({
      code: 'BANDS_ORDER',
      message: expect.stringContaining('ascending'),
    });
    expect(
      validateModel(
        bands(
          [
            { bound: 2, points: 100 },
            { bound: 5, points: 50 },
          ],
          'lower',
        ),
      ).ok,
    ).toBe(true);
  });

  it('rejects linear bounds with min ≥ max', () => {
    const issues = issuesOf({
      measures: [
        { key: 'a', kind: 'loginRate', weight: 100, normalisation: { kind: 'linear', min: 1, max: 1 } },
      ],
    });
    expect(issues[0]).toMatchObject({ code: 'BOUNDS_ORDER', path: ['measures', 0, 'normalisation', 'max'] });
  });

  it('rejects an unknown measure kind, listing the known ones', () => {
    const issues = issuesOf({ measures: [{ key: 'a', kind: 'vibes', weight: 100, normalisation: linear }] });
    expect(issues[0]).toMatchObject({ code: 'UNKNOWN_MEASURE_KIND', path: ['measures', 0, 'kind'] });
    expect(issues[0]!.message).toContain('"vibes"');
    expect(issues[0]!.message).toContain(MEASURE_KIND_KEYS.join(', '));
  });

  it('rejects an unknown normalisation kind', () => {
    const issues = issuesOf({
      measures: [{ key: 'a', kind: 'loginRate', weight: 100, normalisation: { kind: 'log' } }],
    });
    expect(issues[0]).toMatchObject({
      code: 'UNKNOWN_NORMALISATION',
      path: ['measures', 0, 'normalisation', 'kind'],
    });
  });

  it('rejects an unknown trend metric', () => {
    const issues = issuesOf({
      measures: [{ key: 'a', kind: 'trend', params: { of: 'revenue' }, weight: 100, normalisation: linear }],
    });
    expect(issues[0]).toMatchObject({ code: 'UNKNOWN_METRIC', path: ['measures', 0, 'params', 'of'] });
  });

  it('rejects unknown custom metrics and modules when the references are given', () => {
    const model = {
      measures: [
        {
          key: 'a',
          kind: 'customMetric',
          params: { metricKey: 'hoursSaved' },
          weight: 50,
          normalisation: linear,
        },
        { key: 'b', kind: 'featureCoverage', params: { module: 'crm' }, weight: 50, normalisation: linear },
      ],
    };
    expect(validateModel(model).ok).toBe(true);
    expect(issuesOf(model, { metricKeys: ['revenueUplift'], modules: ['reports'] })).toEqual([
      {
        path: ['measures', 0, 'params', 'metricKey'],
        code: 'UNKNOWN_METRIC',
        message: "unknown custom metric 'hoursSaved'",
      },
      {
        path: ['measures', 1, 'params', 'module'],
        code: 'UNKNOWN_MODULE',
        message: "unknown feature module 'crm'",
      },
    ]);
  });

  it('rejects tier cut-offs that are not strictly descending or do not end at 0', () => {
    const base = pointsModel({ A: 100 });
    expect(
      issuesOf({
        ...base,
        tiers: [
          { key: 'green', minScore: 60 },
          { key: 'yellow', minScore: 70 },
          { key: 'red', minScore: 0 },
        ],
      }),
    ).toEqual([expect.objectContaining({ code: 'TIERS_ORDER', path: ['tiers', 1, 'minScore'] })]);
    expect(
      issuesOf({
        ...base,
        tiers: [
          { key: 'green', minScore: 60 },
          { key: 'red', minScore: 10 },
        ],
      }),
    ).toEqual([expect.objectContaining({ code: 'TIERS_ORDER', path: ['tiers', 1, 'minScore'] })]);
    expect(
      issuesOf({
        ...base,
        tiers: [
          { key: 'x', minScore: 50 },
          { key: 'x', minScore: 0 },
        ],
      })[0],
    ).toMatchObject({
      code: 'DUPLICATE_KEY',
    });
  });

  it('rejects a measure in a dimension the model does not list', () => {
    const issues = issuesOf({ measures: [pointsMeasure('A', 100, 'vibes')] });
    expect(issues[0]).toMatchObject({ code: 'UNKNOWN_DIMENSION', path: ['measures', 0, 'dimension'] });
  });

  it('rejects a benchmark ratio of a measure the model does not have', () => {
    const issues = issuesOf({
      measures: [
        {
          key: 'r',
          kind: 'benchmarkRatio',
          params: { measureKey: 'login', of: 'segment' },
          weight: 100,
          normalisation: linear,
        },
      ],
    });
    expect(issues[0]).toMatchObject({
      code: 'UNKNOWN_MEASURE',
      path: ['measures', 0, 'params', 'measureKey'],
    });
  });

  it('rejects unknown properties (typos must not be silently ignored)', () => {
    const issues = issuesOf({ measures: [{ ...pointsMeasure('A', 100), wieght: 3 }] });
    expect(issues[0]).toMatchObject({ code: 'INVALID' });
  });

  it('is usable directly as a zod schema (e.g. by the worker validator)', () => {
    expect(healthModelSchema.safeParse(pointsModel({ A: 100 })).success).toBe(true);
  });
});
