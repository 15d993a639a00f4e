import { computed } from 'vue';
import { useI18n } from 'vue-i18n';
import type { ApiClient } from '../api/client';
import { getRevenueSettings } from '../api/revenue';
import { useApi } from './useApi';
import { useLoader } from './useLoader';

/**
 * The revenue settings (csm reads) and `reasonLabel(key)`: the configured label of a renewal reason, the key
 * itself when no setting names it (or the settings did not load), "No reason given" for null.
 * @example const { reasonLabel } = useRevenueSettings(); reasonLabel('price') // 'Too expensive'
 */
export function useRevenueSettings(api: ApiClient = useApi()) {
  const { t } = useI18n();
  const loader = useLoader((signal) => getRevenueSettings(api, signal));
  const labels = computed(
    () => new Map((loader.data.value?.renewalReasons ?? []).map((r) => [r.key, r.label] as const)),
  );
  const reasonLabel = (key: string | null): string =>
    key === null ? t('revenue.noReason') : (labels.value.get(key) ?? key);
  return { ...loader, reasonLabel };
}
