import { type NormalizedEvent, packBySize } from '../../shared/ingest';
import type { Env } from '../env';
import { ApiError } from '../errors';
import { type IngestQueueMessage, QUEUE_LIMITS } from '../jobs/ingest-message';

const encoder = new TextEncoder();

/**
 * Packs accepted events into queue messages and sends them in `sendBatch` chunks. If a send fails the
 * client gets a 503 and retries the whole request; chunks already sent are deduplicated by messageId.
 */
export async function enqueueEvents(env: Env, sourceId: string, events: NormalizedEvent[]): Promise<void> {
  if (events.length === 0) return;
  const sized = events.map((event) => ({ event, bytes: encoder.encode(JSON.stringify(event)).byteLength }));
  const bodies: { body: IngestQueueMessage; bytes: number }[] = packBySize(sized, (e) => e.bytes, {
    maxItems: QUEUE_LIMITS.maxEventsPerMessage,
    maxBytes: QUEUE_LIMITS.maxMessageBytes,
  }).map((chunk) => ({
    body: { v: 1, sourceId, events: chunk.map((e) => e.event) },
    bytes: chunk.reduce((n, e) => n + e.bytes, 64),
  }));
  const sends = packBySize(bodies, (b) => b.bytes, {
    maxItems: QUEUE_LIMITS.maxMessagesPerSend,
    maxBytes: QUEUE_LIMITS.maxBytesPerSend,
  });
  try {
    for (const send of sends) await env.INGEST_QUEUE.sendBatch(send.map((b) => ({ body: b.body })));
  } catch (err) {
    console.error(JSON.stringify({ msg: 'enqueue failed', error: String(err) }));
    throw new ApiError({
      code: 'SERVICE_UNAVAILABLE',
      message: 'could not enqueue events; retry the request',
    });
  }
}
