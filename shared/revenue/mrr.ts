import { daysInclusive, periodMonths, ratio } from './periods';
import type { ContractInterval, RevenueContract } from './types';

// Contract amounts turned into monthly and annual recurring revenue, and the MRR movement of a period.
// Every amount here is unrounded minor units: money is rounded once, at the output of `revenueMetrics`.

/** Months one charge of a recurring interval covers. */
const INTERVAL_MONTHS: Record<Exclude<ContractInterval, 'once'>, number> = { month: 1, quarter: 3, year: 12 };

/**
 * Monthly recurring amount of a charge of `amountMinor` per `interval`: month ×1, quarter ÷3, year ÷12;
 * `once` is not recurring (0). Minor units, unrounded, ≥ 0 for a non-negative amount.
 * @example monthlyRecurringMinor(1_200_000, 'year') // 100_000
 */
export function monthlyRecurringMinor(amountMinor: number, interval: ContractInterval): number {
  return interval === 'once' ? 0 : amountMinor / INTERVAL_MONTHS[interval];
}

/**
 * Annual recurring amount (ARR) of a charge per `interval`: month ×12, quarter ×4, year ×1; `once` is 0.
 * @example annualRecurringMinor(30_000, 'quarter') // 120_000
 */
export function annualRecurringMinor(amountMinor: number, interval: ContractInterval): number {
  return interval === 'once' ? 0 : (amountMinor * 12) / INTERVAL_MONTHS[interval];
}

/**
 * What a whole contract term is worth (total contract value), minor units: a one-off's amount; a
 * recurring term's monthly amount × its calendar months (`periodStart` … `periodEnd` inclusive), so a
 * year-long annual term is worth one `amountMinor` and a three-month monthly term three. Pass `amountMinor`
 * to value one line of the contract (charged on the contract's interval) instead of its whole amount.
 * @example termValueMinor({ periodStart: '2026-01-01', periodEnd: '2026-03-31', amountMinor: 500, interval: 'month' }) // 1500
 */
export function termValueMinor(
  contract: Pick<RevenueContract, 'periodStart' | 'periodEnd' | 'amountMinor' | 'interval'>,
  amountMinor = contract.amountMinor,
): number {
  if (contract.interval === 'once') return amountMinor;
  const months = periodMonths(contract.periodStart, contract.periodEnd);
  return monthlyRecurringMinor(amountMinor, contract.interval) * months;
}

/**
 * The share of a term's value earned in `[from, to]`: a one-off in full when its term starts in the
 * period (else 0); a recurring amount as its term value × days of the term inside the period ÷ days of
 * the term. Minor units, unrounded.
 * @example earnedInPeriodMinor({ periodStart: '2026-01-01', periodEnd: '2026-12-31', interval: 'year' }, 365_000, '2026-01-01', '2026-01-31') // 31_000
 */
export function earnedInPeriodMinor(
  contract: Pick<RevenueContract, 'periodStart' | 'periodEnd' | 'interval'>,
  amountMinor: number,
  from: string,
  to: string,
): number {
  if (contract.interval === 'once')
    return contract.periodStart >= from && contract.periodStart <= to ? amountMinor : 0;
  const start = contract.periodStart > from ? contract.periodStart : from;
  const end = contract.periodEnd < to ? contract.periodEnd : to;
  const inside = daysInclusive(start, end);
  if (inside === 0) return 0;
  const termDays = daysInclusive(contract.periodStart, contract.periodEnd);
  return (termValueMinor({ ...contract, amountMinor }) * inside) / termDays;
}

/**
 * MRR on `day` of a set of contracts: the monthly recurring amount of every recurring contract with
 * `periodStart ≤ day ≤ periodEnd`, summed. Minor units, unrounded.
 * @example mrrFromContracts([{ periodStart: '2026-01-01', periodEnd: '2026-12-31', amountMinor: 1_200_000, interval: 'year' }], '2026-06-30') // 100_000
 */
export function mrrFromContracts(
  contracts: readonly Pick<RevenueContract, 'periodStart' | 'periodEnd' | 'amountMinor' | 'interval'>[],
  day: string,
): number {
  let mrr = 0;
  for (const c of contracts)
    if (c.periodStart <= day && day <= c.periodEnd) mrr += monthlyRecurringMinor(c.amountMinor, c.interval);
  return mrr;
}

/**
 * MRR on `day` per account id, for accounts with at least one contract in force (MRR may be 0 when only
 * one-offs are). Minor units, unrounded.
 * @example mrrByAccount([{ accountId: 1, periodStart: '2026-01-01', periodEnd: '2026-01-31', amountMinor: 900, interval: 'month' }], '2026-01-10').get(1) // 900
 */
export function mrrByAccount(
  contracts: readonly Pick<
    RevenueContract,
    'accountId' | 'periodStart' | 'periodEnd' | 'amountMinor' | 'interval'
  >[],
  day: string,
): Map<number, number> {
  const byAccount = new Map<number, number>();
  for (const c of contracts) {
    if (c.periodStart > day || day > c.periodEnd) continue;
    const mrr = monthlyRecurringMinor(c.amountMinor, c.interval);
    byAccount.set(c.accountId, (byAccount.get(c.accountId) ?? 0) + mrr);
  }
  return byAccount;
}

/**
 * The article's identity MRR = paying accounts × ARPA, minor units.
 * @example mrrFromArpa(1000, 750) // 750_000
 */
export function mrrFromArpa(payingAccounts: number, arpaMinor: number): number {
  return payingAccounts * arpaMinor;
}

/**
 * Average revenue per (paying) account: MRR ÷ accounts with MRR > 0, minor units per month; null when
 * no account pays.
 * @example arpa(750_000, 1000) // 750
 */
export function arpa(mrrMinor: number, payingAccounts: number): number | null {
  return ratio(mrrMinor, payingAccounts);
}

/**
 * How MRR moved between two days, per account: new (0 → > 0, a returning customer included), expansion
 * (an increase), contraction (a decrease that stays > 0) and churned (> 0 → 0). Minor units per month,
 * each ≥ 0, and `startMrrMinor + new + expansion − contraction − churned = endMrrMinor`.
 */
export interface MrrMovement {
  startMrrMinor: number;
  newMrrMinor: number;
  expansionMrrMinor: number;
  contractionMrrMinor: number;
  churnedMrrMinor: number;
  endMrrMinor: number;
}

/**
 * The {@link MrrMovement} from per-account MRR on the day before a period to per-account MRR on its last
 * day. An account missing from a map has MRR 0 there. Unrounded.
 * @example mrrMovement(new Map([[1, 100], [2, 50]]), new Map([[1, 120], [3, 10]])) // { startMrrMinor: 150, newMrrMinor: 10, expansionMrrMinor: 20, contractionMrrMinor: 0, churnedMrrMinor: 50, endMrrMinor: 130 }
 */
export function mrrMovement(
  start: ReadonlyMap<number, number>,
  end: ReadonlyMap<number, number>,
): MrrMovement {
  const m: MrrMovement = {
    startMrrMinor: 0,
    newMrrMinor: 0,
    expansionMrrMinor: 0,
    contractionMrrMinor: 0,
    churnedMrrMinor: 0,
    endMrrMinor: 0,
  };
  for (const id of new Set([...start.keys(), ...end.keys()])) {
    const before = start.get(id) ?? 0;
    const after = end.get(id) ?? 0;
    m.startMrrMinor += before;
    m.endMrrMinor += after;
    if (before <= 0 && after > 0) m.newMrrMinor += after;
    else if (before > 0 && after <= 0) m.churnedMrrMinor += before;
    else if (after > before) m.expansionMrrMinor += after - before;
    else if (after < before) m.contractionMrrMinor += before - after;
  }
  return m;
}

/**
 * A movement rounded to whole minor units that still reconciles exactly: start and end are rounded to
 * the nearest unit (so a period's start equals the previous period's end), and each flow is rounded down
 * or up — never by a unit or more — choosing the ones with the largest remainders so that
 * `start + new + expansion − contraction − churned = end` holds in integers.
 * @example roundMovement({ startMrrMinor: 100.4, newMrrMinor: 0.3, expansionMrrMinor: 0.3, contractionMrrMinor: 0, churnedMrrMinor: 0, endMrrMinor: 101 }) // { startMrrMinor: 100, newMrrMinor: 1, expansionMrrMinor: 0, contractionMrrMinor: 0, churnedMrrMinor: 0, endMrrMinor: 101 }
 */
export function roundMovement(m: MrrMovement): MrrMovement {
  const startMrrMinor = roundMrr(m.startMrrMinor);
  const endMrrMinor = roundMrr(m.endMrrMinor);
  const flows = [
    { key: 'newMrrMinor', sign: 1 },
    { key: 'expansionMrrMinor', sign: 1 },
    { key: 'contractionMrrMinor', sign: -1 },
    { key: 'churnedMrrMinor', sign: -1 },
  ].map(({ key, sign }) => {
    const exact = m[key as keyof MrrMovement];
    const floor = Math.floor(exact);
    return { key: key as keyof MrrMovement, sign, value: floor, remainder: exact - floor };
  });
  let missing = endMrrMinor - startMrrMinor - flows.reduce((s, f) => s + f.sign * f.value, 0);
  // Rounding a positive flow up raises the end; a negative flow, lowers it. The remainders of the flows of
  // the needed sign always add up to more than `missing − 1`, so enough of them have a remainder.
  const sign = Math.sign(missing);
  const candidates = flows.filter((f) => f.sign === sign).sort((a, b) => b.remainder - a.remainder);
  for (const f of candidates) {
    if (missing === 0) break;
    f.value += 1;
    missing -= sign;
  }
  const out = { ...m, startMrrMinor, endMrrMinor };
  for (const f of flows) out[f.key] = f.value;
  return out;
}

/**
 * An MRR to the nearest minor unit, halves up. Every MRR is a multiple of 1/12 of a unit (month ×1,
 * quarter ÷3, year ÷12), so an exact half is a real tie; summed in floating point it may come out as
 * …49999999, so a nudge far below 1/12 makes every tie round the same way (else a period's start and end
 * could round apart and a flow be off by a whole unit).
 * @example roundMrr(68079.49999999999) // 68080
 */
export function roundMrr(x: number): number {
  return Math.round(x + 1e-6);
}

/**
 * Gross revenue retention: (start MRR − contraction − churned) ÷ start MRR, 0..1; null when start MRR is 0.
 * @example grr({ startMrrMinor: 1000, newMrrMinor: 0, expansionMrrMinor: 100, contractionMrrMinor: 50, churnedMrrMinor: 150, endMrrMinor: 900 }) // 0.8
 */
export function grr(m: MrrMovement): number | null {
  return ratio(m.startMrrMinor - m.contractionMrrMinor - m.churnedMrrMinor, m.startMrrMinor);
}

/**
 * Net revenue retention: (start MRR + expansion − contraction − churned) ÷ start MRR, ≥ 0 (may exceed 1);
 * null when start MRR is 0. New accounts are not in it.
 * @example nrr({ startMrrMinor: 1000, newMrrMinor: 0, expansionMrrMinor: 100, contractionMrrMinor: 50, churnedMrrMinor: 150, endMrrMinor: 900 }) // 0.9
 */
export function nrr(m: MrrMovement): number | null {
  return ratio(
    m.startMrrMinor + m.expansionMrrMinor - m.contractionMrrMinor - m.churnedMrrMinor,
    m.startMrrMinor,
  );
}
