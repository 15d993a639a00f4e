import type { ChangeDays } from '../../../shared/contracts/accounts';
import type { DashboardData } from '../../../shared/contracts/dashboard';
import type { ScoringBackfill, ScoringRun, StartedScoringRun } from '../../../shared/contracts/scoring';
import type { ApiClient } from './client';

export type {
  DashboardTier,
  HistogramBucket,
  Mover,
  RenewalGroup,
  TierHistoryPoint,
  TierSkew,
  Transition,
} from '../../../shared/contracts/dashboard';
export type { DashboardData, ScoringBackfill, ScoringRun, StartedScoringRun };

export interface DashboardParams {
  segment?: string;
  /** A CSM email, or `me` for the signed-in member. */
  owner?: string;
  /** Window of history and wins/saves, 7..365; the API defaults to 90. */
  days?: number;
  /** Window of the movers' score change, as the accounts list's "Change"; the API defaults to 7. */
  changeDays?: ChangeDays;
}

/**
 * Everything the dashboard shows, for the accounts matching the filters.
 * @example const data = await getDashboard(api, { owner: 'me', days: 90 })
 */
export function getDashboard(
  api: ApiClient,
  params: DashboardParams,
  signal?: AbortSignal,
): Promise<DashboardData> {
  return api.get<DashboardData>('/api/dashboard', {
    query: { segment: params.segment, owner: params.owner, days: params.days, changeDays: params.changeDays },
    signal,
  });
}

/** Starts scoring every account now (admin): `POST /api/scoring/run` → 202, the run scores in the background. */
export function startScoringRun(api: ApiClient): Promise<StartedScoringRun> {
  return api.post<StartedScoringRun>('/api/scoring/run');
}

/** The progress of a scoring run (`scored + failed` of `total`). */
export function getScoringRun(api: ApiClient, runId: string, signal?: AbortSignal): Promise<ScoringRun> {
  return api.get<ScoringRun>(`/api/scoring/runs/${encodeURIComponent(runId)}`, { signal });
}

/**
 * Backfills history (admin): scores each of the last `days` days with usage and no snapshot, oldest first.
 * @example const backfill = await startBackfill(api, 30)
 */
export function startBackfill(api: ApiClient, days: number): Promise<ScoringBackfill> {
  return api.post<ScoringBackfill>('/api/scoring/backfill', { days });
}

/** The progress of a backfill (`completed` of `total` days). */
export function getBackfill(
  api: ApiClient,
  backfillId: string,
  signal?: AbortSignal,
): Promise<ScoringBackfill> {
  return api.get<ScoringBackfill>(`/api/scoring/backfills/${encodeURIComponent(backfillId)}`, { signal });
}
