import { nextRetryDelaySeconds } from '../../shared/alerts';
import { getDb } from '../common/db';
import type { Env } from '../common/env';
import { openMailApiKey } from './api-key';
import { mailTransport } from './providers';
import { claimDueMail, getMailSettings, recordFailure, recordSent } from './store';

/** Messages one sender run claims at most (a cron run or a request's waitUntil). */
export const MAIL_BATCH = 25;

/** The From address when the admin set none. */
export const DEFAULT_FROM = 'Keepwell <keepwell@localhost>';

export interface DeliveryResult {
  sent: number;
  failed: number;
  retrying: number;
}

/**
 * Sends the due messages of the outbox through the configured transport, within the installation-wide
 * limits (see `claimDueMail`), and records each outcome: sent with the provider's id, queued again with
 * backoff (30 s → 2 min → 10 min → 1 h, as webhooks), or failed for good with the reason. Never throws for
 * a message; what is left over by the limits waits for the next run (cron every 5 minutes).
 * @example ctx.waitUntil(deliverQueued(env, Date.now()))
 */
export async function deliverQueued(
  env: Env,
  now: number,
  opts: { fetcher?: typeof fetch; max?: number } = {},
): Promise<DeliveryResult> {
  const db = getDb(env.DB);
  const config = await getMailSettings(db);
  // Before claiming: a plaintext key from before encryption is sealed on the first run, mail or not.
  const key = await openMailApiKey(env, db, config.apiKey, now);
  const claimed = await claimDueMail(db, now, config, opts.max ?? MAIL_BATCH);
  const result: DeliveryResult = { sent: 0, failed: 0, retrying: 0 };
  if (claimed.length === 0) return result;
  const transport = mailTransport(env, config, key.apiKey, opts.fetcher, key.problem);
  const from = config.from ?? DEFAULT_FROM;
  for (const mail of claimed) {
    const outcome = await transport.send(mail, from);
    if (outcome.ok) {
      await recordSent(db, mail.id, transport.name, outcome.messageId, now);
      result.sent++;
      continue;
    }
    const delay = outcome.retryable ? nextRetryDelaySeconds(mail.attempts, outcome.retryAfterSeconds) : null;
    await recordFailure(
      db,
      mail.id,
      { provider: transport.name, error: outcome.error, retryAt: delay === null ? null : now + delay * 1000 },
      now,
    );
    if (delay === null) result.failed++;
    else result.retrying++;
  }
  return result;
}

/**
 * Runs {@link deliverQueued} after the response, logging instead of failing: what a route calls right after
 * it queued mail, so the message leaves at once rather than with the next cron run.
 * @example sendSoon(c.env, c.executionCtx)
 */
export function sendSoon(env: Env, ctx: Pick<ExecutionContext, 'waitUntil'>): void {
  ctx.waitUntil(
    deliverQueued(env, Date.now()).catch((err) =>
      console.error(JSON.stringify({ job: 'mail', error: err instanceof Error ? err.message : String(err) })),
    ),
  );
}
