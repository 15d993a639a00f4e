import { sql } from 'drizzle-orm';
import type { Db } from './client';

/** Totals for the ingest health panel and the ingest benchmark (events counted by the rollups). */
export async function ingestStats(db: Db, sourceId?: string) {
  const source = sourceId ? sql`WHERE source_id = ${sourceId}` : sql``;
  const [raw, rolled, entities] = await db.batch([
    db.all<{ rawEvents: number; lastReceivedAt: number | null }>(
      sql`SELECT count(*) AS rawEvents, max(received_at) AS lastReceivedAt FROM events ${source}`,
    ),
    db.all<{ rolledUpEvents: number }>(
      sql`SELECT coalesce(sum(events), 0) AS rolledUpEvents FROM account_days`,
    ),
    db.all<{ accounts: number; users: number; features: number; failures: number }>(
      sql`SELECT (SELECT count(*) FROM accounts) AS accounts, (SELECT count(*) FROM users) AS users,
                 (SELECT count(*) FROM features) AS features,
                 (SELECT count(*) FROM ingest_failures WHERE status <> 'replayed') AS failures`,
    ),
  ]);
  const r = raw[0];
  return {
    rawEvents: r?.rawEvents ?? 0,
    lastReceivedAt: r?.lastReceivedAt ? new Date(r.lastReceivedAt).toISOString() : null,
    rolledUpEvents: rolled[0]?.rolledUpEvents ?? 0,
    ...(entities[0] ?? { accounts: 0, users: 0, features: 0, failures: 0 }),
  };
}
