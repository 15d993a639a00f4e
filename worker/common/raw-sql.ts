import type { SQL } from 'drizzle-orm';
import { SQLiteSyncDialect } from 'drizzle-orm/sqlite-core';
import type { Db } from './db';

// Drizzle renders the SQL; the statements go to D1's own batch (one transaction, one round trip).
// Drizzle's batch cannot carry raw `sql` queries, which the JSON-parameter statements need.
const dialect = new SQLiteSyncDialect({ casing: 'snake_case' });

/** A D1 prepared statement from a drizzle `sql` template. */
export function prepare(db: Db, query: SQL): D1PreparedStatement {
  const rendered = dialect.sqlToQuery(query);
  return db.$client.prepare(rendered.sql).bind(...rendered.params);
}

/** Runs drizzle `sql` statements in one D1 batch and returns each statement's rows. */
export async function batchAll<T extends unknown[]>(
  db: Db,
  queries: SQL[],
): Promise<{ [K in keyof T]: T[K][] }> {
  if (queries.length === 0) return [] as unknown as { [K in keyof T]: T[K][] };
  const results = await db.$client.batch(queries.map((q) => prepare(db, q)));
  return results.map((r) => r.results) as { [K in keyof T]: T[K][] };
}

/**
 * A D1 prepared statement from a drizzle query builder (an insert, update …), to share a raw D1 batch with
 * {@link prepare}d `sql` statements.
 * @example await db.$client.batch([statementOf(db, auditInsert(db, entry, now)), prepare(db, sql`…`)])
 */
export function statementOf(
  db: Db,
  query: { toSQL(): { sql: string; params: unknown[] } },
): D1PreparedStatement {
  const rendered = query.toSQL();
  return db.$client.prepare(rendered.sql).bind(...rendered.params);
}
