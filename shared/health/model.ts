import { z } from 'zod';
import { MEASURE_KIND_KEYS, MEASURE_KINDS, type MeasureKind, TREND_METRICS } from './kinds';

/**
 * Stable machine codes of model and segment validation issues (the `code` of a {@link ConfigIssue}).
 * @example HEALTH_ISSUE_CODES.WEIGHTS_SUM // 'WEIGHTS_SUM'
 */
export const HEALTH_ISSUE_CODES = {
  WEIGHTS_SUM: 'WEIGHTS_SUM',
  BANDS_ORDER: 'BANDS_ORDER',
  BOUNDS_ORDER: 'BOUNDS_ORDER',
  TIERS_ORDER: 'TIERS_ORDER',
  DUPLICATE_KEY: 'DUPLICATE_KEY',
  UNKNOWN_MEASURE_KIND: 'UNKNOWN_MEASURE_KIND',
  UNKNOWN_NORMALISATION: 'UNKNOWN_NORMALISATION',
  UNKNOWN_METRIC: 'UNKNOWN_METRIC',
  UNKNOWN_MODULE: 'UNKNOWN_MODULE',
  UNKNOWN_DIMENSION: 'UNKNOWN_DIMENSION',
  UNKNOWN_MEASURE: 'UNKNOWN_MEASURE',
  UNKNOWN_FIELD: 'UNKNOWN_FIELD',
  INVALID_CONDITION: 'INVALID_CONDITION',
  DEFAULT_SEGMENT: 'DEFAULT_SEGMENT',
  DUPLICATE_ORDER: 'DUPLICATE_ORDER',
  INVALID: 'INVALID',
} as const;

/**
 * One of {@link HEALTH_ISSUE_CODES}.
 * @example const code: HealthIssueCode = 'BANDS_ORDER';
 */
export type HealthIssueCode = keyof typeof HEALTH_ISSUE_CODES;

const KEY_PATTERN = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
const key = z.string().regex(KEY_PATTERN, 'must start with a letter and use only letters, digits, _ or -');
const label = z.string().trim().min(1).max(120);
const finite = z.number().finite();
const pointsValue = z.number().min(0).max(100);

/**
 * Adds a custom zod issue that carries one of our stable codes (used by the model and segment schemas).
 * @example issue(ctx, 'WEIGHTS_SUM', 'measure weights must sum to 100; they sum to 99', ['measures'])
 */
export function issue(
  ctx: z.RefinementCtx,
  code: HealthIssueCode,
  message: string,
  path: (string | number)[],
): void {
  ctx.addIssue({ code: 'custom', message, path, params: { code } });
}

// ---------------------------------------------------------------------------------------------------
// Normalisation

/**
 * Linear points between two raw bounds: with `direction: 'higher'`, `min` scores 0 and `max` scores 100
 * (reversed for `'lower'`); values outside the bounds are clamped. `min` must be below `max`.
 * @example linearNormalisationSchema.parse({ kind: 'linear', min: 0.2, max: 0.9 }) // direction 'higher'
 */
export const linearNormalisationSchema = z
  .object({
    kind: z.literal('linear'),
    min: finite,
    max: finite,
    direction: z.enum(['higher', 'lower']).default('higher'),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (!(v.min < v.max)) {
      issue(ctx, 'BOUNDS_ORDER', `min (${v.min}) must be below max (${v.max})`, ['max']);
    }
  });

/**
 * Ordered bands. `direction: 'higher'`: the first band whose `bound` ≤ raw gives its points, bounds
 * strictly descending (e.g. ≥ 0.8 → 100, ≥ 0.5 → 60, ≥ 0 → 0). `direction: 'lower'`: the first band whose
 * `bound` ≥ raw, bounds strictly ascending (e.g. ≤ 2 open tickets → 100). Points may not rise down the
 * list, so a better raw value never earns fewer points. A raw value in no band gets `otherwisePoints`.
 * @example bandsNormalisationSchema.parse({ kind: 'bands', bands: [{ bound: 0.8, points: 100 }, { bound: 0.5, points: 60 }] })
 */
export const bandsNormalisationSchema = z
  .object({
    kind: z.literal('bands'),
    direction: z.enum(['higher', 'lower']).default('higher'),
    bands: z
      .array(z.object({ bound: finite, points: pointsValue }).strict())
      .min(1)
      .max(20),
    otherwisePoints: pointsValue.default(0),
  })
  .strict()
  .superRefine((v, ctx) => {
    const word = v.direction === 'higher' ? 'descending' : 'ascending';
    for (let i = 1; i < v.bands.length; i++) {
      const prev = v.bands[i - 1]!;
      const cur = v.bands[i]!;
      const ordered = v.direction === 'higher' ? cur.bound < prev.bound : cur.bound > prev.bound;
      if (!ordered) {
        issue(
          ctx,
          'BANDS_ORDER',
          `band bounds must be strictly ${word} for direction '${v.direction}' (band ${i} has ${cur.bound} after ${prev.bound})`,
          ['bands', i, 'bound'],
        );
      }
      if (cur.points > prev.points) {
        issue(
          ctx,
          'BANDS_ORDER',
          `band points must not increase down the list (band ${i} has ${cur.points} after ${prev.points})`,
          ['bands', i, 'points'],
        );
      }
    }
    const last = v.bands[v.bands.length - 1];
    if (last && v.otherwisePoints > last.points) {
      issue(
        ctx,
        'BANDS_ORDER',
        `otherwisePoints (${v.otherwisePoints}) must not exceed the last band's points (${last.points})`,
        ['otherwisePoints'],
      );
    }
  });

/**
 * Relative to a benchmark: the raw value divided by the segment (or all-accounts) average of the same
 * measure key, then `scale` (linear or bands) turns that ratio into points. A missing, non-positive or
 * thin benchmark (fewer than `minAccounts` accounts) makes the measure missing.
 * @example benchmarkNormalisationSchema.parse({ kind: 'benchmark', of: 'segment', scale: { kind: 'linear', min: 0.5, max: 1.2 } })
 */
export const benchmarkNormalisationSchema = z
  .object({
    kind: z.literal('benchmark'),
    of: z.enum(['segment', 'all']),
    minAccounts: z.number().int().min(1).default(1),
    scale: z.discriminatedUnion('kind', [linearNormalisationSchema, bandsNormalisationSchema], {
      error: (iss) => (iss.code === 'invalid_union' ? 'benchmark scale must be linear or bands' : undefined),
    }),
  })
  .strict();

/**
 * How a raw value becomes 0–100 points: linear, bands or relative to a benchmark.
 * @example normalisationSchema.parse({ kind: 'linear', min: 1, max: 5 })
 */
export const normalisationSchema = z.discriminatedUnion(
  'kind',
  [linearNormalisationSchema, bandsNormalisationSchema, benchmarkNormalisationSchema],
  {
    error: (iss) =>
      iss.code === 'invalid_union'
        ? `unknown normalisation kind ${JSON.stringify(kindOf(iss.input))}; expected linear, bands or benchmark`
        : undefined,
  },
);

/**
 * A linear normalisation (parsed).
 * @example const n: LinearNormalisation = { kind: 'linear', min: 0, max: 1, direction: 'higher' };
 */
export type LinearNormalisation = z.infer<typeof linearNormalisationSchema>;
/**
 * A bands normalisation (parsed).
 * @example const n: BandsNormalisation = { kind: 'bands', direction: 'lower', bands: [{ bound: 2, points: 100 }], otherwisePoints: 0 };
 */
export type BandsNormalisation = z.infer<typeof bandsNormalisationSchema>;
/**
 * A benchmark normalisation (parsed).
 * @example const n: BenchmarkNormalisation = { kind: 'benchmark', of: 'all', minAccounts: 1, scale: { kind: 'linear', min: 0, max: 1, direction: 'higher' } };
 */
export type BenchmarkNormalisation = z.infer<typeof benchmarkNormalisationSchema>;
/**
 * Any normalisation (parsed).
 * @example const n: Normalisation = { kind: 'linear', min: 0, max: 1, direction: 'higher' };
 */
export type Normalisation = z.infer<typeof normalisationSchema>;

function kindOf(input: unknown): unknown {
  return typeof input === 'object' && input !== null ? (input as { kind?: unknown }).kind : undefined;
}

// ---------------------------------------------------------------------------------------------------
// Measures

const noParams = z.object({}).strict().default({});
const minCount = z.number().int().min(1).max(10_000);
const maxAgeDays = z.number().int().min(1).max(3650).optional();

/** Per-kind parameters. Defaults are filled in by the schema, so the parsed model is explicit. */
const MEASURE_PARAMS = {
  seatActivationRate: noParams,
  loginRate: z
    .object({ denominator: z.enum(['activatedUsers', 'seats']).default('activatedUsers') })
    .strict()
    .default({ denominator: 'activatedUsers' }),
  engagedRate: z
    .object({ minMinutes: z.number().positive().max(100_000).default(10) })
    .strict()
    .default({ minMinutes: 10 }),
  featureCoverage: z
    .object({ module: z.string().trim().min(1).max(100).optional(), minEvents: minCount.default(1) })
    .strict()
    .default({ minEvents: 1 }),
  coreFeatureUsage: z
    .object({ minEvents: minCount.default(1) })
    .strict()
    .default({ minEvents: 1 }),
  depth: z
    .object({ of: z.enum(['events', 'activeMinutes']).default('events') })
    .strict()
    .default({ of: 'events' }),
  activeDays: noParams,
  apiIntegration: z
    .object({
      featureKeys: z.array(z.string().min(1).max(200)).max(200).default([]),
      modules: z.array(z.string().min(1).max(100)).max(50).default(['api']),
      minEvents: minCount.default(1),
    })
    .strict()
    .default({ featureKeys: [], modules: ['api'], minEvents: 1 }),
  stickiness: noParams,
  trend: z.object({ of: z.enum(TREND_METRICS), minBaseline: z.number().min(0).default(1) }).strict(),
  baselineRatio: z
    .object({
      of: z.enum(TREND_METRICS).default('dailyActiveUsers'),
      /** Days of baseline before the measure's window (used in whole weeks, from the account's first activity). */
      baselineDays: z.number().int().min(7).max(364).default(56),
      /** Fewer days of baseline than this (a new account) = missing data, not a comparison with zeros. */
      minBaselineDays: z.number().int().min(1).max(364).default(14),
    })
    .strict()
    .refine((p) => p.minBaselineDays <= p.baselineDays, {
      message: 'minBaselineDays must not exceed baselineDays',
      path: ['minBaselineDays'],
    })
    .default({ of: 'dailyActiveUsers', baselineDays: 56, minBaselineDays: 14 }),
  daysSinceActivity: noParams,
  benchmarkRatio: z.object({ measureKey: key, of: z.enum(['segment', 'all']) }).strict(),
  csmRating: z.object({ maxAgeDays }).strict().default({}),
  customMetric: z.object({ metricKey: z.string().trim().min(1).max(200), maxAgeDays }).strict(),
  nps: z
    .object({ minResponses: minCount.default(1) })
    .strict()
    .default({ minResponses: 1 }),
  csat: z
    .object({ satisfiedMin: z.number().int().min(1).max(10).default(4), minResponses: minCount.default(1) })
    .strict()
    .default({ satisfiedMin: 4, minResponses: 1 }),
  ces: z
    .object({ minResponses: minCount.default(1) })
    .strict()
    .default({ minResponses: 1 }),
  firstContactResolutionRate: z
    .object({ minTickets: minCount.default(1) })
    .strict()
    .default({ minTickets: 1 }),
  openTickets: noParams,
  firstResponseTime: z
    .object({ stat: z.enum(['median', 'mean']).default('median') })
    .strict()
    .default({ stat: 'median' }),
} satisfies Record<MeasureKind, z.ZodType>;

function measureVariant<K extends MeasureKind>(kind: K) {
  return z
    .object({
      key,
      label: label.optional(),
      kind: z.literal(kind),
      /** Window length in days ending on (and including) `asOfDay`. Ignored by point-in-time kinds. */
      windowDays: z.number().int().min(1).max(365).default(30),
      params: MEASURE_PARAMS[kind],
      normalisation: normalisationSchema,
      /** Percentage of the score; all weights of a model sum to 100. 0 = shown but not scored. */
      weight: z.number().min(0).max(100),
      /** Dimension key; defaults to the kind's dimension (see MEASURE_KINDS). */
      dimension: key.optional(),
    })
    .strict();
}

const measureVariants = [
  measureVariant('seatActivationRate'),
  measureVariant('loginRate'),
  measureVariant('engagedRate'),
  measureVariant('featureCoverage'),
  measureVariant('coreFeatureUsage'),
  measureVariant('depth'),
  measureVariant('activeDays'),
  measureVariant('apiIntegration'),
  measureVariant('stickiness'),
  measureVariant('trend'),
  measureVariant('baselineRatio'),
  measureVariant('daysSinceActivity'),
  measureVariant('benchmarkRatio'),
  measureVariant('csmRating'),
  measureVariant('customMetric'),
  measureVariant('nps'),
  measureVariant('csat'),
  measureVariant('ces'),
  measureVariant('firstContactResolutionRate'),
  measureVariant('openTickets'),
  measureVariant('firstResponseTime'),
] as const;

/**
 * One measure of a model: what to calculate (`kind`, `params`, `windowDays`), how to turn it into
 * points (`normalisation`), its `weight` (percent) and `dimension`.
 * @example measureConfigSchema.parse({ key: 'login', kind: 'loginRate', weight: 20, normalisation: { kind: 'linear', min: 0.1, max: 0.8 } })
 */
export const measureConfigSchema = z.discriminatedUnion('kind', measureVariants, {
  error: (iss) =>
    iss.code === 'invalid_union'
      ? `unknown measure kind ${JSON.stringify(kindOf(iss.input))}; expected one of ${MEASURE_KIND_KEYS.join(', ')}`
      : undefined,
});

/**
 * A parsed measure config (defaults filled in).
 * @example const m: MeasureConfig = DEFAULT_MODEL.measures[0]!;
 */
export type MeasureConfig = z.infer<typeof measureConfigSchema>;
/**
 * A measure config as an admin may write it (defaults optional).
 * @example const m: MeasureConfigInput = { key: 'rating', kind: 'csmRating', weight: 10, normalisation: { kind: 'linear', min: 1, max: 5 } };
 */
export type MeasureConfigInput = z.input<typeof measureConfigSchema>;
/**
 * The parsed config of one measure kind, e.g. `MeasureConfigOf<'trend'>['params']['of']`.
 * @example const m: MeasureConfigOf<'nps'>['params'] = { minResponses: 3 };
 */
export type MeasureConfigOf<K extends MeasureKind> = Extract<MeasureConfig, { kind: K }>;

// ---------------------------------------------------------------------------------------------------
// Tiers, dimensions, model

/**
 * A tier: scores at or above `minScore` (and below the previous tier's) fall in it. Listed best first.
 * @example tierSchema.parse({ key: 'green', label: 'Green', minScore: 80 })
 */
export const tierSchema = z
  .object({
    key,
    label: label.optional(),
    /** Inclusive lower bound, points 0..100. */
    minScore: pointsValue,
    /** `#rrggbb` for charts. */
    color: z
      .string()
      .regex(/^#[0-9a-fA-F]{6}$/)
      .optional(),
    /** Playbook guidance shown with the tier. */
    guidance: z.string().max(2000).optional(),
  })
  .strict();

/**
 * A parsed tier.
 * @example const t: TierConfig = { key: 'red', minScore: 0 };
 */
export type TierConfig = z.infer<typeof tierSchema>;

/**
 * Tier cut-offs, best first: strictly descending `minScore`, the last one 0, unique keys.
 * @example tiersSchema.parse([{ key: 'good', minScore: 50 }, { key: 'bad', minScore: 0 }])
 */
export const tiersSchema = z
  .array(tierSchema)
  .min(2)
  .max(10)
  .superRefine((tiers, ctx) => {
    const seen = new Set<string>();
    tiers.forEach((t, i) => {
      if (seen.has(t.key)) issue(ctx, 'DUPLICATE_KEY', `duplicate tier key '${t.key}'`, [i, 'key']);
      seen.add(t.key);
      const prev = tiers[i - 1];
      if (prev && !(t.minScore < prev.minScore)) {
        issue(
          ctx,
          'TIERS_ORDER',
          `tier cut-offs must be strictly descending ('${t.key}' has ${t.minScore} after '${prev.key}' ${prev.minScore})`,
          [i, 'minScore'],
        );
      }
    });
    const last = tiers[tiers.length - 1];
    if (last && last.minScore !== 0) {
      issue(ctx, 'TIERS_ORDER', `the last tier ('${last.key}') must start at 0 so every score has a tier`, [
        tiers.length - 1,
        'minScore',
      ]);
    }
  });

/**
 * A dimension (radar-chart axis) measures are grouped into.
 * @example dimensionSchema.parse({ key: 'usage', label: 'Usage' })
 */
export const dimensionSchema = z.object({ key, label: label.optional() }).strict();

/**
 * A parsed dimension.
 * @example const d: DimensionConfig = { key: 'usage', label: 'Usage' };
 */
export type DimensionConfig = z.infer<typeof dimensionSchema>;

/**
 * The default tiers, best first: green ≥ 80, green-yellow 60–79.9, yellow 40–59.9, red < 40
 * (lower bounds inclusive).
 * @example DEFAULT_TIERS.map((t) => t.minScore) // [80, 60, 40, 0]
 */
export const DEFAULT_TIERS: readonly TierConfig[] = [
  {
    key: 'green',
    label: 'Green',
    minScore: 80,
    color: '#16a34a',
    guidance: 'Healthy: look for expansion, referrals and a case study.',
  },
  {
    key: 'green-yellow',
    label: 'Green-yellow',
    minScore: 60,
    color: '#84cc16',
    guidance: 'Mostly healthy: push adoption of the features they do not use yet.',
  },
  {
    key: 'yellow',
    label: 'Yellow',
    minScore: 40,
    color: '#eab308',
    guidance: 'At risk: book a check-in, find the blocker, agree an adoption plan.',
  },
  {
    key: 'red',
    label: 'Red',
    minScore: 0,
    color: '#dc2626',
    guidance: 'Critical: escalate, meet the sponsor, run the rescue playbook.',
  },
];

/**
 * The default dimensions (radar-chart axes).
 * @example DEFAULT_DIMENSIONS.map((d) => d.key) // ['usage', 'outcomes', 'satisfaction', 'support', 'relationship']
 */
export const DEFAULT_DIMENSIONS: readonly DimensionConfig[] = [
  { key: 'usage', label: 'Usage' },
  { key: 'outcomes', label: 'Outcomes' },
  { key: 'satisfaction', label: 'Satisfaction' },
  { key: 'support', label: 'Support' },
  { key: 'relationship', label: 'Relationship' },
];

/**
 * A health model: its measures (weights sum to 100), tiers, dimensions, missing-data policy
 * (`skip` = skip and renormalise over present weights, `zero` = count missing as 0 points) and the
 * minimum data coverage (rate 0..1 of the weight present) below which an account is "insufficient data".
 * This is the body admins submit and the SPA edits; the worker stores it per model version.
 * @example healthModelSchema.parse({ measures: [{ key: 'login', kind: 'loginRate', weight: 100, normalisation: { kind: 'linear', min: 0, max: 1 } }] })
 */
export const healthModelSchema = z
  .object({
    measures: z.array(measureConfigSchema).min(1).max(50),
    tiers: tiersSchema.default(() => DEFAULT_TIERS.map((t) => ({ ...t }))),
    dimensions: z
      .array(dimensionSchema)
      .min(1)
      .max(20)
      .default(() => DEFAULT_DIMENSIONS.map((d) => ({ ...d }))),
    missingData: z.enum(['skip', 'zero']).default('skip'),
    minCoverage: z.number().min(0).max(1).default(0.5),
  })
  .strict()
  .superRefine((model, ctx) => {
    const keys = new Map<string, number>();
    model.measures.forEach((m, i) => {
      if (keys.has(m.key)) {
        issue(ctx, 'DUPLICATE_KEY', `duplicate measure key '${m.key}' (also measure ${keys.get(m.key)})`, [
          'measures',
          i,
          'key',
        ]);
      } else keys.set(m.key, i);
    });

    const sum = model.measures.reduce((s, m) => s + m.weight, 0);
    if (Math.abs(sum - 100) > 1e-6) {
      issue(ctx, 'WEIGHTS_SUM', `measure weights must sum to 100; they sum to ${formatSum(sum)}`, [
        'measures',
      ]);
    }

    const dims = new Set<string>();
    model.dimensions.forEach((d, i) => {
      if (dims.has(d.key))
        issue(ctx, 'DUPLICATE_KEY', `duplicate dimension key '${d.key}'`, ['dimensions', i]);
      dims.add(d.key);
    });
    model.measures.forEach((m, i) => {
      const dim = measureDimension(m);
      if (!dims.has(dim)) {
        issue(
          ctx,
          'UNKNOWN_DIMENSION',
          `measure '${m.key}' is in dimension '${dim}', which the model does not list`,
          ['measures', i, 'dimension'],
        );
      }
      if (m.kind === 'benchmarkRatio') {
        const ref = model.measures[keys.get(m.params.measureKey) ?? -1];
        if (!ref || ref === m || ref.kind === 'benchmarkRatio') {
          issue(
            ctx,
            'UNKNOWN_MEASURE',
            `benchmarkRatio '${m.key}' must refer to another, non-ratio measure of this model (got '${m.params.measureKey}')`,
            ['measures', i, 'params', 'measureKey'],
          );
        }
      }
    });
  });

/**
 * A parsed, valid health model (defaults filled in). `compileModel` takes this.
 * @example const model: HealthModel = healthModelSchema.parse(DEFAULT_MODEL);
 */
export type HealthModel = z.infer<typeof healthModelSchema>;
/**
 * A health model as submitted (defaults optional).
 * @example const body: HealthModelInput = { measures: [{ key: 'login', kind: 'loginRate', weight: 100, normalisation: { kind: 'linear', min: 0, max: 1 } }] };
 */
export type HealthModelInput = z.input<typeof healthModelSchema>;

function formatSum(sum: number): string {
  return String(Math.round(sum * 1e6) / 1e6);
}

/**
 * The dimension a measure belongs to: its own `dimension`, else its kind's default.
 * @example measureDimension({ kind: 'nps' }) // 'satisfaction'
 */
export function measureDimension(m: { kind: MeasureKind; dimension?: string | undefined }): string {
  return m.dimension ?? MEASURE_KINDS[m.kind].dimension;
}

// ---------------------------------------------------------------------------------------------------
// Validation with stable codes

/**
 * One validation problem: `path` into the submitted body, a stable `code` and a human `message`.
 * The worker can put these in its error envelope's `issues` as they are.
 * @example const i: ConfigIssue = { path: ['measures'], code: 'WEIGHTS_SUM', message: 'measure weights must sum to 100; they sum to 99' };
 */
export interface ConfigIssue {
  path: (string | number)[];
  code: HealthIssueCode;
  message: string;
}

/**
 * The outcome of validating a config: the parsed value or the list of issues.
 * @example const r: ConfigResult<HealthModel> = validateModel(body);
 */
export type ConfigResult<T> = { ok: true; value: T } | { ok: false; issues: ConfigIssue[] };

/**
 * Facts the static schema cannot know; when given, references to anything else are reported.
 * @example const known: ModelReferences = { metricKeys: ['hoursSaved'], modules: ['reports', 'api'] };
 */
export interface ModelReferences {
  /** Custom metric keys that exist (for `customMetric.params.metricKey`). */
  metricKeys?: readonly string[];
  /** Feature modules that exist in the catalog (for `featureCoverage.params.module`). */
  modules?: readonly string[];
}

/**
 * Maps zod issues to {@link ConfigIssue}s with stable codes.
 * @example toConfigIssues(healthModelSchema.safeParse({}).error!.issues)[0]!.code // 'INVALID'
 */
export function toConfigIssues(issues: readonly z.core.$ZodIssue[]): ConfigIssue[] {
  return issues.map((i) => {
    const path = i.path.filter((p): p is string | number => typeof p !== 'symbol');
    return { path, code: classify(i, path), message: i.message };
  });
}

function classify(i: z.core.$ZodIssue, path: (string | number)[]): HealthIssueCode {
  if (i.code === 'custom') {
    const code = (i.params as { code?: unknown } | undefined)?.code;
    if (typeof code === 'string' && code in HEALTH_ISSUE_CODES) return code as HealthIssueCode;
    return 'INVALID';
  }
  const last = path[path.length - 1];
  if (i.code === 'invalid_union' && last === 'kind') {
    return path.includes('normalisation') ? 'UNKNOWN_NORMALISATION' : 'UNKNOWN_MEASURE_KIND';
  }
  if (i.code === 'invalid_value' && last === 'of' && path[path.length - 2] === 'params')
    return 'UNKNOWN_METRIC';
  return 'INVALID';
}

/**
 * Validates an admin-submitted model: the schema (with codes such as `WEIGHTS_SUM`, `BANDS_ORDER`,
 * `BOUNDS_ORDER`, `DUPLICATE_KEY`, `TIERS_ORDER`, `UNKNOWN_MEASURE_KIND`, `UNKNOWN_METRIC`) and, when
 * `references` are given, that custom metric keys and modules exist.
 * @example validateModel({ measures: [{ key: 'a', kind: 'loginRate', weight: 99, normalisation: { kind: 'linear', min: 0, max: 1 } }] })
 * // { ok: false, issues: [{ path: ['measures'], code: 'WEIGHTS_SUM', message: 'measure weights must sum to 100; they sum to 99' }] }
 */
export function validateModel(input: unknown, references: ModelReferences = {}): ConfigResult<HealthModel> {
  const parsed = healthModelSchema.safeParse(input);
  if (!parsed.success) return { ok: false, issues: toConfigIssues(parsed.error.issues) };
  const issues: ConfigIssue[] = [];
  const metricKeys = references.metricKeys ? new Set(references.metricKeys) : null;
  const modules = references.modules ? new Set(references.modules) : null;
  parsed.data.measures.forEach((m, i) => {
    if (metricKeys && m.kind === 'customMetric' && !metricKeys.has(m.params.metricKey)) {
      issues.push({
        path: ['measures', i, 'params', 'metricKey'],
        code: 'UNKNOWN_METRIC',
        message: `unknown custom metric '${m.params.metricKey}'`,
      });
    }
    if (
      modules &&
      m.kind === 'featureCoverage' &&
      m.params.module !== undefined &&
      !modules.has(m.params.module)
    ) {
      issues.push({
        path: ['measures', i, 'params', 'module'],
        code: 'UNKNOWN_MODULE',
        message: `unknown feature module '${m.params.module}'`,
      });
    }
  });
  return issues.length > 0 ? { ok: false, issues } : { ok: true, value: parsed.data };
}
