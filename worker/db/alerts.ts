import { desc, eq, type SQL, sql } from 'drizzle-orm';
import { alertRules, alerts, settings, webhookDeliveries } from '../../drizzle/schema';
import { type AlertRule, alertRuleSchema, type RaisedAlert } from '../../shared/alerts';
import { isoOrNull } from '../../shared/time';
import type { Db } from './client';

/** Inserts a default rule unless a rule with its id exists (an admin's edits are never overwritten). */
export function insertDefaultAlertRule(db: Db, rule: AlertRule, now: number) {
  return db
    .insert(alertRules)
    .values({
      id: rule.id,
      kind: rule.kind,
      name: rule.name,
      params: JSON.stringify(rule.params),
      severity: rule.severity,
      playbook: rule.playbook,
      enabled: rule.enabled,
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoNothing();
}

/**
 * The statement that stores raised alerts: one open (or snoozed) alert per account and rule, so a re-run or a
 * second answer does not raise it again; a new alert is assigned to the account's CSM owner. RETURNING the ids
 * of the alerts actually created.
 */
export function insertAlertsSql(
  raised: { accountId: number; alert: RaisedAlert }[],
  period: string,
  now: number,
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
      FROM json_each(${rows}) WHERE true
      ON CONFLICT (account_id, rule_id) WHERE status <> 'closed' DO NOTHING
      RETURNING id`;
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
    }),
  );
}

export async function upsertAlertRule(db: Db, rule: AlertRule, now: number) {
  await db
    .insert(alertRules)
    .values({ ...rule, params: JSON.stringify(rule.params), createdAt: now, updatedAt: now })
    .onConflictDoUpdate({
      target: alertRules.id,
      set: {
        kind: rule.kind,
        name: rule.name,
        params: JSON.stringify(rule.params),
        severity: rule.severity,
        playbook: rule.playbook,
        enabled: rule.enabled,
        updatedAt: now,
      },
    });
}

type AlertRow = typeof alerts.$inferSelect;

/** An alert as the API shows it; a snooze that has run out reads as open. */
export function toAlertDto(a: AlertRow & { externalId?: string; accountName?: string }, now: number) {
  const snoozeOver = a.status === 'snoozed' && a.snoozedUntil !== null && a.snoozedUntil <= now;
  return {
    id: a.id,
    account: a.externalId ?? null,
    accountName: a.accountName ?? null,
    ruleId: a.ruleId,
    status: snoozeOver ? 'open' : a.status,
    severity: a.severity,
    title: a.title,
    detail: a.detail,
    playbook: a.playbook,
    assignee: a.assignee,
    snoozedUntil: snoozeOver ? null : isoOrNull(a.snoozedUntil),
    closedAt: isoOrNull(a.closedAt),
    closeNote: a.closeNote,
    period: a.period,
    createdAt: isoOrNull(a.createdAt),
    updatedAt: isoOrNull(a.updatedAt),
  };
}

export async function listAlerts(
  db: Db,
  opts: {
    status?: 'open' | 'snoozed' | 'closed';
    account?: string;
    ruleId?: string;
    severity?: string;
    assignee?: string;
    limit: number;
    beforeId?: number;
  },
  now: number,
) {
  const statusFilter =
    opts.status === 'open'
      ? sql`(a.status = 'open' OR (a.status = 'snoozed' AND a.snoozed_until <= ${now}))`
      : opts.status === 'snoozed'
        ? sql`a.status = 'snoozed' AND a.snoozed_until > ${now}`
        : opts.status === 'closed'
          ? sql`a.status = 'closed'`
          : sql`1 = 1`;
  const rows = await db.all<
    Record<string, unknown>
  >(sql`SELECT a.*, acc.external_id AS externalId, acc.name AS accountName
    FROM alerts a JOIN accounts acc ON acc.id = a.account_id
    WHERE ${statusFilter}
      ${opts.account ? sql`AND acc.external_id = ${opts.account}` : sql``}
      ${opts.ruleId ? sql`AND a.rule_id = ${opts.ruleId}` : sql``}
      ${opts.severity ? sql`AND a.severity = ${opts.severity}` : sql``}
      ${opts.assignee ? sql`AND a.assignee = ${opts.assignee}` : sql``}
      ${opts.beforeId ? sql`AND a.id < ${opts.beforeId}` : sql``}
    ORDER BY a.id DESC LIMIT ${opts.limit + 1}`);
  const page = rows.slice(0, opts.limit).map((r) =>
    toAlertDto(
      {
        id: r.id as number,
        accountId: r.account_id as number,
        ruleId: r.rule_id as string,
        status: r.status as AlertRow['status'],
        severity: r.severity as string,
        title: r.title as string,
        detail: r.detail as string,
        playbook: r.playbook as string,
        assignee: r.assignee as string | null,
        snoozedUntil: r.snoozed_until as number | null,
        closedAt: r.closed_at as number | null,
        closeNote: r.close_note as string | null,
        period: r.period as string,
        createdAt: r.created_at as number,
        updatedAt: r.updated_at as number,
        externalId: r.externalId as string,
        accountName: r.accountName as string,
      },
      now,
    ),
  );
  return { items: page, nextCursor: rows.length > opts.limit ? String(page.at(-1)?.id) : null };
}

export async function getAlert(db: Db, id: number) {
  return db.query.alerts.findFirst({ where: eq(alerts.id, id) });
}

export async function updateAlert(db: Db, id: number, patch: Partial<AlertRow>, now: number) {
  const [row] = await db
    .update(alerts)
    .set({ ...patch, updatedAt: now })
    .where(eq(alerts.id, id))
    .returning();
  return row ?? null;
}

/** The outbound webhook URL (null when none is configured). */
export async function getWebhookUrl(db: Db): Promise<string | null> {
  const row = await db.query.settings.findFirst({ where: eq(settings.key, 'alertWebhookUrl') });
  return row ? (JSON.parse(row.value) as string | null) : null;
}

export async function setWebhookUrl(db: Db, url: string | null, now: number) {
  await db
    .insert(settings)
    .values({ key: 'alertWebhookUrl', value: JSON.stringify(url), updatedAt: now })
    .onConflictDoUpdate({ target: settings.key, set: { value: JSON.stringify(url), updatedAt: now } });
}

export async function listDeliveries(
  db: Db,
  opts: { status?: 'pending' | 'delivered' | 'failed'; limit: number },
) {
  const rows = await db
    .select()
    .from(webhookDeliveries)
    .where(opts.status ? eq(webhookDeliveries.status, opts.status) : undefined)
    .orderBy(desc(webhookDeliveries.id))
    .limit(opts.limit);
  return rows.map((d) => ({ ...d, createdAt: isoOrNull(d.createdAt), updatedAt: isoOrNull(d.updatedAt) }));
}

export async function recordDelivery(
  db: Db,
  id: number,
  result: {
    status: 'pending' | 'delivered' | 'failed';
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
