import type { RevenueMetrics } from '../../api/revenue';

// The rows of the CS attribution table, shared by the table and the CSV export. Pure.

/** One row: `key` is the i18n label under `metrics.attribution.` (or a CSQA kind for `csqas.<kind>`). */
export interface AttributionRow {
  key: string;
  /** The advocacy kind of a `csqas.<kind>` row. */
  kind?: string;
  format: 'count' | 'money' | 'rate';
  value: number | null;
}

/**
 * Wins, saves and improvements with their ARR, CSQLs, CSQAs (in total and by kind), referral ARR, opted-out ARR
 * retained and the revenue of premium CSM and consulting, in that order.
 * @example attributionRows(metrics)[0] // { key: 'wins', format: 'count', value: 4 }
 */
export function attributionRows(m: RevenueMetrics): AttributionRow[] {
  const a = m.attribution;
  return [
    { key: 'wins', format: 'count', value: a.wins },
    { key: 'winsRenewedArr', format: 'money', value: a.winsRenewedArrMinor },
    { key: 'winsExpansionArr', format: 'money', value: a.winsExpansionArrMinor },
    { key: 'saves', format: 'count', value: a.saves },
    { key: 'savesRenewedArr', format: 'money', value: a.savesRenewedArrMinor },
    { key: 'savesExpansionArr', format: 'money', value: a.savesExpansionArrMinor },
    { key: 'improvements', format: 'count', value: a.improvements },
    { key: 'csqls', format: 'count', value: a.csqls },
    { key: 'csqlsAccepted', format: 'count', value: a.csqlsAccepted },
    { key: 'csqlAcceptanceRate', format: 'rate', value: a.csqlAcceptanceRate },
    { key: 'csqlWonArr', format: 'money', value: a.csqlWonArrMinor },
    { key: 'csqas', format: 'count', value: a.csqas },
    ...Object.entries(a.csqasByKind).map(
      ([kind, n]): AttributionRow => ({ key: `csqas.${kind}`, kind, format: 'count', value: n }),
    ),
    { key: 'referralArr', format: 'money', value: a.referralArrMinor },
    { key: 'optedOutRetainedArr', format: 'money', value: a.optedOutRetainedArrMinor },
    { key: 'premiumCsmRevenue', format: 'money', value: a.premiumCsmRevenueMinor },
    { key: 'consultingRevenue', format: 'money', value: a.consultingRevenueMinor },
  ];
}
