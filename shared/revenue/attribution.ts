import { earnedInPeriodMinor, mrrFromContracts } from './mrr';
import { inPeriod, ratio } from './periods';
import { renewalDueDay, renewedArrMinor } from './renewals';
import {
  ADVOCACY_KINDS,
  type Advocacy,
  type AdvocacyKind,
  type CsLead,
  type RevenueContract,
  type RevenueTransition,
} from './types';

// What the CS team can show it earned (seed 002): wins and saves with the ARR that renewed or grew after
// them, CS-qualified leads (CSQL) and their won ARR, advocacy (CSQA) and referral ARR, and the premium-CSM
// and consulting revenue CSMs bill directly.

/** ARR attributed to one win or save, minor units, unrounded, each ≥ 0. */
export interface AttributedArr {
  /** Annualised renewed amount of the account's next renewal after the change (0 if it churned or is pending). */
  renewedArrMinor: number;
  /** How much the account's ARR grew from the change to that renewal. */
  expansionArrMinor: number;
}

/**
 * ARR that followed an account's tier change on `day`. The next renewal is the account's recurring
 * contracts due on the first due day strictly after `day` (co-terminous contracts renew together).
 * Renewed ARR = what they renewed at (0 when churned or still pending). Expansion = ARR on that due day,
 * with each decided contract replaced by what it renewed at, minus ARR on `day`, floored at 0: mid-term
 * upsells and a larger renewal both count. With no renewal after `day`, expansion is measured on `to`.
 * @example attributedArr([{ accountId: 1, externalId: 'a', periodStart: '2026-01-01', periodEnd: '2026-12-31', amountMinor: 1200, interval: 'year', renewalDueDate: null, outcome: 'expanded', outcomeReason: null, renewedAmountMinor: 1500, items: [] }], '2026-03-01', '2026-03-31') // { renewedArrMinor: 1500, expansionArrMinor: 300 }
 */
export function attributedArr(
  accountContracts: readonly RevenueContract[],
  day: string,
  to: string,
): AttributedArr {
  let nextDue: string | null = null;
  for (const c of accountContracts) {
    const due = renewalDueDay(c);
    if (c.interval !== 'once' && due > day && (nextDue === null || due < nextDue)) nextDue = due;
  }
  const before = 12 * mrrFromContracts(accountContracts, day);
  if (nextDue === null)
    return {
      renewedArrMinor: 0,
      expansionArrMinor: Math.max(0, 12 * mrrFromContracts(accountContracts, to) - before),
    };
  const renewing = accountContracts.filter((c) => c.interval !== 'once' && renewalDueDay(c) === nextDue);
  const others = accountContracts.filter((c) => !renewing.includes(c) || c.outcome === null);
  let renewed = 0;
  for (const c of renewing) if (c.outcome !== null) renewed += renewedArrMinor(c);
  const after = 12 * mrrFromContracts(others, nextDue) + renewed;
  return { renewedArrMinor: renewed, expansionArrMinor: Math.max(0, after - before) };
}

/** The CS-value figures of a period; money in minor units, unrounded. */
export interface Attribution {
  /** Accounts with a win / save / other improvement in the period, each account once per kind. */
  wins: number;
  saves: number;
  improvements: number;
  winsRenewedArrMinor: number;
  savesRenewedArrMinor: number;
  winsExpansionArrMinor: number;
  savesExpansionArrMinor: number;
  /** CSQLs submitted in the period. */
  csqls: number;
  /** Of them, accepted by sales (an `acceptedOn` day, or status accepted or won). */
  csqlsAccepted: number;
  /** `csqlsAccepted / csqls`, 0..1; null when none was submitted. */
  csqlAcceptanceRate: number | null;
  /** ARR of CSQLs closed won in the period (whenever submitted). */
  csqlWonArrMinor: number;
  /** Advocacy records (CSQA) in the period, all kinds. */
  csqas: number;
  /** Per advocacy kind, every kind present (0 when none). */
  csqasByKind: Record<AdvocacyKind, number>;
  /** ARR of the accounts referrals in the period brought in. */
  referralArrMinor: number;
  /** Premium-CSM lines billed in the period (recurring ones prorated by days, one-offs when they start). */
  premiumCsmRevenueMinor: number;
  /** Consulting lines billed in the period, likewise. */
  consultingRevenueMinor: number;
}

/** Per account, the latest transition of each counted kind in the period. */
function latestByAccount(
  transitions: readonly RevenueTransition[],
  kind: RevenueTransition['kind'],
  from: string,
  to: string,
): Map<number, string> {
  const latest = new Map<number, string>();
  for (const t of transitions) {
    if (t.kind !== kind || !inPeriod(t.day, from, to)) continue;
    const seen = latest.get(t.accountId);
    if (seen === undefined || t.day > seen) latest.set(t.accountId, t.day);
  }
  return latest;
}

function arrAfter(
  changes: ReadonlyMap<number, string>,
  contractsByAccount: ReadonlyMap<number, readonly RevenueContract[]>,
  to: string,
): AttributedArr {
  const sum: AttributedArr = { renewedArrMinor: 0, expansionArrMinor: 0 };
  for (const [accountId, day] of changes) {
    const arr = attributedArr(contractsByAccount.get(accountId) ?? [], day, to);
    sum.renewedArrMinor += arr.renewedArrMinor;
    sum.expansionArrMinor += arr.expansionArrMinor;
  }
  return sum;
}

/**
 * CSQL counts of leads submitted in `[from, to]` and won ARR of leads closed won in it.
 * @example leadSummary([{ accountId: 1, submittedOn: '2026-05-02', status: 'won', acceptedOn: '2026-05-03', closedOn: '2026-05-20', wonArrMinor: 50_000 }], '2026-05-01', '2026-05-31') // { csqls: 1, csqlsAccepted: 1, csqlAcceptanceRate: 1, csqlWonArrMinor: 50_000 }
 */
export function leadSummary(
  leads: readonly CsLead[],
  from: string,
  to: string,
): Pick<Attribution, 'csqls' | 'csqlsAccepted' | 'csqlAcceptanceRate' | 'csqlWonArrMinor'> {
  let csqls = 0;
  let csqlsAccepted = 0;
  let csqlWonArrMinor = 0;
  for (const l of leads) {
    if (inPeriod(l.submittedOn, from, to)) {
      csqls++;
      if (l.acceptedOn !== null || l.status === 'accepted' || l.status === 'won') csqlsAccepted++;
    }
    if (l.status === 'won' && l.closedOn !== null && inPeriod(l.closedOn, from, to))
      csqlWonArrMinor += l.wonArrMinor ?? 0;
  }
  return { csqls, csqlsAccepted, csqlAcceptanceRate: ratio(csqlsAccepted, csqls), csqlWonArrMinor };
}

/**
 * CSQA counts (by kind, every kind listed) and referral ARR of advocacy in `[from, to]`.
 * @example advocacySummary([{ accountId: 1, kind: 'referral', occurredOn: '2026-05-02', referralArrMinor: 90_000 }], '2026-05-01', '2026-05-31').referralArrMinor // 90_000
 */
export function advocacySummary(
  advocacy: readonly Advocacy[],
  from: string,
  to: string,
): Pick<Attribution, 'csqas' | 'csqasByKind' | 'referralArrMinor'> {
  const csqasByKind = Object.fromEntries(ADVOCACY_KINDS.map((k) => [k, 0])) as Record<AdvocacyKind, number>;
  let csqas = 0;
  let referralArrMinor = 0;
  for (const a of advocacy) {
    if (!inPeriod(a.occurredOn, from, to)) continue;
    csqas++;
    csqasByKind[a.kind]++;
    if (a.kind === 'referral') referralArrMinor += a.referralArrMinor ?? 0;
  }
  return { csqas, csqasByKind, referralArrMinor };
}

/**
 * Revenue of premium-CSM and consulting lines billed in `[from, to]` (see `earnedInPeriodMinor`).
 * @example servicesRevenue([{ accountId: 1, externalId: 'x', periodStart: '2026-05-10', periodEnd: '2026-05-10', amountMinor: 80_000, interval: 'once', renewalDueDate: null, outcome: null, outcomeReason: null, renewedAmountMinor: null, items: [{ kind: 'consulting', amountMinor: 80_000, source: null }] }], '2026-05-01', '2026-05-31') // { premiumCsmRevenueMinor: 0, consultingRevenueMinor: 80_000 }
 */
export function servicesRevenue(
  contracts: readonly RevenueContract[],
  from: string,
  to: string,
): Pick<Attribution, 'premiumCsmRevenueMinor' | 'consultingRevenueMinor'> {
  return servicesRevenueOfGroups(serviceGroups(contracts), from, to);
}

/**
 * Premium-CSM or consulting lines of terms of one shape (start, end, interval): what
 * {@link servicesRevenue} reads, summed. Earned revenue is linear in the line amount, so a group stands for
 * its lines exactly; the worker's SQL groups them this way.
 */
export interface ServiceGroup {
  periodStart: string;
  periodEnd: string;
  interval: RevenueContract['interval'];
  kind: 'premium_csm' | 'consulting';
  /** Σ of the lines' amounts, minor units per interval. */
  amountMinor: number;
}

/**
 * The premium-CSM and consulting lines of contracts, one group each.
 * @example serviceGroups([]) // []
 */
export function serviceGroups(contracts: readonly RevenueContract[]): ServiceGroup[] {
  const groups: ServiceGroup[] = [];
  for (const c of contracts)
    for (const item of c.items)
      if (item.kind === 'premium_csm' || item.kind === 'consulting')
        groups.push({
          periodStart: c.periodStart,
          periodEnd: c.periodEnd,
          interval: c.interval,
          kind: item.kind,
          amountMinor: item.amountMinor,
        });
  return groups;
}

/**
 * {@link servicesRevenue} of grouped lines.
 * @example servicesRevenueOfGroups([{ periodStart: '2026-05-10', periodEnd: '2026-05-10', interval: 'once', kind: 'consulting', amountMinor: 500 }], '2026-05-01', '2026-05-31').consultingRevenueMinor // 500
 */
export function servicesRevenueOfGroups(
  groups: readonly ServiceGroup[],
  from: string,
  to: string,
): Pick<Attribution, 'premiumCsmRevenueMinor' | 'consultingRevenueMinor'> {
  let premiumCsmRevenueMinor = 0;
  let consultingRevenueMinor = 0;
  for (const g of groups) {
    const earned = earnedInPeriodMinor(g, g.amountMinor, from, to);
    if (g.kind === 'premium_csm') premiumCsmRevenueMinor += earned;
    else consultingRevenueMinor += earned;
  }
  return { premiumCsmRevenueMinor, consultingRevenueMinor };
}

/**
 * Every CS-value figure of `[from, to]`. `contracts` are all contracts of the accounts (any date): a
 * win's renewal may be decided after the period ends. Each account counts once per kind: the latest
 * change of that kind in the period is the one its ARR is attributed to.
 * @example attribution({ from: '2026-05-01', to: '2026-05-31', contracts: [], transitions: [], leads: [], advocacy: [] }).wins // 0
 */
export function attribution(input: {
  from: string;
  to: string;
  contracts: readonly RevenueContract[];
  transitions: readonly RevenueTransition[];
  leads: readonly CsLead[];
  advocacy: readonly Advocacy[];
  /** The service lines to count, when not those of `contracts` (the worker sends them grouped). */
  services?: readonly ServiceGroup[];
}): Attribution {
  const { from, to } = input;
  const contractsByAccount = new Map<number, RevenueContract[]>();
  for (const c of input.contracts) {
    const list = contractsByAccount.get(c.accountId);
    if (list) list.push(c);
    else contractsByAccount.set(c.accountId, [c]);
  }
  const wins = latestByAccount(input.transitions, 'win', from, to);
  const saves = latestByAccount(input.transitions, 'save', from, to);
  const winsArr = arrAfter(wins, contractsByAccount, to);
  const savesArr = arrAfter(saves, contractsByAccount, to);
  return {
    wins: wins.size,
    saves: saves.size,
    improvements: latestByAccount(input.transitions, 'improvement', from, to).size,
    winsRenewedArrMinor: winsArr.renewedArrMinor,
    savesRenewedArrMinor: savesArr.renewedArrMinor,
    winsExpansionArrMinor: winsArr.expansionArrMinor,
    savesExpansionArrMinor: savesArr.expansionArrMinor,
    ...leadSummary(input.leads, from, to),
    ...advocacySummary(input.advocacy, from, to),
    ...servicesRevenueOfGroups(input.services ?? serviceGroups(input.contracts), from, to),
  };
}
