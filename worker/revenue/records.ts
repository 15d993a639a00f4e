import type { z } from 'zod';
import type {
  advocacyInput,
  contractInput,
  csCostInput,
  leadInput,
  RevenueSettings,
  ticketInput,
} from '../../shared/contracts/revenue';
import { EXPANSION_ITEM_KINDS } from '../../shared/revenue/cltv';
import { toReportingMinor } from '../../shared/revenue/currency';

// How each kind of commercial record becomes a table row: the checks zod cannot make (the account exists,
// the currency has a rate, the reason is configured) and the conversion to the reporting currency.

/** The kinds of record the revenue routes upsert by external id, each with its table and audit entity. */
export const RECORD_KINDS = {
  contracts: { table: 'contracts', entity: 'contract' },
  tickets: { table: 'tickets', entity: 'ticket' },
  csCosts: { table: 'cs_costs', entity: 'cs_cost' },
  leads: { table: 'cs_leads', entity: 'lead' },
  advocacy: { table: 'advocacy', entity: 'advocacy' },
} as const;
export type RecordKind = keyof typeof RECORD_KINDS;

/** A row to upsert: its external id and its columns (snake_case) other than ids and timestamps. */
export interface RecordRow {
  externalId: string;
  columns: Record<string, string | number | null>;
}

/** A problem of one input record: its position in the request, the field, what is wrong. */
export interface RecordIssue {
  index: number;
  field: string;
  message: string;
}

/** What the checks need: account ids by external id and the revenue settings. */
export interface RecordContext {
  accountIds: ReadonlyMap<string, number>;
  settings: RevenueSettings;
}

type Inputs = {
  contracts: z.output<typeof contractInput>;
  tickets: z.output<typeof ticketInput>;
  csCosts: z.output<typeof csCostInput>;
  leads: z.output<typeof leadInput>;
  advocacy: z.output<typeof advocacyInput>;
};

type Issue = Omit<RecordIssue, 'index'>;

class Row {
  readonly issues: Issue[] = [];
  constructor(readonly ctx: RecordContext) {}

  account(externalId: string, field = 'accountExternalId'): number | null {
    const id = this.ctx.accountIds.get(externalId);
    if (id === undefined) this.issues.push({ field, message: `no account "${externalId}"` });
    return id ?? null;
  }

  /** `amount` in reporting minor units, or an issue naming the missing rate. */
  money(amount: number | undefined, currency: string | undefined, field: string): number | null {
    if (amount === undefined) return null;
    const { reportingCurrency, currencyRates } = this.ctx.settings;
    const from = currency ?? reportingCurrency;
    const converted = toReportingMinor(amount, from, reportingCurrency, currencyRates);
    if (converted === null)
      this.issues.push({
        field: currency === undefined ? field : 'currency',
        message: `no conversion rate from ${from} to the reporting currency ${reportingCurrency}: add one in Settings → Revenue (currencyRates), or send ${reportingCurrency}`,
      });
    return converted;
  }

  reason(key: string | undefined): string | null {
    if (key === undefined) return null;
    if (!this.ctx.settings.renewalReasons.some((r) => r.key === key))
      this.issues.push({
        field: 'outcomeReason',
        message: `unknown renewal reason "${key}": use one of ${this.ctx.settings.renewalReasons.map((r) => r.key).join(', ')}`,
      });
    return key;
  }
}

const ms = (iso: string | undefined) => (iso === undefined ? null : Date.parse(iso));
const bool = (b: boolean | undefined) => (b === undefined ? null : b ? 1 : 0);

const BUILDERS: { [K in RecordKind]: (input: Inputs[K], r: Row) => RecordRow['columns'] } = {
  contracts: (c, r) => {
    const items = (c.items ?? []).map((i) => ({
      kind: i.kind,
      amountMinor: i.amountMinor,
      reportingAmountMinor: r.money(i.amountMinor, c.currency, 'items'),
      source: i.source ?? null,
    }));
    const sumOf = (kind: string) =>
      items.reduce((sum, i) => sum + (i.kind === kind ? Number(i.reportingAmountMinor ?? 0) : 0), 0);
    return {
      account_id: r.account(c.accountExternalId),
      period_start: c.periodStart,
      period_end: c.periodEnd,
      amount_minor: c.amountMinor,
      currency: c.currency,
      reporting_amount_minor: r.money(c.amountMinor, c.currency, 'amountMinor'),
      interval: c.interval,
      renewal_due_date: c.renewalDueDate ?? c.periodEnd,
      outcome: c.outcome ?? null,
      outcome_reason: r.reason(c.outcomeReason),
      outcome_note: c.outcomeNote ?? null,
      renewed_amount_minor: c.renewedAmountMinor ?? null,
      reporting_renewed_amount_minor: r.money(c.renewedAmountMinor, c.currency, 'renewedAmountMinor'),
      items: JSON.stringify(items),
      // What GET /api/metrics reads of the lines, kept beside them so it never parses the JSON.
      expansion_lines: items.filter((i) => EXPANSION_ITEM_KINDS.includes(i.kind)).length,
      premium_csm_minor: sumOf('premium_csm'),
      consulting_minor: sumOf('consulting'),
    };
  },
  tickets: (t, r) => ({
    account_id: r.account(t.accountExternalId),
    opened_at: ms(t.openedAt),
    first_response_at: ms(t.firstResponseAt),
    resolved_at: ms(t.resolvedAt),
    resolved_on_first_contact: bool(t.resolvedOnFirstContact),
    channel: t.channel ?? null,
  }),
  csCosts: (c, r) => ({
    period_start: c.periodStart,
    period_end: c.periodEnd,
    amount_minor: c.amountMinor,
    currency: c.currency,
    reporting_amount_minor: r.money(c.amountMinor, c.currency, 'amountMinor'),
    category: c.category ?? null,
  }),
  leads: (l, r) => ({
    account_id: r.account(l.accountExternalId),
    title: l.title,
    submitted_on: l.submittedOn,
    status: l.status,
    assigned_on: l.assignedOn ?? null,
    accepted_on: l.acceptedOn ?? null,
    closed_on: l.closedOn ?? null,
    won_arr_minor: l.wonArrMinor ?? null,
    currency: l.wonArrMinor === undefined ? null : (l.currency ?? r.ctx.settings.reportingCurrency),
    reporting_won_arr_minor: r.money(l.wonArrMinor, l.currency, 'wonArrMinor'),
    crm_url: l.crmUrl ?? null,
    submitted_by: l.submittedBy?.toLowerCase() ?? null,
  }),
  advocacy: (a, r) => ({
    account_id: r.account(a.accountExternalId),
    kind: a.kind,
    occurred_on: a.occurredOn,
    referred_account_name: a.referredAccountName ?? null,
    referral_arr_minor: a.referralArrMinor ?? null,
    currency: a.referralArrMinor === undefined ? null : (a.currency ?? r.ctx.settings.reportingCurrency),
    reporting_referral_arr_minor: r.money(a.referralArrMinor, a.currency, 'referralArrMinor'),
    note: a.note ?? null,
  }),
};

/** The account external ids a list of inputs names (cs costs name none). */
export function accountRefs(inputs: readonly object[]): string[] {
  return [
    ...new Set(
      inputs.flatMap((i) =>
        'accountExternalId' in i && typeof i.accountExternalId === 'string' ? [i.accountExternalId] : [],
      ),
    ),
  ];
}

/**
 * Validated inputs → rows to upsert, or every problem (unknown account, no rate for a currency, reason not
 * configured, an external id twice in one request). Rows are only usable when `issues` is empty.
 * @example buildRows('tickets', [ticket], { accountIds, settings }) // { rows: [{ externalId, columns }], issues: [] }
 */
export function buildRows<K extends RecordKind>(
  kind: K,
  inputs: readonly Inputs[K][],
  ctx: RecordContext,
): { rows: RecordRow[]; issues: RecordIssue[] } {
  const rows: RecordRow[] = [];
  const issues: RecordIssue[] = [];
  const firstIndex = new Map<string, number>();
  inputs.forEach((input, index) => {
    const row = new Row(ctx);
    const columns = BUILDERS[kind](input, row);
    const seen = firstIndex.get(input.externalId);
    if (seen !== undefined)
      row.issues.push({ field: 'externalId', message: `"${input.externalId}" appears more than once` });
    else firstIndex.set(input.externalId, index);
    issues.push(...row.issues.map((i) => ({ index, ...i })));
    rows.push({ externalId: input.externalId, columns });
  });
  return { rows, issues };
}
