import { z } from 'zod';

/**
 * What an audit entry is about. Every audited change names one of these (the contract check of the
 * integration tests fails on an entry about anything else).
 * @example AUDIT_ENTITIES.includes('alert_rule') // true
 */
export const AUDIT_ENTITIES = [
  'model',
  'segments',
  'account',
  'alert',
  'alert_rule',
  'member',
  'invite',
  'token',
  'survey',
  'source',
  'feature',
  'settings',
  'scoring',
  'contract',
  'ticket',
  'cs_cost',
  'lead',
  'advocacy',
  'contact',
  'demo',
] as const;

const auditEntitySchema = z.enum(AUDIT_ENTITIES).meta({ id: 'AuditEntity' });

/** `GET /api/audit` */
export const listAuditQuery = z.object({
  entity: auditEntitySchema.optional(),
  entityId: z
    .string()
    .min(1)
    .max(256)
    .optional()
    .meta({ description: 'Only with `entity`: the entries of that one entity.' }),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** One audit log entry: who did what to which entity, and when. */
export const auditLogEntrySchema = z
  .object({
    id: z.number().int().positive(),
    at: z.iso.datetime({ offset: true }).meta({ description: 'ISO 8601 timestamp' }),
    actor: z.string().meta({
      description: "Who: a member's email, `token:<id>:<name>` for an API token, or `admin-token`.",
    }),
    action: z.string().meta({ description: 'What was done, e.g. `alert_rule.update`, `member.role`.' }),
    entity: auditEntitySchema,
    entityId: z.string().meta({ description: "The entity's id (`*` for the whole segment list)." }),
    details: z
      .record(z.string(), z.unknown())
      .meta({ description: 'What changed; its fields depend on `action`. Never holds a secret.' }),
  })
  .meta({ id: 'AuditLogEntry' });
export type AuditLogEntry = z.infer<typeof auditLogEntrySchema>;

/** `GET /api/audit`: newest first. */
export const auditLogSchema = z.object({ items: z.array(auditLogEntrySchema) }).meta({ id: 'AuditLog' });
export type AuditLog = z.infer<typeof auditLogSchema>;
