import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { getDb } from '../../worker/common/db';
import { archiveKey, MANIFEST_KEY } from '../../worker/ingest/archive-job';
import { purgeRawEvents } from '../../worker/ingest/retention-job';
import { createSource, ingest, rows, uid, waitFor } from './helpers';

// Raw events are archived to R2 (miniflare's local R2 here) before retention deletes them: gzip NDJSON per
// source and received day, a manifest, idempotent, and nothing deleted that is not archived.

const DAY_MS = 86_400_000;
const NOW = Date.parse('2026-12-07T03:30:00Z');
const OLD_DAY = '2026-08-01';

async function gunzipLines(object: R2ObjectBody): Promise<Record<string, unknown>[]> {
  const text = await new Response(object.body.pipeThrough(new DecompressionStream('gzip'))).text();
  return text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
}

/** Ingests `n` tracks (and a group) for a fresh source and account, then ages them to `day`. */
async function oldEvents(n: number, day = OLD_DAY) {
  const { id: sourceId, writeKey } = await createSource(uid('archive'));
  const account = uid('acct');
  const batch = [
    { type: 'group', userId: `${account}-u0`, groupId: account, traits: { name: 'Archived Co' } },
    ...Array.from({ length: n }, (_, i) => ({
      type: 'track',
      userId: `${account}-u${i % 3}`,
      event: 'Report Exported',
      messageId: `${account}-m${i}`,
      properties: { module: 'reports', note: `naïve “${i}” 🚀`, groupId: account },
      context: { groupId: account },
    })),
  ];
  expect((await ingest('/v1/batch', writeKey, { batch })).status).toBe(200);
  const stored = await waitFor(async () => {
    const [r] = await rows<{ n: number }>('SELECT count(*) AS n FROM events WHERE source_id = ?', sourceId);
    return r!.n === n + 1 ? r!.n : 0;
  });
  // Received long ago (retention is by received time), spread over the day.
  const start = Date.parse(day);
  await env.DB.prepare('UPDATE events SET received_at = ? + (id % 1000) * 60000 WHERE source_id = ?')
    .bind(start, sourceId)
    .run();
  return { sourceId, account, stored };
}

describe('raw event archive (R2)', () => {
  it('archives a partition as gzip NDJSON with external ids before deleting it, and lists it in the manifest', async () => {
    const { sourceId, account, stored } = await oldEvents(25);
    const bucket = env.ARCHIVE!;
    const result = await purgeRawEvents(getDb(env.DB), NOW, 90, bucket);
    expect(result.archive).toMatchObject({ archived: expect.any(Number) });
    expect(result.archive!.events).toBeGreaterThanOrEqual(stored);

    const object = await bucket.get(archiveKey(sourceId, OLD_DAY));
    expect(object).not.toBeNull();
    const lines = await gunzipLines(object!);
    expect(lines).toHaveLength(stored);
    expect(new Set(lines.map((l) => l.messageId)).size).toBe(stored);
    const track = lines.find((l) => l.messageId === `${account}-m7`)!;
    expect(track).toMatchObject({
      sourceId,
      type: 'track',
      name: 'Report Exported',
      userId: `${account}-u1`,
      accountId: account,
      properties: expect.objectContaining({ note: 'naïve “7” 🚀' }),
    });
    expect(typeof track.ts).toBe('number');
    expect(track.timestamp).toBe(new Date(track.ts as number).toISOString());

    const manifest = JSON.parse(await (await bucket.get(MANIFEST_KEY))!.text());
    expect(manifest.partitions).toContainEqual(
      expect.objectContaining({
        source: sourceId,
        day: OLD_DAY,
        events: stored,
        key: archiveKey(sourceId, OLD_DAY),
      }),
    );
    // Deleted only once archived; rollups stay.
    expect(await rows('SELECT id FROM events WHERE source_id = ?', sourceId)).toEqual([]);
    expect(
      await rows('SELECT events FROM raw_archives WHERE source_id = ? AND day = ?', sourceId, OLD_DAY),
    ).toEqual([{ events: stored }]);
  });

  it('is idempotent: a second run writes and deletes nothing more', async () => {
    const { sourceId } = await oldEvents(5, '2026-08-02');
    const bucket = env.ARCHIVE!;
    await purgeRawEvents(getDb(env.DB), NOW, 90, bucket);
    const first = await bucket.head(archiveKey(sourceId, '2026-08-02'));
    const again = await purgeRawEvents(getDb(env.DB), NOW, 90, bucket);
    expect(again.archive!.archived).toBe(0);
    expect(again.deleted).toBe(0);
    expect((await bucket.head(archiveKey(sourceId, '2026-08-02')))!.etag).toBe(first!.etag);
  });

  it('deletes nothing that could not be archived, and keeps recent events', async () => {
    const { sourceId } = await oldEvents(4, '2026-08-03');
    const failing = new Proxy(env.ARCHIVE!, {
      get(target, key) {
        if (key === 'put' || key === 'createMultipartUpload')
          return () => Promise.reject(new Error('R2 unavailable'));
        const value = Reflect.get(target, key);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    await expect(purgeRawEvents(getDb(env.DB), NOW, 90, failing)).rejects.toThrow('R2 unavailable');
    expect(await rows('SELECT id FROM events WHERE source_id = ?', sourceId)).toHaveLength(5);

    // Events received within retention are neither archived nor deleted.
    const recent = await oldEvents(2, new Date(NOW - 10 * DAY_MS).toISOString().slice(0, 10));
    await purgeRawEvents(getDb(env.DB), NOW, 90, env.ARCHIVE);
    expect(await rows('SELECT id FROM events WHERE source_id = ?', recent.sourceId)).toHaveLength(3);
    expect(
      await env.ARCHIVE!.head(
        archiveKey(recent.sourceId, new Date(NOW - 10 * DAY_MS).toISOString().slice(0, 10)),
      ),
    ).toBeNull();
    // The failed partition was archived by the run that could.
    expect(await rows('SELECT id FROM events WHERE source_id = ?', sourceId)).toEqual([]);
  });

  it('stops at its budget and deletes only up to the last whole day it archived', async () => {
    const a = await oldEvents(3, '2026-07-01');
    const b = await oldEvents(3, '2026-07-02');
    const { archiveRawEvents } = await import('../../worker/ingest/archive-job');
    const result = await archiveRawEvents(env.ARCHIVE!, getDb(env.DB), NOW - 90 * DAY_MS, NOW, 1);
    expect(result.archivedBefore).toBe(Date.parse('2026-07-02'));
    expect(await env.ARCHIVE!.head(archiveKey(a.sourceId, '2026-07-01'))).not.toBeNull();
    expect(await env.ARCHIVE!.head(archiveKey(b.sourceId, '2026-07-02'))).toBeNull();
  });
});
