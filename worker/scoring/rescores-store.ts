import { type SQL, sql } from 'drizzle-orm';
import { utcDay } from '../../shared/time';
import { insertAlertsSql } from '../alerts/store';
import { type AuditEntry, auditInsert } from '../audit/store';
import type { Db } from '../common/db';
import { prepare } from '../common/raw-sql';
import { playbookTasksSql } from '../tasks/store';
import { type ScoredAccount, snapshotStatements } from './snapshots-store';

// What rescoring one account writes, and the `rescore_requests` rows that ask for a rescore through the
// scoring queue (drizzle/schema.ts).

/**
 * Writes one rescored account in ONE transaction, with the portfolio run's statements: its snapshot of the
 * period (kept if another model version wrote it meanwhile, and then its transition too), its transition of
 * the period, the alerts it raised that the account has not had in the period yet (a CSM may rescore all
 * day), and the audit entry of whoever asked. Returns whether the snapshot is this rescore's and the ids of
 * the alerts created.
 * @example await writeRescore(db, { runId: 'rescore:…', period, now, asOf: { raiseAlerts: true } }, scored)
 */
export async function writeRescore(
  db: Db,
  run: { runId: string; period: string; now: number; asOf: { raiseAlerts: boolean } },
  scored: ScoredAccount,
  audit?: AuditEntry,
): Promise<{ written: boolean; alertIds: number[] }> {
  const raised = scored.alerts.map((alert) => ({ accountId: scored.accountId, alert }));
  const results = await db.$client.batch([
    ...snapshotStatements(db, run, [scored], 1),
    ...(audit ? [auditStatement(db, audit, run.now)] : []),
    prepare(db, insertAlertsSql(raised, run.period, run.now, { oncePerPeriod: true })),
    prepare(db, playbookTasksSql(raised, run.now, utcDay(run.now))),
    prepare(
      db,
      sql`SELECT run_id FROM score_snapshots WHERE account_id = ${scored.accountId} AND period = ${run.period}`,
    ),
  ]);
  const [snapshot, alerts] = [results.at(-1), results.at(-3)];
  const written = (snapshot?.results[0] as { run_id: string } | undefined)?.run_id === run.runId;
  return { written, alertIds: ((alerts?.results ?? []) as { id: number }[]).map((r) => r.id) };
}

/** Records an audit entry on its own (a rescore that wrote nothing). */
export async function writeAudit(db: Db, audit: AuditEntry, now: number): Promise<void> {
  await auditStatement(db, audit, now).run();
}

// The audit insert as a D1 statement, to share the raw batch above.
function auditStatement(db: Db, audit: AuditEntry, now: number): D1PreparedStatement {
  const query = auditInsert(db, audit, now).toSQL();
  return db.$client.prepare(query.sql).bind(...query.params);
}

/**
 * The statement asking for a rescore of the account (batched with the input that asks, so the request
 * commits with it), only `when` that condition holds; a later request moves `requested_at` on.
 * @example prepare(db, rescoreRequestSql(7, Date.now()))
 */
export function rescoreRequestSql(accountId: number, now: number, when: SQL = sql`true`): SQL {
  return sql`INSERT INTO rescore_requests (account_id, requested_at) SELECT ${accountId}, ${now} WHERE ${when}
    ON CONFLICT (account_id) DO UPDATE SET requested_at = max(requested_at, excluded.requested_at)`;
}

/**
 * Ends the account's request once a rescore started at `startedAt` covered it (or gave up); a request made
 * after that start stays for its own message.
 * @example await clearRescoreRequest(db, 7, started)
 */
export async function clearRescoreRequest(db: Db, accountId: number, startedAt: number): Promise<void> {
  await db.run(
    sql`DELETE FROM rescore_requests WHERE account_id = ${accountId} AND requested_at <= ${startedAt}`,
  );
}

/**
 * Ends every request made up to `now`: a run of today started then scores every account with what was
 * recorded by then, so a request whose message was lost still counts today.
 * @example await clearRescoreRequestsUpTo(db, run.now)
 */
export async function clearRescoreRequestsUpTo(db: Db, now: number): Promise<void> {
  await db.run(sql`DELETE FROM rescore_requests WHERE requested_at <= ${now}`);
}
