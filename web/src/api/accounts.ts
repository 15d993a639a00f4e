import type { AccountListItem, AccountPage } from '../../../shared/contracts/admin';
import type { ApiClient } from './client';

// The API's own contract types, shared with the worker.
export type { AccountListItem, AccountPage };

export interface ListAccountsParams {
  /** Matches name or external id, case-insensitive. */
  q?: string;
  /** 1..200; the API defaults to 50. */
  limit?: number;
  cursor?: string | null;
}

/**
 * Accounts ordered by name, one page at a time.
 * @example const { items, nextCursor } = await listAccounts(api, { q: 'acme', limit: 50 })
 */
export function listAccounts(
  api: ApiClient,
  params: ListAccountsParams,
  signal?: AbortSignal,
): Promise<AccountPage> {
  return api.get<AccountPage>('/api/accounts', {
    query: { q: params.q, limit: params.limit, cursor: params.cursor },
    signal,
  });
}
