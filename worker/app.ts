import { Hono } from 'hono';
import type { AppEnv } from './env';
import { ApiError, errorResponse } from './errors';
import { adminAuth } from './middleware/admin-auth';
import { requestId } from './middleware/request-id';
import { accountHealthRoutes, metricsRoutes } from './routes/account-health';
import { accountRoutes } from './routes/accounts';
import { alertRoutes } from './routes/alerts';
import { auditRoutes } from './routes/audit';
import { featureRoutes } from './routes/features';
import { modelRoutes, segmentRoutes } from './routes/health-config';
import { ingestRoutes } from './routes/ingest';
import { ingestAdminRoutes } from './routes/ingest-admin';
import { portfolioRoutes, scoringRoutes } from './routes/scoring';
import { sourceRoutes } from './routes/sources';

/** Admin API: everything under /api except the health check requires the admin bearer token. */
const adminRoutes = new Hono<AppEnv>()
  .use('*', adminAuth())
  .route('/sources', sourceRoutes)
  .route('/accounts', accountRoutes)
  .route('/accounts', accountHealthRoutes)
  .route('/metrics', metricsRoutes)
  .route('/features', featureRoutes)
  .route('/ingest', ingestAdminRoutes)
  .route('/models', modelRoutes)
  .route('/segments', segmentRoutes)
  .route('/scoring', scoringRoutes)
  .route('/portfolio', portfolioRoutes)
  .route('/audit', auditRoutes)
  .route('/alerts', alertRoutes);

/**
 * Builds the Hono app: request ids, one error envelope for every failure, and the routes by resource.
 * @example const res = await createApp().request('/api/health')
 */
export function createApp() {
  return new Hono<AppEnv>()
    .use('*', requestId())
    .onError((err, c) => errorResponse(c, err))
    .notFound((c) =>
      errorResponse(
        c,
        new ApiError({ code: 'NOT_FOUND', message: `no route for ${c.req.method} ${c.req.path}` }),
      ),
    )
    .get('/api/health', (c) => c.json({ ok: true }))
    .route('/v1', ingestRoutes)
    .route('/api', adminRoutes);
}

export type AppType = ReturnType<typeof createApp>;
