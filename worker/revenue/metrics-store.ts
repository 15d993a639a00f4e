import { type SQL, sql } from 'drizzle-orm';
import { DEFAULT_TIERS } from '../../shared/health';
import type { TicketTotals } from '../../shared/revenue/support';
import type {
  Advocacy,
  CsCost,
  CsLead,
  RevenueAccount,
  RevenueContract,
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
  // CROSS JOIN keeps accounts the outer loop: the snapshot is a primary-key seek per account, where a scan of
  // score_snapshots filtered by segment reads every snapshot's explanations. The last contract is the first
  // entry of contracts_account_end_idx walked backwards (no sort per account).
  return sql`SELECT a.id, a.owner_email, a.seats, ${needSnapshot ? sql`s.segment_id, s.tier` : sql`NULL AS segment_id, NULL AS tier`},
      (SELECT min(c.period_start) FROM contracts c WHERE c.account_id = a.id) AS first_start,
      (SELECT CASE WHEN c.outcome = 'churned' THEN c.period_end END FROM contracts c
        WHERE c.account_id = a.id AND c.interval <> 'once' ORDER BY c.period_start DESC, c.id DESC LIMIT 1) AS contract_churn,
      CASE WHEN json_valid(a.traits) AND lower(json_extract(a.traits, '$.status')) = 'churned'
        THEN substr(json_extract(a.traits, '$.churnedAt'), 1, 10) END AS trait_churn
    FROM accounts a
    ${needSnapshot ? sql`CROSS JOIN score_snapshots s ON ${snapshotOn(q.to)}` : sql``}
    WHERE EXISTS (SELECT 1 FROM contracts c WHERE c.account_id = a.id)
      ${q.owner ? sql`AND ${ownerIs(q.owner)}` : sql``}
      ${q.segment ? sql`AND s.segment_id = ${q.segment}` : sql``}
      ${q.tier ? sql`AND s.tier = ${q.tier}` : sql``}`;
}

/**
 * The contracts `revenueMetrics` reads (see its `contracts`): in force on a day from `fromMinus1` to `to`, due in
 * the period, or of an account with a win or save in it; with, for a renewal due in the period, the tier at the
 * start of its window (the latest snapshot on that day or in the 7 days before it; null without one: never
 * when no snapshot is that old).
 */
function contractsSql(q: MetricsScope, scope: SQL | null, windowDays: number): SQL {
  // MRR sums floats contract by contract: a fixed order keeps the last digit from depending on the plan (all
  // customers: the table's order; a scope: its accounts' contracts account by account, by start).
  const order = scope ? sql`c.account_id, c.period_start` : sql`c.id`;
  const fromMinus1 = addDays(q.from, -1);
  const windowStart = sql`date(c.renewal_due_date, ${`-${windowDays} days`})`;
  // Items only where a line the metrics read can be (premium CSM, consulting, expansion lines of a contract
  // overlapping the period): a match anywhere in the text is a superset, so nothing read is left out.
  const readLines = sql`(instr(c.items, 'premium_csm') OR instr(c.items, 'consulting') OR instr(c.items, 'upsell')
    OR instr(c.items, 'cross_sell') OR instr(c.items, 'add_on'))`;
  return sql`SELECT c.account_id, c.external_id, c.period_start, c.period_end, c.reporting_amount_minor, c.interval,
        c.renewal_due_date, c.outcome, c.outcome_reason, c.reporting_renewed_amount_minor,
        CASE WHEN c.period_start <= ${q.to} AND c.period_end >= ${q.from} AND ${readLines} THEN c.items END AS items,
        CASE WHEN c.interval <> 'once' AND c.renewal_due_date BETWEEN ${q.from} AND ${q.to}
            AND ${windowStart} >= (SELECT min(period) FROM score_snapshots)
          THEN (SELECT x.tier FROM score_snapshots x WHERE x.account_id = c.account_id AND x.period <= ${windowStart}
            AND x.period >= date(c.renewal_due_date, ${`-${windowDays + 7} days`}) ORDER BY x.period DESC LIMIT 1) END AS window_tier
    FROM contracts c
    WHERE ${scope ?? sql`1`} AND ((c.period_start <= ${q.to} AND c.period_end >= ${fromMinus1})
      OR c.renewal_due_date BETWEEN ${q.from} AND ${q.to}
      OR c.account_id IN (SELECT t.account_id FROM tier_transitions t
        WHERE t.kind IN ('win', 'save') AND t.period BETWEEN ${q.from} AND ${q.to}))
    ORDER BY ${order}`;
}

const validDay = (d: unknown): d is string =>
  typeof d === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(d) && !Number.isNaN(Date.parse(d));

type Row = Record<string, unknown>;
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/**
 * Everything `revenueMetrics` reads for a scope, and the tier at the start of each renewal window
 * (`windowDays` before a renewal due in the period; keyed `accountId|day`), in at most two round trips besides
 * the wins and saves (which run alongside). Tickets come as totals, not one row each.
 */
export async function loadMetricsInput(db: Db, q: MetricsScope, windowDays: number) {
  // Wins and saves counted as the dashboard counts them (hysteresis, once per renewal cycle).
  const order = DEFAULT_TIERS.map((t) => t.key);
  const countedP = getTransitionSettings(db).then((settings) =>
    winsAndSaves(db, {
      segment: q.segment,
      owner: q.owner,
      from: q.from,
      to: q.to,
      hysteresisDays: settings.hysteresisDays,
      rank: (tier) => (order.includes(tier) ? order.indexOf(tier) : undefined),
    }),
  );
  // Without a filter every customer is in scope: no id list to send, and the accounts go in the same batch.
  const all = !q.segment && !q.owner && !q.tier;
  const scoped = all ? null : await db.all<Row>(accountsSql(q));
  const ids = JSON.stringify((scoped ?? []).map((a) => Number(a.id)));
  const of = (col: string) =>
    all ? sql`1` : sql`${sql.identifier(col)} IN (SELECT value FROM json_each(${ids}))`;
  // Tickets: the period's range of the covering index, the scope only checked (`+` keeps the planner from a
  // seek per account on tickets_account_idx, which reads every ticket row).
  const ticketScope = all ? sql`1` : sql`+account_id IN (SELECT value FROM json_each(${ids}))`;
  const fromMs = Date.parse(q.from);
  const toMs = Date.parse(q.to) + DAY_MS;
  const responded = sql`SELECT max(0, first_response_at - opened_at) AS ms FROM tickets
    WHERE opened_at >= ${fromMs} AND opened_at < ${toMs} AND first_response_at IS NOT NULL AND ${ticketScope}`;
  const [
    allAccountRows,
    contractRows,
    ticketRows,
    middleRows,
    costRows,
    leadRows,
    advocacyRows,
    improveRows,
  ] = await batchAll<[Row, Row, Row, Row, Row, Row, Row, Row]>(db, [
    all ? accountsSql(q) : sql`SELECT 1 WHERE 0`,
    contractsSql(q, all ? null : of('account_id'), windowDays),
    sql`SELECT count(*) AS n, coalesce(sum(resolved_on_first_contact = 1), 0) AS fcr FROM tickets
        WHERE opened_at >= ${fromMs} AND opened_at < ${toMs} AND ${ticketScope}`,
    // The middle one (odd count) or two (even count) of the sorted response times: all the median reads.
    sql`WITH r AS (${responded}), n AS (SELECT count(*) AS n FROM r)
        SELECT ms FROM r ORDER BY ms LIMIT (SELECT 2 - n % 2 FROM n) OFFSET (SELECT (n - 1) / 2 FROM n)`,
    sql`SELECT period_start, period_end, reporting_amount_minor FROM cs_costs
        WHERE period_start <= ${q.to} AND period_end >= ${q.from}`,
    // The leads and advocacy the period counts: submitted or closed won in it, occurred in it.
    sql`SELECT account_id, submitted_on, status, accepted_on, closed_on, reporting_won_arr_minor FROM cs_leads
        WHERE ${of('account_id')} AND (submitted_on BETWEEN ${q.from} AND ${q.to}
          OR (status = 'won' AND closed_on BETWEEN ${q.from} AND ${q.to}))`,
    sql`SELECT account_id, kind, occurred_on, reporting_referral_arr_minor FROM advocacy
        WHERE ${of('account_id')} AND occurred_on BETWEEN ${q.from} AND ${q.to}`,
    sql`SELECT account_id, period FROM tier_transitions WHERE kind = 'improve' AND period BETWEEN ${q.from} AND ${q.to}
        AND ${of('account_id')}`,
  ]);
  const accounts: RevenueAccount[] = (scoped ?? allAccountRows).map((r) => {
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
  const windowTiers = new Map<string, string | null>();
  const contracts: RevenueContract[] = contractRows.map((r) => {
    const accountId = Number(r.account_id);
    const renewalDueDate = String(r.renewal_due_date);
    if (r.window_tier !== null)
      windowTiers.set(`${accountId}|${addDays(renewalDueDate, -windowDays)}`, String(r.window_tier));
    return {
      accountId,
      externalId: String(r.external_id),
      periodStart: String(r.period_start),
      periodEnd: String(r.period_end),
      amountMinor: Number(r.reporting_amount_minor),
      interval: r.interval as RevenueContract['interval'],
      renewalDueDate,
      outcome: (r.outcome ?? null) as RevenueContract['outcome'],
      outcomeReason: (r.outcome_reason as string | null) ?? null,
      renewedAmountMinor: num(r.reporting_renewed_amount_minor),
      items:
        r.items === null
          ? []
          : (
              JSON.parse(String(r.items)) as {
                kind: string;
                reportingAmountMinor: number;
                source: string | null;
              }[]
            ).map((i) => ({
              kind: i.kind as RevenueContract['items'][number]['kind'],
              amountMinor: i.reportingAmountMinor,
              source: i.source as RevenueContract['items'][number]['source'],
            })),
    };
  });
  const ticketTotals: TicketTotals = {
    tickets: Number(ticketRows[0]?.n ?? 0),
    resolvedFirstContact: Number(ticketRows[0]?.fcr ?? 0),
    middleFirstResponseMs: middleRows.map((r) => Number(r.ms)),
  };
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
  const inScope = new Set(accounts.map((a) => a.accountId));
  const counted = await countedP;
  const transitions: RevenueTransition[] = [
    ...counted.counted.map((t) => ({ accountId: t.accountId, day: t.period, kind: t.kind })),
    ...improveRows.map((r) => ({
      accountId: Number(r.account_id),
      day: String(r.period),
      kind: 'improvement' as const,
    })),
  ].filter((t) => inScope.has(t.accountId));
  return {
    accounts,
    contracts,
    tickets: [],
    ticketTotals,
    costs,
    leads,
    advocacy,
    transitions,
    windowTiers,
  };
}
