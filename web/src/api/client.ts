/** The error envelope every `/api` and `/v1` failure returns. */
export interface ApiErrorBody {
  error: { code: string; message: string; requestId: string; issues?: unknown[] };
}

/** Codes the client itself produces when there is no usable envelope. */
export type ClientErrorCode = 'NETWORK_ERROR' | 'INVALID_RESPONSE';

/**
 * A failed API call. `status` is 0 when the server was never reached; `requestId` is null when the response
 * carried none (e.g. a proxy error page), otherwise it is the id to quote when reporting the problem.
 * @example if (err instanceof ApiError && err.status === 401) signOut()
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly requestId: string | null;
  readonly issues: unknown[] | undefined;

  constructor(opts: {
    status: number;
    code: string;
    message: string;
    requestId: string | null;
    issues?: unknown[];
  }) {
    super(opts.message);
    this.name = 'ApiError';
    this.status = opts.status;
    this.code = opts.code;
    this.requestId = opts.requestId;
    this.issues = opts.issues;
  }
}

export type QueryParams = Record<string, string | number | null | undefined>;

export interface RequestOptions {
  /** Omitted, null and empty-string values are left out of the URL. */
  query?: QueryParams;
  /** Sent as JSON. */
  body?: unknown;
  signal?: AbortSignal;
}

export interface ApiClient {
  request<T>(method: string, path: string, options?: RequestOptions): Promise<T>;
  get<T>(path: string, options?: Omit<RequestOptions, 'body'>): Promise<T>;
}

export interface ApiClientOptions {
  /** Read on every request, so signing in or out takes effect without recreating the client. */
  getToken: () => string | null;
  /** Called before a 401 is thrown, e.g. to forget a rejected token. */
  onUnauthorized?: (error: ApiError) => void;
  fetch?: typeof fetch;
}

const REQUEST_ID_HEADER = 'X-Request-Id';

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

function toApiError(response: Response, body: unknown): ApiError {
  const headerId = response.headers.get(REQUEST_ID_HEADER);
  if (isErrorBody(body)) {
    const { code, message, requestId, issues } = body.error;
    return new ApiError({ status: response.status, code, message, requestId: requestId || headerId, issues });
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
 * A small typed fetch wrapper for the Keepwell API: adds the bearer token, parses JSON and turns every failure
 * into an {@link ApiError}. Aborts are rethrown untouched so callers can ignore superseded requests.
 * @example
 * const api = createApiClient({ getToken: () => sessionStorage.getItem('keepwell.adminToken') });
 * const page = await api.get<AccountPage>('/api/accounts', { query: { q: 'acme', limit: 50 } });
 */
export function createApiClient(options: ApiClientOptions): ApiClient {
  // Wrapped rather than stored bare: calling an unbound window.fetch throws "Illegal invocation".
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));

  async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
    const headers = new Headers({ Accept: 'application/json' });
    const token = options.getToken();
    if (token) headers.set('Authorization', `Bearer ${token}`);
    if (opts.body !== undefined) headers.set('Content-Type', 'application/json');

    let response: Response;
    try {
      response = await doFetch(withQuery(path, opts.query), {
        method,
        headers,
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
    if (response.status === 401) options.onUnauthorized?.(error);
    throw error;
  }

  return {
    request,
    get: (path, opts) => request('GET', path, opts),
  };
}
