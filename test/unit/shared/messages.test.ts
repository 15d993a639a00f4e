import { describe, expect, it } from 'vitest';
import {
  isIsoDateTime,
  type MESSAGE_TYPES,
  type MessageErrorCode,
  validateMessage,
} from '../../../shared/ingest/messages';

/** The error of a rejected message; fails the test if the message was accepted. */
function rejection(raw: unknown, index = 0, forcedType?: (typeof MESSAGE_TYPES)[number]) {
  const result = validateMessage(raw, index, forcedType);
  if (result.ok) throw new Error(`expected a rejection, got ${JSON.stringify(result.message)}`);
  return result.error;
}

/** The parsed message of an accepted message; fails the test if it was rejected. */
function accepted(raw: unknown, forcedType?: (typeof MESSAGE_TYPES)[number]) {
  const result = validateMessage(raw, 0, forcedType);
  if (!result.ok) throw new Error(`expected acceptance, got ${JSON.stringify(result.error)}`);
  return result.message;
}

describe('validateMessage accepts', () => {
  it.each([
    ['track', { type: 'track', event: 'Report Run', userId: 'u1' }],
    ['identify', { type: 'identify', userId: 'u1', traits: { email: 'a@b.io' } }],
    ['group', { type: 'group', userId: 'u1', groupId: 'acme' }],
    ['page', { type: 'page', anonymousId: 'anon-1', name: 'Home' }],
    ['screen', { type: 'screen', anonymousId: 'anon-1', name: 'Settings' }],
    ['alias', { type: 'alias', userId: 'u1', previousId: 'anon-1' }],
  ])('a minimal valid %s message', (type, raw) => {
    expect(accepted(raw).type).toBe(type);
  });

  it('an anonymous-only message (no userId)', () => {
    const message = accepted({ type: 'track', event: 'Opened', anonymousId: 'anon-1', userId: null });
    expect(message.anonymousId).toBe('anon-1');
    expect(message.userId).toBeNull();
  });

  it('numeric userId, anonymousId and groupId, stringified', () => {
    const message = accepted({ type: 'group', userId: 42, anonymousId: 7, groupId: 1001 });
    expect(message).toMatchObject({ userId: '42', anonymousId: '7', groupId: '1001' });
  });

  it('numeric previousId and messageId, stringified', () => {
    const message = accepted({ type: 'alias', userId: 'u1', previousId: 99, messageId: 123 });
    expect(message).toMatchObject({ previousId: '99', messageId: '123' });
  });

  it('ids with surrounding whitespace, trimmed', () => {
    const message = accepted({ type: 'group', userId: '  u1 ', groupId: ' acme ' });
    expect(message).toMatchObject({ userId: 'u1', groupId: 'acme' });
  });

  it('ISO-8601 timestamps with Z, numeric offsets, fractions and date-only forms', () => {
    const message = accepted({
      type: 'track',
      event: 'E',
      userId: 'u1',
      timestamp: '2026-01-01T10:00:00.123Z',
      originalTimestamp: '2026-01-01T12:00:00+02:00',
      sentAt: '2026-01-01',
    });
    expect(message).toMatchObject({
      timestamp: '2026-01-01T10:00:00.123Z',
      originalTimestamp: '2026-01-01T12:00:00+02:00',
      sentAt: '2026-01-01',
    });
  });

  it('null for optional objects (properties, context, traits)', () => {
    expect(
      accepted({ type: 'track', event: 'E', userId: 'u1', properties: null, context: null }),
    ).toMatchObject({ properties: null, context: null });
    expect(accepted({ type: 'identify', userId: 'u1', traits: null })).toMatchObject({ traits: null });
  });

  it('properties and context as plain objects, kept as sent', () => {
    const message = accepted({
      type: 'track',
      event: 'E',
      userId: 'u1',
      properties: { plan: 'pro', nested: { a: 1 } },
      context: { groupId: 'acme' },
    });
    expect(message).toMatchObject({
      properties: { plan: 'pro', nested: { a: 1 } },
      context: { groupId: 'acme' },
    });
  });
});

describe('validateMessage forcedType', () => {
  it('the path type wins over the body type', () => {
    const message = accepted({ type: 'identify', event: 'Clicked', userId: 'u1' }, 'track');
    expect(message.type).toBe('track');
  });

  it('the path type applies when the body has no type', () => {
    expect(accepted({ userId: 'u1', traits: {} }, 'identify').type).toBe('identify');
  });

  it('the path type is used even when the body type is unknown', () => {
    expect(accepted({ type: 'bogus', userId: 'u1', groupId: 'g' }, 'group').type).toBe('group');
  });

  it('validates against the forced type, so a track path needs an event', () => {
    expect(rejection({ type: 'identify', userId: 'u1' }, 0, 'track').code).toBe('MISSING_EVENT');
  });
});

describe('validateMessage rejects', () => {
  it.each([
    ['null', null],
    ['an array', [{ type: 'track', event: 'E', userId: 'u1' }]],
    ['a string', 'track'],
    ['a number', 42],
    ['a boolean', true],
    ['undefined', undefined],
  ])('%s as INVALID_MESSAGE without a path', (_label, raw) => {
    const error = rejection(raw, 3);
    expect(error).toEqual({ index: 3, code: 'INVALID_MESSAGE', message: 'message must be a JSON object' });
  });

  it.each([
    ['missing', { userId: 'u1' }],
    ['not a Segment type', { type: 'purchase', userId: 'u1' }],
    ['differently cased', { type: 'Track', event: 'E', userId: 'u1' }],
    ['not a string', { type: 1, userId: 'u1' }],
  ])('a type that is %s as UNKNOWN_TYPE at ["type"]', (_label, raw) => {
    const error = rejection(raw);
    expect(error.code).toBe('UNKNOWN_TYPE');
    expect(error.path).toEqual(['type']);
  });

  it.each([
    ['no ids at all', { type: 'track', event: 'E' }],
    ['null ids', { type: 'track', event: 'E', userId: null, anonymousId: null }],
    ['empty-string ids', { type: 'track', event: 'E', userId: '', anonymousId: '' }],
    ['whitespace-only ids', { type: 'identify', userId: '   ', anonymousId: '\t' }],
  ])('%s as MISSING_IDENTITY at ["userId"]', (_label, raw) => {
    const error = rejection(raw);
    expect(error.code).toBe('MISSING_IDENTITY');
    expect(error.path).toEqual(['userId']);
  });

  it('an alias with only an anonymousId as MISSING_IDENTITY (alias needs the new userId)', () => {
    const error = rejection({ type: 'alias', anonymousId: 'anon-1', previousId: 'anon-0' });
    expect(error).toEqual({
      index: 0,
      code: 'MISSING_IDENTITY',
      message: 'alias requires "userId"',
      path: ['userId'],
    });
  });

  it.each([
    ['absent', undefined],
    ['null', null],
    ['empty', ''],
    ['whitespace-only', '   '],
  ])('a track whose event is %s as MISSING_EVENT at ["event"]', (_label, event) => {
    const error = rejection({ type: 'track', userId: 'u1', event });
    expect(error.code).toBe('MISSING_EVENT');
    expect(error.path).toEqual(['event']);
  });

  it.each([
    ['absent', undefined],
    ['empty', ''],
    ['whitespace-only', '  '],
  ])('a group whose groupId is %s as MISSING_GROUP_ID at ["groupId"]', (_label, groupId) => {
    const error = rejection({ type: 'group', userId: 'u1', groupId });
    expect(error.code).toBe('MISSING_GROUP_ID');
    expect(error.path).toEqual(['groupId']);
  });

  it.each([
    ['absent', undefined],
    ['empty', ''],
  ])('an alias whose previousId is %s as MISSING_PREVIOUS_ID at ["previousId"]', (_label, previousId) => {
    const error = rejection({ type: 'alias', userId: 'u1', previousId });
    expect(error.code).toBe('MISSING_PREVIOUS_ID');
    expect(error.path).toEqual(['previousId']);
  });

  it('a missing event before a missing identity (the type-specific check runs first)', () => {
    expect(rejection({ type: 'track' }).code).toBe('MISSING_EVENT');
  });

  it.each<[string, Record<string, unknown>, (string | number)[]]>([
    ['event as a number', { type: 'track', userId: 'u1', event: 42 }, ['event']],
    ['event longer than 200 characters', { type: 'track', userId: 'u1', event: 'e'.repeat(201) }, ['event']],
    [
      'properties as an array',
      { type: 'track', userId: 'u1', event: 'E', properties: [1, 2] },
      ['properties'],
    ],
    [
      'properties as a string',
      { type: 'track', userId: 'u1', event: 'E', properties: 'a=1' },
      ['properties'],
    ],
    ['traits as a string', { type: 'identify', userId: 'u1', traits: 'vip' }, ['traits']],
    ['traits as an array', { type: 'group', userId: 'u1', groupId: 'g', traits: [] }, ['traits']],
    ['context as a string', { type: 'track', userId: 'u1', event: 'E', context: 'web' }, ['context']],
    [
      'timestamp not ISO-8601',
      { type: 'track', userId: 'u1', event: 'E', timestamp: 'yesterday' },
      ['timestamp'],
    ],
    [
      'timestamp in US format',
      { type: 'track', userId: 'u1', event: 'E', timestamp: '01/02/2026 10:00' },
      ['timestamp'],
    ],
    [
      'timestamp as epoch ms',
      { type: 'track', userId: 'u1', event: 'E', timestamp: 1767225600000 },
      ['timestamp'],
    ],
    [
      'timestamp with an impossible month',
      { type: 'track', userId: 'u1', event: 'E', timestamp: '2026-13-01T00:00:00Z' },
      ['timestamp'],
    ],
    ['sentAt not ISO-8601', { type: 'track', userId: 'u1', event: 'E', sentAt: 'now' }, ['sentAt']],
    [
      'originalTimestamp not ISO-8601',
      { type: 'track', userId: 'u1', event: 'E', originalTimestamp: 'Jan 1 2026' },
      ['originalTimestamp'],
    ],
    ['userId as an object', { type: 'track', event: 'E', userId: { id: 'u1' } }, ['userId']],
    ['userId as a boolean', { type: 'track', event: 'E', userId: true }, ['userId']],
    ['userId longer than 256 characters', { type: 'track', event: 'E', userId: 'u'.repeat(257) }, ['userId']],
    ['anonymousId as an array', { type: 'track', event: 'E', anonymousId: ['a'] }, ['anonymousId']],
    ['groupId as an object', { type: 'group', userId: 'u1', groupId: { id: 'g' } }, ['groupId']],
    ['page name as a number', { type: 'page', userId: 'u1', name: 5 }, ['name']],
    ['screen category as an object', { type: 'screen', userId: 'u1', category: {} }, ['category']],
  ])('%s as INVALID_FIELD with the field path', (_label, raw, path) => {
    const error = rejection(raw, 5);
    expect(error.code).toBe('INVALID_FIELD');
    expect(error.path).toEqual(path);
    expect(error.index).toBe(5);
    expect(error.message.startsWith(`${path.join('.')}: `)).toBe(true);
  });
});

describe('validateMessage index', () => {
  it.each<[MessageErrorCode, unknown]>([
    ['INVALID_MESSAGE', null],
    ['UNKNOWN_TYPE', { type: 'nope' }],
    ['MISSING_IDENTITY', { type: 'identify' }],
    ['MISSING_EVENT', { type: 'track', userId: 'u1' }],
    ['MISSING_GROUP_ID', { type: 'group', userId: 'u1' }],
    ['MISSING_PREVIOUS_ID', { type: 'alias', userId: 'u1' }],
    ['INVALID_FIELD', { type: 'track', userId: 'u1', event: 1 }],
  ])('echoes the message index in a %s error', (code, raw) => {
    const error = rejection(raw, 1234);
    expect(error.code).toBe(code);
    expect(error.index).toBe(1234);
  });
});

describe('validateMessage with impossible calendar dates', () => {
  // V8's Date.parse rolls '2026-02-30' over to 2 March instead of returning NaN, and the ISO regex only
  // checks the shape, so a day that does not exist in its month is accepted as a different day.
  it('rejects a timestamp on 30 February as INVALID_FIELD', () => {
    const error = rejection({ type: 'track', userId: 'u1', event: 'E', timestamp: '2026-02-30T10:00:00Z' });
    expect(error.code).toBe('INVALID_FIELD');
    expect(error.path).toEqual(['timestamp']);
  });
});

describe('isIsoDateTime', () => {
  it.each([
    ['2026-01-01T10:00:00Z', true],
    ['2026-01-01T10:00:00.123Z', true],
    ['2026-01-01T10:00:00.1Z', true],
    ['2026-01-01T10:00:00.123456Z', true],
    ['2024-02-29T00:00:00Z', true],
    ['2000-02-29T23:59:59.999Z', true],
    ['2026-01-01T12:00:00+02:00', true],
    ['2026-01-01T12:00:00-0530', true],
    ['2026-01-01 10:00', true],
    ['2026-01-01', true],
    ['2026-02-30T00:00:00Z', false],
    ['2023-02-29T00:00:00Z', false],
    ['1900-02-29T00:00:00Z', false],
    ['2026-04-31T00:00:00.000Z', false],
    ['2026-00-10T00:00:00Z', false],
    ['2026-13-01T00:00:00Z', false],
    ['2026-01-00T00:00:00Z', false],
    ['2026-01-32T00:00:00Z', false],
    ['2026-01-01T25:00:00Z', false],
    ['2026-01-01T10:60:00Z', false],
    ['2026-01-01T10:00:60Z', false],
    ['2026-01-01T10:00:00', true],
    ['2026-01-01T10:00:00.Z', false],
    ['2026-01-01T10:00:00z', false],
    [' 2026-01-01T10:00:00Z', false],
    ['2026-1-01T10:00:00Z', false],
    ['yesterday', false],
    ['', false],
  ])('%s is %s', (value, expected) => {
    expect(isIsoDateTime(value)).toBe(expected);
  });

  it('agrees with Date.parse on every day and a spread of times of leap and common years (UTC form)', () => {
    for (const year of [1900, 2000, 2023, 2024]) {
      for (let month = 0; month <= 13; month++) {
        for (let day = 0; day <= 32; day++) {
          for (const time of ['00:00:00', '23:59:59.999', '24:00:00', '12:60:00', '12:00:61.5']) {
            const date = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
            const value = `${date}T${time}Z`;
            // Valid: Date.parse takes it, and its day does not roll over into another (24:00 may).
            const midnight = Date.parse(`${date}T00:00:00Z`);
            const realDay = !Number.isNaN(midnight) && new Date(midnight).toISOString().slice(0, 10) === date;
            expect(isIsoDateTime(value), value).toBe(realDay && !Number.isNaN(Date.parse(value)));
          }
        }
      }
    }
  });
});

describe('validateMessage object fields', () => {
  class Plan {
    tier = 'pro';
  }

  it.each([
    ['an array', [1], 'array'],
    ['a Date', new Date(0), 'Date'],
    ['a Map', new Map(), 'Map'],
    ['a class instance', new Plan(), 'Plan'],
    ['a number', 5, 'number'],
  ])('rejects %s with the record message', (_label, value, received) => {
    for (const field of ['properties', 'context', 'integrations']) {
      expect(rejection({ type: 'track', event: 'E', userId: 'u1', [field]: value })).toEqual({
        index: 0,
        code: 'INVALID_FIELD',
        message: `${field}: Invalid input: expected record, received ${received}`,
        path: [field],
      });
    }
    expect(rejection({ type: 'identify', userId: 'u1', traits: value }).message).toBe(
      `traits: Invalid input: expected record, received ${received}`,
    );
  });

  it('accepts an object without a prototype', () => {
    const properties = Object.assign(Object.create(null) as Record<string, unknown>, { plan: 'pro' });
    expect(accepted({ type: 'track', event: 'E', userId: 'u1', properties })).toMatchObject({
      properties: { plan: 'pro' },
    });
  });

  it('drops an own "__proto__" key, as JSON.parse makes one, and keeps the rest', () => {
    const properties = JSON.parse('{"__proto__":{"polluted":1},"plan":"pro"}') as Record<string, unknown>;
    const message = accepted({ type: 'track', event: 'E', userId: 'u1', properties });
    expect(JSON.stringify('properties' in message ? message.properties : null)).toBe('{"plan":"pro"}');
  });
});

describe('validateMessage content the consumer could not store', () => {
  /** `{ a: { a: … } }` with `levels` objects. */
  const nested = (levels: number) => JSON.parse(`${'{"a":'.repeat(levels - 1)}{}${'}'.repeat(levels - 1)}`);

  it.each([
    ['track', 'properties', { type: 'track', event: 'E', userId: 'u1' }],
    ['identify', 'traits', { type: 'identify', userId: 'u1' }],
    ['group', 'traits', { type: 'group', userId: 'u1', groupId: 'acme' }],
    ['page', 'context', { type: 'page', userId: 'u1' }],
    ['screen', 'integrations', { type: 'screen', userId: 'u1' }],
    ['alias', 'extra', { type: 'alias', userId: 'u1', previousId: 'p' }],
  ])('rejects a %s whose %s nests 65 levels as TOO_DEEP, and accepts 64', (_type, field, base) => {
    expect(accepted({ ...base, [field]: nested(64) })).toBeTruthy();
    expect(rejection({ ...base, [field]: nested(65) }, 3)).toEqual({
      index: 3,
      code: 'TOO_DEEP',
      message: `${field}: nested deeper than 64 levels`,
      path: [field],
    });
  });

  it('rejects 10,000 levels without overflowing, before any other check', () => {
    const raw = JSON.parse(`{"type":"track","properties":${'['.repeat(10_000)}${']'.repeat(10_000)}}`);
    expect(rejection(raw).code).toBe('TOO_DEEP');
  });

  it.each([
    ['userId', { userId: 'u\uD800' }],
    ['anonymousId', { userId: null, anonymousId: '\uDC00' }],
    ['messageId', { messageId: 'm\u0000' }],
    ['event', { event: 'Report \uD83D' }],
    ['properties', { properties: { name: 'cut \uD83D' } }],
    ['properties', { properties: { 'key\uDFFF': 1 } }],
    ['context', { context: { groupId: 'acme\u0000' } }],
  ])('rejects a lone surrogate or NUL in %s as INVALID_UNICODE', (field, extra) => {
    const error = rejection({ type: 'track', event: 'E', userId: 'u1', ...extra });
    expect(error.code).toBe('INVALID_UNICODE');
    expect(error.path).toEqual([field]);
    expect(error.message).toContain(field);
  });

  it('rejects a lone surrogate in a groupId, previousId or traits key as INVALID_UNICODE', () => {
    expect(rejection({ type: 'group', userId: 'u1', groupId: 'a\uD800' }).code).toBe('INVALID_UNICODE');
    expect(rejection({ type: 'alias', userId: 'u1', previousId: '\uDBFFx' }).code).toBe('INVALID_UNICODE');
    expect(rejection({ type: 'identify', userId: 'u1', traits: { '\uD800': 'x' } }).code).toBe(
      'INVALID_UNICODE',
    );
  });

  it('accepts emoji, CJK and other control characters, unchanged', () => {
    const raw = { type: 'track', event: '报告 🚀', userId: '用户\u0001', properties: { 键: '值 👩‍💻' } };
    expect(accepted(raw)).toMatchObject(raw);
  });

  it('skips the text check (not the depth check) when the caller vouches for the text', () => {
    const raw = { type: 'track', event: 'E', userId: 'u\uD800' };
    expect(validateMessage(raw, 0, undefined, { checkText: false }).ok).toBe(true);
    const deep = { ...raw, properties: nested(65) };
    expect(validateMessage(deep, 0, undefined, { checkText: false })).toMatchObject({
      ok: false,
      error: { code: 'TOO_DEEP' },
    });
  });
});
