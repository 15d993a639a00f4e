import type { RevenueContract } from './types';

// Contract facts win over account traits for the lifecycle stage and the renewal date: what was signed is
// more reliable than a CRM field someone forgot to update.

type DatedContract = Pick<
  RevenueContract,
  'periodStart' | 'periodEnd' | 'renewalDueDate' | 'outcome' | 'interval'
>;

/** An account's contract dates on a day. */
export interface ContractDates {
  /** Start of the contract that defines the account on that day. */
  contractStartDate: string | null;
  /** Its renewal due date (`periodEnd` when none is set); null for a one-off without one. */
  renewalDate: string | null;
  /** The day the account churned (its last contract's end), when that is on or before the day. */
  churnedOn: string | null;
}

/**
 * Whether `a` should stand for the account before `b`: recurring before one-off (a consulting project
 * does not make a subscription), then the earlier start (an add-on bought mid-term does not restart the
 * lifecycle), then the later end.
 */
function defines(a: DatedContract, b: DatedContract): boolean {
  if ((a.interval === 'once') !== (b.interval === 'once')) return b.interval === 'once';
  if (a.periodStart !== b.periodStart) return a.periodStart < b.periodStart;
  return a.periodEnd > b.periodEnd;
}

/** Whether `a` is a later term than `b`: recurring before one-off, then the later start, then the later end. */
function later(a: DatedContract, b: DatedContract): boolean {
  if ((a.interval === 'once') !== (b.interval === 'once')) return b.interval === 'once';
  if (a.periodStart !== b.periodStart) return a.periodStart > b.periodStart;
  return a.periodEnd > b.periodEnd;
}

/**
 * An account's contract dates on `day`, from its contracts. The defining contract is the one in force on
 * `day` (`periodStart ≤ day ≤ periodEnd`; among several, a recurring one, then the earliest started);
 * with none in force, the latest started before `day`. Null when no contract started on or before `day`.
 * `churnedOn` is the end of the latest contract started on or before `day` (recurring preferred) when its
 * outcome is `churned` and that end is on or before `day`.
 * @example contractDates([{ periodStart: '2026-01-01', periodEnd: '2026-12-31', renewalDueDate: null, outcome: null, interval: 'year' }], '2026-03-01') // { contractStartDate: '2026-01-01', renewalDate: '2026-12-31', churnedOn: null }
 */
export function contractDates(contracts: readonly DatedContract[], day: string): ContractDates | null {
  let inForce: DatedContract | null = null;
  let latest: DatedContract | null = null;
  for (const c of contracts) {
    if (c.periodStart > day) continue;
    if (c.periodEnd >= day && (inForce === null || defines(c, inForce))) inForce = c;
    if (latest === null || later(c, latest)) latest = c;
  }
  if (latest === null) return null;
  const defining = inForce ?? latest;
  const renewalDate =
    defining.interval === 'once' ? defining.renewalDueDate : (defining.renewalDueDate ?? defining.periodEnd);
  const churnedOn = latest.outcome === 'churned' && latest.periodEnd <= day ? latest.periodEnd : null;
  return { contractStartDate: defining.periodStart, renewalDate, churnedOn };
}
