import { auditLogSchema, listAuditQuery } from '../../shared/contracts/audit';
import { getDb } from '../common/db';
import { createRouter, defineRoute, jsonResponse } from '../common/openapi';
import { listAudit } from './store';

const listAuditRoute = defineRoute({
  method: 'get',
  path: '/',
  tags: ['Audit'],
  summary: 'List audit log entries',
  description:
    'Who changed what, newest first: configuration (models, segments, alert rules, the webhook, tier settings, sources, features, surveys), access (members, invites, tokens) and account work (ratings, overrides, alerts). `entityId` filters only together with `entity`. Entries never hold secrets (keys, tokens, links, full webhook URLs).',
  request: { query: listAuditQuery },
  responses: { 200: jsonResponse(auditLogSchema, 'Up to `limit` entries, newest first') },
});

/** The audit log, read-only. */
export const auditRoutes = createRouter().openapi(listAuditRoute, async (c) =>
  c.json({ items: await listAudit(getDb(c.env.DB), c.req.valid('query')) }, 200),
);
