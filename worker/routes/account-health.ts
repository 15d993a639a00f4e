import { sql } from 'drizzle-orm';
import { Hono } from 'hono';
import {
  accountMetricsInput,
  historyQuery,
  metricsBatchInput,
  overrideInput,
  ratingInput,
} from '../../shared/contracts/health';
import type { HealthModel } from '../../shared/health';
import { addDays, utcDay } from '../../shared/time';
import { type Db, getDb } from '../db/client';
import {
  accountIdsOf,
  clearOverride,
  healthHistory,
  insertMetrics,
  insertOverride,
  insertRating,
  latestMetrics,
} from '../db/health';
import { publishedModels } from '../db/health-config';
import type { AppEnv } from '../env';
import { ApiError } from '../errors';
import { validate } from '../middleware/validate';
import { accountParam, requireAccount } from './account-context';

/**
 * Tiers an override may name: those of the model that last scored the account, else of every published
 * model (an account not scored yet).
 */
async function knownTiers(db: Db, accountId: number): Promise<Set<string>> {
  const last = await db.get<{ config: string } | undefined>(sql`SELECT v.config FROM score_snapshots s
    JOIN model_versions v ON v.id = s.model_version_id
    WHERE s.account_id = ${accountId} ORDER BY s.period DESC LIMIT 1`);
  if (last) return new Set((JSON.parse(last.config) as HealthModel).tiers.map((t) => t.key));
  const models = await publishedModels(db);
  return new Set([...models.values()].flatMap((m) => m.config.tiers.map((t) => t.key)));
}

/** Health of one account: history, CSM rating, override, custom metrics. Mounted under /api/accounts. */
export const accountHealthRoutes = new Hono<AppEnv>()
  .get(
    '/:externalId/health/history',
    validate('param', accountParam),
    validate('query', historyQuery),
    async (c) => {
      const db = getDb(c.env.DB);
      const id = await requireAccount(db, c.req.valid('param').externalId);
      // `days` days including today.
      const since = addDays(utcDay(Date.now()), -(c.req.valid('query').days - 1));
      return c.json(await healthHistory(db, id, since));
    },
  )
  .post('/:externalId/rating', validate('param', accountParam), validate('json', ratingInput), async (c) => {
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
    return c.json(rating, 201);
  })
  .post(
    '/:externalId/override',
    validate('param', accountParam),
    validate('json', overrideInput),
    async (c) => {
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
      return c.json(override, 201);
    },
  )
  .delete('/:externalId/override', validate('param', accountParam), async (c) => {
    const db = getDb(c.env.DB);
    const { externalId } = c.req.valid('param');
    const id = await requireAccount(db, externalId);
    if (!(await clearOverride(db, id, externalId, c.get('actor').email, Date.now()))) {
      throw new ApiError({ code: 'NOT_FOUND', message: 'this account has no active override' });
    }
    return c.body(null, 204);
  })
  .get('/:externalId/metrics', validate('param', accountParam), async (c) => {
    const db = getDb(c.env.DB);
    const id = await requireAccount(db, c.req.valid('param').externalId);
    return c.json({ items: await latestMetrics(db, id) });
  })
  .post(
    '/:externalId/metrics',
    validate('param', accountParam),
    validate('json', accountMetricsInput),
    async (c) => {
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
    },
  );

/** `POST /api/metrics`: values for many accounts; all accounts must exist or nothing is written. */
export const metricsRoutes = new Hono<AppEnv>().post('/', validate('json', metricsBatchInput), async (c) => {
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
