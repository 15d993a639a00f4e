import { inPeriod, ratio } from './periods';
import type { RevenueAccount } from './types';

// Customers (logos) of a period and the articles' logo churn rate (seed 001): churned ÷ customers at the
// start, where customers added in the period are not in the denominator but are counted when they leave.

/** How the customers of `[from, to]` moved. Counts of accounts, ≥ 0. */
export interface CustomerCounts {
  /** Customers before `from` that had not churned before it (`firstStartDay < from`, `churnDay ≥ from` or none). */
  activeAtStart: number;
  /** Customers whose first contract started in the period. */
  added: number;
  /** Of `activeAtStart`, those with `churnDay` in the period. */
  churnedFromBase: number;
  /** Of `added`, those that also churned in the period. */
  addedAndChurned: number;
  /** `churnedFromBase + addedAndChurned`. */
  churned: number;
  /** Customers on `to`: `activeAtStart + added − churned` (one that churned on `to` is gone). */
  activeAtEnd: number;
}

/** The churn day, ignoring one before the first start (inconsistent data: treated as not churned). */
function effectiveChurnDay(a: Pick<RevenueAccount, 'firstStartDay' | 'churnDay'>): string | null {
  return a.firstStartDay !== null && a.churnDay !== null && a.churnDay >= a.firstStartDay ? a.churnDay : null;
}

/**
 * Whether an account was a customer at some time in `[from, to]`: it started on or before `to` and had not
 * churned before `from` (the accounts {@link customerCounts} counts as active at the start or added).
 * @example isCustomerIn({ firstStartDay: '2026-05-20', churnDay: null }, '2026-05-01', '2026-05-31') // true
 */
export function isCustomerIn(
  a: Pick<RevenueAccount, 'firstStartDay' | 'churnDay'>,
  from: string,
  to: string,
): boolean {
  if (a.firstStartDay === null || a.firstStartDay > to) return false;
  const churnDay = effectiveChurnDay(a);
  return churnDay === null || churnDay >= from;
}

/**
 * Counts the customers of the inclusive period `[from, to]`. A customer is an account with a
 * `firstStartDay`; `churnDay` is its last day as a customer, so one churning on `from` was active at the
 * start and churned in the period. A churn day before the first start (inconsistent data) counts as none.
 * @example customerCounts([{ accountId: 1, firstStartDay: '2025-01-01', churnDay: '2026-05-10', segmentId: null, ownerEmail: null, seats: null }], '2026-05-01', '2026-05-31') // { activeAtStart: 1, added: 0, churnedFromBase: 1, addedAndChurned: 0, churned: 1, activeAtEnd: 0 }
 */
export function customerCounts(
  accounts: readonly Pick<RevenueAccount, 'firstStartDay' | 'churnDay'>[],
  from: string,
  to: string,
): CustomerCounts {
  const c: CustomerCounts = {
    activeAtStart: 0,
    added: 0,
    churnedFromBase: 0,
    addedAndChurned: 0,
    churned: 0,
    activeAtEnd: 0,
  };
  for (const a of accounts) {
    if (!isCustomerIn(a, from, to)) continue;
    const start = a.firstStartDay ?? from;
    const churnDay = effectiveChurnDay(a);
    const churnedInPeriod = churnDay !== null && inPeriod(churnDay, from, to);
    if (start < from) {
      c.activeAtStart++;
      if (churnedInPeriod) c.churnedFromBase++;
    } else {
      c.added++;
      if (churnedInPeriod) c.addedAndChurned++;
    }
  }
  c.churned = c.churnedFromBase + c.addedAndChurned;
  c.activeAtEnd = c.activeAtStart + c.added - c.churned;
  return c;
}

/**
 * Logo churn rate (seed 001): (churned of the customers at the start + customers added and lost in the
 * same period) ÷ customers active at the start. A fraction ≥ 0 (it can exceed 1 when many customers added
 * in the period also leave in it); null when there was no customer at the start.
 * @example logoChurnRate({ activeAtStart: 1000, churned: 64 }) // 0.064
 */
export function logoChurnRate(counts: { activeAtStart: number; churned: number }): number | null {
  return ratio(counts.churned, counts.activeAtStart);
}

/**
 * A period's churn rate spread evenly over its months (the usual SaaS simplification, not compounded):
 * `rate ÷ months`. Null when the rate is null or the period has no length.
 * @example monthlyChurnRate(0.12, 12) // 0.01
 */
export function monthlyChurnRate(periodRate: number | null, months: number): number | null {
  return periodRate === null || !(months > 0) ? null : periodRate / months;
}

/**
 * Customer retention cost (seed 001, CRC): CS spend of the period ÷ customers retained through it
 * (active at the start and not churned in it). Minor units per retained customer; null when none was.
 * @example retentionCost(1_500_000, 300) // 5000
 */
export function retentionCost(csSpendMinor: number, retainedCustomers: number): number | null {
  return ratio(csSpendMinor, retainedCustomers);
}
