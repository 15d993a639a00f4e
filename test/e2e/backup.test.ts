import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// `npm run backup` / `npm run restore` round trip on a local D1 database of its own (a wrangler config in a
// temporary directory, so the developer's .wrangler state is never touched): migrated, filled, backed up,
// damaged, restored, compared row for row.

const root = join(import.meta.dirname, '..', '..');
const wranglerJs = join(root, 'node_modules', 'wrangler', 'bin', 'wrangler.js');
const script = join(root, 'scripts', 'd1-backup.mjs');
let dir = '';
let config = '';

const env = { ...process.env, CI: 'true', WRANGLER_SEND_METRICS: 'false' };
function wrangler(...args: string[]) {
  return execFileSync(process.execPath, [wranglerJs, ...args, '--local', '--config', config], {
    cwd: dir,
    env,
    encoding: 'utf8',
  });
}
function rows(sql: string): Record<string, unknown>[] {
  return JSON.parse(wrangler('d1', 'execute', 'DB', '--json', '--command', sql))[0].results;
}
function npmScript(...args: string[]) {
  return spawnSync(
    process.execPath,
    [script, ...args, '--config', config, '--backups', join(dir, 'backups')],
    {
      cwd: root,
      env,
      encoding: 'utf8',
    },
  );
}

// One wrangler call (each starts a runtime): the tables compared, as JSON columns of one row.
const SNAPSHOT = {
  accounts: `SELECT json_group_array(json_array(id, external_id, name, traits)) FROM (SELECT * FROM accounts ORDER BY id)`,
  settings: `SELECT json_group_array(json_array(key, value)) FROM (SELECT * FROM settings ORDER BY key)`,
  alert_rules: `SELECT json_group_array(json_array(id, name, params, enabled)) FROM (SELECT * FROM alert_rules ORDER BY id)`,
  migrations: `SELECT json_group_array(name) FROM (SELECT name FROM d1_migrations ORDER BY id)`,
  tables: `SELECT json_group_array(name) FROM (SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name)`,
};
const snapshot = (): Record<string, unknown[]> => {
  const [row] = rows(
    `SELECT ${Object.entries(SNAPSHOT)
      .map(([k, q]) => `(${q}) AS ${k}`)
      .join(', ')}`,
  );
  return Object.fromEntries(Object.entries(row ?? {}).map(([k, v]) => [k, JSON.parse(String(v))]));
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'keepwell-backup-'));
  config = join(dir, 'wrangler.toml');
  writeFileSync(
    config,
    [
      'name = "keepwell-backup-test"',
      'compatibility_date = "2026-10-01"',
      '[[d1_databases]]',
      'binding = "DB"',
      'database_name = "keepwell"',
      'database_id = "00000000-0000-0000-0000-000000000000"',
      `migrations_dir = ${JSON.stringify(join(root, 'drizzle', 'migrations'))}`,
    ].join('\n'),
  );
  execFileSync(
    process.execPath,
    [wranglerJs, 'd1', 'migrations', 'apply', 'DB', '--local', '--config', config],
    {
      cwd: dir,
      env,
    },
  );
  wrangler(
    'd1',
    'execute',
    'DB',
    '--command',
    `INSERT INTO accounts (external_id, name, traits, created_at) VALUES
       ('acme', 'Acme “Ünïcode” 株式会社 🚀', '{"plan":"pro","seats":25}', 1780000000000),
       ('o''brien', 'O''Brien; DROP TABLE accounts; --', '{}', 1780000000001);
     INSERT INTO settings (key, value, updated_at) VALUES ('backup-test', '{"line":"a\nb"}', 1780000000000);`,
  );
}, 300_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('npm run backup / restore', () => {
  // Eight wrangler runs: about a minute on an idle 2-core machine.
  it('round-trips the local database: a restore puts back exactly what the backup held', {
    timeout: 400_000,
  }, () => {
    const before = snapshot();
    expect(before.accounts).toHaveLength(2);
    expect((before.migrations as unknown[]).length).toBeGreaterThan(20);

    const file = join(dir, 'keepwell.sql');
    const backup = npmScript('backup', '--out', file);
    expect(backup.status, backup.stderr).toBe(0);
    expect(backup.stdout).toMatch(/Backed up the local database/);
    expect(readFileSync(file, 'utf8')).toMatch(/CREATE TABLE/);

    // Damage: rows lost, a value changed, a row that was not there, a table the backup did not have.
    wrangler(
      'd1',
      'execute',
      'DB',
      '--command',
      `DELETE FROM accounts WHERE external_id = 'acme'; UPDATE settings SET value = '"changed"' WHERE key = 'backup-test';
       DELETE FROM alert_rules; INSERT INTO accounts (external_id, name, traits, created_at) VALUES ('later', 'Later', '{}', 1);
       CREATE TABLE stray (x INTEGER);`,
    );
    expect(snapshot()).not.toEqual(before);

    const restore = npmScript('restore', file);
    expect(restore.status, restore.stderr).toBe(0);
    expect(restore.stdout).toMatch(/every table's count checked/);
    // Equal tables included: the stray table is gone.
    expect(snapshot()).toEqual(before);

    // What was there before the restore was saved first.
    const saved = readdirSync(join(dir, 'backups')).filter((f) => f.startsWith('before-restore-'));
    expect(saved).toHaveLength(1);
    expect(readFileSync(join(dir, 'backups', saved[0]!), 'utf8')).toMatch(/'later'/);
  });

  it('refuses what would do harm, before touching anything', () => {
    const missing = npmScript('restore', join(dir, 'nope.sql'));
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/no such file/);

    const partial = join(dir, 'rows-only.sql');
    writeFileSync(partial, "INSERT INTO settings VALUES ('x', '1', 1);\n");
    const notFull = npmScript('restore', partial);
    expect(notFull.status).toBe(1);
    expect(notFull.stderr).toMatch(/not a full export/);

    const remote = npmScript('restore', join(dir, 'keepwell.sql'), '--remote');
    expect(remote.status).toBe(1);
    expect(remote.stderr).toMatch(/--yes/);
    expect(existsSync(join(dir, 'backups'))).toBe(true);
    expect(readdirSync(join(dir, 'backups'))).toHaveLength(1);
  });
});
