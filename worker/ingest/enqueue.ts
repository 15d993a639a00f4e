import { type NormalizedEvent, packBySize } from '../../shared/ingest';
import type { Env } from '../common/env';
import { ApiError } from '../common/errors';
import { type IngestQueueMessageV2, QUEUE_LIMITS, toWireEvent, type WireEvent } from '../common/ingest-queue';

const encoder = new TextEncoder();

// A normalized event is at most its message plus this many bytes (field names, the event name repeated as
// feature key and name, the resolved account id).
const NORMALIZED_OVERHEAD_BYTES = 1_200;

/**
 * Packs accepted events into queue messages and sends them in `sendBatch` chunks. If a send fails the
 * client gets a 503 and retries the whole request; chunks already sent are deduplicated by messageId.
 * `bodyBytes` (the request's size) lets a typical request skip measuring every event: when even the
 * worst case fits one queue message, it is sent as one. Every message is serialized before the first send,
 * so a value JSON cannot serialize fails the request with a 400 that enqueued nothing (validation bounds
 * depth, so this is a backstop) and is never mistaken for the queue being unavailable (503, retried forever).
 */
export async function enqueueEvents(
  env: Env,
  sourceId: string,
  events: NormalizedEvent[],
  bodyBytes = Infinity,
): Promise<void> {
  if (events.length === 0) return;
  const sends = serialize(() => pack(sourceId, events, bodyBytes));
  for (const chunk of sends) await send(env, chunk);
}

/** The JSON texts of the queue messages, grouped per `sendBatch` call. */
function pack(sourceId: string, events: NormalizedEvent[], bodyBytes: number): string[][] {
  // A request's events share one receivedAt; an event that differs carries its own (see WireEvent).
  const receivedAt = events[0]!.receivedAt;
  const wire = events.map((e) => toWireEvent(e, receivedAt));
  const message = (chunk: WireEvent[]): IngestQueueMessageV2 => ({
    v: 2,
    sourceId,
    receivedAt,
    events: chunk,
  });
  if (
    bodyBytes + events.length * NORMALIZED_OVERHEAD_BYTES <= QUEUE_LIMITS.maxMessageBytes &&
    events.length <= QUEUE_LIMITS.maxEventsPerMessage
  ) {
    return [[JSON.stringify(message(wire))]];
  }
  const sized = wire.map((event) => ({ event, bytes: encoder.encode(JSON.stringify(event)).byteLength }));
  const bodies: { body: IngestQueueMessageV2; bytes: number }[] = packBySize(sized, (e) => e.bytes, {
    maxItems: QUEUE_LIMITS.maxEventsPerMessage,
    maxBytes: QUEUE_LIMITS.maxMessageBytes,
  }).map((chunk) => ({
    body: message(chunk.map((e) => e.event)),
    bytes: chunk.reduce((n, e) => n + e.bytes, 96),
  }));
  return packBySize(bodies, (b) => b.bytes, {
    maxItems: QUEUE_LIMITS.maxMessagesPerSend,
    maxBytes: QUEUE_LIMITS.maxBytesPerSend,
  }).map((chunk) => chunk.map((b) => JSON.stringify(b.body)));
}

/** Runs the serialization; a value JSON.stringify rejects (a stack overflow, a BigInt) becomes a 400. */
function serialize<T>(run: () => T): T {
  try {
    return run();
  } catch (err) {
    console.error(JSON.stringify({ msg: 'could not serialize events', error: String(err) }));
    throw new ApiError({
      code: 'VALIDATION_FAILED',
      message: 'the messages could not be serialized (nested too deep?); nothing was stored',
    });
  }
}

async function send(env: Env, texts: string[]): Promise<void> {
  try {
    // JSON text, not a structured clone of the events: measured ~25 % more ingest throughput locally.
    await env.INGEST_QUEUE.sendBatch(texts.map((body) => ({ body, contentType: 'text' })));
  } catch (err) {
    console.error(JSON.stringify({ msg: 'enqueue failed', error: String(err) }));
    throw new ApiError({
      code: 'SERVICE_UNAVAILABLE',
      message: 'could not enqueue events; retry the request',
    });
  }
}
