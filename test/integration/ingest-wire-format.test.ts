import { describe, expect, it } from 'vitest';
import {
  type NormalizedEvent,
  normalizeMessage,
  type SegmentMessage,
  validateMessage,
} from '../../shared/ingest';
import { type IngestQueueMessage, toWireEvent } from '../../worker/common/ingest-queue';
import { accountDay, admin, createSource, deliverQueue, rows, uid, waitFor } from './helpers';

const DAY = '2026-11-21';
const AT = Date.parse(`${DAY}T12:00:00Z`);
const RECEIVED = AT + 60_000;
const QUEUE = 'keepwell-ingest';

function normalized(acct: string, n: number): NormalizedEvent[] {
  const ts = new Date(AT).toISOString();
  const raw = [
    {
      type: 'group',
      userId: `${acct}-u1`,
      groupId: acct,
      traits: { name: acct },
      messageId: `${acct}-g`,
      timestamp: ts,
    },
    ...Array.from({ length: n }, (_, i) => ({
      type: 'track',
      event: 'Report Run',
      userId: `${acct}-u${(i % 2) + 1}`,
      messageId: `${acct}-t${i}`,
      timestamp: ts,
      context: { groupId: acct },
      properties: { durationMs: 30_000, path: '/r/ü"q' },
    })),
  ];
  return raw.map((m, i) => {
    const result = validateMessage(m, i);
    if (!result.ok) throw new Error(result.error.message);
    return normalizeMessage(result.message as SegmentMessage, {
      receivedAt: RECEIVED,
      fallbackMessageId: `fb-${i}`,
    });
  });
}

const v1 = (sourceId: string, events: NormalizedEvent[]): IngestQueueMessage => ({ v: 1, sourceId, events });
const v2 = (sourceId: string, events: NormalizedEvent[]): IngestQueueMessage => ({
  v: 2,
  sourceId,
  receivedAt: RECEIVED,
  events: events.map((e) => toWireEvent(e, RECEIVED)),
});

async function deadError(id: string) {
  const { items } = await (await admin('/api/ingest/failures?status=dead')).json<{
    items: { queueMessageId: string; error: string }[];
  }>();
  return items.find((f) => f.queueMessageId === id)?.error;
}

describe('ingest queue wire format', () => {
  it('stores a version 2 message exactly as the version 1 message of the same events', async () => {
    const { id: sourceId } = await createSource();
    const [a, b] = [uid('wire-v1'), uid('wire-v2')];
    const eventsA = normalized(a, 3);
    const eventsB = normalized(b, 3).map((e, i) => ({
      ...e,
      messageId: eventsA[i]!.messageId.replace(a, b),
    }));
    const result = await deliverQueue(QUEUE, [
      { id: uid('q'), body: JSON.stringify(v1(sourceId, eventsA)) },
      { id: uid('q'), body: JSON.stringify(v2(sourceId, eventsB)) },
    ]);
    expect(result.explicitAcks).toHaveLength(2);
    expect(await accountDay(a, DAY)).toEqual({
      events: 3,
      active_users: 2,
      active_ms: 90_000,
      features_used: 1,
    });
    expect(await accountDay(b, DAY)).toEqual(await accountDay(a, DAY));
    const stored = await rows<{
      message_id: string;
      type: string;
      received_at: number;
      properties: string | null;
    }>(
      `SELECT message_id, type, received_at, properties FROM events WHERE source_id = ? ORDER BY message_id`,
      sourceId,
    );
    const byId = new Map(stored.map((r) => [r.message_id, r]));
    for (const e of eventsA) {
      const other = byId.get(e.messageId.replace(a, b));
      expect(other).toEqual({ ...byId.get(e.messageId), message_id: e.messageId.replace(a, b) });
    }
    expect(byId.get(`${b}-t0`)).toMatchObject({
      type: 'track',
      received_at: RECEIVED,
      properties: JSON.stringify({ durationMs: 30_000, path: '/r/ü"q' }),
    });
  });

  it('counts a version 1 redelivery of events that arrived as version 2 once', async () => {
    const { id: sourceId } = await createSource();
    const acct = uid('wire-redeliver');
    const events = normalized(acct, 4);
    await deliverQueue(QUEUE, [{ id: uid('q'), body: JSON.stringify(v2(sourceId, events)) }]);
    await deliverQueue(QUEUE, [{ id: uid('q'), body: v1(sourceId, events), attempts: 2 }]);
    expect((await accountDay(acct, DAY))?.events).toBe(4);
  });

  it('records a malformed version 2 message as dead and acks it; a truncated event dies alone', async () => {
    const { id: sourceId } = await createSource();
    const [truncated, notJson] = [uid('wire-bad'), uid('wire-notjson')];
    const acct = uid('wire-bad-acct');
    const body = v2(sourceId, normalized(acct, 1));
    (body.events[1] as unknown[]).pop();
    const result = await deliverQueue(QUEUE, [
      { id: truncated, body: JSON.stringify(body) },
      { id: notJson, body: '{"v":2,' },
    ]);
    expect(result.explicitAcks.sort()).toEqual([truncated, notJson].sort());
    expect(result.retryMessages).toEqual([]);
    expect(await deadError(notJson)).toContain('invalid queue message');
    expect(await deadError(`${truncated}:invalid`)).toContain('event 1: not a list of 15 or 16 fields');
    // The event beside the truncated one (the group call) is stored.
    expect((await rows('SELECT 1 FROM events WHERE message_id = ?', `${acct}-g`)).length).toBe(1);
  });

  it('replays a version 2 dead letter', async () => {
    const { id: sourceId } = await createSource();
    const acct = uid('wire-replay');
    const id = uid('dlq');
    await deliverQueue('keepwell-ingest-dlq', [
      { id, body: JSON.stringify(v2(sourceId, normalized(acct, 2))) },
    ]);
    const { items } = await (await admin('/api/ingest/failures?status=dead')).json<{
      items: { id: number; queueMessageId: string; eventCount: number }[];
    }>();
    const dead = items.find((f) => f.queueMessageId === id);
    expect(dead?.eventCount).toBe(3);
    const replay = await admin(`/api/ingest/failures/${dead!.id}/replay`, { method: 'POST' });
    expect(replay.status).toBe(202);
    await waitFor(async () => (await accountDay(acct, DAY))?.events === 2);
  });
});
