import { type SQL, sql } from 'drizzle-orm';
import type { UpsertResult } from '../../shared/contracts/revenue';
import type { Db } from '../common/db';
import { prepare } from '../common/raw-sql';
import { refreshAccountFacts } from './account-facts-store';
import { RECORD_KINDS, type RecordKind, type RecordRow } from './records';

// Rows travel as one JSON parameter per statement (D1 binds at most 100 parameters); 500 rows keep each
// parameter far below D1's size limits. Every statement of one upsert goes in one D1 batch: all or nothing.
const ROWS_PER_STATEMENT = 500;

const same = (a: unknown, b: unknown) => (a ?? null) === (b ?? null);

/** The stored columns of the records with these external ids. */
async function existing(
  db: Db,
  table: string,
  externalIds: readonly string[],
): Promise<Map<string, Record<string, unknown>>> {
  const found = new Map<string, Record<string, unknown>>();
  for (let i = 0; i < externalIds.length; i += ROWS_PER_STATEMENT) {
    const ids = JSON.stringify(externalIds.slice(i, i + ROWS_PER_STATEMENT));
    const rows = await db.all<Record<string, unknown> & { external_id: string }>(
      sql`SELECT * FROM ${sql.identifier(table)} WHERE external_id IN (SELECT value FROM json_each(${ids}))`,
    );
    for (const r of rows) found.set(r.external_id, r);
  }
  return found;
}

function upsertStatement(
  table: string,
  columns: readonly string[],
  rows: readonly RecordRow[],
  now: number,
): SQL {
  const json = JSON.stringify(rows.map((r) => ({ external_id: r.externalId, ...r.columns })));
  const names = sql.join(
    ['external_id', ...columns].map((c) => sql.identifier(c)),
    sql`, `,
  );
  const values = sql.join(
    ['external_id', ...columns].map((c) => sql`json_extract(value, ${`$.${c}`})`),
    sql`, `,
  );
  const updates = sql.join(
    columns.map((c) => sql`${sql.identifier(c)} = excluded.${sql.identifier(c)}`),
    sql`, `,
  );
  // `WHERE true` tells SQLite's parser the ON CONFLICT belongs to the INSERT, not to the SELECT's join.
  return sql`INSERT INTO ${sql.identifier(table)} (${names}, created_at, updated_at)
    SELECT ${values}, ${now}, ${now} FROM json_each(${json}) WHERE true
    ON CONFLICT (external_id) DO UPDATE SET ${updates}, updated_at = excluded.updated_at`;
}

/**
 * Upserts records by external id in one atomic batch with its audit entry: rows identical to what is stored
 * are left alone (so the same request twice changes nothing, not even `updated_at`). Returns what happened
 * (with `dryRun`, what would happen, writing nothing).
 * @example await upsertRecords(db, 'tickets', rows, { actor: 'ops@example.com', action: 'ticket.upsert' }, Date.now())
 */
export async function upsertRecords(
  db: Db,
  kind: RecordKind,
  rows: readonly RecordRow[],
  audit: { actor: string; action: string; details?: Record<string, unknown> },
  now: number,
  options: { dryRun?: boolean } = {},
): Promise<UpsertResult> {
  const { table, entity } = RECORD_KINDS[kind];
  const stored = await existing(
    db,
    table,
    rows.map((r) => r.externalId),
  );
  const changed = rows.filter((r) => {
    const old = stored.get(r.externalId);
    return !old || Object.entries(r.columns).some(([c, v]) => !same(old[c], v));
  });
  const created = changed.filter((r) => !stored.has(r.externalId)).length;
  const result = { created, updated: changed.length - created, unchanged: rows.length - changed.length };
  if (changed.length === 0 || options.dryRun) return result;
  const columns = Object.keys(changed[0]!.columns);
  const statements: SQL[] = [];
  for (let i = 0; i < changed.length; i += ROWS_PER_STATEMENT)
    statements.push(upsertStatement(table, columns, changed.slice(i, i + ROWS_PER_STATEMENT), now));
  // A contract written (or moved to another account) changes the contract facts of its old and new account.
  if (kind === 'contracts')
    statements.push(
      refreshAccountFacts(
        changed
          .flatMap((r) => [r.columns.account_id, stored.get(r.externalId)?.account_id])
          .map(Number)
          .filter((id) => id > 0),
      ),
    );
  const details = JSON.stringify({
    ...result,
    ...audit.details,
    externalIds: changed.slice(0, 100).map((r) => r.externalId),
  });
  const entityId = changed.length === 1 ? changed[0]!.externalId : '*';
  statements.push(sql`INSERT INTO audit_log (at, actor, action, entity, entity_id, details)
    VALUES (${now}, ${audit.actor}, ${audit.action}, ${entity}, ${entityId}, ${details})`);
  await db.$client.batch(statements.map((s) => prepare(db, s)));
  return result;
}
