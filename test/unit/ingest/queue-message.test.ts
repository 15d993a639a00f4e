import { describe, expect, it } from 'vitest';
import type { NormalizedEvent } from '../../../shared/ingest';
import {
  type IngestQueueMessage,
  ingestQueueMessageSchema,
  sourcedEvents,
  toWireEvent,
} from '../../../worker/jobs/ingest-message';

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

const issue = (body: unknown) => {
  const parsed = ingestQueueMessageSchema.safeParse(body);
  return parsed.success ? null : parsed.error.issues[0]?.message;
};

describe('ingest queue message', () => {
  it('round-trips events through the version 2 wire form, including an event with its own receivedAt', () => {
    const body = JSON.parse(JSON.stringify(v2([track, alias])));
    const parsed = ingestQueueMessageSchema.parse(body);
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
    const parsed = ingestQueueMessageSchema.parse({ v: 1, sourceId: 'src', events: [track, alias] });
    expect(sourcedEvents(parsed)).toEqual(sourcedEvents(ingestQueueMessageSchema.parse(v2([track, alias]))));
  });

  it('rejects what the former per-event schema rejected, in both versions', () => {
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
      expect(issue({ v: 1, sourceId: 'src', events: [event] }), JSON.stringify(patch)).toBe('invalid event');
      expect(issue(JSON.parse(JSON.stringify(v2([event])))), JSON.stringify(patch)).toBe('invalid event');
    }
  });

  it('rejects a malformed body: unknown version, missing source, truncated event, events not a list', () => {
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
    ).toBe('invalid event');
    expect(issue({ v: 1, sourceId: 'src', events: 'nope' })).toBeTruthy();
    expect(issue(null)).toBeTruthy();
  });
});
