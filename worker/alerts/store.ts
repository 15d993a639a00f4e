import { desc, eq, type SQL, sql } from 'drizzle-orm';
import { alertRules, alerts, settings, webhookDeliveries } from '../../drizzle/schema';
import {
  type AlertRule,
  type AlertSeverity,
  alertRuleSchema,
  defaultRuleTexts,
  parseAlertMessages,
  type RaisedAlert,
  redactWebhookUrl,
} from '../../shared/alerts';
import type {
  Alert,
  AlertPage,
  AlertSort,
  AlertSortKey,
  AlertStatus,
  BulkAlertResult,
  Delivery,
  DeliveryStatus,
} from '../../shared/contracts/alerts';
import { isoOrNull, utcDay } from '../../shared/time';
import { type AuditEntry, auditInsert } from '../audit/store';
import { decodeCursor, encodeCursor } from '../common/cursor';
import type { Db } from '../common/db';
import { batchAll } from '../common/raw-sql';
import { latestSnapshotOn, renewalDateSql } from '../scoring/snapshots-store';

/**
 * The statement that stores raised alerts: one open (or snoozed) alert per account and rule, so a re-run or a
 * second answer does not raise it again; a new alert is assigned to the account's CSM owner when that owner is
 * an active member, else left unassigned (and read back flagged `ownerNotMember`). RETURNING the ids
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
      msg: a.messages ? JSON.stringify(a.messages) : null,
    })),
  );
  const j = (field: string) => sql.raw(`json_extract(value, '$.${field}')`);
  return sql`INSERT INTO alerts (account_id, rule_id, status, severity, title, detail, playbook, messages, assignee, period, created_at, updated_at)
      SELECT ${j('a')}, ${j('rule')}, 'open', ${j('sev')}, ${j('title')}, ${j('detail')}, ${j('pb')}, ${j('msg')},
             (SELECT o.owner_email FROM accounts o WHERE o.id = ${j('a')} AND ${ownerIsMember('o')}),
             ${period}, ${now}, ${now}
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
  // A default rule stored before rules had texts shows the default's translations while its English is unchanged.
  return rows.map((r) =>
    defaultRuleTexts(
      alertRuleSchema.parse({
        id: r.id,
        kind: r.kind,
        name: r.name,
        severity: r.severity,
        playbook: r.playbook,
        enabled: r.enabled,
        params: JSON.parse(r.params),
        tasks: JSON.parse(r.tasks),
        texts: r.texts ? JSON.parse(r.texts) : undefined,
      }),
    ),
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
        texts: rule.texts ? JSON.stringify(rule.texts) : null,
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
          texts: rule.texts ? JSON.stringify(rule.texts) : null,
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

/**
 * Whether the owner email of accounts alias `alias` is an active member's (case-insensitive): only then is an
 * alert assigned to them, since a non-member could never see or work it.
 */
function ownerIsMember(alias: string): SQL {
  const owner = sql.raw(`${alias}.owner_email`);
  return sql`EXISTS (SELECT 1 FROM members mb WHERE lower(mb.email) = lower(${owner}) AND mb.active = 1)`;
}

/** An alert row with its account's columns, as {@link alertRowsSql} reads it. */
interface AlertSqlRow {
  id: number;
  account: string;
  account_name: string;
  rule_id: string;
  status: AlertRow['status'];
  severity: string;
  title: string;
  detail: string;
  playbook: string;
  messages: string | null;
  assignee: string | null;
  snoozed_until: number | null;
  closed_at: number | null;
  close_note: string | null;
  period: string;
  created_at: number;
  updated_at: number;
  tier: string | null;
  segment_id: string | null;
  arr_cents: number | null;
  currency: string | null;
  renewal_date: string | null;
  owner_email: string | null;
  owner_not_member: number;
}

/** The columns of an alert as the API shows it; `alerts` unaliased, its account `a`, latest snapshot `s`. */
function alertColumnsSql(today: string): SQL {
  return sql`alerts.id, a.external_id AS account, a.name AS account_name, alerts.rule_id, alerts.status,
    alerts.severity, alerts.title, alerts.detail, alerts.playbook, alerts.messages, alerts.assignee, alerts.snoozed_until,
    alerts.closed_at, alerts.close_note, alerts.period, alerts.created_at, alerts.updated_at, s.tier,
    s.segment_id, a.arr_cents, a.currency, ${renewalDateSql(today)} AS renewal_date, a.owner_email,
    (alerts.assignee IS NULL AND a.owner_email IS NOT NULL AND NOT ${ownerIsMember('a')}) AS owner_not_member`;
}

/** Alerts with their accounts' columns where `where` holds (one alert by id, or a page's ids). */
function alertRowsSql(where: SQL, today: string): SQL {
  return sql`SELECT ${alertColumnsSql(today)}
    FROM alerts JOIN accounts a ON a.id = alerts.account_id
    LEFT JOIN score_snapshots s ON ${latestSnapshotOn}
    WHERE ${where}`;
}

/** An alert as the API shows it; a snooze that has run out reads as open. */
function toAlert(r: AlertSqlRow, now: number): Alert {
  const snoozeOver = r.status === 'snoozed' && r.snoozed_until !== null && r.snoozed_until <= now;
  return {
    id: r.id,
    account: r.account,
    accountName: r.account_name,
    ruleId: r.rule_id,
    status: snoozeOver ? 'open' : r.status,
    // Copied from the rule that raised it, whose schema allows only these.
    severity: r.severity as AlertSeverity,
    title: r.title,
    detail: r.detail,
    playbook: r.playbook,
    messages: parseAlertMessages(r.messages),
    assignee: r.assignee,
    snoozedUntil: snoozeOver ? null : isoOrNull(r.snoozed_until),
    closedAt: isoOrNull(r.closed_at),
    closeNote: r.close_note,
    period: r.period,
    createdAt: new Date(r.created_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
    tier: r.tier,
    segmentId: r.segment_id,
    arrCents: r.arr_cents,
    currency: r.currency,
    renewalDate: r.renewal_date,
    ownerEmail: r.owner_email,
    ownerNotMember: r.owner_not_member === 1,
  };
}

/** The condition of a status filter as the API reports status: a snooze that has run out is open. */
function statusIs(status: AlertStatus | undefined, now: number): SQL | undefined {
  switch (status) {
    case 'open':
      return sql`(alerts.status = 'open' OR (alerts.status = 'snoozed' AND alerts.snoozed_until <= ${now}))`;
    case 'snoozed':
      return sql`(alerts.status = 'snoozed' AND alerts.snoozed_until > ${now})`;
    case 'closed':
      return sql`alerts.status = 'closed'`;
    default:
      return undefined;
  }
}

/** The value a sort key orders by; NULLs sort last whatever the direction. */
function alertSortKeySql(key: AlertSortKey, today: string, now: number): SQL {
  switch (key) {
    case 'created':
      return sql`alerts.created_at`;
    case 'account':
      return sql`a.name`;
    // Tiers are bands of the score, so the score orders them (and accounts within one).
    case 'tier':
      return sql`s.score`;
    case 'arr':
      return sql`a.arr_cents`;
    case 'renewal':
      return renewalDateSql(today);
    case 'rule':
      return sql`alerts.rule_id`;
    case 'severity':
      return sql`CASE alerts.severity WHEN 'critical' THEN 3 WHEN 'warning' THEN 2 ELSE 1 END`;
    case 'assignee':
      return sql`lower(alerts.assignee)`;
    case 'status':
      return sql`CASE WHEN alerts.status = 'snoozed' AND alerts.snoozed_until <= ${now} THEN 'open' ELSE alerts.status END`;
  }
}

/** A position in a sorted alert list: the sort it belongs to, whether the key is null, the key, the id. */
type AlertCursor = [AlertSort, 0 | 1, string | number, number];

/**
 * The keyset cursor after an alert of a sorted list, opaque (see ../common/cursor.ts). The null flag makes
 * the (flag, key, id) tuple totally ordered although NULL keys compare as unknown in SQL.
 * @example encodeAlertCursor(['-arr', 0, 3000000, 42])
 */
export function encodeAlertCursor(cursor: AlertCursor): string {
  return encodeCursor(cursor);
}

/**
 * The position of a cursor made by {@link encodeAlertCursor} for `sort`, or null when the text is not one
 * (or belongs to another sort): the route's 400.
 * @example decodeAlertCursor(encodeAlertCursor(['-arr', 0, 3000000, 42]), '-arr') // ['-arr', 0, 3000000, 42]
 */
export function decodeAlertCursor(text: string, sort: AlertSort): AlertCursor | null {
  const v = decodeCursor(text);
  if (!Array.isArray(v) || v.length !== 4 || v[0] !== sort) return null;
  const [, isNull, key, id] = v as unknown[];
  if (isNull !== 0 && isNull !== 1) return null;
  if (typeof key !== 'string' && typeof key !== 'number') return null;
  if (typeof id !== 'number' || !Number.isSafeInteger(id)) return null;
  return [sort, isNull, key, id];
}

/** Filters, order and page of the alert list, `assignee` already resolved from `me`. */
export interface AlertListOptions {
  status?: AlertStatus;
  account?: string;
  ruleId?: string;
  severity?: AlertSeverity;
  /** A member email, or `unassigned`. */
  assignee?: string;
  tier?: string;
  segment?: string;
  q?: string;
  sort: AlertSort;
  limit: number;
  after?: AlertCursor | null;
}

const escapeLike = (q: string) => q.replace(/[\\%_]/g, (ch) => `\\${ch}`);

/**
 * One page of the alert inbox, filtered and sorted by any column, paged by keyset on (key, id) so that
 * ties never repeat or skip an alert across pages. One query: the inner part orders the matching ids
 * (joining the latest snapshot only when a filter or the sort needs it), the outer adds the page's columns.
 * @example await listAlerts(db, { status: 'open', sort: '-arr', limit: 50 }, Date.now())
 */
export async function listAlerts(db: Db, opts: AlertListOptions, now: number): Promise<AlertPage> {
  const today = utcDay(now);
  const key = opts.sort.replace(/^-/, '') as AlertSortKey;
  const desc = opts.sort.startsWith('-');
  const dir = sql.raw(desc ? 'DESC' : 'ASC');
  const cmp = sql.raw(desc ? '<' : '>');
  const needsSnapshot = key === 'tier' || !!opts.tier || !!opts.segment;
  const where: SQL[] = [];
  const status = statusIs(opts.status, now);
  if (status) where.push(status);
  if (opts.account) where.push(sql`a.external_id = ${opts.account}`);
  if (opts.ruleId) where.push(sql`alerts.rule_id = ${opts.ruleId}`);
  if (opts.severity) where.push(sql`alerts.severity = ${opts.severity}`);
  if (opts.assignee === 'unassigned') where.push(sql`alerts.assignee IS NULL`);
  else if (opts.assignee) where.push(sql`lower(alerts.assignee) = ${opts.assignee.toLowerCase()}`);
  if (opts.tier) where.push(sql`s.tier = ${opts.tier}`);
  if (opts.segment) where.push(sql`s.segment_id = ${opts.segment}`);
  if (opts.q) {
    const pattern = `%${escapeLike(opts.q)}%`;
    where.push(sql`(a.name LIKE ${pattern} ESCAPE '\\' OR a.external_id LIKE ${pattern} ESCAPE '\\')`);
  }
  const after = opts.after
    ? sql`WHERE n > ${opts.after[1]} OR (n = ${opts.after[1]} AND (v ${cmp} ${opts.after[2]}
          OR (v = ${opts.after[2]} AND id ${cmp} ${opts.after[3]})))`
    : sql``;
  const rows = await db.all<AlertSqlRow & { n: 0 | 1; v: string | number }>(sql`WITH m AS (
      SELECT alerts.id AS id, (k IS NULL) AS n, coalesce(k, 0) AS v FROM (
        SELECT alerts.id, ${alertSortKeySql(key, today, now)} AS k
        FROM alerts JOIN accounts a ON a.id = alerts.account_id
        ${needsSnapshot ? sql`LEFT JOIN score_snapshots s ON ${latestSnapshotOn}` : sql``}
        ${where.length > 0 ? sql`WHERE ${sql.join(where, sql` AND `)}` : sql``}
      ) alerts
    ), page AS (
      SELECT id, n, v FROM m ${after} ORDER BY n, v ${dir}, id ${dir} LIMIT ${opts.limit + 1}
    )
    SELECT page.n, page.v, ${alertColumnsSql(today)}
    FROM page JOIN alerts ON alerts.id = page.id JOIN accounts a ON a.id = alerts.account_id
    LEFT JOIN score_snapshots s ON ${latestSnapshotOn}
    ORDER BY page.n, page.v ${dir}, page.id ${dir}`);
  const page = rows.slice(0, opts.limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => toAlert(r, now)),
    nextCursor:
      rows.length > opts.limit && last ? encodeAlertCursor([opts.sort, last.n, last.v, last.id]) : null,
  };
}

/** One alert with its account, or null when there is no such alert. */
export async function getAlert(db: Db, id: number, now: number): Promise<Alert | null> {
  const row = await db.get<AlertSqlRow | undefined>(alertRowsSql(sql`alerts.id = ${id}`, utcDay(now)));
  return row ? toAlert(row, now) : null;
}

/**
 * Hands a new member the open and snoozed alerts that were left unassigned because they owned the accounts
 * before joining (see {@link insertAlertsSql}), with one `alert.assign` audit entry per alert. Returns how many.
 * @example await assignOwnedAlerts(db, 'kim@example.com', 'kim@example.com', Date.now())
 */
export async function assignOwnedAlerts(db: Db, email: string, actor: string, now: number): Promise<number> {
  const rows = await db.all<{ id: number }>(sql`UPDATE alerts SET assignee = ${email}, updated_at = ${now}
    WHERE assignee IS NULL AND status <> 'closed'
      AND account_id IN (SELECT a.id FROM accounts a WHERE lower(a.owner_email) = ${email.toLowerCase()})
    RETURNING id`);
  const [first, ...rest] = rows.map((r) =>
    auditInsert(
      db,
      {
        actor,
        action: 'alert.assign',
        entity: 'alert',
        entityId: String(r.id),
        details: { assignee: email, reason: 'account owner joined' },
      },
      now,
    ),
  );
  if (first) await db.batch([first, ...rest]);
  return rows.length;
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
  await db.batch([
    db
      .update(alerts)
      .set({ ...patch, updatedAt: now })
      .where(eq(alerts.id, id)),
    auditInsert(db, { ...audit, entity: 'alert', entityId: String(id) }, now),
  ]);
  // Read back after the batch: a raw read cannot join a drizzle batch, and the write is already whole.
  return getAlert(db, id, now);
}

/** What a bulk action sets on each alert it changes (`snoozedUntil` per alert for a renewal snooze). */
export type BulkChange =
  | { action: 'assign'; assignee: string | null }
  | { action: 'snooze'; until: number | 'renewal' }
  | { action: 'close'; note: string | null };

/** A renewal day as the instant a renewal snooze ends (00:00 UTC), or null when it is not a day. */
function renewalInstant(day: string | null): number | null {
  if (!day || !/^\d{4}-\d{2}-\d{2}$/.test(day)) return null;
  const ms = Date.parse(`${day}T00:00:00Z`);
  return Number.isNaN(ms) ? null : ms;
}

/**
 * Applies one action to many alerts: reads them (one query), decides per alert (a missing or closed alert is
 * skipped; a renewal snooze skips an account without a renewal day or whose day has passed), then writes
 * every change and one audit row per changed alert in one D1 batch. Ids travel as one JSON parameter, so
 * 500 ids stay far below D1's bound-parameter limit. The UPDATE re-checks `status <> 'closed'`, so an alert
 * closed meanwhile is left as it is.
 * @example await bulkUpdateAlerts(db, [12, 13], { action: 'snooze', until: 'renewal' }, 'csm@example.com', Date.now())
 */
export async function bulkUpdateAlerts(
  db: Db,
  ids: number[],
  change: BulkChange,
  actor: string,
  now: number,
): Promise<BulkAlertResult> {
  const unique = [...new Set(ids)];
  const found = await db.all<{ id: number; status: AlertRow['status']; renewal_date: string | null }>(
    sql`SELECT alerts.id, alerts.status, ${renewalDateSql(utcDay(now))} AS renewal_date
      FROM alerts JOIN accounts a ON a.id = alerts.account_id
      WHERE alerts.id IN (SELECT value FROM json_each(${JSON.stringify(unique)}))`,
  );
  const byId = new Map(found.map((r) => [r.id, r]));
  const skipped: BulkAlertResult['skipped'] = [];
  const rows: { id: number; until: number | null; details: Record<string, unknown> }[] = [];
  for (const id of unique) {
    const alert = byId.get(id);
    if (!alert) skipped.push({ id, reason: 'not_found' });
    else if (alert.status === 'closed') skipped.push({ id, reason: 'closed' });
    else if (change.action === 'snooze') {
      const until = change.until === 'renewal' ? renewalInstant(alert.renewal_date) : change.until;
      if (until === null) skipped.push({ id, reason: 'no_renewal_date' });
      else if (until <= now) skipped.push({ id, reason: 'renewal_past' });
      else rows.push({ id, until, details: { until: new Date(until).toISOString(), bulk: true } });
    } else if (change.action === 'assign') {
      rows.push({ id, until: null, details: { assignee: change.assignee, bulk: true } });
    } else rows.push({ id, until: null, details: { note: change.note, bulk: true } });
  }
  if (rows.length === 0) return { updated: 0, skipped };
  const json = JSON.stringify(rows.map((r) => ({ id: r.id, u: r.until, d: JSON.stringify(r.details) })));
  const targets = sql`alerts.id IN (SELECT json_extract(value, '$.id') FROM json_each(${json})) AND alerts.status <> 'closed'`;
  const set =
    change.action === 'assign'
      ? sql`assignee = ${change.assignee}`
      : change.action === 'close'
        ? sql`status = 'closed', closed_at = ${now}, close_note = ${change.note}, snoozed_until = NULL`
        : sql`status = 'snoozed', snoozed_until = (SELECT json_extract(value, '$.u') FROM json_each(${json})
              WHERE json_extract(value, '$.id') = alerts.id)`;
  const [updated] = await batchAll<[{ id: number }, unknown]>(db, [
    sql`UPDATE alerts SET ${set}, updated_at = ${now} WHERE ${targets} RETURNING id`,
    sql`INSERT INTO audit_log (at, actor, action, entity, entity_id, details)
      SELECT ${now}, ${actor}, ${`alert.${change.action}`}, 'alert', CAST(json_extract(value, '$.id') AS TEXT),
        json_extract(value, '$.d')
      FROM json_each(${json})`,
  ]);
  return { updated: updated.length, skipped };
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
