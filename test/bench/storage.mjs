#!/usr/bin/env node
// `npm run bench:storage`: bytes per account per day that D1 keeps for score snapshots and for usage rollups,
// measured as docs/measure-storage.py does (SQLite's `dbstat`: the pages of each table and its indexes).
//
// Builds a database from drizzle/migrations in a temp file (D1 is SQLite), fills it with the benchmarks'
// data — scoring-data.mjs's accounts and 90 days of rollups, and api-data.mjs's BENCH_PERIODS daily
// snapshots with explanations of real size — and measures the snapshots as written before compaction
// (every row full). It then compacts the history with the worker's own statements (worker/scoring/
// compaction-store.ts `compactRowsSql`, bundled with esbuild, in the cron job's chunks) and measures again:
// the latest snapshot of each account stays full, so a day of history costs
// (snapshot bytes − accounts × full row bytes) ÷ (accounts × (periods − 1)). No VACUUM: pages freed by the
// shrunken rows count as the live database would keep them. The same formula for the same rows written day
// by day in another database, each scoring batch compacting the snapshots it supersedes (the write path,
// how new history is compacted), gives `snapshotBytesPerAccountDayWritePath`.
//
// Prints a human summary and, last, one JSON line:
// {"storage":{"snapshotBytesPerAccountDay":…,"rollupBytesPerAccountDay":…,…}}.
// Env: BENCH_ACCOUNTS (2000), BENCH_PERIODS (30).
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { build } from 'esbuild';
import { ROOT } from '../support/dev-server.mjs';
import { historySql } from './api-data.mjs';
import { HISTORY_DAYS, seedSql } from './scoring-data.mjs';

const N = Number(process.env.BENCH_ACCOUNTS ?? 2_000);
const PERIODS = Number(process.env.BENCH_PERIODS ?? 30);
if (!Number.isInteger(N) || N <= 0 || !Number.isInteger(PERIODS) || PERIODS < 2)
  throw new Error('BENCH_ACCOUNTS must be a positive integer and BENCH_PERIODS at least 2');
const CHUNK = 500;
const now = Date.now();
const today = new Date(now).toISOString().slice(0, 10);
const asOfDay = new Date(now - 86_400_000).toISOString().slice(0, 10);

/** The worker's compaction statements rendered to SQL text and parameters. */
async function loadCompaction() {
  const out = await build({
    stdin: {
      contents: `import { SQLiteSyncDialect } from 'drizzle-orm/sqlite-core';
        import { compactPreviousSql, compactRowsSql } from './worker/scoring/compaction-store';
        const dialect = new SQLiteSyncDialect({ casing: 'snake_case' });
        export const compactRows = (after, chunk) => compactRowsSql(after, chunk).map((q) => dialect.sqlToQuery(q));
        export const compactPrevious = (ids, period) => compactPreviousSql(ids, period).map((q) => dialect.sqlToQuery(q));`,
      resolveDir: ROOT,
      loader: 'ts',
    },
    bundle: true,
    format: 'esm',
    write: false,
    platform: 'neutral',
    mainFields: ['module', 'main'],
  });
  return import(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0].text).toString('base64')}`);
}

/** Bytes of a table with all its indexes, from dbstat. */
function tableBytes(db, table) {
  const names = db
    .prepare("SELECT name FROM sqlite_master WHERE tbl_name = ? AND type IN ('table', 'index')")
    .all(table)
    .map((r) => r.name);
  return names.reduce(
    (sum, name) =>
      sum + db.prepare('SELECT coalesce(sum(pgsize), 0) AS b FROM dbstat WHERE name = ?').get(name).b,
    0,
  );
}

const count = (db, table) => db.prepare(`SELECT count(*) AS n FROM ${table}`).get().n;

/** A new database file with the schema of drizzle/migrations. */
function migrated(path) {
  const db = new DatabaseSync(path);
  const migrations = join(ROOT, 'drizzle', 'migrations');
  for (const f of readdirSync(migrations)
    .filter((f) => f.endsWith('.sql'))
    .sort())
    db.exec(readFileSync(join(migrations, f), 'utf8').replaceAll('--> statement-breakpoint', ''));
  return db;
}

/**
 * The same snapshots written day after day as the scoring batches write them, into a new database: each
 * period's rows in batches of CHUNK accounts, each batch followed by the write path's compaction of the
 * snapshots it supersedes (`compactPreviousSql`). Returns its history bytes (snapshots, benchmarks and run
 * references) and its full rows' count.
 */
function replayWritePath(src, path, compactPrevious) {
  const db = migrated(path);
  db.exec(`ATTACH '${src}' AS src`);
  db.exec('INSERT OR REPLACE INTO model_versions SELECT * FROM src.model_versions');
  const periods = db.prepare('SELECT DISTINCT period FROM src.score_snapshots ORDER BY 1').all();
  const ids = db.prepare('SELECT DISTINCT account_id AS id FROM src.score_snapshots ORDER BY 1').all();
  const write = db.prepare(`INSERT INTO score_snapshots SELECT * FROM src.score_snapshots
    WHERE period = ? AND account_id IN (SELECT value FROM json_each(?)) ORDER BY account_id`);
  for (const { period } of periods) {
    db.exec('BEGIN');
    for (let i = 0; i < ids.length; i += CHUNK) {
      const batch = JSON.stringify(ids.slice(i, i + CHUNK).map((r) => r.id));
      write.run(period, batch);
      for (const q of compactPrevious(batch, period)) db.prepare(q.sql).run(...q.params);
    }
    db.exec('COMMIT');
  }
  db.exec('DETACH src');
  const bytes = ['score_snapshots', 'snapshot_benchmarks', 'snapshot_runs'].reduce(
    (sum, table) => sum + tableBytes(db, table),
    0,
  );
  const full = db
    .prepare(`SELECT count(*) AS n FROM score_snapshots WHERE json_type(dimensions, '$[0]') = 'object'`)
    .get().n;
  db.close();
  return { bytes, full };
}

const dir = mkdtempSync(join(tmpdir(), 'keepwell-storage-'));
try {
  const db = migrated(join(dir, 'storage.sqlite'));
  const t = performance.now();
  db.exec('BEGIN');
  db.exec(seedSql(N, asOfDay));
  db.exec(historySql(N, PERIODS, today));
  // api-data.mjs's snapshots explain an older default model's measures: the model version they name gets
  // those measures (in their order), as the version a real run wrote them with would have them.
  db.exec(`UPDATE model_versions SET config = json_set(config, '$.measures', (SELECT json_group_array(json_object(
      'key', json_extract(e.value, '$.key'), 'label', json_extract(e.value, '$.label'), 'kind', json_extract(e.value, '$.kind'),
      'weight', json_extract(e.value, '$.weight'))) FROM json_each((SELECT measures FROM score_snapshots LIMIT 1)) e))
    WHERE id = (SELECT model_version_id FROM score_snapshots LIMIT 1)`);
  // The scorer's raw values are ratios and its benchmarks means: full-precision doubles (5/13 is
  // 0.38461538461538464), where api-data.mjs writes short decimals. Give the snapshots such values, so the
  // bytes measured are those of real rows.
  db.exec(`UPDATE score_snapshots SET measures = (SELECT json_group_array(json_set(e.value,
      '$.raw', CASE WHEN json_extract(e.value, '$.raw') IS NOT NULL
        THEN round(abs(json_extract(e.value, '$.raw')) * 12) / (11 + account_id % 7) END,
      '$.benchmark', 0.52 + (CAST(substr(period, 9, 2) AS INTEGER) + account_id % 3 + e.key) / 97.0))
    FROM json_each(measures) e)`);
  db.exec('COMMIT');
  console.log(
    `seeded ${N.toLocaleString()} accounts, ${HISTORY_DAYS} days of rollups, ${PERIODS} snapshots each in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );

  const rollupTables = ['account_days', 'account_feature_days', 'user_days', 'feature_day_users'];
  const rollupBytes = rollupTables.reduce((sum, table) => sum + tableBytes(db, table), 0);
  const rollupBytesPerAccountDay = Math.round(rollupBytes / (N * HISTORY_DAYS));

  const rows = count(db, 'score_snapshots');
  const fullBytes = tableBytes(db, 'score_snapshots');
  const fullRowBytes = fullBytes / rows;

  const { compactRows, compactPrevious } = await loadCompaction();
  // The write path first, from these full rows (before the job below compacts them).
  const tw = performance.now();
  const replay = replayWritePath(join(dir, 'storage.sqlite'), join(dir, 'replay.sqlite'), compactPrevious);
  if (replay.full !== N) throw new Error(`write path: expected ${N} full rows, got ${replay.full}`);
  const writePathHistoryBytes = (replay.bytes - N * fullRowBytes) / (N * (PERIODS - 1));
  const writePathMs = performance.now() - tw;

  const last = db.prepare('SELECT max(rowid) AS last FROM score_snapshots').get().last;
  let compacted = 0;
  const tc = performance.now();
  for (let after = 0; after < last; after += CHUNK) {
    // The job's batch: the runs' references, the benchmarks, then the rows (the last statement).
    const changes = compactRows(after, CHUNK).map((q) => Number(db.prepare(q.sql).run(...q.params).changes));
    compacted += changes.at(-1);
  }
  const compactMs = performance.now() - tc;
  // History's cost includes the benchmarks and run references it refers to (one row per run, segment and
  // model version; one per run).
  const referred = () => tableBytes(db, 'snapshot_benchmarks') + tableBytes(db, 'snapshot_runs');
  const compactBytes = tableBytes(db, 'score_snapshots') + referred();
  const full = db
    .prepare(`SELECT count(*) AS n FROM score_snapshots WHERE json_type(dimensions, '$[0]') = 'object'`)
    .get().n;
  if (full !== N || compacted !== rows - N)
    throw new Error(`expected ${N} full rows and ${rows - N} compacted, got ${full} and ${compacted}`);
  const historyBytes = (compactBytes - N * fullRowBytes) / (N * (PERIODS - 1));
  const sample = db
    .prepare(
      `SELECT length(dimensions) + length(measures) + length(improvements) AS json FROM score_snapshots
       WHERE json_type(dimensions, '$[0]') IS NOT 'object' LIMIT 1`,
    )
    .get().json;
  // For comparison: the same rows packed densely (D1 cannot VACUUM; SQLite reuses the freed pages).
  db.exec('VACUUM');
  const vacuumedHistoryBytes =
    (tableBytes(db, 'score_snapshots') + referred() - N * fullRowBytes) / (N * (PERIODS - 1));
  db.close();

  const storage = {
    snapshotBytesPerAccountDay: Math.round(historyBytes),
    snapshotBytesPerAccountDayUncompacted: Math.round(fullRowBytes),
    snapshotBytesPerAccountDayVacuumed: Math.round(vacuumedHistoryBytes),
    snapshotBytesPerAccountDayWritePath: Math.round(writePathHistoryBytes),
    rollupBytesPerAccountDay,
    accounts: N,
    periods: PERIODS,
    compactJsonBytes: sample,
    compactRowsPerSec: Math.round(compacted / (compactMs / 1000)),
  };
  console.log(
    `score_snapshots: ${Math.round(fullRowBytes)} bytes per account-day with full explanations; ` +
      `${storage.snapshotBytesPerAccountDay} per account-day of compacted history (${sample} bytes of JSON); ` +
      `${compacted.toLocaleString()} rows compacted at ${storage.compactRowsPerSec.toLocaleString()} rows/s`,
  );
  console.log(
    `written day by day through the scoring batches' compaction instead: ${storage.snapshotBytesPerAccountDayWritePath} ` +
      `per account-day of history (replayed in ${(writePathMs / 1000).toFixed(1)} s)`,
  );
  console.log(`rollups (${rollupTables.join(', ')}): ${rollupBytesPerAccountDay} bytes per account-day`);
  console.log(JSON.stringify({ storage }));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
