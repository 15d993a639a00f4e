import { z } from 'zod';
import { accountHealthRoutes, metricsRoutes } from './accounts/health-routes';
import { accountInsightRoutes } from './accounts/insight-routes';
import { accountRoutes } from './accounts/routes';
import { alertRoutes } from './alerts/routes';
import { openApiDocument } from './api-docs/document';
import { apiDocsRoutes } from './api-docs/routes';
import { auditRoutes } from './audit/routes';
import { authenticate } from './auth/authenticate';
import { memberRoutes } from './auth/members-routes';
import { authorize } from './auth/roles';
import { authRoutes } from './auth/routes';
import { tokenRoutes } from './auth/tokens-routes';
import { d1Session } from './common/d1-session';
import { ApiError, errorResponse } from './common/errors';
import { createRouter, defineRoute, jsonResponse } from './common/openapi';
import { requestId } from './common/request-id';
import { securityHeaders } from './common/security-headers';
import { contactRoutes } from './contacts/routes';
import { dashboardRoutes } from './dashboard/routes';
import { demoRoutes } from './demo/routes';
import { ingestAdminRoutes } from './ingest/admin-routes';
import { replayRoutes } from './ingest/replay-routes';
import { ingestRoutes } from './ingest/routes';
import { sourceRoutes } from './ingest/sources-routes';
import { unsubscribeRoutes } from './mail/public-routes';
import { mailRoutes, mailSettingsRoutes } from './mail/routes';
import { surveyInvitationRoutes } from './mail/survey-invitations';
import { modelRoutes, segmentRoutes } from './models/routes';
import { accountRevenueRoutes } from './revenue/account-routes';
import { importRoutes } from './revenue/imports-routes';
import { revenueMetricsRoutes } from './revenue/metrics-routes';
import { revenueRoutes } from './revenue/routes';
import { revenueSettingsRoutes } from './revenue/settings-routes';
import { portfolioRoutes, scoringRoutes } from './scoring/routes';
import { sdkRoutes } from './sdk/routes';
import { featureRoutes } from './settings/features-routes';
import { settingsRoutes } from './settings/routes';
import { studioRoutes } from './studio/routes';
import { segmentMatchRoutes } from './studio/segment-routes';
import { versionRoutes } from './studio/versions-routes';
import { promoterRoutes } from './surveys/promoters-routes';
import { publicSurveyRoutes } from './surveys/public-routes';
import { surveyRoutes } from './surveys/routes';
import { alertTaskRoutes } from './tasks/alert-task-routes';
import { accountGoalRoutes, goalRoutes } from './tasks/goals-routes';
import { taskRoutes } from './tasks/routes';

/**
 * Admin API. Every route needs the role worker/auth/roles.ts assigns it (default: reads viewer, writes
 * admin); a member session, API token, Cloudflare Access JWT or the ADMIN_TOKEN bearer supplies the actor.
 */
function adminRoutes(document: () => object) {
  return (
    createRouter()
      .use('*', d1Session())
      .use('*', authenticate())
      .use('*', authorize())
      .route('/auth', authRoutes)
      .route('/members', memberRoutes)
      .route('/tokens', tokenRoutes)
      .route('/sources', sourceRoutes)
      .route('/demo', demoRoutes)
      .route('/accounts', accountRoutes)
      .route('/accounts', accountHealthRoutes)
      .route('/accounts', accountInsightRoutes)
      .route('/dashboard', dashboardRoutes)
      .route('/accounts', accountRevenueRoutes)
      .route('/', contactRoutes)
      .route('/metrics', revenueMetricsRoutes)
      // Custom metric values moved to /api/custom-metrics; POST /api/metrics stays as its alias.
      .route('/custom-metrics', metricsRoutes)
      .route('/metrics', metricsRoutes)
      .route('/', revenueRoutes)
      .route('/imports', importRoutes)
      .route('/features', featureRoutes)
      .route('/ingest/replays', replayRoutes)
      .route('/ingest', ingestAdminRoutes)
      .route('/models', modelRoutes)
      .route('/models', versionRoutes)
      .route('/models', studioRoutes)
      .route('/segments', segmentMatchRoutes)
      .route('/segments', segmentRoutes)
      .route('/scoring', scoringRoutes)
      .route('/portfolio', portfolioRoutes)
      .route('/audit', auditRoutes)
      .route('/alerts', alertRoutes)
      .route('/alerts', alertTaskRoutes)
      .route('/tasks', taskRoutes)
      .route('/accounts', accountGoalRoutes)
      .route('/goals', goalRoutes)
      .route('/surveys', promoterRoutes)
      .route('/surveys', surveyRoutes)
      .route('/surveys', surveyInvitationRoutes)
      .route('/mail', mailRoutes)
      .route('/settings', mailSettingsRoutes)
      .route('/settings', settingsRoutes)
      .route('/settings', revenueSettingsRoutes)
      .route('/', apiDocsRoutes(document))
  );
}

const healthRoute = defineRoute({
  method: 'get',
  path: '/api/health',
  auth: 'public',
  tags: ['Docs'],
  summary: 'Liveness check',
  responses: { 200: jsonResponse(z.object({ ok: z.literal(true) }), 'The Worker answers') },
});

/**
 * Builds the app: security headers, request ids, one error envelope for every failure, and the routes by
 * capability, each declared with its contract (the OpenAPI document at `/api/openapi.json`).
 * @example const res = await createApp().request('/api/health')
 */
export function createApp() {
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
  // The public survey routes come before /api so they never reach the auth middleware (no credentials).
  return (
    app
      .openapi(healthRoute, (c) => c.json({ ok: true as const }, 200))
      .route('/v1', ingestRoutes)
      .route('/api/public/surveys', publicSurveyRoutes)
      // One-click unsubscribe of survey mail (RFC 8058): public, outside /api, the token is the credential.
      .route('/s/unsubscribe', unsubscribeRoutes)
      // The SDK for customers' pages (static files with the Worker's cache and CORS headers): public.
      .route('/sdk', sdkRoutes)
      .route(
        '/api',
        adminRoutes(() => openApiDocument(app)),
      )
  );
}
