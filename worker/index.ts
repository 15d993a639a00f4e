import { deliverWebhook } from './alerts/webhook-job';
import { createApp } from './app';
import { getDb } from './common/db';
import type { Env } from './common/env';
import type { ScoringQueueMessage } from './common/scoring-queue';
import { consumeDeadLetters, consumeIngestBatch } from './ingest/job';
import { continueReplay, resumeStalledReplays } from './ingest/replay-job';
import { purgeRawEvents, retentionDays } from './ingest/retention-job';
import { queueDigests } from './mail/digest';
import { deliverQueued } from './mail/sender';
import { compactSnapshotHistory } from './scoring/compaction-store';
import { failBatch, scoreBatch, startNextBackfillDay, startScoringRun } from './scoring/job';
import { dropRescoreRequest, runRequestedRescore } from './scoring/rescore';
import { runDueSurveys } from './surveys/job';

const app = createApp();

/** Cron expressions (wrangler.toml [triggers]) and the job each runs. */
export const CRONS = {
  scoring: '0 2 * * *',
  retention: '30 3 * * *',
  /** The mail outbox: what the sending limits or a retry's backoff held back. */
  mail: '*/5 * * * *',
  /** The members' daily digest (07:00 UTC). */
  digest: '0 7 * * *',
} as const;

/** Queue consumers by queue name (wrangler.toml). */
const SCORING_MAX_RETRIES = 5;

/**
 * One scoring-queue message: score a batch of accounts, rescore one account, start a backfill's next day,
 * or deliver an alert webhook. Acks or retries it.
 */
async function handleScoringMessage(message: Message<ScoringQueueMessage>, env: Env): Promise<void> {
  const body = message.body;
  if (body.kind === 'webhook') {
    const delaySeconds = await deliverWebhook(env, body.deliveryId);
    if (delaySeconds === null) message.ack();
    else message.retry({ delaySeconds });
    return;
  }
  if (body.kind === 'rescore') {
    try {
      await runRequestedRescore(env, body.accountId);
      message.ack();
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      console.error(
        JSON.stringify({
          msg: 'rescore failed',
          accountId: body.accountId,
          attempts: message.attempts,
          error,
        }),
      );
      if (message.attempts > SCORING_MAX_RETRIES) {
        // The next run of today counts the input; a request left behind would only wait for it.
        await dropRescoreRequest(env, body.accountId);
        message.ack();
      } else message.retry();
    }
    return;
  }
  if (body.kind === 'replay') {
    // Never throws: a failed step is recorded on the job and queued again with a delay.
    await continueReplay(env, body.jobId);
    message.ack();
    return;
  }
  if (body.kind === 'backfill') {
    // Never throws: a day that cannot start fails its backfill, with the reason.
    await startNextBackfillDay(env, body.backfillId);
    message.ack();
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
    if (controller.cron === CRONS.mail || controller.cron === CRONS.digest) {
      const digests =
        controller.cron === CRONS.digest ? await queueDigests(env, controller.scheduledTime) : 0;
      const result = await deliverQueued(env, controller.scheduledTime);
      console.log(JSON.stringify({ job: 'mail', digests, ...result }));
      // Replays whose queue chain was lost go on from their cursor.
      const replays = await resumeStalledReplays(env, controller.scheduledTime).catch(() => 0);
      if (replays > 0) console.log(JSON.stringify({ job: 'replay-resume', replays }));
    } else if (controller.cron === CRONS.retention) {
      const result = await purgeRawEvents(
        getDb(env.DB),
        controller.scheduledTime,
        retentionDays(env.RAW_RETENTION_DAYS),
        env.ARCHIVE,
      );
      console.log(JSON.stringify({ job: 'retention', ...result }));
      // History written before snapshot compaction existed, a resumable chunk at a time (the write path
      // keeps new history compact).
      const compaction = await compactSnapshotHistory(getDb(env.DB), controller.scheduledTime);
      console.log(JSON.stringify({ job: 'snapshot-compaction', ...compaction }));
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
