import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** Stable error codes of the API, each mapped to one HTTP status. */
export const ERROR_STATUS = {
  BAD_REQUEST: 400,
  INVALID_JSON: 400,
  VALIDATION_FAILED: 400,
  REQUEST_TOO_LARGE: 400,
  MESSAGE_TOO_LARGE: 400,
  BATCH_TOO_LARGE: 400,
  INVALID_GZIP: 400,
  UNAUTHORIZED: 401,
  INVALID_WRITE_KEY: 401,
  INVALID_CREDENTIALS: 401,
  FORBIDDEN: 403,
  CSRF_FAILED: 403,
  NOT_FOUND: 404,
  TOKEN_INVALID: 404,
  CONFLICT: 409,
  ALREADY_ANSWERED: 409,
  ALREADY_SET_UP: 409,
  LAST_ADMIN: 409,
  INVITE_INVALID: 410,
  TOKEN_EXPIRED: 410,
  RATE_LIMITED: 429,
  TOO_MANY_ATTEMPTS: 429,
  INTERNAL_ERROR: 500,
  SERVICE_UNAVAILABLE: 503,
} as const satisfies Record<string, ContentfulStatusCode>;

export type ErrorCode = keyof typeof ERROR_STATUS;

/**
 * The one error type handlers throw; `onError` renders it as `{ error: { code, message, requestId, issues? } }`.
 * @example throw new ApiError({ code: 'NOT_FOUND', message: 'no account "acme"' })
 */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly issues?: unknown[];
  readonly headers?: Record<string, string>;

  constructor(opts: {
    code: ErrorCode;
    message: string;
    issues?: unknown[];
    headers?: Record<string, string>;
  }) {
    super(opts.message);
    this.name = 'ApiError';
    this.code = opts.code;
    this.issues = opts.issues;
    this.headers = opts.headers;
  }

  get status(): ContentfulStatusCode {
    return ERROR_STATUS[this.code];
  }
}

/** Renders an error envelope; unknown errors become INTERNAL_ERROR without leaking details. */
export function errorResponse(c: Context, err: unknown): Response {
  const requestId = (c.get('requestId') as string | undefined) ?? 'unknown';
  if (err instanceof ApiError) {
    const body = {
      error: {
        code: err.code,
        message: err.message,
        requestId,
        ...(err.issues ? { issues: err.issues } : {}),
      },
    };
    return c.json(body, err.status, err.headers);
  }
  // Hono's own 4xx (e.g. the validator's "Malformed JSON in request body") get the envelope, not a 500.
  if (err instanceof HTTPException && err.status >= 400 && err.status < 500) {
    const code =
      err.status === 400
        ? /json/i.test(err.message)
          ? 'INVALID_JSON'
          : 'BAD_REQUEST'
        : `HTTP_${err.status}`;
    return c.json({ error: { code, message: err.message || 'bad request', requestId } }, err.status);
  }
  console.error(JSON.stringify({ requestId, error: err instanceof Error ? err.stack : String(err) }));
  return c.json({ error: { code: 'INTERNAL_ERROR', message: 'internal error', requestId } }, 500);
}
