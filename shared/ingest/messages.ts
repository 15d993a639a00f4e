import { z } from 'zod';
import { isRealCalendarDate } from '../time';

/** Segment message types Keepwell accepts. */
export const MESSAGE_TYPES = ['track', 'identify', 'group', 'page', 'screen', 'alias'] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

/** Why one message of a request was rejected. Codes are stable API. */
export type MessageErrorCode =
  | 'INVALID_MESSAGE'
  | 'UNKNOWN_TYPE'
  | 'MISSING_IDENTITY'
  | 'MISSING_EVENT'
  | 'MISSING_GROUP_ID'
  | 'MISSING_PREVIOUS_ID'
  | 'INVALID_FIELD'
  | 'MESSAGE_TOO_LARGE';

export interface MessageError {
  index: number;
  code: MessageErrorCode;
  message: string;
  path?: (string | number)[];
}

// Segment accepts numeric ids and stringifies them.
const id = z.union([z.string().max(256), z.number().finite()]).transform((v) => String(v).trim());
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
// What Segment libraries send (`Date#toISOString()` and the like): a UTC time to the second or millisecond.
const UTC_SECONDS = /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,3})?Z$/;

/**
 * Whether a string is an ISO-8601 date or date-time naming a real calendar day (Date.parse alone rolls
 * 2026-02-30 over to March). The common `YYYY-MM-DDTHH:MM:SS(.sss)Z` shape is decided without Date.parse;
 * everything else takes the full check.
 * @example isIsoDateTime('2026-02-28T10:00:00.123Z') // true
 */
export function isIsoDateTime(value: string): boolean {
  const utc = UTC_SECONDS.exec(value);
  if (utc) {
    const [year, month, day] = [Number(utc[1]), Number(utc[2]), Number(utc[3])];
    return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
  }
  return ISO_DATE_TIME.test(value) && isRealCalendarDate(value) && !Number.isNaN(Date.parse(value));
}

/** Days in a month (1–12) of the proleptic Gregorian calendar. */
function daysInMonth(year: number, month: number): number {
  if (month !== 2) return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
}

const isoDateTime = z.string().refine(isIsoDateTime, 'must be an ISO-8601 date-time');

// z.record walks and copies every key; this check is O(1) and accepts exactly what the record accepts (zod's
// own plain-object test). A rejection, rare, asks the record schema for its message so errors read the same,
// and so does the rare object with an own "__proto__" key (JSON.parse makes one), which the record drops.
const record = z.record(z.string(), z.unknown());
const object = z
  .custom<Record<string, unknown>>(z.core.util.isPlainObject, {
    error: (issue) => record.safeParse(issue.input).error?.issues[0]?.message,
  })
  .transform((value) => (Object.hasOwn(value, '__proto__') ? record.parse(value) : value));

const common = {
  messageId: id.optional(),
  userId: id.nullish(),
  anonymousId: id.nullish(),
  timestamp: isoDateTime.nullish(),
  originalTimestamp: isoDateTime.nullish(),
  sentAt: isoDateTime.nullish(),
  context: object.nullish(),
  integrations: object.nullish(),
};

const schemas = {
  track: z.object({
    ...common,
    type: z.literal('track'),
    event: z.string().min(1).max(200),
    properties: object.nullish(),
  }),
  identify: z.object({ ...common, type: z.literal('identify'), traits: object.nullish() }),
  group: z.object({
    ...common,
    type: z.literal('group'),
    groupId: id.pipe(z.string().min(1)),
    traits: object.nullish(),
  }),
  page: z.object({
    ...common,
    type: z.literal('page'),
    name: z.string().max(200).nullish(),
    category: z.string().max(200).nullish(),
    properties: object.nullish(),
  }),
  screen: z.object({
    ...common,
    type: z.literal('screen'),
    name: z.string().max(200).nullish(),
    category: z.string().max(200).nullish(),
    properties: object.nullish(),
  }),
  alias: z.object({ ...common, type: z.literal('alias'), previousId: id.pipe(z.string().min(1)) }),
} satisfies Record<MessageType, z.ZodType>;

export type SegmentMessage = { [K in MessageType]: z.output<(typeof schemas)[K]> }[MessageType];

const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/**
 * Validates one Segment message. `forcedType` is the type implied by the path (`/v1/track`), which
 * wins over the body's `type` as in Segment's API.
 * @example validateMessage({ type: 'track', event: 'Report Run', userId: 'u1' }, 0).ok // true
 */
export function validateMessage(
  raw: unknown,
  index: number,
  forcedType?: MessageType,
): { ok: true; message: SegmentMessage } | { ok: false; error: MessageError } {
  const fail = (code: MessageErrorCode, message: string, path?: (string | number)[]) => ({
    ok: false as const,
    error: { index, code, message, ...(path ? { path } : {}) },
  });
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return fail('INVALID_MESSAGE', 'message must be a JSON object');
  }
  const body = raw as Record<string, unknown>;
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
  const parsed = schemas[t].safeParse(body.type === t ? body : { ...body, type: t });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = (issue?.path ?? []).map((p) => (typeof p === 'symbol' ? String(p) : p));
    return fail('INVALID_FIELD', `${path.join('.') || 'message'}: ${issue?.message ?? 'invalid'}`, path);
  }
  const message = parsed.data as SegmentMessage;
  if (blank(message.userId) && blank(message.anonymousId)) {
    return fail('MISSING_IDENTITY', 'either "userId" or "anonymousId" is required', ['userId']);
  }
  if (t === 'alias' && blank(message.userId))
    return fail('MISSING_IDENTITY', 'alias requires "userId"', ['userId']);
  return { ok: true, message };
}
