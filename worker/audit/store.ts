import { sql } from 'drizzle-orm';
import { auditLog } from '../../drizzle/schema';
import type { AuditLogEntry } from '../../shared/contracts/audit';
import type { Db } from '../common/db';

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

/**
 * The audit log, newest first: every entry, those of one entity kind, or those of one entity.
 * @example await listAudit(db, { entity: 'alert_rule', entityId: 'stale-data', limit: 20 })
 */
export async function listAudit(
  db: Db,
  opts: { entity?: AuditLogEntry['entity']; entityId?: string; limit: number },
): Promise<AuditLogEntry[]> {
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
    // Written by auditInsert only: one of the contract's entities, details a JSON object.
    entity: r.entity as AuditLogEntry['entity'],
    details: JSON.parse(r.details) as Record<string, unknown>,
  }));
}
