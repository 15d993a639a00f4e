import { z } from 'zod';
import { ALERT_SEVERITIES } from '../alerts/rules';

/** `GET /api/alerts` */
export const listAlertsQuery = z.object({
  status: z.enum(['open', 'snoozed', 'closed']).optional(),
  account: z.string().min(1).max(256).optional(),
  ruleId: z.string().min(1).max(64).optional(),
  severity: z.enum(ALERT_SEVERITIES).optional(),
  assignee: z.string().min(1).max(320).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.coerce.number().int().positive().optional(),
});

/** `POST /api/alerts/:id/assign` — null unassigns. */
export const assignAlertInput = z.object({ assignee: z.string().trim().min(1).max(320).nullable() }).strict();

/** `POST /api/alerts/:id/snooze` — until an ISO date-time in the future. */
export const snoozeAlertInput = z.object({ until: z.iso.datetime({ offset: true }) }).strict();

/** `POST /api/alerts/:id/close` */
export const closeAlertInput = z.object({ note: z.string().trim().max(2000).optional() }).strict();

/** `PUT /api/alerts/webhook` — an https URL (http only for localhost), or null to turn delivery off. */
export const webhookInput = z
  .object({
    url: z
      .string()
      .max(2000)
      .regex(/^(https:\/\/|http:\/\/(localhost|127\.0\.0\.1)(:\d+)?\/)/, 'must be an https URL')
      .nullable(),
  })
  .strict();
