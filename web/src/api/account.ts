import type {
  AccountActivity,
  AccountDetail,
  AccountInsight,
  HealthHistory,
  HealthOverride,
  HealthOverrideSaved,
  InsightImprovement,
  OverrideInput as OverridePayload,
  Rating,
  RatingInput as RatingPayload,
  RatingSaved,
  RescoreResult,
  TimelineItem,
  TimelinePage,
  Touchpoint,
  TouchpointInput as TouchpointPayload,
  TouchpointSaved,
} from '../../../shared/contracts/accounts';
import type { ApiClient } from './client';

// The API's own contract types (shared/contracts/accounts.ts), shared with the worker.
export type {
  AccountActivity,
  AccountDetail,
  AccountInsight,
  HealthHistory,
  HealthOverride,
  HealthOverrideSaved,
  InsightImprovement,
  OverridePayload,
  Rating,
  RatingPayload,
  RatingSaved,
  RescoreResult,
  TimelineItem,
  TimelinePage,
  Touchpoint,
  TouchpointPayload,
  TouchpointSaved,
};

/** Kinds of touchpoint: call, meeting, email, qbr, visit, note. */
export type TouchpointKind = Touchpoint['kind'];

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

/** Logs a call, meeting, email, QBR, visit or note (csm/admin); the account is rescored at once. */
export function logTouchpoint(
  api: ApiClient,
  externalId: string,
  body: TouchpointPayload,
): Promise<TouchpointSaved> {
  return api.post<TouchpointSaved>(`${base(externalId)}/touchpoints`, body);
}

/** Rates the account 1–5 stars (csm/admin); the account is rescored at once (`rescore`). */
export function rateAccount(api: ApiClient, externalId: string, body: RatingPayload): Promise<RatingSaved> {
  return api.post<RatingSaved>(`${base(externalId)}/rating`, body);
}

/**
 * Overrides the tier (and optionally the score) until `expiresAt` (csm/admin); the account is rescored at
 * once, so `rescore.health` shows the overriding tier when `rescore.status` is `scored`.
 */
export function overrideHealth(
  api: ApiClient,
  externalId: string,
  body: OverridePayload,
): Promise<HealthOverrideSaved> {
  return api.post<HealthOverrideSaved>(`${base(externalId)}/override`, body);
}

/** Removes the override in force (404 when there is none); the account is rescored before the answer. */
export function clearOverride(api: ApiClient, externalId: string): Promise<void> {
  return api.delete(`${base(externalId)}/override`);
}

/** Rescores the account for today now (admins any account, CSMs their own). */
export function rescoreAccount(api: ApiClient, externalId: string): Promise<RescoreResult> {
  return api.post<RescoreResult>(`${base(externalId)}/rescore`);
}
