import { z } from 'zod';
import { TIER_SKEW_MIN_SCORED, TIER_SKEW_THRESHOLD } from '../portfolio/tier-skew';
import { isRealCalendarDate } from '../time';
import { changeDaysParam } from './accounts';

// The portfolio at a glance: the dashboard and the portfolio summary. Money is integer minor units (cents);
// days are `YYYY-MM-DD` (UTC); scores are points 0..100, null when the account had insufficient data.

const day = z.iso.date().meta({ description: 'A UTC day, `YYYY-MM-DD`.' });
const cents = z.number().int().meta({ description: 'Integer minor units (cents).' });
const segmentId = z.string().min(1).max(64);
const score = z.number().nullable().meta({ description: 'Points 0..100; null with insufficient data.' });

// ---------------------------------------------------------------------------------------------------
// Dashboard

/**
 * `GET /api/dashboard` — `days` is the window of tier history and wins/saves, ending on the latest period;
 * `changeDays` (1, 7, 30) the window of the movers, the same as the accounts list's "Change".
 */
export const dashboardQuery = z.object({
  segment: segmentId.optional(),
  owner: z
    .string()
    .trim()
    .min(1)
    .max(320)
    .optional()
    .meta({ description: "A CSM's email, or `me` for the acting member's.", example: 'me' }),
  days: z.coerce.number().int().min(7).max(365).default(90),
  changeDays: changeDaysParam,
});

/** One tier of the models in use, best first, with the accounts in it in the latest period. */
export const dashboardTierSchema = z
  .object({
    key: z.string(),
    name: z.string(),
    color: z.string().meta({ description: '`#rrggbb`.', example: '#2e7d32' }),
    count: z.number().int(),
    arrCents: cents.meta({ description: 'Σ ARR of those accounts, cents (accounts without ARR count 0).' }),
  })
  .meta({ id: 'DashboardTier' });
export type DashboardTier = z.infer<typeof dashboardTierSchema>;

/** Accounts whose score falls in [from, to) — the last bucket, [90, 100], includes 100. */
export const histogramBucketSchema = z
  .object({ from: z.number(), to: z.number(), count: z.number().int() })
  .meta({ id: 'HistogramBucket' });
export type HistogramBucket = z.infer<typeof histogramBucketSchema>;

/** Accounts per tier key in one scored period. */
export const tierHistoryPointSchema = z
  .object({ period: day, counts: z.record(z.string(), z.number().int()) })
  .meta({ id: 'TierHistoryPoint' });
export type TierHistoryPoint = z.infer<typeof tierHistoryPointSchema>;

/**
 * An account whose score moved most over `changeDays` days: `change` = its score in the latest period − its
 * score in its first snapshot on or after `changeDays` days before (accounts with a tier in both), as the
 * accounts list's "Change".
 */
export const moverSchema = z
  .object({
    externalId: z.string(),
    name: z.string(),
    tier: z.string().nullable(),
    score,
    change: z.number().meta({ description: 'Points, one decimal; positive = up.' }),
    fromTier: z.string().nullable(),
  })
  .meta({ id: 'DashboardMover' });
export type Mover = z.infer<typeof moverSchema>;

/**
 * A tier change that counts as a win (yellow → green) or a save (red → green-yellow or yellow): one per account,
 * its latest in the window, not undone within the hysteresis days (`GET /api/settings/transitions`).
 */
export const transitionSchema = z
  .object({
    externalId: z.string(),
    name: z.string(),
    period: day,
    fromTier: z.string(),
    toTier: z.string(),
    arrCents: cents.nullable().meta({ description: 'ARR when the change happened, cents.' }),
  })
  .meta({ id: 'TierTransition' });
export type Transition = z.infer<typeof transitionSchema>;

/** An account renewing within 90 days of the latest period. */
export const renewalAccountSchema = z
  .object({ externalId: z.string(), name: z.string(), renewalDate: z.string(), arrCents: cents.nullable() })
  .meta({ id: 'RenewalAccount' });
export type RenewalAccount = z.infer<typeof renewalAccountSchema>;

/** How many rows the dashboard's lists (wins, saves, renewal accounts per tier) carry at most. */
export const DASHBOARD_LIST_LIMIT = 50;

/** Renewals grouped by the account's current tier (`tier: null` = no tier: unscored or insufficient data). */
export const renewalGroupSchema = z
  .object({
    tier: z.string().nullable(),
    count: z.number().int(),
    arrCents: cents,
    accounts: z.array(renewalAccountSchema).meta({
      description: `The soonest renewals of the group, at most ${DASHBOARD_LIST_LIMIT}; \`count\` counts them all.`,
    }),
  })
  .meta({ id: 'RenewalGroup' });
export type RenewalGroup = z.infer<typeof renewalGroupSchema>;

/**
 * The latest finished scoring run put almost every account of the selected segment (all segments without one) in
 * one tier: a model that cannot tell risk apart looks like a healthy (or a doomed) portfolio.
 */
export const tierSkewSchema = z
  .object({
    tier: z.string().meta({ description: 'The tier key holding the most accounts.', example: 'green' }),
    count: z.number().int().meta({ description: 'Accounts in that tier.', example: 38 }),
    scored: z
      .number()
      .int()
      .min(TIER_SKEW_MIN_SCORED)
      .meta({
        description: `Accounts the run gave a tier (insufficient data excluded); at least ${TIER_SKEW_MIN_SCORED}.`,
        example: 40,
      }),
    share: z
      .number()
      .min(0)
      .max(1)
      .meta({ description: '`count` ÷ `scored`, 0..1, unrounded.', example: 0.95 }),
    threshold: z.number().min(0).max(1).meta({
      description: 'The share from which a tier counts as holding almost everyone, 0..1.',
      example: TIER_SKEW_THRESHOLD,
    }),
  })
  .meta({ id: 'TierSkew' });
export type TierSkew = z.infer<typeof tierSkewSchema>;

/** `GET /api/dashboard` */
export const dashboardSchema = z
  .object({
    period: day
      .nullable()
      .meta({ description: 'The latest scored period; null before the first scoring run.' }),
    from: day.nullable().meta({ description: 'First day of the window: `days` days ending on `period`.' }),
    tiers: z.array(dashboardTierSchema),
    unscored: z.number().int().meta({
      description: 'Matching accounts without a tier in `period`: not scored then, or insufficient data.',
    }),
    histogram: z
      .array(histogramBucketSchema)
      .meta({ description: 'Ten 10-point buckets of the scores of accounts with a tier in `period`.' }),
    tierHistory: z
      .array(tierHistoryPointSchema)
      .meta({ description: 'One point per scored period in the window, oldest first.' }),
    movers: z
      .object({ up: z.array(moverSchema), down: z.array(moverSchema) })
      .meta({ description: 'Top 10 each way by score change over `changeDays` days.' }),
    wins: z.array(transitionSchema).meta({
      description: `Accounts won in the window, each once (its latest win), newest first (at most ${DASHBOARD_LIST_LIMIT}). A win undone within the hysteresis days, or a return to green after a dip shorter than that, is no win.`,
    }),
    saves: z.array(transitionSchema).meta({
      description: `Accounts saved in the window, each once (its latest save), newest first (at most ${DASHBOARD_LIST_LIMIT}); bounces excluded as for wins.`,
    }),
    winsCount: z
      .number()
      .int()
      .meta({ description: 'Distinct accounts won in the window (all, not only those listed).' }),
    savesCount: z.number().int().meta({ description: 'Distinct accounts saved in the window.' }),
    winsArrCents: cents.meta({
      description:
        'Σ ARR of the accounts won in the window, each account once (its ARR at its listed win), cents.',
    }),
    savesArrCents: cents.meta({
      description: 'Σ ARR of the accounts saved in the window, each account once, cents.',
    }),
    hysteresisDays: z.number().int().meta({
      description:
        'The setting wins and saves were counted with: a move undone within that many days counts as none.',
    }),
    tierSkew: tierSkewSchema.nullable().meta({
      description: `The tier holding at least ${TIER_SKEW_THRESHOLD * 100} % of the accounts the latest finished scoring run gave a tier in the selected segment (all segments without one), whatever the owner filter: the skew is the model's, not one CSM's book. Null when no tier does, when fewer than ${TIER_SKEW_MIN_SCORED} accounts have a tier (too few to judge a model), or when no run of \`period\` has finished.`,
    }),
    renewals: z.array(renewalGroupSchema),
    filters: z
      .object({
        segments: z.array(z.object({ id: z.string(), name: z.string() })),
        owners: z.array(z.string()),
      })
      .meta({ description: "Choices for the dashboard's filters." }),
  })
  .meta({ id: 'Dashboard' });
export type DashboardData = z.infer<typeof dashboardSchema>;

// ---------------------------------------------------------------------------------------------------
// Portfolio summary

const calendarDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine(isRealCalendarDate, 'not a calendar day');

/** `GET /api/portfolio/summary` */
export const portfolioQuery = z.object({
  period: calendarDay.optional().meta({ description: 'The scored period to count; default the latest.' }),
  from: calendarDay
    .optional()
    .meta({ description: 'First day of the transitions window; default `to` − 29 days.' }),
  to: calendarDay
    .optional()
    .meta({ description: 'Last day of the transitions window; default today (UTC).' }),
  segment: segmentId.optional(),
  movers: z.coerce.number().int().min(1).max(50).default(10),
});

const tierCounts = z
  .record(z.string(), z.number().int())
  .meta({ description: 'Accounts per tier key; `insufficient` = without a tier.' });
const transitionCounts = z.object({
  win: z.number().int(),
  save: z.number().int(),
  improve: z.number().int(),
  decline: z.number().int(),
});

/** `GET /api/portfolio/summary` before the first scoring run. */
const emptyPortfolioSummary = z.object({
  period: z.null(),
  tiers: tierCounts,
  segments: z.array(z.unknown()).max(0),
  movers: z.array(z.unknown()).max(0),
  transitions: transitionCounts,
  renewedArrCents: z.number().int().meta({ description: 'Always 0.' }),
});

/** `GET /api/portfolio/summary` of a scored period. */
const scoredPortfolioSummary = z.object({
  period: day,
  tiers: tierCounts,
  segments: z.array(z.object({ segment: z.string(), tiers: tierCounts, total: z.number().int() })),
  movers: z.array(
    z.object({
      externalId: z.string(),
      name: z.string(),
      score,
      tier: z.string().nullable(),
      previousScore: score,
      previousTier: z.string().nullable(),
      change: z.number().meta({ description: 'Points, one decimal.' }),
    }),
  ),
  transitions: transitionCounts.meta({
    description:
      'Tier changes in the window, by kind: improvements and declines as recorded; wins and saves in distinct accounts, bounces left out (as the dashboard counts them).',
  }),
  transitionsFrom: day,
  transitionsTo: day,
  arrCents: z
    .object({ win: cents, save: cents })
    .meta({ description: 'Σ ARR of the accounts won and saved in the window, each account once.' }),
});

/** `GET /api/portfolio/summary`: one shape before the first scoring run, another after. */
export const portfolioSummarySchema = z
  .union([scoredPortfolioSummary, emptyPortfolioSummary])
  .meta({ id: 'PortfolioSummary' });
export type PortfolioSummary = z.infer<typeof portfolioSummarySchema>;
