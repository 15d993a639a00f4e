import { describe, expect, it } from 'vitest';
import type { NormalizedEvent } from '../../../shared/ingest';
import {
  type IngestQueueMessage,
  parseQueueMessage,
  sourcedEvents,
  toWireEvent,
} from '../../../worker/common/ingest-queue';

const RECEIVED = Date.parse('2026-11-20T12:01:00Z');

const track: NormalizedEvent = {
  messageId: 'm1',
  type: 'track',
  userId: 'u1',
  anonymousId: null,
  accountId: 'acme',
  name: 'Report Run',
  featureKey: 'Report Run',
  featureName: 'Report Run',
  module: 'reports',
  ts: RECEIVED - 60_000,
  day: '2026-11-20',
  receivedAt: RECEIVED,
  durationMs: 30_000,
  properties: { module: 'reports', durationMs: 30_000 },
  traits: null,
  previousId: null,
};
const alias: NormalizedEvent = {
  ...track,
  messageId: 'm2',
  type: 'alias',
  name: null,
  featureKey: null,
  featureName: null,
  module: null,
  durationMs: null,
  properties: null,
  previousId: 'anon-1',
  receivedAt: RECEIVED + 5,
};

const v2 = (events: NormalizedEvent[]): IngestQueueMessage => ({
  v: 2,
  sourceId: 'src',
  receivedAt: RECEIVED,
  events: events.map((e) => toWireEvent(e, RECEIVED)),
});

/** The body's valid part, or throws with the reason it is malformed. */
const parse = (body: unknown) => {
  const parsed = parseQueueMessage(body);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.body;
};
/** Why the body is malformed, 'invalid <field>' for its first invalid event, or null when all is well. */
const issue = (body: unknown) => {
  const parsed = parseQueueMessage(body);
  return parsed.ok ? (parsed.invalid[0]?.error ?? null) : parsed.error;
};

describe('ingest queue message', () => {
  it('round-trips events through the version 2 wire form, including an event with its own receivedAt', () => {
    const body = JSON.parse(JSON.stringify(v2([track, alias])));
    const parsed = parse(body);
    expect(sourcedEvents(parsed)).toEqual([
      { ...track, sourceId: 'src' },
      { ...alias, sourceId: 'src' },
    ]);
  });

  it('states receivedAt once for a request whose events share it', () => {
    expect(toWireEvent(track, RECEIVED)).toHaveLength(15);
    expect(toWireEvent(alias, RECEIVED)).toHaveLength(16);
  });

  it('still accepts version 1 bodies (messages queued before a deploy) and reads the same events', () => {
    const parsed = parse({ v: 1, sourceId: 'src', events: [track, alias] });
    expect(sourcedEvents(parsed)).toEqual(sourcedEvents(parse(v2([track, alias]))));
  });

  it('names the field of an event that cannot be stored, in both versions', () => {
    const bad: Partial<Record<keyof NormalizedEvent, unknown>>[] = [
      { messageId: '' },
      { type: 'click' },
      { userId: 7 },
      { ts: 1.5 },
      { day: '20-11-2026' },
      { durationMs: -1 },
      { properties: ['a'] },
      { traits: 'x' },
      { previousId: 5 },
      { accountId: {} },
    ];
    for (const patch of bad) {
      const event = { ...track, ...patch } as NormalizedEvent;
      const field = `invalid ${Object.keys(patch)[0]}`;
      expect(issue({ v: 1, sourceId: 'src', events: [event] }), JSON.stringify(patch)).toBe(field);
      expect(issue(JSON.parse(JSON.stringify(v2([event])))), JSON.stringify(patch)).toBe(field);
    }
  });

  it('rejects a malformed envelope (unknown version, missing source, events not a list) and a truncated event', () => {
    expect(issue({ v: 3, sourceId: 'src', events: [] })).toBeTruthy();
    expect(issue({ v: 2, receivedAt: RECEIVED, events: [] })).toBeTruthy();
    expect(issue({ v: 2, sourceId: 'src', events: [] })).toBeTruthy();
    expect(
      issue({
        v: 2,
        sourceId: 'src',
        receivedAt: RECEIVED,
        events: [toWireEvent(track, RECEIVED).slice(0, 14)],
      }),
    ).toBe('not a list of 15 or 16 fields');
    expect(issue({ v: 1, sourceId: 'src', events: 'nope' })).toBeTruthy();
    expect(issue(null)).toBeTruthy();
  });

  it('keeps the valid events of a body beside an invalid one, with the index and reason of the invalid one', () => {
    const farPast = { ...track, messageId: 'm3', day: '-007970-01-01' };
    const body = JSON.parse(JSON.stringify(v2([track, farPast, alias])));
    const parsed = parseQueueMessage(body);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(sourcedEvents(parsed.body).map((e) => e.messageId)).toEqual(['m1', 'm2']);
    expect(parsed.invalid).toEqual([{ index: 1, event: body.events[1], error: 'invalid day' }]);
    const v1Parsed = parseQueueMessage({ v: 1, sourceId: 'src', events: [farPast, track] });
    expect(v1Parsed.ok && v1Parsed.invalid.map((i) => [i.index, i.error])).toEqual([[0, 'invalid day']]);
  });

  it('returns a body equal to the input when every event is valid, so it can be re-sent as is', () => {
    const body = JSON.parse(JSON.stringify(v2([track, alias])));
    expect(parse(body)).toEqual(body);
  });
});
