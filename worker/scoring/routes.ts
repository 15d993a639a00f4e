import type { Context } from 'hono';
import { portfolioQuery, portfolioSummarySchema } from '../../shared/contracts/dashboard';
import {
  backfillIdParam,
  backfillSchema,
  MAX_HISTORY_DAYS,
  scoringRunIdParam,
  scoringRunSchema,
  startBackfillBody,
  startedScoringRunSchema,
  startScoringRunBody,
} from '../../shared/contracts/scoring';
import { addDays, utcDay } from '../../shared/time';
import { portfolioSummary } from '../accounts/health-store';
import { getDb } from '../common/db';
import type { AppEnv } from '../common/env';
import { ApiError } from '../common/errors';
import { createRouter, defineRoute, jsonBody, jsonResponse } from '../common/openapi';
import { failIfStalled, getBackfill, insertBackfill } from './backfills-store';
import { scoringPeriod, startNextBackfillDay, startScoringRun } from './job';
import { daysToBackfill, firstUsageDay } from './load-store';
import { getRun } from './runs-store';

const startRun = defineRoute({
  method: 'post',
  path: '/run',
  tags: ['Scoring'],
  summary: 'Start a scoring run',
  description:
    "Scores every account now for today's period, the same code as the daily cron, in the background (batches on the scoring queue): poll `GET /api/scoring/runs/{runId}`. Re-running a period overwrites its snapshots and transitions; new alerts are raised and delivered to the webhook. With `asOf` it scores that day from the data up to its end and writes that day's snapshots, keeping any another model version wrote (counted as `skipped`); a past day raises no alerts. 400 `VALIDATION_FAILED` when `asOf` is in the future, more than 365 days back or before the first day with usage. Audited.",
  // No body (or `{}`) is today's run: the body is validated as `{}` then.
  request: { body: jsonBody(startScoringRunBody, 'Optional: `{ asOf }`.') },
  responses: { 202: jsonResponse(startedScoringRunSchema, 'The run, started') },
});

const startBackfillRoute = defineRoute({
  method: 'post',
  path: '/backfill',
  tags: ['Scoring'],
  summary: 'Backfill history',
  description:
    'Scores each of the last `days` days before today that has usage but no snapshot, oldest first, one `asOf` run per day (see `POST /api/scoring/run`), in the background: poll `GET /api/scoring/backfills/{backfillId}`. Days already scored are left alone. Audited.',
  request: { body: jsonBody(startBackfillBody) },
  responses: {
    202: jsonResponse(backfillSchema, 'The backfill, started (`done` at once when no day needs it)'),
  },
});

const getBackfillRoute = defineRoute({
  method: 'get',
  path: '/backfills/{backfillId}',
  tags: ['Scoring'],
  summary: 'Get a backfill',
  description:
    'Its progress: `completed` of `total` days, the day being scored and its run. A backfill with no progress for an hour (its day-run lost, e.g. a queue message that never came) is reported `failed` with the reason when read; start a new one for the days left.',
  request: { params: backfillIdParam },
  responses: { 200: jsonResponse(backfillSchema, 'The backfill') },
  errors: ['NOT_FOUND'],
});

/** 400 unless `asOf` is a day the data can be scored as of: not in the future, within reach, with usage. */
async function checkAsOf(c: Context<AppEnv>, asOf: string, now: number): Promise<void> {
  const today = utcDay(now);
  const bad = (message: string) =>
    new ApiError({ code: 'VALIDATION_FAILED', message, issues: [{ path: ['asOf'], message }] });
  if (asOf > today) throw bad(`"asOf" must not be in the future (today is ${today} UTC)`);
  const oldest = addDays(today, -MAX_HISTORY_DAYS);
  if (asOf < oldest) throw bad(`"asOf" must be at most ${MAX_HISTORY_DAYS} days back (${oldest} or later)`);
  const first = await firstUsageDay(getDb(c.env.DB));
  if (first === null || asOf < first)
    throw bad(
      first === null
        ? 'there is no usage to score yet'
        : `"asOf" is before the first day with usage (${first})`,
    );
}

const getRunRoute = defineRoute({
  method: 'get',
  path: '/runs/{runId}',
  tags: ['Scoring'],
  summary: 'Get a scoring run',
  description:
    'Its progress (`scored + failed + skipped` of `total`), status, `asOf` day and backfill, and the accounts that failed.',
  request: { params: scoringRunIdParam },
  responses: { 200: jsonResponse(scoringRunSchema, 'The run') },
  errors: ['NOT_FOUND'],
});

/** On-demand scoring runs (the same code as the cron) and their progress. */
export const scoringRoutes = createRouter()
  .openapi(startRun, async (c) => {
    const now = Date.now();
    const { asOf } = c.req.valid('json');
    if (asOf) await checkAsOf(c, asOf, now);
    const run = await startScoringRun(c.env, { trigger: 'manual', now, asOf, actor: c.get('actor').email });
    c.executionCtx.waitUntil(
      run
        .fanOut()
        .catch((err) =>
          console.error(
            JSON.stringify({ msg: 'scoring fan-out failed', runId: run.runId, error: String(err) }),
          ),
        ),
    );
    return c.json({ runId: run.runId, period: run.period, total: run.total, asOf: run.asOf }, 202);
  })
  .openapi(getRunRoute, async (c) => {
    const run = await getRun(getDb(c.env.DB), c.req.valid('param').runId);
    if (!run) throw new ApiError({ code: 'NOT_FOUND', message: 'no such scoring run' });
    return c.json(run, 200);
  })
  .openapi(startBackfillRoute, async (c) => {
    const db = getDb(c.env.DB);
    const now = Date.now();
    const { days } = c.req.valid('json');
    const today = utcDay(now);
    const id = crypto.randomUUID();
    const toScore = await daysToBackfill(db, addDays(today, -days), addDays(today, -1));
    await insertBackfill(db, { id, days: toScore, requestedDays: days, actor: c.get('actor').email, now });
    if (toScore.length > 0) c.executionCtx.waitUntil(startNextBackfillDay(c.env, id));
    return c.json((await getBackfill(db, id))!, 202);
  })
  .openapi(getBackfillRoute, async (c) => {
    const db = getDb(c.env.DB);
    const { backfillId } = c.req.valid('param');
    // A stalled backfill is failed when someone looks at it: nothing else would ever resume or end it.
    await failIfStalled(db, backfillId, Date.now());
    const backfill = await getBackfill(db, backfillId);
    if (!backfill) throw new ApiError({ code: 'NOT_FOUND', message: 'no such backfill' });
    return c.json(backfill, 200);
  });

const summary = defineRoute({
  method: 'get',
  path: '/summary',
  tags: ['Portfolio'],
  summary: 'Portfolio summary',
  description:
    'Accounts per tier and per segment in a scored period (default the latest), the biggest movers against their previous snapshot, and tier transitions (wins, saves, …) with their ARR over `from`..`to` (default the 30 days ending today). 400 when `from` is after `to`.',
  request: { query: portfolioQuery },
  responses: { 200: jsonResponse(portfolioSummarySchema, 'The summary; `period` null before the first run') },
});

/** Counts per tier and segment, movers, and wins/saves over a period (default: the last 30 days). */
export const portfolioRoutes = createRouter().openapi(summary, async (c) => {
  const q = c.req.valid('query');
  const to = q.to ?? scoringPeriod(Date.now()).period;
  const from = q.from ?? addDays(to, -29);
  if (from > to) throw new ApiError({ code: 'VALIDATION_FAILED', message: '"from" must not be after "to"' });
  return c.json(
    await portfolioSummary(getDb(c.env.DB), {
      period: q.period,
      from,
      to,
      segment: q.segment,
      movers: q.movers,
    }),
    200,
  );
});
