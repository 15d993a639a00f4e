import { type Context, Hono } from 'hono';
import type { Actor } from '../../shared/contracts/auth';
import { dashboardQuery } from '../../shared/contracts/portfolio';
import { getDb } from '../db/client';
import { dashboard } from '../db/dashboard';
import type { AppEnv } from '../env';
import { validate } from '../middleware/validate';

/**
 * The acting member (set by the auth middleware), or undefined when no middleware set one.
 * @example actorOf(c)?.email // 'csm@example.com'
 */
export function actorOf(c: Context<AppEnv>): Actor | undefined {
  return c.get('actor') as Actor | undefined;
}

/**
 * An owner filter with `me` resolved to the acting member's email; `me` without a known actor is no filter.
 * @example resolveOwner(c, 'me') // 'csm@example.com'
 */
export function resolveOwner(c: Context<AppEnv>, owner: string | undefined): string | undefined {
  return owner === 'me' ? actorOf(c)?.email : owner;
}

/** `GET /api/dashboard`: the portfolio at a glance (see shared/contracts/portfolio.ts `DashboardData`). */
export const dashboardRoutes = new Hono<AppEnv>().get('/', validate('query', dashboardQuery), async (c) => {
  const q = c.req.valid('query');
  return c.json(
    await dashboard(getDb(c.env.DB), { segment: q.segment, owner: resolveOwner(c, q.owner), days: q.days }),
  );
});
