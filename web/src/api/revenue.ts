import type { z } from 'zod';
import type {
  AccountRevenue,
  ContractInput,
  expansionCandidatesSchema,
  ImportInput,
  ImportKind,
  ImportResult,
  ImportRowError,
  LeadInput,
  MetricsQuery,
  RevenueMetrics,
  RevenueSettings,
  TicketInput,
} from '../../../shared/contracts/revenue';
import type { ApiClient } from './client';

// Commercial data and the revenue / CS-value metrics (shared/contracts/revenue.ts), one function per endpoint.

export type ExpansionCandidates = z.infer<typeof expansionCandidatesSchema>;
export type ExpansionCandidate = ExpansionCandidates['items'][number];
export type {
  AccountRevenue,
  ContractInput,
  ImportInput,
  ImportKind,
  ImportResult,
  ImportRowError,
  LeadInput,
  MetricsQuery,
  RevenueMetrics,
  RevenueSettings,
  TicketInput,
};
export type Contract = AccountRevenue['contracts'][number];
export type ReasonBreakdown = RevenueMetrics['byReason'][number];

/**
 * Revenue and CS-value metrics of one period (csm): `from`..`to` inclusive, optionally one segment or owner.
 * @example const m = await getMetrics(api, { from: '2027-03-01', to: '2027-03-31', owner: 'me' })
 */
export function getMetrics(
  api: ApiClient,
  query: MetricsQuery,
  signal?: AbortSignal,
): Promise<RevenueMetrics> {
  return api.get<RevenueMetrics>('/api/metrics', { query: { ...query }, signal });
}

/** Healthy accounts with room to buy more (seats or modules), largest ARR first (csm). */
export function getExpansionCandidates(
  api: ApiClient,
  filters: Pick<MetricsQuery, 'segment' | 'owner'>,
  signal?: AbortSignal,
): Promise<ExpansionCandidates> {
  return api.get<ExpansionCandidates>('/api/metrics/expansion-candidates', {
    query: { segment: filters.segment, owner: filters.owner },
    signal,
  });
}

/** Contracts, tickets, leads and advocacy of one account, newest first (csm). */
export function getAccountRevenue(
  api: ApiClient,
  externalId: string,
  signal?: AbortSignal,
): Promise<AccountRevenue> {
  return api.get<AccountRevenue>(`/api/accounts/${encodeURIComponent(externalId)}/revenue`, { signal });
}

/**
 * Checks (`dryRun: true`, writes nothing) or imports a CSV of contracts, tickets or leads (admin). A commit with
 * any row error writes nothing and answers 200 with `committed: false` and the errors.
 * @example const checked = await postImport(api, 'tickets', { csv, mapping: { openedAt: 'Created' }, dryRun: true })
 */
export function postImport(api: ApiClient, kind: ImportKind, input: ImportInput): Promise<ImportResult> {
  return api.post<ImportResult>(`/api/imports/${encodeURIComponent(kind)}`, input);
}

/** Reporting currency, conversion rates, renewal reasons and gross margin (csm reads). */
export function getRevenueSettings(api: ApiClient, signal?: AbortSignal): Promise<RevenueSettings> {
  return api.get<RevenueSettings>('/api/settings/revenue', { signal });
}

/** Replaces the revenue settings (admin); a 400 VALIDATION_FAILED names each wrong field in `issues`. */
export function putRevenueSettings(api: ApiClient, settings: RevenueSettings): Promise<RevenueSettings> {
  return api.put<RevenueSettings>('/api/settings/revenue', settings);
}
