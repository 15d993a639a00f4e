import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../env';
import { ApiError } from '../errors';
import { holdDelivery } from '../ingest/delivery-hold';
import { authenticate } from '../middleware/auth';
import { validate } from '../middleware/validate';

const holdBody = z.object({
  /** How long from now newly queued ingest messages are held back (at most 10 minutes). */
  holdMs: z.number().int().min(0).max(600_000),
});

/**
 * Routes for `npm run bench:ingest`, answering 404 unless the BENCH_ROUTES variable is "1" (never set in
 * wrangler.toml), and then only to an admin. `POST /v1/bench/hold` pauses delivery of the ingest queue,
 * so a burst of requests builds a backlog whose drain the benchmark can time.
 */
export const ingestBenchRoutes = new Hono<AppEnv>()
  .use('*', async (c, next) => {
    if (c.env.BENCH_ROUTES !== '1') throw new ApiError({ code: 'NOT_FOUND', message: 'not found' });
    await next();
  })
  .use('*', authenticate())
  .use('*', async (c, next) => {
    if (c.get('actor')?.role !== 'admin')
      throw c.get('authFailure') ?? new ApiError({ code: 'UNAUTHORIZED', message: 'an admin is required' });
    await next();
  })
  .post('/hold', validate('json', holdBody), (c) => {
    const { holdMs } = c.req.valid('json');
    const until = holdMs === 0 ? 0 : Date.now() + holdMs;
    holdDelivery(until);
    return c.json({ holdUntil: until });
  });
