import { Hono } from 'hono';
import { idParam, listFailuresQuery } from '../../shared/contracts/admin';
import { getDb } from '../db/client';
import { getIngestFailure, listIngestFailures, markReplayed } from '../db/ingest-failures';
import { ingestStats } from '../db/stats';
import type { AppEnv } from '../env';
import { ApiError } from '../errors';
import { ingestQueueMessageSchema } from '../jobs/ingest-message';
import { validate } from '../middleware/validate';

/** What failed in the ingest pipeline and why, with replay; plus pipeline totals. */
export const ingestAdminRoutes = new Hono<AppEnv>()
  .get('/failures', validate('query', listFailuresQuery), async (c) => {
    return c.json({ items: await listIngestFailures(getDb(c.env.DB), c.req.valid('query')) });
  })
  .post('/failures/:id/replay', validate('param', idParam), async (c) => {
    const db = getDb(c.env.DB);
    const failure = await getIngestFailure(db, c.req.valid('param').id);
    if (!failure) throw new ApiError({ code: 'NOT_FOUND', message: 'no such failure' });
    if (failure.status === 'replayed') throw new ApiError({ code: 'CONFLICT', message: 'already replayed' });
    const parsed = ingestQueueMessageSchema.safeParse(JSON.parse(failure.body));
    if (!parsed.success)
      throw new ApiError({ code: 'CONFLICT', message: 'this message is malformed and cannot be replayed' });
    if (!(await markReplayed(db, failure.id, Date.now()))) {
      throw new ApiError({ code: 'CONFLICT', message: 'already replayed' });
    }
    // Replaying is safe even if some events did land: the consumer deduplicates by messageId.
    await c.env.INGEST_QUEUE.send(JSON.stringify(parsed.data), { contentType: 'text' });
    return c.json({ id: failure.id, status: 'replayed', events: parsed.data.events.length }, 202);
  })
  .get('/stats', async (c) =>
    c.json(await ingestStats(getDb(c.env.DB), c.req.query('sourceId') || undefined)),
  );
