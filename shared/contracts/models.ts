import { z } from 'zod';
import { healthModelSchema } from '../health/model';
import { segmentSchema } from '../health/segments';

const isoTimestamp = z.iso.datetime({ offset: true }).meta({ description: 'ISO 8601 timestamp' });
const modelKey = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/, 'must start with a letter; letters, digits, _ or -');

/** A model's configuration as stored (defaults filled in): see `healthModelSchema` in shared/health/model.ts. */
export const healthModelContract = healthModelSchema.meta({
  id: 'HealthModel',
  description:
    'Measures (weights sum to 100), tiers, dimensions, the missing-data policy and the minimum coverage.',
});

// Bodies carry the model unparsed: the worker validates it with stable issue codes (WEIGHTS_SUM, UNKNOWN_METRIC, …)
// against the installation's metric keys and modules, so the schema here only documents it.
const modelExample = {
  measures: [
    { key: 'login', kind: 'loginRate', weight: 100, normalisation: { kind: 'linear', min: 0, max: 1 } },
  ],
};
export const modelConfigInput = z.unknown().meta({
  description:
    'A health model (see HealthModel; defaults may be left out). Checked against the custom metric keys and feature modules in use; each problem is an issue of the 400 VALIDATION_FAILED.',
  example: modelExample,
});

/** `/api/models/:id` */
export const modelIdParam = z.object({ id: z.string().min(1).max(64).meta({ example: 'default' }) });

/** One version of a model; at most one draft and one published version are live, older ones are retired. */
export const modelVersionSchema = z
  .object({
    id: z.number().int().positive(),
    version: z.number().int().positive(),
    status: z.enum(['draft', 'published', 'retired']),
    createdAt: isoTimestamp,
    publishedAt: isoTimestamp.nullable(),
    createdBy: z
      .string()
      .nullable()
      .meta({ description: 'Who saved it (member email, `admin-token`, `system`).' }),
    publishedBy: z.string().nullable().meta({ description: 'Who published it; null while a draft.' }),
    note: z.string().nullable().meta({ description: 'The publish note.' }),
    config: healthModelContract,
  })
  .meta({ id: 'ModelVersion' });
export type ModelVersion = z.infer<typeof modelVersionSchema>;

/** `GET /api/models`: one model with its live version numbers. */
export const modelSummarySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    createdAt: isoTimestamp.nullable(),
    updatedAt: isoTimestamp.nullable(),
    publishedVersion: z
      .number()
      .int()
      .nullable()
      .meta({ description: 'The version scoring uses; null until the first publish.' }),
    draftVersion: z.number().int().nullable().meta({ description: 'The open draft; null when none.' }),
  })
  .meta({ id: 'ModelSummary' });
export type ModelSummary = z.infer<typeof modelSummarySchema>;

/** `GET /api/models` */
export const modelListSchema = z.object({ items: z.array(modelSummarySchema) }).meta({ id: 'ModelList' });
export type ModelList = z.infer<typeof modelListSchema>;

/** `GET /api/models/:id`: the model with every version, newest first. */
export const modelSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    createdAt: isoTimestamp.nullable(),
    updatedAt: isoTimestamp.nullable(),
    versions: z.array(modelVersionSchema),
  })
  .meta({ id: 'Model' });
export type Model = z.infer<typeof modelSchema>;

/** `GET /api/models/:id/versions`: newest first. */
export const modelVersionListSchema = z
  .object({ items: z.array(modelVersionSchema) })
  .meta({ id: 'ModelVersionList' });

/** `POST /api/models` */
export const createModelInput = z
  .object({
    id: modelKey.meta({ example: 'enterprise' }),
    name: z.string().trim().min(1).max(120).meta({ example: 'Enterprise model' }),
    config: modelConfigInput,
  })
  .strict()
  .meta({ id: 'CreateModelInput' });

/** `PUT /api/models/:id/draft` */
export const saveDraftInput = z
  .object({ name: z.string().trim().min(1).max(120).optional(), config: modelConfigInput })
  .strict()
  .meta({ id: 'SaveModelDraftInput' });

/** `POST /api/models/validate` — `{ config }` or the bare config; the schema accepts any object. */
export const validateModelInput = z.looseObject({}).meta({
  id: 'ValidateModelInput',
  description: 'A health model, bare or as `{ config }`.',
  example: { config: modelExample },
});

/** `POST /api/models/validate` → the model as it would be stored. */
export const validatedModelSchema = z
  .object({ ok: z.literal(true), config: healthModelContract })
  .meta({ id: 'ValidatedModel' });

/** `POST /api/models/:id/publish` */
export const publishedModelSchema = z
  .object({ id: z.string(), publishedVersion: z.number().int().positive() })
  .meta({ id: 'PublishedModel' });

/** A segment as stored (defaults filled in): see `segmentSchema` in shared/health/segments.ts. */
export const segmentContract = segmentSchema.meta({
  id: 'Segment',
  description:
    'Accounts matching its conditions are scored with model `modelId`; segments are tried by ascending `order`, the first match wins, and the default segment catches the rest.',
});
export type SegmentContract = z.infer<typeof segmentContract>;

/** `GET|PUT /api/segments`, `POST /api/segments/reorder`: in match order, the default one last. */
export const segmentListContract = z.object({ items: z.array(segmentContract) }).meta({ id: 'SegmentList' });
export type SegmentList = z.infer<typeof segmentListContract>;

const segmentExample = {
  id: 'enterprise',
  name: 'Enterprise',
  order: 1,
  match: 'all',
  conditions: [{ field: 'arrCents', op: 'gte', value: 10_000_000 }],
  modelId: 'default',
};

// Segment bodies are validated by the worker as a whole list with stable issue codes (DEFAULT_SEGMENT,
// DUPLICATE_ORDER, a model without a published version, …), so the schemas here accept any object.

/** `PUT /api/segments` — the whole list, as `{ items }` or bare. */
export const replaceSegmentsInput = z.union([z.looseObject({}), z.array(z.unknown())]).meta({
  id: 'ReplaceSegmentsInput',
  description:
    'Every segment (see Segment), as `{ items: [...] }` or a bare array: exactly one default, unique ids and orders, each model published.',
  example: { items: [segmentExample] },
});

/** `POST /api/segments` — one new segment. */
export const createSegmentInput = z.looseObject({}).meta({
  id: 'CreateSegmentInput',
  description: 'A Segment with a new id.',
  example: segmentExample,
});

/** `PATCH /api/segments/:id` — the fields to change (not `id`). */
export const patchSegmentInput = z.looseObject({}).meta({
  id: 'PatchSegmentInput',
  description: 'Fields of Segment to change; `id` cannot be changed.',
  example: { name: 'Enterprise (EMEA)', order: 2 },
});

/** `/api/segments/:id` */
export const segmentIdParam = z.object({ id: z.string().min(1).max(64).meta({ example: 'enterprise' }) });

/** `POST /api/segments/reorder` — non-default segment ids in their new match order. */
export const reorderSegmentsInput = z
  .object({
    ids: z
      .array(z.string().min(1).max(64))
      .min(1)
      .max(500)
      .meta({ description: 'Every non-default segment id once.', example: ['enterprise', 'smb'] }),
  })
  .strict()
  .meta({ id: 'ReorderSegmentsInput' });
