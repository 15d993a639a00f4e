import { z } from 'zod';

/**
 * Stable error codes of the API, each mapped to the one HTTP status it is sent with. The worker throws them,
 * the OpenAPI document lists them per route, and the SPA's client narrows on them.
 * @example ERROR_STATUS.NOT_FOUND // 404
 */
export const ERROR_STATUS = {
  BAD_REQUEST: 400,
  INVALID_JSON: 400,
  VALIDATION_FAILED: 400,
  REQUEST_TOO_LARGE: 400,
  MESSAGE_TOO_LARGE: 400,
  BATCH_TOO_LARGE: 400,
  INVALID_GZIP: 400,
  WEBHOOK_URL_REFUSED: 400,
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
  TOO_FEW_OUTCOMES: 422,
  TOKEN_EXPIRED: 410,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  TOO_MANY_ATTEMPTS: 429,
  INTERNAL_ERROR: 500,
  SERVICE_UNAVAILABLE: 503,
} as const;

/** One of the API's error codes. */
export type ErrorCode = keyof typeof ERROR_STATUS;

/** Every error code, in the order of {@link ERROR_STATUS}. */
export const ERROR_CODES = Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]];

/** An HTTP status some error code is sent with. */
export type ErrorStatus = (typeof ERROR_STATUS)[ErrorCode];

/**
 * One problem of a rejected input: where (`path`), what kind (`code`, zod's or the API's own, e.g.
 * `too_deep`, `TOO_DEEP`, `WEIGHTS_SUM`) and a sentence. Batch ingest adds the message's `index`.
 */
export const errorIssueSchema = z
  .looseObject({
    path: z.array(z.union([z.string(), z.number()])).optional(),
    code: z.string().optional(),
    message: z.string().optional(),
    index: z.number().int().optional(),
  })
  .meta({ id: 'ErrorIssue', description: 'One problem of a rejected input.' });

/**
 * The error envelope of every 4xx and 5xx answer, with the codes a route may send at that status.
 * @example errorEnvelopeSchema(['NOT_FOUND']).parse({ error: { code: 'NOT_FOUND', message: 'no account', requestId: 'r1' } })
 */
export function errorEnvelopeSchema(codes: readonly ErrorCode[] = ERROR_CODES) {
  return z.object({
    error: z.object({
      code: z.enum(codes as [ErrorCode, ...ErrorCode[]]),
      message: z.string().meta({ description: 'What went wrong, for a person.' }),
      requestId: z.string().meta({ description: 'Quote it when reporting a problem (also X-Request-Id).' }),
      issues: z.array(errorIssueSchema).optional(),
    }),
  });
}

/** The error envelope `{ error: { code, message, requestId, issues? } }`. */
export type ErrorEnvelope = z.infer<ReturnType<typeof errorEnvelopeSchema>>;
