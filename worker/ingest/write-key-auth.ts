import type { MiddlewareHandler } from 'hono';
import { getDb } from '../common/db';
import type { AppEnv } from '../common/env';
import { ApiError } from '../common/errors';
import { basicAuthWriteKey, resolveWriteKey } from './write-key';

export interface WriteKeyAuthOptions {
  /** Where else the key may be: Segment's browser and beacon clients put `writeKey` in the JSON body or query. */
  fallback: (c: Parameters<MiddlewareHandler<AppEnv>>[0]) => unknown;
}

/**
 * Authenticates an ingest request by write key (HTTP Basic username, colon optional, or the fallback) and
 * sets `sourceId`. Unknown and revoked keys get 401.
 * @example ingest.use(writeKeyAuth({ fallback: (c) => c.req.query('writeKey') }))
 */
export function writeKeyAuth(options: WriteKeyAuthOptions): MiddlewareHandler<AppEnv> {
  return async function writeKeyAuthMiddleware(c, next) {
    const fromBody = options.fallback(c);
    const key =
      basicAuthWriteKey(c.req.header('Authorization')) ?? (typeof fromBody === 'string' ? fromBody : null);
    if (!key) {
      throw new ApiError({
        code: 'INVALID_WRITE_KEY',
        message: 'a write key is required (HTTP Basic username or "writeKey" in the body)',
      });
    }
    const sourceId = await resolveWriteKey(getDb(c.env.DB), key, Date.now());
    if (!sourceId) throw new ApiError({ code: 'INVALID_WRITE_KEY', message: 'unknown or revoked write key' });
    c.set('sourceId', sourceId);
    await next();
  };
}
