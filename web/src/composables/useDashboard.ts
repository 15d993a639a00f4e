import { computed, onScopeDispose, reactive, ref, shallowRef } from 'vue';
import { type ChangeDays, DEFAULT_CHANGE_DAYS } from '../api/accounts';
import type { ApiClient } from '../api/client';
import {
  type DashboardData,
  getDashboard,
  getScoringRun,
  type ScoringRun,
  startScoringRun,
} from '../api/dashboard';
import { useApi } from './useApi';
import { useLoader } from './useLoader';

/** The dashboard's filters; null = all. */
export interface DashboardFilters {
  segment: string | null;
  /** A CSM email, or `me`. */
  owner: string | null;
  /** Window of history and wins/saves, 7..365. */
  days: number;
  /** Window of the movers' score change (1, 7, 30), as the accounts list's "Change". */
  changeDays: ChangeDays;
}

export interface UseDashboardOptions {
  /** Starting owner filter, e.g. `me` for a CSM. */
  owner?: string | null;
  api?: ApiClient;
}

/**
 * What a new installation still lacks, in the order to fix it: no accounts at all (add a source and send
 * `group` calls) or accounts but no scored period yet (run scoring). Null once the dashboard has data.
 * A filter that matches nothing is not "empty": it says so in the panels instead.
 * @example emptyReason({ period: null, tiers: [], unscored: 0, … }, false) // 'noAccounts'
 */
export function emptyReason(
  data: Pick<DashboardData, 'period' | 'tiers' | 'unscored'>,
  filtered: boolean,
): 'noAccounts' | 'noScores' | null {
  if (filtered) return null;
  const accounts = data.unscored + data.tiers.reduce((sum, t) => sum + t.count, 0);
  if (accounts === 0) return 'noAccounts';
  return data.period === null ? 'noScores' : null;
}

/**
 * The dashboard data for the current filters, reloaded whenever one changes.
 * @example const { filters, data, state, empty } = useDashboard({ owner: can('admin') ? null : 'me' })
 */
export function useDashboard(options: UseDashboardOptions = {}) {
  const api = options.api ?? useApi();
  const filters = reactive<DashboardFilters>({
    segment: null,
    owner: options.owner ?? null,
    days: 90,
    changeDays: DEFAULT_CHANGE_DAYS,
  });
  const loader = useLoader(
    (signal) =>
      getDashboard(
        api,
        {
          segment: filters.segment ?? undefined,
          owner: filters.owner ?? undefined,
          days: filters.days,
          changeDays: filters.changeDays,
        },
        signal,
      ),
    { watch: [() => [filters.segment, filters.owner, filters.days, filters.changeDays]] },
  );
  const empty = computed(() =>
    loader.data.value
      ? emptyReason(loader.data.value, filters.segment !== null || filters.owner !== null)
      : null,
  );
  return { filters, ...loader, empty };
}

export interface UseScoringRunOptions {
  /** Time between progress polls, ms. */
  pollMs?: number;
  /** Called once when the run has finished (done or failed), e.g. to reload the dashboard. */
  onFinished?: (run: ScoringRun) => void;
  api?: ApiClient;
}

/**
 * Starts a scoring run (`POST /api/scoring/run`) and polls its progress until it is no longer running.
 * `progress` is the share (0..1) of accounts scored, failed or skipped; `state` is `running` while polling.
 * @example const { start, run, progress, state, error } = useScoringRun({ onFinished: () => reload() })
 */
export function useScoringRun(options: UseScoringRunOptions = {}) {
  const api = options.api ?? useApi();
  const pollMs = options.pollMs ?? 1000;
  const run = shallowRef<ScoringRun | null>(null);
  const state = ref<'idle' | 'running' | 'done' | 'error'>('idle');
  const error = shallowRef<Error | null>(null);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let disposed = false;

  const progress = computed(() => {
    const r = run.value;
    if (!r) return 0;
    if (r.total === 0) return r.status === 'running' ? 0 : 1;
    return Math.min(1, (r.scored + r.failed + r.skipped) / r.total);
  });

  function fail(err: unknown) {
    error.value = err instanceof Error ? err : new Error(String(err));
    state.value = 'error';
  }

  async function poll(runId: string): Promise<void> {
    if (disposed) return;
    try {
      const latest = await getScoringRun(api, runId);
      if (disposed) return;
      run.value = latest;
      if (latest.status === 'running') {
        timer = setTimeout(() => void poll(runId), pollMs);
        return;
      }
      // A failed run is an error without an exception: the view reads `run.status` and `run.errors`.
      state.value = latest.status === 'done' ? 'done' : 'error';
      options.onFinished?.(latest);
    } catch (err) {
      fail(err);
    }
  }

  /** Starts a run; a no-op while one is being polled. */
  async function start(): Promise<void> {
    if (state.value === 'running') return;
    clearTimeout(timer);
    state.value = 'running';
    error.value = null;
    run.value = null;
    try {
      const started = await startScoringRun(api);
      // Show 0 of total at once; the first poll follows after `pollMs`.
      run.value = {
        runId: started.runId,
        period: started.period,
        trigger: 'manual',
        status: 'running',
        scored: 0,
        failed: 0,
        total: started.total,
        startedAt: new Date().toISOString(),
        finishedAt: null,
        d1Queries: 0,
        errors: [],
        skipped: 0,
        asOf: null,
        backfillId: null,
      };
      timer = setTimeout(() => void poll(started.runId), pollMs);
    } catch (err) {
      fail(err);
    }
  }

  onScopeDispose(() => {
    disposed = true;
    clearTimeout(timer);
  });

  return { run, state, error, progress, start };
}
