import { createRoute, OpenAPIHono, type RouteConfig } from '@hono/zod-openapi';
import type { ZodType } from 'zod';
import { ERROR_STATUS, type ErrorCode, errorEnvelopeSchema } from '../../shared/contracts/errors';
import type { AppEnv } from './env';
import { validationHook } from './validate';

/**
 * A router of routes declared once with `createRoute` (or {@link defineRoute}): requests are validated through
 * the project's one hook ({@link validationHook}), handlers are typed by the declared responses, and the
 * declarations make the OpenAPI document at `/api/openapi.json`.
 * @example export const sourceRoutes = createRouter().openapi(listSources, async (c) => c.json({ items }, 200))
 */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
}

/**
 * A required JSON request body. A request with no body is validated as `{}` (so an all-optional schema
 * accepts it); a body of another media type is 415 UNSUPPORTED_MEDIA_TYPE.
 * @example request: { body: jsonBody(createSourceInput) }
 */
export function jsonBody<T extends ZodType>(schema: T, description?: string) {
  return {
    required: true,
    ...(description ? { description } : {}),
    content: { 'application/json': { schema } },
  } as const;
}

/**
 * A JSON response.
 * @example responses: { 200: jsonResponse(sourceListSchema, 'The sources, newest first') }
 */
export function jsonResponse<T extends ZodType>(schema: T, description: string) {
  return { description, content: { 'application/json': { schema } } } as const;
}

/** Who may call a route: a member/API token (`/api`), nobody in particular (public), or a write key (`/v1`). */
export type RouteAuth = 'member' | 'public' | 'writeKey';

// What every route of a kind may answer besides its own errors: the auth middleware's refusals and a 500.
const AUTH_ERRORS: Record<RouteAuth, ErrorCode[]> = {
  member: ['UNAUTHORIZED', 'FORBIDDEN', 'CSRF_FAILED'],
  public: [],
  writeKey: ['INVALID_WRITE_KEY', 'RATE_LIMITED'],
};

/**
 * The error responses of `codes`, grouped by their status, each the error envelope with exactly those codes.
 * @example responses: { 200: …, ...errorResponses(['NOT_FOUND', 'VALIDATION_FAILED']) }
 */
export function errorResponses(codes: readonly ErrorCode[]) {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of new Set(codes)) {
    const status = ERROR_STATUS[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return Object.fromEntries(
    [...byStatus].map(([status, list]) => [
      status,
      jsonResponse(errorEnvelopeSchema(list), `Error: ${list.map((c) => `\`${c}\``).join(', ')}`),
    ]),
  );
}

/**
 * `createRoute` with the error responses every route of its kind can give added to the route's own: the
 * validation errors when it takes a body, query or path parameters (and 415 for a body), the auth errors of
 * `auth` and INTERNAL_ERROR. `errors` lists what the handler itself throws.
 * @example export const getSource = defineRoute({ method: 'get', path: '/{id}', …, errors: ['NOT_FOUND'] })
 */
export function defineRoute<R extends RouteConfig>(
  config: R & { auth?: RouteAuth; errors?: readonly ErrorCode[] },
) {
  const { auth = 'member', errors = [], ...route } = config;
  const request = route.request;
  const codes: ErrorCode[] = [...AUTH_ERRORS[auth], ...errors, 'INTERNAL_ERROR'];
  if (request?.body) codes.push('INVALID_JSON', 'VALIDATION_FAILED', 'UNSUPPORTED_MEDIA_TYPE');
  if (request?.query || request?.params) codes.push('VALIDATION_FAILED');
  // Typed as the route's own config: handlers return only its success responses; errors are thrown.
  const full = {
    ...route,
    ...(auth === 'member' ? {} : { security: auth === 'public' ? [] : [{ writeKey: [] }] }),
    responses: { ...errorResponses(codes), ...route.responses },
  } as unknown as R;
  return createRoute(full);
}
