import { sql } from 'drizzle-orm';
import {
  isRetryableWebhookStatus,
  MAX_WEBHOOK_ATTEMPTS,
  nextRetryDelaySeconds,
  type RaisedAlert,
  slackPayload,
} from '../../shared/alerts';
import { getWebhookUrl, recordDelivery } from '../db/alerts';
import { getDb } from '../db/client';
import type { Env } from '../env';

interface DeliveryRow {
  id: number;
  attempts: number;
  status: string;
  rule_id: string;
  kind: RaisedAlert['kind'];
  severity: string;
  title: string;
  detail: string;
  playbook: string;
  account_name: string;
  external_id: string;
}

/**
 * Posts one alert to the configured webhook as Slack-compatible JSON. Returns the delay (seconds) after
 * which the queue should retry, or null when done (delivered, or failed for good — visible to admins in
 * `GET /api/alerts/webhook/deliveries`).
 */
export async function deliverWebhook(
  env: Env,
  deliveryId: number,
  fetcher: typeof fetch = fetch,
): Promise<number | null> {
  const db = getDb(env.DB);
  const row = await db.get<
    DeliveryRow | undefined
  >(sql`SELECT d.id, d.attempts, d.status, a.rule_id, r.kind, a.severity, a.title, a.detail,
      a.playbook, acc.name AS account_name, acc.external_id
    FROM webhook_deliveries d JOIN alerts a ON a.id = d.alert_id JOIN accounts acc ON acc.id = a.account_id
    JOIN alert_rules r ON r.id = a.rule_id
    WHERE d.id = ${deliveryId}`);
  if (row?.status !== 'pending') return null;
  const url = await getWebhookUrl(db);
  const attempts = row.attempts + 1;
  const now = Date.now();
  if (!url) {
    await recordDelivery(
      db,
      row.id,
      { status: 'failed', attempts, lastError: 'no webhook URL configured', lastStatus: null },
      now,
    );
    return null;
  }
  const payload = slackPayload(
    {
      ruleId: row.rule_id,
      kind: row.kind,
      severity: row.severity as RaisedAlert['severity'],
      title: row.title,
      detail: row.detail,
      playbook: row.playbook,
    },
    { accountName: row.account_name },
  );
  let status: number | null = null;
  let error: string;
  let retryAfter: number | undefined;
  try {
    const res = await fetcher(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(payload),
    });
    status = res.status;
    if (res.ok) {
      await recordDelivery(
        db,
        row.id,
        { status: 'delivered', attempts, lastError: null, lastStatus: status },
        now,
      );
      return null;
    }
    error = `HTTP ${res.status}`;
    const header = Number(res.headers.get('Retry-After'));
    retryAfter = Number.isFinite(header) && header > 0 ? header : undefined;
  } catch (err) {
    error = err instanceof Error ? err.message : String(err);
  }
  const retryable = status === null || isRetryableWebhookStatus(status);
  const delay =
    retryable && attempts < MAX_WEBHOOK_ATTEMPTS ? nextRetryDelaySeconds(attempts, retryAfter) : null;
  await recordDelivery(
    db,
    row.id,
    { status: delay === null ? 'failed' : 'pending', attempts, lastError: error, lastStatus: status },
    now,
  );
  return delay;
}
