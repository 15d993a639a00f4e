import type { ErrorCode, ErrorEnvelope } from '../../../shared/contracts/errors';

export type { ErrorCode };

/** The error envelope every `/api` and `/v1` failure returns (shared/contracts/errors.ts). */
export type ApiErrorBody = ErrorEnvelope;

/** Codes the client itself produces when there is no usable envelope (`HTTP_502` from a proxy's error page). */
export type ClientErrorCode = 'NETWORK_ERROR' | 'INVALID_RESPONSE' | `HTTP_${number}`;

/**
 * A failed API call. `status` is 0 when the server was never reached; `requestId` is null when the response
 * carried none (e.g. a proxy error page), otherwise it is the id to quote when reporting the problem.
 * @example if (err instanceof ApiError && err.status === 401) signOut()
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode | ClientErrorCode;
  readonly requestId: string | null;
  readonly issues: unknown[] | undefined;
  /** Seconds from the `Retry-After` header (e.g. on 429 TOO_MANY_ATTEMPTS); null when absent. */
  readonly retryAfterSeconds: number | null;

  constructor(opts: {
    status: number;
    code: ErrorCode | ClientErrorCode;
    message: string;
    requestId: string | null;
    issues?: unknown[];
    retryAfterSeconds?: number | null;
  }) {
    super(opts.message);
    this.name = 'ApiError';
    this.status = opts.status;
    this.code = opts.code;
    this.requestId = opts.requestId;
    this.issues = opts.issues;
    this.retryAfterSeconds = opts.retryAfterSeconds ?? null;
  }
}

export type QueryParams = Record<string, string | number | null | undefined>;

export interface RequestOptions {
  /** Omitted, null and empty-string values are left out of the URL. */
  query?: QueryParams;
  /** Sent as JSON. */
  body?: unknown;
  /** Extra headers, e.g. the bootstrap `Authorization` of first-run setup. */
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

type BodylessOptions = Omit<RequestOptions, 'body'>;

export interface ApiClient {
  request<T>(method: string, path: string, options?: RequestOptions): Promise<T>;
  get<T>(path: string, options?: BodylessOptions): Promise<T>;
  post<T>(path: string, body?: unknown, options?: BodylessOptions): Promise<T>;
  put<T>(path: string, body?: unknown, options?: BodylessOptions): Promise<T>;
  patch<T>(path: string, body?: unknown, options?: BodylessOptions): Promise<T>;
  delete<T = void>(path: string, options?: BodylessOptions): Promise<T>;
}

export interface ApiClientOptions {
  /**
   * The session's CSRF token, read on every request so signing in or out needs no new client.
   * Sent as `X-CSRF-Token` on every method but GET and HEAD (the API refuses cookie-authenticated writes without it).
   */
  getCsrfToken: () => string | null;
  /** Called before a 401 is thrown, with the request path, e.g. to send the user back to sign-in. */
  onUnauthorized?: (error: ApiError, path: string) => void;
  fetch?: typeof fetch;
}

const REQUEST_ID_HEADER = 'X-Request-Id';
const CSRF_HEADER = 'X-CSRF-Token';
const SAFE_METHODS = new Set(['GET', 'HEAD']);

function isErrorBody(value: unknown): value is ApiErrorBody {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error = value.error;
  return (
    typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    typeof error.code === 'string' &&
    'message' in error &&
    typeof error.message === 'string'
  );
}

function withQuery(path: string, query: QueryParams | undefined): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function retryAfter(response: Response): number | null {
  const value = Number(response.headers.get('Retry-After'));
  return Number.isFinite(value) && value > 0 ? value : null;
}

function toApiError(response: Response, body: unknown): ApiError {
  const headerId = response.headers.get(REQUEST_ID_HEADER);
  if (isErrorBody(body)) {
    const { code, message, requestId, issues } = body.error;
    return new ApiError({
      status: response.status,
      code,
      message,
      requestId: requestId || headerId,
      issues,
      retryAfterSeconds: retryAfter(response),
    });
  }
  return new ApiError({
    status: response.status,
    code: response.ok ? 'INVALID_RESPONSE' : `HTTP_${response.status}`,
    message: response.ok
      ? 'The API answered with something other than JSON.'
      : `The API answered ${response.status} ${response.statusText}`.trim(),
    requestId: headerId,
  });
}

/**
 * A small typed fetch wrapper for the Keepwell API. The session is the HttpOnly `kw_session` cookie (sent because
 * the SPA and API share an origin); writes carry the session's CSRF token. Parses JSON and turns every failure into
 * an {@link ApiError}. Aborts are rethrown untouched so callers can ignore superseded requests.
 * @example
 * const api = createApiClient({ getCsrfToken: () => auth.csrfToken });
 * const page = await api.get<AccountListPage>('/api/accounts', { query: { q: 'acme', limit: 50 } });
 */
export function createApiClient(options: ApiClientOptions): ApiClient {
  // Wrapped rather than stored bare: calling an unbound window.fetch throws "Illegal invocation".
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));

  async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
    const upperMethod = method.toUpperCase();
    const headers = new Headers({ Accept: 'application/json', ...opts.headers });
    if (!SAFE_METHODS.has(upperMethod)) {
      const csrf = options.getCsrfToken();
      if (csrf) headers.set(CSRF_HEADER, csrf);
    }
    if (opts.body !== undefined) headers.set('Content-Type', 'application/json');

    let response: Response;
    try {
      response = await doFetch(withQuery(path, opts.query), {
        method: upperMethod,
        headers,
        credentials: 'same-origin',
        body: opts.body === undefined ? null : JSON.stringify(opts.body),
        signal: opts.signal ?? null,
      });
    } catch (err) {
      if (opts.signal?.aborted) throw err;
      throw new ApiError({
        status: 0,
        code: 'NETWORK_ERROR',
        message: 'Could not reach the Keepwell API. Check your connection, or that `npm start` is running.',
        requestId: null,
      });
    }

    const body = await readJson(response);
    if (response.ok && (body !== undefined || response.status === 204)) return body as T;
    const error = toApiError(response, body);
    if (response.status === 401) options.onUnauthorized?.(error, path);
    throw error;
  }

  return {
    request,
    get: (path, opts) => request('GET', path, opts),
    post: (path, body, opts) => request('POST', path, { ...opts, body }),
    put: (path, body, opts) => request('PUT', path, { ...opts, body }),
    patch: (path, body, opts) => request('PATCH', path, { ...opts, body }),
    delete: (path, opts) => request('DELETE', path, opts),
  };
}
