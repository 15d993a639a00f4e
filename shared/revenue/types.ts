/**
 * The commercial facts the revenue and CS-value metrics read, as plain data. Days are UTC `YYYY-MM-DD`
 * strings (inclusive bounds), instants are epoch ms, money is integer minor units of the installation's one
 * reporting currency (the worker converts other currencies before anything reaches this core).
 */

/** How often a contract's `amountMinor` is charged; `once` is a one-off (consulting, set-up), never recurring. */
export const CONTRACT_INTERVALS = ['month', 'quarter', 'year', 'once'] as const;
export type ContractInterval = (typeof CONTRACT_INTERVALS)[number];

/**
 * What happened when a contract came up for renewal. `renewed`, `expanded` and `downgraded` all renewed
 * (at the same, a higher or a lower amount); `churned` left; `opted_out` asked to leave (the customer gave
 * notice or declined auto-renewal) and was then retained by the CS team — its renewal counts as renewed
 * and its ARR as "opted-out ARR retained".
 */
export const RENEWAL_OUTCOMES = ['renewed', 'churned', 'downgraded', 'expanded', 'opted_out'] as const;
export type RenewalOutcome = (typeof RENEWAL_OUTCOMES)[number];

/** What a contract line sells. `subscription` is the base; the others are expansion or services revenue. */
export const CONTRACT_ITEM_KINDS = [
  'subscription',
  'upsell',
  'cross_sell',
  'add_on',
  'premium_csm',
  'consulting',
] as const;
export type ContractItemKind = (typeof CONTRACT_ITEM_KINDS)[number];

/** Where a line came from: a CS-qualified lead, a proof of concept, or a CSM-assisted sale. */
export const CONTRACT_ITEM_SOURCES = ['csql', 'poc', 'csm_assisted'] as const;
export type ContractItemSource = (typeof CONTRACT_ITEM_SOURCES)[number];

/** A contract line, amount in reporting-currency minor units per the contract's interval. */
export interface RevenueContractItem {
  kind: ContractItemKind;
  amountMinor: number;
  source: ContractItemSource | null;
}

/**
 * One contract (a subscription term) of an account.
 * @example const c: RevenueContract = { accountId: 7, externalId: 'c-1', periodStart: '2026-01-01', periodEnd: '2026-12-31', amountMinor: 1_200_000, interval: 'year', renewalDueDate: '2026-12-31', outcome: 'renewed', outcomeReason: 'value', renewedAmountMinor: 1_320_000, items: [] };
 */
export interface RevenueContract {
  accountId: number;
  externalId: string;
  /** First day of the term, inclusive. */
  periodStart: string;
  /** Last day of the term, inclusive (≥ periodStart). */
  periodEnd: string;
  /** Charged once per `interval` (reporting currency, minor units, ≥ 0). */
  amountMinor: number;
  interval: ContractInterval;
  /** When the renewal decision is due; null means `periodEnd`. */
  renewalDueDate: string | null;
  /** Null while the renewal is pending (or for a term that is not up for renewal). */
  outcome: RenewalOutcome | null;
  /** A key of the configured reason list, or null. */
  outcomeReason: string | null;
  /** Amount per `interval` the customer renewed at (reporting currency); null = unknown/not renewed. */
  renewedAmountMinor: number | null;
  items: readonly RevenueContractItem[];
}

/**
 * An account as the metrics group and filter it. `firstStartDay` is the start of its earliest contract
 * (null: no contract, so it is not a customer for these metrics); `churnDay` the day it churned (the end
 * of its last contract when that one's outcome is `churned`, or when it was marked churned), else null.
 */
export interface RevenueAccount {
  accountId: number;
  firstStartDay: string | null;
  churnDay: string | null;
  segmentId: string | null;
  ownerEmail: string | null;
  /** Seats bought (for expansion candidates); null when unknown. */
  seats: number | null;
}

/** A support ticket (request) of an account. Epoch-ms times. */
export interface RevenueTicket {
  accountId: number;
  openedAt: number;
  firstResponseAt: number | null;
  resolvedAt: number | null;
  /** Resolved in the first contact with the customer (null: not known / not resolved). */
  resolvedOnFirstContact: boolean | null;
}

/** What the CS team spent in a period (salaries, tools…), reporting currency. */
export interface CsCost {
  periodStart: string;
  periodEnd: string;
  amountMinor: number;
}

export const LEAD_STATUSES = ['submitted', 'assigned', 'accepted', 'won', 'lost'] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];

/** A CS-qualified lead (CSQL) handed to sales. `wonArrMinor` is the annual amount won (reporting currency). */
export interface CsLead {
  accountId: number;
  submittedOn: string;
  status: LeadStatus;
  /** Day it was accepted by sales (null: not accepted yet, or never). */
  acceptedOn: string | null;
  /** Day it was closed won or lost. */
  closedOn: string | null;
  wonArrMinor: number | null;
}

export const ADVOCACY_KINDS = ['case_study', 'testimonial', 'reference', 'event_talk', 'referral'] as const;
export type AdvocacyKind = (typeof ADVOCACY_KINDS)[number];

/** A CS-qualified advocacy (CSQA). A referral carries the ARR of the account it brought in. */
export interface Advocacy {
  accountId: number;
  kind: AdvocacyKind;
  occurredOn: string;
  referralArrMinor: number | null;
}

/** A tier change of an account as `shared/health/transitions.ts` classifies it. */
export interface RevenueTransition {
  accountId: number;
  day: string;
  kind: 'win' | 'save' | 'improvement' | 'decline';
}

/**
 * The tier an account held on a day (from its score snapshots), or null when it was not scored then.
 * The worker answers it from stored snapshots; the core asks it for the start of each renewal window.
 */
export type TierOnDay = (accountId: number, day: string) => string | null;
