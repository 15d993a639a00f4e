import type { MiddlewareHandler } from 'hono';

/**
 * The policy of what the Worker itself answers (JSON, CSV, the pixel GIF): nothing to load, nothing may frame it.
 * The SPA and the survey page are static assets; their policies are in web/public/_headers.
 */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

/** One year, seconds: long enough to count for HSTS, and what browsers' preload lists ask for. */
const ONE_YEAR_SECONDS = 31_536_000;

export interface SecurityHeadersOptions {
  /**
   * `Content-Security-Policy` of responses that set none themselves. Default {@link API_CONTENT_SECURITY_POLICY}.
   * A route that serves an HTML page sets the page's own policy on its response instead, and this middleware
   * keeps it. The interactive `/api/docs` page (issue 11) goes there: its script and styles served by Keepwell
   * (no CDN) under `default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;
   * connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'`.
   */
  contentSecurityPolicy?: string;
  /** `Referrer-Policy`. Default `no-referrer`. */
  referrerPolicy?: string;
  /** `Strict-Transport-Security` max-age, seconds; sent only on requests that came over https. Default 1 year. */
  hstsMaxAgeSeconds?: number;
}

/**
 * Adds the security headers to every response the Worker answers (`/api/*`, `/v1/*`), success or error envelope:
 * `X-Content-Type-Options: nosniff`, a `Content-Security-Policy` that loads nothing, `X-Frame-Options: DENY`,
 * `Referrer-Policy`, `Cache-Control: no-store` unless the route chose its own, and HSTS when the request is https.
 * CORS headers (set by `/v1`'s own middleware) are left alone.
 * @example new Hono().use('*', securityHeaders()).get('/api/health', (c) => c.json({ ok: true }))
 */
export function securityHeaders(options: SecurityHeadersOptions = {}): MiddlewareHandler {
  const contentSecurityPolicy = options.contentSecurityPolicy ?? API_CONTENT_SECURITY_POLICY;
  const referrerPolicy = options.referrerPolicy ?? 'no-referrer';
  const hsts = `max-age=${options.hstsMaxAgeSeconds ?? ONE_YEAR_SECONDS}; includeSubDomains`;
  return async function securityHeadersMiddleware(c, next) {
    await next();
    // A handler may return a Response whose headers are immutable (Response.redirect, a fetch() result); a copy
    // of it takes the headers.
    let headers = c.res.headers;
    try {
      headers.set('X-Content-Type-Options', 'nosniff');
    } catch {
      c.res = new Response(c.res.body, c.res);
      headers = c.res.headers;
      headers.set('X-Content-Type-Options', 'nosniff');
    }
    headers.set('X-Frame-Options', 'DENY');
    headers.set('Referrer-Policy', referrerPolicy);
    if (!headers.has('Content-Security-Policy'))
      headers.set('Content-Security-Policy', contentSecurityPolicy);
    // Every answer is per caller (accounts, exports, survey tokens, ingest results): no browser or shared cache
    // may keep it. A route that set its own Cache-Control (the pixel's `no-store, max-age=0`) keeps it.
    if (!headers.has('Cache-Control')) headers.set('Cache-Control', 'no-store');
    // HSTS only means something on https; over http (wrangler dev) browsers ignore it, so it is not sent there.
    if (new URL(c.req.url).protocol === 'https:') headers.set('Strict-Transport-Security', hsts);
  };
}
