import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { INGEST_LIMITS } from '../../../shared/ingest/limits';
import { type MessageType, type SegmentMessage, validateMessage } from '../../../shared/ingest/messages';
import {
  correctTimestamp,
  eventDurationMs,
  type NormalizeContext,
  normalizeMessage,
} from '../../../shared/ingest/normalize';

const HOUR_MS = 3_600_000;
const RECEIVED_AT = Date.parse('2026-03-10T12:00:00Z');

/** A message as the API hands it to normalizeMessage: validated first, like production does. */
function valid(raw: Record<string, unknown>, forcedType?: MessageType): SegmentMessage {
  const result = validateMessage(raw, 0, forcedType);
  if (!result.ok) throw new Error(`test fixture is invalid: ${JSON.stringify(result.error)}`);
  return result.message;
}

function normalize(raw: Record<string, unknown>, ctx: Partial<NormalizeContext> = {}) {
  return normalizeMessage(valid(raw), { receivedAt: RECEIVED_AT, fallbackMessageId: 'fallback-1', ...ctx });
}

describe('correctTimestamp', () => {
  it('applies receivedAt − (sentAt − originalTimestamp)', () => {
    const ts = correctTimestamp({
      originalTimestamp: '2026-03-10T11:59:00Z',
      sentAt: '2026-03-10T11:59:30Z',
      receivedAt: RECEIVED_AT,
    });
    expect(ts).toBe(RECEIVED_AT - 30_000);
  });

  it('lands an event from a client whose clock is 1 hour fast at the true time', () => {
    // Happened at 09:00:00 true time; the client clock reads 10:00:00; sent 5 s later; received at once.
    const ts = correctTimestamp({
      originalTimestamp: '2026-01-01T10:00:00Z',
      sentAt: '2026-01-01T10:00:05Z',
      receivedAt: Date.parse('2026-01-01T09:00:05Z'),
    });
    expect(ts).toBe(Date.parse('2026-01-01T09:00:00Z'));
  });

  it('lands an event from a client whose clock is 1 hour slow at the true time', () => {
    const ts = correctTimestamp({
      originalTimestamp: '2026-01-01T08:00:00Z',
      sentAt: '2026-01-01T08:00:05Z',
      receivedAt: Date.parse('2026-01-01T09:00:05Z'),
    });
    expect(ts).toBe(Date.parse('2026-01-01T09:00:00Z'));
  });

  it('recovers the true event time for any clock offset and send delay', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -7 * 24 * HOUR_MS, max: 7 * 24 * HOUR_MS }),
        fc.integer({ min: 0, max: 24 * HOUR_MS }),
        (clockOffsetMs, sendDelayMs) => {
          const trueEventAt = Date.parse('2026-06-01T00:00:00Z');
          const receivedAt = trueEventAt + sendDelayMs;
          const ts = correctTimestamp({
            originalTimestamp: new Date(trueEventAt + clockOffsetMs).toISOString(),
            sentAt: new Date(receivedAt + clockOffsetMs).toISOString(),
            receivedAt,
          });
          expect(ts).toBe(trueEventAt);
        },
      ),
    );
  });

  it('prefers originalTimestamp over timestamp in the skew formula', () => {
    const ts = correctTimestamp({
      originalTimestamp: '2026-03-10T11:00:00Z',
      timestamp: '2026-03-10T06:00:00Z',
      sentAt: '2026-03-10T11:10:00Z',
      receivedAt: RECEIVED_AT,
    });
    expect(ts).toBe(RECEIVED_AT - 10 * 60_000);
  });

  it('prefers originalTimestamp over timestamp without a sentAt', () => {
    const ts = correctTimestamp({
      originalTimestamp: '2026-03-10T11:00:00Z',
      timestamp: '2026-03-10T06:00:00Z',
      receivedAt: RECEIVED_AT,
    });
    expect(ts).toBe(Date.parse('2026-03-10T11:00:00Z'));
  });

  it('uses a lone timestamp as is', () => {
    expect(correctTimestamp({ timestamp: '2025-11-02T08:15:00Z', receivedAt: RECEIVED_AT })).toBe(
      Date.parse('2025-11-02T08:15:00Z'),
    );
  });

  it('honours the offset of a timestamp', () => {
    expect(correctTimestamp({ timestamp: '2026-03-10T09:00:00+02:00', receivedAt: RECEIVED_AT })).toBe(
      Date.parse('2026-03-10T07:00:00Z'),
    );
  });

  it('falls back to receivedAt when there is neither originalTimestamp nor timestamp', () => {
    expect(correctTimestamp({ receivedAt: RECEIVED_AT })).toBe(RECEIVED_AT);
    expect(
      correctTimestamp({ timestamp: null, originalTimestamp: null, sentAt: null, receivedAt: RECEIVED_AT }),
    ).toBe(RECEIVED_AT);
  });

  it('falls back to receivedAt when only sentAt is given', () => {
    expect(correctTimestamp({ sentAt: '2026-03-10T11:00:00Z', receivedAt: RECEIVED_AT })).toBe(RECEIVED_AT);
  });

  it('clamps a future timestamp to receivedAt', () => {
    expect(correctTimestamp({ timestamp: '2026-03-11T12:00:00Z', receivedAt: RECEIVED_AT })).toBe(
      RECEIVED_AT,
    );
  });

  it('clamps to receivedAt when the event claims to be after its own sentAt', () => {
    const ts = correctTimestamp({
      originalTimestamp: '2026-03-10T12:05:00Z',
      sentAt: '2026-03-10T12:00:00Z',
      receivedAt: RECEIVED_AT,
    });
    expect(ts).toBe(RECEIVED_AT);
  });

  it('ignores an unparsable sentAt and uses the timestamp as is', () => {
    expect(
      correctTimestamp({ timestamp: '2026-03-10T10:00:00Z', sentAt: 'garbage', receivedAt: RECEIVED_AT }),
    ).toBe(Date.parse('2026-03-10T10:00:00Z'));
  });

  it('never returns a time after receivedAt', () => {
    const iso = fc
      .integer({ min: RECEIVED_AT - 30 * 24 * HOUR_MS, max: RECEIVED_AT + 30 * 24 * HOUR_MS })
      .map((ms) => new Date(ms).toISOString());
    fc.assert(
      fc.property(fc.option(iso), fc.option(iso), fc.option(iso), (timestamp, originalTimestamp, sentAt) => {
        expect(
          correctTimestamp({ timestamp, originalTimestamp, sentAt, receivedAt: RECEIVED_AT }),
        ).toBeLessThanOrEqual(RECEIVED_AT);
      }),
    );
  });
});

describe('eventDurationMs', () => {
  it('returns null without properties or without a duration', () => {
    expect(eventDurationMs(null)).toBeNull();
    expect(eventDurationMs(undefined)).toBeNull();
    expect(eventDurationMs({})).toBeNull();
    expect(eventDurationMs({ durationMs: null, duration: null })).toBeNull();
  });

  it('reads durationMs in milliseconds', () => {
    expect(eventDurationMs({ durationMs: 1500 })).toBe(1500);
  });

  it('reads duration in seconds', () => {
    expect(eventDurationMs({ duration: 1.5 })).toBe(1500);
  });

  it('prefers durationMs over duration', () => {
    expect(eventDurationMs({ durationMs: 200, duration: 60 })).toBe(200);
  });

  it('falls back to duration when durationMs is not numeric', () => {
    expect(eventDurationMs({ durationMs: 'abc', duration: 2 })).toBe(2000);
  });

  it('accepts numeric strings', () => {
    expect(eventDurationMs({ durationMs: '2500' })).toBe(2500);
    expect(eventDurationMs({ duration: '3' })).toBe(3000);
  });

  it('rounds to whole milliseconds', () => {
    expect(eventDurationMs({ durationMs: 1234.6 })).toBe(1235);
    expect(eventDurationMs({ duration: 0.0004 })).toBe(0);
  });

  it('keeps a zero duration', () => {
    expect(eventDurationMs({ durationMs: 0 })).toBe(0);
  });

  it.each([
    ['negative durationMs', { durationMs: -1 }],
    ['negative duration', { duration: -5 }],
    ['NaN durationMs', { durationMs: Number.NaN }],
    ['non-numeric duration', { duration: 'long' }],
    ['an object', { durationMs: { ms: 5 } }],
  ])('returns null for %s', (_label, properties) => {
    expect(eventDurationMs(properties)).toBeNull();
  });

  it('caps at 12 hours', () => {
    expect(INGEST_LIMITS.maxDurationMs).toBe(12 * HOUR_MS);
    expect(eventDurationMs({ durationMs: 13 * HOUR_MS })).toBe(12 * HOUR_MS);
    expect(eventDurationMs({ duration: 86_400 })).toBe(12 * HOUR_MS);
    expect(eventDurationMs({ durationMs: 12 * HOUR_MS })).toBe(12 * HOUR_MS);
    expect(eventDurationMs({ durationMs: 12 * HOUR_MS - 1 })).toBe(12 * HOUR_MS - 1);
  });

  // `Number('')` is 0, so a blank durationMs counts as a present, zero-length duration: it reports 0 and
  // hides a valid `duration` sent alongside it, instead of being treated as absent.
  it('treats a blank durationMs as absent and falls back to duration', () => {
    expect(eventDurationMs({ durationMs: '', duration: 5 })).toBe(5000);
  });
});

describe('normalizeMessage', () => {
  it('normalizes a track call', () => {
    const event = normalize(
      {
        type: 'track',
        event: 'Report Run',
        userId: 'u1',
        anonymousId: 'anon-1',
        messageId: 'm-1',
        originalTimestamp: '2026-03-10T10:00:00Z',
        sentAt: '2026-03-10T10:00:00Z',
        properties: { accountId: 'acme', module: 'reports', durationMs: 4000 },
      },
      { receivedAt: Date.parse('2026-03-10T10:00:02Z') },
    );
    expect(event).toEqual({
      messageId: 'm-1',
      type: 'track',
      userId: 'u1',
      anonymousId: 'anon-1',
      accountId: 'acme',
      name: 'Report Run',
      featureKey: 'Report Run',
      featureName: 'Report Run',
      module: 'reports',
      ts: Date.parse('2026-03-10T10:00:02Z'),
      day: '2026-03-10',
      receivedAt: Date.parse('2026-03-10T10:00:02Z'),
      durationMs: 4000,
      properties: { accountId: 'acme', module: 'reports', durationMs: 4000 },
      traits: null,
      previousId: null,
    });
  });

  it('normalizes an identify call', () => {
    expect(normalize({ type: 'identify', userId: 'u1', traits: { email: 'a@b.io' } })).toEqual({
      messageId: 'fallback-1',
      type: 'identify',
      userId: 'u1',
      anonymousId: null,
      accountId: null,
      name: null,
      featureKey: null,
      featureName: null,
      module: null,
      ts: RECEIVED_AT,
      day: '2026-03-10',
      receivedAt: RECEIVED_AT,
      durationMs: null,
      properties: null,
      traits: { email: 'a@b.io' },
      previousId: null,
    });
  });

  describe('accountId', () => {
    it("is a group call's groupId", () => {
      expect(normalize({ type: 'group', userId: 'u1', groupId: 'acme' }).accountId).toBe('acme');
    });

    it("is a group call's groupId even when the context names another group", () => {
      const event = normalize({
        type: 'group',
        userId: 'u1',
        groupId: 'acme',
        context: { groupId: 'other' },
      });
      expect(event.accountId).toBe('acme');
    });

    it('is a stringified numeric groupId', () => {
      expect(normalize({ type: 'group', userId: 'u1', groupId: 1001 }).accountId).toBe('1001');
    });

    it('comes from context.groupId', () => {
      expect(
        normalize({ type: 'track', event: 'E', userId: 'u1', context: { groupId: 'acme' } }).accountId,
      ).toBe('acme');
    });

    it('comes from properties.accountId', () => {
      expect(
        normalize({ type: 'track', event: 'E', userId: 'u1', properties: { accountId: 'acme' } }).accountId,
      ).toBe('acme');
    });

    it('comes from properties.groupId', () => {
      expect(
        normalize({ type: 'page', name: 'P', userId: 'u1', properties: { groupId: 'acme' } }).accountId,
      ).toBe('acme');
    });

    it('prefers context.groupId over properties.accountId and properties.groupId', () => {
      const event = normalize({
        type: 'track',
        event: 'E',
        userId: 'u1',
        context: { groupId: 'from-context' },
        properties: { accountId: 'from-account-id', groupId: 'from-group-id' },
      });
      expect(event.accountId).toBe('from-context');
    });

    it('prefers properties.accountId over properties.groupId', () => {
      const event = normalize({
        type: 'track',
        event: 'E',
        userId: 'u1',
        properties: { groupId: 'from-group-id', accountId: 'from-account-id' },
      });
      expect(event.accountId).toBe('from-account-id');
    });

    it('skips a blank context.groupId', () => {
      const event = normalize({
        type: 'track',
        event: 'E',
        userId: 'u1',
        context: { groupId: '  ' },
        properties: { accountId: 'acme' },
      });
      expect(event.accountId).toBe('acme');
    });

    it('stringifies a numeric context.groupId and trims a string one', () => {
      expect(normalize({ type: 'track', event: 'E', userId: 'u1', context: { groupId: 42 } }).accountId).toBe(
        '42',
      );
      expect(
        normalize({ type: 'track', event: 'E', userId: 'u1', context: { groupId: ' acme ' } }).accountId,
      ).toBe('acme');
    });

    it('is found on an identify call through its context', () => {
      expect(normalize({ type: 'identify', userId: 'u1', context: { groupId: 'acme' } }).accountId).toBe(
        'acme',
      );
    });

    it('is null when nothing names an account', () => {
      expect(
        normalize({ type: 'track', event: 'E', userId: 'u1', properties: { plan: 'pro' } }).accountId,
      ).toBeNull();
    });

    it('is cut to 256 characters', () => {
      const long = 'a'.repeat(300);
      expect(
        normalize({ type: 'track', event: 'E', userId: 'u1', context: { groupId: long } }).accountId,
      ).toBe('a'.repeat(256));
    });
  });

  describe('batch context and sentAt', () => {
    it('uses the batch context when the message has none', () => {
      const event = normalize(
        { type: 'track', event: 'E', userId: 'u1' },
        { batchContext: { groupId: 'batch-acct' } },
      );
      expect(event.accountId).toBe('batch-acct');
    });

    it("lets the message's own context override the batch context", () => {
      const event = normalize(
        { type: 'track', event: 'E', userId: 'u1', context: { groupId: 'msg-acct' } },
        { batchContext: { groupId: 'batch-acct' } },
      );
      expect(event.accountId).toBe('msg-acct');
    });

    it('merges the batch context under a message context that lacks the key', () => {
      const event = normalize(
        { type: 'track', event: 'E', userId: 'u1', context: { locale: 'en-GB' } },
        { batchContext: { groupId: 'batch-acct' } },
      );
      expect(event.accountId).toBe('batch-acct');
    });

    it("lets a message's null context.groupId hide the batch context's, as a merge would", () => {
      const event = normalize(
        {
          type: 'track',
          event: 'E',
          userId: 'u1',
          context: { groupId: null },
          properties: { accountId: 'p' },
        },
        { batchContext: { groupId: 'batch-acct' } },
      );
      expect(event.accountId).toBe('p');
    });

    it('corrects each message of consecutive batches by its own batchSentAt', () => {
      const raw = { type: 'track', event: 'E', userId: 'u1', originalTimestamp: '2026-03-10T13:00:00Z' };
      const sentAts = ['2026-03-10T13:00:10Z', '2026-03-10T13:00:10Z', '2026-03-10T13:00:20Z', 'garbage'];
      expect(sentAts.map((batchSentAt) => normalize(raw, { batchSentAt }).ts)).toEqual([
        RECEIVED_AT - 10_000,
        RECEIVED_AT - 10_000,
        RECEIVED_AT - 20_000,
        RECEIVED_AT,
      ]);
    });

    it('uses batchSentAt for skew correction when the message has no sentAt', () => {
      const event = normalize(
        { type: 'track', event: 'E', userId: 'u1', originalTimestamp: '2026-03-10T13:00:00Z' },
        { batchSentAt: '2026-03-10T13:00:10Z' },
      );
      expect(event.ts).toBe(RECEIVED_AT - 10_000);
    });

    it("prefers the message's own sentAt over batchSentAt", () => {
      const event = normalize(
        {
          type: 'track',
          event: 'E',
          userId: 'u1',
          originalTimestamp: '2026-03-10T13:00:00Z',
          sentAt: '2026-03-10T13:00:20Z',
        },
        { batchSentAt: '2026-03-10T13:00:10Z' },
      );
      expect(event.ts).toBe(RECEIVED_AT - 20_000);
    });
  });

  describe('featureKey', () => {
    it('is the event name for track', () => {
      const event = normalize({ type: 'track', event: 'Export CSV', userId: 'u1' });
      expect(event).toMatchObject({
        name: 'Export CSV',
        featureKey: 'Export CSV',
        featureName: 'Export CSV',
      });
    });

    it('is page:<name> for a named page', () => {
      const event = normalize({
        type: 'page',
        name: 'Pricing',
        userId: 'u1',
        properties: { path: '/pricing' },
      });
      expect(event).toMatchObject({ name: 'Pricing', featureKey: 'page:Pricing', featureName: 'Pricing' });
    });

    it('falls back to page:<path> from properties.path for an unnamed page', () => {
      const event = normalize({ type: 'page', userId: 'u1', properties: { path: '/settings/billing' } });
      expect(event).toMatchObject({
        name: null,
        featureKey: 'page:/settings/billing',
        featureName: '/settings/billing',
      });
    });

    it("falls back to the URL's path, without query or fragment, for an unnamed page", () => {
      const event = normalize({
        type: 'page',
        userId: 'u1',
        properties: { url: 'https://app.keepwell.dev/accounts/42?tab=health#top' },
      });
      expect(event.featureKey).toBe('page:/accounts/42');
    });

    it('uses / for a URL with no path', () => {
      expect(
        normalize({ type: 'page', userId: 'u1', properties: { url: 'https://app.keepwell.dev' } }).featureKey,
      ).toBe('page:/');
      expect(
        normalize({ type: 'page', userId: 'u1', properties: { url: 'https://app.keepwell.dev?ref=mail' } })
          .featureKey,
      ).toBe('page:/');
    });

    it('prefers properties.path over the URL', () => {
      const event = normalize({
        type: 'page',
        userId: 'u1',
        properties: { path: '/from-path', url: 'https://app.keepwell.dev/from-url' },
      });
      expect(event.featureKey).toBe('page:/from-path');
    });

    it('cuts a page path to 200 characters', () => {
      const path = `/${'p'.repeat(250)}`;
      expect(normalize({ type: 'page', userId: 'u1', properties: { path } }).featureName).toBe(
        path.slice(0, 200),
      );
    });

    it('is null for a page with neither name nor path nor url', () => {
      const event = normalize({
        type: 'page',
        userId: 'u1',
        properties: { title: 'Home', module: 'x', duration: 5 },
      });
      expect(event).toMatchObject({
        name: null,
        featureKey: null,
        featureName: null,
        module: null,
        durationMs: null,
      });
    });

    it('is null for a page whose url has no scheme', () => {
      expect(
        normalize({ type: 'page', userId: 'u1', properties: { url: '/relative/only' } }).featureKey,
      ).toBeNull();
    });

    it('is screen:<name> for a named screen', () => {
      const event = normalize({ type: 'screen', name: 'Dashboard', userId: 'u1' });
      expect(event).toMatchObject({
        name: 'Dashboard',
        featureKey: 'screen:Dashboard',
        featureName: 'Dashboard',
      });
    });

    it('is null for an unnamed screen, even with a path (screens have no path fallback)', () => {
      const event = normalize({ type: 'screen', userId: 'u1', properties: { path: '/dashboard' } });
      expect(event).toMatchObject({ name: null, featureKey: null, featureName: null });
    });

    it.each<[string, Record<string, unknown>]>([
      ['identify', { type: 'identify', userId: 'u1', traits: { module: 'x' } }],
      ['group', { type: 'group', userId: 'u1', groupId: 'acme', traits: { name: 'Acme' } }],
      ['alias', { type: 'alias', userId: 'u1', previousId: 'anon-1' }],
    ])('is null for %s, with no name, module or duration', (_type, raw) => {
      expect(normalize(raw)).toMatchObject({
        name: null,
        featureKey: null,
        featureName: null,
        module: null,
        durationMs: null,
      });
    });

    // The validator accepts a blank `name`, and `message.name ?? null` keeps it (it is not nullish), so it
    // blocks the path fallback: '' gives featureName '' and no featureKey, '   ' gives featureKey 'page:   '.
    it.each([
      ['empty', ''],
      ['whitespace-only', '   '],
    ])('falls back to the path for a page whose name is %s', (_label, name) => {
      const event = normalize({ type: 'page', name, userId: 'u1', properties: { path: '/settings' } });
      expect(event.featureKey).toBe('page:/settings');
    });
  });

  describe('module', () => {
    it('comes from properties.module, trimmed', () => {
      expect(
        normalize({ type: 'track', event: 'E', userId: 'u1', properties: { module: ' reports ' } }).module,
      ).toBe('reports');
    });

    it('is set for a page with a featureKey', () => {
      expect(
        normalize({ type: 'page', name: 'P', userId: 'u1', properties: { module: 'billing' } }).module,
      ).toBe('billing');
    });

    it('is cut to 100 characters', () => {
      const module = 'm'.repeat(150);
      expect(normalize({ type: 'track', event: 'E', userId: 'u1', properties: { module } }).module).toBe(
        'm'.repeat(100),
      );
    });

    it('is null when absent or blank', () => {
      expect(normalize({ type: 'track', event: 'E', userId: 'u1' }).module).toBeNull();
      expect(
        normalize({ type: 'track', event: 'E', userId: 'u1', properties: { module: '' } }).module,
      ).toBeNull();
    });
  });

  describe('durationMs', () => {
    it('comes from properties.durationMs', () => {
      expect(
        normalize({ type: 'track', event: 'E', userId: 'u1', properties: { durationMs: 750 } }).durationMs,
      ).toBe(750);
    });

    it('comes from properties.duration in seconds', () => {
      expect(
        normalize({ type: 'screen', name: 'S', userId: 'u1', properties: { duration: 12 } }).durationMs,
      ).toBe(12_000);
    });

    it('is null when negative or not a number', () => {
      expect(
        normalize({ type: 'track', event: 'E', userId: 'u1', properties: { durationMs: -1 } }).durationMs,
      ).toBe(null);
      expect(
        normalize({ type: 'track', event: 'E', userId: 'u1', properties: { duration: 'forever' } })
          .durationMs,
      ).toBeNull();
    });

    it('is capped at 12 hours', () => {
      expect(
        normalize({ type: 'track', event: 'E', userId: 'u1', properties: { duration: 100_000 } }).durationMs,
      ).toBe(12 * HOUR_MS);
    });

    it('is null for a track without properties', () => {
      expect(normalize({ type: 'track', event: 'E', userId: 'u1' }).durationMs).toBeNull();
    });
  });

  describe('messageId', () => {
    it("keeps the message's own messageId", () => {
      expect(normalize({ type: 'track', event: 'E', userId: 'u1', messageId: 'ajs-123' }).messageId).toBe(
        'ajs-123',
      );
    });

    it('uses fallbackMessageId when the message has none', () => {
      expect(
        normalize({ type: 'track', event: 'E', userId: 'u1' }, { fallbackMessageId: 'gen-9' }).messageId,
      ).toBe('gen-9');
    });

    it('uses fallbackMessageId when the messageId is empty', () => {
      expect(normalize({ type: 'track', event: 'E', userId: 'u1', messageId: '' }).messageId).toBe(
        'fallback-1',
      );
    });
  });

  describe('time', () => {
    it('sets ts to the skew-corrected time and keeps receivedAt', () => {
      const event = normalize({
        type: 'track',
        event: 'E',
        userId: 'u1',
        originalTimestamp: '2026-03-10T13:00:00Z',
        sentAt: '2026-03-10T13:01:00Z',
      });
      expect(event.ts).toBe(RECEIVED_AT - 60_000);
      expect(event.receivedAt).toBe(RECEIVED_AT);
    });

    it('uses a lone timestamp as is (historical import)', () => {
      const event = normalize({ type: 'track', event: 'E', userId: 'u1', timestamp: '2025-12-24T18:00:00Z' });
      expect(event).toMatchObject({ ts: Date.parse('2025-12-24T18:00:00Z'), day: '2025-12-24' });
    });

    it('sets day to the UTC day of the corrected time, not of the client clock', () => {
      // The client clock is 1 hour fast and reads 00:30 on the 10th; the true time is 23:30 on the 9th.
      const event = normalize(
        {
          type: 'track',
          event: 'E',
          userId: 'u1',
          originalTimestamp: '2026-03-10T00:30:00Z',
          sentAt: '2026-03-10T00:40:00Z',
        },
        { receivedAt: Date.parse('2026-03-09T23:40:00Z') },
      );
      expect(event).toMatchObject({ ts: Date.parse('2026-03-09T23:30:00Z'), day: '2026-03-09' });
    });

    it('sets day in UTC for a timestamp with a local offset', () => {
      const event = normalize({
        type: 'track',
        event: 'E',
        userId: 'u1',
        timestamp: '2026-03-10T01:00:00+03:00',
      });
      expect(event.day).toBe('2026-03-09');
    });
  });

  describe('identities and payloads', () => {
    it('sets previousId for alias', () => {
      const event = normalize({ type: 'alias', userId: 'u1', previousId: 'anon-1' });
      expect(event).toMatchObject({ type: 'alias', userId: 'u1', previousId: 'anon-1' });
    });

    it('leaves userId null for an anonymous message', () => {
      const event = normalize({ type: 'page', name: 'Home', anonymousId: 'anon-1' });
      expect(event).toMatchObject({ userId: null, anonymousId: 'anon-1' });
    });

    it('stringifies numeric ids', () => {
      expect(normalize({ type: 'track', event: 'E', userId: 7, anonymousId: 8 })).toMatchObject({
        userId: '7',
        anonymousId: '8',
      });
    });

    it('passes group traits through untouched and has no properties', () => {
      const traits = { name: 'Acme', seats: '25', custom: { nested: true } };
      const event = normalize({ type: 'group', userId: 'u1', groupId: 'acme', traits });
      expect(event).toMatchObject({ traits, properties: null });
    });

    it('passes track properties through untouched and has no traits', () => {
      const properties = { accountId: 'acme', extra: [1, 2, 3] };
      const event = normalize({ type: 'track', event: 'E', userId: 'u1', properties });
      expect(event).toMatchObject({ properties, traits: null });
    });
  });
});

describe('correctTimestamp clamp', () => {
  const Y2K = Date.UTC(2000, 0, 1);

  it('clamps an absurd skew (originalTimestamp in 0001, sentAt in 9999) to 2000-01-01', () => {
    const ts = correctTimestamp({
      originalTimestamp: '0001-01-01T00:00:00Z',
      sentAt: '9999-12-31T00:00:00Z',
      receivedAt: RECEIVED_AT,
    });
    expect(ts).toBe(Y2K);
  });

  it('clamps an event time before 2000 without sentAt, and one in 9999 to receivedAt', () => {
    expect(correctTimestamp({ timestamp: '0001-01-01T00:00:00Z', receivedAt: RECEIVED_AT })).toBe(Y2K);
    expect(correctTimestamp({ timestamp: '1999-12-31T23:59:59.999Z', receivedAt: RECEIVED_AT })).toBe(Y2K);
    expect(correctTimestamp({ timestamp: '2000-01-01T00:00:00.001Z', receivedAt: RECEIVED_AT })).toBe(
      Y2K + 1,
    );
    expect(correctTimestamp({ originalTimestamp: '9999-12-31T23:59:59Z', receivedAt: RECEIVED_AT })).toBe(
      RECEIVED_AT,
    );
    expect(
      correctTimestamp({
        originalTimestamp: '9999-12-31T00:00:00Z',
        sentAt: '0001-01-01T00:00:00Z',
        receivedAt: RECEIVED_AT,
      }),
    ).toBe(RECEIVED_AT);
  });

  it('gives every accepted date-time a day between 2000-01-01 and the receive day', () => {
    const date = fc
      .date({
        min: new Date('0000-01-01T00:00:00Z'),
        max: new Date('9999-12-31T23:59:59.999Z'),
        noInvalidDate: true,
      })
      .map((d) => d.toISOString());
    fc.assert(
      fc.property(date, fc.option(date), (originalTimestamp, sentAt) => {
        const event = normalize({ type: 'track', event: 'E', userId: 'u1', originalTimestamp, sentAt });
        expect(event.day).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(event.ts).toBeGreaterThanOrEqual(Y2K);
        expect(event.ts).toBeLessThanOrEqual(RECEIVED_AT);
      }),
      { seed: 20, numRuns: 500 },
    );
  });
});
