import { z } from 'zod';
import { modelConfigInput } from './models';

// The model studio: live preview of a draft, version notes and diffs, backtest and weight calibration.

const rate = z.number().nullable();

/** Ten buckets of ten points: `[0,10)`, `[10,20)` … `[90,100]`. */
export const HISTOGRAM_BUCKETS = 10;

const scoredSideSchema = z.object({
  /** Tier key → accounts; accounts without enough data count under `insufficient`. */
  tiers: z.record(z.string(), z.number().int()),
  histogram: z.array(z.number().int()).length(HISTOGRAM_BUCKETS),
  scored: z.number().int(),
});

/** `POST /api/models/:id/preview` `{ config }` (admin). */
export const previewInput = z.object({ config: modelConfigInput }).strict().meta({ id: 'ModelPreviewInput' });

/**
 * `POST /api/models/:id/preview` → the draft and the published model scored side by side on today's data for the
 * accounts whose segment uses this model, and the accounts that would change tier (at most 200, biggest score
 * moves first).
 */
export const previewSchema = z
  .object({
    accounts: z.number().int(),
    scope: z.enum(['segments', 'all']).meta({
      description:
        '`segments`: the accounts whose segment uses this model; `all`: no segment uses it yet, so every account.',
    }),
    asOf: z.string().meta({ description: 'The day whose data both were scored on (the last complete day).' }),
    published: scoredSideSchema.nullable().meta({ description: 'Null before the first publish.' }),
    draft: scoredSideSchema,
    movers: z.array(
      z.object({
        accountExternalId: z.string(),
        name: z.string(),
        from: z.string().nullable(),
        to: z.string().nullable(),
        scoreFrom: z.number().nullable(),
        scoreTo: z.number().nullable(),
        measure: z.string().nullable().meta({ description: 'The measure whose contribution changed most.' }),
      }),
    ),
    moversTotal: z.number().int(),
    elapsedMs: z.number(),
  })
  .meta({ id: 'ModelPreview' });
export type ModelPreview = z.infer<typeof previewSchema>;

/** `POST /api/models/:id/publish` (optional body). */
export const publishInput = z
  .object({ note: z.string().trim().max(500).optional() })
  .strict()
  .meta({ id: 'PublishModelInput' });

/** `POST /api/models/:id/rollback` — publish an older version's config as a new version. */
export const rollbackInput = z
  .object({ version: z.number().int().positive(), note: z.string().trim().max(500).optional() })
  .strict()
  .meta({ id: 'RollbackModelInput' });

/** What changed between two versions of a model, measure by measure. */
export const modelDiffSchema = z
  .object({
    from: z.number().int(),
    to: z.number().int(),
    measuresAdded: z.array(z.object({ key: z.string(), label: z.string(), weight: z.number() })),
    measuresRemoved: z.array(z.object({ key: z.string(), label: z.string(), weight: z.number() })),
    measuresChanged: z.array(
      z.object({
        key: z.string(),
        label: z.string(),
        changes: z.array(z.object({ field: z.string(), from: z.unknown(), to: z.unknown() })),
      }),
    ),
    tiersChanged: z.array(
      z.object({ key: z.string(), field: z.string(), from: z.unknown(), to: z.unknown() }),
    ),
    settingsChanged: z.array(z.object({ field: z.string(), from: z.unknown(), to: z.unknown() })),
  })
  .meta({ id: 'ModelDiff' });
export type ModelDiff = z.infer<typeof modelDiffSchema>;

/** `GET /api/models/:id/diff?from=&to=` */
export const diffQuery = z
  .object({
    from: z.coerce.number().int().positive(),
    to: z.coerce.number().int().positive(),
  })
  .strict();

/** `POST /api/models/:id/backtest` and `/calibrate` options. */
export const backtestInput = z
  .object({
    /** Days before each renewal's due date the score is taken (the start of its renewal window). */
    leadDays: z.number().int().min(0).max(365).default(90),
    /** Fewest decided renewals to report on (else 422 TOO_FEW_OUTCOMES). */
    minOutcomes: z.number().int().min(2).max(100_000).default(30),
    /** Which config to test: the draft (default when there is one) or the published version. */
    use: z.enum(['draft', 'published']).optional(),
  })
  .strict()
  .meta({ id: 'BacktestInput' });

/** `POST /api/models/:id/backtest` → 200. */
export const backtestSchema = z
  .object({
    version: z.number().int(),
    auc: rate,
    renewals: z.number().int(),
    unscored: z.number().int(),
    leadDays: z.number().int(),
    tiers: z.array(z.object({ tier: z.string(), accounts: z.number().int(), renewalRate: rate })),
    measures: z.array(z.object({ key: z.string(), label: z.string(), auc: rate, missing: z.number().int() })),
  })
  .meta({ id: 'Backtest' });
export type Backtest = z.infer<typeof backtestSchema>;

/** `POST /api/models/:id/calibrate` options. */
export const calibrateInput = z
  .object({
    leadDays: z.number().int().min(0).max(365).default(90),
    minOutcomes: z.number().int().min(2).max(100_000).default(30),
    folds: z.number().int().min(2).max(10).default(5),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1)
      .default(1),
  })
  .strict()
  .meta({ id: 'CalibrateInput' });

/** `POST /api/models/:id/calibrate` → 200: the fitted weights, saved as the model's draft (never published). */
export const calibrationSchema = z
  .object({
    draftVersion: z.number().int(),
    basedOnVersion: z.number().int(),
    renewals: z.number().int(),
    cvAuc: rate,
    currentAuc: rate,
    weights: z.array(z.object({ key: z.string(), weight: z.number().int(), previous: z.number() })),
    dropCandidates: z.array(z.string()),
    lackingData: z.array(z.string()),
  })
  .meta({ id: 'Calibration' });
export type Calibration = z.infer<typeof calibrationSchema>;

/** `GET /api/segments/matches` → how many accounts each segment matches now (first match wins). */
export const segmentMatchesSchema = z
  .object({ counts: z.record(z.string(), z.number().int()), total: z.number().int() })
  .meta({ id: 'SegmentMatches' });
