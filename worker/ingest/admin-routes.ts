import {
  failureIdParam,
  ingestFailureListSchema,
  ingestStatsQuery,
  ingestStatsSchema,
  listFailuresQuery,
  replayedFailureSchema,
  sourceStatsListSchema,
} from '../../shared/contracts/ingest';
import { getDb } from '../common/db';
import { ApiError } from '../common/errors';
import { parseQueueMessage } from '../common/ingest-queue';
import { createRouter, defineRoute, jsonResponse } from '../common/openapi';
import { getIngestFailure, listIngestFailures, markReplayed } from './failures-store';
import { ingestStats, sourceStats } from './stats-store';

const tags = ['Ingest'];

const listFailures = defineRoute({
  method: 'get',
  path: '/failures',
  tags,
  summary: 'List ingest failures',
  description:
    'Queue messages the consumer could not store, the most recently failed first (100 by default, at most 500), with the last error. Bodies are kept for replay but not shown.',
  request: { query: listFailuresQuery },
  responses: { 200: jsonResponse(ingestFailureListSchema, 'The failures, most recently failed first') },
});

const replayFailure = defineRoute({
  method: 'post',
  path: '/failures/{id}/replay',
  tags,
  summary: 'Replay an ingest failure',
  description:
    'Sends the stored queue message again, whole (the consumer deduplicates events by messageId and records the invalid ones again), and marks the failure `replayed`. 409 when it was already replayed, is malformed, or holds no event that can be stored.',
  request: { params: failureIdParam },
  responses: { 202: jsonResponse(replayedFailureSchema, 'Queued again') },
  errors: ['NOT_FOUND', 'CONFLICT'],
});

const stats = defineRoute({
  method: 'get',
  path: '/stats',
  tags,
  summary: 'Ingest pipeline totals',
  description:
    'Raw events kept (of one source, if given), events counted by the rollups, accounts, users, features and open failures.',
  request: { query: ingestStatsQuery },
  responses: { 200: jsonResponse(ingestStatsSchema, 'The totals') },
});

const perSource = defineRoute({
  method: 'get',
  path: '/sources',
  tags,
  summary: 'Ingest per source',
  description:
    'For each source that stored or rejected something: events stored today and in the 7 UTC days ending today, the last receipt, and the messages rejected in those 7 days by error code.',
  responses: { 200: jsonResponse(sourceStatsListSchema, 'One row per source with activity') },
});

/** A stored body as JSON; undefined when it is not JSON (a dead message recorded as it arrived). */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** What failed in the ingest pipeline and why, with replay; plus pipeline totals. */
export const ingestAdminRoutes = createRouter()
  .openapi(listFailures, async (c) =>
    c.json({ items: await listIngestFailures(getDb(c.env.DB), c.req.valid('query')) }, 200),
  )
  .openapi(replayFailure, async (c) => {
    const db = getDb(c.env.DB);
    const failure = await getIngestFailure(db, c.req.valid('param').id);
    if (!failure) throw new ApiError({ code: 'NOT_FOUND', message: 'no such failure' });
    if (failure.status === 'replayed') throw new ApiError({ code: 'CONFLICT', message: 'already replayed' });
    const value = parseJson(failure.body);
    const parsed = parseQueueMessage(value);
    if (!parsed.ok)
      throw new ApiError({ code: 'CONFLICT', message: 'this message is malformed and cannot be replayed' });
    // The consumer stores a body's valid events and records the others as dead on their own, so a body is
    // replayable as soon as one of its events can be stored. It is sent whole: its invalid events stay visible.
    if (parsed.body.events.length === 0) {
      throw new ApiError({
        code: 'CONFLICT',
        message: `no event of this message can be stored (${parsed.invalid[0]?.error ?? 'no events'}); it cannot be replayed`,
      });
    }
    if (!(await markReplayed(db, failure.id, Date.now()))) {
      throw new ApiError({ code: 'CONFLICT', message: 'already replayed' });
    }
    // Replaying is safe even if some events did land: the consumer deduplicates by messageId.
    await c.env.INGEST_QUEUE.send(failure.body, { contentType: 'text' });
    const events = parsed.body.events.length + parsed.invalid.length;
    return c.json({ id: failure.id, status: 'replayed' as const, events }, 202);
  })
  .openapi(perSource, async (c) => c.json({ items: await sourceStats(getDb(c.env.DB), Date.now()) }, 200))
  .openapi(stats, async (c) =>
    c.json(await ingestStats(getDb(c.env.DB), c.req.valid('query').sourceId || undefined), 200),
  );
