import { z } from 'zod';
import { alertMessagesSchema } from '../alerts/messages';
import { ALERT_SEVERITIES, alertRuleBodySchema, alertRuleIdSchema, alertRuleSchema } from '../alerts/rules';
import { ALERT_SORT_KEYS, type AlertSortKey } from '../alerts/sort-keys';

const isoTimestamp = z.iso.datetime({ offset: true }).meta({ description: 'ISO 8601 timestamp' });

/** An alert's status as the API reports it: a snooze that has run out reads as `open`. */
export const alertStatusSchema = z
  .enum(['open', 'snoozed', 'closed'])
  .meta({ id: 'AlertStatus', description: 'A snooze that has run out reads as `open`.' });
export type AlertStatus = z.infer<typeof alertStatusSchema>;

export { ALERT_SORT_KEYS, type AlertSortKey };

const alertSortValues = ALERT_SORT_KEYS.flatMap((k) => [k, `-${k}`] as const);
export type AlertSort = (typeof alertSortValues)[number];

/**
 * `GET /api/alerts` — filters, a sort and a keyset page. Strict: an unknown parameter is a 400, so a typo in
 * a filter never silently lists everything.
 */
export const listAlertsQuery = z
  .object({
    status: alertStatusSchema.optional(),
    account: z.string().min(1).max(256).optional().meta({ description: "The account's external id." }),
    ruleId: z.string().min(1).max(64).optional(),
    severity: z.enum(ALERT_SEVERITIES).optional(),
    assignee: z.string().min(1).max(320).optional().meta({
      description: "The assignee's email, `me` for the caller's, or `unassigned`.",
      example: 'unassigned',
    }),
    tier: z
      .string()
      .min(1)
      .max(64)
      .optional()
      .meta({ description: "Tier key of the account's latest snapshot." }),
    segment: z
      .string()
      .min(1)
      .max(64)
      .optional()
      .meta({ description: "Segment id of the account's latest snapshot." }),
    q: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .optional()
      .meta({ description: "Text in the account's name or external id." }),
    sort: z.enum(alertSortValues).default('-created').meta({
      description:
        'Column to order by, `-` prefix for descending (default `-created`, newest first). Nulls sort last; ties by id.',
    }),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z
      .string()
      .max(4096)
      .optional()
      .meta({ description: 'The `nextCursor` of the previous page, with the same `sort`.' }),
  })
  .strict();
export type ListAlertsQuery = z.infer<typeof listAlertsQuery>;

/** `/api/alerts/:id` */
export const alertIdParam = z.object({ id: z.coerce.number().int().positive() });

/** One alert of the inbox. Timestamps ISO 8601; `period` the day (`YYYY-MM-DD`, UTC) that raised it. */
export const alertSchema = z
  .object({
    id: z.number().int().positive(),
    account: z.string().meta({ description: "The account's external id." }),
    accountName: z.string(),
    ruleId: z.string(),
    status: alertStatusSchema,
    severity: z.enum(ALERT_SEVERITIES),
    title: z.string(),
    detail: z.string(),
    playbook: z
      .string()
      .meta({ description: "What to do about it: the rule's playbook when it was raised." }),
    messages: alertMessagesSchema
      .nullable()
      .meta({ description: 'The texts as message keys and parameters; null for alerts raised before them.' }),
    assignee: z.string().nullable().meta({ description: 'Member email; null when unassigned.' }),
    snoozedUntil: isoTimestamp.nullable().meta({ description: 'Set while snoozed; null otherwise.' }),
    closedAt: isoTimestamp.nullable(),
    closeNote: z.string().nullable(),
    period: z.iso.date().meta({
      description: 'The scoring period (or, for survey rules, the day of the answer) that raised it.',
    }),
    createdAt: isoTimestamp,
    updatedAt: isoTimestamp,
    tier: z.string().nullable().meta({ description: "Tier of the account's latest snapshot." }),
    segmentId: z.string().nullable(),
    arrCents: z.number().int().nullable().meta({ description: "The account's ARR, minor units." }),
    currency: z.string().nullable().meta({ description: 'ISO 4217 code; null means USD.' }),
    renewalDate: z.string().nullable().meta({ description: "The account's renewal day (`YYYY-MM-DD`)." }),
    ownerEmail: z.string().nullable().meta({ description: "The account owner's email." }),
    ownerNotMember: z.boolean().meta({
      description:
        'True when the alert is unassigned because the account owner (`ownerEmail`) is not an active member: invite them.',
    }),
  })
  .meta({ id: 'Alert' });
export type Alert = z.infer<typeof alertSchema>;

/** `GET /api/alerts`: in the requested order. */
export const alertPageSchema = z
  .object({
    items: z.array(alertSchema),
    nextCursor: z.string().nullable().meta({
      description: 'Pass back as `cursor` (with the same `sort`) for the next page; null on the last page.',
    }),
  })
  .meta({ id: 'AlertPage' });
export type AlertPage = z.infer<typeof alertPageSchema>;

/** `POST /api/alerts/:id/assign` — null unassigns. */
export const assignAlertInput = z
  .object({
    assignee: z
      .string()
      .trim()
      .min(1)
      .max(320)
      .nullable()
      .meta({ description: "A member's email; null unassigns.", example: 'csm@example.com' }),
  })
  .strict()
  .meta({ id: 'AssignAlertInput' });

/** `POST /api/alerts/:id/snooze` — until an ISO date-time in the future. */
export const snoozeAlertInput = z
  .object({
    until: z.iso
      .datetime({ offset: true })
      .meta({ description: 'In the future.', example: '2026-12-01T09:00:00.000Z' }),
  })
  .strict()
  .meta({ id: 'SnoozeAlertInput' });

/** `POST /api/alerts/:id/close` */
export const closeAlertInput = z
  .object({
    note: z.string().trim().max(2000).optional().meta({ example: 'Called the sponsor; usage is back.' }),
  })
  .strict()
  .meta({ id: 'CloseAlertInput' });

/** What `POST /api/alerts/bulk` does to each alert. */
export const BULK_SNOOZE_PRESETS = ['1d', '1w', 'renewal'] as const;

const alertIds = z
  .array(z.number().int().positive())
  .min(1)
  .max(500)
  .meta({ description: 'Alert ids, at most 500; duplicates count once.' });

/**
 * `POST /api/alerts/bulk` — one action over many alerts. A snooze takes `until` (in the future) or a
 * `preset`: a day, a week, or `renewal` (each alert's account renewal day, 00:00 UTC).
 */
export const bulkAlertInput = z
  .discriminatedUnion('action', [
    z
      .object({
        action: z.literal('assign'),
        ids: alertIds,
        assignee: z.string().trim().min(1).max(320).nullable().meta({ description: 'null unassigns.' }),
      })
      .strict(),
    z
      .object({
        action: z.literal('snooze'),
        ids: alertIds,
        until: z.iso.datetime({ offset: true }).optional(),
        preset: z.enum(BULK_SNOOZE_PRESETS).optional(),
      })
      .strict()
      .refine((b) => (b.until === undefined) !== (b.preset === undefined), {
        message: 'give either "until" or "preset"',
        path: ['until'],
      }),
    z
      .object({
        action: z.literal('close'),
        ids: alertIds,
        note: z.string().trim().max(2000).optional(),
      })
      .strict(),
  ])
  .meta({
    id: 'BulkAlertInput',
    example: { action: 'snooze', ids: [12, 13], preset: '1w' },
  });
export type BulkAlertInput = z.infer<typeof bulkAlertInput>;

/** Why one alert of a bulk action was left alone. */
export const BULK_SKIP_REASONS = ['not_found', 'closed', 'no_renewal_date', 'renewal_past'] as const;
export type BulkSkipReason = (typeof BULK_SKIP_REASONS)[number];

/** `POST /api/alerts/bulk` → how many changed and which were skipped, and why. */
export const bulkAlertResultSchema = z
  .object({
    updated: z.number().int().min(0),
    skipped: z.array(z.object({ id: z.number().int(), reason: z.enum(BULK_SKIP_REASONS) })),
  })
  .meta({ id: 'BulkAlertResult' });
export type BulkAlertResult = z.infer<typeof bulkAlertResultSchema>;

/** `/api/alerts/rules/:ruleId` */
export const alertRuleIdParam = z.object({ ruleId: alertRuleIdSchema });

/** An alert rule as stored (defaults filled in); see `alertRuleSchema` in shared/alerts/rules.ts. */
export const alertRuleContract = alertRuleSchema.meta({
  id: 'AlertRule',
  description: 'A rule kind with its params, a slug id, a name, a severity and the playbook of its alerts.',
});

/** `GET /api/alerts/rules` */
export const alertRuleListSchema = z
  .object({ items: z.array(alertRuleContract) })
  .meta({ id: 'AlertRuleList' });
export type AlertRuleList = z.infer<typeof alertRuleListSchema>;

/** `PUT /api/alerts/rules/:ruleId` — the rule; its id is the path's. */
export const alertRuleInput = alertRuleBodySchema.meta({
  id: 'AlertRuleInput',
  description:
    "The rule to store under the path's `ruleId`. An `id` in the body is optional and ignored, so a rule read from `GET /api/alerts/rules` can be sent back as is. Params left out take their defaults.",
  example: {
    kind: 'score_drop',
    name: 'Score dropped 15 points in 30 days',
    severity: 'warning',
    playbook: 'Call the sponsor and review usage with them.',
    enabled: true,
    params: { points: 15, days: 30 },
  },
});

/**
 * `PUT /api/alerts/webhook` — a URL, or null to turn delivery off. The URL must then pass `checkWebhookUrl`
 * (shared/alerts/webhook.ts: https, no credentials, no local or private host), else 400 WEBHOOK_URL_REFUSED.
 */
export const webhookInput = z
  .object({
    url: z.string().max(2000).nullable().meta({
      description: 'null turns delivery off.',
      example: 'https://hooks.slack.com/services/T000/B000/XXXX',
    }),
  })
  .strict()
  .meta({ id: 'WebhookInput' });

/** `GET|PUT /api/alerts/webhook` */
export const webhookSettingSchema = z
  .object({
    url: z.string().nullable().meta({
      description: 'The URL alerts are POSTed to, as normalised when saved; null when delivery is off.',
    }),
  })
  .meta({ id: 'WebhookSetting' });
export type WebhookSetting = z.infer<typeof webhookSettingSchema>;

/** Where a webhook delivery stands: `cancelled` when its alert was closed before the first attempt. */
export const deliveryStatusSchema = z
  .enum(['pending', 'delivered', 'failed', 'cancelled'])
  .meta({ id: 'WebhookDeliveryStatus' });
export type DeliveryStatus = z.infer<typeof deliveryStatusSchema>;

/** `GET /api/alerts/webhook/deliveries` */
export const listDeliveriesQuery = z.object({
  status: deliveryStatusSchema.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** One webhook delivery of an alert. */
export const deliverySchema = z
  .object({
    id: z.number().int().positive(),
    alertId: z.number().int().positive(),
    status: deliveryStatusSchema,
    attempts: z.number().int().min(0),
    lastError: z.string().nullable().meta({ description: 'Why the last attempt failed, for admins.' }),
    lastStatus: z
      .number()
      .int()
      .nullable()
      .meta({ description: "The target's HTTP status at the last attempt." }),
    createdAt: isoTimestamp,
    updatedAt: isoTimestamp,
  })
  .meta({ id: 'WebhookDelivery' });
export type Delivery = z.infer<typeof deliverySchema>;

/** `GET /api/alerts/webhook/deliveries`: newest first. */
export const deliveryListSchema = z
  .object({ items: z.array(deliverySchema) })
  .meta({ id: 'WebhookDeliveryList' });
