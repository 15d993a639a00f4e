import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import type { SourceStats } from '../../shared/contracts/ingest';
import { admin, basic, call, createSource, errorCode, ingest, uid, waitFor } from './helpers';

async function statsOf(sourceId: string): Promise<SourceStats | undefined> {
  const res = await admin('/api/ingest/sources');
  expect(res.status).toBe(200);
  const { items } = await res.json<{ items: SourceStats[] }>();
  return items.find((s) => s.sourceId === sourceId);
}

const track = (messageId: string, user: string) => ({
  type: 'track',
  messageId,
  userId: user,
  event: 'Report Run',
  context: { groupId: 'acme-stats' },
});

describe('GET /api/ingest/sources: per-source ingest through the real /v1 edge and queue consumer', () => {
  it('counts stored events today and in 7 days per source, a redelivered messageId once', async () => {
    const a = await createSource(uid('stats-a'));
    const b = await createSource(uid('stats-b'));
    const ids = [uid('m'), uid('m'), uid('m')];
    const first = await ingest('/v1/batch', a.writeKey, { batch: ids.map((id) => track(id, 'u1')) });
    expect(first.status).toBe(200);
    await waitFor(async () => (await statsOf(a.id))?.eventsToday === 3);

    // The same three again with one new message: only the new one is stored and counted.
    const again = await ingest('/v1/batch', a.writeKey, {
      batch: [...ids.map((id) => track(id, 'u1')), track(uid('m'), 'u2')],
    });
    expect(again.status).toBe(200);
    const stats = await waitFor(async () => {
      const s = await statsOf(a.id);
      return s?.eventsToday === 4 ? s : null;
    });
    expect(stats).toMatchObject({ eventsToday: 4, events7d: 4, rejected7d: [] });
    expect(Date.now() - Date.parse(stats.lastReceivedAt!)).toBeLessThan(60_000);
    // The other source saw nothing.
    expect(await statsOf(b.id)).toBeUndefined();
  });

  it('counts the messages the edge rejected per code, most rejected first, in batches and single calls', async () => {
    const source = await createSource(uid('stats-rejects'));
    const res = await ingest('/v1/batch', source.writeKey, {
      batch: [
        track(uid('m'), 'u1'),
        { type: 'track', userId: 'u1' },
        { type: 'track', userId: 'u1', messageId: uid('m') },
        { type: 'shout', userId: 'u1' },
      ],
    });
    expect(res.status).toBe(200);
    expect((await res.json<{ rejected: unknown[] }>()).rejected).toHaveLength(3);
    const single = await ingest('/v1/track', source.writeKey, { userId: 'u1' });
    expect(single.status).toBe(400);

    const stats = await statsOf(source.id);
    expect(stats?.rejected7d.map(({ code, messages }) => ({ code, messages }))).toEqual([
      { code: 'MISSING_EVENT', messages: 3 },
      { code: 'UNKNOWN_TYPE', messages: 1 },
    ]);
    // Stored events arrive through the queue; the valid message of the batch is counted too.
    await waitFor(async () => (await statsOf(source.id))?.eventsToday === 1);
  });
});

describe('GET /api/sources/:id/write-key', () => {
  it('gives admins the key that was created, for snippets', async () => {
    const source = await createSource(uid('reveal'));
    const res = await admin(`/api/sources/${source.id}/write-key`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id: source.id, writeKey: source.writeKey });
    // The stored value is not the key itself.
    const row = await env.DB.prepare('SELECT key_sealed FROM sources WHERE id = ?')
      .bind(source.id)
      .first<{ key_sealed: string }>();
    expect(row?.key_sealed).toMatch(/^v1\./);
    expect(row?.key_sealed).not.toContain(source.writeKey);
    // And it still authenticates.
    const sent = await call('/v1/track', {
      method: 'POST',
      headers: { Authorization: basic(source.writeKey) },
      body: JSON.stringify(track(uid('m'), 'u1')),
    });
    expect(sent.status).toBe(200);
  });

  it('is 404 for a revoked or unknown source and 409 for a key that was not kept or sealed for another source', async () => {
    const revoked = await createSource(uid('reveal-revoked'));
    await admin(`/api/sources/${revoked.id}`, { method: 'DELETE' });
    const gone = await admin(`/api/sources/${revoked.id}/write-key`);
    expect(gone.status).toBe(404);
    expect(await errorCode(gone)).toBe('NOT_FOUND');
    expect((await admin(`/api/sources/${crypto.randomUUID()}/write-key`)).status).toBe(404);

    const legacy = await createSource(uid('reveal-legacy'));
    await env.DB.prepare('UPDATE sources SET key_sealed = NULL WHERE id = ?').bind(legacy.id).run();
    const notKept = await admin(`/api/sources/${legacy.id}/write-key`);
    expect(notKept.status).toBe(409);
    expect(await errorCode(notKept)).toBe('CONFLICT');

    // A sealed key copied onto another source's row does not open there (bound to its source id).
    const donor = await createSource(uid('reveal-donor'));
    await env.DB.prepare(
      'UPDATE sources SET key_sealed = (SELECT key_sealed FROM sources WHERE id = ?) WHERE id = ?',
    )
      .bind(donor.id, legacy.id)
      .run();
    expect((await admin(`/api/sources/${legacy.id}/write-key`)).status).toBe(409);
  });
});
