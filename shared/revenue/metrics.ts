import type { RevenueMetrics } from '../contracts/revenue';
import { addDays } from '../time';
import { type Attribution, attribution } from './attribution';
import {
  type CustomerCounts,
  customerCounts,
  isCustomerIn,
  logoChurnRate,
  monthlyChurnRate,
  retentionCost,
} from './churn';
import {
  cltvByChurn,
  cltvByPurchase,
  lifespanMonths,
  type PurchaseSummary,
  purchaseFrequency,
  repurchaseRate,
  summarisePurchases,
  upsellRate,
} from './cltv';
import { arpa, grr, type MrrMovement, mrrByAccount, mrrMovement, nrr, roundMovement } from './mrr';
import { daysInclusive, overlapDays, periodMonths, ratio } from './periods';
import {
  type RenewalGroup,
  renewalDueDay,
  renewalGroup,
  renewalRateAmount,
  renewalRateCount,
  renewalsByReasonOfGroups,
  renewalsByTierOfGroups,
  renewalsDueIn,
  summariseRenewalGroups,
  unrenewedRate,
} from './renewals';
import { type SupportSummary, supportFromTotals, supportSummary, type TicketTotals } from './support';
import type {
  Advocacy,
  CsCost,
  CsLead,
  RevenueAccount,
  RevenueContract,
  RevenueTicket,
  RevenueTransition,
  TierOnDay,
} from './types';

/** Default days before a renewal's due date its window opens (seed 004: the last 3 months). */
export const DEFAULT_RENEWAL_WINDOW_DAYS = 90;

/** Everything `revenueMetrics` reads. Days are inclusive UTC `YYYY-MM-DD`; money integer minor units. */
export interface RevenueMetricsInput {
  /** First and last day of the period, inclusive (`from ≤ to`). */
  from: string;
  to: string;
  /** The accounts reported on, already filtered (segment, owner, tier). Records of other accounts are ignored. */
  accounts: readonly RevenueAccount[];
  /**
   * Contracts of those accounts. All of them, any date, will do; what is read is every contract in force on a
   * day from the day before `from` to `to` (MRR, purchases, services revenue), every one due in the period
   * (renewals), and all contracts of accounts with a win or save in the period (the ARR that followed it). The
   * first purchase day comes from the accounts' `firstStartDay` (or an earlier contract start given here). Of
   * their items only premium-CSM, consulting and expansion lines (upsell, cross-sell, add-on) are read.
   */
  contracts: readonly RevenueContract[];
  /** Tickets of those accounts; only those opened in the period are read. Ignored when `ticketTotals` is given. */
  tickets: readonly RevenueTicket[];
  /** The support figures' inputs already counted over the tickets of those accounts opened in the period. */
  ticketTotals?: TicketTotals;
  /** CS costs; each counts by the share of its days inside the period. */
  costs: readonly CsCost[];
  /** CSQLs and advocacy of those accounts, any date (filtered by day here). */
  leads: readonly CsLead[];
  advocacy: readonly Advocacy[];
  /** Tier changes of those accounts, any date. */
  transitions: readonly RevenueTransition[];
  /** The account's tier on a day; asked for the first day of each renewal window. */
  tierOnDay: TierOnDay;
  /** Gross margin 0..1 for CLTV by churn. */
  grossMarginRate: number;
  /** Days before the due date a renewal window opens; default {@link DEFAULT_RENEWAL_WINDOW_DAYS}. */
  renewalWindowDays?: number;
}

/** The metrics without `reportingCurrency`, which the worker adds. */
export type RevenueMetricsResult = Omit<RevenueMetrics, 'reportingCurrency'>;

const roundOrNull = (v: number | null) => (v === null ? null : Math.round(v));

/**
 * CS spend of `[from, to]`: each cost × days it shares with the period ÷ its own days. Minor units, unrounded.
 * @example csSpendMinor([{ periodStart: '2026-01-01', periodEnd: '2026-01-31', amountMinor: 3100 }], '2026-01-01', '2026-01-10') // 1000
 */
export function csSpendMinor(costs: readonly CsCost[], from: string, to: string): number {
  let spend = 0;
  for (const c of costs) {
    const own = daysInclusive(c.periodStart, c.periodEnd);
    if (own > 0) spend += (c.amountMinor * overlapDays(c.periodStart, c.periodEnd, from, to)) / own;
  }
  return spend;
}

/**
 * What the metrics of a period are computed from, already reduced: by {@link revenueTotals} from records, or
 * by the worker's SQL (worker/revenue/metrics-store.ts), which sends groups instead of rows.
 */
export interface RevenueTotals {
  from: string;
  to: string;
  customers: CustomerCounts;
  /** MRR movement from the day before `from` to `to`, unrounded. */
  movement: MrrMovement;
  /** Accounts with MRR > 0 on `to`. */
  payingAtEnd: number;
  /** Renewals due in the period, each group's tier the one at the start of its window. */
  renewals: readonly RenewalGroup[];
  purchases: PurchaseSummary;
  support: SupportSummary;
  costs: readonly CsCost[];
  attribution: Attribution;
  grossMarginRate: number;
}

/**
 * The {@link RevenueTotals} of records (see {@link RevenueMetricsInput}).
 * @example revenueTotals({ from: '2026-05-01', to: '2026-05-31', accounts: [], contracts: [], tickets: [], costs: [], leads: [], advocacy: [], transitions: [], tierOnDay: () => null, grossMarginRate: 0.8 }).payingAtEnd // 0
 */
export function revenueTotals(input: RevenueMetricsInput): RevenueTotals {
  const { from, to } = input;
  const ids = new Set(input.accounts.map((a) => a.accountId));
  const mine = <T extends { accountId: number }>(rows: readonly T[]) =>
    rows.filter((r) => ids.has(r.accountId));
  const contracts = mine(input.contracts);
  const customerIds = new Set(
    input.accounts.filter((a) => isCustomerIn(a, from, to)).map((a) => a.accountId),
  );
  const endMrr = mrrByAccount(contracts, to);
  const windowDays = input.renewalWindowDays ?? DEFAULT_RENEWAL_WINDOW_DAYS;
  const firstDays = new Map<number, string>();
  for (const a of input.accounts) if (a.firstStartDay !== null) firstDays.set(a.accountId, a.firstStartDay);
  return {
    from,
    to,
    customers: customerCounts(input.accounts, from, to),
    movement: mrrMovement(mrrByAccount(contracts, addDays(from, -1)), endMrr),
    payingAtEnd: [...endMrr.values()].filter((m) => m > 0).length,
    renewals: renewalsDueIn(contracts, from, to).map((c) =>
      renewalGroup(
        c,
        c.outcome === null ? null : input.tierOnDay(c.accountId, addDays(renewalDueDay(c), -windowDays)),
      ),
    ),
    purchases: summarisePurchases(contracts, customerIds, from, to, firstDays),
    support: input.ticketTotals
      ? supportFromTotals(input.ticketTotals)
      : supportSummary(mine(input.tickets), from, to),
    costs: input.costs,
    attribution: attribution({
      from,
      to,
      contracts,
      transitions: mine(input.transitions),
      leads: mine(input.leads),
      advocacy: mine(input.advocacy),
    }),
    grossMarginRate: input.grossMarginRate,
  };
}

/**
 * The revenue and CS-value metrics of one period (seeds 001–003; handbook §6), in the shape of
 * `GET /api/metrics` minus `reportingCurrency`. Money is integer minor units (rounded once, here),
 * counts are integers, rates are fractions or null when their denominator is 0 — an empty input gives
 * zero counts and null rates. See the functions it composes for each definition:
 * customers and logo churn (`customerCounts`, `logoChurnRate`), renewals (`summariseRenewals`,
 * `renewalsByTier`, `renewalsByReason`), MRR movement from the day before `from` to `to` (`mrrMovement`,
 * `roundMovement`, `grr`, `nrr`), CLTV (`summarisePurchases`, `cltvByPurchase`, `cltvByChurn`),
 * support (`supportSummary`), retention cost (`csSpendMinor`, `retentionCost`) and `attribution`.
 * @example revenueMetrics({ from: '2026-05-01', to: '2026-05-31', accounts: [], contracts: [], tickets: [], costs: [], leads: [], advocacy: [], transitions: [], tierOnDay: () => null, grossMarginRate: 0.8 }).logoChurnRate // null
 */
export function revenueMetrics(input: RevenueMetricsInput): RevenueMetricsResult {
  return revenueMetricsOfTotals(revenueTotals(input));
}

/**
 * The metrics of already reduced {@link RevenueTotals} (the rates, CLTV, retention cost and rounding).
 * @example revenueMetricsOfTotals(revenueTotals({ from: '2026-05-01', to: '2026-05-31', accounts: [], contracts: [], tickets: [], costs: [], leads: [], advocacy: [], transitions: [], tierOnDay: () => null, grossMarginRate: 0.8 })).nrr // null
 */
export function revenueMetricsOfTotals(t: RevenueTotals): RevenueMetricsResult {
  const { from, to, customers, movement, purchases, support } = t;
  const churnRate = logoChurnRate(customers);
  const months = periodMonths(from, to);
  const monthlyChurn = monthlyChurnRate(churnRate, months);
  const customersInPeriod = customers.activeAtStart + customers.added;
  const rounded = roundMovement(movement);
  const arpaMinor = arpa(movement.endMrrMinor, t.payingAtEnd);
  const renewals = summariseRenewalGroups(t.renewals);
  const avgPurchase = ratio(purchases.valueMinor, purchases.purchases);
  const frequency = purchaseFrequency(purchases.purchases, customersInPeriod, months);
  const retained = customers.activeAtStart - customers.churnedFromBase;
  const csa = t.attribution;

  return {
    from,
    to,
    logoChurnRate: churnRate,
    unrenewedRate: unrenewedRate(renewals),
    renewalRateCount: renewalRateCount(renewals),
    renewalRateAmount: renewalRateAmount(renewals),
    grr: grr(movement),
    nrr: nrr(movement),
    mrrMinor: rounded.endMrrMinor,
    newMrrMinor: rounded.newMrrMinor,
    expansionMrrMinor: rounded.expansionMrrMinor,
    contractionMrrMinor: rounded.contractionMrrMinor,
    churnedMrrMinor: rounded.churnedMrrMinor,
    arpaMinor: roundOrNull(arpaMinor),
    cltvMinor: roundOrNull(cltvByPurchase(avgPurchase, frequency, lifespanMonths(monthlyChurn))),
    cltvByChurnMinor: roundOrNull(cltvByChurn(arpaMinor, t.grossMarginRate, monthlyChurn)),
    repurchaseRate: repurchaseRate(purchases.repurchasers, customersInPeriod),
    upsellRate: upsellRate(purchases.upsellers, customersInPeriod),
    // No cost recorded for any day of the period is unknown spend, not free retention.
    retentionCostMinor: t.costs.some((c) => c.periodStart <= to && c.periodEnd >= from)
      ? roundOrNull(retentionCost(csSpendMinor(t.costs, from, to), retained))
      : null,
    fcr: support.fcr,
    medianFirstResponseMinutes: support.medianFirstResponseMinutes,
    counts: {
      activeAtStart: customers.activeAtStart,
      added: customers.added,
      churned: customers.churned,
      activeAtEnd: customers.activeAtEnd,
      renewalsDue: renewals.due,
      renewed: renewals.renewed,
      pendingRenewals: renewals.pending,
      tickets: support.tickets,
    },
    attribution: {
      wins: csa.wins,
      saves: csa.saves,
      improvements: csa.improvements,
      winsRenewedArrMinor: Math.round(csa.winsRenewedArrMinor),
      savesRenewedArrMinor: Math.round(csa.savesRenewedArrMinor),
      winsExpansionArrMinor: Math.round(csa.winsExpansionArrMinor),
      savesExpansionArrMinor: Math.round(csa.savesExpansionArrMinor),
      csqls: csa.csqls,
      csqlsAccepted: csa.csqlsAccepted,
      csqlAcceptanceRate: csa.csqlAcceptanceRate,
      csqlWonArrMinor: Math.round(csa.csqlWonArrMinor),
      csqas: csa.csqas,
      csqasByKind: csa.csqasByKind,
      referralArrMinor: Math.round(csa.referralArrMinor),
      optedOutRetainedArrMinor: Math.round(renewals.optedOutRetainedArrMinor),
      premiumCsmRevenueMinor: Math.round(csa.premiumCsmRevenueMinor),
      consultingRevenueMinor: Math.round(csa.consultingRevenueMinor),
    },
    byTier: renewalsByTierOfGroups(t.renewals),
    byReason: renewalsByReasonOfGroups(t.renewals).map((r) => ({
      ...r,
      churnedArrMinor: Math.round(r.churnedArrMinor),
      renewedArrMinor: Math.round(r.renewedArrMinor),
    })),
  };
}
