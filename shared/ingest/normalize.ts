import { utcDay } from '../time';
import { INGEST_LIMITS } from './limits';
import type { MessageType, SegmentMessage } from './messages';

/**
 * One accepted message as the queue consumer sees it: identities resolved, clock skew corrected,
 * the feature it exercises named. Everything the consumer needs, nothing it must look up.
 */
export interface NormalizedEvent {
  messageId: string;
  type: MessageType;
  userId: string | null;
  anonymousId: string | null;
  /** External account id: `groupId` of a group call, else context.groupId / properties.accountId|groupId. */
  accountId: string | null;
  /** Event name (track) or page/screen name. */
  name: string | null;
  featureKey: string | null;
  featureName: string | null;
  module: string | null;
  /** Event time, epoch ms, skew-corrected and never after `receivedAt`. */
  ts: number;
  day: string;
  receivedAt: number;
  durationMs: number | null;
  properties: Record<string, unknown> | null;
  traits: Record<string, unknown> | null;
  previousId: string | null;
}

export interface NormalizeContext {
  /** When the request reached the API (epoch ms). */
  receivedAt: number;
  /** Batch-level `sentAt` (ISO), used when the message has none. */
  batchSentAt?: string | null;
  /** Batch-level `context`, merged under each message's own context. */
  batchContext?: Record<string, unknown> | null;
  /** Used when the message carries no messageId. */
  fallbackMessageId: string;
}

/**
 * Segment's clock-skew correction: `timestamp = receivedAt − (sentAt − originalTimestamp)`, so a client
 * whose clock is off by an hour still lands its events at the right time. The result is clamped to
 * [`INGEST_LIMITS.minEventTimeMs` (2000-01-01), receivedAt]: future times become receivedAt, and absurd
 * skews (an originalTimestamp in year 0001 with a sentAt in 9999) an event day that exists instead of
 * `-007970-…`. Epoch ms.
 * @example correctTimestamp({ originalTimestamp: '2026-01-01T10:00:00Z', sentAt: '2026-01-01T10:00:05Z', receivedAt: Date.parse('2026-01-01T09:00:05Z') }) // 09:00:00Z
 */
export function correctTimestamp(input: {
  timestamp?: string | null;
  originalTimestamp?: string | null;
  sentAt?: string | null;
  receivedAt: number;
}): number {
  const base = input.originalTimestamp ?? input.timestamp;
  const baseMs = base ? Date.parse(base) : Number.NaN;
  const sentMs = input.sentAt ? parseSentAt(input.sentAt) : Number.NaN;
  let ts = input.receivedAt;
  if (!Number.isNaN(baseMs) && !Number.isNaN(sentMs)) ts = input.receivedAt - (sentMs - baseMs);
  else if (!Number.isNaN(baseMs)) ts = baseMs;
  // max before min: a receivedAt before 2000 (only tests use one) still bounds the result.
  return Math.min(Math.max(ts, INGEST_LIMITS.minEventTimeMs), input.receivedAt);
}

// A batch's messages share one sentAt: parse it once, not once per message.
let lastSentAt = '';
let lastSentMs = Number.NaN;
function parseSentAt(sentAt: string): number {
  if (sentAt !== lastSentAt) {
    lastSentMs = Date.parse(sentAt);
    lastSentAt = sentAt;
  }
  return lastSentMs;
}

const str = (v: unknown): string | null =>
  typeof v === 'string' && v.trim() !== ''
    ? v.trim()
    : typeof v === 'number' && Number.isFinite(v)
      ? String(v)
      : null;

/** A number, or a numeric string; blanks, booleans and the rest are NaN (Number('') would be 0). */
function numeric(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '') return Number(v);
  return Number.NaN;
}

/** Duration from `properties.durationMs`, else `properties.duration` in seconds; capped, never negative. */
export function eventDurationMs(properties: Record<string, unknown> | null | undefined): number | null {
  if (!properties) return null;
  const ms = numeric(properties.durationMs);
  const seconds = numeric(properties.duration);
  const value = Number.isFinite(ms) ? ms : Number.isFinite(seconds) ? seconds * 1000 : Number.NaN;
  if (!Number.isFinite(value) || value < 0) return null;
  return Math.min(Math.round(value), INGEST_LIMITS.maxDurationMs);
}

function pagePath(properties: Record<string, unknown> | null | undefined): string | null {
  const path = str(properties?.path);
  if (path) return path.slice(0, 200);
  const url = str(properties?.url);
  if (!url) return null;
  // No URL global in the pure core: take the path between the authority and any query or fragment.
  const match = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*(\/[^?#]*)?/i.exec(url);
  return match ? (match[1] || '/').slice(0, 200) : null;
}

/** `groupId` of the message's context merged over the batch's, without building the merged object. */
function contextGroupId(
  own: Record<string, unknown> | null | undefined,
  batch: Record<string, unknown> | null | undefined,
): unknown {
  if (own && Object.hasOwn(own, 'groupId')) return own.groupId;
  return batch && Object.hasOwn(batch, 'groupId') ? batch.groupId : undefined;
}

/**
 * Turns a validated Segment message into a {@link NormalizedEvent}.
 * @example normalizeMessage({ type: 'track', event: 'Export', userId: 'u1', properties: { accountId: 'acme' } }, { receivedAt: 0, fallbackMessageId: 'm1' }).accountId // 'acme'
 */
export function normalizeMessage(message: SegmentMessage, ctx: NormalizeContext): NormalizedEvent {
  const properties = 'properties' in message ? (message.properties ?? null) : null;
  const traits = 'traits' in message ? (message.traits ?? null) : null;
  const ts = correctTimestamp({
    timestamp: message.timestamp,
    originalTimestamp: message.originalTimestamp,
    sentAt: message.sentAt ?? ctx.batchSentAt,
    receivedAt: ctx.receivedAt,
  });

  let accountId: string | null;
  if (message.type === 'group') accountId = message.groupId;
  else
    accountId =
      str(contextGroupId(message.context, ctx.batchContext)) ??
      str(properties?.accountId) ??
      str(properties?.groupId);

  let name: string | null = null;
  let featureKey: string | null = null;
  let featureName: string | null = null;
  if (message.type === 'track') {
    name = message.event;
    featureKey = message.event;
    featureName = message.event;
  } else if (message.type === 'page' || message.type === 'screen') {
    name = str(message.name);
    featureName = name ?? (message.type === 'page' ? pagePath(properties) : null);
    featureKey = featureName ? `${message.type}:${featureName}` : null;
  }

  return {
    messageId: message.messageId || ctx.fallbackMessageId,
    type: message.type,
    userId: str(message.userId),
    anonymousId: str(message.anonymousId),
    accountId: accountId ? accountId.slice(0, 256) : null,
    name,
    featureKey,
    featureName,
    module: featureKey ? (str(properties?.module)?.slice(0, 100) ?? null) : null,
    ts,
    day: utcDay(ts),
    receivedAt: ctx.receivedAt,
    durationMs: featureKey || message.type === 'track' ? eventDurationMs(properties) : null,
    properties,
    traits,
    previousId: message.type === 'alias' ? message.previousId : null,
  };
}
