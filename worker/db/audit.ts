import { sql } from 'drizzle-orm';
import { auditLog } from '../../drizzle/schema';
import type { Db } from './client';

export interface AuditEntry {
  actor: string;
  action: string;
  entity: string;
  entityId: string;
  details?: unknown;
}

/** The audit insert as a batchable query, so it commits with the change it records. */
export function auditInsert(db: Db, entry: AuditEntry, now: number) {
  return db.insert(auditLog).values({
    at: now,
    actor: entry.actor,
    action: entry.action,
    entity: entry.entity,
    entityId: entry.entityId,
    details: JSON.stringify(entry.details ?? {}),
  });
}

export async function listAudit(db: Db, opts: { entity?: string; entityId?: string; limit: number }) {
  const rows = await db
    .select()
    .from(auditLog)
    .where(
      opts.entity
        ? opts.entityId
          ? sql`${auditLog.entity} = ${opts.entity} AND ${auditLog.entityId} = ${opts.entityId}`
          : sql`${auditLog.entity} = ${opts.entity}`
        : undefined,
    )
    .orderBy(sql`${auditLog.at} DESC, ${auditLog.id} DESC`)
    .limit(opts.limit);
  return rows.map((r) => ({
    ...r,
    at: new Date(r.at).toISOString(),
    details: JSON.parse(r.details) as unknown,
  }));
}
