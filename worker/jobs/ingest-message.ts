import { z } from 'zod';
import { MESSAGE_TYPES, type NormalizedEvent } from '../../shared/ingest';

/** Body of one ingest queue message: a chunk of accepted events of one source. */
export interface IngestQueueMessage {
  v: 1;
  sourceId: string;
  events: NormalizedEvent[];
}

const nullableString = z.string().nullable();
const record = z.record(z.string(), z.unknown()).nullable();

/** Checked by the consumer: a body that fails this can never succeed and is recorded, not retried. */
export const ingestQueueMessageSchema = z.object({
  v: z.literal(1),
  sourceId: z.string().min(1),
  events: z.array(
    z.object({
      messageId: z.string().min(1),
      type: z.enum(MESSAGE_TYPES),
      userId: nullableString,
      anonymousId: nullableString,
      accountId: nullableString,
      name: nullableString,
      featureKey: nullableString,
      featureName: nullableString,
      module: nullableString,
      ts: z.number().int(),
      day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
      receivedAt: z.number().int(),
      durationMs: z.number().int().nonnegative().nullable(),
      properties: record,
      traits: record,
      previousId: nullableString,
    }),
  ),
}) satisfies z.ZodType<IngestQueueMessage>;

/** Queue limits: 128 KB per message, 100 messages and 256 KB per sendBatch (with headroom for framing). */
export const QUEUE_LIMITS = {
  maxEventsPerMessage: 500,
  maxMessageBytes: 100 * 1024,
  maxMessagesPerSend: 100,
  maxBytesPerSend: 240 * 1024,
} as const;
