import { computed, onScopeDispose, type Ref, ref, shallowRef, watch } from 'vue';
import { getTimeline, type TimelineItem } from '../api/account';
import type { ApiClient } from '../api/client';
import { useApi } from './useApi';
import type { LoadState } from './useLoader';

export interface UseTimelineOptions {
  /** Entries per page, 1..100. */
  pageSize?: number;
  api?: ApiClient;
}

/**
 * An account's timeline, newest first, one page at a time: `loadMore()` appends the next older page,
 * `reload()` starts again from the newest (e.g. after logging a touchpoint). A newer request aborts the one
 * in flight; entries already shown are never duplicated.
 * @example const { items, state, hasMore, loadMore, reload } = useTimeline(toRef(props, 'externalId'))
 */
export function useTimeline(externalId: Ref<string>, options: UseTimelineOptions = {}) {
  const api = options.api ?? useApi();
  const pageSize = options.pageSize ?? 20;
  const items = shallowRef<TimelineItem[]>([]);
  const state = ref<LoadState>('idle');
  const error = shallowRef<Error | null>(null);
  const nextBefore = ref<string | null>(null);
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
      const page = await getTimeline(
        api,
        externalId.value,
        { limit: pageSize, before: append ? nextBefore.value : null },
        controller.signal,
      );
      if (controller.signal.aborted) return;
      const seen = new Set(append ? items.value.map((i) => i.id) : []);
      const fresh = page.items.filter((i) => !seen.has(i.id));
      items.value = append ? [...items.value, ...fresh] : fresh;
      nextBefore.value = page.nextBefore;
      state.value = 'done';
    } catch (err) {
      if (controller.signal.aborted) return;
      error.value = err instanceof Error ? err : new Error(String(err));
      state.value = 'error';
    } finally {
      if (inFlight === controller) inFlight = null;
    }
  }

  /** Appends the next older page; a no-op on the last page or while loading. */
  function loadMore(): Promise<void> {
    if (!nextBefore.value || state.value === 'loading') return Promise.resolve();
    return load(true);
  }

  /** Repeats what failed: the next page when appending, otherwise the first page. */
  function retry(): Promise<void> {
    return load(appending.value && nextBefore.value !== null);
  }

  watch(externalId, () => {
    items.value = [];
    nextBefore.value = null;
    void load(false);
  });
  onScopeDispose(() => inFlight?.abort());
  void load(false);

  return {
    items,
    state,
    error,
    appending,
    hasMore: computed(() => nextBefore.value !== null),
    loadMore,
    reload: () => load(false),
    retry,
  };
}
