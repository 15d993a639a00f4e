import { z } from 'zod';
import { isRealCalendarDate } from '../time';

const isoDateTime = z
  .string()
  .refine((s) => isRealCalendarDate(s) && !Number.isNaN(Date.parse(s)), 'must be an ISO-8601 date-time')
  .transform((s) => Date.parse(s));
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine(isRealCalendarDate, 'not a calendar day');
const metricKey = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/, 'must start with a letter; letters, digits, _ or -');

/** `POST /api/accounts/:externalId/rating` — the CSM's 1–5 star rating. */
export const ratingInput = z
  .object({
    stars: z.number().int().min(1).max(5),
    comment: z.string().trim().max(2000).optional(),
    expiresAt: isoDateTime.optional(),
  })
  .strict();

/** `POST /api/accounts/:externalId/override` — tier (and optionally score) with reason and expiry. */
export const overrideInput = z
  .object({
    tier: z.string().min(1).max(64),
    score: z.number().min(0).max(100).optional(),
    reason: z.string().trim().min(1).max(2000),
    expiresAt: isoDateTime,
  })
  .strict();

const metricValue = z
  .object({ key: metricKey, value: z.number().finite(), recordedAt: isoDateTime.optional() })
  .strict();

/** `POST /api/accounts/:externalId/metrics` — one value or `{ metrics: [...] }`. */
export const accountMetricsInput = z.union([
  metricValue,
  z.object({ metrics: z.array(metricValue).min(1).max(1000) }).strict(),
]);

/** `POST /api/metrics` — values for many accounts. */
export const metricsBatchInput = z
  .object({
    metrics: z
      .array(metricValue.extend({ account: z.string().min(1).max(256) }).strict())
      .min(1)
      .max(1000),
  })
  .strict();

/** `GET /api/accounts/:externalId/health/history` */
export const historyQuery = z.object({ days: z.coerce.number().int().min(1).max(730).default(90) });

/** `GET /api/portfolio/summary` */
export const portfolioQuery = z.object({
  period: day.optional(),
  from: day.optional(),
  to: day.optional(),
  segment: z.string().min(1).max(64).optional(),
  movers: z.coerce.number().int().min(1).max(50).default(10),
});

/** `POST /api/models` */
export const createModelInput = z
  .object({ id: metricKey, name: z.string().trim().min(1).max(120), config: z.unknown() })
  .strict();

/** `PUT /api/models/:id/draft` */
export const saveDraftInput = z
  .object({ name: z.string().trim().min(1).max(120).optional(), config: z.unknown() })
  .strict();

/** `POST /api/segments/reorder` — non-default segment ids in their new match order. */
export const reorderSegmentsInput = z
  .object({ ids: z.array(z.string().min(1).max(64)).min(1).max(500) })
  .strict();
