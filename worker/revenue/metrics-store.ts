import { type SQL, sql } from 'drizzle-orm';
import { DEFAULT_TIERS } from '../../shared/health';
import type {
  Advocacy,
  CsCost,
  CsLead,
  RevenueAccount,
  RevenueContract,
  RevenueTicket,
  RevenueTransition,
} from '../../shared/revenue/types';
import { addDays } from '../../shared/time';
import type { Db } from '../common/db';
import { batchAll } from '../common/raw-sql';
import { winsAndSaves } from '../dashboard/wins-store';
import { ownerIs } from '../scoring/snapshots-store';
import { getTransitionSettings } from '../settings/store';

/** Which accounts the metrics cover: all customers, or those of a segment, owner or tier on `to`. */
export interface MetricsScope {
  from: string;
  to: string;
  segment?: string;
  /** CSM email, `me` already resolved. */
  owner?: string;
  tier?: string;
}

const DAY_MS = 86_400_000;

// The account's latest snapshot on or before `to` (primary key seek per account).
const snapshotOn = (to: string) =>
  sql`s.account_id = a.id AND s.period = (SELECT max(x.period) FROM score_snapshots x WHERE x.account_id = a.id AND x.period <= ${to})`;

/**
 * The accounts in scope (customers: at least one contract), with their first contract start and churn day.
 * An account churns at the end of its last contract when that one's outcome is `churned`, or on the
 * `churnedAt` trait's day when its `status` trait says churned.
 */
function accountsSql(q: MetricsScope): SQL {
  const needSnapshot = q.segment !== undefined || q.tier !== undefined;
  return sql`SELECT a.id, a.owner_email, a.seats, ${needSnapshot ? sql`s.segment_id, s.tier` : sql`NULL AS segment_id, NULL AS tier`},
      (SELECT min(c.period_start) FROM contracts c WHERE c.account_id = a.id) AS first_start,
      (SELECT CASE WHEN c.outcome = 'churned' THEN c.period_end END FROM contracts c
        WHERE c.account_id = a.id AND c.interval <> 'once' ORDER BY c.period_start DESC, c.id DESC LIMIT 1) AS contract_churn,
      CASE WHEN json_valid(a.traits) AND lower(json_extract(a.traits, '$.status')) = 'churned'
        THEN substr(json_extract(a.traits, '$.churnedAt'), 1, 10) END AS trait_churn
    FROM accounts a
    ${needSnapshot ? sql`JOIN score_snapshots s ON ${snapshotOn(q.to)}` : sql``}
    WHERE EXISTS (SELECT 1 FROM contracts c WHERE c.account_id = a.id)
      ${q.owner ? sql`AND ${ownerIs(q.owner)}` : sql``}
      ${q.segment ? sql`AND s.segment_id = ${q.segment}` : sql``}
      ${q.tier ? sql`AND s.tier = ${q.tier}` : sql``}`;
}

const validDay = (d: unknown): d is string =>
  typeof d === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(d) && !Number.isNaN(Date.parse(d));

type Row = Record<string, unknown>;
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/** Everything `revenueMetrics` reads for a scope, in two round trips. */
export async function loadMetricsInput(db: Db, q: MetricsScope) {
  const accountRows = await db.all<Row>(accountsSql(q));
  const accounts: RevenueAccount[] = accountRows.map((r) => {
    const churns = [r.contract_churn, r.trait_churn].filter(validDay).sort();
    return {
      accountId: Number(r.id),
      firstStartDay: (r.first_start as string | null) ?? null,
      churnDay: churns[0] ?? null,
      segmentId: (r.segment_id as string | null) ?? null,
      ownerEmail: (r.owner_email as string | null) ?? null,
      seats: num(r.seats),
    };
  });
  // Without a filter every customer is in scope: no id list to send.
  const all = !q.segment && !q.owner && !q.tier;
  const ids = JSON.stringify(accounts.map((a) => a.accountId));
  const of = (col: string) =>
    all ? sql`1` : sql`${sql.identifier(col)} IN (SELECT value FROM json_each(${ids}))`;
  const fromMs = Date.parse(q.from);
  const toMs = Date.parse(q.to) + DAY_MS;
  const [contractRows, ticketRows, costRows, leadRows, advocacyRows, improveRows] = await batchAll<
    [Row, Row, Row, Row, Row, Row]
  >(db, [
    sql`SELECT account_id, external_id, period_start, period_end, reporting_amount_minor, interval, renewal_due_date,
        outcome, outcome_reason, reporting_renewed_amount_minor, items FROM contracts WHERE ${of('account_id')}`,
    sql`SELECT account_id, opened_at, first_response_at, resolved_at, resolved_on_first_contact FROM tickets
        WHERE opened_at >= ${fromMs} AND opened_at < ${toMs} AND ${of('account_id')}`,
    sql`SELECT period_start, period_end, reporting_amount_minor FROM cs_costs
        WHERE period_start <= ${q.to} AND period_end >= ${q.from}`,
    sql`SELECT account_id, submitted_on, status, accepted_on, closed_on, reporting_won_arr_minor FROM cs_leads WHERE ${of('account_id')}`,
    sql`SELECT account_id, kind, occurred_on, reporting_referral_arr_minor FROM advocacy WHERE ${of('account_id')}`,
    sql`SELECT account_id, period FROM tier_transitions WHERE kind = 'improve' AND period BETWEEN ${q.from} AND ${q.to}
        AND ${of('account_id')}`,
  ]);
  const inScope = new Set(accounts.map((a) => a.accountId));
  const contracts: RevenueContract[] = contractRows.map((r) => ({
    accountId: Number(r.account_id),
    externalId: String(r.external_id),
    periodStart: String(r.period_start),
    periodEnd: String(r.period_end),
    amountMinor: Number(r.reporting_amount_minor),
    interval: r.interval as RevenueContract['interval'],
    renewalDueDate: String(r.renewal_due_date),
    outcome: (r.outcome ?? null) as RevenueContract['outcome'],
    outcomeReason: (r.outcome_reason as string | null) ?? null,
    renewedAmountMinor: num(r.reporting_renewed_amount_minor),
    items: (
      JSON.parse(String(r.items)) as { kind: string; reportingAmountMinor: number; source: string | null }[]
    ).map((i) => ({
      kind: i.kind as RevenueContract['items'][number]['kind'],
      amountMinor: i.reportingAmountMinor,
      source: i.source as RevenueContract['items'][number]['source'],
    })),
  }));
  const tickets: RevenueTicket[] = ticketRows.map((r) => ({
    accountId: Number(r.account_id),
    openedAt: Number(r.opened_at),
    firstResponseAt: num(r.first_response_at),
    resolvedAt: num(r.resolved_at),
    resolvedOnFirstContact: r.resolved_on_first_contact === null ? null : r.resolved_on_first_contact === 1,
  }));
  const costs: CsCost[] = costRows.map((r) => ({
    periodStart: String(r.period_start),
    periodEnd: String(r.period_end),
    amountMinor: Number(r.reporting_amount_minor),
  }));
  const leads: CsLead[] = leadRows.map((r) => ({
    accountId: Number(r.account_id),
    submittedOn: String(r.submitted_on),
    status: r.status as CsLead['status'],
    acceptedOn: (r.accepted_on as string | null) ?? null,
    closedOn: (r.closed_on as string | null) ?? null,
    wonArrMinor: num(r.reporting_won_arr_minor),
  }));
  const advocacy: Advocacy[] = advocacyRows.map((r) => ({
    accountId: Number(r.account_id),
    kind: r.kind as Advocacy['kind'],
    occurredOn: String(r.occurred_on),
    referralArrMinor: num(r.reporting_referral_arr_minor),
  }));
  // Wins and saves counted as the dashboard counts them (hysteresis, once per renewal cycle).
  const order = DEFAULT_TIERS.map((t) => t.key);
  const counted = await winsAndSaves(db, {
    segment: q.segment,
    owner: q.owner,
    from: q.from,
    to: q.to,
    hysteresisDays: (await getTransitionSettings(db)).hysteresisDays,
    rank: (tier) => (order.includes(tier) ? order.indexOf(tier) : undefined),
  });
  const transitions: RevenueTransition[] = [
    ...counted.counted.map((t) => ({ accountId: t.accountId, day: t.period, kind: t.kind })),
    ...improveRows.map((r) => ({
      accountId: Number(r.account_id),
      day: String(r.period),
      kind: 'improvement' as const,
    })),
  ].filter((t) => inScope.has(t.accountId));
  return { accounts, contracts, tickets, costs, leads, advocacy, transitions };
}

/**
 * The tier of each (account, day) pair: the account's latest snapshot on that day or in the 7 days before it
 * (a run may have skipped a day), else null. Keyed `accountId|day`.
 */
export async function tiersOnDays(
  db: Db,
  pairs: readonly { accountId: number; day: string }[],
): Promise<Map<string, string | null>> {
  const out = new Map<string, string | null>();
  const unique = [...new Map(pairs.map((p) => [`${p.accountId}|${p.day}`, p])).values()];
  for (let i = 0; i < unique.length; i += 2000) {
    const chunk = JSON.stringify(
      unique.slice(i, i + 2000).map((p) => [p.accountId, p.day, addDays(p.day, -7)]),
    );
    const rows = await db.all<{ account_id: number; day: string; tier: string | null }>(sql`
      SELECT json_extract(j.value, '$[0]') AS account_id, json_extract(j.value, '$[1]') AS day,
        (SELECT x.tier FROM score_snapshots x WHERE x.account_id = json_extract(j.value, '$[0]')
          AND x.period <= json_extract(j.value, '$[1]') AND x.period >= json_extract(j.value, '$[2]')
          ORDER BY x.period DESC LIMIT 1) AS tier
      FROM json_each(${chunk}) j`);
    for (const r of rows) out.set(`${r.account_id}|${r.day}`, r.tier);
  }
  return out;
}
