import { onScopeDispose, type Ref, ref, type ShallowRef, shallowRef, type WatchSource, watch } from 'vue';

/** `idle` before the first load, `done` after the latest one succeeded. */
export type LoadState = 'idle' | 'loading' | 'done' | 'error';

export interface UseLoaderOptions {
  /** Load as soon as the loader is created (default true). */
  immediate?: boolean;
  /** Reload whenever one of these changes, e.g. a route param or a filter. */
  watch?: WatchSource[];
}

export interface Loader<T> {
  /** The latest successful result; kept while a reload runs or fails, so a panel can stay on screen. */
  data: ShallowRef<T | undefined>;
  state: Ref<LoadState>;
  /** The latest failure, null once a load succeeds or starts. */
  error: ShallowRef<Error | null>;
  /** Starts a new load, aborting the one in flight. Never rejects: failures land in `error`. */
  reload: () => Promise<void>;
}

/**
 * Runs `fn` and exposes `{ data, state, error, reload }` — the shape of every panel's data. A newer load aborts the
 * older one (its `signal` fires), so a slow stale response never overwrites a fresh one; leaving the component
 * aborts whatever is in flight.
 * @example
 * const { data, state, error, reload } = useLoader((signal) => api.get<SourceList>('/api/sources', { signal }))
 */
export function useLoader<T>(
  fn: (signal: AbortSignal) => Promise<T>,
  options: UseLoaderOptions = {},
): Loader<T> {
  const data = shallowRef<T | undefined>(undefined);
  const state = ref<LoadState>('idle');
  const error = shallowRef<Error | null>(null);
  let inFlight: AbortController | null = null;

  async function reload(): Promise<void> {
    inFlight?.abort();
    const controller = new AbortController();
    inFlight = controller;
    state.value = 'loading';
    error.value = null;
    try {
      const result = await fn(controller.signal);
      if (controller.signal.aborted) return;
      data.value = result;
      state.value = 'done';
    } catch (err) {
      if (controller.signal.aborted) return;
      error.value = err instanceof Error ? err : new Error(String(err));
      state.value = 'error';
    } finally {
      if (inFlight === controller) inFlight = null;
    }
  }

  if (options.watch?.length) watch(options.watch, () => void reload());
  onScopeDispose(() => inFlight?.abort());
  if (options.immediate !== false) void reload();

  return { data, state, error, reload };
}
