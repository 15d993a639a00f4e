import { onScopeDispose, reactive, ref } from 'vue';
import type { ApiClient } from '../api/client';
import { getExpansionCandidates, getMetrics, type MetricsQuery, type RevenueMetrics } from '../api/revenue';
import {
  calendarPeriod,
  localToday,
  type Period,
  type PeriodKind,
  periodDays,
  previousPeriod,
  shiftPeriod,
  trendPeriods,
} from './metrics-period';
import { useApi } from './useApi';
import { useLoader } from './useLoader';

/** How many periods the NRR/GRR and churn trends show, the chosen one last. */
export const TREND_PERIOD_COUNT = 6;
/** The API's longest period (`GET /api/metrics`: at most 10 years). */
export const MAX_PERIOD_DAYS = 3660;

/** The metrics page's filters; null = all. */
export interface MetricsFilters {
  segment: string | null;
  /** A CSM email, or `me`. */
  owner: string | null;
}

export interface UseMetricsOptions {
  /** Starting owner filter, e.g. `me` for a CSM. */
  owner?: string | null;
  /** `YYYY-MM-DD`; defaults to the viewer's local today. */
  today?: string;
  api?: ApiClient;
}

/** One period of the trend with its metrics. */
export interface TrendPoint {
  period: Period;
  metrics: RevenueMetrics;
}

/**
 * `GET /api/metrics` once per period and filter set: the KPIs' current and previous period are also the trend's
 * last two, so the page sends one request per distinct period. A failed request is forgotten (a retry sends it
 * again); leaving the page aborts whatever is in flight.
 */
function metricsCache(api: ApiClient) {
  const entries = new Map<string, Promise<RevenueMetrics>>();
  const controller = new AbortController();
  onScopeDispose(() => controller.abort());
  return {
    get(query: MetricsQuery): Promise<RevenueMetrics> {
      const key = JSON.stringify(query);
      let entry = entries.get(key);
      if (!entry) {
        entry = getMetrics(api, query, controller.signal);
        entries.set(key, entry);
        entry.catch(() => entries.delete(key));
      }
      return entry;
    },
    clear: () => entries.clear(),
  };
}

/**
 * The metrics page's state: the period (a calendar month by default, the current one, as CS platforms open on),
 * the filters, and three loaders — `summary` (the period and the one before it, for the KPIs' changes), `trend`
 * (the last {@link TREND_PERIOD_COUNT} periods) and `candidates` (expansion candidates, not tied to a period).
 * @example const { period, filters, summary, trend, candidates, step, setKind } = useMetrics({ owner: 'me' })
 */
export function useMetrics(options: UseMetricsOptions = {}) {
  const api = options.api ?? useApi();
  const today = options.today ?? localToday(new Date());
  const period = ref<Period>(calendarPeriod('month', today));
  const filters = reactive<MetricsFilters>({ segment: null, owner: options.owner ?? null });
  const cache = metricsCache(api);

  const queryOf = (p: Period): MetricsQuery => ({
    from: p.from,
    to: p.to,
    segment: filters.segment ?? undefined,
    owner: filters.owner ?? undefined,
  });
  const watchKey = () => [period.value.from, period.value.to, filters.segment, filters.owner];

  const summary = useLoader(
    async () => {
      const [current, previous] = await Promise.all([
        cache.get(queryOf(period.value)),
        cache.get(queryOf(previousPeriod(period.value))),
      ]);
      return { current, previous };
    },
    { watch: [watchKey] },
  );
  const trend = useLoader(
    async (): Promise<TrendPoint[]> => {
      const periods = trendPeriods(period.value, TREND_PERIOD_COUNT);
      const all = await Promise.all(periods.map((p) => cache.get(queryOf(p))));
      return all.map((metrics, i) => ({ period: periods[i]!, metrics }));
    },
    { watch: [watchKey] },
  );
  const candidates = useLoader(
    (signal) =>
      getExpansionCandidates(
        api,
        { segment: filters.segment ?? undefined, owner: filters.owner ?? undefined },
        signal,
      ),
    { watch: [() => [filters.segment, filters.owner]] },
  );

  /** Switches to a calendar month/quarter/year (around today if the period includes it) or a custom span. */
  function setKind(kind: PeriodKind) {
    const current = period.value;
    if (kind === 'custom') {
      period.value = { ...current, kind };
      return;
    }
    const around = current.from <= today && today <= current.to ? today : current.from;
    period.value = calendarPeriod(kind, around);
  }

  /** Moves `n` periods later (negative: earlier). */
  function step(n: number) {
    period.value = shiftPeriod(period.value, n);
  }

  /** Sets a custom span; false (and nothing changes) when `to` is before `from` or it is over 10 years. */
  function setCustom(from: string, to: string): boolean {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(from) || !/^\d{4}-\d{2}-\d{2}$/.test(to) || to < from) return false;
    if (periodDays({ from, to }) > MAX_PERIOD_DAYS) return false;
    period.value = { kind: 'custom', from, to };
    return true;
  }

  /** Forgets every loaded period and loads again (the retry of an error notice). */
  function reload() {
    cache.clear();
    void summary.reload();
    void trend.reload();
    void candidates.reload();
  }

  return { today, period, filters, summary, trend, candidates, setKind, step, setCustom, reload };
}
