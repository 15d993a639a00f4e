import { accountParam } from '../../shared/contracts/accounts';
import { accountRevenueSchema } from '../../shared/contracts/revenue';
import { requireAccount } from '../accounts/context';
import { getDb } from '../common/db';
import { createRouter, defineRoute, jsonResponse } from '../common/openapi';
import { accountRevenue } from './revenue-store';
import { getRevenueSettings } from './settings-store';

const getAccountRevenue = defineRoute({
  method: 'get',
  path: '/{externalId}/revenue',
  tags: ['Revenue'],
  summary: "Get an account's contracts, renewals, tickets, leads and advocacy",
  description:
    'Newest first, at most 500 of each kind; amounts as sent and in the reporting currency. Revenue is shown to CSMs and admins, not viewers.',
  request: { params: accountParam },
  responses: { 200: jsonResponse(accountRevenueSchema, "The account's commercial records") },
  errors: ['NOT_FOUND'],
});

/** `GET /api/accounts/:externalId/revenue`, mounted under /api/accounts. */
export const accountRevenueRoutes = createRouter().openapi(getAccountRevenue, async (c) => {
  const db = getDb(c.env.DB);
  const { externalId } = c.req.valid('param');
  const id = await requireAccount(db, externalId);
  const { reportingCurrency } = await getRevenueSettings(db);
  return c.json(await accountRevenue(db, id, externalId, reportingCurrency), 200);
});
