import { Hono } from 'hono';
import { z } from 'zod';
import { listAccountsQuery } from '../../shared/contracts/admin';
import { addDays, utcDay } from '../../shared/time';
import { decodeCursor, getAccountDetail, listAccounts } from '../db/accounts';
import { getDb } from '../db/client';
import { latestHealth } from '../db/health';
import type { AppEnv } from '../env';
import { ApiError } from '../errors';
import { validate } from '../middleware/validate';

const USAGE_WINDOW_DAYS = 30;

export const accountRoutes = new Hono<AppEnv>()
  .get('/', validate('query', listAccountsQuery), async (c) => {
    const { q, limit, cursor } = c.req.valid('query');
    const after = cursor ? decodeCursor(cursor) : null;
    if (cursor && !after) throw new ApiError({ code: 'VALIDATION_FAILED', message: 'invalid cursor' });
    return c.json(await listAccounts(getDb(c.env.DB), { q: q || undefined, limit, after }));
  })
  .get('/:externalId', validate('param', z.object({ externalId: z.string().min(1).max(256) })), async (c) => {
    const { externalId } = c.req.valid('param');
    const sinceDay = addDays(utcDay(Date.now()), -(USAGE_WINDOW_DAYS - 1));
    const db = getDb(c.env.DB);
    const account = await getAccountDetail(db, externalId, sinceDay);
    if (!account) throw new ApiError({ code: 'NOT_FOUND', message: `no account "${externalId}"` });
    const { id, ...detail } = account;
    return c.json({ ...detail, usageWindowDays: USAGE_WINDOW_DAYS, health: await latestHealth(db, id) });
  });
