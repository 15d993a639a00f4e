import { type Context, Hono } from 'hono';
import type { z } from 'zod';
import { accountExportQuery, accountListQuery } from '../../shared/contracts/portfolio';
import { addDays, utcDay } from '../../shared/time';
import {
  type AccountListOptions,
  decodeCursor,
  exportAccountsCsv,
  getAccountDetail,
  listAccounts,
} from '../db/accounts';
import { getDb } from '../db/client';
import { latestHealth } from '../db/health';
import type { AppEnv } from '../env';
import { ApiError } from '../errors';
import { validate } from '../middleware/validate';
import { accountParam, resolveOwner } from './account-context';

const USAGE_WINDOW_DAYS = 30;

/** The list's filters with `owner=me` resolved and empty `q` dropped. */
function listOptions(c: Context<AppEnv>, f: z.infer<typeof accountExportQuery>): AccountListOptions {
  return {
    q: f.q || undefined,
    tiers: f.tier,
    segment: f.segment,
    owner: resolveOwner(c, f.owner),
    stage: f.stage,
    sort: f.sort,
    today: utcDay(Date.now()),
  };
}

export const accountRoutes = new Hono<AppEnv>()
  .get('/', validate('query', accountListQuery), async (c) => {
    const { cursor, limit, offset, ...filters } = c.req.valid('query');
    const after = cursor ? decodeCursor(cursor) : null;
    if (cursor && !after) throw new ApiError({ code: 'VALIDATION_FAILED', message: 'invalid cursor' });
    if (cursor && filters.sort && filters.sort !== 'name') {
      throw new ApiError({
        code: 'VALIDATION_FAILED',
        message: 'cursor pages the default order only; use offset',
      });
    }
    const opts = listOptions(c, filters);
    return c.json(await listAccounts(getDb(c.env.DB), { ...opts, limit, offset, after }));
  })
  // Before '/:externalId', which would otherwise take "export.csv" for an account id.
  .get('/export.csv', validate('query', accountExportQuery), async (c) => {
    const csv = await exportAccountsCsv(getDb(c.env.DB), listOptions(c, c.req.valid('query')));
    return c.body(csv, 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="accounts-${utcDay(Date.now())}.csv"`,
    });
  })
  .get('/:externalId', validate('param', accountParam), async (c) => {
    const { externalId } = c.req.valid('param');
    const sinceDay = addDays(utcDay(Date.now()), -(USAGE_WINDOW_DAYS - 1));
    const db = getDb(c.env.DB);
    const account = await getAccountDetail(db, externalId, sinceDay);
    if (!account) throw new ApiError({ code: 'NOT_FOUND', message: `no account "${externalId}"` });
    const { id, ...detail } = account;
    return c.json({ ...detail, usageWindowDays: USAGE_WINDOW_DAYS, health: await latestHealth(db, id) });
  });
