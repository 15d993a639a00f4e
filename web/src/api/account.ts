import type {
  AccountActivity,
  AccountInsight,
  InsightImprovement,
  TimelineItem,
  TimelinePage,
  Touchpoint,
} from '../../../shared/contracts/portfolio';
import type { ApiClient } from './client';

export type { AccountActivity, AccountInsight, InsightImprovement, TimelineItem, TimelinePage, Touchpoint };

/** `GET /api/accounts/:externalId`: the fields the account page shows (the API returns more). */
export interface AccountDetail {
  externalId: string;
  name: string;
  plan: string | null;
  industry: string | null;
  seats: number | null;
  arrCents: number | null;
  /** ISO 4217; null means USD. */
  currency: string | null;
  ownerEmail: string | null;
  contractStartDate: string | null;
  renewalDate: string | null;
  lastSeenAt: string | null;
  users: { total: number; activated: number };
}

/** `GET /api/accounts/:externalId/health/history`: one row per scored period, oldest first, and the tier changes. */
export interface HealthHistory {
  items: {
    period: string;
    score: number | null;
    tier: string | null;
    computedScore: number | null;
    overridden: boolean;
    insufficientData: boolean;
  }[];
  transitions: {
    period: string;
    kind: 'win' | 'save' | 'improve' | 'decline';
    fromTier: string;
    toTier: string;
  }[];
}

/** Kinds of touchpoint: call, meeting, email, qbr, visit, note. */
export type TouchpointKind = Touchpoint['kind'];

/** `POST /api/accounts/:externalId/touchpoints` */
export interface TouchpointPayload {
  kind: TouchpointKind;
  /** ISO 8601, at most one day in the future. */
  occurredAt: string;
  /** 1..200 characters. */
  summary: string;
  /** Notes, up to 5000 characters. */
  body?: string;
}

/** `POST /api/accounts/:externalId/rating` (shared/contracts/health.ts `ratingInput`). */
export interface RatingPayload {
  /** Whole stars 1..5. */
  stars: number;
  comment?: string;
}

/** `POST /api/accounts/:externalId/override` (shared/contracts/health.ts `overrideInput`). */
export interface OverridePayload {
  /** A tier key of the model that scored the account. */
  tier: string;
  /** Points 0..100; omitted keeps the computed score. */
  score?: number;
  reason: string;
  /** ISO 8601, in the future. */
  expiresAt: string;
}

const base = (externalId: string) => `/api/accounts/${encodeURIComponent(externalId)}`;

/** The account's master data. */
export function getAccount(api: ApiClient, externalId: string, signal?: AbortSignal): Promise<AccountDetail> {
  return api.get<AccountDetail>(base(externalId), { signal });
}

/** The latest snapshot explained: dimensions, measures, improvements, tiers, override, rating. */
export function getInsight(
  api: ApiClient,
  externalId: string,
  signal?: AbortSignal,
): Promise<AccountInsight> {
  return api.get<AccountInsight>(`${base(externalId)}/insight`, { signal });
}

/**
 * Score history for the last `days` days (1..730).
 * @example const { items, transitions } = await getHealthHistory(api, 'acme', 180)
 */
export function getHealthHistory(
  api: ApiClient,
  externalId: string,
  days: number,
  signal?: AbortSignal,
): Promise<HealthHistory> {
  return api.get<HealthHistory>(`${base(externalId)}/health/history`, { query: { days }, signal });
}

/** Daily use, seats and usage by module and feature over the last `days` days (1..365). */
export function getActivity(
  api: ApiClient,
  externalId: string,
  days: number,
  signal?: AbortSignal,
): Promise<AccountActivity> {
  return api.get<AccountActivity>(`${base(externalId)}/activity`, { query: { days }, signal });
}

/**
 * One page of the timeline, newest first; pass the previous page's `nextBefore` as `before` for older entries.
 * @example const page = await getTimeline(api, 'acme', { limit: 20, before: previous.nextBefore })
 */
export function getTimeline(
  api: ApiClient,
  externalId: string,
  params: { limit?: number; before?: string | null },
  signal?: AbortSignal,
): Promise<TimelinePage> {
  return api.get<TimelinePage>(`${base(externalId)}/timeline`, {
    query: { limit: params.limit, before: params.before },
    signal,
  });
}

/** Logs a call, meeting, email, QBR, visit or note (csm/admin). */
export function logTouchpoint(
  api: ApiClient,
  externalId: string,
  body: TouchpointPayload,
): Promise<Touchpoint> {
  return api.post<Touchpoint>(`${base(externalId)}/touchpoints`, body);
}

/** Rates the account 1–5 stars (csm/admin). */
export function rateAccount(api: ApiClient, externalId: string, body: RatingPayload): Promise<unknown> {
  return api.post(`${base(externalId)}/rating`, body);
}

/** Overrides the tier (and optionally the score) until `expiresAt` (csm/admin). */
export function overrideHealth(api: ApiClient, externalId: string, body: OverridePayload): Promise<unknown> {
  return api.post(`${base(externalId)}/override`, body);
}

/** Removes the override in force (404 when there is none). */
export function clearOverride(api: ApiClient, externalId: string): Promise<void> {
  return api.delete(`${base(externalId)}/override`);
}
