import type { RevenueMetrics } from '../../api/revenue';

// The metrics page's KPI cards: what each reads, how it is formatted, which way is better, and why it can be
// null. Pure: metrics in, plain data out; the component translates and formats.

/** `rate`: a fraction shown as a percentage; `money`: reporting-currency minor units; `minutes`: a duration. */
export type KpiFormat = 'rate' | 'money' | 'minutes';

export interface KpiDef {
  /** Stable key: the i18n label `metrics.kpi.<key>`, the card's `data-testid="kpi-<key>"`, the CSV's metric. */
  key: string;
  format: KpiFormat;
  /** Whether a rise is good news (NRR) or bad (churn, cost, response time). */
  better: 'up' | 'down';
  read: (m: RevenueMetrics) => number | null;
  /** i18n key under `metrics.null.` of why the value is null (its denominator is zero). */
  nullReason: string;
}

/** The cards, in reading order. */
export const KPIS: readonly KpiDef[] = [
  {
    key: 'logoChurn',
    format: 'rate',
    better: 'down',
    read: (m) => m.logoChurnRate,
    nullReason: 'noCustomersAtStart',
  },
  {
    key: 'renewalRateCount',
    format: 'rate',
    better: 'up',
    read: (m) => m.renewalRateCount,
    nullReason: 'noRenewalsDue',
  },
  {
    key: 'renewalRateAmount',
    format: 'rate',
    better: 'up',
    read: (m) => m.renewalRateAmount,
    nullReason: 'noRenewalsDue',
  },
  { key: 'grr', format: 'rate', better: 'up', read: (m) => m.grr, nullReason: 'noRevenueAtStart' },
  { key: 'nrr', format: 'rate', better: 'up', read: (m) => m.nrr, nullReason: 'noRevenueAtStart' },
  { key: 'mrr', format: 'money', better: 'up', read: (m) => m.mrrMinor, nullReason: 'noCustomers' },
  { key: 'arpa', format: 'money', better: 'up', read: (m) => m.arpaMinor, nullReason: 'noCustomers' },
  { key: 'cltv', format: 'money', better: 'up', read: (m) => m.cltvMinor, nullReason: 'noLifetime' },
  {
    key: 'retentionCost',
    format: 'money',
    better: 'down',
    read: (m) => m.retentionCostMinor,
    nullReason: 'noCosts',
  },
  { key: 'fcr', format: 'rate', better: 'up', read: (m) => m.fcr, nullReason: 'noResolvedTickets' },
  {
    key: 'medianFirstResponse',
    format: 'minutes',
    better: 'down',
    read: (m) => m.medianFirstResponseMinutes,
    nullReason: 'noAnsweredTickets',
  },
];

/**
 * A KPI's change against the previous period. Rates change in percentage points (`value` 7 = +7 pp), money
 * relative to where it was (`value` 0.1 = +10 %), durations in minutes. Null when either value is null, or a
 * relative change would divide by zero.
 */
export interface KpiChange {
  unit: 'points' | 'relative' | 'minutes';
  value: number;
  direction: 'up' | 'down' | 'flat';
  /** True when the move is good news, false when bad, null when flat. */
  good: boolean | null;
}

// Below these a change reads as none (float noise, or a cent on a large amount).
const FLAT = { points: 0.05, relative: 0.0005, minutes: 0.5 } as const;

/**
 * The change of one KPI from `previous` to `current`.
 * @example kpiChange(KPIS[4]!, 1.05, 0.98) // { unit: 'points', value: 7.000…, direction: 'up', good: true }
 */
export function kpiChange(def: KpiDef, current: number | null, previous: number | null): KpiChange | null {
  if (current === null || previous === null) return null;
  let unit: KpiChange['unit'];
  let value: number;
  if (def.format === 'rate') {
    unit = 'points';
    value = (current - previous) * 100;
  } else if (def.format === 'money') {
    if (previous === 0) return null;
    unit = 'relative';
    value = (current - previous) / Math.abs(previous);
  } else {
    unit = 'minutes';
    value = current - previous;
  }
  const direction = Math.abs(value) < FLAT[unit] ? 'flat' : value > 0 ? 'up' : 'down';
  const good = direction === 'flat' ? null : (direction === 'up') === (def.better === 'up');
  return { unit, value: direction === 'flat' ? 0 : value, direction, good };
}
