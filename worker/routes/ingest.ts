import { Hono, type MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import { z } from 'zod';
import {
  INGEST_LIMITS,
  type MessageError,
  type MessageType,
  type NormalizedEvent,
  normalizeMessage,
  validateMessage,
} from '../../shared/ingest';
import type { AppEnv } from '../env';
import { ApiError } from '../errors';
import { enqueueEvents } from '../ingest/enqueue';
import { fallbackMessageId } from '../ingest/message-id';
import { readIngestBody } from '../ingest/read-body';
import { rateLimit } from '../middleware/rate-limit';
import { validate } from '../middleware/validate';
import { writeKeyAuth } from '../middleware/write-key';

/** Path segment → message type; `batch` covers /v1/batch, /v1/import and the browser short path /v1/b. */
const PATHS: Record<string, MessageType | 'batch'> = {
  track: 'track',
  t: 'track',
  identify: 'identify',
  i: 'identify',
  group: 'group',
  g: 'group',
  page: 'page',
  p: 'page',
  screen: 'screen',
  s: 'screen',
  alias: 'alias',
  a: 'alias',
  batch: 'batch',
  b: 'batch',
  import: 'batch',
};

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const byteLength = (value: unknown) => encoder.encode(JSON.stringify(value)).byteLength;
const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads, gunzips and parses the body whatever its Content-Type (Segment clients send text/plain too). */
function jsonBody(): MiddlewareHandler<AppEnv> {
  return async function jsonBodyMiddleware(c, next) {
    const bytes = await readIngestBody(c.req.raw);
    let body: unknown;
    try {
      body = JSON.parse(decoder.decode(bytes));
    } catch {
      throw new ApiError({ code: 'INVALID_JSON', message: 'body is not valid JSON' });
    }
    if (!isRecord(body)) throw new ApiError({ code: 'INVALID_JSON', message: 'body must be a JSON object' });
    c.set('ingestBody', body);
    c.set('ingestBytes', bytes.byteLength);
    await next();
  };
}

const limiter = rateLimit({
  binding: (c) => c.env.INGEST_RATE_LIMITER,
  key: (c) => c.get('sourceId'),
  periodSeconds: 10,
});

interface Accepted {
  events: NormalizedEvent[];
  rejected: MessageError[];
}

/** Validates and normalizes messages; limits that Segment answers with 400 throw. */
async function acceptMessages(
  raws: unknown[],
  ctx: {
    sourceId: string;
    receivedAt: number;
    forcedType?: MessageType;
    batch?: Record<string, unknown>;
    /** Whether a message could exceed 32 KB (no message can when the whole body is smaller). */
    checkSizes?: boolean;
  },
): Promise<Accepted> {
  const out: Accepted = { events: [], rejected: [] };
  const batchSentAt = typeof ctx.batch?.sentAt === 'string' ? ctx.batch.sentAt : null;
  const batchContext = isRecord(ctx.batch?.context) ? ctx.batch.context : null;
  for (let index = 0; index < raws.length; index++) {
    const raw = raws[index];
    if (ctx.checkSizes && byteLength(raw) > INGEST_LIMITS.maxMessageBytes) {
      throw new ApiError({
        code: 'MESSAGE_TOO_LARGE',
        message: `message ${index} exceeds ${INGEST_LIMITS.maxMessageBytes} bytes`,
        issues: [{ index, code: 'MESSAGE_TOO_LARGE' }],
      });
    }
    const result = validateMessage(raw, index, ctx.forcedType);
    if (!result.ok) {
      out.rejected.push(result.error);
      continue;
    }
    const fallback = result.message.messageId
      ? ''
      : await fallbackMessageId(raw as Record<string, unknown>, ctx.sourceId);
    out.events.push(
      normalizeMessage(result.message, {
        receivedAt: ctx.receivedAt,
        batchSentAt,
        batchContext,
        fallbackMessageId: fallback,
      }),
    );
  }
  return out;
}

const pixelQuery = z.object({
  writeKey: z.string().min(1),
  activity: z.string().min(1).max(200),
  account: z.string().min(1).max(256).optional(),
  user: z.string().min(1).max(256).optional(),
  anonymousId: z.string().min(1).max(256).optional(),
  module: z.string().min(1).max(100).optional(),
  messageId: z.string().min(1).max(256).optional(),
  durationMs: z.coerce.number().int().nonnegative().optional(),
});

// 1×1 transparent GIF.
const GIF = Uint8Array.from(atob('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7'), (ch) =>
  ch.charCodeAt(0),
);

/**
 * Segment/RudderStack-compatible ingest: `/v1/{track,identify,group,page,screen,alias,batch,import}`, the
 * browser short paths `/v1/{t,i,g,p,s,a,b}`, `/v1/m` (client metrics, discarded) and `/v1/pixel.gif`.
 */
export const ingestRoutes = new Hono<AppEnv>()
  .use(
    '*',
    cors({
      origin: '*',
      allowMethods: ['GET', 'POST', 'OPTIONS'],
      allowHeaders: ['Authorization', 'Content-Type', 'Content-Encoding', 'X-Retry-Count'],
      exposeHeaders: ['Retry-After', 'X-RateLimit-Reset', 'X-Request-Id'],
      maxAge: 86400,
    }),
  )
  // Analytics.js posts its own client metrics here; answering 2xx keeps it quiet.
  .post('/m', (c) => c.json({ success: true }))
  .post('/noop', jsonBody(), async (c) => {
    // Benchmark baseline only: same body handling, no work.
    if (c.env.BENCH_ROUTES !== '1') throw new ApiError({ code: 'NOT_FOUND', message: 'not found' });
    return c.json({ success: true });
  })
  .get(
    '/pixel.gif',
    writeKeyAuth({ fallback: (c) => c.req.query('writeKey') }),
    limiter,
    validate('query', pixelQuery),
    async (c) => {
      const q = c.req.valid('query');
      const receivedAt = Date.now();
      const raw = {
        type: 'track',
        event: q.activity,
        userId: q.user,
        anonymousId: q.anonymousId ?? (q.user ? undefined : 'pixel'),
        messageId: q.messageId,
        context: { groupId: q.account, library: { name: 'keepwell-pixel' } },
        properties: { module: q.module, durationMs: q.durationMs },
      };
      const { events, rejected } = await acceptMessages([raw], { sourceId: c.get('sourceId'), receivedAt });
      if (rejected[0])
        throw new ApiError({ code: 'VALIDATION_FAILED', message: rejected[0].message, issues: rejected });
      await enqueueEvents(c.env, c.get('sourceId'), events);
      return c.body(GIF, 200, { 'Content-Type': 'image/gif', 'Cache-Control': 'no-store, max-age=0' });
    },
  )
  .post(
    '/:kind',
    async function knownPath(c, next) {
      if (!PATHS[c.req.param('kind')])
        throw new ApiError({ code: 'NOT_FOUND', message: 'unknown ingest path' });
      await next();
    },
    jsonBody(),
    writeKeyAuth({ fallback: (c) => (c.get('ingestBody') as Record<string, unknown>).writeKey }),
    limiter,
    async (c) => {
      const kind = PATHS[c.req.param('kind')]!;
      const body = c.get('ingestBody') as Record<string, unknown>;
      const sourceId = c.get('sourceId');
      const receivedAt = Date.now();
      if (kind !== 'batch') {
        if (
          c.get('ingestBytes') > INGEST_LIMITS.maxMessageBytes &&
          byteLength(body) > INGEST_LIMITS.maxMessageBytes
        ) {
          throw new ApiError({
            code: 'MESSAGE_TOO_LARGE',
            message: `message exceeds ${INGEST_LIMITS.maxMessageBytes} bytes`,
          });
        }
        const { events, rejected } = await acceptMessages([body], { sourceId, receivedAt, forcedType: kind });
        if (rejected[0])
          throw new ApiError({ code: 'VALIDATION_FAILED', message: rejected[0].message, issues: rejected });
        await enqueueEvents(c.env, sourceId, events, c.get('ingestBytes'));
        return c.json({ success: true });
      }
      if (!Array.isArray(body.batch)) {
        throw new ApiError({ code: 'VALIDATION_FAILED', message: '"batch" must be an array of messages' });
      }
      if (body.batch.length > INGEST_LIMITS.maxBatchMessages) {
        throw new ApiError({
          code: 'BATCH_TOO_LARGE',
          message: `a batch holds at most ${INGEST_LIMITS.maxBatchMessages} messages (got ${body.batch.length})`,
        });
      }
      const bodyBytes = c.get('ingestBytes');
      const { events, rejected } = await acceptMessages(body.batch, {
        sourceId,
        receivedAt,
        batch: body,
        checkSizes: bodyBytes > INGEST_LIMITS.maxMessageBytes,
      });
      await enqueueEvents(c.env, sourceId, events, bodyBytes);
      // 200 even with rejections: client libraries drop a whole request on 400, losing the good events.
      return c.json({ success: true, accepted: events.length, rejected });
    },
  );
