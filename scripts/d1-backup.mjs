#!/usr/bin/env node
// `npm run backup` and `npm run restore`: the D1 database as a SQL file (wrangler d1 export) and back.
//
//   npm run backup                         local database → backups/keepwell-<time>.sql
//   npm run backup -- --remote             the deployed database (your Cloudflare account)
//   npm run restore -- <file.sql>          local database ← file (its current content is saved first)
//   npm run restore -- <file.sql> --remote --yes
//
// Options: --out <file> (backup), --backups <dir> (default backups/), --config <wrangler config> (e.g. the
// deploy config), --database <binding or name> (default DB). A restore replaces every table: it first exports the current database next to the
// backups (backups/before-restore-<time>.sql), then drops the tables and runs the file, then checks the row
// count of every table against the file's INSERTs. It never asks: a remote restore needs --yes.
// For "undo the last hour" on Cloudflare, D1 Time Travel is quicker (docs/operating.md); these files are the
// copy you keep outside Cloudflare, and the way to move a database between accounts.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** @param {string[]} argv */
export function parseArgs(argv) {
  const [command, ...rest] = argv;
  if (command !== 'backup' && command !== 'restore') throw new Error('usage: d1-backup.mjs backup|restore …');
  /** @type {{ command: string, remote: boolean, yes: boolean, out?: string, file?: string, config?: string, database: string, backups: string }} */
  const args = { command, remote: false, yes: false, database: 'DB', backups: join(root, 'backups') };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const value = () => {
      const v = rest[++i];
      if (v === undefined || v.startsWith('--')) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === '--remote') args.remote = true;
    else if (arg === '--local') args.remote = false;
    else if (arg === '--yes' || arg === '-y') args.yes = true;
    else if (arg === '--out') args.out = value();
    else if (arg === '--config' || arg === '-c') args.config = value();
    else if (arg === '--database') args.database = value();
    else if (arg === '--backups') args.backups = resolve(value());
    else if (!arg.startsWith('--') && command === 'restore' && args.file === undefined) args.file = arg;
    else throw new Error(`unknown argument ${arg}`);
  }
  if (command === 'restore' && !args.file)
    throw new Error('restore needs the backup file: npm run restore -- <file.sql>');
  return args;
}

/** @param {ReturnType<typeof parseArgs>} args @param {string[]} extra */
function wrangler(args, extra, { json = false } = {}) {
  const cli = join(root, 'node_modules', 'wrangler', 'bin', 'wrangler.js');
  const result = spawnSync(
    process.execPath,
    [
      cli,
      ...extra,
      args.remote ? '--remote' : '--local',
      ...(args.config ? ['--config', resolve(args.config)] : []),
      ...(json ? ['--json'] : []),
    ],
    {
      cwd: args.config ? dirname(resolve(args.config)) : root,
      encoding: 'utf8',
      env: { ...process.env, CI: 'true', WRANGLER_SEND_METRICS: 'false' },
      maxBuffer: 256 * 1024 * 1024,
    },
  );
  if (result.status !== 0)
    throw new Error(`wrangler ${extra.slice(0, 3).join(' ')} failed:\n${result.stderr || result.stdout}`);
  return result.stdout;
}

/** @param {ReturnType<typeof parseArgs>} args @param {string} sql */
function query(args, sql) {
  const out = JSON.parse(wrangler(args, ['d1', 'execute', args.database, '--command', sql], { json: true }));
  return /** @type {Record<string, unknown>[]} */ (out[0]?.results ?? []);
}

const stamp = () => new Date().toISOString().replace(/[:.]/g, '-');

/** @param {ReturnType<typeof parseArgs>} args @param {string} file */
function exportTo(args, file) {
  mkdirSync(dirname(file), { recursive: true });
  wrangler(args, ['d1', 'export', args.database, '--output', file, '--skip-confirmation']);
  return file;
}

/**
 * Rows per table as the export file inserts them (`INSERT INTO "t" …`, one statement per row).
 * @param {string} sql
 */
export function insertCounts(sql) {
  /** @type {Record<string, number>} */
  const counts = {};
  for (const match of sql.matchAll(/^INSERT INTO\s+"?([^"\s(]+)"?/gm))
    counts[match[1]] = (counts[match[1]] ?? 0) + 1;
  return counts;
}

/**
 * The SQL that empties the database before a restore: every table, view and trigger of the app (not SQLite's
 * or Cloudflare's own), foreign keys checked at the end only.
 * @param {{ name: string, type: string }[]} objects
 */
export function dropSql(objects) {
  const kinds = { trigger: 'TRIGGER', view: 'VIEW', table: 'TABLE' };
  const order = ['trigger', 'view', 'table'];
  const statements = objects
    .filter((o) => !o.name.startsWith('sqlite_') && !o.name.startsWith('_cf_') && o.type in kinds)
    .sort((a, b) => order.indexOf(a.type) - order.indexOf(b.type))
    .map(
      (o) =>
        `DROP ${kinds[/** @type {keyof typeof kinds} */ (o.type)]} IF EXISTS "${o.name.replace(/"/g, '""')}";`,
    );
  return ['PRAGMA defer_foreign_keys = on;', ...statements].join('\n');
}

/** @param {ReturnType<typeof parseArgs>} args */
function tableCounts(args) {
  const tables = query(
    args,
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' ORDER BY name",
  ).map((r) => String(r.name));
  if (tables.length === 0) return {};
  // Scalar subqueries, not a UNION ALL: D1 caps the terms of a compound SELECT.
  const [row] = query(
    args,
    `SELECT ${tables.map((t, i) => `(SELECT count(*) FROM "${t}") AS c${i}`).join(', ')}`,
  );
  return Object.fromEntries(tables.map((t, i) => [t, Number(row?.[`c${i}`])]));
}

/** @param {ReturnType<typeof parseArgs>} args */
function backup(args) {
  const file = resolve(
    args.out ?? join(args.backups, `keepwell-${args.remote ? 'remote' : 'local'}-${stamp()}.sql`),
  );
  exportTo(args, file);
  const counts = insertCounts(readFileSync(file, 'utf8'));
  const rows = Object.values(counts).reduce((a, b) => a + b, 0);
  console.log(`Backed up ${args.remote ? 'the remote' : 'the local'} database: ${file}`);
  console.log(
    `${(statSync(file).size / 1024).toFixed(0)} KB, ${Object.keys(counts).length} tables with rows, ${rows} rows.`,
  );
  return file;
}

/** @param {ReturnType<typeof parseArgs>} args */
function restore(args) {
  const file = resolve(/** @type {string} */ (args.file));
  if (!existsSync(file)) throw new Error(`no such file: ${file}`);
  const sql = readFileSync(file, 'utf8');
  if (!/CREATE TABLE/i.test(sql))
    throw new Error(`${file} has no CREATE TABLE: not a full export (npm run backup makes one)`);
  if (args.remote && !args.yes)
    throw new Error(
      'a remote restore replaces the deployed database: add --yes (consider D1 Time Travel first)',
    );
  const safety = exportTo(args, join(args.backups, `before-restore-${stamp()}.sql`));
  console.log(`Saved the current database first: ${safety}`);
  const objects = query(
    args,
    "SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view', 'trigger')",
  ).map((r) => ({ name: String(r.name), type: String(r.type) }));
  // One file: the drops and the export run as one import.
  const combined = join(dirname(safety), `.restore-${stamp()}.sql`);
  writeFileSync(combined, `${dropSql(objects)}\n${sql}`);
  try {
    wrangler(args, ['d1', 'execute', args.database, '--file', combined, '--yes']);
  } finally {
    rmSync(combined, { force: true });
  }
  const expected = insertCounts(sql);
  const actual = tableCounts(args);
  // sqlite_sequence is SQLite's own (AUTOINCREMENT counters): rewritten by the inserts themselves.
  const wrong = Object.entries(expected).filter(([t, n]) => !t.startsWith('sqlite_') && actual[t] !== n);
  if (wrong.length > 0)
    throw new Error(
      `restored, but row counts differ from the file: ${wrong.map(([t, n]) => `${t} ${actual[t] ?? 0}/${n}`).join(', ')}; the previous content is in ${safety}`,
    );
  const rows = Object.values(expected).reduce((a, b) => a + b, 0);
  console.log(
    `Restored ${file}: ${Object.keys(actual).length} tables, ${rows} rows, every table's count checked.`,
  );
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const args = parseArgs(process.argv.slice(2));
    if (args.command === 'backup') backup(args);
    else restore(args);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
