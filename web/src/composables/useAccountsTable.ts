import { computed, onScopeDispose, ref, watch } from 'vue';
import { type LocationQuery, type LocationQueryRaw, useRoute, useRouter } from 'vue-router';
import { LIFECYCLE_STAGES, type LifecycleStage } from '../../../shared/health/lifecycle';
import {
  type AccountFilters,
  type AccountSort,
  accountsExportUrl,
  CHANGE_WINDOWS,
  type ChangeDays,
  DEFAULT_CHANGE_DAYS,
  type ListAccountsParams,
  listAccounts,
} from '../api/accounts';
import type { ApiClient } from '../api/client';
import { useApi } from './useApi';
import { useLoader } from './useLoader';

/** A sort key without its direction. */
export type AccountSortKey = Exclude<AccountSort, `-${string}`>;

// A Record over the contract's type (not its zod-built list, which would pull zod into the chunk): the compiler
// flags a key added to or removed from the contract.
const SORT_KEYS: Record<AccountSortKey, true> = {
  name: true,
  score: true,
  change: true,
  arr: true,
  renewal: true,
  lastSeen: true,
};

/** Rows per page the table offers; the first is the default. */
export const PAGE_SIZES = [25, 50, 100] as const;

/** Everything that defines a view of the table; it lives in the URL query so a view can be shared. */
export interface AccountsTableState {
  q: string;
  /** Tier keys, or `unscored`. */
  tier: string[];
  segment: string | null;
  /** A CSM email, or `me`. */
  owner: string | null;
  stage: LifecycleStage | null;
  /** Null = the API's default order (by name). */
  sort: AccountSort | null;
  /** Days the "Change" column is told over (URL `change`). */
  changeDays: ChangeDays;
  /** 1-based. */
  page: number;
  pageSize: number;
}

function first(value: LocationQuery[string] | undefined): string | null {
  const v = Array.isArray(value) ? value[0] : value;
  return typeof v === 'string' && v !== '' ? v : null;
}

function isSort(value: string | null): value is AccountSort {
  return value !== null && Object.hasOwn(SORT_KEYS, value.replace(/^-/, ''));
}

/**
 * Reads a table view from a URL query, dropping anything invalid (a hand-edited or stale link still opens).
 * @example parseTableQuery({ tier: 'red,yellow', sort: '-arr', page: '2' }).tier // ['red', 'yellow']
 */
export function parseTableQuery(query: LocationQuery): AccountsTableState {
  const stage = first(query.stage);
  const sort = first(query.sort);
  const page = Number(first(query.page));
  const pageSize = Number(first(query.size));
  const change = Number(first(query.change));
  return {
    q: first(query.q) ?? '',
    tier: (first(query.tier) ?? '')
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean),
    segment: first(query.segment),
    owner: first(query.owner),
    stage: LIFECYCLE_STAGES.find((s) => s === stage) ?? null,
    sort: isSort(sort) ? sort : null,
    changeDays: CHANGE_WINDOWS.find((d) => d === change) ?? DEFAULT_CHANGE_DAYS,
    page: Number.isInteger(page) && page >= 1 ? page : 1,
    pageSize: PAGE_SIZES.find((s) => s === pageSize) ?? PAGE_SIZES[0],
  };
}

/**
 * The URL query of a table view; defaults are left out so the plain `/accounts` link stays plain.
 * @example toTableQuery({ ...state, tier: ['red'], page: 1 }) // { tier: 'red' }
 */
export function toTableQuery(state: AccountsTableState): LocationQueryRaw {
  const query: LocationQueryRaw = {};
  if (state.q.trim()) query.q = state.q.trim();
  if (state.tier.length) query.tier = state.tier.join(',');
  if (state.segment) query.segment = state.segment;
  if (state.owner) query.owner = state.owner;
  if (state.stage) query.stage = state.stage;
  if (state.sort) query.sort = state.sort;
  if (state.changeDays !== DEFAULT_CHANGE_DAYS) query.change = String(state.changeDays);
  if (state.page > 1) query.page = String(state.page);
  if (state.pageSize !== PAGE_SIZES[0]) query.size = String(state.pageSize);
  return query;
}

/** The filters of a view, as the list and the CSV export take them. */
export function toFilters(state: AccountsTableState): AccountFilters {
  return {
    q: state.q.trim() || undefined,
    tier: state.tier.length ? state.tier : undefined,
    segment: state.segment ?? undefined,
    owner: state.owner ?? undefined,
    stage: state.stage ?? undefined,
    sort: state.sort ?? undefined,
    // The API's default goes unsent, as the other defaults do.
    changeDays: state.changeDays === DEFAULT_CHANGE_DAYS ? undefined : state.changeDays,
  };
}

/**
 * The `GET /api/accounts` parameters of a view: offset paging, so any page of any sort can be opened directly.
 * @example toListParams({ ...state, page: 3, pageSize: 25 }) // { …filters, limit: 25, offset: 50 }
 */
export function toListParams(state: AccountsTableState): ListAccountsParams {
  return { ...toFilters(state), limit: state.pageSize, offset: (state.page - 1) * state.pageSize };
}

/** NDataTable's sort order of a column. */
export type SortOrder = 'ascend' | 'descend' | false;

/**
 * The column's order under a view's `sort`.
 * @example sortOrderOf('-arr', 'arr') // 'descend'
 */
export function sortOrderOf(sort: AccountSort | null, key: AccountSortKey): SortOrder {
  if (sort === key) return 'ascend';
  if (sort === `-${key}`) return 'descend';
  return false;
}

/**
 * The `sort` for a column header click; `false` (NDataTable's third click) returns to the default order.
 * @example sortFor('score', 'descend') // '-score'
 */
export function sortFor(key: string, order: SortOrder): AccountSort | null {
  if (order === false || !isSort(key)) return null;
  return order === 'descend' ? `-${key as AccountSortKey}` : (key as AccountSortKey);
}

export interface UseAccountsTableOptions {
  /** Quiet time after the last keystroke before searching, ms. */
  debounceMs?: number;
  api?: ApiClient;
}

/**
 * The accounts table: its view (filters, sort, page) lives in the URL query; the rows are loaded for it.
 * `search` is the search box's live text, written to the URL after `debounceMs`. Changing any filter or the
 * sort returns to page 1.
 * @example
 * const { view, data, state, update, search, exportUrl } = useAccountsTable()
 * update({ tier: ['red'] }) // → /accounts?tier=red, reloads
 */
export function useAccountsTable(options: UseAccountsTableOptions = {}) {
  const api = options.api ?? useApi();
  const debounceMs = options.debounceMs ?? 300;
  const route = useRoute();
  const router = useRouter();

  const view = computed(() => parseTableQuery(route.query));
  const params = computed(() => toListParams(view.value));
  // Keyed by value: a URL change that leaves the parameters equal (e.g. `?page=1`) does not reload.
  const paramsKey = computed(() => JSON.stringify(params.value));

  const loader = useLoader((signal) => listAccounts(api, params.value, signal), { watch: [paramsKey] });

  /** Applies a change to the view; anything but the page (or page size alone) also goes back to page 1. */
  function update(patch: Partial<AccountsTableState>): Promise<unknown> {
    const next = { ...view.value, ...patch };
    if (!('page' in patch)) next.page = 1;
    return router.replace({ query: toTableQuery(next) });
  }

  const search = ref(view.value.q);
  let debounceTimer: ReturnType<typeof setTimeout> | undefined;
  watch(search, (text) => {
    clearTimeout(debounceTimer);
    if (text.trim() === view.value.q) return;
    debounceTimer = setTimeout(() => void update({ q: text }), debounceMs);
  });
  // Back/forward or a pasted link changes the URL under the box: show its query.
  watch(
    () => view.value.q,
    (q) => {
      if (q !== search.value.trim()) search.value = q;
    },
  );
  /** Searches now (Enter), skipping the debounce. */
  function searchNow(): Promise<unknown> {
    clearTimeout(debounceTimer);
    return update({ q: search.value });
  }
  onScopeDispose(() => clearTimeout(debounceTimer));

  const filtered = computed(() => {
    const v = view.value;
    return v.q !== '' || v.tier.length > 0 || v.segment !== null || v.owner !== null || v.stage !== null;
  });

  return {
    ...loader,
    view,
    update,
    search,
    searchNow,
    filtered,
    /** Clears every filter and the search, keeping the sort and page size. */
    clearFilters: () => {
      search.value = '';
      return update({ q: '', tier: [], segment: null, owner: null, stage: null });
    },
    sortOrder: (key: AccountSortKey) => sortOrderOf(view.value.sort, key),
    setSort: (key: string, order: SortOrder) => update({ sort: sortFor(key, order) }),
    setPage: (page: number) => update({ page }),
    setPageSize: (pageSize: number) => update({ pageSize, page: 1 }),
    /** The CSV of every row matching the current view (all pages). */
    exportUrl: computed(() => accountsExportUrl(toFilters(view.value))),
  };
}
