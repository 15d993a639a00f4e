import { z } from 'zod';
import { isRealCalendarDate } from '../time';
import { inspectContent } from './content';
import { INGEST_LIMITS } from './limits';

/** Segment message types Keepwell accepts. */
export const MESSAGE_TYPES = ['track', 'identify', 'group', 'page', 'screen', 'alias'] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

/** Why one message of a request was rejected. Codes are stable API. */
export const MESSAGE_ERROR_CODES = [
  'INVALID_MESSAGE',
  'UNKNOWN_TYPE',
  'MISSING_IDENTITY',
  'MISSING_EVENT',
  'MISSING_GROUP_ID',
  'MISSING_PREVIOUS_ID',
  'INVALID_FIELD',
  'MESSAGE_TOO_LARGE',
  /** A value nested deeper than `INGEST_LIMITS.maxDepth` levels. */
  'TOO_DEEP',
  /** A key or string holding a lone surrogate or a NUL (see `isStorableText`). */
  'INVALID_UNICODE',
] as const;
export type MessageErrorCode = (typeof MESSAGE_ERROR_CODES)[number];

export interface MessageError {
  index: number;
  code: MessageErrorCode;
  message: string;
  path?: (string | number)[];
}

// Segment accepts numeric ids and stringifies them.
const id = z
  .union([z.string().max(256), z.number().finite()])
  .transform((v) => String(v).trim())
  .meta({ description: 'A string of at most 256 characters or a number, stored as trimmed text.' });
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * Whether a string is an ISO-8601 date or date-time naming a real calendar day (Date.parse alone rolls
 * 2026-02-30 over to March). The common `YYYY-MM-DDTHH:MM:SS(.sss)Z` shape is decided without Date.parse;
 * everything else takes the full check.
 * @example isIsoDateTime('2026-02-28T10:00:00.123Z') // true
 */
export function isIsoDateTime(value: string): boolean {
  return (
    utcSecondsDateTime(value) ??
    (ISO_DATE_TIME.test(value) && isRealCalendarDate(value) && !Number.isNaN(Date.parse(value)))
  );
}

/**
 * For what Segment libraries send (`Date#toISOString()` and the like), the shape
 * `^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,3})?Z$`, whether its day exists; undefined for
 * any other shape. Read by char codes: the regex with captures was most of a valid message's check.
 */
function utcSecondsDateTime(value: string): boolean | undefined {
  const length = value.length;
  if (length !== 20 && (length < 22 || length > 24)) return undefined;
  if (
    value.charCodeAt(4) !== 45 || // -
    value.charCodeAt(7) !== 45 ||
    value.charCodeAt(10) !== 84 || // T
    value.charCodeAt(13) !== 58 || // :
    value.charCodeAt(16) !== 58 ||
    value.charCodeAt(length - 1) !== 90 || // Z
    (length > 20 && (value.charCodeAt(19) !== 46 || digits(value, 20, length - 1) < 0)) // .sss
  ) {
    return undefined;
  }
  const [year, month, day] = [digits(value, 0, 4), digits(value, 5, 7), digits(value, 8, 10)];
  const [hour, minute, second] = [digits(value, 11, 13), digits(value, 14, 16), digits(value, 17, 19)];
  if (year < 0 || month < 0 || day < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59)
    return undefined;
  if (second < 0 || second > 59) return undefined;
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** The ASCII digits `value[start..end)` as a number, or -1 if one is not a digit. */
function digits(value: string, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) {
    const d = value.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/** Days in a month (1–12) of the proleptic Gregorian calendar. */
function daysInMonth(year: number, month: number): number {
  if (month !== 2) return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
}

const isoDateTime = z
  .string()
  .refine(isIsoDateTime, 'must be an ISO-8601 date-time')
  .meta({ description: 'ISO 8601 date or date-time', example: '2026-03-01T12:00:00.000Z' });

// z.record walks and copies every key; this check is O(1) and accepts exactly what the record accepts (zod's
// own plain-object test). A rejection, rare, asks the record schema for its message so errors read the same,
// and so does the rare object with an own "__proto__" key (JSON.parse makes one), which the record drops.
const record = z.record(z.string(), z.unknown());
const objectField = z
  .custom<Record<string, unknown>>(z.core.util.isPlainObject, {
    error: (issue) => record.safeParse(issue.input).error?.issues[0]?.message,
  })
  .transform((value) => (Object.hasOwn(value, '__proto__') ? record.parse(value) : value))
  .nullish()
  // For the OpenAPI document only: a custom check has no JSON Schema of its own.
  .meta({ type: ['object', 'null'], additionalProperties: {} });

const common = {
  messageId: id.optional().meta({
    description: 'Deduplicates redeliveries; without one, a hash of the message and source stands in.',
  }),
  userId: id.nullish().meta({ description: 'Your id of the person; this or `anonymousId` is required.' }),
  anonymousId: id.nullish(),
  timestamp: isoDateTime.nullish().meta({ description: 'When it happened (defaults to when received).' }),
  originalTimestamp: isoDateTime.nullish(),
  sentAt: isoDateTime.nullish(),
  context: objectField.meta({
    description: '`context.groupId` links the person to an account (as a `group` call does).',
  }),
  integrations: objectField,
};

// parseMessageFast below mirrors these schemas for valid messages: change both together
// (test/unit/shared/messages-fast-path.test.ts holds the two paths equal). The ingest routes' OpenAPI
// request bodies are built from them (shared/contracts/ingest.ts).
export const MESSAGE_SCHEMAS = {
  track: z.object({
    ...common,
    type: z.literal('track'),
    event: z
      .string()
      .min(1)
      .max(200)
      .meta({ description: 'What the person did: a feature of your product.', example: 'Report Run' }),
    properties: objectField,
  }),
  identify: z.object({ ...common, type: z.literal('identify'), traits: objectField }),
  group: z.object({
    ...common,
    type: z.literal('group'),
    groupId: id.pipe(z.string().min(1)).meta({ description: "The account's external id.", example: 'acme' }),
    traits: objectField,
  }),
  page: z.object({
    ...common,
    type: z.literal('page'),
    name: z.string().max(200).nullish(),
    category: z.string().max(200).nullish(),
    properties: objectField,
  }),
  screen: z.object({
    ...common,
    type: z.literal('screen'),
    name: z.string().max(200).nullish(),
    category: z.string().max(200).nullish(),
    properties: objectField,
  }),
  alias: z.object({ ...common, type: z.literal('alias'), previousId: id.pipe(z.string().min(1)) }),
} satisfies Record<MessageType, z.ZodType>;

export type SegmentMessage = { [K in MessageType]: z.output<(typeof MESSAGE_SCHEMAS)[K]> }[MessageType];

const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/** What the fast path makes of a value it cannot vouch for; the caller then asks the zod schema. */
const UNSURE = Symbol('unsure');
/** What the fast path makes of an absent optional key: z.object leaves it out of the output too. */
const ABSENT = Symbol('absent');

// Each check mirrors one schema above for the values it is sure of, and says UNSURE for anything else (the
// zod path then decides, so error codes and messages have one source). A UTF-16 length within a cap is
// within it in code points too, which is how zod measures; over it, zod counts code points, so: UNSURE.
const idValue = (v: unknown): unknown =>
  typeof v === 'string'
    ? v.length <= 256
      ? v.trim()
      : UNSURE
    : typeof v === 'number' && Number.isFinite(v)
      ? String(v).trim()
      : UNSURE;
const nullishId = (v: unknown): unknown => (v === null ? null : idValue(v));
const nullishDate = (v: unknown): unknown =>
  v === null || (typeof v === 'string' && isIsoDateTime(v)) ? v : UNSURE;
const nullishObject = (v: unknown): unknown =>
  v === null || (z.core.util.isPlainObject(v) && !Object.hasOwn(v, '__proto__')) ? v : UNSURE;
const nullishName = (v: unknown): unknown =>
  v === null || (typeof v === 'string' && v.length <= 200) ? v : UNSURE;

/**
 * An optional field's output: ABSENT when the key is not `in` the input (z.object tests the prototype
 * chain too). A key present with `undefined`, which JSON cannot express, is left to zod.
 */
function optional(
  input: Record<string, unknown>,
  key: string,
  value: unknown,
  check: (v: unknown) => unknown,
) {
  if (value !== undefined) return check(value);
  return key in input ? UNSURE : ABSENT;
}

/** A required id (groupId, previousId) as `id.pipe(z.string().min(1))` makes it. */
function requiredId(value: unknown): unknown {
  const out = idValue(value);
  return typeof out === 'string' && out.length > 0 ? out : UNSURE;
}

/**
 * The result `schemas[type].safeParse(input).data` would give for a message the fast path is sure is valid,
 * else undefined (then only the zod schema decides). It writes the schema's keys in shape order with literal
 * names: in workerd zod runs jitless, and its interpreted walk was ~14 µs of each message. `input.type` must
 * already be `type`.
 * @example parseMessageFast('track', { type: 'track', event: 'E', userId: ' u1 ' }) // { userId: 'u1', type: 'track', event: 'E' }
 */
export function parseMessageFast(
  type: MessageType,
  input: Record<string, unknown>,
): SegmentMessage | undefined {
  if (input.type !== type) return undefined;
  const messageId = optional(input, 'messageId', input.messageId, idValue);
  const userId = optional(input, 'userId', input.userId, nullishId);
  const anonymousId = optional(input, 'anonymousId', input.anonymousId, nullishId);
  const timestamp = optional(input, 'timestamp', input.timestamp, nullishDate);
  const originalTimestamp = optional(input, 'originalTimestamp', input.originalTimestamp, nullishDate);
  const sentAt = optional(input, 'sentAt', input.sentAt, nullishDate);
  const context = optional(input, 'context', input.context, nullishObject);
  const integrations = optional(input, 'integrations', input.integrations, nullishObject);
  if (
    messageId === UNSURE ||
    userId === UNSURE ||
    anonymousId === UNSURE ||
    timestamp === UNSURE ||
    originalTimestamp === UNSURE ||
    sentAt === UNSURE ||
    context === UNSURE ||
    integrations === UNSURE
  ) {
    return undefined;
  }
  const out: Record<string, unknown> = {};
  if (messageId !== ABSENT) out.messageId = messageId;
  if (userId !== ABSENT) out.userId = userId;
  if (anonymousId !== ABSENT) out.anonymousId = anonymousId;
  if (timestamp !== ABSENT) out.timestamp = timestamp;
  if (originalTimestamp !== ABSENT) out.originalTimestamp = originalTimestamp;
  if (sentAt !== ABSENT) out.sentAt = sentAt;
  if (context !== ABSENT) out.context = context;
  if (integrations !== ABSENT) out.integrations = integrations;
  out.type = type;
  return addTypeFields(type, input, out) ? (out as SegmentMessage) : undefined;
}

/** Adds the fields of `type`'s schema after `type`, in shape order; false when unsure of one. */
function addTypeFields(type: MessageType, input: Record<string, unknown>, out: Record<string, unknown>) {
  switch (type) {
    case 'track': {
      const event = input.event;
      if (typeof event !== 'string' || event.length < 1 || event.length > 200) return false;
      out.event = event;
      return addObject(input, 'properties', input.properties, out);
    }
    case 'identify':
      return addObject(input, 'traits', input.traits, out);
    case 'group': {
      const groupId = requiredId(input.groupId);
      if (groupId === UNSURE) return false;
      out.groupId = groupId;
      return addObject(input, 'traits', input.traits, out);
    }
    case 'page':
    case 'screen': {
      const name = optional(input, 'name', input.name, nullishName);
      const category = optional(input, 'category', input.category, nullishName);
      if (name === UNSURE || category === UNSURE) return false;
      if (name !== ABSENT) out.name = name;
      if (category !== ABSENT) out.category = category;
      return addObject(input, 'properties', input.properties, out);
    }
    case 'alias': {
      const previousId = requiredId(input.previousId);
      if (previousId === UNSURE) return false;
      out.previousId = previousId;
      return true;
    }
  }
}

/** Adds a nullish plain-object field (properties, traits), the last key of its schema. */
function addObject(
  input: Record<string, unknown>,
  key: 'properties' | 'traits',
  value: unknown,
  out: Record<string, unknown>,
): boolean {
  const v = optional(input, key, value, nullishObject);
  if (v === UNSURE) return false;
  if (v !== ABSENT) out[key] = v;
  return true;
}

type ValidationResult = { ok: true; message: SegmentMessage } | { ok: false; error: MessageError };

export interface ValidateOptions {
  /**
   * Whether to check every key and string for lone surrogates and NUL (default true). The ingest route turns
   * it off for a body whose JSON text holds no `\u` escape, which cannot decode to such a string (see
   * `mayHoldUnstorableText`); the depth check always runs.
   */
  checkText?: boolean;
}

/**
 * Validates one Segment message. First what the database could not store whatever the message means
 * (`TOO_DEEP`, `INVALID_UNICODE`: see `inspectContent`), then its fields. `forcedType` is the type implied by
 * the path (`/v1/track`), which wins over the body's `type` as in Segment's API. A common valid message takes
 * `parseMessageFast`; any other goes through the zod schemas, which alone word the errors: the result equals
 * `validateMessageWithSchema`'s for every input (given the same `checkText`).
 * @example validateMessage({ type: 'track', event: 'Report Run', userId: 'u1' }, 0).ok // true
 */
export function validateMessage(
  raw: unknown,
  index: number,
  forcedType?: MessageType,
  options?: ValidateOptions,
): ValidationResult {
  return validate(raw, index, forcedType, true, options?.checkText ?? true);
}

/**
 * `validateMessage` through the zod schemas only, without the fast path: the definition the fast path is
 * tested against.
 * @example validateMessageWithSchema({ type: 'identify', userId: 7 }, 0) // { ok: true, message: { userId: '7', type: 'identify' } }
 */
export function validateMessageWithSchema(
  raw: unknown,
  index: number,
  forcedType?: MessageType,
): ValidationResult {
  return validate(raw, index, forcedType, false, true);
}

function validate(
  raw: unknown,
  index: number,
  forcedType: MessageType | undefined,
  fast: boolean,
  checkText: boolean,
): ValidationResult {
  const fail = (code: MessageErrorCode, message: string, path?: (string | number)[]) => ({
    ok: false as const,
    error: { index, code, message, ...(path ? { path } : {}) },
  });
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return fail('INVALID_MESSAGE', 'message must be a JSON object');
  }
  const body = raw as Record<string, unknown>;
  // First: what could not be stored (or even serialized) whatever the message means.
  const content = inspectContent(body, checkText);
  if (content?.code === 'TOO_DEEP') {
    const field = content.path.join('.');
    return fail('TOO_DEEP', `${field}: nested deeper than ${INGEST_LIMITS.maxDepth} levels`, content.path);
  }
  if (content) {
    const field = content.path.join('.') || 'a key';
    return fail(
      'INVALID_UNICODE',
      `${field}: holds a lone surrogate or a NUL character (strings must be well-formed Unicode text)`,
      content.path,
    );
  }
  const type = forcedType ?? body.type;
  if (typeof type !== 'string' || !(MESSAGE_TYPES as readonly string[]).includes(type)) {
    return fail('UNKNOWN_TYPE', `type must be one of ${MESSAGE_TYPES.join(', ')}`, ['type']);
  }
  const t = type as MessageType;
  if (t === 'track' && blank(body.event)) return fail('MISSING_EVENT', 'track requires "event"', ['event']);
  if (t === 'group' && blank(body.groupId))
    return fail('MISSING_GROUP_ID', 'group requires "groupId"', ['groupId']);
  if (t === 'alias' && blank(body.previousId)) {
    return fail('MISSING_PREVIOUS_ID', 'alias requires "previousId"', ['previousId']);
  }
  // Copy the body only when the path's type overrides it: the parse builds a new object anyway.
  const input = body.type === t ? body : { ...body, type: t };
  let message = fast ? parseMessageFast(t, input) : undefined;
  if (!message) {
    const parsed = MESSAGE_SCHEMAS[t].safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const path = (issue?.path ?? []).map((p) => (typeof p === 'symbol' ? String(p) : p));
      return fail('INVALID_FIELD', `${path.join('.') || 'message'}: ${issue?.message ?? 'invalid'}`, path);
    }
    message = parsed.data as SegmentMessage;
  }
  if (blank(message.userId) && blank(message.anonymousId)) {
    return fail('MISSING_IDENTITY', 'either "userId" or "anonymousId" is required', ['userId']);
  }
  if (t === 'alias' && blank(message.userId))
    return fail('MISSING_IDENTITY', 'alias requires "userId"', ['userId']);
  return { ok: true, message };
}
