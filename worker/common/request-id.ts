import type { MiddlewareHandler } from 'hono';

export interface RequestIdOptions {
  /** Header read from the client (if well-formed) and echoed on the response. Default `X-Request-Id`. */
  headerName?: string;
}

/**
 * Gives every request an id, echoed in the response header and in every error envelope.
 * @example app.use(requestId())
 */
export function requestId(options: RequestIdOptions = {}): MiddlewareHandler {
  const headerName = options.headerName ?? 'X-Request-Id';
  return async function requestIdMiddleware(c, next) {
    const incoming = c.req.header(headerName);
    const id = incoming && /^[\w.:-]{1,128}$/.test(incoming) ? incoming : crypto.randomUUID();
    c.set('requestId', id);
    c.header(headerName, id);
    await next();
  };
}
