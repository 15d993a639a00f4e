import {
  createModelInput,
  createSegmentInput,
  type Model,
  modelIdParam,
  modelListSchema,
  modelSchema,
  modelVersionListSchema,
  patchSegmentInput,
  publishedModelSchema,
  reorderSegmentsInput,
  replaceSegmentsInput,
  saveDraftInput,
  segmentContract,
  segmentIdParam,
  segmentListContract,
  validatedModelSchema,
  validateModelInput,
} from '../../shared/contracts/models';
import { publishInput } from '../../shared/contracts/studio';
import {
  type ConfigIssue,
  type Segment,
  segmentSchema,
  toConfigIssues,
  validateModel,
  validateSegments,
} from '../../shared/health';
import { type Db, getDb } from '../common/db';
import { ApiError } from '../common/errors';
import { createRouter, defineRoute, jsonBody, jsonResponse } from '../common/openapi';
import {
  createModel,
  getModel,
  listModels,
  listSegments,
  modelReferences,
  publishDraft,
  saveDraft,
  saveSegments,
} from './store';

const invalid = (message: string, issues: ConfigIssue[]) =>
  new ApiError({ code: 'VALIDATION_FAILED', message, issues });

export async function checkModel(db: Db, config: unknown) {
  const result = validateModel(config, await modelReferences(db));
  if (!result.ok) throw invalid('the model is invalid', result.issues);
  return result.value;
}

/** Segments must reference models that exist; the list must validate as a whole. */
async function checkSegments(db: Db, list: unknown): Promise<Segment[]> {
  const result = validateSegments(list);
  if (!result.ok) throw invalid('the segments are invalid', result.issues);
  // A segment scores with its model's published version, so a model that is only a draft cannot be used yet.
  const published = new Set(
    (await listModels(db)).filter((m) => m.publishedVersion !== null).map((m) => m.id),
  );
  const issues = result.value.flatMap((s, i) =>
    published.has(s.modelId)
      ? []
      : [
          {
            path: [i, 'modelId'],
            code: 'INVALID' as const,
            message: `model '${s.modelId}' does not exist or has no published version`,
          },
        ],
  );
  if (issues.length > 0) throw invalid('the segments are invalid', issues);
  return result.value;
}

/** The model, or 404 NOT_FOUND. */
export function foundModel(model: Model | null): Model {
  if (!model) throw new ApiError({ code: 'NOT_FOUND', message: 'no such model' });
  return model;
}

/** The segment of the list with that id, or 404 NOT_FOUND. */
function foundSegment(list: Segment[], id: string): Segment {
  const segment = list.find((s) => s.id === id);
  if (!segment) throw new ApiError({ code: 'NOT_FOUND', message: 'no such segment' });
  return segment;
}

const modelTags = ['Models'];
const MODEL_CHECKS =
  'The model is validated as a whole (weights sum to 100, known metric keys and modules, …); each problem is an issue of the 400 VALIDATION_FAILED with a stable code.';

const listModelsRoute = defineRoute({
  method: 'get',
  path: '/',
  tags: modelTags,
  summary: 'List health models',
  description: 'Every model by id, with its published and draft version numbers.',
  responses: { 200: jsonResponse(modelListSchema, 'The models, by id') },
});

const createModelRoute = defineRoute({
  method: 'post',
  path: '/',
  tags: modelTags,
  summary: 'Create a health model',
  description: `Creates the model with its first version as a draft (publish it to score with it). ${MODEL_CHECKS} 409 when the id exists. Recorded in the audit log (\`model.create\`).`,
  request: { body: jsonBody(createModelInput) },
  responses: { 201: jsonResponse(modelSchema, 'The model as stored') },
  errors: ['CONFLICT'],
});

const getModelRoute = defineRoute({
  method: 'get',
  path: '/{id}',
  tags: modelTags,
  summary: 'Get a health model',
  description: 'The model with every version (draft, published, retired), newest first.',
  request: { params: modelIdParam },
  responses: { 200: jsonResponse(modelSchema, 'The model') },
  errors: ['NOT_FOUND'],
});

const listVersions = defineRoute({
  method: 'get',
  path: '/{id}/versions',
  tags: modelTags,
  summary: "List a model's versions",
  request: { params: modelIdParam },
  responses: { 200: jsonResponse(modelVersionListSchema, 'Every version, newest first') },
  errors: ['NOT_FOUND'],
});

const validateModelRoute = defineRoute({
  method: 'post',
  path: '/validate',
  tags: modelTags,
  summary: 'Validate a health model',
  description: `Checks a model without storing anything. ${MODEL_CHECKS}`,
  request: { body: jsonBody(validateModelInput) },
  responses: {
    200: jsonResponse(validatedModelSchema, 'The model as it would be stored, defaults filled in'),
  },
});

const saveDraftRoute = defineRoute({
  method: 'put',
  path: '/{id}/draft',
  tags: modelTags,
  summary: "Save a model's draft",
  description: `Writes the open draft, or opens the next version as a draft; scoring keeps the published version until the draft is published. ${MODEL_CHECKS} Recorded in the audit log (\`model.draft\`).`,
  request: { params: modelIdParam, body: jsonBody(saveDraftInput) },
  responses: { 200: jsonResponse(modelSchema, 'The model as now stored') },
  errors: ['NOT_FOUND'],
});

const publishRoute = defineRoute({
  method: 'post',
  path: '/{id}/publish',
  tags: modelTags,
  summary: "Publish a model's draft",
  description:
    'The draft becomes the version new snapshots are scored with; the previously published version is retired (snapshots keep the version that scored them). An optional `note` says why (shown in the version history). 409 when there is no draft. Recorded in the audit log (`model.publish`, with the note).',
  request: { params: modelIdParam, body: jsonBody(publishInput) },
  responses: { 200: jsonResponse(publishedModelSchema, 'The version now published') },
  errors: ['NOT_FOUND', 'CONFLICT'],
});

/** Health models: versioned (draft → published); publishing never rewrites history. */
export const modelRoutes = createRouter()
  .openapi(listModelsRoute, async (c) => c.json({ items: await listModels(getDb(c.env.DB)) }, 200))
  .openapi(createModelRoute, async (c) => {
    const db = getDb(c.env.DB);
    const input = c.req.valid('json');
    const config = await checkModel(db, input.config);
    if (await getModel(db, input.id))
      throw new ApiError({ code: 'CONFLICT', message: `model '${input.id}' exists` });
    await createModel(db, { id: input.id, name: input.name, config }, c.get('actor').email, Date.now());
    return c.json(foundModel(await getModel(db, input.id)), 201);
  })
  .openapi(getModelRoute, async (c) =>
    c.json(foundModel(await getModel(getDb(c.env.DB), c.req.valid('param').id)), 200),
  )
  .openapi(listVersions, async (c) => {
    const model = foundModel(await getModel(getDb(c.env.DB), c.req.valid('param').id));
    return c.json({ items: model.versions }, 200);
  })
  // `{ config }` or the bare config.
  .openapi(validateModelRoute, async (c) => {
    const body = c.req.valid('json');
    const config = await checkModel(getDb(c.env.DB), body.config ?? body);
    return c.json({ ok: true as const, config }, 200);
  })
  .openapi(saveDraftRoute, async (c) => {
    const db = getDb(c.env.DB);
    const { id } = c.req.valid('param');
    foundModel(await getModel(db, id));
    const input = c.req.valid('json');
    const config = await checkModel(db, input.config);
    await saveDraft(db, id, { name: input.name, config }, c.get('actor').email, Date.now());
    return c.json(foundModel(await getModel(db, id)), 200);
  })
  .openapi(publishRoute, async (c) => {
    const db = getDb(c.env.DB);
    const { id } = c.req.valid('param');
    foundModel(await getModel(db, id));
    const { note } = c.req.valid('json');
    const version = await publishDraft(db, id, c.get('actor').email, Date.now(), note || null);
    if (version === null)
      throw new ApiError({ code: 'CONFLICT', message: 'this model has no draft to publish' });
    return c.json({ id, publishedVersion: version }, 200);
  });

const segmentTags = ['Segments'];
const SEGMENT_CHECKS =
  'The resulting list is validated as a whole (exactly one default, unique ids and orders, each model published); each problem is an issue of the 400 VALIDATION_FAILED with a stable code. The next scoring run uses it.';

const listSegmentsRoute = defineRoute({
  method: 'get',
  path: '/',
  tags: segmentTags,
  summary: 'List segments',
  description: 'Segments in match order (first match wins); the default segment, last, catches the rest.',
  responses: { 200: jsonResponse(segmentListContract, 'The segments in match order') },
});

const replaceSegments = defineRoute({
  method: 'put',
  path: '/',
  tags: segmentTags,
  summary: 'Replace every segment',
  description: `Stores the list as sent, deleting segments it leaves out. ${SEGMENT_CHECKS} Recorded in the audit log (\`segments.replace\`).`,
  request: { body: jsonBody(replaceSegmentsInput) },
  responses: { 200: jsonResponse(segmentListContract, 'The segments as now stored') },
});

const createSegment = defineRoute({
  method: 'post',
  path: '/',
  tags: segmentTags,
  summary: 'Create a segment',
  description: `Adds one segment (409 when its id exists). ${SEGMENT_CHECKS} Recorded in the audit log (\`segment.create\`).`,
  request: { body: jsonBody(createSegmentInput) },
  responses: { 201: jsonResponse(segmentContract, 'The segment as stored') },
  errors: ['CONFLICT'],
});

const patchSegment = defineRoute({
  method: 'patch',
  path: '/{id}',
  tags: segmentTags,
  summary: 'Update a segment',
  description: `Changes the fields sent (not \`id\`). ${SEGMENT_CHECKS} Recorded in the audit log (\`segment.update\`).`,
  request: { params: segmentIdParam, body: jsonBody(patchSegmentInput) },
  responses: { 200: jsonResponse(segmentContract, 'The segment as now stored') },
  errors: ['NOT_FOUND'],
});

const deleteSegment = defineRoute({
  method: 'delete',
  path: '/{id}',
  tags: segmentTags,
  summary: 'Delete a segment',
  description:
    'Its accounts fall to the next matching segment at the next scoring run. The default segment cannot be deleted (409). Recorded in the audit log (`segment.delete`).',
  request: { params: segmentIdParam },
  responses: { 204: { description: 'Deleted' } },
  errors: ['NOT_FOUND', 'CONFLICT'],
});

const reorderSegments = defineRoute({
  method: 'post',
  path: '/reorder',
  tags: segmentTags,
  summary: 'Reorder segments',
  description:
    'Sets the match order of the non-default segments: `ids` must list each of them once (else 400). Recorded in the audit log (`segments.reorder`).',
  request: { body: jsonBody(reorderSegmentsInput) },
  responses: { 200: jsonResponse(segmentListContract, 'The segments in their new order') },
});

/** Segments in match order (first match wins; the default catches the rest). */
export const segmentRoutes = createRouter()
  .openapi(listSegmentsRoute, async (c) => c.json({ items: await listSegments(getDb(c.env.DB)) }, 200))
  // `{ items }` or the bare list.
  .openapi(replaceSegments, async (c) => {
    const db = getDb(c.env.DB);
    const body = c.req.valid('json');
    const list = await checkSegments(db, Array.isArray(body) ? body : (body.items ?? body));
    await saveSegments(db, list, c.get('actor').email, 'segments.replace', Date.now());
    return c.json({ items: await listSegments(db) }, 200);
  })
  .openapi(createSegment, async (c) => {
    const db = getDb(c.env.DB);
    const parsed = segmentSchema.safeParse(c.req.valid('json'));
    if (!parsed.success) throw invalid('the segment is invalid', toConfigIssues(parsed.error.issues));
    const current = await listSegments(db);
    if (current.some((s) => s.id === parsed.data.id))
      throw new ApiError({ code: 'CONFLICT', message: `segment '${parsed.data.id}' exists` });
    const list = await checkSegments(db, [...current, parsed.data]);
    await saveSegments(db, list, c.get('actor').email, 'segment.create', Date.now());
    return c.json(foundSegment(list, parsed.data.id), 201);
  })
  .openapi(patchSegment, async (c) => {
    const db = getDb(c.env.DB);
    const { id } = c.req.valid('param');
    const current = await listSegments(db);
    foundSegment(current, id);
    const patch = c.req.valid('json');
    if ('id' in patch) {
      throw new ApiError({
        code: 'VALIDATION_FAILED',
        message: 'send an object of the fields to change (not id)',
      });
    }
    const list = await checkSegments(
      db,
      current.map((s) => (s.id === id ? { ...s, ...patch } : s)),
    );
    await saveSegments(db, list, c.get('actor').email, 'segment.update', Date.now());
    return c.json(foundSegment(list, id), 200);
  })
  .openapi(deleteSegment, async (c) => {
    const db = getDb(c.env.DB);
    const { id } = c.req.valid('param');
    const current = await listSegments(db);
    if (foundSegment(current, id).isDefault)
      throw new ApiError({ code: 'CONFLICT', message: 'the default segment cannot be deleted' });
    await saveSegments(
      db,
      current.filter((s) => s.id !== id),
      c.get('actor').email,
      'segment.delete',
      Date.now(),
    );
    return c.body(null, 204);
  })
  .openapi(reorderSegments, async (c) => {
    const db = getDb(c.env.DB);
    const { ids } = c.req.valid('json');
    const current = await listSegments(db);
    const movable = current.filter((s) => !s.isDefault).map((s) => s.id);
    if (ids.length !== movable.length || !movable.every((id) => ids.includes(id))) {
      throw new ApiError({
        code: 'VALIDATION_FAILED',
        message: `ids must list every non-default segment once: ${movable.join(', ')}`,
      });
    }
    const list = current.map((s) => (s.isDefault ? s : { ...s, order: ids.indexOf(s.id) + 1 }));
    await saveSegments(
      db,
      await checkSegments(db, list),
      c.get('actor').email,
      'segments.reorder',
      Date.now(),
    );
    return c.json({ items: await listSegments(db) }, 200);
  });
