import { sql } from 'drizzle-orm';
import { Hono } from 'hono';
import { z } from 'zod';
import { createModelInput, reorderSegmentsInput, saveDraftInput } from '../../shared/contracts/health';
import {
  type ConfigIssue,
  type Segment,
  segmentSchema,
  toConfigIssues,
  validateModel,
  validateSegments,
} from '../../shared/health';
import { type Db, getDb } from '../db/client';
import {
  createModel,
  ensureHealthDefaults,
  getModel,
  listModels,
  listSegments,
  publishDraft,
  saveDraft,
  saveSegments,
} from '../db/health-config';
import type { AppEnv } from '../env';
import { ApiError } from '../errors';
import { validate } from '../middleware/validate';

const invalid = (message: string, issues: ConfigIssue[]) =>
  new ApiError({ code: 'VALIDATION_FAILED', message, issues });

async function checkModel(db: Db, config: unknown) {
  const [metricKeys, modules] = await Promise.all([
    db.all<{ key: string }>(sql`SELECT DISTINCT key FROM custom_metrics`),
    db.all<{ module: string }>(sql`SELECT DISTINCT module FROM features WHERE module IS NOT NULL`),
  ]);
  const result = validateModel(config, {
    metricKeys: metricKeys.map((m) => m.key),
    modules: modules.map((m) => m.module),
  });
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

const idParam = z.object({ id: z.string().min(1).max(64) });

/** Health models: versioned (draft → published); publishing never rewrites history. */
export const modelRoutes = new Hono<AppEnv>()
  .use('*', async (c, next) => {
    await ensureHealthDefaults(getDb(c.env.DB), Date.now());
    await next();
  })
  .get('/', async (c) => c.json({ items: await listModels(getDb(c.env.DB)) }))
  .post('/', validate('json', createModelInput), async (c) => {
    const db = getDb(c.env.DB);
    const input = c.req.valid('json');
    const config = await checkModel(db, input.config);
    if (await getModel(db, input.id))
      throw new ApiError({ code: 'CONFLICT', message: `model '${input.id}' exists` });
    await createModel(db, { id: input.id, name: input.name, config }, c.get('actor').email, Date.now());
    return c.json(await getModel(db, input.id), 201);
  })
  .get('/:id', validate('param', idParam), async (c) => {
    const model = await getModel(getDb(c.env.DB), c.req.valid('param').id);
    if (!model) throw new ApiError({ code: 'NOT_FOUND', message: 'no such model' });
    return c.json(model);
  })
  .get('/:id/versions', validate('param', idParam), async (c) => {
    const model = await getModel(getDb(c.env.DB), c.req.valid('param').id);
    if (!model) throw new ApiError({ code: 'NOT_FOUND', message: 'no such model' });
    return c.json({ items: model.versions });
  })
  .post('/validate', async (c) => {
    const body = await c.req.json().catch(() => {
      throw new ApiError({ code: 'INVALID_JSON', message: 'body is not valid JSON' });
    });
    const config = await checkModel(getDb(c.env.DB), (body as { config?: unknown }).config ?? body);
    return c.json({ ok: true, config });
  })
  .put('/:id/draft', validate('param', idParam), validate('json', saveDraftInput), async (c) => {
    const db = getDb(c.env.DB);
    const { id } = c.req.valid('param');
    if (!(await getModel(db, id))) throw new ApiError({ code: 'NOT_FOUND', message: 'no such model' });
    const input = c.req.valid('json');
    const config = await checkModel(db, input.config);
    await saveDraft(db, id, { name: input.name, config }, c.get('actor').email, Date.now());
    return c.json(await getModel(db, id));
  })
  .post('/:id/publish', validate('param', idParam), async (c) => {
    const db = getDb(c.env.DB);
    const { id } = c.req.valid('param');
    if (!(await getModel(db, id))) throw new ApiError({ code: 'NOT_FOUND', message: 'no such model' });
    const version = await publishDraft(db, id, c.get('actor').email, Date.now());
    if (version === null)
      throw new ApiError({ code: 'CONFLICT', message: 'this model has no draft to publish' });
    return c.json({ id, publishedVersion: version });
  });

/** Segments in match order (first match wins; the default catches the rest). */
export const segmentRoutes = new Hono<AppEnv>()
  .use('*', async (c, next) => {
    await ensureHealthDefaults(getDb(c.env.DB), Date.now());
    await next();
  })
  .get('/', async (c) => c.json({ items: await listSegments(getDb(c.env.DB)) }))
  .put('/', async (c) => {
    const db = getDb(c.env.DB);
    const body = (await c.req.json().catch(() => null)) as { items?: unknown } | null;
    const list = await checkSegments(db, body?.items ?? body);
    await saveSegments(db, list, c.get('actor').email, 'segments.replace', Date.now());
    return c.json({ items: await listSegments(db) });
  })
  .post('/', async (c) => {
    const db = getDb(c.env.DB);
    const parsed = segmentSchema.safeParse(await c.req.json().catch(() => null));
    if (!parsed.success) throw invalid('the segment is invalid', toConfigIssues(parsed.error.issues));
    const current = await listSegments(db);
    if (current.some((s) => s.id === parsed.data.id))
      throw new ApiError({ code: 'CONFLICT', message: `segment '${parsed.data.id}' exists` });
    const list = await checkSegments(db, [...current, parsed.data]);
    await saveSegments(db, list, c.get('actor').email, 'segment.create', Date.now());
    return c.json(
      list.find((s) => s.id === parsed.data.id),
      201,
    );
  })
  .patch('/:id', validate('param', idParam), async (c) => {
    const db = getDb(c.env.DB);
    const { id } = c.req.valid('param');
    const current = await listSegments(db);
    const existing = current.find((s) => s.id === id);
    if (!existing) throw new ApiError({ code: 'NOT_FOUND', message: 'no such segment' });
    const patch = (await c.req.json().catch(() => null)) as Record<string, unknown> | null;
    if (!patch || typeof patch !== 'object' || Array.isArray(patch) || 'id' in patch) {
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
    return c.json(list.find((s) => s.id === id));
  })
  .delete('/:id', validate('param', idParam), async (c) => {
    const db = getDb(c.env.DB);
    const { id } = c.req.valid('param');
    const current = await listSegments(db);
    const existing = current.find((s) => s.id === id);
    if (!existing) throw new ApiError({ code: 'NOT_FOUND', message: 'no such segment' });
    if (existing.isDefault)
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
  .post('/reorder', validate('json', reorderSegmentsInput), async (c) => {
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
    return c.json({ items: await listSegments(db) });
  });
