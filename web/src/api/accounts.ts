import type { ApiClient } from './client';

/** One row of `GET /api/accounts`. Money is integer minor units; dates are `YYYY-MM-DD`, timestamps ISO 8601. */
export interface AccountListItem {
  externalId: string;
  name: string;
  plan: string | null;
  industry: string | null;
  employees: number | null;
  seats: number | null;
  arrCents: number | null;
  /** ISO 4217 code; null means USD. */
  currency: string | null;
  ownerEmail: string | null;
  renewalDate: string | null;
  lastSeenAt: string | null;
  users: number;
}

export interface AccountPage {
  items: AccountListItem[];
  /** Opaque; pass back as `cursor` for the next page. Null on the last page. */
  nextCursor: string | null;
}

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
