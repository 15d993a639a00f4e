import { applyD1Migrations, env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';

// Upgrades, not fresh installs: for every migration N, the database is built at N−1, every table it has gets
// rows (values shaped like the real ones: days, epoch-ms times, JSON where the column holds JSON), the rest
// of the migrations are applied, and every row must still be there with the values it had, in every column
// that still exists. This is what catches a NOT NULL column added without a default, a table rebuilt without
// one of its columns, or a backfill that chokes on data a fresh database never has. The migrations that are
// meant to change existing data have their own tests in migrations.test.ts.

interface Column {
  name: string;
  type: string;
  notnull: number;
  dflt_value: string | null;
  pk: number;
}

const DAY_MS = 86_400_000;
const ROWS = 3;
/** Text columns that hold JSON, by name, and whether the JSON is an array. */
const JSON_COLUMNS: Record<string, 'array' | 'object'> = {
  traits: 'object',
  params: 'object',
  texts: 'object',
  messages: 'object',
  details: 'object',
  config: 'object',
  value: 'object',
  properties: 'object',
  context: 'object',
  questions: 'object',
  last_run: 'object',
  headers: 'object',
  payload: 'object',
  explanation: 'object',
  answers: 'object',
  names: 'object',
  tasks: 'array',
  dimensions: 'array',
  measures: 'array',
  improvements: 'array',
  conditions: 'array',
  items: 'array',
  roles: 'array',
  days: 'array',
  issues: 'array',
};
/** Realistic values where a later migration reads the content (0020 sums contract items). */
const JSON_VALUES: Record<string, string> = {
  'contracts.items': JSON.stringify([
    { kind: 'subscription', amountMinor: 120_000, reportingAmountMinor: 120_000 },
    { kind: 'upsell', amountMinor: 20_000, reportingAmountMinor: 20_000, source: 'csql' },
    { kind: 'premium_csm', amountMinor: 5_000, reportingAmountMinor: 5_000 },
  ]),
  'accounts.traits': JSON.stringify({ plan: 'pro', seats: 25, industry: 'software' }),
};

const day = (i: number) => `2026-05-${String(10 + i).padStart(2, '0')}`;

/** The value row `i` (1-based) of a fixture gets in `column` of `table`. */
function valueFor(table: string, column: Column, i: number): string | number {
  const name = column.name;
  const type = column.type.toUpperCase();
  const json = JSON_VALUES[`${table}.${name}`];
  if (json) return json;
  if (type.includes('INT') || type.includes('REAL') || type.includes('NUM')) {
    if (name.endsWith('_at') || name === 'ts' || name.endsWith('_ms')) return 1_780_000_000_000 + i * DAY_MS;
    // Clear of the rows the seed migrations insert (model version 1, …).
    if (column.pk) return 1000 + i;
    return i;
  }
  const shape = JSON_COLUMNS[name];
  if (shape === 'array') return JSON.stringify([{ key: `${name}-${i}`, n: i }]);
  if (shape === 'object') return JSON.stringify({ key: `${name}-${i}`, n: i });
  if (
    name === 'day' ||
    name === 'period' ||
    name.endsWith('_date') ||
    name.endsWith('_on') ||
    name.endsWith('_day') ||
    name === 'period_start' ||
    name === 'period_end' ||
    name === 'as_of'
  )
    return day(i);
  if (name.includes('email')) return `person${i}@${table.replace(/_/g, '-')}.example`;
  return `${table}.${name}.${i}`;
}

const all = async <T>(db: D1Database, query: string, ...params: unknown[]) =>
  (
    await db
      .prepare(query)
      .bind(...params)
      .all<T>()
  ).results;

interface ForeignKey {
  table: string;
  from: string;
  to: string;
}

async function tables(db: D1Database): Promise<Map<string, Column[]>> {
  const names = await all<{ name: string }>(
    db,
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name <> 'd1_migrations' ORDER BY name",
  );
  const out = new Map<string, Column[]>();
  for (const { name } of names) out.set(name, await all<Column>(db, `PRAGMA table_info(\`${name}\`)`));
  return out;
}

/** ROWS rows in every table (row i references row i of its parents); returns what was written, by table. */
async function fill(db: D1Database, schema: Map<string, Column[]>) {
  const written = new Map<string, Record<string, unknown>[]>();
  // Parents may come after their children in name order: checked at commit instead.
  const statements: D1PreparedStatement[] = [db.prepare('PRAGMA defer_foreign_keys = ON')];
  for (const [table, columns] of schema) {
    const keys = await all<ForeignKey>(db, `PRAGMA foreign_key_list(\`${table}\`)`);
    const value = (c: Column, i: number) => {
      const fk = keys.find((k) => k.from === c.name);
      const parent = fk && schema.get(fk.table)?.find((p) => p.name === fk.to);
      return fk && parent ? valueFor(fk.table, parent, i) : valueFor(table, c, i);
    };
    const rows: Record<string, unknown>[] = [];
    for (let i = 1; i <= ROWS; i++) {
      const row = Object.fromEntries(columns.map((c) => [c.name, value(c, i)]));
      rows.push(row);
      const names = columns.map((c) => `\`${c.name}\``).join(', ');
      statements.push(
        db
          .prepare(`INSERT INTO \`${table}\` (${names}) VALUES (${columns.map(() => '?').join(', ')})`)
          .bind(...Object.values(row)),
      );
    }
    written.set(table, rows);
  }
  await db.batch(statements);
  return written;
}

/** Storage lives for the whole file: each case starts from an empty database. */
async function reset(db: D1Database) {
  const names = await all<{ name: string }>(
    db,
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'",
  );
  if (names.length > 0)
    await db.batch([
      db.prepare('PRAGMA defer_foreign_keys = ON'),
      ...names.map(({ name }) => db.prepare(`DROP TABLE \`${name}\``)),
    ]);
}

const key = (row: Record<string, unknown>, columns: string[]) =>
  JSON.stringify(columns.map((c) => row[c] ?? null));

const migrations = env.TEST_MIGRATIONS;

describe('every migration upgrades a database that has data', () => {
  it('has migrations to check', () => {
    expect(migrations.length).toBeGreaterThan(20);
  });

  it.each(migrations.slice(1).map((m, index) => [m.name, index + 1] as const))(
    '%s keeps the rows of the schema before it',
    async (_name, index) => {
      const db = env.MIGRATIONS_TEST_DB;
      await reset(db);
      await applyD1Migrations(db, migrations.slice(0, index));
      const before = await tables(db);
      const rowsOf = async (table: string) => all<Record<string, unknown>>(db, `SELECT * FROM \`${table}\``);
      const seeded = new Map<string, Set<string>>();
      for (const table of before.keys())
        seeded.set(table, new Set((await rowsOf(table)).map((r) => JSON.stringify(r))));
      const filled = await fill(db, before);
      // The written rows as stored, not as written: triggers (0028's accounts.churned_on) derive columns.
      const written = new Map<string, Record<string, unknown>[]>();
      for (const table of filled.keys())
        written.set(
          table,
          (await rowsOf(table)).filter((r) => !seeded.get(table)?.has(JSON.stringify(r))),
        );
      await applyD1Migrations(db, migrations);
      const after = await tables(db);
      for (const [table, rows] of written) {
        const kept = after.get(table);
        expect(kept, `table ${table} was dropped`).toBeDefined();
        const columns = before
          .get(table)!
          .map((c) => c.name)
          .filter((name) => kept!.some((c) => c.name === name));
        const present = new Set(
          (await all<Record<string, unknown>>(db, `SELECT * FROM \`${table}\``)).map((r) => key(r, columns)),
        );
        for (const row of rows)
          expect(present.has(key(row, columns)), `${table}: ${key(row, columns)} lost or changed`).toBe(true);
      }
    },
  );
});
