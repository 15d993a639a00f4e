import { z } from 'zod';
import { ApiError } from '../common/errors';
import { createRouter, defineRoute } from '../common/openapi';

/** The browser builds sdk/build.mjs copies into the SPA's assets (web/dist/sdk/). */
export const SDK_FILES = ['keepwell.iife.min.js', 'keepwell.min.js', 'keepwell.js'] as const;

/** A versioned URL never changes content: browsers and CDNs may keep it a year without asking again. */
export const SDK_IMMUTABLE_CACHE = 'public, max-age=31536000, immutable';
/** The unversioned alias follows upgrades: kept 5 minutes. */
export const SDK_ALIAS_CACHE = 'public, max-age=300';

const tags = ['SDK'];
const file = z
  .enum(SDK_FILES)
  .meta({ description: 'A browser build: the script-tag IIFE or the ESM module.' });
const version = z
  .string()
  .regex(/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/)
  .meta({ example: '0.1.0' });
const script = (description: string) => ({
  description,
  content: { 'application/javascript': { schema: z.string() } },
});

const aliasRoute = defineRoute({
  method: 'get',
  path: '/{file}',
  auth: 'public',
  tags,
  summary: 'The Keepwell SDK, current version',
  description: `The SDK this installation ships, for a script tag or an ESM import on any site (CORS \`*\`). Cached 5 minutes (\`${SDK_ALIAS_CACHE}\`), so pages pick up an upgrade; pin \`/sdk/{version}/{file}\` for a year-long cache.`,
  request: { params: z.object({ file }) },
  errors: ['NOT_FOUND'],
  responses: { 200: script('The script'), 304: { description: 'Not modified (ETag)' } },
});

const versionedRoute = defineRoute({
  method: 'get',
  path: '/{version}/{file}',
  auth: 'public',
  tags,
  summary: 'The Keepwell SDK, one version',
  description: `Immutable (\`${SDK_IMMUTABLE_CACHE}\`), CORS \`*\`. Only the version this installation ships exists; others are 404.`,
  request: { params: z.object({ version, file }) },
  errors: ['NOT_FOUND'],
  responses: { 200: script('The script'), 304: { description: 'Not modified (ETag)' } },
});

/**
 * The file from the static assets, with the headers of a script other sites load. The assets answer the SPA's
 * index.html for a path they lack (single-page-application fallback): that is a 404 here, never HTML cached
 * for a year under a script's URL.
 */
async function serve(assets: Fetcher, request: Request, cacheControl: string): Promise<Response> {
  const headers = new Headers();
  const etag = request.headers.get('If-None-Match');
  if (etag) headers.set('If-None-Match', etag);
  const found = await assets.fetch(new Request(request.url, { headers }));
  const isScript = /javascript/.test(found.headers.get('Content-Type') ?? '');
  if (found.status !== 304 && !(found.ok && isScript)) {
    throw new ApiError({ code: 'NOT_FOUND', message: 'this installation serves no such SDK file' });
  }
  const res = new Response(found.status === 304 ? null : found.body, { status: found.status });
  if (isScript) res.headers.set('Content-Type', 'application/javascript; charset=utf-8');
  const foundEtag = found.headers.get('ETag');
  if (foundEtag) res.headers.set('ETag', foundEtag);
  res.headers.set('Cache-Control', cacheControl);
  // Any site may load the script, with or without `crossorigin` (for error details and SRI), and embed it
  // under Cross-Origin-Embedder-Policy.
  res.headers.set('Access-Control-Allow-Origin', '*');
  res.headers.set('Cross-Origin-Resource-Policy', 'cross-origin');
  return res;
}

/**
 * `/sdk/*`: the SDK every installation serves, like analytics.js from its CDN, so a customer's page needs only
 * a script tag pointing at its Keepwell host. The files are static assets (sdk/build.mjs); the Worker answers
 * first (wrangler.toml `run_worker_first`) to set the cache and CORS headers and to 404 what does not exist.
 * The security headers middleware still applies (nosniff, a CSP that loads nothing).
 */
export const sdkRoutes = createRouter()
  .openapi(aliasRoute, (c) => serve(c.env.ASSETS, c.req.raw, SDK_ALIAS_CACHE))
  .openapi(versionedRoute, (c) => serve(c.env.ASSETS, c.req.raw, SDK_IMMUTABLE_CACHE));
