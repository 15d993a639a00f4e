import type { OpenAPIHono } from '@hono/zod-openapi';
import { requirementFor } from '../auth/roles';
import type { AppEnv } from '../common/env';

type Document = ReturnType<OpenAPIHono<AppEnv>['getOpenAPI31Document']>;

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

const registered = new WeakSet<OpenAPIHono<AppEnv>>();

/** The security schemes every operation names (the document's default: a member, by session or token). */
function registerSecuritySchemes(app: OpenAPIHono<AppEnv>): void {
  if (registered.has(app)) return;
  registered.add(app);
  const register = app.openAPIRegistry.registerComponent.bind(app.openAPIRegistry, 'securitySchemes');
  register('session', {
    type: 'apiKey',
    in: 'cookie',
    name: 'kw_session',
    description: 'Browser session from POST /api/auth/sign-in (HttpOnly, Secure, SameSite=Strict).',
  });
  register('csrf', {
    type: 'apiKey',
    in: 'header',
    name: 'X-CSRF-Token',
    description:
      'Required with the session cookie on every method but GET and HEAD: the `csrfToken` of sign-in.',
  });
  register('bearer', {
    type: 'http',
    scheme: 'bearer',
    description:
      'An API token (`kw_at_…`, POST /api/tokens; acts with its role for its creator) or the break-glass ADMIN_TOKEN.',
  });
  register('writeKey', {
    type: 'http',
    scheme: 'basic',
    description:
      "A source's write key as the Basic user name, password empty (or `writeKey` in the JSON body).",
  });
}

/**
 * The OpenAPI 3.1 document of `app`, built once per isolate: every route declared with `createRoute`, the
 * security schemes, and on each `/api` operation the role the role table requires (`x-keepwell-role`, also
 * said in its description).
 * @example const doc = openApiDocument(app); doc.paths['/api/sources'].post
 */
export function openApiDocument(app: OpenAPIHono<AppEnv>): Document {
  registerSecuritySchemes(app);
  const doc = app.getOpenAPI31Document({
    openapi: '3.1.0',
    info: {
      title: 'Keepwell API',
      version: '1',
      description:
        'The admin API (`/api`), the public survey endpoints (`/api/public`) and the Segment/RudderStack-compatible ingest API (`/v1`) of a Keepwell installation. Every error is `{ error: { code, message, requestId, issues? } }`.',
    },
    security: [{ session: [], csrf: [] }, { bearer: [] }],
  });
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    if (!path.startsWith('/api/')) continue;
    const honoPath = path.replace(/\{([^}]+)\}/g, ':$1');
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const role = requirementFor(method.toUpperCase(), honoPath);
      Object.assign(operation, { 'x-keepwell-role': role });
      const who =
        role === 'public'
          ? 'No credentials needed.'
          : role === 'admin-token'
            ? 'Needs the ADMIN_TOKEN bearer.'
            : `Needs the \`${role}\` role or higher.`;
      operation.description = operation.description ? `${operation.description}\n\n${who}` : who;
    }
  }
  return doc;
}
