import { sql } from 'drizzle-orm';
import type { AccountRevenue, Contract } from '../../shared/contracts/revenue';
import { isoOrNull } from '../../shared/time';
import type { Db } from '../common/db';

type Row = Record<string, unknown>;
const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
const int = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const iso = (v: unknown) => isoOrNull(int(v));

function contractOf(r: Row, account: string): Contract {
  return {
    externalId: String(r.external_id),
    accountExternalId: account,
    periodStart: String(r.period_start),
    periodEnd: String(r.period_end),
    amountMinor: Number(r.amount_minor),
    currency: String(r.currency),
    reportingAmountMinor: Number(r.reporting_amount_minor),
    interval: r.interval as Contract['interval'],
    renewalDueDate: String(r.renewal_due_date),
    outcome: (r.outcome ?? null) as Contract['outcome'],
    outcomeReason: str(r.outcome_reason),
    outcomeNote: str(r.outcome_note),
    renewedAmountMinor: int(r.renewed_amount_minor),
    reportingRenewedAmountMinor: int(r.reporting_renewed_amount_minor),
    items: JSON.parse(String(r.items)) as Contract['items'],
    updatedAt: new Date(Number(r.updated_at)).toISOString(),
  };
}

/**
 * Everything commercial about one account, newest first (at most 500 of each kind).
 * @example const { contracts } = await accountRevenue(db, 7, 'acme', 'USD')
 */
export async function accountRevenue(
  db: Db,
  accountId: number,
  externalId: string,
  reportingCurrency: string,
): Promise<AccountRevenue> {
  const [contracts, tickets, leads, advocacy] = await Promise.all([
    db.all<Row>(
      sql`SELECT * FROM contracts WHERE account_id = ${accountId} ORDER BY period_start DESC, id DESC LIMIT 500`,
    ),
    db.all<Row>(
      sql`SELECT * FROM tickets WHERE account_id = ${accountId} ORDER BY opened_at DESC, id DESC LIMIT 500`,
    ),
    db.all<Row>(
      sql`SELECT * FROM cs_leads WHERE account_id = ${accountId} ORDER BY submitted_on DESC, id DESC LIMIT 500`,
    ),
    db.all<Row>(
      sql`SELECT * FROM advocacy WHERE account_id = ${accountId} ORDER BY occurred_on DESC, id DESC LIMIT 500`,
    ),
  ]);
  return {
    reportingCurrency,
    contracts: contracts.map((r) => contractOf(r, externalId)),
    tickets: tickets.map((r) => ({
      externalId: String(r.external_id),
      accountExternalId: externalId,
      openedAt: iso(r.opened_at)!,
      firstResponseAt: iso(r.first_response_at),
      resolvedAt: iso(r.resolved_at),
      resolvedOnFirstContact: r.resolved_on_first_contact === null ? null : r.resolved_on_first_contact === 1,
      channel: str(r.channel),
    })),
    leads: leads.map((r) => ({
      externalId: String(r.external_id),
      accountExternalId: externalId,
      title: String(r.title),
      submittedOn: String(r.submitted_on),
      status: r.status as AccountRevenue['leads'][number]['status'],
      assignedOn: str(r.assigned_on),
      acceptedOn: str(r.accepted_on),
      closedOn: str(r.closed_on),
      wonArrMinor: int(r.won_arr_minor),
      currency: str(r.currency),
      reportingWonArrMinor: int(r.reporting_won_arr_minor),
      crmUrl: str(r.crm_url),
      submittedBy: str(r.submitted_by),
    })),
    advocacy: advocacy.map((r) => ({
      externalId: String(r.external_id),
      accountExternalId: externalId,
      kind: r.kind as AccountRevenue['advocacy'][number]['kind'],
      occurredOn: String(r.occurred_on),
      referredAccountName: str(r.referred_account_name),
      referralArrMinor: int(r.referral_arr_minor),
      currency: str(r.currency),
      reportingReferralArrMinor: int(r.reporting_referral_arr_minor),
      note: str(r.note),
    })),
  };
}

/** Every CS cost, newest period first. */
export async function listCsCosts(db: Db) {
  const rows = await db.all<Row>(sql`SELECT * FROM cs_costs ORDER BY period_start DESC, id DESC`);
  return rows.map((r) => ({
    externalId: String(r.external_id),
    periodStart: String(r.period_start),
    periodEnd: String(r.period_end),
    amountMinor: Number(r.amount_minor),
    currency: String(r.currency),
    reportingAmountMinor: Number(r.reporting_amount_minor),
    category: str(r.category),
  }));
}
