import {
  checkWebhookUrl,
  isRetryableWebhookStatus,
  MAX_WEBHOOK_ATTEMPTS,
  nextRetryDelaySeconds,
  slackPayload,
  WEBHOOK_TIMEOUT_MS,
} from '../../shared/alerts';
import { getDb } from '../common/db';
import type { Env } from '../common/env';
import { ApiError } from '../common/errors';
import { getDeliveryToSend, getWebhookUrl, recordDelivery } from './store';

/**
 * A webhook URL an admin is saving, normalised, or 400 WEBHOOK_URL_REFUSED naming the problem (see
 * `checkWebhookUrl` in shared/alerts/webhook.ts: https only, no credentials, no local or private host).
 * @example await setWebhookUrl(db, acceptWebhookUrl(body.url, 'url'), actor, now)
 */
export function acceptWebhookUrl(raw: string, field: string): string {
  const checked = checkWebhookUrl(raw);
  if (checked.ok) return checked.url;
  throw new ApiError({
    code: 'WEBHOOK_URL_REFUSED',
    message: `${field}: ${checked.message}`,
    issues: [{ path: [field], code: checked.problem, message: checked.message }],
  });
}

/**
 * The options of every outbound webhook POST: no redirects (a 3xx is a failed delivery, so a target
 * cannot bounce the request to an address the URL check refused) and a timeout, so a target that never
 * answers cannot hold the queue consumer.
 * @example await fetch(url, { ...webhookRequestInit(body), signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS) })
 */
export function webhookRequestInit(body: unknown, timeoutMs: number): RequestInit {
  return {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
    redirect: 'manual',
    signal: AbortSignal.timeout(timeoutMs),
  };
}

/**
 * Why a webhook POST failed, for admins: the status (with a word on redirects), a timeout, or the
 * network error.
 * @example describeWebhookFailure(new Response(null, { status: 302 })) // 'HTTP 302 (redirects are not followed)'
 */
export function describeWebhookFailure(outcome: unknown, timeoutMs = WEBHOOK_TIMEOUT_MS): string {
  if (outcome instanceof Response) {
    return outcome.status >= 300 && outcome.status < 400
      ? `HTTP ${outcome.status} (redirects are not followed)`
      : `HTTP ${outcome.status}`;
  }
  // AbortSignal.timeout() rejects with a DOMException, which is not an Error in every runtime.
  if ((outcome as { name?: unknown } | null)?.name === 'TimeoutError')
    return `no answer within ${timeoutMs / 1000} s (timed out)`;
  return outcome instanceof Error ? outcome.message : String(outcome);
}

/**
 * What {@link deliverWebhook} uses to POST: the runtime's fetch and {@link WEBHOOK_TIMEOUT_MS} (ms) unless
 * a test says otherwise.
 * @example await deliverWebhook(env, id, { timeoutMs: 200 }) // a test that must not wait 10 s
 */
export interface DeliveryOptions {
  fetcher?: typeof fetch;
  timeoutMs?: number;
}

/**
 * Posts one alert to the configured webhook as Slack-compatible JSON. Returns the delay (seconds) after
 * which the queue should retry, or null when done (delivered, or failed for good — visible to admins in
 * `GET /api/alerts/webhook/deliveries`). The stored URL is checked again before every attempt, so a URL
 * saved before the rules existed is refused rather than fetched; redirects are not followed and a target
 * gets `timeoutMs` (10 s) to answer.
 * @example const delaySeconds = await deliverWebhook(env, message.body.deliveryId)
 */
export async function deliverWebhook(
  env: Env,
  deliveryId: number,
  { fetcher = fetch, timeoutMs = WEBHOOK_TIMEOUT_MS }: DeliveryOptions = {},
): Promise<number | null> {
  const db = getDb(env.DB);
  const row = await getDeliveryToSend(db, deliveryId);
  if (row?.status !== 'pending') return null;
  const now = Date.now();
  // An alert closed before its first attempt (an answer edit superseded it, or a CSM closed it at once)
  // is not news any more: posting it would announce what the channel must not act on.
  if (row.attempts === 0 && row.alertStatus === 'closed') {
    const lastError = 'not sent: the alert was closed before delivery';
    await recordDelivery(db, row.id, { status: 'cancelled', attempts: 0, lastError, lastStatus: null }, now);
    return null;
  }
  const url = await getWebhookUrl(db);
  const attempts = row.attempts + 1;
  if (!url) {
    await recordDelivery(
      db,
      row.id,
      { status: 'failed', attempts, lastError: 'no webhook URL configured', lastStatus: null },
      now,
    );
    return null;
  }
  const target = checkWebhookUrl(url);
  if (!target.ok) {
    const lastError = `refused: ${target.message}`;
    await recordDelivery(db, row.id, { status: 'failed', attempts, lastError, lastStatus: null }, now);
    return null;
  }
  const payload = slackPayload(row.alert, { accountName: row.accountName });
  let status: number | null = null;
  let error: string;
  let retryAfter: number | undefined;
  try {
    const res = await fetcher(target.url, webhookRequestInit(payload, timeoutMs));
    // Only the status matters; an unread body would hold the connection.
    await res.body?.cancel();
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
    error = describeWebhookFailure(res);
    const header = Number(res.headers.get('Retry-After'));
    retryAfter = Number.isFinite(header) && header > 0 ? header : undefined;
  } catch (err) {
    error = describeWebhookFailure(err, timeoutMs);
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
