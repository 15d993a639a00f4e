import { computed, onScopeDispose, type Ref, ref, shallowRef, watch } from 'vue';
import { getTimeline, type TimelineItem } from '../api/account';
import type { ApiClient } from '../api/client';
import { useApi } from './useApi';
import type { LoadState } from './useLoader';

/** One page of a newest-first list: its items and the cursor of the next (older) page, null on the last. */
export interface CursorPage<T> {
  items: T[];
  next: string | null;
}

/**
 * "Load more" paging over a cursor: `reload()` fetches the first page, `loadMore()` appends the next. A newer
 * request aborts the one in flight; `keyOf` drops entries already shown (a page boundary may repeat one).
 * After a failed first page the list is emptied, so stale rows never pass for the new ones.
 * @example const pages = useCursorPages((cursor, signal) => fetchPage(cursor, signal), (item) => item.id)
 */
export function useCursorPages<T>(
  fetchPage: (cursor: string | null, signal: AbortSignal) => Promise<CursorPage<T>>,
  keyOf: (item: T) => string | number,
) {
  const items = shallowRef<T[]>([]);
  const state = ref<LoadState>('idle');
  const error = shallowRef<Error | null>(null);
  const next = ref<string | null>(null);
  /** Whether the latest request appends (load more) or replaces (reload). */
  const appending = ref(false);
  let inFlight: AbortController | null = null;

  async function load(append: boolean): Promise<void> {
    inFlight?.abort();
    const controller = new AbortController();
    inFlight = controller;
    appending.value = append;
    state.value = 'loading';
    error.value = null;
    try {
      const page = await fetchPage(append ? next.value : null, controller.signal);
      if (controller.signal.aborted) return;
      const seen = new Set(append ? items.value.map(keyOf) : []);
      const fresh = page.items.filter((i) => !seen.has(keyOf(i)));
      items.value = append ? [...items.value, ...fresh] : fresh;
      next.value = page.next;
      state.value = 'done';
    } catch (err) {
      if (controller.signal.aborted) return;
      error.value = err instanceof Error ? err : new Error(String(err));
      state.value = 'error';
      if (!append) {
        items.value = [];
        next.value = null;
      }
    } finally {
      if (inFlight === controller) inFlight = null;
    }
  }

  onScopeDispose(() => inFlight?.abort());

  return {
    items,
    state,
    error,
    appending,
    hasMore: computed(() => next.value !== null),
    /** Appends the next page; a no-op on the last page or while loading. */
    loadMore: (): Promise<void> => (next.value && state.value !== 'loading' ? load(true) : Promise.resolve()),
    /** Starts again from the first page. */
    reload: (): Promise<void> => load(false),
    /** Repeats what failed: the next page when appending, otherwise the first page. */
    retry: (): Promise<void> => load(appending.value && next.value !== null),
  };
}

export interface UseTimelineOptions {
  /** Entries per page, 1..100. */
  pageSize?: number;
  api?: ApiClient;
}

/**
 * An account's timeline, newest first, one page at a time: `loadMore()` appends the next older page,
 * `reload()` starts again from the newest (e.g. after logging a touchpoint); a new account starts over.
 * @example const { items, state, hasMore, loadMore, reload } = useTimeline(toRef(props, 'externalId'))
 */
export function useTimeline(externalId: Ref<string>, options: UseTimelineOptions = {}) {
  const api = options.api ?? useApi();
  const pageSize = options.pageSize ?? 20;
  const pages = useCursorPages<TimelineItem>(
    (before, signal) =>
      getTimeline(api, externalId.value, { limit: pageSize, before }, signal).then((page) => ({
        items: page.items,
        next: page.nextBefore,
      })),
    (item) => item.id,
  );
  watch(externalId, () => {
    // Another account's entries must not show while this one's load.
    pages.items.value = [];
    void pages.reload();
  });
  void pages.reload();
  return pages;
}
