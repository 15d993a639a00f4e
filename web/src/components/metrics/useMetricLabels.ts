import { useI18n } from 'vue-i18n';
import type { AttributionRow } from './attribution';

/**
 * The label of an attribution row; a CSQA kind the app has no name for shows as its key.
 * @example useAttributionLabel()({ key: 'csqas.referral', kind: 'referral', format: 'count', value: 2 }) // 'CSQAs: Referral'
 */
export function useAttributionLabel() {
  const { t, te } = useI18n();
  return (row: AttributionRow): string => {
    if (row.kind === undefined) return t(`metrics.attribution.${row.key}`);
    const kindKey = `revenue.advocacyKinds.${row.kind}`;
    return t('metrics.attribution.csqasKind', { kind: te(kindKey) ? t(kindKey) : row.kind });
  };
}
