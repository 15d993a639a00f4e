import { sql } from 'drizzle-orm';
import { rawArchives } from '../../drizzle/schema';
import type { Db } from '../common/db';

const DAY_MS = 86_400_000;

/** One archived raw event: the stored row with the external ids its user, account and feature have. */
export interface ArchivedEvent {
  messageId: string;
  sourceId: string;
  type: string;
  name: string | null;
  userId: string | null;
  anonymousId: string | null;
  accountId: string | null;
  featureKey: string | null;
  /** Event time, ISO 8601 and epoch ms. */
  timestamp: string;
  ts: number;
  day: string;
  receivedAt: number;
  durationMs: number | null;
  properties: unknown;
}

/** The first received day (UTC, `YYYY-MM-DD`) with raw events received in [from, before), or null. */
export async function firstRawDay(db: Db, from: number, before: number): Promise<string | null> {
  const [row] = await db.all<{ t: number | null }>(
    sql`SELECT min(received_at) AS t FROM events WHERE received_at >= ${from} AND received_at < ${before}`,
  );
  return row?.t == null ? null : new Date(row.t).toISOString().slice(0, 10);
}

/** Sources with raw events received on `day`. */
export async function rawSourcesOn(db: Db, day: string): Promise<string[]> {
  const start = Date.parse(day);
  const rows = await db.all<{ s: string }>(
    sql`SELECT DISTINCT source_id AS s FROM events WHERE received_at >= ${start} AND received_at < ${start + DAY_MS} ORDER BY 1`,
  );
  return rows.map((r) => r.s);
}

/**
 * A page of a partition's raw events in (received_at, id) order after `after` (keyset paging on
 * events_received_idx, whose entries end with the row id: no sort).
 */
export async function rawEventsPage(
  db: Db,
  sourceId: string,
  day: string,
  after: { receivedAt: number; id: number } | null,
  limit: number,
): Promise<(ArchivedEvent & { id: number })[]> {
  const start = Date.parse(day);
  const rows = await db.all<Record<string, unknown>>(sql`
    SELECT e.id, e.message_id, e.source_id, e.type, e.name, u.external_id AS user_ext, e.anonymous_id,
      a.external_id AS account_ext, f.key AS feature_key, e.ts, e.day, e.received_at, e.duration_ms, e.properties
    FROM events e INDEXED BY events_received_idx
      LEFT JOIN users u ON u.id = e.user_id
      LEFT JOIN accounts a ON a.id = e.account_id
      LEFT JOIN features f ON f.id = e.feature_id
    WHERE e.received_at >= ${after?.receivedAt ?? start} AND e.received_at < ${start + DAY_MS}
      ${after ? sql`AND (e.received_at > ${after.receivedAt} OR e.id > ${after.id})` : sql``}
      AND e.source_id = ${sourceId}
    ORDER BY e.received_at, e.id LIMIT ${limit}`);
  return rows.map((r) => ({
    id: Number(r.id),
    messageId: String(r.message_id),
    sourceId: String(r.source_id),
    type: String(r.type),
    name: (r.name as string | null) ?? null,
    userId: (r.user_ext as string | null) ?? null,
    anonymousId: (r.anonymous_id as string | null) ?? null,
    accountId: (r.account_ext as string | null) ?? null,
    featureKey: (r.feature_key as string | null) ?? null,
    timestamp: new Date(Number(r.ts)).toISOString(),
    ts: Number(r.ts),
    day: String(r.day),
    receivedAt: Number(r.received_at),
    durationMs: r.duration_ms == null ? null : Number(r.duration_ms),
    properties: r.properties == null ? null : JSON.parse(String(r.properties)),
  }));
}

export type ArchiveRow = typeof rawArchives.$inferSelect;

export async function getArchive(db: Db, sourceId: string, day: string): Promise<ArchiveRow | undefined> {
  const [row] = await db.all<ArchiveRow>(
    sql`SELECT source_id AS sourceId, day, object_key AS objectKey, events, bytes, archived_at AS archivedAt
      FROM raw_archives WHERE source_id = ${sourceId} AND day = ${day}`,
  );
  return row;
}

export async function recordArchive(db: Db, row: ArchiveRow): Promise<void> {
  await db
    .insert(rawArchives)
    .values(row)
    .onConflictDoUpdate({
      target: [rawArchives.sourceId, rawArchives.day],
      set: { objectKey: row.objectKey, events: row.events, bytes: row.bytes, archivedAt: row.archivedAt },
    });
}

export async function listArchives(db: Db): Promise<ArchiveRow[]> {
  return db.select().from(rawArchives).orderBy(rawArchives.day, rawArchives.sourceId);
}

/** Raw events of one partition, to compare with what its archive holds. */
export async function countRawEvents(db: Db, sourceId: string, day: string): Promise<number> {
  const start = Date.parse(day);
  const [row] = await db.all<{ n: number }>(
    sql`SELECT count(*) AS n FROM events WHERE received_at >= ${start} AND received_at < ${start + DAY_MS} AND source_id = ${sourceId}`,
  );
  return Number(row?.n ?? 0);
}
