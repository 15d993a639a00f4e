import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { alertRuleSchema } from '../../shared/alerts';
import { idParam } from '../../shared/contracts/admin';
import {
  assignAlertInput,
  closeAlertInput,
  listAlertsQuery,
  snoozeAlertInput,
  webhookInput,
} from '../../shared/contracts/alerts';
import {
  getAlert,
  getWebhookUrl,
  listAlertRules,
  listAlerts,
  listDeliveries,
  setWebhookUrl,
  toAlertDto,
  updateAlert,
  upsertAlertRule,
} from '../db/alerts';
import { auditInsert } from '../db/audit';
import { getDb } from '../db/client';
import { ensureHealthDefaults } from '../db/health-config';
import type { AppEnv } from '../env';
import { ApiError } from '../errors';
import { validate } from '../middleware/validate';

async function requireAlert(c: { env: AppEnv['Bindings'] }, id: number) {
  const alert = await getAlert(getDb(c.env.DB), id);
  if (!alert) throw new ApiError({ code: 'NOT_FOUND', message: 'no such alert' });
  return alert;
}

/** Records who worked an alert and how (the alerts table keeps no actor). */
function auditAlert(c: Context<AppEnv>, id: number, action: string, details: unknown, now: number) {
  const entry = { actor: c.get('actor').email, action, entity: 'alert', entityId: String(id), details };
  return auditInsert(getDb(c.env.DB), entry, now);
}

/** The alert inbox: list, assign, snooze, close; rules; the outbound webhook and its deliveries. */
export const alertRoutes = new Hono<AppEnv>()
  .get('/', validate('query', listAlertsQuery), async (c) => {
    const q = c.req.valid('query');
    return c.json(await listAlerts(getDb(c.env.DB), { ...q, beforeId: q.cursor }, Date.now()));
  })
  .get('/rules', async (c) => {
    const db = getDb(c.env.DB);
    await ensureHealthDefaults(db, Date.now());
    return c.json({ items: await listAlertRules(db) });
  })
  .put('/rules/:ruleId', validate('param', z.object({ ruleId: z.string().min(1).max(64) })), async (c) => {
    const body = (await c.req.json().catch(() => null)) as Record<string, unknown> | null;
    const parsed = alertRuleSchema.safeParse({ ...body, id: c.req.valid('param').ruleId });
    if (!parsed.success) {
      throw new ApiError({
        code: 'VALIDATION_FAILED',
        message: 'the alert rule is invalid',
        issues: parsed.error.issues.map((i) => ({
          path: i.path.map(String),
          code: i.code,
          message: i.message,
        })),
      });
    }
    await upsertAlertRule(getDb(c.env.DB), parsed.data, Date.now());
    return c.json(parsed.data);
  })
  .get('/webhook', async (c) => c.json({ url: await getWebhookUrl(getDb(c.env.DB)) }))
  .put('/webhook', validate('json', webhookInput), async (c) => {
    await setWebhookUrl(getDb(c.env.DB), c.req.valid('json').url, Date.now());
    return c.json({ url: c.req.valid('json').url });
  })
  .get(
    '/webhook/deliveries',
    validate(
      'query',
      z.object({
        status: z.enum(['pending', 'delivered', 'failed']).optional(),
        limit: z.coerce.number().int().min(1).max(500).default(100),
      }),
    ),
    async (c) => c.json({ items: await listDeliveries(getDb(c.env.DB), c.req.valid('query')) }),
  )
  .get('/:id', validate('param', idParam), async (c) =>
    c.json(toAlertDto(await requireAlert(c, c.req.valid('param').id), Date.now())),
  )
  .post('/:id/assign', validate('param', idParam), validate('json', assignAlertInput), async (c) => {
    await requireAlert(c, c.req.valid('param').id);
    const row = await updateAlert(
      getDb(c.env.DB),
      c.req.valid('param').id,
      { assignee: c.req.valid('json').assignee },
      Date.now(),
    );
    await auditAlert(c, row!.id, 'alert.assign', { assignee: row!.assignee }, Date.now());
    return c.json(toAlertDto(row!, Date.now()));
  })
  .post('/:id/snooze', validate('param', idParam), validate('json', snoozeAlertInput), async (c) => {
    const alert = await requireAlert(c, c.req.valid('param').id);
    if (alert.status === 'closed')
      throw new ApiError({ code: 'CONFLICT', message: 'a closed alert cannot be snoozed' });
    const until = Date.parse(c.req.valid('json').until);
    const now = Date.now();
    if (until <= now)
      throw new ApiError({ code: 'VALIDATION_FAILED', message: '"until" must be in the future' });
    const row = await updateAlert(getDb(c.env.DB), alert.id, { status: 'snoozed', snoozedUntil: until }, now);
    await auditAlert(c, alert.id, 'alert.snooze', { until: c.req.valid('json').until }, now);
    return c.json(toAlertDto(row!, now));
  })
  .post('/:id/close', validate('param', idParam), validate('json', closeAlertInput), async (c) => {
    const alert = await requireAlert(c, c.req.valid('param').id);
    if (alert.status === 'closed') throw new ApiError({ code: 'CONFLICT', message: 'already closed' });
    const now = Date.now();
    const row = await updateAlert(
      getDb(c.env.DB),
      alert.id,
      { status: 'closed', closedAt: now, closeNote: c.req.valid('json').note ?? null, snoozedUntil: null },
      now,
    );
    await auditAlert(c, alert.id, 'alert.close', { note: row!.closeNote }, now);
    return c.json(toAlertDto(row!, now));
  });
