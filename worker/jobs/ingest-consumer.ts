import { getDb } from '../db/client';
import { applyEvents, type SourcedEvent } from '../db/ingest';
import { markDeadLetter, markRecovered, recordIngestFailure } from '../db/ingest-failures';
import type { Env } from '../env';
import { type IngestQueueMessage, ingestQueueMessageSchema, sourcedEvents } from './ingest-message';

// One transaction's JSON parameter stays well under D1's 2 MB value limit.
const MAX_CHUNK_BYTES = 1_000_000;

/** A queue message with its decoded body and the exact text it arrived as (kept for failure records). */
interface Item {
  message: Message<unknown>;
  body: IngestQueueMessage;
  text: string;
}

/**
 * The body as text: the producer sends JSON text (cheaper for the queue to carry than a structured clone
 * of the events); objects still arrive from older producers and tests.
 */
export const wireText = (body: unknown): string =>
  typeof body === 'string' ? body : JSON.stringify(body ?? null);

function decode(body: unknown): { ok: true; value: IngestQueueMessage } | { ok: false; error: string } {
  let value: unknown = body;
  if (typeof body === 'string') {
    try {
      value = JSON.parse(body);
    } catch {
      return { ok: false, error: 'body is not JSON' };
    }
  }
  const parsed = ingestQueueMessageSchema.safeParse(value);
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, error: parsed.error.issues[0]?.message ?? 'unknown' };
}

const sourced = (item: Item): SourcedEvent[] => sourcedEvents(item.body);

// At most 100 ids, within D1's bound-parameter limit.
const retried = (items: Item[]) => items.filter((i) => i.message.attempts > 1).map((i) => i.message.id);

function chunkItems(items: Item[]): Item[][] {
  const chunks: Item[][] = [];
  let current: Item[] = [];
  let bytes = 0;
  for (const item of items) {
    if (current.length > 0 && bytes + item.text.length > MAX_CHUNK_BYTES) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += item.text.length;
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
  const items: Item[] = [];
  for (const message of batch.messages) {
    const decoded = decode(message.body);
    if (decoded.ok) {
      items.push({ message, body: decoded.value, text: wireText(message.body) });
      continue;
    }
    // A malformed body can never succeed: record it as dead at once instead of retrying it.
    await recordIngestFailure(db, {
      queueMessageId: message.id,
      sourceId: null,
      status: 'dead',
      attempts: message.attempts,
      error: `invalid queue message: ${decoded.error}`,
      eventCount: 0,
      body: wireText(message.body),
      now,
    });
    message.ack();
  }

  for (const chunk of chunkItems(items)) {
    try {
      await applyEvents(db, chunk.flatMap(sourced), crypto.randomUUID(), now);
      for (const item of chunk) item.message.ack();
      await markRecovered(db, retried(chunk));
    } catch (chunkError) {
      if (chunk.length === 1) {
        await retryLater(db, chunk[0]!, chunkError, now);
        continue;
      }
      for (const item of chunk) {
        try {
          await applyEvents(db, sourced(item), crypto.randomUUID(), now);
          item.message.ack();
          await markRecovered(db, retried([item]));
        } catch (err) {
          await retryLater(db, item, err, now);
        }
      }
    }
  }
}

async function retryLater(db: ReturnType<typeof getDb>, item: Item, err: unknown, now: number) {
  const { message, body } = item;
  const error = err instanceof Error ? err.message : String(err);
  console.error(
    JSON.stringify({
      msg: 'ingest message failed',
      queueMessageId: message.id,
      attempts: message.attempts,
      error,
    }),
  );
  try {
    await recordIngestFailure(db, {
      queueMessageId: message.id,
      sourceId: body.sourceId,
      status: 'retrying',
      attempts: message.attempts,
      error,
      eventCount: body.events.length,
      body: item.text,
      now,
    });
  } catch (recordError) {
    console.error(JSON.stringify({ msg: 'could not record ingest failure', error: String(recordError) }));
  }
  message.retry();
}

/** Dead-letter consumer: marks the messages that exhausted their retries as dead, keeping their bodies for replay. */
export async function consumeDeadLetters(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const db = getDb(env.DB);
  const now = Date.now();
  for (const message of batch.messages) {
    const decoded = decode(message.body);
    await markDeadLetter(db, {
      queueMessageId: message.id,
      sourceId: decoded.ok ? decoded.value.sourceId : null,
      attempts: message.attempts,
      eventCount: decoded.ok ? decoded.value.events.length : 0,
      body: wireText(message.body),
      now,
    });
    message.ack();
  }
}
