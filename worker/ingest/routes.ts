import type { RouteConfig, RouteHandler } from '@hono/zod-openapi';
import type { ZodType } from 'zod';
import {
  batchAcceptedSchema,
  batchBody,
  messageAcceptedSchema,
  pixelQuery,
  singleMessageBodies,
} from '../../shared/contracts/ingest';
import { INGEST_LIMITS, inspectContent, type MessageType } from '../../shared/ingest';
import type { MessageError } from '../../shared/ingest/messages';
import { getDb } from '../common/db';
import type { AppEnv } from '../common/env';
import { ApiError } from '../common/errors';
import { createRouter, defineRoute, jsonBody, jsonResponse } from '../common/openapi';
import { rateLimit } from '../common/rate-limit';
import { acceptMessages } from './accept';
import { ingestCors, ingestJsonBody } from './edge';
import { enqueueEvents } from './enqueue';
import { recordRejections } from './stats-store';
import { writeKeyAuth } from './write-key-auth';

const tags = ['Ingest'];

type Kind = MessageType | 'batch';

/**
 * The message paths, one declared operation each: Segment's and RudderStack's `/v1/{type}`, `/v1/batch` and
 * `/v1/import`, and Analytics.js's short paths. Any other `/v1/*` path is 404.
 */
const MESSAGE_PATHS: readonly { path: string; kind: Kind; short?: true }[] = [
  { path: 'track', kind: 'track' },
  { path: 't', kind: 'track', short: true },
  { path: 'identify', kind: 'identify' },
  { path: 'i', kind: 'identify', short: true },
  { path: 'group', kind: 'group' },
  { path: 'g', kind: 'group', short: true },
  { path: 'page', kind: 'page' },
  { path: 'p', kind: 'page', short: true },
  { path: 'screen', kind: 'screen' },
  { path: 's', kind: 'screen', short: true },
  { path: 'alias', kind: 'alias' },
  { path: 'a', kind: 'alias', short: true },
  { path: 'batch', kind: 'batch' },
  { path: 'import', kind: 'batch' },
  { path: 'b', kind: 'batch', short: true },
];

const ABOUT: Record<Kind, { summary: string; description: string }> = {
  track: {
    summary: 'Record an event (track)',
    description: 'One action of a person: `event` is the feature used; `context.groupId` names the account.',
  },
  identify: {
    summary: 'Describe a person (identify)',
    description: "Sets a person's traits (email, name, role…); known account traits update the account.",
  },
  group: {
    summary: 'Link a person to an account (group)',
    description: 'Links the person to the account `groupId` and sets its traits (name, plan, seats, ARR…).',
  },
  page: { summary: 'Record a page view (page)', description: 'A page view, counted as activity.' },
  screen: {
    summary: 'Record a screen view (screen)',
    description: 'A mobile screen view, counted as activity.',
  },
  alias: {
    summary: 'Merge two identities (alias)',
    description: '`previousId` (an anonymous id) is the same person as `userId`.',
  },
  batch: {
    summary: 'Send a batch of messages',
    description: `Up to ${INGEST_LIMITS.maxBatchMessages} messages of any type. Answers 200 even when some messages are invalid: they are listed in \`rejected\`, the others stored (client libraries drop a whole request on a 400).`,
  },
};

const COMMON = `The body (at most ${INGEST_LIMITS.maxRequestBytes / 1024} KB after decompression, gzip accepted) is read as JSON whatever its Content-Type. Accepted messages are queued and stored within seconds, deduplicated by \`messageId\`; a 503 means nothing new was queued: retry.`;

// Write-key auth and the rate limit come after the body is read: browsers put `writeKey` in it.
const limiter = rateLimit({
  binding: (c) => c.env.INGEST_RATE_LIMITER,
  key: (c) => c.get('sourceId'),
  periodSeconds: 10,
});
const messageMiddleware = [
  ingestJsonBody(),
  writeKeyAuth({ fallback: (c) => (c.get('ingestBody') as Record<string, unknown>).writeKey }),
  limiter,
];
const BODY_ERRORS = [
  'INVALID_JSON',
  'VALIDATION_FAILED',
  'REQUEST_TOO_LARGE',
  'INVALID_GZIP',
  'MESSAGE_TOO_LARGE',
  'SERVICE_UNAVAILABLE',
] as const;

const messageRoute = (path: string, kind: Kind, short?: boolean) =>
  defineRoute({
    method: 'post',
    path: `/${path}`,
    auth: 'writeKey',
    tags,
    summary: short ? `${ABOUT[kind].summary}, short path` : ABOUT[kind].summary,
    description: `${short ? `Analytics.js's short path for \`/v1/${kind}\`. ` : ''}${ABOUT[kind].description} ${COMMON}`,
    middleware: messageMiddleware,
    responses: { 200: jsonResponse(messageAcceptedSchema, 'Queued for storing') },
    errors: BODY_ERRORS,
  });

const batchRoute = (path: string, short?: boolean) =>
  defineRoute({
    method: 'post',
    path: `/${path}`,
    auth: 'writeKey',
    tags,
    summary: short ? `${ABOUT.batch.summary}, short path` : ABOUT.batch.summary,
    description: `${path === 'batch' ? '' : 'The same as `/v1/batch`. '}${ABOUT.batch.description} ${COMMON}`,
    middleware: messageMiddleware,
    responses: { 200: jsonResponse(batchAcceptedSchema, 'The valid messages are queued for storing') },
    errors: [...BODY_ERRORS, 'BATCH_TOO_LARGE'],
  });

const clientMetrics = defineRoute({
  method: 'post',
  path: '/m',
  auth: 'public',
  tags,
  summary: 'Client metrics (discarded)',
  description: 'Analytics.js posts its own delivery metrics here; they are not read, and 200 keeps it quiet.',
  responses: { 200: jsonResponse(messageAcceptedSchema, 'Discarded') },
});

const pixel = defineRoute({
  method: 'get',
  path: '/pixel.gif',
  auth: 'writeKey',
  tags,
  summary: 'Record an event with a tracking pixel',
  description:
    'A `track` call from an `<img>` (emails, pages without JavaScript): the write key and the event are query parameters. Answers a 1×1 transparent GIF, never cached.',
  middleware: [writeKeyAuth({ fallback: (c) => c.req.query('writeKey') }), limiter],
  request: { query: pixelQuery },
  responses: {
    200: {
      description: 'A 1×1 transparent GIF; the event is queued for storing',
      content: { 'image/gif': { schema: { type: 'string', format: 'binary' } } },
    },
  },
  errors: ['SERVICE_UNAVAILABLE'],
});

// 1×1 transparent GIF.
const GIF = Uint8Array.from(atob('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7'), (ch) =>
  ch.charCodeAt(0),
);

/**
 * Counts rejected messages for Settings → Sources. A failure to count is logged, never turned into an error:
 * the answer about the messages themselves must not change.
 */
async function noteRejections(env: AppEnv['Bindings'], sourceId: string, rejected: MessageError[]) {
  if (rejected.length === 0) return;
  try {
    await recordRejections(getDb(env.DB), sourceId, rejected, Date.now());
  } catch (err) {
    console.error('could not count rejected messages', err);
  }
}

/** One message whose type the path gives. */
const handleMessage =
  (type: MessageType): RouteHandler<ReturnType<typeof messageRoute>, AppEnv> =>
  async (c) => {
    const body = c.get('ingestBody') as Record<string, unknown>;
    const sourceId = c.get('sourceId');
    const { events, rejected } = await acceptMessages([body], {
      sourceId,
      receivedAt: Date.now(),
      forcedType: type,
      checkSizes: c.get('ingestBytes') > INGEST_LIMITS.maxMessageBytes,
      checkText: c.get('ingestCheckText'),
    });
    if (rejected[0]) {
      await noteRejections(c.env, sourceId, rejected);
      throw new ApiError({ code: 'VALIDATION_FAILED', message: rejected[0].message, issues: rejected });
    }
    await enqueueEvents(c.env, sourceId, events, c.get('ingestBytes'));
    return c.json({ success: true as const }, 200);
  };

const handleBatch: RouteHandler<ReturnType<typeof batchRoute>, AppEnv> = async (c) => {
  const body = c.get('ingestBody') as Record<string, unknown>;
  const sourceId = c.get('sourceId');
  const checkText = c.get('ingestCheckText');
  if (!Array.isArray(body.batch)) {
    throw new ApiError({ code: 'VALIDATION_FAILED', message: '"batch" must be an array of messages' });
  }
  if (body.batch.length > INGEST_LIMITS.maxBatchMessages) {
    throw new ApiError({
      code: 'BATCH_TOO_LARGE',
      message: `a batch holds at most ${INGEST_LIMITS.maxBatchMessages} messages (got ${body.batch.length})`,
    });
  }
  // The batch's own context is merged under each message's (its groupId can become an account id), so
  // it obeys the rules of a message's fields; as request-level data, breaking them fails the request.
  const shared = inspectContent({ context: body.context }, checkText);
  if (shared) {
    throw new ApiError({
      code: 'VALIDATION_FAILED',
      message:
        shared.code === 'TOO_DEEP'
          ? `context: nested deeper than ${INGEST_LIMITS.maxDepth} levels`
          : 'context: holds a lone surrogate or a NUL character',
      issues: [{ code: shared.code, path: ['context'] }],
    });
  }
  const bodyBytes = c.get('ingestBytes');
  const { events, rejected } = await acceptMessages(body.batch, {
    sourceId,
    receivedAt: Date.now(),
    batch: body,
    checkSizes: bodyBytes > INGEST_LIMITS.maxMessageBytes,
    checkText,
  });
  await enqueueEvents(c.env, sourceId, events, bodyBytes);
  await noteRejections(c.env, sourceId, rejected);
  // 200 even with rejections: client libraries drop a whole request on 400, losing the good events.
  return c.json({ success: true as const, accepted: events.length, rejected }, 200);
};

/**
 * Registers `route` in the OpenAPI document with `body` as its request body. The route itself is served
 * without it, so no zod validator parses the body a second time: the ingest edge reads it whatever its
 * Content-Type (gzip, text/plain) and validates message by message on its measured fast path
 * (`npm run bench:ingest`); a whole-batch zod parse would cost as much again.
 */
function declareBody(router: ReturnType<typeof createRouter>, route: RouteConfig, body: ZodType) {
  const { middleware: _middleware, ...declared } = route;
  router.openAPIRegistry.registerPath({ ...declared, request: { body: jsonBody(body) } });
}

/**
 * Segment/RudderStack-compatible ingest: the message paths above, `/v1/m` (client metrics, discarded) and
 * `/v1/pixel.gif`.
 */
export const ingestRoutes = createRouter();
ingestRoutes.use('*', ingestCors());
ingestRoutes
  .openapi(clientMetrics, (c) => c.json({ success: true as const }, 200))
  .openapi(pixel, async (c) => {
    const q = c.req.valid('query');
    const raw = {
      type: 'track',
      event: q.activity,
      userId: q.user,
      anonymousId: q.anonymousId ?? (q.user ? undefined : 'pixel'),
      messageId: q.messageId,
      context: { groupId: q.account, library: { name: 'keepwell-pixel' } },
      properties: { module: q.module, durationMs: q.durationMs },
    };
    const sourceId = c.get('sourceId');
    const { events, rejected } = await acceptMessages([raw], { sourceId, receivedAt: Date.now() });
    if (rejected[0]) {
      await noteRejections(c.env, sourceId, rejected);
      throw new ApiError({ code: 'VALIDATION_FAILED', message: rejected[0].message, issues: rejected });
    }
    await enqueueEvents(c.env, sourceId, events);
    return c.body(GIF, 200, { 'Content-Type': 'image/gif', 'Cache-Control': 'no-store, max-age=0' });
  });

for (const { path, kind, short } of MESSAGE_PATHS) {
  if (kind === 'batch') {
    const route = batchRoute(path, short);
    declareBody(ingestRoutes, route, batchBody);
    ingestRoutes.openapi({ ...route, hide: true }, handleBatch);
  } else {
    const route = messageRoute(path, kind, short);
    declareBody(ingestRoutes, route, singleMessageBodies[kind]);
    ingestRoutes.openapi({ ...route, hide: true }, handleMessage(kind));
  }
}
