import { addDays } from '../time';
import { annualRecurringMinor } from './mrr';
import { inPeriod, ratio } from './periods';
import type { RenewalOutcome, RevenueContract, TierOnDay } from './types';

// Renewals (seed 002 "续费率 / 续约率 / 流失率"): a recurring contract is due on its renewal due date
// (its end when none is set); decided renewals are the denominators, pending ones are only counted.

/**
 * Whether an outcome kept the customer: `renewed`, `expanded`, `downgraded` and `opted_out` (an opt-out
 * CS turned around) did, `churned` did not; false for a pending (null) one.
 * @example isRenewed('opted_out') // true
 */
export function isRenewed(outcome: RenewalOutcome | null): boolean {
  return outcome !== null && outcome !== 'churned';
}

/**
 * The day a contract's renewal is decided: `renewalDueDate`, or `periodEnd` when none is set.
 * @example renewalDueDay({ periodEnd: '2026-12-31', renewalDueDate: null }) // '2026-12-31'
 */
export function renewalDueDay(contract: Pick<RevenueContract, 'periodEnd' | 'renewalDueDate'>): string {
  return contract.renewalDueDate ?? contract.periodEnd;
}

/**
 * The recurring contracts due for renewal in `[from, to]` (`once` contracts are never renewed).
 * @example renewalsDueIn([{ interval: 'year', periodEnd: '2026-12-31', renewalDueDate: null }], '2026-12-01', '2026-12-31').length // 1
 */
export function renewalsDueIn<C extends Pick<RevenueContract, 'interval' | 'periodEnd' | 'renewalDueDate'>>(
  contracts: readonly C[],
  from: string,
  to: string,
): C[] {
  return contracts.filter((c) => c.interval !== 'once' && inPeriod(renewalDueDay(c), from, to));
}

/**
 * ARR a renewal kept, annualised from the renewed amount per the contract's interval (minor units, ≥ 0).
 * When `renewedAmountMinor` is unknown it never overstates: `renewed` and `opted_out` renewed on the
 * same terms (the contract's own amount), `expanded` at least at it (its own amount, a lower bound),
 * `downgraded` at an unknown lower amount (0). A churned or pending renewal kept nothing (0).
 * @example renewedArrMinor({ amountMinor: 100_000, interval: 'month', outcome: 'expanded', renewedAmountMinor: 120_000 }) // 1_440_000
 */
export function renewedArrMinor(
  contract: Pick<RevenueContract, 'amountMinor' | 'interval' | 'outcome' | 'renewedAmountMinor'>,
): number {
  if (!isRenewed(contract.outcome)) return 0;
  const amount =
    contract.renewedAmountMinor ?? (contract.outcome === 'downgraded' ? 0 : contract.amountMinor);
  return annualRecurringMinor(amount, contract.interval);
}

/**
 * ARR that came up for renewal: the contract's own amount annualised (minor units, ≥ 0).
 * @example dueArrMinor({ amountMinor: 30_000, interval: 'quarter' }) // 120_000
 */
export function dueArrMinor(contract: Pick<RevenueContract, 'amountMinor' | 'interval'>): number {
  return annualRecurringMinor(contract.amountMinor, contract.interval);
}

/** Renewals due in a period: counts and ARR, minor units unrounded. */
export interface RenewalSummary {
  /** Due in the period, decided or not. */
  due: number;
  /** With an outcome (`renewed + churned`). */
  decided: number;
  renewed: number;
  churned: number;
  /** No outcome yet: counted here, left out of every rate. */
  pending: number;
  /** ARR of the decided renewals, annualised contract amounts. */
  decidedArrMinor: number;
  /** ARR the renewed ones kept ({@link renewedArrMinor}). */
  renewedArrMinor: number;
  /** ARR of renewals decided `opted_out` (customer gave notice, CS retained it). */
  optedOutRetainedArrMinor: number;
}

/**
 * Renewals sharing everything the renewal metrics read: interval, outcome, reason and the tier at the start of
 * the window. The metrics are sums over renewals, so a group stands for its `count` renewals exactly; the
 * worker's SQL groups the period's renewals this way (worker/revenue/metrics-store.ts) instead of sending
 * each one.
 */
export interface RenewalGroup {
  interval: RevenueContract['interval'];
  outcome: RenewalOutcome | null;
  reason: string | null;
  tier: string | null;
  count: number;
  /** Σ amountMinor. */
  amountMinor: number;
  /** Σ renewedAmountMinor of those that have one. */
  renewedAmountMinor: number;
  /** Σ amountMinor of those without a renewedAmountMinor. */
  unpricedAmountMinor: number;
}

/**
 * One renewal as a group of one (`tier` as given).
 * @example renewalGroup({ amountMinor: 100, interval: 'month', outcome: null, outcomeReason: null, renewedAmountMinor: null }).count // 1
 */
export function renewalGroup(
  c: Pick<RevenueContract, 'amountMinor' | 'interval' | 'outcome' | 'renewedAmountMinor'> &
    Partial<Pick<RevenueContract, 'outcomeReason'>>,
  tier: string | null = null,
): RenewalGroup {
  return {
    interval: c.interval,
    outcome: c.outcome,
    reason: c.outcomeReason ?? null,
    tier,
    count: 1,
    amountMinor: c.amountMinor,
    renewedAmountMinor: c.renewedAmountMinor ?? 0,
    unpricedAmountMinor: c.renewedAmountMinor === null ? c.amountMinor : 0,
  };
}

/** ARR a group of renewals kept ({@link renewedArrMinor} summed); 0 unless renewed. */
function groupRenewedArrMinor(g: RenewalGroup): number {
  if (!isRenewed(g.outcome)) return 0;
  const unpriced = g.outcome === 'downgraded' ? 0 : g.unpricedAmountMinor;
  return annualRecurringMinor(g.renewedAmountMinor + unpriced, g.interval);
}

/**
 * Summarises renewals (contracts already due in the period, see {@link renewalsDueIn}).
 * @example summariseRenewals([]).decided // 0
 */
export function summariseRenewals(
  due: readonly Pick<RevenueContract, 'amountMinor' | 'interval' | 'outcome' | 'renewedAmountMinor'>[],
): RenewalSummary {
  return summariseRenewalGroups(due.map((c) => renewalGroup(c)));
}

/**
 * {@link summariseRenewals} of grouped renewals.
 * @example summariseRenewalGroups([{ interval: 'year', outcome: 'renewed', reason: null, tier: null, count: 2, amountMinor: 200, renewedAmountMinor: 0, unpricedAmountMinor: 200 }]).renewedArrMinor // 200
 */
export function summariseRenewalGroups(groups: readonly RenewalGroup[]): RenewalSummary {
  const s: RenewalSummary = {
    due: 0,
    decided: 0,
    renewed: 0,
    churned: 0,
    pending: 0,
    decidedArrMinor: 0,
    renewedArrMinor: 0,
    optedOutRetainedArrMinor: 0,
  };
  for (const g of groups) {
    s.due += g.count;
    if (g.outcome === null) {
      s.pending += g.count;
      continue;
    }
    s.decided += g.count;
    s.decidedArrMinor += annualRecurringMinor(g.amountMinor, g.interval);
    if (g.outcome === 'churned') {
      s.churned += g.count;
      continue;
    }
    s.renewed += g.count;
    const kept = groupRenewedArrMinor(g);
    s.renewedArrMinor += kept;
    if (g.outcome === 'opted_out') s.optedOutRetainedArrMinor += kept;
  }
  return s;
}

/**
 * Renewal rate by count (seed 002 "续约率"): renewed ÷ decided renewals, 0..1; null when none was decided.
 * @example renewalRateCount({ renewed: 45, decided: 50 }) // 0.9
 */
export function renewalRateCount(s: { renewed: number; decided: number }): number | null {
  return ratio(s.renewed, s.decided);
}

/**
 * The second churn definition (seed 002 "流失率"): renewals decided `churned` ÷ decided renewals, 0..1;
 * null when none was decided. `unrenewedRate + renewalRateCount = 1` when both exist.
 * @example unrenewedRate({ churned: 5, decided: 50 }) // 0.1
 */
export function unrenewedRate(s: { churned: number; decided: number }): number | null {
  return ratio(s.churned, s.decided);
}

/**
 * Renewal rate by amount (seed 002 "续费率"): ARR renewed ÷ ARR due of the decided renewals, ≥ 0 (above 1
 * when expansions outweigh churn); null when no ARR was due.
 * @example renewalRateAmount({ renewedArrMinor: 1_100_000, decidedArrMinor: 1_000_000 }) // 1.1
 */
export function renewalRateAmount(s: { renewedArrMinor: number; decidedArrMinor: number }): number | null {
  return ratio(s.renewedArrMinor, s.decidedArrMinor);
}

/** Decided renewals of one tier at the start of their renewal window. */
export interface TierRenewals {
  /** Tier key, or null when the account was not scored then. */
  tier: string | null;
  renewalsDue: number;
  renewed: number;
  /** `renewed / renewalsDue`, 0..1; null when 0 due. */
  renewalRate: number | null;
}

/** Orders keys by plain string comparison (not locale), null last. */
function byKeyNullLast(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

/**
 * Decided renewals grouped by the account's tier on the first day of its renewal window
 * (`due − windowDays`), so the tier is the one CS saw when the window opened, not the outcome's
 * aftermath. Pending renewals are left out. Sorted by tier key, not scored (null) last.
 * @example renewalsByTier([{ accountId: 1, interval: 'year', periodEnd: '2026-12-31', renewalDueDate: null, outcome: 'renewed' }], () => 'green', 90) // [{ tier: 'green', renewalsDue: 1, renewed: 1, renewalRate: 1 }]
 */
export function renewalsByTier(
  due: readonly Pick<
    RevenueContract,
    | 'accountId'
    | 'periodEnd'
    | 'renewalDueDate'
    | 'outcome'
    | 'amountMinor'
    | 'interval'
    | 'renewedAmountMinor'
  >[],
  tierOnDay: TierOnDay,
  windowDays: number,
): TierRenewals[] {
  return renewalsByTierOfGroups(
    due
      .filter((c) => c.outcome !== null)
      .map((c) => renewalGroup(c, tierOnDay(c.accountId, addDays(renewalDueDay(c), -windowDays)))),
  );
}

/**
 * {@link renewalsByTier} of grouped renewals (each group's `tier` already the one at its window's start).
 * @example renewalsByTierOfGroups([{ interval: 'year', outcome: 'churned', reason: null, tier: 'red', count: 2, amountMinor: 2, renewedAmountMinor: 0, unpricedAmountMinor: 2 }]) // [{ tier: 'red', renewalsDue: 2, renewed: 0, renewalRate: 0 }]
 */
export function renewalsByTierOfGroups(groups: readonly RenewalGroup[]): TierRenewals[] {
  const byTier = new Map<string | null, TierRenewals>();
  for (const g of groups) {
    if (g.outcome === null) continue;
    const t = byTier.get(g.tier) ?? { tier: g.tier, renewalsDue: 0, renewed: 0, renewalRate: null };
    t.renewalsDue += g.count;
    if (isRenewed(g.outcome)) t.renewed += g.count;
    byTier.set(g.tier, t);
  }
  return [...byTier.values()]
    .map((t) => ({ ...t, renewalRate: ratio(t.renewed, t.renewalsDue) }))
    .sort((a, b) => byKeyNullLast(a.tier, b.tier));
}

/** Decided renewals of one outcome reason; ARR in minor units, unrounded. */
export interface ReasonRenewals {
  /** A configured reason key, or null for none given. */
  reason: string | null;
  churned: number;
  /** ARR lost: the churned contracts' own amounts, annualised. */
  churnedArrMinor: number;
  renewed: number;
  /** ARR kept ({@link renewedArrMinor}). */
  renewedArrMinor: number;
}

/**
 * Decided renewals grouped by `outcomeReason` (pending ones left out), sorted by reason key, null last.
 * @example renewalsByReason([{ amountMinor: 1000, interval: 'month', outcome: 'churned', outcomeReason: 'price', renewedAmountMinor: null }]) // [{ reason: 'price', churned: 1, churnedArrMinor: 12_000, renewed: 0, renewedArrMinor: 0 }]
 */
export function renewalsByReason(
  due: readonly Pick<
    RevenueContract,
    'amountMinor' | 'interval' | 'outcome' | 'outcomeReason' | 'renewedAmountMinor'
  >[],
): ReasonRenewals[] {
  return renewalsByReasonOfGroups(due.map((c) => renewalGroup(c)));
}

/**
 * {@link renewalsByReason} of grouped renewals.
 * @example renewalsByReasonOfGroups([]) // []
 */
export function renewalsByReasonOfGroups(groups: readonly RenewalGroup[]): ReasonRenewals[] {
  const byReason = new Map<string | null, ReasonRenewals>();
  for (const g of groups) {
    if (g.outcome === null) continue;
    const r = byReason.get(g.reason) ?? {
      reason: g.reason,
      churned: 0,
      churnedArrMinor: 0,
      renewed: 0,
      renewedArrMinor: 0,
    };
    if (g.outcome === 'churned') {
      r.churned += g.count;
      r.churnedArrMinor += annualRecurringMinor(g.amountMinor, g.interval);
    } else {
      r.renewed += g.count;
      r.renewedArrMinor += groupRenewedArrMinor(g);
    }
    byReason.set(g.reason, r);
  }
  return [...byReason.values()].sort((a, b) => byKeyNullLast(a.reason, b.reason));
}
