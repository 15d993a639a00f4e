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
  bulkAlertInput,
  bulkAlertResultSchema,
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
  type BulkChange,
  bulkUpdateAlerts,
  decodeAlertCursor,
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
    "The alert inbox with each alert's account columns (tier, segment, ARR, renewal day, owner), filtered and sorted by any column (`sort`, default `-created`: newest first), 50 a page by default (at most 200), paged by keyset. A snoozed alert whose snooze has run out is reported, filtered and sorted as `open`. `assignee=me` is the caller, `assignee=unassigned` the alerts nobody has. An unknown parameter, or a cursor of another sort, is a 400.",
  request: { query: listAlertsQuery },
  responses: { 200: jsonResponse(alertPageSchema, 'One page of alerts, in the requested order') },
  errors: ['VALIDATION_FAILED'],
});

const DAY_MS = 86_400_000;

const bulkRoute = defineRoute({
  method: 'post',
  path: '/bulk',
  tags,
  summary: 'Assign, snooze or close many alerts',
  description:
    "One action over up to 500 alerts, written in one batch with one audit entry per changed alert (`alert.assign`, `alert.snooze`, `alert.close`, with `bulk: true`). Alerts that do not exist or are closed are skipped, as are, for a snooze `preset: renewal` (until 00:00 UTC of the account's renewal day), those whose account has no renewal day or whose day has passed; each skip is listed with its reason.",
  request: { body: jsonBody(bulkAlertInput) },
  responses: { 200: jsonResponse(bulkAlertResultSchema, 'How many alerts changed, and which were skipped') },
  errors: ['VALIDATION_FAILED'],
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

/** When a bulk snooze ends: a preset from now, `renewal` (per alert, resolved by the store), or `until`. */
function snoozeEnd(
  body: { until?: string; preset?: '1d' | '1w' | 'renewal' },
  now: number,
): number | 'renewal' {
  if (body.preset === 'renewal') return 'renewal';
  if (body.preset) return now + (body.preset === '1d' ? 1 : 7) * DAY_MS;
  const until = Date.parse(body.until ?? '');
  if (!(until > now))
    throw new ApiError({ code: 'VALIDATION_FAILED', message: '"until" must be in the future' });
  return until;
}

/** The alert, or 404 NOT_FOUND. */
function found(alert: Alert | null): Alert {
  if (!alert) throw new ApiError({ code: 'NOT_FOUND', message: 'no such alert' });
  return alert;
}

/** The alert inbox: list, assign, snooze, close; rules; the outbound webhook and its deliveries. */
export const alertRoutes = createRouter()
  .openapi(listAlertsRoute, async (c) => {
    const { cursor, assignee, ...q } = c.req.valid('query');
    const after = cursor === undefined ? null : decodeAlertCursor(cursor, q.sort);
    if (after === null && cursor !== undefined)
      throw new ApiError({ code: 'VALIDATION_FAILED', message: '"cursor" is not a cursor of this sort' });
    const who = assignee === 'me' ? c.get('actor').email : assignee;
    return c.json(await listAlerts(getDb(c.env.DB), { ...q, assignee: who, after }, Date.now()), 200);
  })
  .openapi(bulkRoute, async (c) => {
    const body = c.req.valid('json');
    const now = Date.now();
    const change: BulkChange =
      body.action === 'assign'
        ? { action: 'assign', assignee: body.assignee }
        : body.action === 'close'
          ? { action: 'close', note: body.note ?? null }
          : { action: 'snooze', until: snoozeEnd(body, now) };
    const result = await bulkUpdateAlerts(getDb(c.env.DB), body.ids, change, c.get('actor').email, now);
    return c.json(result, 200);
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
