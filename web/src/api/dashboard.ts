import type { DashboardData } from '../../../shared/contracts/portfolio';
import type { ApiClient } from './client';

export type {
  DashboardTier,
  HistogramBucket,
  Mover,
  RenewalGroup,
  TierHistoryPoint,
  Transition,
} from '../../../shared/contracts/portfolio';
export type { DashboardData };

export interface DashboardParams {
  segment?: string;
  /** A CSM email, or `me` for the signed-in member. */
  owner?: string;
  /** Window of history, movers and wins/saves, 7..365; the API defaults to 90. */
  days?: number;
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
    query: { segment: params.segment, owner: params.owner, days: params.days },
    signal,
  });
}

/** `POST /api/scoring/run` → 202: the run scores `total` accounts for `period` in the background. */
export interface StartedScoringRun {
  runId: string;
  period: string;
  total: number;
}

/** `GET /api/scoring/runs/:runId`: progress of a run (`scored + failed` of `total`). Timestamps ISO 8601. */
export interface ScoringRun {
  runId: string;
  period: string;
  trigger: 'cron' | 'manual';
  status: 'running' | 'done' | 'failed';
  scored: number;
  failed: number;
  total: number;
  startedAt: string;
  finishedAt: string | null;
  errors: { accountId: number; externalId: string | null; error: string }[];
}

/** Starts scoring every account now (admin). */
export function startScoringRun(api: ApiClient): Promise<StartedScoringRun> {
  return api.post<StartedScoringRun>('/api/scoring/run');
}

/** The progress of a scoring run. */
export function getScoringRun(api: ApiClient, runId: string, signal?: AbortSignal): Promise<ScoringRun> {
  return api.get<ScoringRun>(`/api/scoring/runs/${encodeURIComponent(runId)}`, { signal });
}
