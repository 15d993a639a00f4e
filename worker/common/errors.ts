import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

import { ERROR_STATUS, type ErrorCode } from '../../shared/contracts/errors';

export { ERROR_STATUS, type ErrorCode };

// The first code of each status, for Hono's own HTTPExceptions that carry only a status.
const ERROR_CODE_OF_STATUS = new Map<number, ErrorCode>(
  (Object.entries(ERROR_STATUS) as [ErrorCode, number][]).reverse().map(([code, status]) => [status, code]),
);

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
  // Hono's own 4xx (the JSON validator's "Malformed JSON in request body", the OpenAPI router's 415 for a body
  // of another type) get the envelope with one of the API's codes, never a 500.
  if (err instanceof HTTPException && err.status >= 400 && err.status < 500) {
    const code: ErrorCode =
      err.status === 400
        ? /json/i.test(err.message)
          ? 'INVALID_JSON'
          : 'BAD_REQUEST'
        : err.status === 415
          ? 'UNSUPPORTED_MEDIA_TYPE'
          : (ERROR_CODE_OF_STATUS.get(err.status) ?? 'BAD_REQUEST');
    const message =
      code === 'UNSUPPORTED_MEDIA_TYPE'
        ? 'send the body as JSON with Content-Type: application/json'
        : err.message || 'bad request';
    return c.json({ error: { code, message, requestId } }, ERROR_STATUS[code]);
  }
  console.error(JSON.stringify({ requestId, error: err instanceof Error ? err.stack : String(err) }));
  return c.json({ error: { code: 'INTERNAL_ERROR', message: 'internal error', requestId } }, 500);
}
