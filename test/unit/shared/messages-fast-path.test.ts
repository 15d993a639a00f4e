import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isIsoDateTime,
  MESSAGE_TYPES,
  type MessageType,
  parseMessageFast,
  validateMessage,
  validateMessageWithSchema,
} from '../../../shared/ingest/messages';
import { isRealCalendarDate } from '../../../shared/time';

// validateMessage takes a hand-written fast path for common valid messages and falls back to the zod schemas;
// validateMessageWithSchema is the zod path alone, the definition. These tests hold the two equal.

/** An own "__proto__" key, as JSON.parse makes one (an assignment would set the prototype instead). */
function withOwnProto<T extends object>(target: T, value: unknown): T {
  Object.defineProperty(target, '__proto__', { value, enumerable: true, writable: true, configurable: true });
  return target;
}

class Plan {
  tier = 'pro';
}

const astral = '\u{1F600}'; // two UTF-16 units, one code point: zod caps lengths in code points
/** `arbitrary` one time in `oneIn`, else null. */
const rarely = <T>(arbitrary: fc.Arbitrary<T>, oneIn: number) =>
  fc.oneof({ arbitrary: fc.constant(null), weight: oneIn - 1 }, { arbitrary, weight: 1 });
const whitespace = fc.constantFrom('', ' ', '   ', '\t', '\n', '\u00a0', '\u2028', '\ufeff');
const shortString = fc.string({ maxLength: 12 });
const paddedString = fc
  .tuple(whitespace, fc.string({ minLength: 1, maxLength: 8 }), whitespace)
  .map(([a, b, c]) => a + b + c);
/** Strings around a length cap, in UTF-16 units and in code points. */
const nearCap = (cap: number) =>
  fc.oneof(
    fc.integer({ min: cap - 2, max: cap + 2 }).map((n) => 'x'.repeat(n)),
    fc.integer({ min: cap - 2, max: cap + 2 }).map((n) => ` ${'y'.repeat(n)} `),
    fc.integer({ min: Math.floor(cap / 2) - 1, max: cap + 1 }).map((n) => astral.repeat(n)),
    fc.integer({ min: 0, max: 4 }).map((n) => 'a'.repeat(cap - 1) + astral.repeat(n)),
  );
const weirdValue = fc.oneof(
  fc.constantFrom<unknown>(
    undefined,
    null,
    true,
    false,
    0,
    -0,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    1e21,
    -1.5,
    [],
    ['a'],
    {},
    { id: 'u1' },
    new Date(0),
    new Map(),
    new Plan(),
    Object.create(null),
    'null',
    'undefined',
  ),
  fc.bigInt().map((n) => n as unknown),
  shortString,
);

const idLike = fc.oneof(
  { arbitrary: fc.stringMatching(/^[a-z0-9-]{1,20}$/), weight: 8 },
  { arbitrary: paddedString, weight: 2 },
  { arbitrary: whitespace, weight: 1 },
  { arbitrary: fc.integer(), weight: 2 },
  { arbitrary: fc.double(), weight: 1 },
  { arbitrary: nearCap(256), weight: 1 },
  { arbitrary: weirdValue, weight: 2 },
);

/** `Date#toISOString()` of a date Segment libraries could send (fc.date alone reaches years like +275760). */
const isoNow = fc
  .date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString());
const pad = (n: number, width: number) => String(n).padStart(width, '0');
const dateString = fc
  .record({
    year: fc.oneof(fc.integer({ min: 1999, max: 2030 }), fc.constantFrom(0, 1900, 2000, 2100, 9999)),
    month: fc.integer({ min: 0, max: 13 }),
    day: fc.integer({ min: 0, max: 32 }),
    hour: fc.integer({ min: 0, max: 25 }),
    minute: fc.integer({ min: 0, max: 61 }),
    second: fc.integer({ min: 0, max: 61 }),
    fraction: fc.constantFrom('', '.', '.1', '.12', '.123', '.1234', '.123456', '.1234567'),
    separator: fc.constantFrom('T', 'T', 'T', ' ', 't', ''),
    zone: fc.constantFrom('Z', 'Z', 'Z', 'z', '', '+02:00', '-0530', '+2', ' Z', 'Z '),
    form: fc.constantFrom('full', 'full', 'full', 'minutes', 'date', 'short-year'),
  })
  .map(({ year, month, day, hour, minute, second, fraction, separator, zone, form }) => {
    const date = `${pad(year, form === 'short-year' ? 2 : 4)}-${pad(month, 2)}-${pad(day, 2)}`;
    if (form === 'date') return date;
    if (form === 'minutes') return `${date}${separator}${pad(hour, 2)}:${pad(minute, 2)}${zone}`;
    return `${date}${separator}${pad(hour, 2)}:${pad(minute, 2)}:${pad(second, 2)}${fraction}${zone}`;
  });
const dateLike = fc.oneof(
  { arbitrary: isoNow, weight: 3 },
  { arbitrary: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), weight: 1 },
  { arbitrary: dateString, weight: 6 },
  { arbitrary: fc.constantFrom('yesterday', '01/02/2026 10:00', '2026-02-30', 'Jan 1 2026'), weight: 1 },
  { arbitrary: fc.integer(), weight: 1 },
  { arbitrary: weirdValue, weight: 1 },
);

const plainObject = fc.oneof(
  {
    arbitrary: fc.dictionary(
      fc.constantFrom('plan', 'rows', 'path', 'constructor', 'isPrototypeOf', 'toString', ''),
      fc.constantFrom<unknown>('pro', 12, null, true, { a: 1 }, [1, 2], ''),
      { maxKeys: 3 },
    ),
    weight: 6,
  },
  fc.constantFrom<unknown>(
    { constructor: 'x' },
    { constructor: {} },
    { isPrototypeOf: 1 },
    { library: { name: 'analytics-node', version: '3.1.0' }, ip: '203.0.113.7' },
  ),
  fc.constant(null).map(() => JSON.parse('{"__proto__":{"polluted":1},"plan":"pro"}') as unknown),
  fc.constant(null).map(() => withOwnProto({ a: 1 }, 'x') as unknown),
  fc.constant(null).map(() => Object.assign(Object.create(null) as object, { plan: 'pro' }) as unknown),
);
const objectLike = fc.oneof({ arbitrary: plainObject, weight: 8 }, { arbitrary: weirdValue, weight: 3 });

const eventLike = fc.oneof(
  { arbitrary: fc.string({ minLength: 1, maxLength: 30 }), weight: 8 },
  { arbitrary: nearCap(200), weight: 2 },
  { arbitrary: whitespace, weight: 1 },
  { arbitrary: paddedString, weight: 1 },
  { arbitrary: weirdValue, weight: 2 },
);
const nameLike = fc.oneof(
  { arbitrary: shortString, weight: 6 },
  { arbitrary: nearCap(200), weight: 2 },
  { arbitrary: weirdValue, weight: 2 },
);
const typeLike = fc.oneof(
  { arbitrary: fc.constantFrom<unknown>(...MESSAGE_TYPES), weight: 12 },
  { arbitrary: fc.constantFrom<unknown>('Track', 'bogus', '', ' track', 1, null), weight: 1 },
);

const fields = {
  type: typeLike,
  messageId: idLike,
  userId: idLike,
  anonymousId: idLike,
  timestamp: dateLike,
  originalTimestamp: dateLike,
  sentAt: dateLike,
  context: objectLike,
  integrations: objectLike,
  event: eventLike,
  properties: objectLike,
  traits: objectLike,
  groupId: idLike,
  previousId: idLike,
  name: nameLike,
  category: nameLike,
};
/** Values each schema accepts, edge cases included (padding, numbers, nulls, astral characters). */
const validFields = {
  type: fc.constantFrom<unknown>(...MESSAGE_TYPES),
  messageId: fc.oneof(fc.stringMatching(/^[a-z0-9-]{1,20}$/), paddedString, fc.integer()),
  userId: fc.oneof(
    { arbitrary: fc.stringMatching(/^[a-z0-9-]{1,20}$/), weight: 3 },
    { arbitrary: fc.oneof(paddedString, fc.integer(), fc.constant(null)), weight: 3 },
    { arbitrary: nearCap(256), weight: 1 },
  ),
  anonymousId: fc.oneof(fc.uuid(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constant(null)),
  timestamp: fc.oneof(isoNow, fc.constant(null)),
  originalTimestamp: fc.oneof({ arbitrary: isoNow, weight: 3 }, { arbitrary: dateString, weight: 1 }),
  sentAt: fc.constantFrom<unknown>('2026-01-01', '2026-01-01T10:00:00+02:00', '2026-01-01 10:00', null),
  context: plainObject,
  integrations: fc.constantFrom<unknown>({}, { All: false }, null),
  event: fc.oneof(
    { arbitrary: fc.string({ minLength: 1, maxLength: 30 }), weight: 4 },
    { arbitrary: nearCap(200), weight: 1 },
  ),
  properties: plainObject,
  traits: plainObject,
  groupId: fc.oneof(fc.stringMatching(/^[a-z0-9-]{1,20}$/), fc.integer()),
  previousId: fc.oneof(paddedString, fc.nat()),
  name: fc.oneof(shortString, fc.constant(null), nearCap(200)),
  category: fc.oneof(shortString, nearCap(200)),
};
type Field = keyof typeof fields;
/** One field with any value at all, `undefined` included. */
const wildField = fc
  .constantFrom(...(Object.keys(fields) as Field[]))
  .chain((key) => fields[key].map((value) => [key, value] as const));
/**
 * A message of valid-looking fields (each absent or present), then up to two fields given any value, extra
 * keys (which the schemas strip), sometimes an own "__proto__" key or a prototype carrying fields.
 */
const messageLike = fc
  .record({
    fields: fc.record(validFields, { requiredKeys: ['type'] }),
    wild: fc.oneof(
      { arbitrary: fc.constant([]), weight: 3 },
      { arbitrary: fc.array(wildField, { minLength: 1, maxLength: 2 }), weight: 2 },
    ),
    extras: rarely(fc.dictionary(fc.string({ maxLength: 8 }), weirdValue, { maxKeys: 2 }), 3),
    ownProto: rarely(weirdValue, 10),
    inherited: rarely(fc.record(fields, { requiredKeys: [] }), 20),
  })
  .map(({ fields, wild, extras, ownProto, inherited }) => {
    // Extras first, so a generated field always wins over an extra of the same name.
    const body: Record<string, unknown> = Object.assign(
      inherited === null ? {} : Object.create(inherited),
      extras,
      fields,
      Object.fromEntries(wild),
    );
    return ownProto === null ? body : withOwnProto(body, ownProto);
  });
const forcedTypeLike = fc.oneof(
  { arbitrary: fc.constant(undefined), weight: 4 },
  { arbitrary: fc.constantFrom<MessageType>(...MESSAGE_TYPES), weight: 1 },
);

/** The type and input validateMessage hands to the schema for `raw`, when it gets that far. */
function schemaInput(raw: Record<string, unknown>, forcedType?: MessageType) {
  const type = forcedType ?? raw.type;
  if (!(MESSAGE_TYPES as readonly unknown[]).includes(type)) return undefined;
  const t = type as MessageType;
  return { type: t, input: raw.type === t ? raw : { ...raw, type: t } };
}

/** Fails unless the fast and the zod-only results are equal: ok or not, every key, key order, values. */
function expectSameResult(raw: unknown, forcedType?: MessageType) {
  const fast = validateMessage(raw, 3, forcedType);
  const reference = validateMessageWithSchema(raw, 3, forcedType);
  expect(fast).toStrictEqual(reference);
  if (fast.ok && reference.ok) {
    expect(Object.keys(fast.message)).toEqual(Object.keys(reference.message));
    // A plain object field the schema passes through as sent is passed through on the fast path too.
    const [a, b] = [fast.message as Record<string, unknown>, reference.message as Record<string, unknown>];
    const body = raw as Record<string, unknown>;
    for (const key of Object.keys(b)) {
      if (typeof b[key] === 'object' && b[key] !== null && b[key] === body[key]) expect(a[key]).toBe(b[key]);
    }
  }
  return fast;
}

describe('validateMessage fast path', () => {
  it('gives the zod-only result for any message-like object (property)', () => {
    let fastHits = 0;
    let accepted = 0;
    fc.assert(
      fc.property(messageLike, forcedTypeLike, (raw, forcedType) => {
        if (expectSameResult(raw, forcedType).ok) accepted++;
        const target = schemaInput(raw, forcedType);
        if (target && parseMessageFast(target.type, target.input)) fastHits++;
      }),
      { numRuns: 20_000 },
    );
    // The property is only meaningful if many messages really take the fast path, and many do not.
    expect(fastHits).toBeGreaterThan(4_000);
    expect(accepted).toBeGreaterThan(fastHits / 2);
    expect(20_000 - fastHits).toBeGreaterThan(4_000);
  }, 30_000);

  it('gives the zod-only result for JSON-parsed messages with own "__proto__" keys (property)', () => {
    const entry = fc.oneof(
      fc.tuple(fc.constantFrom('type'), fc.constantFrom(...MESSAGE_TYPES)),
      fc.tuple(fc.constantFrom('userId', 'groupId'), fc.oneof(fc.string({ maxLength: 5 }), fc.integer())),
      fc.tuple(fc.constantFrom('event', 'previousId', 'name'), fc.string({ maxLength: 5 })),
      fc.tuple(
        fc.constantFrom('timestamp'),
        fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
      ),
      fc.tuple(fc.constantFrom('properties', 'context', 'traits'), fc.jsonValue({ maxDepth: 1 })),
    );
    const proto = fc.option(fc.constantFrom('{"userId":"p"}', '{}', '"x"', 'null'), { nil: undefined });
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 8 }), proto, proto, (entries, protoTop, protoNested) => {
        const parts = entries.map(([key, value]) => {
          const json = JSON.stringify(value);
          const nested = key === 'properties' && protoNested !== undefined;
          return `"${key}":${nested ? `{"__proto__":${protoNested},"v":${json}}` : json}`;
        });
        if (protoTop !== undefined) parts.unshift(`"__proto__":${protoTop}`);
        expectSameResult(JSON.parse(`{${parts.join(',')}}`));
      }),
      { numRuns: 3_000 },
    );
  });

  it.each<[string, unknown, MessageType?]>([
    ['a trimmed numeric id', { type: 'group', userId: -0, groupId: 1e21, anonymousId: 0.1 }],
    ['an own undefined key', { type: 'track', event: 'E', userId: 'u1', messageId: undefined }],
    ['an own undefined type field', { type: 'page', userId: 'u1', name: undefined, category: null }],
    ['an absent optional key', { type: 'identify', anonymousId: 'a' }],
    ['an inherited id', Object.create({ userId: 'u-inherited' }) as unknown, 'identify'],
    [
      'an inherited undefined key',
      Object.assign(Object.create({ sentAt: undefined }), { userId: 'u' }),
      'alias',
    ],
    ['a null messageId (not nullish)', { type: 'track', event: 'E', userId: 'u1', messageId: null }],
    ['a 256-unit id', { type: 'identify', userId: 'u'.repeat(256) }],
    ['a 257-unit id', { type: 'identify', userId: 'u'.repeat(257) }],
    ['a 256-code-point id of 512 units', { type: 'identify', userId: astral.repeat(256) }],
    ['a 200-character event', { type: 'track', userId: 'u', event: 'e'.repeat(200) }],
    ['a 201-character event', { type: 'track', userId: 'u', event: 'e'.repeat(201) }],
    ['a 200-code-point event of 201 units', { type: 'track', userId: 'u', event: `e${astral.repeat(100)}` }],
    ['a padded event', { type: 'track', userId: 'u', event: ' E ' }],
    ['a 201-character page name', { type: 'page', userId: 'u', name: 'n'.repeat(201) }],
    ['a whitespace-padded groupId', { type: 'group', userId: 'u', groupId: '\u00a0g\u00a0' }],
    ['a userId of whitespace', { type: 'track', event: 'E', userId: '  ', anonymousId: 'a' }],
    ['an alias with a numeric userId', { type: 'alias', userId: 5, previousId: ' p ' }],
    ['a calendar-invalid timestamp', { type: 'identify', userId: 'u', timestamp: '2023-02-29T00:00:00Z' }],
    ['a leap-day timestamp', { type: 'identify', userId: 'u', timestamp: '2024-02-29T23:59:59.999Z' }],
    ['a 24:00 timestamp', { type: 'identify', userId: 'u', timestamp: '2024-02-28T24:00:00Z' }],
    ['an offset timestamp', { type: 'identify', userId: 'u', sentAt: '2024-02-28T10:00:00+02:00' }],
    ['context with an own __proto__', { type: 'identify', userId: 'u', context: withOwnProto({ a: 1 }, {}) }],
    ['a class instance as traits', { type: 'identify', userId: 'u', traits: new Plan() }],
    ['a forced type over the body type', { type: 'identify', event: 'E', userId: 'u', traits: {} }, 'track'],
    ['extras and an own __proto__ on the message', withOwnProto({ type: 'identify', userId: 'u', x: 1 }, {})],
  ])('gives the zod-only result for %s', (_label, raw, forcedType) => {
    expectSameResult(raw, forcedType);
  });

  it('takes the fast path for the common track shape Segment libraries send', () => {
    const message = {
      type: 'track',
      messageId: 'm-1',
      userId: 'acct-1-u1',
      event: 'Report Run',
      properties: { module: 'reports', durationMs: 1001, plan: 'growth', path: '/app/x/1', rows: 1 },
      context: {
        library: { name: 'analytics-node', version: '3.1.0' },
        ip: '203.0.113.7',
        userAgent: 'Mozilla/5.0',
        locale: 'en-US',
        timezone: 'Europe/Berlin',
      },
      timestamp: '2026-01-01T10:00:01.000Z',
      integrations: {},
    };
    expect(validateMessageWithSchema(message, 0)).toStrictEqual({ ok: true, message });
    expect(parseMessageFast('track', message)).toStrictEqual(message);
    expect(validateMessage(message, 0)).toStrictEqual({ ok: true, message });
  });

  it.each<[MessageType, Record<string, unknown>]>([
    [
      'identify',
      { type: 'identify', userId: 42, traits: { email: 'a@b.io' }, timestamp: '2026-01-01T10:00:00Z' },
    ],
    ['group', { type: 'group', userId: 'u1', groupId: 1001, traits: { name: 'Acme' }, context: {} }],
    ['page', { type: 'page', anonymousId: 'a-1', name: 'Home', category: null, properties: { path: '/' } }],
    ['screen', { type: 'screen', anonymousId: 'a-1', name: 'Settings' }],
    ['alias', { type: 'alias', userId: 'u1', previousId: 'anon-1' }],
  ])('takes the fast path for a common %s message', (type, message) => {
    const reference = validateMessageWithSchema(message, 0);
    expect(reference.ok).toBe(true);
    expect(parseMessageFast(type, message)).toStrictEqual(reference.ok ? reference.message : undefined);
  });
});

describe('isIsoDateTime', () => {
  // The definition the char-code reading of the UTC form replaced: a regex, then the calendar check.
  const UTC_SECONDS = /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,3})?Z$/;
  const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
  function reference(value: string): boolean {
    const utc = UTC_SECONDS.exec(value);
    if (utc) {
      const [year, month, day] = [Number(utc[1]), Number(utc[2]), Number(utc[3])];
      const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
      const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
      return day >= 1 && day <= days;
    }
    return ISO_DATE_TIME.test(value) && isRealCalendarDate(value) && !Number.isNaN(Date.parse(value));
  }

  it('agrees with the regex definition on generated date-like strings (property)', () => {
    const mutated = fc
      .tuple(dateString, fc.nat(30), fc.constantFrom('', '0', '-', ':', 'T', 'Z', '.', 'a', '\u0660', '/'))
      .map(([s, at, c]) => s.slice(0, at % (s.length + 1)) + c + s.slice((at % (s.length + 1)) + 1));
    fc.assert(
      fc.property(
        fc.oneof(
          dateString,
          mutated,
          fc.date().map((d) => (Number.isNaN(d.getTime()) ? '' : d.toISOString())),
        ),
        (value) => {
          expect(isIsoDateTime(value)).toBe(reference(value));
        },
      ),
      { numRuns: 20_000 },
    );
  });
});
