import { Hono } from 'hono';
import { acceptLanguages, LOCALE_PATTERN } from '../../shared/surveys';
import { getDb } from '../db/client';
import type { AppEnv } from '../env';
import { rateLimit } from '../middleware/rate-limit';
import { publicView, resolveToken, submitAnswer } from '../surveys/answer';

/** The token segment of `/api/public/surveys/:token` (the rate-limit key is built before routing params). */
const tokenOf = (path: string) => path.slice(path.lastIndexOf('/') + 1);

/**
 * The public survey page's API, mounted outside the authenticated /api sub-app: no credentials, rate-limited
 * per client IP and token, never cached. Responses carry only the survey's texts and the respondent's own
 * answer. Tokens are checked before anything else, so a bad token writes nothing.
 */
export const publicSurveyRoutes = new Hono<AppEnv>()
  .use('*', async function noStore(c, next) {
    await next();
    c.header('Cache-Control', 'no-store');
    c.header('X-Robots-Tag', 'noindex');
  })
  .use(
    '*',
    rateLimit({
      binding: (c) => c.env.SURVEY_RATE_LIMITER,
      key: (c) => `${c.req.header('CF-Connecting-IP') ?? 'unknown'}|${tokenOf(c.req.path).slice(0, 300)}`,
      periodSeconds: 60,
      message: 'too many requests for this survey link; retry after the Retry-After delay',
    }),
  )
  .get('/:token', async (c) => {
    const now = Date.now();
    const loaded = await resolveToken(c.env, getDb(c.env.DB), c.req.param('token'), now);
    const query = c.req.query('locale');
    const preferred = [
      ...(query && LOCALE_PATTERN.test(query) ? [query] : []),
      ...acceptLanguages(c.req.header('Accept-Language')),
    ];
    return c.json(publicView(loaded, preferred, now));
  })
  .post('/:token', async (c) => {
    // Undefined = not JSON; reported after the token check, like any other bad body.
    const body: unknown = await c.req.json().catch(() => undefined);
    const { result, first } = await submitAnswer(
      c.env,
      getDb(c.env.DB),
      c.req.param('token'),
      body,
      Date.now(),
    );
    return c.json(result, first ? 201 : 200);
  });
