import type {
  PublicAnswerDto,
  PublicSubmitResult,
  PublicSurveyDto,
  SubmitAnswerInput,
} from '../../../shared/contracts/surveys';

// The survey page's two requests. A few lines of fetch rather than the admin client: the page sends no
// cookie or CSRF token, and must not pull admin code into its chunk. Types only from the contract (its zod
// schemas stay out of the bundle).

export type { PublicAnswerDto, PublicSubmitResult, PublicSurveyDto };

/**
 * A failed request: `status` 0 when the server was not reached; `code` the API's error code (TOKEN_INVALID,
 * TOKEN_EXPIRED, ALREADY_ANSWERED, RATE_LIMITED, …) or `NETWORK_ERROR`/`HTTP_<status>`.
 */
export class SurveyRequestError extends Error {
  readonly status: number;
  readonly code: string;
  readonly requestId: string | null;
  /** Seconds from `Retry-After` (429), null when absent. */
  readonly retryAfterSeconds: number | null;

  constructor(opts: {
    status: number;
    code: string;
    message: string;
    requestId?: string | null;
    retryAfterSeconds?: number | null;
  }) {
    super(opts.message);
    this.name = 'SurveyRequestError';
    this.status = opts.status;
    this.code = opts.code;
    this.requestId = opts.requestId ?? null;
    this.retryAfterSeconds = opts.retryAfterSeconds ?? null;
  }
}

/** What the page's submit sends: the score, the optional comment and the language it was answered in. */
export type SurveyAnswerInput = SubmitAnswerInput;

type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

async function call<T>(fetchFn: FetchLike, path: string, init: RequestInit): Promise<T> {
  let response: Response;
  try {
    // Public routes: no credentials to send, so none are (also keeps an admin's session cookie out of it).
    response = await fetchFn(path, { ...init, credentials: 'omit', cache: 'no-store' });
  } catch {
    throw new SurveyRequestError({ status: 0, code: 'NETWORK_ERROR', message: 'network error' });
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  if (response.ok && body !== undefined) return body as T;
  const error = (body as { error?: { code?: unknown; message?: unknown; requestId?: unknown } } | undefined)
    ?.error;
  const retryAfter = Number(response.headers.get('Retry-After'));
  throw new SurveyRequestError({
    status: response.status,
    code: typeof error?.code === 'string' ? error.code : `HTTP_${response.status}`,
    message: typeof error?.message === 'string' ? error.message : response.statusText,
    requestId: typeof error?.requestId === 'string' ? error.requestId : response.headers.get('X-Request-Id'),
    retryAfterSeconds: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null,
  });
}

const surveyPath = (token: string) => `/api/public/surveys/${encodeURIComponent(token)}`;

/**
 * `GET /api/public/surveys/:token`: the survey's texts and the respondent's own answer. `locale` (from the
 * link's `?lang=`) is the first preference for the texts; the browser's Accept-Language comes next.
 * @example const survey = await readSurvey('abc.def', 'zh-CN')
 */
export function readSurvey(
  token: string,
  locale: string | null,
  fetchFn: FetchLike = (input, init) => fetch(input, init),
): Promise<PublicSurveyDto> {
  const query = locale ? `?locale=${encodeURIComponent(locale)}` : '';
  return call<PublicSurveyDto>(fetchFn, `${surveyPath(token)}${query}`, {
    headers: { Accept: 'application/json' },
  });
}

/**
 * `POST /api/public/surveys/:token`: stores (or, within the edit window, changes) the answer.
 * @example await submitSurvey('abc.def', { score: 9, comment: 'Great support', locale: 'en' })
 */
export function submitSurvey(
  token: string,
  answer: SurveyAnswerInput,
  fetchFn: FetchLike = (input, init) => fetch(input, init),
): Promise<PublicSubmitResult> {
  return call<PublicSubmitResult>(fetchFn, surveyPath(token), {
    method: 'POST',
    headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
    body: JSON.stringify(answer),
  });
}
