import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { ingestFailures } from '../../drizzle/schema';
import type { FailureStatus, IngestFailure } from '../../shared/contracts/ingest';
import type { Db } from '../common/db';

/** Records (or updates) a failed queue message with the latest error. */
export async function recordIngestFailure(
  db: Db,
  input: {
    queueMessageId: string;
    sourceId: string | null;
    status: FailureStatus;
    attempts: number;
    error: string;
    eventCount: number;
    body: string;
    now: number;
  },
): Promise<void> {
  await db
    .insert(ingestFailures)
    .values({ ...input, firstFailedAt: input.now, lastFailedAt: input.now })
    .onConflictDoUpdate({
      target: ingestFailures.queueMessageId,
      set: {
        status: input.status,
        attempts: sql`max(${ingestFailures.attempts}, ${input.attempts})`,
        error: input.error,
        lastFailedAt: input.now,
      },
    });
}

export async function listIngestFailures(
  db: Db,
  opts: { status?: FailureStatus; limit: number },
): Promise<IngestFailure[]> {
  const rows = await db
    .select()
    .from(ingestFailures)
    .where(opts.status ? eq(ingestFailures.status, opts.status) : undefined)
    .orderBy(desc(ingestFailures.lastFailedAt), desc(ingestFailures.id))
    .limit(opts.limit);
  return rows.map(({ body: _body, ...r }) => ({
    ...r,
    firstFailedAt: new Date(r.firstFailedAt).toISOString(),
    lastFailedAt: new Date(r.lastFailedAt).toISOString(),
  }));
}

export async function getIngestFailure(db: Db, id: number) {
  return db.query.ingestFailures.findFirst({ where: eq(ingestFailures.id, id) });
}

/** Marks a dead or retrying failure replayed; false when it was already replayed (no double replay). */
export async function markReplayed(db: Db, id: number, now: number): Promise<boolean> {
  const rows = await db
    .update(ingestFailures)
    .set({ status: 'replayed', lastFailedAt: now })
    .where(and(eq(ingestFailures.id, id), sql`${ingestFailures.status} <> 'replayed'`))
    .returning({ id: ingestFailures.id });
  return rows.length > 0;
}

/** A retried message that finally succeeded is no longer a failure to act on. */
export async function markRecovered(db: Db, queueMessageIds: string[]): Promise<void> {
  if (queueMessageIds.length === 0) return;
  await db
    .update(ingestFailures)
    .set({ status: 'recovered' })
    .where(
      and(inArray(ingestFailures.queueMessageId, queueMessageIds), eq(ingestFailures.status, 'retrying')),
    );
}

/**
 * Marks a dead letter. The DLQ may hand the message over under a new id, so a `retrying` row with the same
 * body is matched too; only a message never seen failing gets a new row.
 */
export async function markDeadLetter(
  db: Db,
  input: {
    queueMessageId: string;
    sourceId: string | null;
    attempts: number;
    eventCount: number;
    body: string;
    now: number;
  },
): Promise<void> {
  const matched = await db
    .update(ingestFailures)
    .set({ status: 'dead', lastFailedAt: input.now })
    .where(
      sql`${ingestFailures.queueMessageId} = ${input.queueMessageId}
        OR (${ingestFailures.status} = 'retrying' AND ${ingestFailures.body} = ${input.body})`,
    )
    .returning({ id: ingestFailures.id });
  if (matched.length > 0) return;
  await recordIngestFailure(db, { ...input, status: 'dead', error: 'exhausted retries' });
}
