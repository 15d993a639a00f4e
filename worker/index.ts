import { createApp } from './app';
import { getDb } from './db/client';
import type { Env } from './env';
import { consumeDeadLetters, consumeIngestBatch } from './jobs/ingest-consumer';
import { purgeRawEvents, retentionDays } from './jobs/retention';
import { failBatch, type ScoringQueueMessage, scoreBatch, startScoringRun } from './jobs/scoring';
import { runDueSurveys } from './jobs/surveys';
import { deliverWebhook } from './jobs/webhook';

const app = createApp();

/** Cron expressions (wrangler.toml [triggers]) and the job each runs. */
export const CRONS = { scoring: '0 2 * * *', retention: '30 3 * * *' } as const;

/** Queue consumers by queue name (wrangler.toml). */
const SCORING_MAX_RETRIES = 5;

/** One scoring-queue message: score a batch of accounts, or deliver an alert webhook. Acks or retries it. */
async function handleScoringMessage(message: Message<ScoringQueueMessage>, env: Env): Promise<void> {
  const body = message.body;
  if (body.kind === 'webhook') {
    const delaySeconds = await deliverWebhook(env, body.deliveryId);
    if (delaySeconds === null) message.ack();
    else message.retry({ delaySeconds });
    return;
  }
  try {
    await scoreBatch(env, body);
    message.ack();
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    console.error(
      JSON.stringify({ msg: 'scoring batch failed', runId: body.runId, attempts: message.attempts, error }),
    );
    // attempts counts deliveries: the first try plus max_retries retries.
    if (message.attempts > SCORING_MAX_RETRIES) {
      await failBatch(env, body, error);
      message.ack();
    } else message.retry();
  }
}

// Batches are independent (each its own transaction), so they run side by side: one's D1 round trip
// overlaps another's scoring.
async function consumeScoring(batch: MessageBatch<ScoringQueueMessage>, env: Env) {
  await Promise.all(batch.messages.map((message) => handleScoringMessage(message, env)));
}

export default {
  fetch: app.fetch,
  async queue(batch, env) {
    if (batch.queue.startsWith('keepwell-scoring'))
      await consumeScoring(batch as MessageBatch<ScoringQueueMessage>, env);
    else if (batch.queue.endsWith('-dlq')) await consumeDeadLetters(batch, env);
    else await consumeIngestBatch(batch, env);
  },
  async scheduled(controller, env) {
    if (controller.cron === CRONS.retention) {
      const result = await purgeRawEvents(
        getDb(env.DB),
        controller.scheduledTime,
        retentionDays(env.RAW_RETENTION_DAYS),
      );
      console.log(JSON.stringify({ job: 'retention', ...result }));
    } else if (controller.cron === CRONS.scoring) {
      // Survey re-runs ride the daily cron; their failure is logged and never holds up scoring.
      const surveys = await runDueSurveys(env, controller.scheduledTime).catch((err) => {
        console.error(
          JSON.stringify({ job: 'surveys', error: err instanceof Error ? err.message : String(err) }),
        );
        return [];
      });
      console.log(JSON.stringify({ job: 'surveys', runs: surveys.length }));
      const run = await startScoringRun(env, { trigger: 'cron', now: controller.scheduledTime });
      await run.fanOut();
      console.log(JSON.stringify({ job: 'scoring', runId: run.runId, total: run.total }));
    }
  },
} satisfies ExportedHandler<Env, unknown>;
