import {
  accountMetricsInput,
  accountParam,
  healthHistorySchema,
  historyQuery,
  metricListSchema,
  metricsBatchInput,
  metricsStoredSchema,
  overrideInput,
  overrideSavedSchema,
  ratingInput,
  ratingSavedSchema,
  rescoreResultSchema,
} from '../../shared/contracts/accounts';
import type { HealthModel } from '../../shared/health';
import { addDays, utcDay } from '../../shared/time';
import { type Db, getDb } from '../common/db';
import { ApiError } from '../common/errors';
import { createRouter, defineRoute, jsonBody, jsonResponse } from '../common/openapi';
import { publishedModels } from '../models/store';
import { rescoreAccount, rescoreAfterInput } from '../scoring/rescore';
import { requireAccount, requireOwnAccount } from './context';
import {
  accountIdsOf,
  clearOverride,
  healthHistory,
  insertMetrics,
  insertOverride,
  insertRating,
  lastScoringModelConfig,
  latestMetrics,
} from './health-store';

const tags = ['Account health'];

const historyRoute = defineRoute({
  method: 'get',
  path: '/{externalId}/health/history',
  tags,
  summary: "Get an account's score history",
  description:
    'One row per scored period of the last `days` days (including today, at most 730), oldest first, and the tier changes (wins, saves, improvements, declines) in them.',
  request: { params: accountParam, query: historyQuery },
  responses: { 200: jsonResponse(healthHistorySchema, 'The history, oldest first') },
  errors: ['NOT_FOUND'],
});

const rateRoute = defineRoute({
  method: 'post',
  path: '/{externalId}/rating',
  tags,
  summary: 'Rate an account',
  description:
    "Stores the caller's 1–5 star rating, optionally until `expiresAt` (which must be in the future, else 400), then rescores the account for today at once (windows ending today; see `POST /api/accounts/{externalId}/rescore`): `rescore` is the new health. Scoring reads the latest unexpired rating. Recorded in the audit log (`rating.create`).",
  request: { params: accountParam, body: jsonBody(ratingInput) },
  responses: { 201: jsonResponse(ratingSavedSchema, 'The rating as stored, and the rescore') },
  errors: ['NOT_FOUND', 'VALIDATION_FAILED'],
});

const overrideRoute = defineRoute({
  method: 'post',
  path: '/{externalId}/override',
  tags,
  summary: "Override an account's tier",
  description:
    "Sets the tier (and optionally the score) shown for the account until `expiresAt` (in the future), replacing any override in force; the tier must be one of the model that last scored it (or of a published model, before its first scoring), else 400. The account is then rescored for today at once, so `rescore.health` (and the account's latest snapshot) shows the overriding tier, the computed one beside it; when `rescore.status` is not `scored` the override applies from the next scoring run. Recorded in the audit log (`override.create`).",
  request: { params: accountParam, body: jsonBody(overrideInput) },
  responses: { 201: jsonResponse(overrideSavedSchema, 'The override as stored, and the rescore') },
  errors: ['NOT_FOUND', 'VALIDATION_FAILED'],
});

const clearOverrideRoute = defineRoute({
  method: 'delete',
  path: '/{externalId}/override',
  tags,
  summary: "Clear an account's override",
  description:
    "Ends the override in force (404 when there is none) and rescores the account for today before answering, so its latest snapshot shows the computed tier again (unless today's snapshot was written by another model version: then from the next scoring run). Recorded in the audit log (`override.clear`).",
  request: { params: accountParam },
  responses: { 204: { description: 'Cleared' } },
  errors: ['NOT_FOUND'],
});

const rescoreRoute = defineRoute({
  method: 'post',
  path: '/{externalId}/rescore',
  tags,
  summary: 'Rescore an account now',
  description:
    "Scores the account for today at once with the published model of its segment and writes today's snapshot, tier transition and new alerts, as the daily run does for every account, except that windows end today (today's usage so far counts; the 02:00 run's end on the last complete day). Benchmarks and segment averages are those of the latest run. A snapshot of today written by another model version is kept (`status: skipped`); a rule already alerted on today is not raised again. Admins may rescore any account, CSMs only those they own (owner email; 403 `FORBIDDEN` otherwise). Ratings, overrides, touchpoints and survey answers rescore their account by themselves. Recorded in the audit log (`account.rescore`).",
  request: { params: accountParam },
  responses: { 200: jsonResponse(rescoreResultSchema, 'What the rescore did') },
  errors: ['NOT_FOUND'],
});

const listMetricsRoute = defineRoute({
  method: 'get',
  path: '/{externalId}/metrics',
  tags,
  summary: "List an account's custom metrics",
  description: 'The latest value of each custom metric key.',
  request: { params: accountParam },
  responses: { 200: jsonResponse(metricListSchema, 'The latest value per key') },
  errors: ['NOT_FOUND'],
});

const addMetricsRoute = defineRoute({
  method: 'post',
  path: '/{externalId}/metrics',
  tags,
  summary: 'Record custom metrics of an account',
  description:
    'Stores one value, or up to 1,000 (`{ metrics: [...] }`); `recordedAt` defaults to now. Scoring runs read the latest value of each key for the measures that use it.',
  request: { params: accountParam, body: jsonBody(accountMetricsInput) },
  responses: { 201: jsonResponse(metricsStoredSchema, 'How many values were stored') },
  errors: ['NOT_FOUND'],
});

const batchMetricsRoute = defineRoute({
  method: 'post',
  path: '/',
  tags,
  summary: 'Record custom metrics of many accounts',
  description:
    'Stores up to 1,000 values, each naming its account by external id. All accounts must exist, else 400 (an issue per unknown account, with its `index`) and nothing is written. `POST /api/metrics` is the same route under its former path (kept for existing clients; `GET /api/metrics` is the revenue metrics).',
  request: { body: jsonBody(metricsBatchInput) },
  responses: { 201: jsonResponse(metricsStoredSchema, 'How many values were stored') },
});

/**
 * Tiers an override may name: those of the model that last scored the account, else of every published
 * model (an account not scored yet).
 */
async function knownTiers(db: Db, accountId: number): Promise<Set<string>> {
  const config = await lastScoringModelConfig(db, accountId);
  if (config) return new Set((JSON.parse(config) as HealthModel).tiers.map((t) => t.key));
  const models = await publishedModels(db);
  return new Set([...models.values()].flatMap((m) => m.config.tiers.map((t) => t.key)));
}

/** Health of one account: history, CSM rating, override, custom metrics. Mounted under /api/accounts. */
export const accountHealthRoutes = createRouter()
  .openapi(historyRoute, async (c) => {
    const db = getDb(c.env.DB);
    const id = await requireAccount(db, c.req.valid('param').externalId);
    // `days` days including today.
    const since = addDays(utcDay(Date.now()), -(c.req.valid('query').days - 1));
    return c.json(await healthHistory(db, id, since), 200);
  })
  .openapi(rateRoute, async (c) => {
    const db = getDb(c.env.DB);
    const { externalId } = c.req.valid('param');
    const id = await requireAccount(db, externalId);
    const input = c.req.valid('json');
    const now = Date.now();
    if (input.expiresAt !== undefined && input.expiresAt <= now) {
      throw new ApiError({ code: 'VALIDATION_FAILED', message: 'expiresAt must be in the future' });
    }
    const rating = await insertRating(db, {
      accountId: id,
      externalId,
      stars: input.stars,
      comment: input.comment ?? null,
      expiresAt: input.expiresAt ?? null,
      actor: c.get('actor').email,
      now,
    });
    return c.json({ ...rating, rescore: await rescoreAfterInput(c.env, id, Date.now()) }, 201);
  })
  .openapi(overrideRoute, async (c) => {
    const db = getDb(c.env.DB);
    const { externalId } = c.req.valid('param');
    const id = await requireAccount(db, externalId);
    const input = c.req.valid('json');
    const now = Date.now();
    if (input.expiresAt <= now)
      throw new ApiError({ code: 'VALIDATION_FAILED', message: 'expiresAt must be in the future' });
    const tiers = await knownTiers(db, id);
    if (tiers.size > 0 && !tiers.has(input.tier)) {
      throw new ApiError({
        code: 'VALIDATION_FAILED',
        message: `unknown tier '${input.tier}'; use one of ${[...tiers].join(', ')}`,
      });
    }
    const override = await insertOverride(db, {
      accountId: id,
      externalId,
      tier: input.tier,
      score: input.score ?? null,
      reason: input.reason,
      expiresAt: input.expiresAt,
      actor: c.get('actor').email,
      now,
    });
    return c.json({ ...override, rescore: await rescoreAfterInput(c.env, id, Date.now()) }, 201);
  })
  .openapi(clearOverrideRoute, async (c) => {
    const db = getDb(c.env.DB);
    const { externalId } = c.req.valid('param');
    const id = await requireAccount(db, externalId);
    if (!(await clearOverride(db, id, externalId, c.get('actor').email, Date.now()))) {
      throw new ApiError({ code: 'NOT_FOUND', message: 'this account has no active override' });
    }
    await rescoreAfterInput(c.env, id, Date.now());
    return c.body(null, 204);
  })
  .openapi(rescoreRoute, async (c) => {
    const db = getDb(c.env.DB);
    const { externalId } = c.req.valid('param');
    const id = await requireOwnAccount(c, db, externalId);
    const audit = {
      actor: c.get('actor').email,
      action: 'account.rescore',
      entity: 'account',
      entityId: externalId,
    };
    return c.json(await rescoreAccount(c.env, id, { now: Date.now(), audit }), 200);
  })
  .openapi(listMetricsRoute, async (c) => {
    const db = getDb(c.env.DB);
    const id = await requireAccount(db, c.req.valid('param').externalId);
    return c.json({ items: await latestMetrics(db, id) }, 200);
  })
  .openapi(addMetricsRoute, async (c) => {
    const db = getDb(c.env.DB);
    const id = await requireAccount(db, c.req.valid('param').externalId);
    const body = c.req.valid('json');
    const now = Date.now();
    const values = 'metrics' in body ? body.metrics : [body];
    const stored = await insertMetrics(
      db,
      values.map((m) => ({ accountId: id, key: m.key, value: m.value, recordedAt: m.recordedAt ?? now })),
      now,
    );
    return c.json({ stored }, 201);
  });

/** `POST /api/custom-metrics`: values for many accounts; all accounts must exist or nothing is written. */
export const metricsRoutes = createRouter().openapi(batchMetricsRoute, async (c) => {
  const db = getDb(c.env.DB);
  const { metrics } = c.req.valid('json');
  const ids = await accountIdsOf(db, [...new Set(metrics.map((m) => m.account))]);
  const unknown = metrics.flatMap((m, index) =>
    ids.has(m.account)
      ? []
      : [{ index, path: ['metrics', index, 'account'], message: `no account "${m.account}"` }],
  );
  if (unknown.length > 0)
    throw new ApiError({ code: 'VALIDATION_FAILED', message: 'unknown accounts', issues: unknown });
  const now = Date.now();
  const stored = await insertMetrics(
    db,
    metrics.map((m) => ({
      accountId: ids.get(m.account)!,
      key: m.key,
      value: m.value,
      recordedAt: m.recordedAt ?? now,
    })),
    now,
  );
  return c.json({ stored }, 201);
});
