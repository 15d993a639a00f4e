import { Hono } from 'hono';
import {
  activityQuery,
  timelineQuery,
  touchpointInput,
  touchpointListQuery,
} from '../../shared/contracts/portfolio';
import { utcDay } from '../../shared/time';
import { accountActivity } from '../db/account-activity';
import { accountInsight } from '../db/account-insight';
import { getDb } from '../db/client';
import { accountTimeline, decodeTimelineCursor } from '../db/timeline';
import { insertTouchpoint, listTouchpoints } from '../db/touchpoints';
import type { AppEnv } from '../env';
import { ApiError } from '../errors';
import { validate } from '../middleware/validate';
import { accountParam, requireAccount } from './account-context';

const DAY_MS = 86_400_000;

/** The account page's insight, activity, timeline and touchpoints. Mounted under /api/accounts. */
export const accountInsightRoutes = new Hono<AppEnv>()
  .get('/:externalId/insight', validate('param', accountParam), async (c) => {
    const db = getDb(c.env.DB);
    const id = await requireAccount(db, c.req.valid('param').externalId);
    const now = Date.now();
    return c.json(await accountInsight(db, id, now, utcDay(now)));
  })
  .get(
    '/:externalId/activity',
    validate('param', accountParam),
    validate('query', activityQuery),
    async (c) => {
      const db = getDb(c.env.DB);
      const id = await requireAccount(db, c.req.valid('param').externalId);
      return c.json(await accountActivity(db, id, c.req.valid('query').days, utcDay(Date.now())));
    },
  )
  .get(
    '/:externalId/timeline',
    validate('param', accountParam),
    validate('query', timelineQuery),
    async (c) => {
      const { limit, before } = c.req.valid('query');
      const cursor = before ? decodeTimelineCursor(before) : null;
      if (before && !cursor)
        throw new ApiError({ code: 'VALIDATION_FAILED', message: 'invalid "before" cursor' });
      const db = getDb(c.env.DB);
      const id = await requireAccount(db, c.req.valid('param').externalId);
      return c.json(await accountTimeline(db, id, { limit, before: cursor }));
    },
  )
  .get(
    '/:externalId/touchpoints',
    validate('param', accountParam),
    validate('query', touchpointListQuery),
    async (c) => {
      const db = getDb(c.env.DB);
      const id = await requireAccount(db, c.req.valid('param').externalId);
      return c.json({ items: await listTouchpoints(db, id, c.req.valid('query').limit) });
    },
  )
  .post(
    '/:externalId/touchpoints',
    validate('param', accountParam),
    validate('json', touchpointInput),
    async (c) => {
      const input = c.req.valid('json');
      const now = Date.now();
      const occurredAt = Date.parse(input.occurredAt);
      if (occurredAt > now + DAY_MS) {
        throw new ApiError({
          code: 'VALIDATION_FAILED',
          message: 'occurredAt may be at most one day in the future',
          issues: [{ path: ['occurredAt'], code: 'too_big', message: 'more than one day in the future' }],
        });
      }
      const db = getDb(c.env.DB);
      const id = await requireAccount(db, c.req.valid('param').externalId);
      const actor = c.get('actor');
      const touchpoint = await insertTouchpoint(db, {
        accountId: id,
        kind: input.kind,
        occurredAt,
        summary: input.summary,
        body: input.body || null,
        authorId: actor.memberId,
        authorEmail: actor.email,
        now,
      });
      return c.json(touchpoint, 201);
    },
  );
