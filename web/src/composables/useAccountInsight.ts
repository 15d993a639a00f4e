import { computed, type Ref, ref } from 'vue';
import { getAccount, getHealthHistory, getInsight } from '../api/account';
import type { ApiClient } from '../api/client';
import { useApi } from './useApi';
import { useLoader } from './useLoader';

/** Windows the score history offers, days; the first is the default. */
export const HISTORY_WINDOWS = [90, 180, 365, 730] as const;

export interface UseAccountInsightOptions {
  api?: ApiClient;
}

/**
 * The account page's health data for `externalId`: master data, the explained latest snapshot and the score
 * history over `historyDays`. Each is its own loader, so one failing panel does not blank the others.
 * @example
 * const { account, insight, history, historyDays, reload } = useAccountInsight(toRef(props, 'externalId'))
 */
export function useAccountInsight(externalId: Ref<string>, options: UseAccountInsightOptions = {}) {
  const api = options.api ?? useApi();
  const historyDays = ref<number>(HISTORY_WINDOWS[0]);

  const account = useLoader((signal) => getAccount(api, externalId.value, signal), { watch: [externalId] });
  const insight = useLoader((signal) => getInsight(api, externalId.value, signal), { watch: [externalId] });
  const history = useLoader((signal) => getHealthHistory(api, externalId.value, historyDays.value, signal), {
    watch: [externalId, historyDays],
  });

  /** Tier keys an override may name: those of the model that scored the account. */
  const tierKeys = computed(() => insight.data.value?.tiers.map((t) => t.key) ?? []);

  /** Score change since the previous scored period in the history, points; null without two scores. */
  const scoreChange = computed(() => {
    const scores = (history.data.value?.items ?? []).flatMap((i) => (i.score === null ? [] : [i.score]));
    const [previous, latest] = scores.slice(-2);
    return previous === undefined || latest === undefined ? null : Math.round((latest - previous) * 10) / 10;
  });

  /** Reloads what a rating, override or touchpoint can change. */
  function reload(): Promise<unknown> {
    return Promise.all([insight.reload(), history.reload()]);
  }

  return { account, insight, history, historyDays, tierKeys, scoreChange, reload };
}
