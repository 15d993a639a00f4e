import { computed, type Ref, ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { defaultLabelZh } from '../../../shared/health/default-texts';
import { getAccount, getHealthHistory, getInsight, type AccountInsight as Insight } from '../api/account';
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
  const { locale } = useI18n();
  // The default model's dimension and measure names in the reader's language (renamed ones stay as written).
  const insight = useLoader(
    (signal) => getInsight(api, externalId.value, signal).then((i) => localized(i, locale.value)),
    {
      watch: [externalId, locale],
    },
  );
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

function localized(insight: Insight, locale: string): Insight {
  if (locale !== 'zh') return insight;
  const zh = (of: 'dimension' | 'measure', key: string, name: string) =>
    defaultLabelZh(of, key, name) ?? name;
  return {
    ...insight,
    dimensions: insight.dimensions.map((d) => ({ ...d, name: zh('dimension', d.key, d.name) })),
    measures: insight.measures.map((m) => ({ ...m, name: zh('measure', m.key, m.name) })),
    improvements: insight.improvements.map((i) => ({ ...i, label: zh('measure', i.measureKey, i.label) })),
  };
}
