import { computed, onScopeDispose, ref, shallowRef } from 'vue';
import type { ApiClient } from '../api/client';
import { getBackfill, type ScoringBackfill, startBackfill } from '../api/dashboard';
import { useApi } from './useApi';

export interface UseBackfillOptions {
  /** Time between progress polls, ms. */
  pollMs?: number;
  /** Called once when the backfill has finished (done or failed), e.g. to reload the dashboard. */
  onFinished?: (backfill: ScoringBackfill) => void;
  api?: ApiClient;
}

/**
 * "Backfill history": starts `POST /api/scoring/backfill` and polls its progress until it is no longer
 * running. `progress` is the share (0..1) of its days scored; `state` is `running` while polling.
 * @example const { start, backfill, progress, state, error } = useBackfill({ onFinished: () => reload() })
 */
export function useBackfill(options: UseBackfillOptions = {}) {
  const api = options.api ?? useApi();
  const pollMs = options.pollMs ?? 1500;
  const backfill = shallowRef<ScoringBackfill | null>(null);
  const state = ref<'idle' | 'running' | 'done' | 'error'>('idle');
  const error = shallowRef<Error | null>(null);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let disposed = false;

  const progress = computed(() => {
    const b = backfill.value;
    if (!b) return 0;
    if (b.total === 0) return b.status === 'running' ? 0 : 1;
    return Math.min(1, b.completed / b.total);
  });

  function settle(latest: ScoringBackfill) {
    backfill.value = latest;
    if (latest.status === 'running') {
      timer = setTimeout(() => void poll(latest.backfillId), pollMs);
      return;
    }
    // A failed backfill is an error without an exception: the view reads `backfill.error`.
    state.value = latest.status === 'done' ? 'done' : 'error';
    options.onFinished?.(latest);
  }

  async function poll(id: string): Promise<void> {
    if (disposed) return;
    try {
      const latest = await getBackfill(api, id);
      if (!disposed) settle(latest);
    } catch (err) {
      error.value = err instanceof Error ? err : new Error(String(err));
      state.value = 'error';
    }
  }

  /** Starts a backfill of the last `days` days; a no-op while one is being polled. */
  async function start(days: number): Promise<void> {
    if (state.value === 'running') return;
    clearTimeout(timer);
    state.value = 'running';
    error.value = null;
    backfill.value = null;
    try {
      const started = await startBackfill(api, days);
      if (!disposed) settle(started);
    } catch (err) {
      error.value = err instanceof Error ? err : new Error(String(err));
      state.value = 'error';
    }
  }

  onScopeDispose(() => {
    disposed = true;
    clearTimeout(timer);
  });

  return { backfill, state, error, progress, start };
}
