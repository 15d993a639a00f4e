import { packBySize } from '../../shared/ingest';
import { getDb } from '../common/db';
import type { Env } from '../common/env';
import {
  type IngestQueueMessage,
  type IngestQueueMessageV2,
  type InvalidQueueEvent,
  parseQueueMessage,
  QUEUE_LIMITS,
  sourcedEvents,
  toWireEvent,
} from '../common/ingest-queue';
import { markDeadLetter, markRecovered, recordIngestFailure } from './failures-store';
import { applyEvents, type SourcedEvent } from './store';

// One transaction's JSON parameter stays well under D1's 2 MB value limit.
const MAX_CHUNK_BYTES = 1_000_000;

/**
 * Bisecting a failed message: after this many failed transactions in a row (across the whole invocation)
 * without one success, D1 itself is taken to be failing (an outage, not a bad event), and messages are
 * retried whole instead of split further.
 */
const MAX_FAILURES_IN_A_ROW = 6;
/** Transactions one message's bisection may spend before its message is retried whole. */
const MAX_BISECT_TRANSACTIONS = 64;

type Db = ReturnType<typeof getDb>;

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

function decode(body: unknown) {
  let value: unknown = body;
  if (typeof body === 'string') {
    try {
      value = JSON.parse(body);
    } catch {
      return { ok: false as const, error: 'body is not JSON' };
    }
  }
  return parseQueueMessage(value);
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

/** Consecutive failed transactions of this invocation: the outage detector of the bisection. */
interface Health {
  failuresInARow: number;
}

/** Applies events in one transaction; records the outcome in `health`. Never throws: returns the error. */
async function tryApply(db: Db, events: SourcedEvent[], now: number, health: Health): Promise<unknown> {
  try {
    await applyEvents(db, events, crypto.randomUUID(), now);
    health.failuresInARow = 0;
    return undefined;
  } catch (err) {
    health.failuresInARow++;
    return err ?? new Error('unknown error');
  }
}

/**
 * Ingest queue consumer. Each chunk of messages is applied in one D1 transaction; when a chunk fails, its
 * messages are applied one by one, and a message that fails alone is bisected (see {@link isolate}) so a bad
 * event fails alone, without holding back or losing the events beside it. Events of a body that can never be
 * stored (they fail the wire checks) are recorded as dead at once and their neighbours stored. Redelivery is
 * harmless: see `applyEventsStatements`.
 */
export async function consumeIngestBatch(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const db = getDb(env.DB);
  const now = Date.now();
  const health: Health = { failuresInARow: 0 };
  const items: Item[] = [];
  for (const message of batch.messages) {
    const decoded = decode(message.body);
    if (!decoded.ok) {
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
      continue;
    }
    if (decoded.invalid.length > 0)
      await recordInvalidEvents(db, message, decoded.body, decoded.invalid, now);
    if (decoded.body.events.length === 0) {
      message.ack();
      continue;
    }
    // With invalid events left out, the failure record (and a replay) carries only the storable ones.
    const text =
      decoded.invalid.length > 0 ? jsonOr(decoded.body, wireText(message.body)) : wireText(message.body);
    items.push({ message, body: decoded.body, text });
  }

  for (const chunk of chunkItems(items)) {
    const chunkError = await tryApply(db, chunk.flatMap(sourced), now, health);
    if (chunkError === undefined) {
      for (const item of chunk) item.message.ack();
      await markRecovered(db, retried(chunk));
      continue;
    }
    if (chunk.length === 1) {
      await isolate(env, db, chunk[0]!, chunkError, now, health);
      continue;
    }
    for (const item of chunk) {
      const err = await tryApply(db, sourced(item), now, health);
      if (err === undefined) {
        item.message.ack();
        await markRecovered(db, retried([item]));
      } else await isolate(env, db, item, err, now, health);
    }
  }
}

/**
 * The events of one body that fail the wire checks, as one dead failure of their own (under the queue
 * message's id + `:invalid`, so a redelivery updates it rather than adding another).
 */
async function recordInvalidEvents(
  db: Db,
  message: Message<unknown>,
  valid: IngestQueueMessage,
  invalid: InvalidQueueEvent[],
  now: number,
) {
  const body = { ...valid, events: invalid.map((i) => i.event) };
  const error = invalid.map((i) => `event ${i.index}: ${i.error}`).join('; ');
  console.error(JSON.stringify({ msg: 'invalid ingest events', queueMessageId: message.id, error }));
  await recordIngestFailure(db, {
    queueMessageId: `${message.id}:invalid`,
    sourceId: valid.sourceId,
    status: 'dead',
    attempts: message.attempts,
    error: `invalid queue event: ${error}`.slice(0, 2000),
    eventCount: invalid.length,
    body: jsonOr(body, wireText(message.body)),
    now,
  });
}

/**
 * JSON of a decoded body, or `fallback` (the text it arrived as) when JSON.stringify throws: a body sent
 * straight to the queue, past the edge's depth check, can nest deep enough to overflow it.
 */
function jsonOr(value: unknown, fallback: string): string {
  try {
    return JSON.stringify(value);
  } catch {
    return fallback;
  }
}

/**
 * A message that failed alone. One event: it is retried (and after max_retries dead-lettered), as before.
 * Several: its events are bisected, each part in its own transaction, until every failing event is alone;
 * the parts that apply are stored, and each failing event is re-enqueued as a queue message of its own (to
 * be retried and dead-lettered alone, and replayed alone) before the original is acked. When no part applies
 * (or D1 looks down: {@link MAX_FAILURES_IN_A_ROW}), or the bisection runs out of budget, the whole message is
 * retried: a bad event cannot be told from an outage without a success beside it. Every path is idempotent:
 * re-applying stored events adds nothing (see `applyEventsStatements`).
 */
async function isolate(env: Env, db: Db, item: Item, err: unknown, now: number, health: Health) {
  const events = sourced(item);
  if (events.length === 1 || health.failuresInARow >= MAX_FAILURES_IN_A_ROW) {
    await retryLater(db, item, err, now);
    return;
  }
  const failed: SourcedEvent[] = [];
  const pending: SourcedEvent[][] = [events];
  let stored = 0;
  let transactions = 0;
  let lastError = err;
  // `pending[0]` is known to fail: split it without re-applying it.
  let knownFailing = true;
  while (pending.length > 0) {
    const part = pending.shift()!;
    let partError: unknown;
    if (knownFailing) {
      knownFailing = false;
      partError = err;
    } else {
      if (transactions >= MAX_BISECT_TRANSACTIONS || health.failuresInARow >= MAX_FAILURES_IN_A_ROW) {
        await retryLater(db, item, lastError, now);
        return;
      }
      transactions++;
      partError = await tryApply(db, part, now, health);
    }
    if (partError === undefined) {
      stored += part.length;
      continue;
    }
    lastError = partError;
    if (part.length === 1) failed.push(part[0]!);
    else {
      const half = Math.ceil(part.length / 2);
      pending.push(part.slice(0, half), part.slice(half));
    }
  }
  if (stored === 0) {
    await retryLater(db, item, lastError, now);
    return;
  }
  try {
    const texts = failed.map((e) => JSON.stringify(singleEventBody(e)));
    const sends = packBySize(texts, (t) => t.length * 3, {
      maxItems: QUEUE_LIMITS.maxMessagesPerSend,
      maxBytes: QUEUE_LIMITS.maxBytesPerSend,
    });
    for (const send of sends) {
      await env.INGEST_QUEUE.sendBatch(send.map((body) => ({ body, contentType: 'text' as const })));
    }
  } catch (sendError) {
    // The failing events could not be set apart: retry the whole message (its stored events add nothing).
    await retryLater(db, item, sendError, now);
    return;
  }
  console.error(
    JSON.stringify({
      msg: 'ingest message split',
      queueMessageId: item.message.id,
      stored,
      requeued: failed.map((e) => e.messageId),
      error: errorText(lastError),
    }),
  );
  item.message.ack();
  await markRecovered(db, retried([item]));
}

/** A version 2 body holding one event. */
function singleEventBody(event: SourcedEvent): IngestQueueMessageV2 {
  return {
    v: 2,
    sourceId: event.sourceId,
    receivedAt: event.receivedAt,
    events: [toWireEvent(event, event.receivedAt)],
  };
}

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

async function retryLater(db: Db, item: Item, err: unknown, now: number) {
  const { message, body } = item;
  const error = errorText(err);
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
      sourceId: decoded.ok ? decoded.body.sourceId : null,
      attempts: message.attempts,
      eventCount: decoded.ok ? decoded.body.events.length + decoded.invalid.length : 0,
      body: wireText(message.body),
      now,
    });
    message.ack();
  }
}
