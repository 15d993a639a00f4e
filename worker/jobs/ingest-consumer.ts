import { getDb } from '../db/client';
import { applyEvents, type SourcedEvent } from '../db/ingest';
import { markDeadLetter, markRecovered, recordIngestFailure } from '../db/ingest-failures';
import type { Env } from '../env';
import { type IngestQueueMessage, ingestQueueMessageSchema } from './ingest-message';

// One transaction's JSON parameter stays well under D1's 2 MB value limit.
const MAX_CHUNK_BYTES = 1_000_000;

const sourced = (m: Message<IngestQueueMessage>): SourcedEvent[] =>
  m.body.events.map((e) => ({ ...e, sourceId: m.body.sourceId }));

// At most 100 ids, within D1's bound-parameter limit.
const retried = (ms: Message<IngestQueueMessage>[]) => ms.filter((m) => m.attempts > 1).map((m) => m.id);

function chunkMessages(messages: Message<IngestQueueMessage>[]): Message<IngestQueueMessage>[][] {
  const chunks: Message<IngestQueueMessage>[][] = [];
  let current: Message<IngestQueueMessage>[] = [];
  let bytes = 0;
  for (const m of messages) {
    const size = JSON.stringify(m.body.events).length;
    if (current.length > 0 && bytes + size > MAX_CHUNK_BYTES) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(m);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/**
 * Ingest queue consumer. Each chunk of messages is applied in one D1 transaction; when a chunk fails, its
 * messages are applied one by one so a single bad message is retried (and after max_retries dead-lettered)
 * without holding back the others. Redelivery is harmless: see `applyEventsStatements`.
 */
export async function consumeIngestBatch(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const db = getDb(env.DB);
  const now = Date.now();
  const valid: Message<IngestQueueMessage>[] = [];
  for (const message of batch.messages) {
    const parsed = ingestQueueMessageSchema.safeParse(message.body);
    if (parsed.success) {
      valid.push(message as Message<IngestQueueMessage>);
      continue;
    }
    // A malformed body can never succeed: record it as dead at once instead of retrying it.
    await recordIngestFailure(db, {
      queueMessageId: message.id,
      sourceId: null,
      status: 'dead',
      attempts: message.attempts,
      error: `invalid queue message: ${parsed.error.issues[0]?.message ?? 'unknown'}`,
      eventCount: 0,
      body: JSON.stringify(message.body ?? null),
      now,
    });
    message.ack();
  }

  for (const chunk of chunkMessages(valid)) {
    try {
      await applyEvents(db, chunk.flatMap(sourced), crypto.randomUUID(), now);
      for (const m of chunk) m.ack();
      await markRecovered(db, retried(chunk));
    } catch (chunkError) {
      if (chunk.length === 1) {
        await retryLater(db, chunk[0]!, chunkError, now);
        continue;
      }
      for (const m of chunk) {
        try {
          await applyEvents(db, sourced(m), crypto.randomUUID(), now);
          m.ack();
          await markRecovered(db, retried([m]));
        } catch (err) {
          await retryLater(db, m, err, now);
        }
      }
    }
  }
}

async function retryLater(
  db: ReturnType<typeof getDb>,
  m: Message<IngestQueueMessage>,
  err: unknown,
  now: number,
) {
  const error = err instanceof Error ? err.message : String(err);
  console.error(
    JSON.stringify({ msg: 'ingest message failed', queueMessageId: m.id, attempts: m.attempts, error }),
  );
  try {
    await recordIngestFailure(db, {
      queueMessageId: m.id,
      sourceId: m.body.sourceId,
      status: 'retrying',
      attempts: m.attempts,
      error,
      eventCount: m.body.events.length,
      body: JSON.stringify(m.body),
      now,
    });
  } catch (recordError) {
    console.error(JSON.stringify({ msg: 'could not record ingest failure', error: String(recordError) }));
  }
  m.retry();
}

/** Dead-letter consumer: marks the messages that exhausted their retries as dead, keeping their bodies for replay. */
export async function consumeDeadLetters(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const db = getDb(env.DB);
  const now = Date.now();
  for (const message of batch.messages) {
    const body = message.body as Partial<IngestQueueMessage> | null;
    await markDeadLetter(db, {
      queueMessageId: message.id,
      sourceId: typeof body?.sourceId === 'string' ? body.sourceId : null,
      attempts: message.attempts,
      eventCount: Array.isArray(body?.events) ? body.events.length : 0,
      body: JSON.stringify(body ?? null),
      now,
    });
    message.ack();
  }
}
