import { createApp } from './app';
import { getDb } from './db/client';
import type { Env } from './env';
import { consumeDeadLetters, consumeIngestBatch } from './jobs/ingest-consumer';
import { purgeRawEvents, retentionDays } from './jobs/retention';

const app = createApp();

/** Cron expressions (wrangler.toml [triggers]) and the job each runs. */
export const CRONS = { retention: '30 3 * * *' } as const;

export default {
  fetch: app.fetch,
  async queue(batch, env) {
    if (batch.queue.endsWith('-dlq')) await consumeDeadLetters(batch, env);
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
    }
  },
} satisfies ExportedHandler<Env, unknown>;
