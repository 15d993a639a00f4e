import {
  accountActivitySchema,
  accountInsightSchema,
  accountParam,
  activityQuery,
  timelinePageSchema,
  timelineQuery,
  touchpointInput,
  touchpointListQuery,
  touchpointListSchema,
  touchpointSavedSchema,
} from '../../shared/contracts/accounts';
import { utcDay } from '../../shared/time';
import { getDb } from '../common/db';
import { ApiError } from '../common/errors';
import { createRouter, defineRoute, jsonBody, jsonResponse } from '../common/openapi';
import { rescoreAfterInput } from '../scoring/rescore';
import { loadFollowUps } from '../surveys/follow-ups';
import { accountActivity } from './activity-store';
import { requireAccount } from './context';
import { accountInsight } from './insight-store';
import { accountTimeline, decodeTimelineCursor, withSurveyFollowUps } from './timeline-store';
import { insertTouchpoint, listTouchpoints } from './touchpoints-store';

const DAY_MS = 86_400_000;
const tags = ['Account page'];

const insightRoute = defineRoute({
  method: 'get',
  path: '/{externalId}/insight',
  tags,
  summary: "Explain an account's latest score",
  description:
    "The latest snapshot with its dimensions (and the segment's means), measures, stored improvements and the model's tiers; the override in force and the latest unexpired rating.",
  request: { params: accountParam },
  responses: {
    200: jsonResponse(accountInsightSchema, 'The insight (snapshot null before the first scoring)'),
  },
  errors: ['NOT_FOUND'],
});

const activityRoute = defineRoute({
  method: 'get',
  path: '/{externalId}/activity',
  tags,
  summary: "Get an account's product usage",
  description:
    'Daily active users, events and active minutes for the `days` days ending today (at most 365), seats and users, and usage by module and by feature.',
  request: { params: accountParam, query: activityQuery },
  responses: { 200: jsonResponse(accountActivitySchema, 'Usage over the window') },
  errors: ['NOT_FOUND'],
});

const timelineRoute = defineRoute({
  method: 'get',
  path: '/{externalId}/timeline',
  tags,
  summary: "Get an account's timeline",
  description:
    'Touchpoints, tier changes, alerts raised and closed, ratings, overrides set and cleared, and survey answers, newest first, 30 a page by default (at most 100). Page with `before` (a `nextBefore`; one this API did not make is 400).',
  request: { params: accountParam, query: timelineQuery },
  responses: { 200: jsonResponse(timelinePageSchema, 'One page of entries, newest first') },
  errors: ['NOT_FOUND', 'VALIDATION_FAILED'],
});

const listTouchpointsRoute = defineRoute({
  method: 'get',
  path: '/{externalId}/touchpoints',
  tags,
  summary: "List an account's touchpoints",
  description:
    'Logged calls, meetings, emails, QBRs, visits and notes, latest first (100 by default, at most 500).',
  request: { params: accountParam, query: touchpointListQuery },
  responses: { 200: jsonResponse(touchpointListSchema, 'Touchpoints, latest first') },
  errors: ['NOT_FOUND'],
});

const logTouchpointRoute = defineRoute({
  method: 'post',
  path: '/{externalId}/touchpoints',
  tags,
  summary: 'Log a touchpoint',
  description:
    'Logs a call, meeting, email, QBR, visit or note by the caller; `occurredAt` may be at most one day in the future (else 400). It appears on the timeline. The account is then rescored for today at once (windows ending today; see `POST /api/accounts/{externalId}/rescore`): `rescore` is the new health.',
  request: { params: accountParam, body: jsonBody(touchpointInput) },
  responses: { 201: jsonResponse(touchpointSavedSchema, 'The touchpoint as stored, and the rescore') },
  errors: ['NOT_FOUND', 'VALIDATION_FAILED'],
});

/** The account page's insight, activity, timeline and touchpoints. Mounted under /api/accounts. */
export const accountInsightRoutes = createRouter()
  .openapi(insightRoute, async (c) => {
    const db = getDb(c.env.DB);
    const id = await requireAccount(db, c.req.valid('param').externalId);
    const now = Date.now();
    return c.json(await accountInsight(db, id, now, utcDay(now)), 200);
  })
  .openapi(activityRoute, async (c) => {
    const db = getDb(c.env.DB);
    const id = await requireAccount(db, c.req.valid('param').externalId);
    return c.json(await accountActivity(db, id, c.req.valid('query').days, utcDay(Date.now())), 200);
  })
  .openapi(timelineRoute, async (c) => {
    const { limit, before } = c.req.valid('query');
    const cursor = before ? decodeTimelineCursor(before) : null;
    if (before && !cursor)
      throw new ApiError({ code: 'VALIDATION_FAILED', message: 'invalid "before" cursor' });
    const db = getDb(c.env.DB);
    const id = await requireAccount(db, c.req.valid('param').externalId);
    const [page, followUpsOf] = await Promise.all([
      accountTimeline(db, id, { limit, before: cursor }),
      loadFollowUps(db),
    ]);
    return c.json(withSurveyFollowUps(page, followUpsOf), 200);
  })
  .openapi(listTouchpointsRoute, async (c) => {
    const db = getDb(c.env.DB);
    const id = await requireAccount(db, c.req.valid('param').externalId);
    return c.json({ items: await listTouchpoints(db, id, c.req.valid('query').limit) }, 200);
  })
  .openapi(logTouchpointRoute, async (c) => {
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
      followUp: input.followUp,
    });
    return c.json({ ...touchpoint, rescore: await rescoreAfterInput(c.env, id, Date.now()) }, 201);
  });
