import { z } from 'zod';
import { authenticate } from '../auth/authenticate';
import { ApiError, errorResponse } from '../common/errors';
import { createRouter, defineRoute, jsonBody, jsonResponse } from '../common/openapi';
import { requestId } from '../common/request-id';
import { securityHeaders } from '../common/security-headers';
import { ingestCors, ingestJsonBody } from '../ingest/edge';
import { holdDelivery } from './delivery-hold';

const hold = defineRoute({
  method: 'post',
  path: '/v1/bench/hold',
  tags: ['Benchmark'],
  summary: 'Hold delivery of the ingest queue',
  description: 'Newly queued ingest messages wait until the hold ends (0 releases it). Admins only.',
  middleware: [
    authenticate(),
    async (c, next) => {
      if (c.get('actor')?.role !== 'admin')
        throw c.get('authFailure') ?? new ApiError({ code: 'UNAUTHORIZED', message: 'an admin is required' });
      await next();
    },
  ],
  request: {
    body: jsonBody(
      z.object({
        /** How long from now newly queued ingest messages are held back (at most 10 minutes). */
        holdMs: z.number().int().min(0).max(600_000),
      }),
    ),
  },
  responses: { 200: jsonResponse(z.object({ holdUntil: z.number() }), 'The hold ends then (epoch ms)') },
});

/**
 * The routes only the benchmark's entry (./index.ts) serves, with the production app's headers, request ids
 * and error envelope:
 * - `POST /v1/noop`, the baseline: the ingest routes' CORS and body parse, nothing else;
 * - `POST /v1/bench/hold`, which pauses delivery of the ingest queue, so a burst of requests builds a
 *   backlog whose drain the benchmark can time.
 */
export function createBenchApp() {
  const app = createRouter();
  app
    .use('*', securityHeaders())
    .use('*', requestId())
    .onError((err, c) => errorResponse(c, err))
    .notFound((c) =>
      errorResponse(
        c,
        new ApiError({ code: 'NOT_FOUND', message: `no route for ${c.req.method} ${c.req.path}` }),
      ),
    );
  app.post('/v1/noop', ingestCors(), ingestJsonBody(), (c) => c.json({ success: true }));
  return app.openapi(hold, (c) => {
    const { holdMs } = c.req.valid('json');
    const until = holdMs === 0 ? 0 : Date.now() + holdMs;
    holdDelivery(until);
    return c.json({ holdUntil: until }, 200);
  });
}
