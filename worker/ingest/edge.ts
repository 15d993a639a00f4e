import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import { mayHoldUnstorableText } from '../../shared/ingest';
import type { AppEnv } from '../common/env';
import { ApiError } from '../common/errors';
import { readIngestBody } from '../common/read-body';

const decoder = new TextDecoder();
const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** CORS of the ingest API: browsers post from any site (Analytics.js, the pixel). */
export const ingestCors = (): MiddlewareHandler<AppEnv> =>
  cors({
    origin: '*',
    allowMethods: ['GET', 'POST', 'OPTIONS'],
    allowHeaders: ['Authorization', 'Content-Type', 'Content-Encoding', 'X-Retry-Count'],
    exposeHeaders: ['Retry-After', 'X-RateLimit-Reset', 'X-Request-Id'],
    maxAge: 86400,
  });

/**
 * Reads, gunzips and parses the body whatever its Content-Type (Segment clients send text/plain too) into
 * `ingestBody`, `ingestBytes` and `ingestCheckText`. The ingest routes' only parse of the body (the
 * messages are then validated one by one, see accept.ts); the benchmark's baseline runs it too.
 */
export function ingestJsonBody(): MiddlewareHandler<AppEnv> {
  return async function jsonBodyMiddleware(c, next) {
    const bytes = await readIngestBody(c.req.raw);
    const text = decoder.decode(bytes);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new ApiError({ code: 'INVALID_JSON', message: 'body is not valid JSON' });
    }
    if (!isRecord(body)) throw new ApiError({ code: 'INVALID_JSON', message: 'body must be a JSON object' });
    c.set('ingestBody', body);
    c.set('ingestBytes', bytes.byteLength);
    c.set('ingestCheckText', mayHoldUnstorableText(text));
    await next();
  };
}
