import { revenueSettingsSchema } from '../../shared/contracts/revenue';
import { getDb } from '../common/db';
import { ApiError } from '../common/errors';
import { createRouter, defineRoute, jsonBody, jsonResponse } from '../common/openapi';
import { getRevenueSettings, hasMoneyData, setRevenueSettings } from './settings-store';

const tags = ['Revenue'];

const getSettings = defineRoute({
  method: 'get',
  path: '/revenue',
  tags,
  summary: 'Get the revenue settings',
  description:
    'The reporting currency every amount is converted to, the conversion rates, the renewal reasons an outcome may name, and the gross margin used by CLTV.',
  responses: { 200: jsonResponse(revenueSettingsSchema, 'The settings in force') },
});

const putSettings = defineRoute({
  method: 'put',
  path: '/revenue',
  tags,
  summary: 'Set the revenue settings',
  description:
    'Replaces the settings. Amounts are converted when they are written, at the rate in force then (as bookkeeping does): a new rate applies to what is written next; re-post a record to convert it again. The reporting currency cannot change once money has been stored (409 `CONFLICT`). Recorded in the audit log (`settings.revenue`, before and after).',
  request: { body: jsonBody(revenueSettingsSchema) },
  responses: { 200: jsonResponse(revenueSettingsSchema, 'The settings as now stored') },
  errors: ['CONFLICT'],
});

/** `/api/settings/revenue`: csm and admin read (worker/auth/roles.ts), admins write. */
export const revenueSettingsRoutes = createRouter()
  .openapi(getSettings, async (c) => c.json(await getRevenueSettings(getDb(c.env.DB)), 200))
  .openapi(putSettings, async (c) => {
    const db = getDb(c.env.DB);
    const next = c.req.valid('json');
    const before = await getRevenueSettings(db);
    if (next.reportingCurrency !== before.reportingCurrency && (await hasMoneyData(db)))
      throw new ApiError({
        code: 'CONFLICT',
        message: `the reporting currency is ${before.reportingCurrency} and amounts are already stored in it; it cannot change`,
      });
    return c.json(await setRevenueSettings(db, next, c.get('actor').email, Date.now()), 200);
  });
