import { Hono } from 'hono';
import { z } from 'zod';
import { portfolioQuery } from '../../shared/contracts/health';
import { addDays } from '../../shared/time';
import { getDb } from '../db/client';
import { portfolioSummary } from '../db/health';
import { getRun } from '../db/scoring-runs';
import type { AppEnv } from '../env';
import { ApiError } from '../errors';
import { scoringPeriod, startScoringRun } from '../jobs/scoring';
import { validate } from '../middleware/validate';

/** On-demand scoring runs (the same code as the cron) and their progress. */
export const scoringRoutes = new Hono<AppEnv>()
  .post('/run', async (c) => {
    const run = await startScoringRun(c.env, { trigger: 'manual', now: Date.now() });
    c.executionCtx.waitUntil(
      run
        .fanOut()
        .catch((err) =>
          console.error(
            JSON.stringify({ msg: 'scoring fan-out failed', runId: run.runId, error: String(err) }),
          ),
        ),
    );
    return c.json({ runId: run.runId, period: run.period, total: run.total }, 202);
  })
  .get('/runs/:runId', validate('param', z.object({ runId: z.string().uuid() })), async (c) => {
    const run = await getRun(getDb(c.env.DB), c.req.valid('param').runId);
    if (!run) throw new ApiError({ code: 'NOT_FOUND', message: 'no such scoring run' });
    return c.json(run);
  });

/** Counts per tier and segment, movers, and wins/saves over a period (default: the last 30 days). */
export const portfolioRoutes = new Hono<AppEnv>().get(
  '/summary',
  validate('query', portfolioQuery),
  async (c) => {
    const q = c.req.valid('query');
    const to = q.to ?? scoringPeriod(Date.now()).period;
    const from = q.from ?? addDays(to, -29);
    if (from > to)
      throw new ApiError({ code: 'VALIDATION_FAILED', message: '"from" must not be after "to"' });
    return c.json(
      await portfolioSummary(getDb(c.env.DB), {
        period: q.period,
        from,
        to,
        segment: q.segment,
        movers: q.movers,
      }),
    );
  },
);
