import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import {
  publicSubmitResultSchema,
  publicSurveyQuery,
  publicSurveySchema,
  submitAnswerInput,
  surveyTokenParam,
} from '../../shared/contracts/surveys';
import { acceptLanguages, LOCALE_PATTERN } from '../../shared/surveys';
import { getDb } from '../common/db';
import type { AppEnv } from '../common/env';
import { ApiError } from '../common/errors';
import { createRouter, defineRoute, jsonBody, jsonResponse } from '../common/openapi';
import { clientNetworkKey, rateLimit } from '../common/rate-limit';
import { readCappedBody } from '../common/read-body';
import { type LoadedLink, publicView, resolveToken, submitAnswer } from './answer';

/** The token segment of `/api/public/surveys/:token` (the rate-limit key is built before routing params). */
const tokenOf = (path: string) => path.slice(path.lastIndexOf('/') + 1);

/**
 * Largest body of an answer, bytes: a score, a comment of at most 2,000 characters (6 KB even in Chinese)
 * and a locale fit easily.
 * @example MAX_ANSWER_BYTES // 8192
 */
export const MAX_ANSWER_BYTES = 8192;

const clientIp = (c: Context<AppEnv>) => clientNetworkKey(c.req.header('CF-Connecting-IP'));

/**
 * The link of the path's token, or TOKEN_INVALID / TOKEN_EXPIRED. Route middleware, so it runs before the
 * route's validators: a bad token is refused whatever the query or body holds, and no body is read for it.
 */
const resolveLink = createMiddleware<AppEnv & { Variables: { link: LoadedLink } }>(async (c, next) => {
  c.set('link', await resolveToken(c.env, getDb(c.env.DB), c.req.param('token') ?? '', Date.now()));
  await next();
});

/**
 * Reads the answer with a streaming cap (a chunked body declares no length) into Hono's body cache, where
 * the route's JSON validator parses it from.
 */
const readAnswerBody = createMiddleware<AppEnv>(async (c, next) => {
  const text = new TextDecoder().decode(await readCappedBody(c.req.raw, MAX_ANSWER_BYTES));
  // Hono keeps each body read as a promise under its kind; `json()` parses the cached text.
  Object.assign(c.req.bodyCache, { text: Promise.resolve(text) });
  await next();
});

const tags = ['Public survey'];
const publicErrors = ['TOKEN_INVALID', 'TOKEN_EXPIRED', 'RATE_LIMITED', 'REQUEST_TOO_LARGE'] as const;

const readSurveyRoute = defineRoute({
  method: 'get',
  path: '/{token}',
  auth: 'public',
  tags,
  summary: 'Read a survey link',
  description:
    "What the public survey page shows: the survey's texts and scale and the respondent's own answer, nothing about the account or other answers. The texts' locale is `locale` (when a locale tag), else Accept-Language, else the contact's, else the survey's default. 404 TOKEN_INVALID for a tampered or unknown link, 410 TOKEN_EXPIRED past its expiry or when the survey is inactive. Rate-limited per client address and per address and token; never cached.",
  middleware: [resolveLink] as const,
  request: { params: surveyTokenParam, query: publicSurveyQuery },
  responses: { 200: jsonResponse(publicSurveySchema, 'The survey as the page shows it') },
  errors: publicErrors,
});

const submitAnswerRoute = defineRoute({
  method: 'post',
  path: '/{token}',
  auth: 'public',
  tags,
  summary: 'Answer a survey link',
  description: `Stores the answer (201), or changes it when sent again within 30 minutes of the first (200); later submits are 409 ALREADY_ANSWERED. The token is checked before the body is read, so a bad token stores nothing whatever the body holds. A body over ${MAX_ANSWER_BYTES} bytes is 400 REQUEST_TOO_LARGE. Raises the survey alert rules the answer triggers (an edit replaces the alerts of the earlier answer). Rate-limited per client address and per address and token; never cached.`,
  middleware: [resolveLink, readAnswerBody] as const,
  request: { params: surveyTokenParam, body: jsonBody(submitAnswerInput) },
  responses: {
    201: jsonResponse(publicSubmitResultSchema, 'The first answer, stored'),
    200: jsonResponse(publicSubmitResultSchema, 'The answer, changed within the edit window'),
  },
  errors: [...publicErrors, 'VALIDATION_FAILED', 'ALREADY_ANSWERED'],
});

/**
 * The public survey page's API, mounted outside the authenticated /api sub-app: no credentials, rate-limited
 * per client IP (any token, so made-up tokens are limited too) and per client IP and token, never cached.
 * A body over {@link MAX_ANSWER_BYTES} is refused before anything is read. Responses carry only the survey's
 * texts and the respondent's own answer. Tokens are checked before the body, so a bad token writes nothing.
 */
const router = createRouter();
router
  .use('*', async function noStore(c, next) {
    await next();
    c.header('Cache-Control', 'no-store');
    c.header('X-Robots-Tag', 'noindex');
  })
  .use(
    '*',
    rateLimit({
      binding: (c) => c.env.SURVEY_IP_RATE_LIMITER,
      key: clientIp,
      periodSeconds: 60,
      message: 'too many survey requests from this address; retry after the Retry-After delay',
    }),
  )
  .use('*', async function capDeclaredBody(c, next) {
    // Refused on the declared length alone, before the token check or a byte of the body is read.
    if (Number(c.req.header('Content-Length') ?? 0) > MAX_ANSWER_BYTES) {
      throw new ApiError({
        code: 'REQUEST_TOO_LARGE',
        message: `request body exceeds ${MAX_ANSWER_BYTES} bytes`,
      });
    }
    await next();
  })
  .use(
    '*',
    rateLimit({
      binding: (c) => c.env.SURVEY_RATE_LIMITER,
      key: (c) => `${clientIp(c)}|${tokenOf(c.req.path).slice(0, 300)}`,
      periodSeconds: 60,
      message: 'too many requests for this survey link; retry after the Retry-After delay',
    }),
  );

export const publicSurveyRoutes = router
  .openapi(readSurveyRoute, async (c) => {
    const query = c.req.valid('query').locale;
    const preferred = [
      ...(query && LOCALE_PATTERN.test(query) ? [query] : []),
      ...acceptLanguages(c.req.header('Accept-Language')),
    ];
    return c.json(publicView(c.get('link'), preferred, Date.now()), 200);
  })
  .openapi(submitAnswerRoute, async (c) => {
    const { result, first } = await submitAnswer(
      c.env,
      getDb(c.env.DB),
      c.get('link'),
      c.req.valid('json'),
      Date.now(),
    );
    return first ? c.json(result, 201) : c.json(result, 200);
  });
