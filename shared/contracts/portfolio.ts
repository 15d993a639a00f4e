import { z } from 'zod';
import { LIFECYCLE_STAGES, type LifecycleStage } from '../health/lifecycle';
import { type AccountListItem, listAccountsQuery } from './admin';

// The portfolio API behind the dashboard, the accounts table and the account page (issue 4).
// Money is integer minor units (cents) with the account's currency; days are `YYYY-MM-DD` (UTC);
// timestamps ISO 8601; scores are points 0..100, null when the account had insufficient data.

const email = z.string().trim().min(1).max(320);
/** A CSM email, or `me` for the acting member's email. */
const ownerFilter = email;
const segmentId = z.string().min(1).max(64);

// ---------------------------------------------------------------------------------------------------
// Dashboard

/** `GET /api/dashboard` — `days` is the window of history, movers and wins/saves, ending on the latest period. */
export const dashboardQuery = z.object({
  segment: segmentId.optional(),
  owner: ownerFilter.optional(),
  days: z.coerce.number().int().min(7).max(365).default(90),
});

/** One tier of the models in use, best first, with the accounts in it in the latest period. */
export interface DashboardTier {
  key: string;
  name: string;
  /** `#rrggbb`. */
  color: string;
  count: number;
  /** Σ ARR of those accounts, cents (accounts without ARR count 0). */
  arrCents: number;
}

/** Accounts whose score falls in [from, to) — the last bucket, [90, 100], includes 100. */
export interface HistogramBucket {
  from: number;
  to: number;
  count: number;
}

/** Accounts per tier key in one scored period. */
export interface TierHistoryPoint {
  period: string;
  counts: Record<string, number>;
}

/**
 * An account whose score moved most over the window: `change` = its score in the latest period − its score in
 * its first snapshot within the window (accounts with a tier in both).
 */
export interface Mover {
  externalId: string;
  name: string;
  tier: string | null;
  score: number | null;
  /** Points, one decimal; positive = up. */
  change: number;
  fromTier: string | null;
}

/** A tier change recorded by a scoring run (a win: up into the best tier; a save: up out of the worst). */
export interface Transition {
  externalId: string;
  name: string;
  period: string;
  fromTier: string;
  toTier: string;
  /** ARR when the change happened, cents. */
  arrCents: number | null;
}

/** An account renewing within 90 days of the latest period. */
export interface RenewalAccount {
  externalId: string;
  name: string;
  renewalDate: string;
  arrCents: number | null;
}

/** Renewals grouped by the account's current tier (`tier: null` = no tier: unscored or insufficient data). */
export interface RenewalGroup {
  tier: string | null;
  count: number;
  arrCents: number;
  /** The soonest renewals of the group, at most {@link DASHBOARD_LIST_LIMIT}; `count` counts them all. */
  accounts: RenewalAccount[];
}

/** How many rows the dashboard's lists (wins, saves, renewal accounts per tier) carry at most. */
export const DASHBOARD_LIST_LIMIT = 50;

/** `GET /api/dashboard` */
export interface DashboardData {
  /** The latest scored period (a UTC day); null before the first scoring run. */
  period: string | null;
  /** First day of the window: `days` days ending on `period` (null with no period). */
  from: string | null;
  tiers: DashboardTier[];
  /** Matching accounts without a tier in `period`: not scored then, or insufficient data. */
  unscored: number;
  /** Ten 10-point buckets of the scores of accounts with a tier in `period`. */
  histogram: HistogramBucket[];
  /** One point per scored period in the window, oldest first. */
  tierHistory: TierHistoryPoint[];
  /** Top 10 each way by score change over the window. */
  movers: { up: Mover[]; down: Mover[] };
  /** Wins and saves in the window, newest first (at most {@link DASHBOARD_LIST_LIMIT} each). */
  wins: Transition[];
  saves: Transition[];
  /** Σ ARR of all wins / saves in the window, cents. */
  winsArrCents: number;
  savesArrCents: number;
  renewals: RenewalGroup[];
  /** Choices for the dashboard's filters. */
  filters: { segments: { id: string; name: string }[]; owners: string[] };
}

// ---------------------------------------------------------------------------------------------------
// Accounts list and export

/** Sort keys of the accounts list; prefix `-` for descending. Nulls sort last either way. */
export const ACCOUNT_SORT_KEYS = ['name', 'score', 'change', 'arr', 'renewal', 'lastSeen'] as const;
/** @example const s: AccountSort = '-score'; */
export type AccountSort = (typeof ACCOUNT_SORT_KEYS)[number] | `-${(typeof ACCOUNT_SORT_KEYS)[number]}`;
const sortValues = ACCOUNT_SORT_KEYS.flatMap((k) => [k, `-${k}`]) as [AccountSort, ...AccountSort[]];

/** The tier filter value that selects accounts without a tier (not scored, or insufficient data). */
export const UNSCORED_TIER = 'unscored';

/** Filters shared by the list and the CSV export. `tier` may list several keys, comma-separated. */
export const accountFilters = z.object({
  q: z.string().trim().max(200).optional(),
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
    .optional(),
  segment: segmentId.optional(),
  owner: ownerFilter.optional(),
  stage: z.enum(LIFECYCLE_STAGES).optional(),
  sort: z.enum(sortValues).optional(),
});

/**
 * `GET /api/accounts` — the original `q, limit, cursor` plus filters, `sort` and `offset`. The keyset
 * `cursor` works with the default order (by name); any other `sort`, or `offset`, pages by offset.
 */
export const accountListQuery = listAccountsQuery.extend({
  ...accountFilters.shape,
  offset: z.coerce.number().int().min(0).max(1_000_000).optional(),
});

/** `GET /api/accounts/export.csv` — the same filters and sort, every matching row. */
export const accountExportQuery = accountFilters;

/** Health columns the list adds to each `AccountListItem` (shared/contracts/admin.ts). */
export interface AccountHealthColumns {
  /** Tier in the account's latest snapshot (null: never scored, or insufficient data). */
  tier: string | null;
  score: number | null;
  /** Score change against the account's previous snapshot, points (one decimal); null without two scores. */
  scoreChange: number | null;
  /** Segment of the latest snapshot. */
  segmentId: string | null;
  segmentName: string | null;
  /** Today's lifecycle stage from the contract and renewal dates (and `status: churned` trait). */
  lifecycleStage: LifecycleStage | null;
}

/** One row of `GET /api/accounts`: the account plus its health. */
export type AccountRow = AccountListItem & AccountHealthColumns;

/** `GET /api/accounts` */
export interface AccountListPage {
  items: AccountRow[];
  /** Keyset cursor for the next page (default order only); null on the last page or when paging by offset. */
  nextCursor: string | null;
  /** Accounts matching the filters (all pages). */
  total: number;
}

/** Columns of `GET /api/accounts/export.csv`, in order (the header row). */
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
  'arrCents',
  'currency',
  'renewalDate',
  'lastSeenAt',
  'users',
  'seats',
] as const;

// ---------------------------------------------------------------------------------------------------
// Account page

/** `GET /api/accounts/:externalId/activity` — `days` days ending today. */
export const activityQuery = z.object({ days: z.coerce.number().int().min(1).max(365).default(90) });

/** `GET /api/accounts/:externalId/activity` */
export interface AccountActivity {
  /** Every day of the window, oldest first (days without use are zeros). */
  days: { day: string; activeUsers: number; events: number; activeMinutes: number }[];
  /** Purchased seats. */
  seats: number | null;
  users: { total: number; activated: number };
  /** By module (null = features without a module), most events first. */
  modules: { module: string | null; events: number; users: number; activeMinutes: number }[];
  /** By feature key, most events first. `users` = distinct users in the window. */
  features: {
    feature: string;
    name: string;
    module: string | null;
    events: number;
    users: number;
    activeMinutes: number;
  }[];
}

/** `GET /api/accounts/:externalId/insight` — the latest snapshot explained. */
export interface AccountInsight {
  snapshot: {
    period: string;
    score: number | null;
    tier: string | null;
    computedScore: number | null;
    computedTier: string | null;
    overridden: boolean;
    /** Share (rate 0..1) of the model's weight with data. */
    coverage: number;
    insufficientData: boolean;
    segmentId: string;
    segmentName: string | null;
    lifecycleStage: LifecycleStage | null;
    modelId: string | null;
    modelVersion: number | null;
    computedAt: string;
  } | null;
  /** Radar axes: the dimension's score, its share of the score (percent) and its segment's mean in that period. */
  dimensions: {
    key: string;
    name: string;
    score: number | null;
    weight: number;
    segmentAverage: number | null;
  }[];
  measures: {
    key: string;
    name: string;
    dimension: string;
    rawValue: number | null;
    benchmark: number | null;
    /** Points 0..100. */
    points: number | null;
    /** Configured weight, percent. */
    weight: number;
    /** Weight after renormalisation over the measures with data, percent. */
    effectiveWeight: number;
    /** Score points this measure contributes. */
    contribution: number;
    /** Unit of `rawValue` (rate, changeRate, stars, …: see shared/health/kinds.ts). */
    unit?: string;
    missing: boolean;
  }[];
  /** As stored with the snapshot: single measures whose improvement would lift the account a tier. */
  improvements: InsightImprovement[];
  /** Tiers of the model that scored the snapshot, best first (`min` = inclusive lower bound). */
  tiers: { key: string; name: string; color: string; min: number }[];
  /** The override in force, if any. */
  override: {
    tier: string;
    score: number | null;
    reason: string;
    createdBy: string | null;
    createdAt: string;
    expiresAt: string;
  } | null;
  /** The latest unexpired CSM rating, if any. */
  rating: {
    stars: number;
    comment: string | null;
    ratedBy: string | null;
    ratedAt: string;
    expiresAt: string | null;
  } | null;
}

/** One stored improvement (shared/health/score.ts `Improvement`). */
export interface InsightImprovement {
  measureKey: string;
  label: string;
  fromPoints: number;
  toPoints: number;
  pointsNeeded: number;
  rawTarget: number | null;
  direction: 'higher' | 'lower';
  scoreAfter: number;
  reachesTier: string;
}

/** `GET /api/accounts/:externalId/timeline` — `before` is a `nextBefore` from an earlier page. */
export const timelineQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(30),
  before: z.string().min(1).max(200).optional(),
});

/** Kinds of timeline entries. */
export const TIMELINE_KINDS = ['touchpoint', 'tier_change', 'alert', 'rating', 'override', 'survey'] as const;

/** One entry of an account's timeline. */
export interface TimelineItem {
  /** Stable and unique per entry, e.g. `touchpoint:12`, `alert:5:closed`, `tier:2026-05-01`. */
  id: string;
  at: string;
  kind: (typeof TIMELINE_KINDS)[number];
  title: string;
  detail: string | null;
  /** Who did it (member email, `admin-token`), null for the system (scoring, alert rules). */
  actor: string | null;
  /**
   * Kind-specific fields: touchpoint `{ touchpointId, touchpointKind }`; tier_change `{ period, transition,
   * fromTier, toTier, fromScore, toScore }`; alert `{ alertId, ruleId, severity, status, event: 'raised'|'closed' }`;
   * rating `{ ratingId, stars, expiresAt }`; override `{ overrideId, tier, score, expiresAt, event: 'set'|'cleared' }`;
   * survey (an answer; detail = its comment) `{ responseId, surveyId, surveyName, surveyType, score, scaleMin, scaleMax,
   * contactEmail, contactName }`.
   */
  meta: Record<string, unknown>;
}

/** `GET /api/accounts/:externalId/timeline`, newest first. */
export interface TimelinePage {
  items: TimelineItem[];
  /** Pass as `before` for the next (older) page; null on the last page. */
  nextBefore: string | null;
}

/** Kinds of CSM touchpoints. */
export const TOUCHPOINT_KINDS = ['call', 'meeting', 'email', 'qbr', 'visit', 'note'] as const;

/** `POST /api/accounts/:externalId/touchpoints` — `occurredAt` at most one day in the future (checked by the worker). */
export const touchpointInput = z
  .object({
    kind: z.enum(TOUCHPOINT_KINDS),
    occurredAt: z.iso.datetime({ offset: true }),
    summary: z.string().trim().min(1).max(200),
    body: z.string().trim().max(5000).optional(),
  })
  .strict();

/** `GET /api/accounts/:externalId/touchpoints`, newest first. */
export const touchpointListQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) });

/** A logged touchpoint. */
export interface Touchpoint {
  id: number;
  kind: (typeof TOUCHPOINT_KINDS)[number];
  occurredAt: string;
  summary: string;
  body: string | null;
  /** Email of the member who logged it (`admin-token` for the break-glass token). */
  authorEmail: string | null;
  createdAt: string;
}
