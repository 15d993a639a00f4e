import { type SQL, sql } from 'drizzle-orm';
import { settings } from '../../drizzle/schema';
import type { Db } from '../common/db';
import { prepare, statementOf } from '../common/raw-sql';

// Snapshot compaction: only an account's latest snapshot keeps its full explanation. Every earlier one is a
// compact row: its columns (score, tier, segment, model version, coverage, time, …) stay as they were; the
// run is referred to as `#<id>` of `snapshot_runs` (read it back with {@link snapshotRunIdSql}; a rescore's
// `rescore:<uuid>` stays, so such days stay apart from runs' periods); the
// computed score and tier are stored NULL when they equal the effective ones (no override: read them with
// {@link computedScoreSql}, {@link computedTierSql}); `dimensions` becomes the dimension scores
// `[score, …]`, `measures` the measures' raw values `[[raw, …]]` to three significant digits (what the alert
// rules' history, the measure benchmarks and the platform statistics read), both in the order of the row's
// model version (`config.dimensions`, `config.measures`: the order the core explains them in), and
// `improvements` '' (none: what to improve is the latest snapshot's to say). The measures' benchmarks (the alert rules' history reads them too) are the same for
// every account of a run, segment and model version: stored once in `snapshot_benchmarks`, or kept in the
// row, `[[raw, …], [benchmark, …]]`, when they differ from those stored. Labels, points, weights and
// contributions follow from the model version, which is kept. A row whose keys are not its model version's
// (a hand-written row) is compacted keyed instead, `{"<key>": score}` and `{"<key>": [raw, benchmark]}`:
// the shape compaction wrote first, which the rows compacted then keep.
// Readers of past snapshots read every shape through the fragments below, with the row's model version
// joined as `v` (`LEFT JOIN model_versions v ON v.id = s.model_version_id`).

/**
 * A full (not yet compacted) snapshot row: its dimensions are an array of objects (a model has at least one
 * dimension). Corrupt JSON is never compacted.
 */
export const isFullSnapshot = (alias = 'score_snapshots') =>
  sql.raw(
    `(CASE WHEN json_valid(${alias}.dimensions) THEN json_type(${alias}.dimensions, '$[0]') END = 'object')`,
  );

const COLUMNS =
  sql.raw(`account_id, period, run_id, segment_id, model_version_id, score, tier, computed_score,
  computed_tier, overridden, coverage, insufficient_data, dimensions, measures, improvements, computed_at`);

/**
 * A measure's raw value or benchmark as history keeps it: `digits` significant digits (a ratio or a mean is
 * a full-precision double, 0.38461538461538464: 19 bytes of JSON, 5 as 0.385). Integers (counts, NPS answers)
 * and values of a million or more stay as they are. Raw values get three (every row repeats them: relative
 * error at most 5e-3, still several times finer than the alert rules' ratios and differences of 10 % or more,
 * and 6 bytes a row less than four), benchmarks six (stored once per run, segment and version).
 */
const significant = (x: string, digits: 3 | 6) =>
  `(CASE WHEN typeof(${x}) = 'real' AND abs(${x}) < 1e6 THEN CAST(printf('%.${digits}g', ${x}) AS REAL) ELSE ${x} END)`;

/** The `run_id` of snapshots a single-account rescore writes: `rescore:<uuid>`, never a scoring run's id. */
export const RESCORE_RUN_PREFIX = 'rescore:';

/**
 * A run id compact rows keep as it is: a rescore's (`rescore:<uuid>`: such rows are few, and
 * `latestRunPeriodSql` tells their days from runs' by the prefix) or one that already is a reference.
 */
const keepsRunId = (x: string) =>
  `(substr(${x}, 1, ${RESCORE_RUN_PREFIX.length}) = '${RESCORE_RUN_PREFIX}' OR ${x} GLOB '#[0-9]*')`;
/** The run reference a compact row stores for run id `x` (qualified: a bare `run_id` would be `sr`'s): `#<snapshot_runs.id>`. */
const runRef = (x: string) =>
  `(CASE WHEN ${keepsRunId(x)} THEN ${x} ELSE coalesce((SELECT '#' || sr.id FROM snapshot_runs sr WHERE sr.run_id = ${x}), ${x}) END)`;

/**
 * The run id of snapshot `alias`, full or compact (a compact row refers to its run as `#<id>`).
 * @example sql`SELECT ${snapshotRunIdSql('s')} AS run_id FROM score_snapshots s`
 */
export const snapshotRunIdSql = (alias: string) =>
  sql.raw(`(CASE WHEN ${alias}.run_id GLOB '#[0-9]*' THEN (SELECT sr.run_id FROM snapshot_runs sr
    WHERE sr.id = CAST(substr(${alias}.run_id, 2) AS INTEGER)) ELSE ${alias}.run_id END)`);

/**
 * Snapshot `alias` was written by run `runId`, full or compact: an index seek on the run reference rather
 * than {@link snapshotRunIdSql} per row.
 */
export const writtenByRunSql = (alias: string, runId: string) =>
  sql`${sql.raw(alias)}.run_id IN (${runId}, (SELECT '#' || sr.id FROM snapshot_runs sr WHERE sr.run_id = ${runId}))`;

/**
 * Rewrites the full rows of `score_snapshots` matching `where` as compact rows: three statements, to run in
 * order in one batch. The first gives their runs a short reference in `snapshot_runs`, the second stores the
 * measure benchmarks of each run, segment and model version among them in `snapshot_benchmarks` (the same
 * for all their rows: the run's benchmark set, the segment and the version's measures decide them; keyed by
 * the run reference), the third rewrites the rows, their benchmarks left out where they are the ones stored. REPLACE (a delete, then the compact row inserted at the end of the table) rather than
 * UPDATE: SQLite merges the pages a delete leaves underfull, never those an update shrinks, so an updated
 * row would go on holding the page its full explanation filled. Nothing refers to a snapshot's rowid.
 */
function compactWhere(where: SQL): SQL[] {
  // Key lists as JSON arrays: positions stand for keys only where the row's agree with its model version's.
  const keysOf = (json: string, path = '$') =>
    `(SELECT json_group_array(json_extract(e.value, '$.key')) FROM json_each(${json}, '${path}') e)`;
  const ms = (alias: string) =>
    `CASE WHEN json_valid(${alias}.measures) THEN ${alias}.measures ELSE '[]' END`;
  const values = (json: string, field: string, digits?: 3 | 6) =>
    `(SELECT json_group_array(${digits ? significant(`json_extract(e.value, '$.${field}')`, digits) : `json_extract(e.value, '$.${field}')`})
      FROM json_each(${json}) e)`;
  const benchmarks = sql.raw(values(ms('r'), 'benchmark', 6));
  // Not overridden and equal: the computed score and tier are the effective ones (2 × ~6–9 bytes a row).
  const same = 'NOT r.overridden AND r.computed_score IS r.score AND r.computed_tier IS r.tier';
  // Each model version's keys once per statement (MATERIALIZED), each row's once (the subquery `r`).
  const versionKeys = sql`WITH vk AS MATERIALIZED (SELECT v.id, ${sql.raw(keysOf('v.config', '$.dimensions'))} AS dk,
      ${sql.raw(keysOf('v.config', '$.measures'))} AS mk FROM model_versions v WHERE json_valid(v.config))`;
  const rows = sql`(SELECT score_snapshots.*, coalesce(${sql.raw(keysOf('score_snapshots.dimensions'))} = vk.dk
            AND ${sql.raw(keysOf(ms('score_snapshots')))} = vk.mk, 0) AS positional
          FROM score_snapshots LEFT JOIN vk ON vk.id = score_snapshots.model_version_id
          WHERE ${isFullSnapshot()} AND ${where}) r`;
  const ref = sql.raw(runRef('r.run_id'));
  return [
    // The rows' runs get their short reference (once per run).
    sql`INSERT OR IGNORE INTO snapshot_runs (run_id) SELECT DISTINCT run_id FROM score_snapshots
    WHERE ${isFullSnapshot()} AND ${where} AND NOT ${sql.raw(keepsRunId('run_id'))}`,
    // From one row of each run, segment and version (any: they agree, and a row that does not keeps its own).
    // (`min()` makes SQLite take the other columns from that row.)
    sql`INSERT OR IGNORE INTO snapshot_benchmarks (run_id, segment_id, model_version_id, benchmarks)
    SELECT ${ref}, r.segment_id, r.model_version_id, ${benchmarks} FROM (SELECT run_id, segment_id,
        model_version_id, min(account_id), measures FROM score_snapshots WHERE ${isFullSnapshot()} AND ${where}
      GROUP BY run_id, segment_id, model_version_id) r`,
    sql`${versionKeys}
    REPLACE INTO score_snapshots (${COLUMNS})
    SELECT r.account_id, r.period, ${ref}, r.segment_id, r.model_version_id, r.score, r.tier,
      CASE WHEN ${sql.raw(same)} THEN NULL ELSE r.computed_score END,
      CASE WHEN ${sql.raw(same)} THEN NULL ELSE r.computed_tier END,
      r.overridden, r.coverage, r.insufficient_data,
      CASE WHEN r.positional THEN ${sql.raw(values('r.dimensions', 'score'))}
        ELSE (SELECT json_group_object(json_extract(d.value, '$.key'), json_extract(d.value, '$.score'))
          FROM json_each(r.dimensions) d) END,
      CASE WHEN NOT r.positional
        THEN (SELECT json_group_object(json_extract(m.value, '$.key'),
            json_array(json_extract(m.value, '$.raw'), json_extract(m.value, '$.benchmark')))
          FROM json_each(${sql.raw(ms('r'))}) m)
        WHEN ${benchmarks} IS (SELECT b.benchmarks FROM snapshot_benchmarks b
          WHERE b.run_id = ${ref} AND b.segment_id = r.segment_id AND b.model_version_id = r.model_version_id)
        THEN json_array(json(${sql.raw(values(ms('r'), 'raw', 3))}))
        ELSE json_array(json(${sql.raw(values(ms('r'), 'raw', 3))}), json(${benchmarks})) END,
      '', r.computed_at
    FROM ${rows}`,
  ];
}

/**
 * The computed score (before any override) of snapshot `alias`, full or compact: a compact row stores NULL
 * when it equals the effective score (not overridden). Only an overridden row's NULL is a NULL.
 * @example sql`SELECT ${computedScoreSql('s')} AS computed_score FROM score_snapshots s`
 */
export const computedScoreSql = (alias: string) =>
  sql.raw(
    `(CASE WHEN ${alias}.overridden THEN ${alias}.computed_score ELSE coalesce(${alias}.computed_score, ${alias}.score) END)`,
  );
/** The computed tier, as {@link computedScoreSql}. */
export const computedTierSql = (alias: string) =>
  sql.raw(
    `(CASE WHEN ${alias}.overridden THEN ${alias}.computed_tier ELSE coalesce(${alias}.computed_tier, ${alias}.tier) END)`,
  );

/** A later snapshot of the account exists. */
const hasNewer = sql.raw(
  `EXISTS (SELECT 1 FROM score_snapshots n WHERE n.account_id = score_snapshots.account_id AND n.period > score_snapshots.period)`,
);

/**
 * Compacts the snapshots of the accounts in `ids` (a JSON array parameter) that a snapshot of `period` made
 * history: the latest one before `period`, and the one of `period` itself when a later one exists (a
 * backfilled day). Batched right after the snapshots' upsert, so writing and compacting are one transaction.
 * @example compactPreviousSql('[1,2]', '2026-05-01').map((q) => prepare(db, q))
 */
export function compactPreviousSql(ids: string, period: string): SQL[] {
  return compactWhere(sql`account_id IN (SELECT value FROM json_each(${ids}))
      AND (period = (SELECT max(x.period) FROM score_snapshots x WHERE x.account_id = score_snapshots.account_id AND x.period < ${period})
        OR (period = ${period} AND ${hasNewer}))`);
}

/**
 * Gives the compact rows matching `where` that still hold their run's id (compacted before run references
 * existed) the reference instead: three statements, in order — the runs' references, their benchmarks
 * under the reference (compact rows find them by their `run_id`), then the rows rewritten (REPLACE, as
 * compactWhere: the 36 bytes go).
 */
function referenceRunsWhere(where: SQL): SQL[] {
  const old = sql`NOT ${isFullSnapshot()} AND ${where} AND NOT ${sql.raw(keepsRunId('run_id'))}`;
  return [
    sql`INSERT OR IGNORE INTO snapshot_runs (run_id) SELECT DISTINCT run_id FROM score_snapshots WHERE ${old}`,
    sql`INSERT OR IGNORE INTO snapshot_benchmarks (run_id, segment_id, model_version_id, benchmarks)
    SELECT ${sql.raw(runRef('b.run_id'))}, b.segment_id, b.model_version_id, b.benchmarks FROM snapshot_benchmarks b
    WHERE b.run_id IN (SELECT run_id FROM score_snapshots WHERE ${old})`,
    sql`REPLACE INTO score_snapshots (${COLUMNS})
    SELECT account_id, period, ${sql.raw(runRef('score_snapshots.run_id'))}, segment_id, model_version_id, score, tier, computed_score,
      computed_tier, overridden, coverage, insufficient_data, dimensions, measures, improvements, computed_at
    FROM score_snapshots WHERE ${old}`,
  ];
}

/**
 * Compacts every full snapshot among the rows `after < rowid ≤ after + chunk` that is not its account's
 * latest, and gives the compact ones among them that still hold a run id the run's reference: statements
 * with two parameters each, so they stay far inside D1's limits whatever the table holds. The rewritten rows
 * get new rowids past the table's end (see compactWhere). The last statement compacts.
 * @example compactRowsSql(0, 500).map((q) => prepare(db, q))
 */
export function compactRowsSql(after: number, chunk: number): SQL[] {
  const where = sql`rowid > ${after} AND rowid <= ${after + chunk} AND ${hasNewer}`;
  return [...referenceRunsWhere(where), ...compactWhere(where)];
}

/**
 * The `settings` row keeping the history job's place: JSON `{ after: rowid }` (absent: not started; migration
 * 0034 removed it, so history compacted before run references is walked once more to get them).
 */
export const COMPACTION_KEY = 'jobs.snapshotCompaction';

/**
 * Compacts the snapshot history written before compaction existed (the write path keeps it compact since),
 * and gives rows compacted before run references existed theirs, `chunk` rows of the table by rowid per batch, at most `maxChunks` statements per call, resuming where
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
    const results = await db.$client.batch([
      ...compactRowsSql(after, next - after).map((q) => prepare(db, q)),
      statementOf(
        db,
        db
          .insert(settings)
          .values({ key: COMPACTION_KEY, value, updatedAt: now })
          .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: now } }),
      ),
    ]);
    compacted += results.at(-2)?.meta.changes ?? 0;
    after = next;
  }
  return { compacted, after, done: after >= end };
}

/**
 * One dimension of a snapshot, full or compact, for
 * `FROM score_snapshots s LEFT JOIN model_versions v ON v.id = s.model_version_id, ${dimensionEntriesFrom('s')}`:
 * select {@link dimensionKey} and {@link dimensionScore}. Corrupt JSON counts as no dimensions.
 */
export const dimensionEntriesFrom = (alias: string) =>
  sql.raw(`json_each(CASE WHEN json_valid(${alias}.dimensions) THEN ${alias}.dimensions ELSE '[]' END) d`);
/** Full: the element's key; positional (an index): the model version's key there; keyed: the object key. */
export const dimensionKey = sql.raw(`(CASE WHEN d.type = 'object' THEN json_extract(d.value, '$.key')
  WHEN typeof(d.key) = 'integer' THEN json_extract(v.config, '$.dimensions[' || d.key || '].key') ELSE d.key END)`);
export const dimensionScore = sql.raw(
  `(CASE WHEN d.type = 'object' THEN json_extract(d.value, '$.score') ELSE d.value END)`,
);

/**
 * One measure of a snapshot, full or compact, as `m`, for
 * `FROM score_snapshots s LEFT JOIN model_versions v ON v.id = s.model_version_id, ${measureEntriesFrom('s')}`:
 * select {@link measureKey} and {@link measureRaw}, and {@link measureBenchmark} with
 * `LEFT JOIN snapshot_benchmarks b ON ${snapshotBenchmarksOn('s')}` as well. A positional row yields its raw
 * values (path `$[0]`); its benchmarks are `$[1]` at the same index, or, without `$[1]`, the run's stored ones.
 * Corrupt JSON counts as no measures.
 */
export const measureEntriesFrom = (alias: string) => {
  const json = `CASE WHEN json_valid(${alias}.measures) THEN ${alias}.measures ELSE '[]' END`;
  return sql.raw(
    `json_each(${json}, CASE WHEN json_type(${json}, '$[0]') = 'array' THEN '$[0]' ELSE '$' END) m`,
  );
};
/** The benchmarks a compact row `alias` refers to, as `b`. */
export const snapshotBenchmarksOn = (alias: string) =>
  sql.raw(
    `b.run_id = ${alias}.run_id AND b.segment_id = ${alias}.segment_id AND b.model_version_id = ${alias}.model_version_id`,
  );
const positionalMeasure = `m.path = '$[0]'`;
export const measureKey = sql.raw(`(CASE WHEN m.type = 'object' THEN json_extract(m.value, '$.key')
  WHEN ${positionalMeasure} THEN json_extract(v.config, '$.measures[' || m.key || '].key') ELSE m.key END)`);
export const measureRaw = sql.raw(`(CASE WHEN m.type = 'object' THEN json_extract(m.value, '$.raw')
  WHEN ${positionalMeasure} THEN m.value ELSE json_extract(m.value, '$[0]') END)`);
export const measureBenchmark =
  sql.raw(`(CASE WHEN m.type = 'object' THEN json_extract(m.value, '$.benchmark')
  WHEN ${positionalMeasure} THEN (CASE WHEN json_array_length(m.json) > 1 THEN json_extract(m.json, '$[1][' || m.key || ']')
    ELSE json_extract(b.benchmarks, '$[' || m.key || ']') END)
  ELSE json_extract(m.value, '$[1]') END)`);
