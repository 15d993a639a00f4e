import type { Context } from 'hono';
import { z } from 'zod';
import {
  accountDetailSchema,
  accountExportQuery,
  accountListPageSchema,
  accountListQuery,
  accountParam,
} from '../../shared/contracts/accounts';
import { addDays, utcDay } from '../../shared/time';
import { getDb } from '../common/db';
import type { AppEnv } from '../common/env';
import { ApiError } from '../common/errors';
import { createRouter, defineRoute, jsonResponse } from '../common/openapi';
import { resolveOwner } from './context';
import { latestHealth } from './health-store';
import {
  type AccountListOptions,
  decodeAccountCursor,
  exportAccountsCsv,
  getAccountDetail,
  listAccounts,
} from './store';

const USAGE_WINDOW_DAYS = 30;
const tags = ['Accounts'];

const listAccountsRoute = defineRoute({
  method: 'get',
  path: '/',
  tags,
  summary: 'List accounts',
  description:
    'Accounts with their latest health, filtered and sorted, 50 a page by default (at most 200), with the `total` that match. The default order (by name) pages by keyset `cursor`; any other `sort` pages by `offset` (a cursor with another sort, or one this API did not make, is 400).',
  request: { query: accountListQuery },
  responses: { 200: jsonResponse(accountListPageSchema, 'One page of accounts') },
  errors: ['VALIDATION_FAILED'],
});

const exportAccountsRoute = defineRoute({
  method: 'get',
  path: '/export.csv',
  tags,
  summary: 'Export accounts as CSV',
  description:
    "Every account matching the list's filters, in its order, as an RFC 4180 CSV download (`accounts-YYYY-MM-DD.csv`) with a header row. A cell that a spreadsheet would read as a formula gets a leading apostrophe.",
  request: { query: accountExportQuery },
  responses: {
    200: {
      description: 'The CSV file (`Content-Disposition: attachment`)',
      content: {
        'text/csv': { schema: z.string().meta({ example: 'externalId,name,tier\r\nacme,Acme,green\r\n' }) },
      },
    },
  },
});

const getAccountRoute = defineRoute({
  method: 'get',
  path: '/{externalId}',
  tags,
  summary: 'Get an account',
  description: `Master data, traits, user counts, per-feature usage over the last ${USAGE_WINDOW_DAYS} days and the latest health snapshot (null before the first scoring run).`,
  request: { params: accountParam },
  responses: { 200: jsonResponse(accountDetailSchema, 'The account') },
  errors: ['NOT_FOUND'],
});

/** The list's filters with `owner=me` resolved and empty `q` dropped. */
function listOptions(c: Context<AppEnv>, f: z.infer<typeof accountExportQuery>): AccountListOptions {
  return {
    q: f.q || undefined,
    tiers: f.tier,
    segment: f.segment,
    owner: resolveOwner(c, f.owner),
    stage: f.stage,
    sort: f.sort,
    changeDays: f.changeDays,
    today: utcDay(Date.now()),
  };
}

/** The accounts list, its CSV export and one account. Mounted under /api/accounts. */
export const accountRoutes = createRouter()
  .openapi(listAccountsRoute, async (c) => {
    const { cursor, limit, offset, ...filters } = c.req.valid('query');
    const after = cursor ? decodeAccountCursor(cursor) : null;
    if (cursor && !after) throw new ApiError({ code: 'VALIDATION_FAILED', message: 'invalid cursor' });
    if (cursor && filters.sort && filters.sort !== 'name') {
      throw new ApiError({
        code: 'VALIDATION_FAILED',
        message: 'cursor pages the default order only; use offset',
      });
    }
    const opts = listOptions(c, filters);
    return c.json(await listAccounts(getDb(c.env.DB), { ...opts, limit, offset, after }), 200);
  })
  // Before '/{externalId}', which would otherwise take "export.csv" for an account id.
  .openapi(exportAccountsRoute, async (c) => {
    const opts = listOptions(c, c.req.valid('query'));
    const csv = await exportAccountsCsv(getDb(c.env.DB), opts);
    return c.body(csv, 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="accounts-${utcDay(Date.now())}.csv"`,
    });
  })
  .openapi(getAccountRoute, async (c) => {
    const { externalId } = c.req.valid('param');
    const today = utcDay(Date.now());
    const sinceDay = addDays(today, -(USAGE_WINDOW_DAYS - 1));
    const db = getDb(c.env.DB);
    const account = await getAccountDetail(db, externalId, sinceDay, today);
    if (!account) throw new ApiError({ code: 'NOT_FOUND', message: `no account "${externalId}"` });
    const { id, ...detail } = account;
    const health = await latestHealth(db, id);
    return c.json({ ...detail, usageWindowDays: USAGE_WINDOW_DAYS, health }, 200);
  });
