import { dashboardQuery, dashboardSchema } from '../../shared/contracts/dashboard';
import { resolveOwner } from '../accounts/context';
import { getDb } from '../common/db';
import { createRouter, defineRoute, jsonResponse } from '../common/openapi';
import { dashboard } from './store';

const getDashboard = defineRoute({
  method: 'get',
  path: '/',
  tags: ['Dashboard'],
  summary: 'The dashboard',
  description:
    "The portfolio at a glance for the accounts matching the filters (a segment, a CSM owner or `me`): tiers with their ARR, the score histogram, tier history and wins and saves over the last `days` days (default 90) ending on the latest scored period, movers by score change over `changeDays` days (1, 7 or 30, as the accounts list's Change), renewals in the next 90 days by tier, whether the latest finished run put almost every account of the segment (or of all) in one tier (`tierSkew`), and the filters' choices. Wins and saves count each account once, without bounces (`GET /api/settings/transitions`).",
  request: { query: dashboardQuery },
  responses: {
    200: jsonResponse(dashboardSchema, 'The dashboard; `period` null before the first scoring run'),
  },
});

/** `GET /api/dashboard`: the portfolio at a glance (see shared/contracts/dashboard.ts). */
export const dashboardRoutes = createRouter().openapi(getDashboard, async (c) => {
  const q = c.req.valid('query');
  return c.json(
    await dashboard(getDb(c.env.DB), {
      segment: q.segment,
      owner: resolveOwner(c, q.owner),
      days: q.days,
      changeDays: q.changeDays,
    }),
    200,
  );
});
