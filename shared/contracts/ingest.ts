import { z } from 'zod';
import { INGEST_LIMITS } from '../ingest/limits';
import { MESSAGE_ERROR_CODES, MESSAGE_SCHEMAS, type MessageType } from '../ingest/messages';

const isoTimestamp = z.iso.datetime({ offset: true }).meta({ description: 'ISO 8601 timestamp' });

/** `POST /api/sources` */
export const createSourceInput = z
  .object({ name: z.string().trim().min(1).max(100).meta({ example: 'Production web app' }) })
  .strict()
  .meta({ id: 'CreateSourceInput' });

/** `DELETE /api/sources/:id` */
export const sourceIdParam = z.object({ id: z.uuid() });

/** A source of events and its write key's prefix (the key itself only to admins, on request). */
export const sourceSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    keyPrefix: z.string().meta({ description: 'First 7 characters of the write key, to recognise it.' }),
    createdAt: isoTimestamp,
    revokedAt: isoTimestamp.nullable(),
  })
  .meta({ id: 'Source' });
export type Source = z.infer<typeof sourceSchema>;

/**
 * `POST /api/sources` → 201 with the write key. It is stored hashed, and sealed so admins can read it again
 * (`GET /api/sources/:id/write-key`).
 */
export const createdSourceSchema = sourceSchema
  .extend({ writeKey: z.string().meta({ description: 'Shown once: store it in your tracking set-up.' }) })
  .meta({ id: 'CreatedSource' });
export type CreatedSource = z.infer<typeof createdSourceSchema>;

/** `GET /api/sources/:id/write-key`: the key again, for snippets (admins only). */
export const sourceWriteKeySchema = z
  .object({ id: z.uuid(), writeKey: z.string() })
  .meta({ id: 'SourceWriteKey' });

/** `GET /api/sources` */
export const sourceListSchema = z.object({ items: z.array(sourceSchema) }).meta({ id: 'SourceList' });

// ---------------------------------------------------------------------------------------------------
// The Segment/RudderStack-compatible ingest API (/v1). Its request bodies are documented from the message
// schemas that validate them (shared/ingest/messages.ts); the routes parse them on their own fast path.

const writeKeyField = z
  .string()
  .optional()
  .meta({ description: 'The write key, when not sent as the HTTP Basic user name (browser clients).' });

const singleMessageBody = <T extends MessageType>(type: T) =>
  MESSAGE_SCHEMAS[type]
    .extend({
      type: z
        .string()
        .optional()
        .meta({ description: `Ignored: the path makes it \`${type}\`.` }),
      writeKey: writeKeyField,
    })
    .meta({ id: `${type[0]!.toUpperCase()}${type.slice(1)}Message` });

/**
 * `POST /v1/{type}` (and its short path) by type: one message of that type, which the path implies (a
 * `type` in the body is ignored).
 */
export const singleMessageBodies = {
  track: singleMessageBody('track'),
  identify: singleMessageBody('identify'),
  group: singleMessageBody('group'),
  page: singleMessageBody('page'),
  screen: singleMessageBody('screen'),
  alias: singleMessageBody('alias'),
} satisfies Record<MessageType, z.ZodType>;

/** A message of a batch: its `type` says which. */
export const batchMessageSchema = z
  .discriminatedUnion('type', [
    MESSAGE_SCHEMAS.track,
    MESSAGE_SCHEMAS.identify,
    MESSAGE_SCHEMAS.group,
    MESSAGE_SCHEMAS.page,
    MESSAGE_SCHEMAS.screen,
    MESSAGE_SCHEMAS.alias,
  ])
  .meta({ id: 'SegmentMessage' });

/** `POST /v1/batch`, `/v1/import`, `/v1/b` */
export const batchBody = z
  .object({
    batch: z
      .array(batchMessageSchema)
      .max(INGEST_LIMITS.maxBatchMessages)
      .meta({
        description: `At most ${INGEST_LIMITS.maxBatchMessages} messages of at most ${INGEST_LIMITS.maxMessageBytes} bytes each; an invalid one is reported in \`rejected\`, the others are stored.`,
      }),
    context: z
      .record(z.string(), z.unknown())
      .nullish()
      .meta({ description: "Merged under each message's own context." }),
    sentAt: z.string().nullish().meta({ description: 'When the client sent it; corrects clock skew.' }),
    writeKey: writeKeyField,
  })
  .meta({ id: 'Batch' });

/** Why one message of a batch was not stored. */
export const messageErrorSchema = z
  .object({
    index: z.number().int().nonnegative().meta({ description: 'Its position in `batch`.' }),
    code: z.enum(MESSAGE_ERROR_CODES),
    message: z.string(),
    path: z
      .array(z.union([z.string(), z.number()]))
      .optional()
      .meta({ description: 'The field at fault.' }),
  })
  .meta({ id: 'MessageError' });

/** `POST /v1/{type}` → 200: the message is queued for storing. */
export const messageAcceptedSchema = z.object({ success: z.literal(true) }).meta({ id: 'MessageAccepted' });

/** `POST /v1/batch` → 200, even when some messages were rejected (clients drop a whole request on a 400). */
export const batchAcceptedSchema = z
  .object({
    success: z.literal(true),
    accepted: z.number().int().nonnegative().meta({ description: 'Messages queued for storing.' }),
    rejected: z.array(messageErrorSchema),
  })
  .meta({ id: 'BatchAccepted' });

/** `GET /v1/pixel.gif`: a track call as a tracking pixel (an `<img>` in an email or a page without JS). */
export const pixelQuery = z.object({
  writeKey: z.string().min(1),
  activity: z.string().min(1).max(200).meta({ description: 'The event name.', example: 'Report Run' }),
  account: z
    .string()
    .min(1)
    .max(256)
    .optional()
    .meta({ description: "The account's external id (`context.groupId`)." }),
  user: z.string().min(1).max(256).optional().meta({ description: 'The userId.' }),
  anonymousId: z
    .string()
    .min(1)
    .max(256)
    .optional()
    .meta({ description: 'Without `user` or this, the event is anonymous ("pixel").' }),
  module: z.string().min(1).max(100).optional().meta({ description: 'properties.module' }),
  messageId: z.string().min(1).max(256).optional(),
  durationMs: z.coerce.number().int().nonnegative().optional().meta({ description: 'properties.durationMs' }),
});

// ---------------------------------------------------------------------------------------------------
// Ingest administration (/api/ingest).

/** The state of a queue message that failed to store. */
export const failureStatusSchema = z.enum(['retrying', 'recovered', 'dead', 'replayed']).meta({
  description:
    '`retrying`: the queue retries it; `recovered`: a retry stored it; `dead`: retries ran out; `replayed`: sent again by an admin.',
});
export type FailureStatus = z.infer<typeof failureStatusSchema>;

/** `GET /api/ingest/failures` */
export const listFailuresQuery = z.object({
  status: failureStatusSchema.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** `/api/ingest/failures/:id` */
export const failureIdParam = z.object({ id: z.coerce.number().int().positive() });

/** A queue message the consumer could not store (its body is kept for replay, not shown). */
export const ingestFailureSchema = z
  .object({
    id: z.number().int().positive(),
    queueMessageId: z.string(),
    sourceId: z.string().nullable().meta({ description: 'Null when the body names no source.' }),
    status: failureStatusSchema,
    attempts: z.number().int().nonnegative(),
    error: z.string().meta({ description: 'The last error.' }),
    eventCount: z.number().int().nonnegative(),
    firstFailedAt: isoTimestamp,
    lastFailedAt: isoTimestamp,
  })
  .meta({ id: 'IngestFailure' });
export type IngestFailure = z.infer<typeof ingestFailureSchema>;

/** `GET /api/ingest/failures`: the most recently failed first. */
export const ingestFailureListSchema = z
  .object({ items: z.array(ingestFailureSchema) })
  .meta({ id: 'IngestFailureList' });

/** `POST /api/ingest/failures/:id/replay` → 202 */
export const replayedFailureSchema = z
  .object({
    id: z.number().int().positive(),
    status: z.literal('replayed'),
    events: z.number().int().nonnegative().meta({ description: 'Events in the replayed message.' }),
  })
  .meta({ id: 'ReplayedFailure' });

/** `GET /api/ingest/stats` */
export const ingestStatsQuery = z.object({
  sourceId: z.string().optional().meta({ description: 'Count raw events of this source only.' }),
});

/** `GET /api/ingest/stats`: pipeline totals. */
export const ingestStatsSchema = z
  .object({
    rawEvents: z
      .number()
      .int()
      .nonnegative()
      .meta({ description: 'Raw events kept (of the source, if given).' }),
    lastReceivedAt: isoTimestamp.nullable(),
    rolledUpEvents: z
      .number()
      .int()
      .nonnegative()
      .meta({ description: 'Events counted by the daily rollups.' }),
    accounts: z.number().int().nonnegative(),
    users: z.number().int().nonnegative(),
    features: z.number().int().nonnegative(),
    failures: z.number().int().nonnegative().meta({ description: 'Failures retrying or dead.' }),
  })
  .meta({ id: 'IngestStats' });
export type IngestStats = z.infer<typeof ingestStatsSchema>;

/** Messages of one error code the edge rejected for a source in the last 7 days. */
export const sourceRejectionSchema = z
  .object({
    code: z.enum(MESSAGE_ERROR_CODES),
    messages: z.number().int().nonnegative(),
    lastRejectedAt: isoTimestamp,
  })
  .meta({ id: 'SourceRejection' });

/** One source's ingest in UTC days: today, the 7 days ending today, the last receipt, rejections by code. */
export const sourceStatsSchema = z
  .object({
    sourceId: z.string(),
    eventsToday: z.number().int().nonnegative().meta({ description: 'Events stored today (UTC).' }),
    events7d: z
      .number()
      .int()
      .nonnegative()
      .meta({ description: 'Events stored in the 7 UTC days ending today.' }),
    lastReceivedAt: isoTimestamp.nullable(),
    rejected7d: z.array(sourceRejectionSchema).meta({ description: 'Most rejected code first.' }),
  })
  .meta({ id: 'SourceStats' });
export type SourceStats = z.infer<typeof sourceStatsSchema>;

/** `GET /api/ingest/sources`: every source that received or rejected something (others have no row). */
export const sourceStatsListSchema = z
  .object({ items: z.array(sourceStatsSchema) })
  .meta({ id: 'SourceStatsList' });

/** Days one replay may rebuild (a quarter): bounded work, and a bounded window of partial rollups. */
export const MAX_REPLAY_DAYS = 92;

const replayDay = z.iso.date().meta({ description: 'A UTC event day.', example: '2026-08-01' });

/** `POST /api/ingest/replays`: rebuild the rollups of the event days `from`..`to` from raw events. */
export const startReplayBody = z
  .object({
    from: replayDay,
    to: replayDay,
    sourceId: z.uuid().optional().meta({
      description:
        'Recorded with the job. The rollups are not kept per source, so the days are rebuilt from every source.',
    }),
  })
  .strict()
  .superRefine((body, ctx) => {
    if (body.from > body.to)
      ctx.addIssue({ code: 'custom', path: ['from'], message: '"from" is after "to"' });
    else if ((Date.parse(body.to) - Date.parse(body.from)) / 86_400_000 + 1 > MAX_REPLAY_DAYS)
      ctx.addIssue({ code: 'custom', path: ['to'], message: `at most ${MAX_REPLAY_DAYS} days per replay` });
  })
  .meta({ id: 'StartReplay' });
export type StartReplayBody = z.infer<typeof startReplayBody>;

/** `/api/ingest/replays/:id` */
export const replayIdParam = z.object({ id: z.uuid() });

/** A replay job and its progress. */
export const replayJobSchema = z
  .object({
    id: z.uuid(),
    from: replayDay,
    to: replayDay,
    sourceId: z.string().nullable(),
    status: z.enum(['running', 'done', 'failed']),
    phase: z.enum(['clear', 'live', 'archive', 'done']).meta({
      description:
        'clear (the days’ rollups), live (raw events still in D1), archive (purged ones from R2), done.',
    }),
    liveEvents: z.number().int().nonnegative().meta({ description: 'Raw events of D1 re-applied.' }),
    archivedEvents: z
      .number()
      .int()
      .nonnegative()
      .meta({ description: 'Archived events re-applied (restored to D1 until the next retention run).' }),
    partitions: z.number().int().nonnegative().meta({ description: 'Archived partitions read.' }),
    error: z.string().nullable(),
    requestedBy: z.string(),
    createdAt: isoTimestamp,
    updatedAt: isoTimestamp,
    finishedAt: isoTimestamp.nullable(),
  })
  .meta({ id: 'ReplayJob' });
export type ReplayJob = z.infer<typeof replayJobSchema>;

export const replayJobListSchema = z
  .object({ items: z.array(replayJobSchema) })
  .meta({ id: 'ReplayJobList' });
