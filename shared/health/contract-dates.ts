/**
 * One contract as {@link contractDates} reads it. Days are `YYYY-MM-DD`, both period bounds inclusive;
 * `renewalDueDate: null` means `periodEnd`; `outcome` is the renewal outcome (`'churned'`, `'renewed'`, …)
 * or null while pending.
 * @example const c: ContractTerm = { periodStart: '2026-01-01', periodEnd: '2026-12-31', renewalDueDate: '2026-11-30', outcome: null };
 */
export interface ContractTerm {
  periodStart: string;
  periodEnd: string;
  renewalDueDate: string | null;
  outcome: string | null;
  /** `'once'` marks a one-off (set-up, consulting): it neither restarts the lifecycle nor renews, so it is ignored. */
  interval?: string;
}

/**
 * What an account's contracts say on `day`: `contractStartDate` and `renewalDate` replace the account's
 * group-trait dates, and `churnedOn` (a day ≤ `day`) makes the account churned from that day on.
 */
export interface ContractDates {
  contractStartDate: string | null;
  renewalDate: string | null;
  churnedOn: string | null;
}

/** `a` (later in the array than `b`) started later, or on the same day: the later-written row wins a tie. */
const later = (a: ContractTerm, b: ContractTerm) => a.periodStart >= b.periodStart;

/**
 * An account's contract dates on `day` (`YYYY-MM-DD`), or null when no contract started on or before it
 * (the account's group-trait dates then stand). Only contracts started by `day` count, and one-offs (`interval: 'once'`) never do. The contract in
 * force on `day` (`periodStart ≤ day ≤ periodEnd`; of several, the latest started) — else the latest one
 * started before it — gives `contractStartDate` = its `periodStart` and `renewalDate` = its
 * `renewalDueDate` (or `periodEnd` when that is null). When the latest-started contract has outcome
 * `'churned'` and ended on or before `day`, `churnedOn` is its `periodEnd`, else null. Of contracts started
 * on the same day the later in the array (the later-written row: pass them in write order) wins.
 * The SQL twins (worker/scoring/snapshots-store.ts `contractStartSql`, `renewalDateSql`, `churnedOnSql`,
 * `lifecycleStageSql`) apply the same order, the row id standing for the array position.
 * @example contractDates([{ periodStart: '2025-01-01', periodEnd: '2025-12-31', renewalDueDate: '2025-11-30', outcome: 'churned' }], '2026-01-10') // { contractStartDate: '2025-01-01', renewalDate: '2025-11-30', churnedOn: '2025-12-31' }
 */
export function contractDates(contracts: readonly ContractTerm[], day: string): ContractDates | null {
  let inForce: ContractTerm | null = null;
  let last: ContractTerm | null = null;
  for (const c of contracts) {
    if (c.periodStart > day || c.interval === 'once') continue;
    if (!last || later(c, last)) last = c;
    if (c.periodEnd >= day && (!inForce || later(c, inForce))) inForce = c;
  }
  if (!last) return null;
  const current = inForce ?? last;
  return {
    contractStartDate: current.periodStart,
    renewalDate: current.renewalDueDate ?? current.periodEnd,
    churnedOn: last.outcome === 'churned' && last.periodEnd <= day ? last.periodEnd : null,
  };
}
