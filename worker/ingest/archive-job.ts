import type { Db } from '../common/db';
import {
  countRawEvents,
  firstRawDay,
  getArchive,
  listArchives,
  rawEventsPage,
  rawSourcesOn,
  recordArchive,
} from './archive-store';

// Raw events are archived to R2 before retention deletes them, so a bug found later can still be fixed by
// re-reading them (DuckDB, Spark or R2 SQL read the Hive-style `source=…/day=…` partitions directly).
// One gzip NDJSON object per source and received day; the manifest lists them all. Idempotent: a partition
// whose archive already holds all its rows is skipped; one that does not is written again in full (same key).

const DAY_MS = 86_400_000;
const PAGE = 2_000;
/** R2 multipart parts must be ≥ 5 MiB (but the last): compressed output is uploaded in parts of this size. */
const PART_BYTES = 8 * 1024 * 1024;
export const MANIFEST_KEY = 'raw/manifest.json';

export const archiveKey = (sourceId: string, day: string) =>
  `raw/source=${encodeURIComponent(sourceId)}/day=${day}/events.ndjson.gz`;

/** Streams NDJSON through gzip into R2: one put when small, a multipart upload when it passes one part. */
class GzipUpload {
  private readonly writer: WritableStreamDefaultWriter<Uint8Array>;
  private readonly pumped: Promise<void>;
  private chunks: Uint8Array[] = [];
  private buffered = 0;
  private upload: R2MultipartUpload | null = null;
  private parts: R2UploadedPart[] = [];
  bytes = 0;

  constructor(
    private readonly bucket: R2Bucket,
    private readonly key: string,
  ) {
    const gzip = new CompressionStream('gzip');
    this.writer = gzip.writable.getWriter();
    this.pumped = this.pump(gzip.readable.getReader());
  }

  private async pump(reader: ReadableStreamDefaultReader<Uint8Array>) {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      this.chunks.push(value);
      this.buffered += value.byteLength;
      this.bytes += value.byteLength;
      if (this.buffered >= PART_BYTES) await this.flushPart();
    }
  }

  private take(): Uint8Array {
    const out = new Uint8Array(this.buffered);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.byteLength;
    }
    this.chunks = [];
    this.buffered = 0;
    return out;
  }

  private async flushPart() {
    this.upload ??= await this.bucket.createMultipartUpload(this.key, {
      httpMetadata: { contentType: 'application/x-ndjson', contentEncoding: 'gzip' },
    });
    this.parts.push(await this.upload.uploadPart(this.parts.length + 1, this.take()));
  }

  write(text: string) {
    return this.writer.write(new TextEncoder().encode(text));
  }

  async finish(): Promise<void> {
    await this.writer.close();
    await this.pumped;
    if (this.upload) {
      if (this.buffered > 0) await this.flushPart();
      await this.upload.complete(this.parts);
      return;
    }
    await this.bucket.put(this.key, this.take(), {
      httpMetadata: { contentType: 'application/x-ndjson', contentEncoding: 'gzip' },
    });
  }

  async abort(): Promise<void> {
    await this.writer.abort().catch(() => {});
    await this.upload?.abort().catch(() => {});
  }
}

/** Writes one partition's raw events to R2; returns how many. */
async function archivePartition(bucket: R2Bucket, db: Db, sourceId: string, day: string, now: number) {
  const key = archiveKey(sourceId, day);
  const upload = new GzipUpload(bucket, key);
  let events = 0;
  try {
    let after: { receivedAt: number; id: number } | null = null;
    for (;;) {
      const page = await rawEventsPage(db, sourceId, day, after, PAGE);
      if (page.length === 0) break;
      await upload.write(page.map(({ id: _id, ...event }) => `${JSON.stringify(event)}\n`).join(''));
      events += page.length;
      const last = page[page.length - 1]!;
      after = { receivedAt: last.receivedAt, id: last.id };
      if (page.length < PAGE) break;
    }
    await upload.finish();
  } catch (error) {
    await upload.abort();
    throw error;
  }
  await recordArchive(db, { sourceId, day, objectKey: key, events, bytes: upload.bytes, archivedAt: now });
  return events;
}

export interface ArchiveResult {
  /** Partitions written this run, and their events. */
  archived: number;
  events: number;
  /** Partitions whose archive already held every row. */
  skipped: number;
  /**
   * Everything received before this is archived (epoch ms): retention may delete up to here. Less than
   * the cutoff when the run stopped at its budget; the next run goes on from there.
   */
  archivedBefore: number;
}

/**
 * Archives every partition (source × received day) with raw events received before the day of `cutoff`,
 * oldest first, until `budget` events were written, then rewrites the manifest.
 */
export async function archiveRawEvents(
  bucket: R2Bucket,
  db: Db,
  cutoff: number,
  now: number,
  budget = 2_000_000,
): Promise<ArchiveResult> {
  // Whole days only: a partition is archived once, after its last event can no longer arrive.
  const cutoffDay = Math.floor(cutoff / DAY_MS) * DAY_MS;
  const result: ArchiveResult = { archived: 0, events: 0, skipped: 0, archivedBefore: cutoffDay };
  let day = await firstRawDay(db, 0, cutoffDay);
  while (day !== null) {
    if (result.events >= budget) {
      result.archivedBefore = Date.parse(day);
      break;
    }
    for (const sourceId of await rawSourcesOn(db, day)) {
      const existing = await getArchive(db, sourceId, day);
      if (existing && existing.events >= (await countRawEvents(db, sourceId, day))) {
        result.skipped += 1;
        continue;
      }
      result.events += await archivePartition(bucket, db, sourceId, day, now);
      result.archived += 1;
    }
    day = await firstRawDay(db, Date.parse(day) + DAY_MS, cutoffDay);
  }
  if (result.archived > 0) await writeManifest(bucket, db, now);
  return result;
}

/** `raw/manifest.json`: every archived partition, for tools that list before they read. */
export async function writeManifest(bucket: R2Bucket, db: Db, now: number): Promise<void> {
  const partitions = (await listArchives(db)).map((a) => ({
    source: a.sourceId,
    day: a.day,
    key: a.objectKey,
    events: a.events,
    bytes: a.bytes,
    archivedAt: new Date(a.archivedAt).toISOString(),
  }));
  const manifest = {
    format: 'ndjson+gzip',
    partitioning: ['source', 'day'],
    dayIs: 'the UTC day the event was received',
    fields: [
      'messageId',
      'sourceId',
      'type',
      'name',
      'userId',
      'anonymousId',
      'accountId',
      'featureKey',
      'timestamp',
      'ts',
      'day',
      'receivedAt',
      'durationMs',
      'properties',
    ],
    updatedAt: new Date(now).toISOString(),
    partitions,
  };
  await bucket.put(MANIFEST_KEY, JSON.stringify(manifest, null, 1), {
    httpMetadata: { contentType: 'application/json' },
  });
}

/**
 * Deletes a source's archived partitions from R2 (every object under `raw/source=<id>/`) and rewrites the
 * manifest from `raw_archives`, whose rows of the source the caller has already deleted. Returns the objects
 * deleted. Used when a source's data is removed on purpose (the demo workspace), never by retention.
 */
export async function removeSourceArchive(
  bucket: R2Bucket,
  db: Db,
  sourceId: string,
  now: number,
): Promise<number> {
  const prefix = `raw/source=${encodeURIComponent(sourceId)}/`;
  let deleted = 0;
  let cursor: string | undefined;
  do {
    const page = await bucket.list({ prefix, ...(cursor ? { cursor } : {}) });
    if (page.objects.length > 0) await bucket.delete(page.objects.map((o) => o.key));
    deleted += page.objects.length;
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  // Rewritten even when nothing was deleted: the manifest may still list partitions of the source.
  if (deleted > 0 || (await bucket.head(MANIFEST_KEY))) await writeManifest(bucket, db, now);
  return deleted;
}
