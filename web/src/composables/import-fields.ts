import type { ContractInput, ImportKind, LeadInput, TicketInput } from '../api/revenue';

// What each CSV import can fill: the fields of `contractInput`, `ticketInput` and `leadInput` in
// shared/contracts/revenue.ts (a contract's nested `items` cannot come from a CSV). Records over the contracts'
// types rather than the schemas' keys: importing the schemas would pull zod into this chunk, and a record fails to
// compile when a field is missing or unknown. Pure.

const CONTRACT_FIELDS: Record<keyof Omit<ContractInput, 'items'>, true> = {
  accountExternalId: true,
  externalId: true,
  periodStart: true,
  periodEnd: true,
  amountMinor: true,
  currency: true,
  interval: true,
  renewalDueDate: true,
  outcome: true,
  outcomeReason: true,
  outcomeNote: true,
  renewedAmountMinor: true,
};
const TICKET_FIELDS: Record<keyof TicketInput, true> = {
  accountExternalId: true,
  externalId: true,
  openedAt: true,
  firstResponseAt: true,
  resolvedAt: true,
  resolvedOnFirstContact: true,
  channel: true,
};
const LEAD_FIELDS: Record<keyof LeadInput, true> = {
  accountExternalId: true,
  externalId: true,
  title: true,
  submittedOn: true,
  status: true,
  assignedOn: true,
  acceptedOn: true,
  closedOn: true,
  wonArrMinor: true,
  currency: true,
  crmUrl: true,
  submittedBy: true,
};

/** The kinds of import, as `IMPORT_KINDS` in shared/contracts/revenue.ts (test/web checks they agree). */
export const IMPORT_KIND_LIST: readonly ImportKind[] = ['contracts', 'tickets', 'leads'];
/** Largest CSV the API takes, bytes: `MAX_IMPORT_BYTES` in shared/contracts/revenue.ts (test/web checks it). */
export const MAX_IMPORT_BYTES = 2_000_000;

/** The importable fields of a kind, in the contract's order. */
export const IMPORT_FIELDS: Record<ImportKind, readonly string[]> = {
  contracts: Object.keys(CONTRACT_FIELDS),
  tickets: Object.keys(TICKET_FIELDS),
  leads: Object.keys(LEAD_FIELDS),
};

const normalise = (name: string) => name.toLowerCase().replace(/[\s_]/g, '');

/**
 * The starting column mapping: each field to the first header that names it, compared case-insensitively without
 * `_` and spaces (`Account_External_ID` → `accountExternalId`); '' when no header does.
 * @example prefillMapping(['externalId', 'account external id'], ['accountExternalId', 'externalId']) // { accountExternalId: 'account external id', externalId: 'externalId' }
 */
export function prefillMapping(
  headers: readonly string[],
  fields: readonly string[],
): Record<string, string> {
  return Object.fromEntries(
    fields.map((field) => [field, headers.find((h) => normalise(h) === normalise(field)) ?? '']),
  );
}
