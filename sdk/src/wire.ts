import { SDK_VERSION } from './version';

/** Free-form traits or properties; anything JSON-serialisable. */
export type Payload = Record<string, unknown>;

/**
 * One message exactly as it travels in the `batch` array of Segment's `/v1/batch` API.
 *
 * @example
 * const message: KeepwellMessage = {
 *   type: 'track',
 *   messageId: '0b7c…',
 *   timestamp: '2025-01-01T00:00:00.000Z',
 *   userId: 'user_1',
 *   context: { library: { name: 'keepwell-sdk', version: '0.1.0' } },
 *   event: 'Report Exported',
 *   properties: {},
 * };
 */
export interface KeepwellMessage {
  type: 'identify' | 'group' | 'track' | 'page';
  messageId: string;
  /** ISO 8601 time of the call. */
  timestamp: string;
  userId?: string;
  anonymousId?: string;
  context: { library: { name: string; version: string }; groupId?: string; [key: string]: unknown };
  traits?: Payload;
  event?: string;
  properties?: Payload;
  name?: string;
  groupId?: string;
}

/** A queued message with its serialised form, so size checks and request bodies serialise it only once. */
export interface Entry {
  message: KeepwellMessage;
  json: string;
  bytes: number;
  /** Set once an in-flight entry has been handed to sendBeacon, so pagehide after visibilitychange does not send it twice. */
  beaconed?: boolean;
}

/** Segment's per-message limit; the Keepwell server rejects anything larger. */
export const MAX_MESSAGE_BYTES = 32 * 1024;
/** The server accepts 500 KB per batch; 20 KiB of padding keeps us under it whether KB means 1000 or 1024. */
export const MAX_BATCH_BYTES = 480 * 1024;
/** Segment's per-batch message limit. */
export const MAX_BATCH_MESSAGES = 2500;
/** Browsers allow 64 KiB of keepalive/beacon body in flight per page; stay just below it. */
export const MAX_KEEPALIVE_BYTES = 64_000;

export const LIBRARY = { name: 'keepwell-sdk', version: SDK_VERSION } as const;

const encoder = new TextEncoder();

/** UTF-8 length of `text`, which is what the server measures. */
export const byteLength = (text: string): number => encoder.encode(text).length;

/** Serialises a message once; throws if the message is not JSON-serialisable (cycles, BigInt). */
export function toEntry(message: KeepwellMessage): Entry {
  const json = JSON.stringify(message);
  return { message, json, bytes: byteLength(json) };
}

/**
 * Request body of `/v1/batch`. The write key goes in the body only for beacon and keepalive requests,
 * which cannot (or should not, to avoid a CORS preflight) carry an Authorization header.
 */
export function encodeBody(entries: Entry[], sentAt: string, writeKey?: string): string {
  const key = writeKey === undefined ? '' : `,"writeKey":${JSON.stringify(writeKey)}`;
  return `{"batch":[${entries.map((entry) => entry.json).join(',')}],"sentAt":${JSON.stringify(sentAt)}${key}}`;
}

/**
 * Removes and returns the longest prefix of `entries` whose body stays within `maxBytes`
 * and {@link MAX_BATCH_MESSAGES}. At least one entry is taken so the caller always makes progress;
 * single messages are already capped at {@link MAX_MESSAGE_BYTES}, far below every body limit.
 *
 * @param envelopeBytes size of the body with an empty batch
 */
export function takeChunk(entries: Entry[], maxBytes: number, envelopeBytes: number): Entry[] {
  let bytes = envelopeBytes;
  let count = 0;
  while (count < entries.length && count < MAX_BATCH_MESSAGES) {
    // +1 for the comma that separates this message from the previous one.
    bytes += entries[count]!.bytes + 1;
    if (count > 0 && bytes > maxBytes) break;
    count++;
  }
  return entries.splice(0, count);
}

/** Random UUID v4, used for messageId and anonymousId. */
export function randomId(): string {
  const crypto = globalThis.crypto;
  // randomUUID exists only in secure contexts; plain-http pages still have getRandomValues.
  if (crypto?.randomUUID) return crypto.randomUUID();
  const bytes = new Uint8Array(16);
  if (crypto?.getRandomValues) crypto.getRandomValues(bytes);
  else for (let i = 0; i < 16; i++) bytes[i] = (Math.random() * 256) | 0;
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** `Authorization` header value: HTTP Basic with the write key as user name and an empty password. */
export function basicAuth(writeKey: string): string {
  let binary = '';
  // btoa only takes Latin-1, so encode to UTF-8 bytes first.
  for (const byte of encoder.encode(`${writeKey}:`)) binary += String.fromCharCode(byte);
  return `Basic ${btoa(binary)}`;
}
