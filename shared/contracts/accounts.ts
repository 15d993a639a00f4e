import { z } from 'zod';
import { LIFECYCLE_STAGES } from '../health/lifecycle';
import { isRealCalendarDate } from '../time';
import { followUpInput } from './tasks';

// The accounts API: the list and its CSV export, one account, and its page (health history, insight,
// activity, timeline, touchpoints, rating, override, custom metrics). Money is integer minor units (cents)
// with the account's currency; days are `YYYY-MM-DD` (UTC); scores are points 0..100, null when the
// account had insufficient data. Values ingest stored before it checked them (dates, timestamps) are
// answered as stored, so those fields are plain strings.

/**
 * An instant as `Date.prototype.toISOString` writes it: years outside 0000–9999 take the extended form
 * (`+012345-…`, `-005953-…`), which a value stored before input was checked can reach.
 */
const timestamp = z
  .string()
  .regex(/^(?:\d{4}|[+-]\d{6})-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/)
  .meta({ description: 'ISO 8601 timestamp, UTC', example: '2026-05-01T09:30:00.000Z' });
/** A UTC day the server computed (a scoring period, a day of use). */
const day = z.iso.date().meta({ example: '2026-05-01' });
/** A date as ingest stored it: normally `YYYY-MM-DD`, but older rows may hold anything. */
const storedDate = z.string().meta({
  description:
    'As stored: normally `YYYY-MM-DD`; a value stored before ingest checked dates is returned unchanged.',
  example: '2026-09-30',
});
const email = z.string().trim().min(1).max(320);
const segmentId = z.string().min(1).max(64);
const lifecycleStageSchema = z.enum(LIFECYCLE_STAGES).meta({
  description: "Today's lifecycle stage from the contract and renewal dates (and `status: churned`).",
});

/** An instant as a request gives it (any ISO 8601 date-time Date.parse reads), as epoch ms. */
const isoDateTimeInput = z
  .string()
  .refine((s) => isRealCalendarDate(s) && !Number.isNaN(Date.parse(s)), 'must be an ISO-8601 date-time')
  .transform((s) => Date.parse(s))
  .meta({ description: 'ISO 8601 date-time', example: '2026-12-01T09:00:00Z' });

/** `/api/accounts/:externalId` */
export const accountParam = z.object({
  externalId: z
    .string()
    .min(1)
    .max(256)
    .meta({ description: "The account's id in your system.", example: 'acme' }),
});

// ---------------------------------------------------------------------------------------------------
// Accounts list and export

/** Sort keys of the accounts list; prefix `-` for descending. Nulls sort last either way. */
export const ACCOUNT_SORT_KEYS = ['name', 'score', 'change', 'arr', 'renewal', 'lastSeen'] as const;
/** @example const s: AccountSort = '-score'; */
export type AccountSort = (typeof ACCOUNT_SORT_KEYS)[number] | `-${(typeof ACCOUNT_SORT_KEYS)[number]}`;
const sortValues = ACCOUNT_SORT_KEYS.flatMap((k) => [k, `-${k}`]) as [AccountSort, ...AccountSort[]];

/** The tier filter value that selects accounts without a tier (not scored, or insufficient data). */
export const UNSCORED_TIER = 'unscored';

/** Windows, in days, that score changes are told over: the accounts list's "Change" and the dashboard's movers. */
export const CHANGE_WINDOWS = [1, 7, 30] as const;
export type ChangeDays = (typeof CHANGE_WINDOWS)[number];
/** The window when a request names none. */
export const DEFAULT_CHANGE_DAYS: ChangeDays = 7;

/**
 * `changeDays`: a score change is the latest score minus the score of the account's first snapshot on or
 * after the day `changeDays` days before its latest period (null without one). One of 1, 7, 30.
 */
export const changeDaysParam = z
  .enum(CHANGE_WINDOWS.map(String) as ['1', '7', '30'])
  .default(String(DEFAULT_CHANGE_DAYS) as '7')
  .transform((d) => Number(d) as ChangeDays)
  .meta({
    description: `Days the score change is told over: the latest score minus the account's first score on or after that many days before (1, 7 or 30; default ${DEFAULT_CHANGE_DAYS}).`,
    example: '7',
  });

/** Filters shared by the list and the CSV export. `tier` may list several keys, comma-separated. */
export const accountFilters = z.object({
  q: z
    .string()
    .trim()
    .max(200)
    .optional()
    .meta({ description: 'Matches name or external id (case-insensitive substring).' }),
  tier: z
    .string()
    .max(700)
    .transform((s) => [
      ...new Set(
        s
          .split(',')
          .map((t) => t.trim())
          .filter(Boolean),
      ),
    ])
    .pipe(z.array(z.string().min(1).max(64)).min(1).max(10))
    .optional()
    .meta({
      description: `Tier keys, comma-separated (at most 10); \`${UNSCORED_TIER}\` selects accounts without a tier.`,
      example: 'red,yellow',
    }),
  segment: segmentId.optional().meta({ description: 'Segment of the latest snapshot.' }),
  owner: email.optional().meta({ description: "A CSM's email, or `me` for the caller's.", example: 'me' }),
  stage: lifecycleStageSchema.optional(),
  sort: z
    .enum(sortValues)
    .optional()
    .meta({ description: 'Order (default `name`); prefix `-` for descending. Nulls sort last.' }),
  changeDays: changeDaysParam,
});

/**
 * `GET /api/accounts` — filters, `sort` and a page: the keyset `cursor` works with the default order (by
 * name); any other `sort`, or `offset`, pages by offset.
 */
export const accountListQuery = accountFilters.extend({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  // A cursor holds an account name: up to 256 UTF-16 units of up to 6 JSON bytes each (`\u0001`), base64url.
  cursor: z
    .string()
    .max(4096)
    .optional()
    .meta({ description: 'The `nextCursor` of the previous page (default order only).' }),
  offset: z.coerce.number().int().min(0).max(1_000_000).optional().meta({ description: 'Rows to skip.' }),
});

/** `GET /api/accounts/export.csv` — the same filters and sort, every matching row. */
export const accountExportQuery = accountFilters;

/** One row of `GET /api/accounts`: the account plus its health. */
export const accountRowSchema = z
  .object({
    externalId: z.string(),
    name: z.string(),
    plan: z.string().nullable(),
    industry: z.string().nullable(),
    employees: z.number().nullable(),
    seats: z.number().nullable().meta({ description: 'Purchased seats.' }),
    arrCents: z.number().nullable(),
    currency: z.string().nullable().meta({ description: 'ISO 4217 code; null means USD.' }),
    ownerEmail: z.string().nullable(),
    renewalDate: storedDate.nullable(),
    lastSeenAt: timestamp.nullable(),
    users: z.number().int().meta({ description: 'Users linked to the account.' }),
    tier: z
      .string()
      .nullable()
      .meta({ description: 'Tier of the latest snapshot (null: never scored, or insufficient data).' }),
    score: z.number().nullable(),
    scoreChange: z.number().nullable().meta({
      description:
        'Points (one decimal) over `changeDays` days: the latest score minus the first score on or after `changeDays` days before it; null without both.',
    }),
    segmentId: z.string().nullable().meta({ description: 'Segment of the latest snapshot.' }),
    segmentName: z.string().nullable(),
    lifecycleStage: lifecycleStageSchema.nullable(),
  })
  .meta({ id: 'AccountRow' });
export type AccountRow = z.infer<typeof accountRowSchema>;

/** `GET /api/accounts` */
export const accountListPageSchema = z
  .object({
    items: z.array(accountRowSchema),
    nextCursor: z.string().nullable().meta({
      description:
        'Pass back as `cursor` for the next page (default order only); null on the last page or when paging by offset.',
    }),
    total: z.number().int().meta({ description: 'Accounts matching the filters (all pages).' }),
  })
  .meta({ id: 'AccountListPage' });
export type AccountListPage = z.infer<typeof accountListPageSchema>;

/**
 * Columns of `GET /api/accounts/export.csv`, in order (the header row). Money is in the currency's units
 * (`arr` 12345.67, not cents) and `currency` names it (ISO 4217; USD when the account gave none), so a
 * spreadsheet sums it as it is.
 */
export const ACCOUNT_EXPORT_COLUMNS = [
  'externalId',
  'name',
  'tier',
  'score',
  'scoreChange',
  'segment',
  'lifecycleStage',
  'ownerEmail',
  'plan',
  'arr',
  'currency',
  'renewalDate',
  'lastSeenAt',
  'users',
  'seats',
] as const;

// ---------------------------------------------------------------------------------------------------
// One account

/** The latest snapshot of `GET /api/accounts/:externalId` (null before the account's first scoring). */
const accountHealthSchema = z.object({
  score: z.number().nullable(),
  tier: z.string().nullable(),
  computedScore: z.number().nullable(),
  computedTier: z.string().nullable(),
  overridden: z.boolean(),
  insufficientData: z.boolean(),
  segment: z.string(),
  modelId: z.string().nullable(),
  modelVersion: z.number().int().nullable(),
  modelVersionId: z.number().int(),
  period: day,
  computedAt: timestamp,
  coverage: z.number().meta({ description: "Share (0..1) of the model's weight with data." }),
  dimensions: z.array(z.object({ key: z.string(), label: z.string(), score: z.number().nullable() })),
  measures: z.array(
    z.object({
      key: z.string(),
      label: z.string(),
      raw: z.number().nullable(),
      benchmark: z.number().nullable(),
      points: z.number().nullable(),
      weight: z.number(),
      effectiveWeight: z.number(),
      contribution: z.number(),
      missing: z.boolean(),
    }),
  ),
  improvements: z
    .array(z.unknown())
    .meta({ description: 'As stored with the snapshot (see `InsightImprovement`).' }),
});

/** `GET /api/accounts/:externalId`: master data, users, feature usage over the window, latest health. */
export const accountDetailSchema = z
  .object({
    externalId: z.string(),
    name: z.string(),
    plan: z.string().nullable(),
    industry: z.string().nullable(),
    employees: z.number().nullable(),
    seats: z.number().nullable(),
    arrCents: z.number().nullable(),
    mrrCents: z.number().nullable(),
    currency: z.string().nullable().meta({ description: 'ISO 4217 code; null means USD.' }),
    contractStartDate: storedDate.nullable(),
    renewalDate: storedDate.nullable(),
    ownerEmail: z.string().nullable(),
    traits: z
      .record(z.string(), z.unknown())
      .meta({ description: 'Custom traits from identify calls; {} when the stored JSON is corrupt.' }),
    createdAt: timestamp,
    lastSeenAt: timestamp.nullable(),
    users: z.object({ total: z.number().int(), activated: z.number().int() }),
    usage: z
      .array(
        z.object({
          feature: z.string(),
          name: z.string(),
          module: z.string().nullable(),
          isCore: z.boolean(),
          events: z.number(),
          users: z.number().int().meta({ description: 'Distinct users in the window.' }),
          activeMinutes: z.number(),
        }),
      )
      .meta({ description: 'Per feature over the last `usageWindowDays` days, most events first.' }),
    usageWindowDays: z.number().int(),
    health: accountHealthSchema.nullable(),
  })
  .meta({ id: 'AccountDetail' });
export type AccountDetail = z.infer<typeof accountDetailSchema>;

// ---------------------------------------------------------------------------------------------------
// Health history, rating, override

/** `GET /api/accounts/:externalId/health/history` — `days` days ending today. */
export const historyQuery = z.object({ days: z.coerce.number().int().min(1).max(730).default(90) });

/** `GET /api/accounts/:externalId/health/history`: one row per scored period, oldest first, and the tier changes. */
export const healthHistorySchema = z
  .object({
    items: z.array(
      z.object({
        period: day,
        score: z.number().nullable(),
        tier: z.string().nullable(),
        computedScore: z.number().nullable(),
        overridden: z.boolean(),
        insufficientData: z.boolean(),
      }),
    ),
    transitions: z.array(
      z.object({
        period: day,
        kind: z.enum(['win', 'save', 'improve', 'decline']),
        fromTier: z.string(),
        toTier: z.string(),
      }),
    ),
  })
  .meta({ id: 'AccountHealthHistory' });
export type HealthHistory = z.infer<typeof healthHistorySchema>;

/** `POST /api/accounts/:externalId/rating` — the CSM's 1–5 star rating. */
export const ratingInput = z
  .object({
    stars: z.number().int().min(1).max(5).meta({ example: 4 }),
    comment: z.string().trim().max(2000).optional().meta({ example: 'Strong QBR; expansion likely.' }),
    expiresAt: isoDateTimeInput.optional().meta({ description: 'In the future; omitted: never expires.' }),
  })
  .strict()
  .meta({ id: 'RatingInput' });
export type RatingInput = z.input<typeof ratingInput>;

/** The stored rating. */
export const ratingSchema = z
  .object({
    id: z.number().int(),
    stars: z.number().int(),
    comment: z.string().nullable(),
    ratedBy: z.string().nullable(),
    ratedAt: timestamp.nullable(),
    expiresAt: timestamp.nullable(),
  })
  .meta({ id: 'AccountRating' });
export type Rating = z.infer<typeof ratingSchema>;

/** `POST /api/accounts/:externalId/override` — tier (and optionally score) with reason and expiry. */
export const overrideInput = z
  .object({
    tier: z
      .string()
      .min(1)
      .max(64)
      .meta({ description: 'A tier key of the model that scored the account.', example: 'green' }),
    score: z.number().min(0).max(100).optional().meta({ description: 'Omitted keeps the computed score.' }),
    reason: z.string().trim().min(1).max(2000).meta({ example: 'Signed a 3-year renewal.' }),
    expiresAt: isoDateTimeInput.meta({ description: 'In the future.' }),
  })
  .strict()
  .meta({ id: 'OverrideInput' });
export type OverrideInput = z.input<typeof overrideInput>;

/** The stored override. */
export const overrideSchema = z
  .object({
    id: z.number().int(),
    tier: z.string(),
    score: z.number().nullable(),
    reason: z.string(),
    createdBy: z.string().nullable(),
    createdAt: timestamp.nullable(),
    expiresAt: timestamp.nullable(),
  })
  .meta({ id: 'HealthOverride' });
export type HealthOverride = z.infer<typeof overrideSchema>;

// ---------------------------------------------------------------------------------------------------
// Rescoring one account

/** The transitions a rescore can record (as the history's). */
const transitionKind = z.enum(['win', 'save', 'improve', 'decline']);

/**
 * What rescoring one account for today did: after a CSM's rating, override or touchpoint (in that route's
 * answer), or `POST /api/accounts/:externalId/rescore`. Windows end today, so today's usage counts.
 */
export const rescoreResultSchema = z
  .object({
    status: z.enum(['scored', 'skipped', 'failed', 'queued']).meta({
      description:
        "`scored`: today's snapshot was written and `health` is it. `skipped`: today's snapshot was written by another model version and is kept (a snapshot is never rewritten across versions); the input counts from the next run. `failed`: the account could not be scored (`reason`); the input counts from the next run. `queued`: the rescore will run shortly through the scoring queue.",
    }),
    reason: z.string().nullable().meta({ description: 'Why it was skipped, failed or queued; else null.' }),
    period: day.meta({ description: "Today's scoring period (UTC)." }),
    health: z
      .object({
        score: z.number().nullable(),
        tier: z
          .string()
          .nullable()
          .meta({ description: "The tier shown: the override's while one is in force." }),
        computedScore: z.number().nullable(),
        computedTier: z.string().nullable(),
        overridden: z.boolean(),
        insufficientData: z.boolean(),
      })
      .nullable()
      .meta({ description: 'The snapshot written (status `scored`), else null.' }),
    transition: transitionKind
      .nullable()
      .meta({ description: "Today's tier change against the previous snapshot, if any." }),
    alertsRaised: z.number().int().min(0).meta({ description: 'New alerts the rescore raised.' }),
  })
  .meta({ id: 'RescoreResult' });
export type RescoreResult = z.infer<typeof rescoreResultSchema>;

/** `POST /api/accounts/:externalId/rating` → 201: the stored rating and the rescore it caused. */
export const ratingSavedSchema = ratingSchema
  .extend({ rescore: rescoreResultSchema })
  .meta({ id: 'AccountRatingSaved' });
export type RatingSaved = z.infer<typeof ratingSavedSchema>;

/** `POST /api/accounts/:externalId/override` → 201: the stored override and the rescore it caused. */
export const overrideSavedSchema = overrideSchema
  .extend({ rescore: rescoreResultSchema })
  .meta({ id: 'HealthOverrideSaved' });
export type HealthOverrideSaved = z.infer<typeof overrideSavedSchema>;

// ---------------------------------------------------------------------------------------------------
// Custom metrics

const metricKey = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/, 'must start with a letter; letters, digits, _ or -')
  .meta({ example: 'nps_internal' });

const metricValue = z
  .object({
    key: metricKey,
    value: z.number().finite().meta({ example: 42 }),
    recordedAt: isoDateTimeInput.optional().meta({ description: 'Omitted: now.' }),
  })
  .strict();

/** `POST /api/accounts/:externalId/metrics` — one value or `{ metrics: [...] }`. */
export const accountMetricsInput = z
  .union([metricValue, z.object({ metrics: z.array(metricValue).min(1).max(1000) }).strict()])
  .meta({ id: 'AccountMetricsInput' });

/** `POST /api/metrics` — values for many accounts. */
export const metricsBatchInput = z
  .object({
    metrics: z
      .array(metricValue.extend({ account: z.string().min(1).max(256) }).strict())
      .min(1)
      .max(1000),
  })
  .strict()
  .meta({ id: 'MetricsBatchInput' });

/** `POST …/metrics`: how many values were stored. */
export const metricsStoredSchema = z.object({ stored: z.number().int() }).meta({ id: 'MetricsStored' });

/** `GET /api/accounts/:externalId/metrics`: the latest value of each key. */
export const metricListSchema = z
  .object({
    items: z.array(z.object({ key: z.string(), value: z.number(), recordedAt: timestamp.nullable() })),
  })
  .meta({ id: 'AccountMetricList' });

// ---------------------------------------------------------------------------------------------------
// Account page: activity, insight, timeline, touchpoints

/** `GET /api/accounts/:externalId/activity` — `days` days ending today. */
export const activityQuery = z.object({ days: z.coerce.number().int().min(1).max(365).default(90) });

/** `GET /api/accounts/:externalId/activity` */
export const accountActivitySchema = z
  .object({
    days: z
      .array(
        z.object({
          day,
          activeUsers: z.number().int(),
          events: z.number(),
          activeMinutes: z.number(),
        }),
      )
      .meta({ description: 'Every day of the window, oldest first (days without use are zeros).' }),
    seats: z.number().nullable().meta({ description: 'Purchased seats.' }),
    users: z.object({ total: z.number().int(), activated: z.number().int() }),
    modules: z
      .array(
        z.object({
          module: z.string().nullable(),
          events: z.number(),
          users: z.number().int(),
          activeMinutes: z.number(),
        }),
      )
      .meta({ description: 'By module (null = features without a module), most events first.' }),
    features: z
      .array(
        z.object({
          feature: z.string(),
          name: z.string(),
          module: z.string().nullable(),
          events: z.number(),
          users: z.number().int().meta({ description: 'Distinct users in the window.' }),
          activeMinutes: z.number(),
        }),
      )
      .meta({ description: 'By feature key, most events first.' }),
  })
  .meta({ id: 'AccountActivity' });
export type AccountActivity = z.infer<typeof accountActivitySchema>;

/** One stored improvement (shared/health/score.ts `Improvement`). */
export const insightImprovementSchema = z
  .object({
    measureKey: z.string(),
    label: z.string(),
    fromPoints: z.number(),
    toPoints: z.number(),
    pointsNeeded: z.number(),
    rawTarget: z.number().nullable(),
    direction: z.enum(['higher', 'lower']),
    scoreAfter: z.number(),
    reachesTier: z.string(),
  })
  .meta({ id: 'InsightImprovement' });
export type InsightImprovement = z.infer<typeof insightImprovementSchema>;

/** `GET /api/accounts/:externalId/insight` — the latest snapshot explained. */
export const accountInsightSchema = z
  .object({
    snapshot: z
      .object({
        period: day,
        score: z.number().nullable(),
        tier: z.string().nullable(),
        computedScore: z.number().nullable(),
        computedTier: z.string().nullable(),
        overridden: z.boolean(),
        coverage: z.number().meta({ description: "Share (0..1) of the model's weight with data." }),
        insufficientData: z.boolean(),
        segmentId: z.string(),
        segmentName: z.string().nullable(),
        lifecycleStage: lifecycleStageSchema.nullable(),
        modelId: z.string().nullable(),
        modelVersion: z.number().int().nullable(),
        computedAt: timestamp,
      })
      .nullable()
      .meta({ description: 'Null before the first scoring run.' }),
    dimensions: z
      .array(
        z.object({
          key: z.string(),
          name: z.string(),
          score: z.number().nullable(),
          weight: z.number().meta({ description: 'Share of the score, percent.' }),
          segmentAverage: z
            .number()
            .nullable()
            .meta({ description: "The segment's mean score of the dimension in that period." }),
        }),
      )
      .meta({ description: 'Radar axes.' }),
    measures: z.array(
      z.object({
        key: z.string(),
        name: z.string(),
        dimension: z.string(),
        rawValue: z.number().nullable(),
        benchmark: z.number().nullable(),
        points: z.number().nullable().meta({ description: 'Points 0..100.' }),
        weight: z.number().meta({ description: 'Configured weight, percent.' }),
        effectiveWeight: z
          .number()
          .meta({ description: 'Weight after renormalisation over the measures with data, percent.' }),
        contribution: z.number().meta({ description: 'Score points this measure contributes.' }),
        unit: z.string().optional().meta({
          description: 'Unit of `rawValue` (rate, changeRate, stars, …: see shared/health/kinds.ts).',
        }),
        missing: z.boolean(),
      }),
    ),
    improvements: z.array(insightImprovementSchema).meta({
      description:
        'As stored with the snapshot: single measures whose improvement would lift the account a tier.',
    }),
    tiers: z.array(z.object({ key: z.string(), name: z.string(), color: z.string(), min: z.number() })).meta({
      description: 'Tiers of the model that scored the snapshot, best first (`min` = inclusive lower bound).',
    }),
    override: z
      .object({
        tier: z.string(),
        score: z.number().nullable(),
        reason: z.string(),
        createdBy: z.string().nullable(),
        createdAt: timestamp,
        expiresAt: timestamp,
      })
      .nullable()
      .meta({ description: 'The override in force, if any.' }),
    rating: z
      .object({
        stars: z.number().int(),
        comment: z.string().nullable(),
        ratedBy: z.string().nullable(),
        ratedAt: timestamp,
        expiresAt: timestamp.nullable(),
      })
      .nullable()
      .meta({ description: 'The latest unexpired CSM rating, if any.' }),
  })
  .meta({ id: 'AccountInsight' });
export type AccountInsight = z.infer<typeof accountInsightSchema>;

/** `GET /api/accounts/:externalId/timeline` — `before` is a `nextBefore` from an earlier page. */
export const timelineQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(30),
  before: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .meta({ description: 'The `nextBefore` of the previous page.' }),
});

/** Kinds of timeline entries. */
export const TIMELINE_KINDS = [
  'touchpoint',
  'tier_change',
  'alert',
  'rating',
  'override',
  'survey',
  'task',
] as const;

/** One entry of an account's timeline. */
export const timelineItemSchema = z
  .object({
    id: z.string().meta({
      description: 'Stable and unique per entry.',
      example: 'touchpoint:000000000012',
    }),
    at: timestamp,
    kind: z.enum(TIMELINE_KINDS),
    title: z
      .string()
      .meta({ description: 'One English line; the SPA may build its own from `kind` and `meta`.' }),
    detail: z.string().nullable(),
    actor: z.string().nullable().meta({
      description: 'Who did it (member email, `admin-token`); null for the system (scoring, alert rules).',
    }),
    meta: z.record(z.string(), z.unknown()).meta({
      description:
        "Kind-specific fields: touchpoint `{ touchpointId, touchpointKind }`; tier_change `{ period, transition, fromTier, toTier, fromScore, toScore }`; alert `{ alertId, ruleId, severity, status, event: 'raised'|'closed' }`; rating `{ ratingId, stars, expiresAt }`; override `{ overrideId, tier, score, expiresAt, event: 'set'|'cleared' }`; survey (an answer; detail = its comment) `{ responseId, surveyId, surveyName, surveyType, score, scaleMin, scaleMax, surveyDirection, contactEmail, contactName, followUps }`, `followUps` being the answer's `SurveyFollowUp`s as the survey's answer list gives them; task `{ taskId, title, alertId, source, ownerEmail, dueDate, event: 'created'|'completed' }`.",
    }),
  })
  .meta({ id: 'TimelineItem' });
export type TimelineItem = z.infer<typeof timelineItemSchema>;

/** `GET /api/accounts/:externalId/timeline`, newest first. */
export const timelinePageSchema = z
  .object({
    items: z.array(timelineItemSchema),
    nextBefore: z
      .string()
      .nullable()
      .meta({ description: 'Pass as `before` for the next (older) page; null on the last page.' }),
  })
  .meta({ id: 'TimelinePage' });
export type TimelinePage = z.infer<typeof timelinePageSchema>;

/** Kinds of CSM touchpoints. */
export const TOUCHPOINT_KINDS = ['call', 'meeting', 'email', 'qbr', 'visit', 'note'] as const;

/** `POST /api/accounts/:externalId/touchpoints` — `occurredAt` at most one day in the future (checked by the worker). */
export const touchpointInput = z
  .object({
    kind: z.enum(TOUCHPOINT_KINDS),
    occurredAt: z.iso
      .datetime({ offset: true })
      .meta({ description: 'At most one day in the future.', example: '2026-05-01T14:00:00Z' }),
    summary: z.string().trim().min(1).max(200).meta({ example: 'Quarterly business review' }),
    body: z.string().trim().max(5000).optional().meta({ description: 'Notes.' }),
    followUp: followUpInput.optional(),
  })
  .strict()
  .meta({ id: 'TouchpointInput' });
export type TouchpointInput = z.input<typeof touchpointInput>;

/** `GET /api/accounts/:externalId/touchpoints`, newest first. */
export const touchpointListQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) });

/** A logged touchpoint. */
export const touchpointSchema = z
  .object({
    id: z.number().int(),
    kind: z.enum(TOUCHPOINT_KINDS),
    occurredAt: timestamp,
    summary: z.string(),
    body: z.string().nullable(),
    authorEmail: z
      .string()
      .nullable()
      .meta({ description: 'Email of the member who logged it (`admin-token` for the break-glass token).' }),
    createdAt: timestamp,
  })
  .meta({ id: 'Touchpoint' });
export type Touchpoint = z.infer<typeof touchpointSchema>;

/** `POST /api/accounts/:externalId/touchpoints` → 201: the stored touchpoint and the rescore it caused. */
export const touchpointSavedSchema = touchpointSchema
  .extend({
    rescore: rescoreResultSchema,
    followUpTaskId: z
      .number()
      .int()
      .nullable()
      .meta({ description: 'The follow-up task created with it (`followUp`), else null.' }),
  })
  .meta({ id: 'TouchpointSaved' });
export type TouchpointSaved = z.infer<typeof touchpointSavedSchema>;

/** `GET /api/accounts/:externalId/touchpoints` */
export const touchpointListSchema = z
  .object({ items: z.array(touchpointSchema) })
  .meta({ id: 'TouchpointList' });
