import type { AccountListItem, AccountPage } from '../../../shared/contracts/admin';
import type { AccountListPage, AccountRow, AccountSort } from '../../../shared/contracts/portfolio';
import type { LifecycleStage } from '../../../shared/health/lifecycle';
import type { ApiClient } from './client';

// The API's own contract types, shared with the worker.
export type { AccountListItem, AccountListPage, AccountPage, AccountRow, AccountSort, LifecycleStage };

/** Filters shared by the list and the CSV export; omitted/empty values are not sent. */
export interface AccountFilters {
  /** Matches name or external id, case-insensitive. */
  q?: string;
  /** Tier keys (or `unscored`); sent comma-separated. */
  tier?: readonly string[];
  segment?: string;
  /** A CSM email, or `me`. */
  owner?: string;
  stage?: LifecycleStage;
  sort?: AccountSort;
}

export interface ListAccountsParams extends AccountFilters {
  /** 1..200; the API defaults to 50. */
  limit?: number;
  /** Keyset paging (default order only). */
  cursor?: string | null;
  /** Offset paging: rows to skip. */
  offset?: number;
}

function filterQuery(filters: AccountFilters): Record<string, string | undefined> {
  return {
    q: filters.q?.trim(),
    tier: filters.tier?.length ? filters.tier.join(',') : undefined,
    segment: filters.segment,
    owner: filters.owner,
    stage: filters.stage,
    sort: filters.sort,
  };
}

/**
 * One page of accounts with their health, filtered and sorted; `total` counts every match.
 * @example const { items, total } = await listAccounts(api, { tier: ['red'], sort: '-arr', limit: 25, offset: 50 })
 */
export function listAccounts(
  api: ApiClient,
  params: ListAccountsParams,
  signal?: AbortSignal,
): Promise<AccountListPage> {
  return api.get<AccountListPage>('/api/accounts', {
    query: { ...filterQuery(params), limit: params.limit, cursor: params.cursor, offset: params.offset },
    signal,
  });
}

/**
 * The URL of the CSV of every account matching `filters` (same-origin, so the session cookie goes with it).
 * @example accountsExportUrl({ tier: ['red', 'yellow'], owner: 'me' }) // '/api/accounts/export.csv?tier=red%2Cyellow&owner=me'
 */
export function accountsExportUrl(filters: AccountFilters): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filterQuery(filters))) if (value) params.set(key, value);
  const search = params.toString();
  return search ? `/api/accounts/export.csv?${search}` : '/api/accounts/export.csv';
}

/** `GET /api/segments`: the fields the filters use (the API returns each segment's rules too). */
export interface SegmentOption {
  id: string;
  name: string;
}

/** Segments in match order (the default one last), for the segment filter. */
export function listSegments(api: ApiClient, signal?: AbortSignal): Promise<{ items: SegmentOption[] }> {
  return api.get<{ items: SegmentOption[] }>('/api/segments', { signal });
}
