import { computed } from 'vue';
import { ingestStats, listSources } from '../api/settings';
import { useApi } from './useApi';
import { useLoader } from './useLoader';

/**
 * What a new installation has done so far, for the empty dashboard's steps: active sources (`npm start` creates
 * one) and whether any event was ever received. Both reads are open to every member.
 * @example const { activeSources, hasSource, eventsReceived } = useFirstRun()
 */
export function useFirstRun() {
  const api = useApi();
  const sources = useLoader((signal) => listSources(api, signal));
  const stats = useLoader((signal) => ingestStats(api, signal));
  const activeSources = computed(() => (sources.data.value ?? []).filter((s) => !s.revokedAt));
  return {
    activeSources,
    hasSource: computed(() => activeSources.value.length > 0),
    /** Any event stored, from any source (raw events are kept for the retention window). */
    eventsReceived: computed(
      () => Boolean(stats.data.value?.lastReceivedAt) || (stats.data.value?.accounts ?? 0) > 0,
    ),
    loaded: computed(() => sources.state.value === 'done'),
    reload: () => Promise.all([sources.reload(), stats.reload()]),
  };
}
