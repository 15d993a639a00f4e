/** The Pages project's bindings (pages/wrangler.toml): the Keepwell Worker, by service binding. */
export interface ForwardEnv {
  KEEPWELL: { fetch(request: Request): Promise<Response> };
}

/**
 * Hands a request to the Keepwell Worker unchanged (method, URL with the Pages host, headers with the
 * session cookie, CSRF header and client IP, body) and returns its answer unchanged (Set-Cookie included), so
 * the SPA on Pages and the API share one origin: the admin cookie (SameSite=Strict, no Domain) stays
 * first-party and survey links are built on the Pages host. A service binding never leaves Cloudflare and
 * needs no public Worker URL. Mounted on the paths the Worker runs first (wrangler.toml `run_worker_first`);
 * every other path is a static file of web/dist, with Pages' own SPA fallback.
 * @example export const onRequest = forwardToWorker; // pages/functions/api/[[path]].ts
 */
export function forwardToWorker(context: { request: Request; env: ForwardEnv }): Promise<Response> {
  return context.env.KEEPWELL.fetch(context.request);
}
