import {
  replayIdParam,
  replayJobListSchema,
  replayJobSchema,
  startReplayBody,
} from '../../shared/contracts/ingest';
import { utcDay } from '../../shared/time';
import { getDb } from '../common/db';
import { ApiError } from '../common/errors';
import { createRouter, defineRoute, jsonBody, jsonResponse } from '../common/openapi';
import { queueReplayStep } from './replay-job';
import { getReplayJob, insertReplayJob, listReplayJobs, sourceExists, toReplayJob } from './replay-store';

const tags = ['Ingest'];

const startReplay = defineRoute({
  method: 'post',
  path: '/',
  tags,
  summary: 'Replay raw events',
  description:
    'Rebuilds the rollups of the event days `from`..`to` (UTC, at most 92 days, not after today) after a consumer fix: clears them and re-applies every event of those days through the consumer, the raw events still in D1 and, for purged ones, their R2 archive, each messageId once. In the background: poll `GET /api/ingest/replays/{id}`; the days read partial until it is `done`. Every source is read (the rollups are not kept per source). 404 for an unknown `sourceId`, 409 while a running replay overlaps the days. Audited.',
  request: { body: jsonBody(startReplayBody) },
  responses: { 202: jsonResponse(replayJobSchema, 'The job, started') },
  errors: ['VALIDATION_FAILED', 'NOT_FOUND', 'CONFLICT'],
});

const listReplays = defineRoute({
  method: 'get',
  path: '/',
  tags,
  summary: 'List replays',
  description: 'The 50 most recent replay jobs, newest first, with their progress.',
  responses: { 200: jsonResponse(replayJobListSchema, 'The jobs, newest first') },
});

const getReplay = defineRoute({
  method: 'get',
  path: '/{id}',
  tags,
  summary: 'Get a replay',
  description:
    'Its status and progress: the phase, raw events re-applied from D1 and from the archive, archived partitions read, the last error.',
  request: { params: replayIdParam },
  responses: { 200: jsonResponse(replayJobSchema, 'The job') },
  errors: ['NOT_FOUND'],
});

/** Rebuilding rollups from raw events (admin only: it rewrites every account's usage of the days). */
export const replayRoutes = createRouter()
  .openapi(startReplay, async (c) => {
    const db = getDb(c.env.DB);
    const now = Date.now();
    const { from, to, sourceId } = c.req.valid('json');
    if (to > utcDay(now))
      throw new ApiError({ code: 'VALIDATION_FAILED', message: '"to" must not be after today (UTC)' });
    if (sourceId && !(await sourceExists(db, sourceId)))
      throw new ApiError({ code: 'NOT_FOUND', message: 'no such source' });
    const id = crypto.randomUUID();
    const actor = c.get('actor').email;
    if (!(await insertReplayJob(db, { id, from, to, sourceId: sourceId ?? null, actor, now })))
      throw new ApiError({ code: 'CONFLICT', message: 'a running replay overlaps these days' });
    c.executionCtx.waitUntil(queueReplayStep(c.env, id));
    return c.json(toReplayJob((await getReplayJob(db, id))!), 202);
  })
  .openapi(listReplays, async (c) =>
    c.json({ items: (await listReplayJobs(getDb(c.env.DB), 50)).map(toReplayJob) }, 200),
  )
  .openapi(getReplay, async (c) => {
    const job = await getReplayJob(getDb(c.env.DB), c.req.valid('param').id);
    if (!job) throw new ApiError({ code: 'NOT_FOUND', message: 'no such replay' });
    return c.json(toReplayJob(job), 200);
  });
