import { and, desc, eq, gt, lt, lte, or, type SQL, sql } from 'drizzle-orm';
import { accounts, alertRules, alerts, settings, webhookDeliveries } from '../../drizzle/schema';
import {
  type AlertRule,
  type AlertSeverity,
  alertRuleSchema,
  type RaisedAlert,
  redactWebhookUrl,
} from '../../shared/alerts';
import type { Alert, AlertPage, AlertStatus, Delivery, DeliveryStatus } from '../../shared/contracts/alerts';
import { isoOrNull } from '../../shared/time';
import { type AuditEntry, auditInsert } from '../audit/store';
import type { Db } from '../common/db';

/**
 * The statement that stores raised alerts: one open (or snoozed) alert per account and rule, so a re-run or a
 * second answer does not raise it again; a new alert is assigned to the account's CSM owner. RETURNING the ids
 * of the alerts actually created. `oncePerPeriod` (single-account rescoring, which a CSM may repeat all day)
 * also skips a rule the account already had an alert of in `period`, even one closed since.
 * @example prepare(db, insertAlertsSql([{ accountId: 7, alert }], '2026-05-01', Date.now(), { oncePerPeriod: true }))
 */
export function insertAlertsSql(
  raised: { accountId: number; alert: RaisedAlert }[],
  period: string,
  now: number,
  opts: { oncePerPeriod?: boolean } = {},
): SQL {
  const rows = JSON.stringify(
    raised.map(({ accountId, alert: a }) => ({
      a: accountId,
      rule: a.ruleId,
      sev: a.severity,
      title: a.title,
      detail: a.detail,
      pb: a.playbook,
    })),
  );
  const j = (field: string) => sql.raw(`json_extract(value, '$.${field}')`);
  return sql`INSERT INTO alerts (account_id, rule_id, status, severity, title, detail, playbook, assignee, period, created_at, updated_at)
      SELECT ${j('a')}, ${j('rule')}, 'open', ${j('sev')}, ${j('title')}, ${j('detail')}, ${j('pb')},
             (SELECT owner_email FROM accounts WHERE id = ${j('a')}), ${period}, ${now}, ${now}
      FROM json_each(${rows})
      WHERE ${
        opts.oncePerPeriod
          ? sql`NOT EXISTS (SELECT 1 FROM alerts x WHERE x.account_id = ${j('a')} AND x.period = ${period}
                  AND x.rule_id = ${j('rule')})`
          : sql`true`
      }
      ON CONFLICT (account_id, rule_id) WHERE status <> 'closed' DO NOTHING
      RETURNING id`;
}

/**
 * One pending delivery row per new alert, in one statement whatever the count; returns the delivery ids.
 * @example const ids = await insertWebhookDeliveries(db, [12, 13], Date.now())
 */
export async function insertWebhookDeliveries(db: Db, alertIds: number[], now: number): Promise<number[]> {
  const rows = await db.all<{
    id: number;
  }>(sql`INSERT INTO webhook_deliveries (alert_id, status, attempts, created_at, updated_at)
    SELECT value, 'pending', 0, ${now}, ${now} FROM json_each(${JSON.stringify(alertIds)}) WHERE true RETURNING id`);
  return rows.map((r) => r.id);
}

export async function listAlertRules(db: Db): Promise<AlertRule[]> {
  const rows = await db.select().from(alertRules).orderBy(alertRules.id);
  return rows.map((r) =>
    alertRuleSchema.parse({
      id: r.id,
      kind: r.kind,
      name: r.name,
      severity: r.severity,
      playbook: r.playbook,
      enabled: r.enabled,
      params: JSON.parse(r.params),
      tasks: JSON.parse(r.tasks),
    }),
  );
}

/** Creates or replaces an alert rule and records who did it and the rule as saved, in one batch. */
export async function upsertAlertRule(db: Db, rule: AlertRule, actor: string, now: number) {
  await db.batch([
    db
      .insert(alertRules)
      .values({
        ...rule,
        params: JSON.stringify(rule.params),
        tasks: JSON.stringify(rule.tasks),
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoUpdate({
        target: alertRules.id,
        set: {
          kind: rule.kind,
          name: rule.name,
          params: JSON.stringify(rule.params),
          tasks: JSON.stringify(rule.tasks),
          severity: rule.severity,
          playbook: rule.playbook,
          enabled: rule.enabled,
          updatedAt: now,
        },
      }),
    auditInsert(
      db,
      { actor, action: 'alert_rule.update', entity: 'alert_rule', entityId: rule.id, details: rule },
      now,
    ),
  ]);
}

type AlertRow = typeof alerts.$inferSelect;

/** An alert row with its account's external id and name, as {@link selectAlerts} reads it. */
interface AlertWithAccount {
  alert: AlertRow;
  account: string;
  accountName: string;
}

/** Alerts joined to their accounts; add `.where()`. */
function selectAlerts(db: Db) {
  return db
    .select({ alert: alerts, account: accounts.externalId, accountName: accounts.name })
    .from(alerts)
    .innerJoin(accounts, eq(accounts.id, alerts.accountId));
}

/** An alert as the API shows it; a snooze that has run out reads as open. */
function toAlert({ alert: a, account, accountName }: AlertWithAccount, now: number): Alert {
  const snoozeOver = a.status === 'snoozed' && a.snoozedUntil !== null && a.snoozedUntil <= now;
  return {
    id: a.id,
    account,
    accountName,
    ruleId: a.ruleId,
    status: snoozeOver ? 'open' : a.status,
    // Copied from the rule that raised it, whose schema allows only these.
    severity: a.severity as AlertSeverity,
    title: a.title,
    detail: a.detail,
    playbook: a.playbook,
    assignee: a.assignee,
    snoozedUntil: snoozeOver ? null : isoOrNull(a.snoozedUntil),
    closedAt: isoOrNull(a.closedAt),
    closeNote: a.closeNote,
    period: a.period,
    createdAt: new Date(a.createdAt).toISOString(),
    updatedAt: new Date(a.updatedAt).toISOString(),
  };
}

/** The condition of a status filter as the API reports status: a snooze that has run out is open. */
function statusIs(status: AlertStatus | undefined, now: number): SQL | undefined {
  switch (status) {
    case 'open':
      return or(eq(alerts.status, 'open'), and(eq(alerts.status, 'snoozed'), lte(alerts.snoozedUntil, now)));
    case 'snoozed':
      return and(eq(alerts.status, 'snoozed'), gt(alerts.snoozedUntil, now));
    case 'closed':
      return eq(alerts.status, 'closed');
    default:
      return undefined;
  }
}

/**
 * One page of the alert inbox, newest first, filtered by status (as reported), account external id, rule,
 * severity and assignee; `beforeId` is the previous page's `nextCursor`.
 * @example await listAlerts(db, { status: 'open', limit: 50 }, Date.now())
 */
export async function listAlerts(
  db: Db,
  opts: {
    status?: AlertStatus;
    account?: string;
    ruleId?: string;
    severity?: AlertSeverity;
    assignee?: string;
    limit: number;
    beforeId?: number;
  },
  now: number,
): Promise<AlertPage> {
  const rows = await selectAlerts(db)
    .where(
      and(
        statusIs(opts.status, now),
        opts.account ? eq(accounts.externalId, opts.account) : undefined,
        opts.ruleId ? eq(alerts.ruleId, opts.ruleId) : undefined,
        opts.severity ? eq(alerts.severity, opts.severity) : undefined,
        opts.assignee ? eq(alerts.assignee, opts.assignee) : undefined,
        opts.beforeId ? lt(alerts.id, opts.beforeId) : undefined,
      ),
    )
    .orderBy(desc(alerts.id))
    .limit(opts.limit + 1);
  const page = rows.slice(0, opts.limit).map((r) => toAlert(r, now));
  return { items: page, nextCursor: rows.length > opts.limit ? String(page.at(-1)?.id) : null };
}

/** One alert with its account, or null when there is no such alert. */
export async function getAlert(db: Db, id: number, now: number): Promise<Alert | null> {
  const [row] = await selectAlerts(db).where(eq(alerts.id, id));
  return row ? toAlert(row, now) : null;
}

/**
 * Changes an existing alert (assign, snooze, close) and records who did it and how in the audit log (the
 * alerts table keeps no actor), in one batch. Returns the alert as now stored.
 * @example await updateAlert(db, 12, { assignee: 'kim@example.com' }, { actor, action: 'alert.assign', details: { assignee: 'kim@example.com' } }, now)
 */
export async function updateAlert(
  db: Db,
  id: number,
  patch: Partial<Pick<AlertRow, 'assignee' | 'status' | 'snoozedUntil' | 'closedAt' | 'closeNote'>>,
  audit: Pick<AuditEntry, 'actor' | 'action' | 'details'>,
  now: number,
): Promise<Alert | null> {
  const [, , [row]] = await db.batch([
    db
      .update(alerts)
      .set({ ...patch, updatedAt: now })
      .where(eq(alerts.id, id)),
    auditInsert(db, { ...audit, entity: 'alert', entityId: String(id) }, now),
    selectAlerts(db).where(eq(alerts.id, id)),
  ]);
  return row ? toAlert(row, now) : null;
}

/** The outbound webhook URL (null when none is configured). */
export async function getWebhookUrl(db: Db): Promise<string | null> {
  const row = await db.query.settings.findFirst({ where: eq(settings.key, 'alertWebhookUrl') });
  return row ? (JSON.parse(row.value) as string | null) : null;
}

/**
 * Sets (or, with null, clears) the outbound webhook URL and records the change in the audit log, in one
 * batch. The URL is a credential (a Slack incoming webhook's path is its secret), so the audit entry keeps
 * only its scheme and host. `url` must already have passed `acceptWebhookUrl`.
 */
export async function setWebhookUrl(db: Db, url: string | null, actor: string, now: number) {
  await db.batch([
    db
      .insert(settings)
      .values({ key: 'alertWebhookUrl', value: JSON.stringify(url), updatedAt: now })
      .onConflictDoUpdate({ target: settings.key, set: { value: JSON.stringify(url), updatedAt: now } }),
    auditInsert(
      db,
      {
        actor,
        action: url === null ? 'webhook.clear' : 'webhook.set',
        entity: 'settings',
        entityId: 'alertWebhookUrl',
        details: { url: url === null ? null : redactWebhookUrl(url) },
      },
      now,
    ),
  ]);
}

/**
 * The latest webhook deliveries, newest first, optionally of one status.
 * @example await listDeliveries(db, { status: 'failed', limit: 100 })
 */
export async function listDeliveries(
  db: Db,
  opts: { status?: DeliveryStatus; limit: number },
): Promise<Delivery[]> {
  const rows = await db
    .select()
    .from(webhookDeliveries)
    .where(opts.status ? eq(webhookDeliveries.status, opts.status) : undefined)
    .orderBy(desc(webhookDeliveries.id))
    .limit(opts.limit);
  return rows.map((d) => ({
    ...d,
    createdAt: new Date(d.createdAt).toISOString(),
    updatedAt: new Date(d.updatedAt).toISOString(),
  }));
}

interface DeliveryRow {
  id: number;
  attempts: number;
  status: DeliveryStatus;
  alert_status: AlertRow['status'];
  rule_id: string;
  kind: RaisedAlert['kind'];
  severity: RaisedAlert['severity'];
  title: string;
  detail: string;
  playbook: string;
  account_name: string;
}

/** A webhook delivery with what its POST says: the alert (as raised) and its account's name. */
export interface DeliveryToSend {
  id: number;
  attempts: number;
  status: DeliveryStatus;
  alertStatus: AlertRow['status'];
  alert: RaisedAlert;
  accountName: string;
}

/**
 * A delivery and the alert it posts, or null when there is no such delivery.
 * @example const delivery = await getDeliveryToSend(db, message.body.deliveryId)
 */
export async function getDeliveryToSend(db: Db, deliveryId: number): Promise<DeliveryToSend | null> {
  const row = await db.get<
    DeliveryRow | undefined
  >(sql`SELECT d.id, d.attempts, d.status, a.status AS alert_status, a.rule_id, r.kind, a.severity, a.title, a.detail,
      a.playbook, acc.name AS account_name
    FROM webhook_deliveries d JOIN alerts a ON a.id = d.alert_id JOIN accounts acc ON acc.id = a.account_id
    JOIN alert_rules r ON r.id = a.rule_id
    WHERE d.id = ${deliveryId}`);
  if (!row) return null;
  return {
    id: row.id,
    attempts: row.attempts,
    status: row.status,
    alertStatus: row.alert_status,
    alert: {
      ruleId: row.rule_id,
      kind: row.kind,
      severity: row.severity,
      title: row.title,
      detail: row.detail,
      playbook: row.playbook,
    },
    accountName: row.account_name,
  };
}

/** Records the outcome of a delivery attempt (or its cancellation). */
export async function recordDelivery(
  db: Db,
  id: number,
  result: {
    status: DeliveryStatus;
    attempts: number;
    lastError: string | null;
    lastStatus: number | null;
  },
  now: number,
) {
  await db
    .update(webhookDeliveries)
    .set({ ...result, updatedAt: now })
    .where(eq(webhookDeliveries.id, id));
}
