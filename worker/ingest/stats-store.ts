import { sql } from 'drizzle-orm';
import type { IngestStats, SourceStats } from '../../shared/contracts/ingest';
import type { MessageErrorCode } from '../../shared/ingest/messages';
import { addDays, utcDay } from '../../shared/time';
import type { Db } from '../common/db';

interface StatsRow {
  rawEvents: number;
  lastReceivedAt: number | null;
  rolledUpEvents: number;
  accounts: number;
  users: number;
  features: number;
  failures: number;
}

/** Totals for the ingest health panel and the ingest benchmark (events counted by the rollups). */
export async function ingestStats(db: Db, sourceId?: string): Promise<IngestStats> {
  const source = sourceId ? sql`WHERE source_id = ${sourceId}` : sql``;
  const row = await db.get<StatsRow>(sql`SELECT
      (SELECT count(*) FROM events ${source}) AS rawEvents,
      (SELECT max(received_at) FROM events ${source}) AS lastReceivedAt,
      (SELECT coalesce(sum(events), 0) FROM account_days) AS rolledUpEvents,
      (SELECT count(*) FROM accounts) AS accounts,
      (SELECT count(*) FROM users) AS users,
      (SELECT count(*) FROM features) AS features,
      (SELECT count(*) FROM ingest_failures WHERE status IN ('retrying', 'dead')) AS failures`);
  return { ...row, lastReceivedAt: row.lastReceivedAt ? new Date(row.lastReceivedAt).toISOString() : null };
}

/**
 * Counts the messages the edge rejected, per code, for Settings → Sources. Runs only when a request had
 * rejections, so valid traffic pays nothing.
 */
export async function recordRejections(
  db: Db,
  sourceId: string,
  rejected: readonly { code: string }[],
  now: number,
): Promise<void> {
  if (rejected.length === 0) return;
  const byCode = new Map<string, number>();
  for (const r of rejected) byCode.set(r.code, (byCode.get(r.code) ?? 0) + 1);
  await db.run(sql`INSERT INTO source_rejections (source_id, day, code, messages, last_rejected_at)
    SELECT ${sourceId}, ${utcDay(now)}, value ->> '$[0]', value ->> '$[1]', ${now}
    FROM json_each(${JSON.stringify([...byCode])}) WHERE true
    ON CONFLICT (source_id, day, code) DO UPDATE SET
      messages = source_rejections.messages + excluded.messages,
      last_rejected_at = max(source_rejections.last_rejected_at, excluded.last_rejected_at)`);
}

/** Per source: events stored today and in the 7 UTC days ending today, the last receipt, rejections by code. */
export async function sourceStats(db: Db, now: number): Promise<SourceStats[]> {
  const today = utcDay(now);
  const since = addDays(today, -6);
  const [days, rejections] = await Promise.all([
    db.all<{ sourceId: string; eventsToday: number; events7d: number; lastReceivedAt: number }>(sql`
      SELECT source_id AS sourceId,
        coalesce(sum(CASE WHEN day = ${today} THEN events END), 0) AS eventsToday,
        coalesce(sum(CASE WHEN day >= ${since} THEN events END), 0) AS events7d,
        max(last_received_at) AS lastReceivedAt
      FROM source_days GROUP BY source_id`),
    db.all<{ sourceId: string; code: MessageErrorCode; messages: number; lastRejectedAt: number }>(sql`
      SELECT source_id AS sourceId, code, sum(messages) AS messages, max(last_rejected_at) AS lastRejectedAt
      FROM source_rejections WHERE day >= ${since}
      GROUP BY source_id, code ORDER BY messages DESC, code`),
  ]);
  const out = new Map<string, SourceStats>();
  const entry = (sourceId: string) => {
    let s = out.get(sourceId);
    if (!s) {
      s = { sourceId, eventsToday: 0, events7d: 0, lastReceivedAt: null, rejected7d: [] };
      out.set(sourceId, s);
    }
    return s;
  };
  for (const d of days) {
    Object.assign(entry(d.sourceId), {
      eventsToday: d.eventsToday,
      events7d: d.events7d,
      lastReceivedAt: new Date(d.lastReceivedAt).toISOString(),
    });
  }
  for (const r of rejections) {
    entry(r.sourceId).rejected7d.push({
      code: r.code,
      messages: r.messages,
      lastRejectedAt: new Date(r.lastRejectedAt).toISOString(),
    });
  }
  return [...out.values()];
}
