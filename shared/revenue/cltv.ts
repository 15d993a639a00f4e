import { termValueMinor } from './mrr';
import { inPeriod, ratio } from './periods';
import type { ContractItemKind, RevenueContract } from './types';

// Customer lifetime value two ways (seed 001 "客户终身价值"; seed 003 "复购率、增购率、客户LTV"): by
// purchases (average purchase × purchases per month × lifespan in months) and by churn (ARPA × gross
// margin ÷ monthly churn), plus the repurchase and upsell rates read from the same purchases.

/** The contract lines that sell more to an existing customer (seed 001 "扩展 MRR": upsell, cross-sell, add-ons). */
export const EXPANSION_ITEM_KINDS: readonly ContractItemKind[] = ['upsell', 'cross_sell', 'add_on'];

/**
 * CLTV by purchase (seed 001): average purchase value × purchases per customer per month × lifespan in
 * months. Minor units; null when any factor is unknown.
 * @example cltvByPurchase(50, 3, 24) // 3600
 */
export function cltvByPurchase(
  avgPurchaseMinor: number | null,
  purchasesPerMonth: number | null,
  lifespanMonths: number | null,
): number | null {
  if (avgPurchaseMinor === null || purchasesPerMonth === null || lifespanMonths === null) return null;
  return avgPurchaseMinor * purchasesPerMonth * lifespanMonths;
}

/**
 * CLTV by churn: ARPA (minor units per month) × gross margin (0..1) ÷ monthly logo churn rate. Minor
 * units; null when ARPA or the churn rate is unknown, or nobody churned (the lifetime is then unbounded).
 * @example cltvByChurn(750, 0.8, 0.02) // 30_000
 */
export function cltvByChurn(
  arpaMinor: number | null,
  grossMarginRate: number,
  monthlyChurnRate: number | null,
): number | null {
  if (arpaMinor === null || monthlyChurnRate === null) return null;
  return ratio(arpaMinor * grossMarginRate, monthlyChurnRate);
}

/**
 * Expected customer lifespan in months from a monthly churn rate: 1 ÷ rate; null when the rate is unknown
 * or 0.
 * @example lifespanMonths(0.04) // 25
 */
export function lifespanMonths(monthlyChurnRate: number | null): number | null {
  return monthlyChurnRate === null ? null : ratio(1, monthlyChurnRate);
}

/** What the customers bought in a period. */
export interface PurchaseSummary {
  /** Contract terms (recurring or one-off) that started in the period. */
  purchases: number;
  /** Their total value (`termValueMinor`), minor units unrounded. */
  valueMinor: number;
  /** Accounts that bought in the period on a later day than their first purchase ever. */
  repurchasers: number;
  /** Accounts that bought an upsell, cross-sell or add-on line in a term started in the period, after their first purchase day. */
  upsellers: number;
}

/**
 * Purchases of the period by the given customer accounts. A purchase is a contract term starting in
 * `[from, to]` (one-offs included); its value is the term's whole value. An account's first purchase day
 * is its earliest `periodStart` ever: what it bought that day is new business, not a repurchase or upsell
 * (a subscription and its set-up fee signed together are one deal). `firstDays` may give it per account (the
 * accounts' `firstStartDay`), so `contracts` need not reach back to it; the earliest of it and `contracts` counts.
 * @example summarisePurchases([], new Set(), '2026-01-01', '2026-03-31') // { purchases: 0, valueMinor: 0, repurchasers: 0, upsellers: 0 }
 */
export function summarisePurchases(
  contracts: readonly RevenueContract[],
  customers: ReadonlySet<number>,
  from: string,
  to: string,
  firstDays: ReadonlyMap<number, string> = new Map(),
): PurchaseSummary {
  const firstDay = new Map(firstDays);
  for (const c of contracts) {
    const seen = firstDay.get(c.accountId);
    if (seen === undefined || c.periodStart < seen) firstDay.set(c.accountId, c.periodStart);
  }
  const s: PurchaseSummary = { purchases: 0, valueMinor: 0, repurchasers: 0, upsellers: 0 };
  const repurchasers = new Set<number>();
  const upsellers = new Set<number>();
  for (const c of contracts) {
    if (!customers.has(c.accountId) || !inPeriod(c.periodStart, from, to)) continue;
    s.purchases++;
    s.valueMinor += termValueMinor(c);
    if (c.periodStart === firstDay.get(c.accountId)) continue;
    repurchasers.add(c.accountId);
    if (c.items.some((i) => EXPANSION_ITEM_KINDS.includes(i.kind))) upsellers.add(c.accountId);
  }
  s.repurchasers = repurchasers.size;
  s.upsellers = upsellers.size;
  return s;
}

/**
 * Purchase frequency: purchases per customer per month, ≥ 0; null when there was no customer or the
 * period has no length.
 * @example purchaseFrequency(90, 30, 1) // 3
 */
export function purchaseFrequency(purchases: number, customers: number, months: number): number | null {
  return months > 0 ? ratio(purchases, customers * months) : null;
}

/**
 * Repurchase rate (seed 003 "复购率"): customers that bought again in the period ÷ customers of the
 * period, 0..1; null when there was no customer.
 * @example repurchaseRate(30, 120) // 0.25
 */
export function repurchaseRate(repurchasers: number, customers: number): number | null {
  return ratio(repurchasers, customers);
}

/**
 * Upsell rate (seed 003 "增购率"): customers that bought an upsell, cross-sell or add-on in the period ÷
 * customers of the period, 0..1; null when there was no customer.
 * @example upsellRate(12, 120) // 0.1
 */
export function upsellRate(upsellers: number, customers: number): number | null {
  return ratio(upsellers, customers);
}
