import { sql } from 'drizzle-orm';
import type { IngestStats } from '../../shared/contracts/ingest';
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
