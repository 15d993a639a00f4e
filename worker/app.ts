import { Hono } from 'hono';
import type { AppEnv } from './env';
import { ApiError, errorResponse } from './errors';
import { authenticate } from './middleware/auth';
import { requestId } from './middleware/request-id';
import { authorize } from './middleware/roles';
import { accountHealthRoutes, metricsRoutes } from './routes/account-health';
import { accountInsightRoutes } from './routes/account-insight';
import { accountRoutes } from './routes/accounts';
import { alertRoutes } from './routes/alerts';
import { auditRoutes } from './routes/audit';
import { authRoutes } from './routes/auth';
import { dashboardRoutes } from './routes/dashboard';
import { featureRoutes } from './routes/features';
import { modelRoutes, segmentRoutes } from './routes/health-config';
import { ingestRoutes } from './routes/ingest';
import { ingestAdminRoutes } from './routes/ingest-admin';
import { ingestBenchRoutes } from './routes/ingest-bench';
import { memberRoutes } from './routes/members';
import { publicSurveyRoutes } from './routes/public-surveys';
import { portfolioRoutes, scoringRoutes } from './routes/scoring';
import { settingsRoutes } from './routes/settings';
import { sourceRoutes } from './routes/sources';
import { surveyRoutes } from './routes/surveys';
import { tokenRoutes } from './routes/tokens';

/**
 * Admin API. Every route needs the role worker/middleware/roles.ts assigns it (default: reads viewer, writes
 * admin); a member session, API token, Cloudflare Access JWT or the ADMIN_TOKEN bearer supplies the actor.
 */
const adminRoutes = new Hono<AppEnv>()
  .use('*', authenticate())
  .use('*', authorize())
  .route('/auth', authRoutes)
  .route('/members', memberRoutes)
  .route('/tokens', tokenRoutes)
  .route('/sources', sourceRoutes)
  .route('/accounts', accountRoutes)
  .route('/accounts', accountHealthRoutes)
  .route('/accounts', accountInsightRoutes)
  .route('/dashboard', dashboardRoutes)
  .route('/metrics', metricsRoutes)
  .route('/features', featureRoutes)
  .route('/ingest', ingestAdminRoutes)
  .route('/models', modelRoutes)
  .route('/segments', segmentRoutes)
  .route('/scoring', scoringRoutes)
  .route('/portfolio', portfolioRoutes)
  .route('/audit', auditRoutes)
  .route('/alerts', alertRoutes)
  .route('/surveys', surveyRoutes)
  .route('/settings', settingsRoutes);

/**
 * Builds the Hono app: request ids, one error envelope for every failure, and the routes by resource.
 * @example const res = await createApp().request('/api/health')
 */
export function createApp() {
  // The public survey routes come before /api so they never reach the auth middleware (no credentials).
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
    .route('/v1/bench', ingestBenchRoutes)
    .route('/v1', ingestRoutes)
    .route('/api/public/surveys', publicSurveyRoutes)
    .route('/api', adminRoutes);
}

export type AppType = ReturnType<typeof createApp>;
