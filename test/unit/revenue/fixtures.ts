import type { RevenueAccount, RevenueContract, RevenueTicket } from '../../../shared/revenue';

let seq = 0;

/** A yearly contract of account 1 for 2026 unless told otherwise. */
export function contract(over: Partial<RevenueContract> = {}): RevenueContract {
  seq++;
  return {
    accountId: 1,
    externalId: `c-${seq}`,
    periodStart: '2026-01-01',
    periodEnd: '2026-12-31',
    amountMinor: 1_200_000,
    interval: 'year',
    renewalDueDate: null,
    outcome: null,
    outcomeReason: null,
    renewedAmountMinor: null,
    items: [],
    ...over,
  };
}

export function account(
  accountId: number,
  firstStartDay: string | null,
  churnDay: string | null = null,
): RevenueAccount {
  return { accountId, firstStartDay, churnDay, segmentId: null, ownerEmail: null, seats: null };
}

/** A ticket opened at `opened` (ISO), answered `responseMinutes` later. */
export function ticket(
  opened: string,
  responseMinutes: number | null,
  resolvedOnFirstContact: boolean | null,
  accountId = 1,
): RevenueTicket {
  const openedAt = Date.parse(opened);
  return {
    accountId,
    openedAt,
    firstResponseAt: responseMinutes === null ? null : openedAt + responseMinutes * 60_000,
    resolvedAt: resolvedOnFirstContact ? openedAt + 3_600_000 : null,
    resolvedOnFirstContact,
  };
}
