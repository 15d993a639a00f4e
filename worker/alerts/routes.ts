import type { AlertRule } from '../../shared/alerts';
import {
  type Alert,
  alertIdParam,
  alertPageSchema,
  alertRuleContract,
  alertRuleIdParam,
  alertRuleInput,
  alertRuleListSchema,
  alertSchema,
  assignAlertInput,
  closeAlertInput,
  deliveryListSchema,
  listAlertsQuery,
  listDeliveriesQuery,
  snoozeAlertInput,
  webhookInput,
  webhookSettingSchema,
} from '../../shared/contracts/alerts';
import { getDb } from '../common/db';
import { ApiError } from '../common/errors';
import { createRouter, defineRoute, jsonBody, jsonResponse } from '../common/openapi';
import {
  getAlert,
  getWebhookUrl,
  listAlertRules,
  listAlerts,
  listDeliveries,
  setWebhookUrl,
  updateAlert,
  upsertAlertRule,
} from './store';
import { acceptWebhookUrl } from './webhook-job';

const tags = ['Alerts'];

const listAlertsRoute = defineRoute({
  method: 'get',
  path: '/',
  tags,
  summary: 'List alerts',
  description:
    'The alert inbox, newest first, 50 a page by default (at most 200). A snoozed alert whose snooze has run out is reported, and filtered, as `open`.',
  request: { query: listAlertsQuery },
  responses: { 200: jsonResponse(alertPageSchema, 'One page of alerts, newest first') },
});

const listRules = defineRoute({
  method: 'get',
  path: '/rules',
  tags,
  summary: 'List alert rules',
  responses: { 200: jsonResponse(alertRuleListSchema, 'Every rule, by id') },
});

const putRule = defineRoute({
  method: 'put',
  path: '/rules/{ruleId}',
  tags,
  summary: 'Create or replace an alert rule',
  description:
    'Stores the rule under `ruleId` (a slug), replacing any rule with that id; the next scoring run (or survey answer) uses it. Open alerts of the rule stay open. Recorded in the audit log (`alert_rule.update`).',
  request: { params: alertRuleIdParam, body: jsonBody(alertRuleInput) },
  responses: { 200: jsonResponse(alertRuleContract, 'The rule as stored, defaults filled in') },
});

const getWebhook = defineRoute({
  method: 'get',
  path: '/webhook',
  tags,
  summary: 'Get the alert webhook',
  responses: { 200: jsonResponse(webhookSettingSchema, 'The webhook URL, or null when delivery is off') },
});

const putWebhook = defineRoute({
  method: 'put',
  path: '/webhook',
  tags,
  summary: 'Set or clear the alert webhook',
  description:
    'Every new alert is POSTed to this URL as Slack-compatible JSON. The URL must be https, without credentials, to a public host (else 400 WEBHOOK_URL_REFUSED); it is stored normalised. Recorded in the audit log (`webhook.set` / `webhook.clear`) with only its scheme and host: the URL itself is a secret.',
  request: { body: jsonBody(webhookInput) },
  responses: { 200: jsonResponse(webhookSettingSchema, 'The webhook URL as stored') },
  errors: ['WEBHOOK_URL_REFUSED'],
});

const listDeliveriesRoute = defineRoute({
  method: 'get',
  path: '/webhook/deliveries',
  tags,
  summary: 'List webhook deliveries',
  description:
    'The latest deliveries, newest first (100 by default, at most 500): each with its attempts and the last error. A failed delivery is retried with backoff up to its attempt limit; a redirect or a 4xx other than 408/429 fails it at once.',
  request: { query: listDeliveriesQuery },
  responses: { 200: jsonResponse(deliveryListSchema, 'Deliveries, newest first') },
});

const getAlertRoute = defineRoute({
  method: 'get',
  path: '/{id}',
  tags,
  summary: 'Get an alert',
  request: { params: alertIdParam },
  responses: { 200: jsonResponse(alertSchema, 'The alert') },
  errors: ['NOT_FOUND'],
});

const assignAlert = defineRoute({
  method: 'post',
  path: '/{id}/assign',
  tags,
  summary: 'Assign an alert',
  description:
    'Assigns it to a member by email, or unassigns it (null). Recorded in the audit log (`alert.assign`).',
  request: { params: alertIdParam, body: jsonBody(assignAlertInput) },
  responses: { 200: jsonResponse(alertSchema, 'The alert as now stored') },
  errors: ['NOT_FOUND'],
});

const snoozeAlert = defineRoute({
  method: 'post',
  path: '/{id}/snooze',
  tags,
  summary: 'Snooze an alert',
  description:
    'Hides it from the open alerts until `until`, which must be in the future (else 400); it then reads as open again. A closed alert cannot be snoozed (409). Recorded in the audit log (`alert.snooze`).',
  request: { params: alertIdParam, body: jsonBody(snoozeAlertInput) },
  responses: { 200: jsonResponse(alertSchema, 'The alert as now stored') },
  errors: ['NOT_FOUND', 'CONFLICT', 'VALIDATION_FAILED'],
});

const closeAlert = defineRoute({
  method: 'post',
  path: '/{id}/close',
  tags,
  summary: 'Close an alert',
  description:
    'Closes it with an optional note (ending any snooze); 409 when it is already closed. The next scoring run may raise the rule again for the account. Recorded in the audit log (`alert.close`).',
  request: { params: alertIdParam, body: jsonBody(closeAlertInput) },
  responses: { 200: jsonResponse(alertSchema, 'The alert as now stored') },
  errors: ['NOT_FOUND', 'CONFLICT'],
});

/** The alert, or 404 NOT_FOUND. */
function found(alert: Alert | null): Alert {
  if (!alert) throw new ApiError({ code: 'NOT_FOUND', message: 'no such alert' });
  return alert;
}

/** The alert inbox: list, assign, snooze, close; rules; the outbound webhook and its deliveries. */
export const alertRoutes = createRouter()
  .openapi(listAlertsRoute, async (c) => {
    const { cursor, ...q } = c.req.valid('query');
    return c.json(await listAlerts(getDb(c.env.DB), { ...q, beforeId: cursor }, Date.now()), 200);
  })
  .openapi(listRules, async (c) => {
    const db = getDb(c.env.DB);
    return c.json({ items: await listAlertRules(db) }, 200);
  })
  .openapi(putRule, async (c) => {
    const rule: AlertRule = { ...c.req.valid('json'), id: c.req.valid('param').ruleId };
    await upsertAlertRule(getDb(c.env.DB), rule, c.get('actor').email, Date.now());
    return c.json(rule, 200);
  })
  .openapi(getWebhook, async (c) => c.json({ url: await getWebhookUrl(getDb(c.env.DB)) }, 200))
  .openapi(putWebhook, async (c) => {
    const raw = c.req.valid('json').url;
    // Stored as normalised, so the URL checked is exactly the URL delivery fetches.
    const url = raw === null ? null : acceptWebhookUrl(raw, 'url');
    await setWebhookUrl(getDb(c.env.DB), url, c.get('actor').email, Date.now());
    return c.json({ url }, 200);
  })
  .openapi(listDeliveriesRoute, async (c) =>
    c.json({ items: await listDeliveries(getDb(c.env.DB), c.req.valid('query')) }, 200),
  )
  .openapi(getAlertRoute, async (c) =>
    c.json(found(await getAlert(getDb(c.env.DB), c.req.valid('param').id, Date.now())), 200),
  )
  .openapi(assignAlert, async (c) => {
    const db = getDb(c.env.DB);
    const now = Date.now();
    const { id } = found(await getAlert(db, c.req.valid('param').id, now));
    const { assignee } = c.req.valid('json');
    const audit = { actor: c.get('actor').email, action: 'alert.assign', details: { assignee } };
    return c.json(found(await updateAlert(db, id, { assignee }, audit, now)), 200);
  })
  .openapi(snoozeAlert, async (c) => {
    const db = getDb(c.env.DB);
    const now = Date.now();
    const alert = found(await getAlert(db, c.req.valid('param').id, now));
    if (alert.status === 'closed')
      throw new ApiError({ code: 'CONFLICT', message: 'a closed alert cannot be snoozed' });
    const { until } = c.req.valid('json');
    const untilMs = Date.parse(until);
    if (untilMs <= now)
      throw new ApiError({ code: 'VALIDATION_FAILED', message: '"until" must be in the future' });
    const audit = { actor: c.get('actor').email, action: 'alert.snooze', details: { until } };
    const patch = { status: 'snoozed', snoozedUntil: untilMs } as const;
    return c.json(found(await updateAlert(db, alert.id, patch, audit, now)), 200);
  })
  .openapi(closeAlert, async (c) => {
    const db = getDb(c.env.DB);
    const now = Date.now();
    const alert = found(await getAlert(db, c.req.valid('param').id, now));
    if (alert.status === 'closed') throw new ApiError({ code: 'CONFLICT', message: 'already closed' });
    const closeNote = c.req.valid('json').note ?? null;
    const audit = { actor: c.get('actor').email, action: 'alert.close', details: { note: closeNote } };
    const patch = { status: 'closed', closedAt: now, closeNote, snoozedUntil: null } as const;
    return c.json(found(await updateAlert(db, alert.id, patch, audit, now)), 200);
  });
