import type {
  AccountListPage,
  AccountRow,
  AccountSort,
  ChangeDays,
} from '../../../shared/contracts/accounts';
import type { SegmentContract, SegmentList } from '../../../shared/contracts/models';
import type { LifecycleStage } from '../../../shared/health/lifecycle';
import type { ApiClient } from './client';

// The API's own contract types, shared with the worker.
export type { AccountListPage, AccountRow, AccountSort, ChangeDays, LifecycleStage };

// A Record over the contract's type (not its zod-built list, which would pull zod into the chunk): the compiler
// flags a window added to or removed from the contract.
const CHANGE_WINDOW_SET: Record<ChangeDays, true> = { 1: true, 7: true, 30: true };
/** Days a score change can be told over (the list's "Change", the dashboard's movers), shortest first. */
export const CHANGE_WINDOWS = Object.keys(CHANGE_WINDOW_SET)
  .map(Number)
  .sort((a, b) => a - b) as ChangeDays[];
/** The API's default window (`DEFAULT_CHANGE_DAYS` of the contract; test/web checks they agree). */
export const DEFAULT_CHANGE_DAYS: ChangeDays = 7;

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
  /** Days the "Change" column is told over; the API defaults to 7. */
  changeDays?: ChangeDays;
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
    changeDays: filters.changeDays === undefined ? undefined : String(filters.changeDays),
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

/** The fields of a segment (`GET /api/segments`) the filters use. */
export type SegmentOption = Pick<SegmentContract, 'id' | 'name'>;

/** Segments in match order (the default one last), for the segment filter. */
export function listSegments(api: ApiClient, signal?: AbortSignal): Promise<SegmentList> {
  return api.get<SegmentList>('/api/segments', { signal });
}
