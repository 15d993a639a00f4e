import { Hono } from 'hono';
import { dashboardQuery } from '../../shared/contracts/portfolio';
import { getDb } from '../db/client';
import { dashboard } from '../db/dashboard';
import type { AppEnv } from '../env';
import { validate } from '../middleware/validate';
import { resolveOwner } from './account-context';

/** `GET /api/dashboard`: the portfolio at a glance (see shared/contracts/portfolio.ts `DashboardData`). */
export const dashboardRoutes = new Hono<AppEnv>().get('/', validate('query', dashboardQuery), async (c) => {
  const q = c.req.valid('query');
  return c.json(
    await dashboard(getDb(c.env.DB), { segment: q.segment, owner: resolveOwner(c, q.owner), days: q.days }),
  );
});
