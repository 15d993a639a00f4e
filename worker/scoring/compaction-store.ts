import { type SQL, sql } from 'drizzle-orm';
import { settings } from '../../drizzle/schema';
import type { Db } from '../common/db';
import { prepare, statementOf } from '../common/raw-sql';

// Snapshot compaction: only an account's latest snapshot keeps its full explanation. Every earlier one is a
// compact row: its columns (score, tier, computed score and tier, segment, model version, coverage, …) stay
// as they were; `dimensions` becomes `{"<key>": score}`, `measures` `{"<key>": [raw, benchmark]}` (what the
// alert rules' history, the measure benchmarks and the platform statistics read) and `improvements` `[]`.
// Labels, points, weights and contributions follow from the model version, which is kept.
// Readers of past snapshots read both shapes through the fragments below.

/** A full (not yet compacted) snapshot row: its dimensions are a JSON array. Corrupt JSON is never compacted. */
export const isFullSnapshot = (alias = 'score_snapshots') =>
  sql.raw(`(CASE WHEN json_valid(${alias}.dimensions) THEN json_type(${alias}.dimensions) END = 'array')`);

const COLUMNS =
  sql.raw(`account_id, period, run_id, segment_id, model_version_id, score, tier, computed_score,
  computed_tier, overridden, coverage, insufficient_data, dimensions, measures, improvements, computed_at`);

/**
 * Rewrites the full rows of `score_snapshots` matching `where` as compact rows. REPLACE (a delete, then the
 * compact row inserted at the end of the table) rather than UPDATE: SQLite merges the pages a delete leaves
 * underfull, never those an update shrinks, so an updated row would go on holding the page its full
 * explanation filled. Nothing refers to a snapshot's rowid.
 */
function compactWhere(where: SQL): SQL {
  return sql`REPLACE INTO score_snapshots (${COLUMNS})
    SELECT account_id, period, run_id, segment_id, model_version_id, score, tier, computed_score, computed_tier,
      overridden, coverage, insufficient_data,
      (SELECT json_group_object(json_extract(d.value, '$.key'), json_extract(d.value, '$.score'))
        FROM json_each(score_snapshots.dimensions) d),
      (SELECT json_group_object(json_extract(m.value, '$.key'),
          json_array(json_extract(m.value, '$.raw'), json_extract(m.value, '$.benchmark')))
        FROM json_each(CASE WHEN json_valid(score_snapshots.measures) THEN score_snapshots.measures ELSE '[]' END) m),
      '[]', computed_at
    FROM score_snapshots WHERE ${isFullSnapshot()} AND ${where}`;
}

/** A later snapshot of the account exists. */
const hasNewer = sql.raw(
  `EXISTS (SELECT 1 FROM score_snapshots n WHERE n.account_id = score_snapshots.account_id AND n.period > score_snapshots.period)`,
);

/**
 * Compacts the snapshots of the accounts in `ids` (a JSON array parameter) that a snapshot of `period` made
 * history: the latest one before `period`, and the one of `period` itself when a later one exists (a
 * backfilled day). Batched right after the snapshots' upsert, so writing and compacting are one transaction.
 * @example prepare(db, compactPreviousSql('[1,2]', '2026-05-01'))
 */
export function compactPreviousSql(ids: string, period: string): SQL {
  return compactWhere(sql`account_id IN (SELECT value FROM json_each(${ids}))
      AND (period = (SELECT max(x.period) FROM score_snapshots x WHERE x.account_id = score_snapshots.account_id AND x.period < ${period})
        OR (period = ${period} AND ${hasNewer}))`);
}

/**
 * Compacts every full snapshot among the rows `after < rowid ≤ after + chunk` that is not its account's
 * latest: one statement with two parameters, so it stays far inside D1's limits whatever the table holds.
 * The compact rows get new rowids past the table's end (see compactWhere).
 * @example prepare(db, compactRowsSql(0, 500))
 */
export function compactRowsSql(after: number, chunk: number): SQL {
  return compactWhere(sql`rowid > ${after} AND rowid <= ${after + chunk} AND ${hasNewer}`);
}

/** The `settings` row keeping the history job's place: JSON `{ after: rowid }` (absent: not started). */
export const COMPACTION_KEY = 'jobs.snapshotCompaction';

/**
 * Compacts the snapshot history written before compaction existed (the write path keeps it compact since),
 * `chunk` rows of the table by rowid per statement, at most `maxChunks` statements per call, resuming where
 * the last call stopped (the place is saved after every chunk). Runs from the daily retention cron until it
 * has passed the last row; later calls then cost one read. Returns the rows compacted and whether it is done.
 * @example await compactSnapshotHistory(db, Date.now())
 */
export async function compactSnapshotHistory(
  db: Db,
  now: number,
  opts: { chunk?: number; maxChunks?: number } = {},
): Promise<{ compacted: number; after: number; done: boolean }> {
  const chunk = opts.chunk ?? 500;
  const maxChunks = opts.maxChunks ?? 400;
  const [saved, last] = await Promise.all([
    db.get<{ value: string } | undefined>(sql`SELECT value FROM settings WHERE key = ${COMPACTION_KEY}`),
    db.get<{ last: number | null }>(sql`SELECT max(rowid) AS last FROM score_snapshots`),
  ]);
  let after = 0;
  try {
    const parsed = saved ? (JSON.parse(saved.value) as { after?: unknown }) : {};
    if (typeof parsed.after === 'number' && Number.isInteger(parsed.after)) after = parsed.after;
  } catch {
    // A corrupt place starts over: compacting is idempotent.
  }
  const end = last?.last ?? 0;
  let compacted = 0;
  for (let i = 0; i < maxChunks && after < end; i++) {
    const next = Math.min(after + chunk, end);
    const value = JSON.stringify({ after: next });
    const [update] = await db.$client.batch([
      prepare(db, compactRowsSql(after, next - after)),
      statementOf(
        db,
        db
          .insert(settings)
          .values({ key: COMPACTION_KEY, value, updatedAt: now })
          .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: now } }),
      ),
    ]);
    compacted += update?.meta.changes ?? 0;
    after = next;
  }
  return { compacted, after, done: after >= end };
}

/**
 * One dimension of a snapshot, full or compact, for `FROM score_snapshots s, ${dimensionEntriesFrom('s')}`:
 * select {@link dimensionKey} and {@link dimensionScore}. Corrupt JSON counts as no dimensions.
 */
export const dimensionEntriesFrom = (alias: string) =>
  sql.raw(`json_each(CASE WHEN json_valid(${alias}.dimensions) THEN ${alias}.dimensions ELSE '[]' END) d`);
export const dimensionKey = sql.raw(
  `(CASE WHEN d.type = 'object' THEN json_extract(d.value, '$.key') ELSE d.key END)`,
);
export const dimensionScore = sql.raw(
  `(CASE WHEN d.type = 'object' THEN json_extract(d.value, '$.score') ELSE d.value END)`,
);

/**
 * One measure of a snapshot, full or compact, as `m` (`FROM score_snapshots s, json_each(s.measures) m`):
 * its key, raw value and benchmark.
 */
export const measureKey = sql.raw(
  `(CASE WHEN m.type = 'object' THEN json_extract(m.value, '$.key') ELSE m.key END)`,
);
export const measureRaw = sql.raw(
  `(CASE WHEN m.type = 'object' THEN json_extract(m.value, '$.raw') ELSE json_extract(m.value, '$[0]') END)`,
);
export const measureBenchmark = sql.raw(
  `(CASE WHEN m.type = 'object' THEN json_extract(m.value, '$.benchmark') ELSE json_extract(m.value, '$[1]') END)`,
);
