import { computed, onScopeDispose, ref, shallowRef, watch } from 'vue';
import { type AccountListItem, listAccounts } from '../api/accounts';
import type { ApiClient } from '../api/client';
import { useApi } from './useApi';

/** `idle` before the first request, `done` after the latest one succeeded (more pages may remain: see `hasMore`). */
export type LoadState = 'idle' | 'loading' | 'done' | 'error';

export interface UseAccountsOptions {
  /** Rows per request, 1..200. */
  pageSize?: number;
  /** Quiet time after the last keystroke before searching. */
  debounceMs?: number;
  /** Injected in tests; defaults to the app client. */
  api?: ApiClient;
}

/**
 * The account list: a debounced search `query` and "load more" paging over `nextCursor`.
 * A newer request aborts the one in flight, so a slow response for an old query never overwrites a newer one.
 * @example
 * const { data, state, error, query, hasMore, loadMore } = useAccounts({ pageSize: 50 })
 */
export function useAccounts(options: UseAccountsOptions = {}) {
  const { pageSize = 50, debounceMs = 250 } = options;
  const api = options.api ?? useApi();

  const data = shallowRef<AccountListItem[]>([]);
  const state = ref<LoadState>('idle');
  const error = shallowRef<Error | null>(null);
  const query = ref('');
  /** The query `data` belongs to, which lags `query` while the user is typing. */
  const appliedQuery = ref('');
  const nextCursor = ref<string | null>(null);
  /** Whether the last request appended a page (true) or replaced the list (false); lets the view keep rows on screen. */
  const appending = ref(false);

  let inFlight: AbortController | null = null;
  /** The query of the latest request, in flight or finished; typing back to it needs no new request. */
  let requestedQuery: string | null = null;
  let debounceTimer: ReturnType<typeof setTimeout> | undefined;

  async function load(append: boolean): Promise<void> {
    inFlight?.abort();
    const controller = new AbortController();
    inFlight = controller;
    const q = append ? appliedQuery.value : query.value.trim();
    requestedQuery = q;
    appending.value = append;
    state.value = 'loading';
    error.value = null;
    try {
      const page = await listAccounts(
        api,
        { q, limit: pageSize, cursor: append ? nextCursor.value : null },
        controller.signal,
      );
      data.value = append ? [...data.value, ...page.items] : page.items;
      nextCursor.value = page.nextCursor;
      appliedQuery.value = q;
      state.value = 'done';
    } catch (err) {
      if (controller.signal.aborted) return;
      error.value = err instanceof Error ? err : new Error(String(err));
      state.value = 'error';
      // Rows from an older query would look like results for the new one.
      if (!append) {
        data.value = [];
        nextCursor.value = null;
        appliedQuery.value = q;
      }
    } finally {
      if (inFlight === controller) inFlight = null;
    }
  }

  /** Searches now, skipping the debounce (e.g. on Enter). */
  function search(): Promise<void> {
    clearTimeout(debounceTimer);
    return load(false);
  }

  /** Appends the next page; a no-op on the last page or while a request is running. */
  function loadMore(): Promise<void> {
    if (!nextCursor.value || state.value === 'loading') return Promise.resolve();
    return load(true);
  }

  /** Repeats whatever failed: the next page if appending, otherwise the search. */
  function retry(): Promise<void> {
    return appending.value && nextCursor.value ? load(true) : search();
  }

  watch(query, (value) => {
    clearTimeout(debounceTimer);
    if (value.trim() === requestedQuery && state.value !== 'error') return;
    debounceTimer = setTimeout(() => void load(false), debounceMs);
  });

  onScopeDispose(() => {
    clearTimeout(debounceTimer);
    inFlight?.abort();
  });

  void load(false);

  return {
    data,
    state,
    error,
    query,
    appliedQuery,
    appending,
    hasMore: computed(() => nextCursor.value !== null),
    search,
    loadMore,
    retry,
  };
}
