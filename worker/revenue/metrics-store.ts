import { type SQL, sql } from 'drizzle-orm';
import { DEFAULT_TIERS } from '../../shared/health';
import type {
  Advocacy,
  CsCost,
  CsLead,
  RenewalGroup,
  RevenueContract,
  RevenueTransition,
  ServiceGroup,
} from '../../shared/revenue';
import type { CustomerCounts } from '../../shared/revenue/churn';
import type { PurchaseSummary } from '../../shared/revenue/cltv';
import type { MrrMovement } from '../../shared/revenue/mrr';
import type { TicketTotals } from '../../shared/revenue/support';
import { addDays } from '../../shared/time';
import type { Db } from '../common/db';
import { winsAndSaves } from '../dashboard/wins-store';
import { ownerIs } from '../scoring/snapshots-store';
import { getTransitionSettings } from '../settings/store';

// GET /api/metrics over 10,000 accounts and three years of contracts: sending every contract and account to
// the Worker and reducing there cost more in rows than in arithmetic. So SQL reduces first — to the groups the
// pure core's `*OfGroups` functions take (renewals, purchase terms, service lines: sums the metrics are linear
// in), to counts (customers, repurchasers, tickets) and to the MRR movement — and each statement answers with
// one row of JSON. shared/revenue stays the definition: test/integration/revenue-metrics.test.ts checks this
// path against `revenueMetrics` over the same records.

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

/**
 * Of the account's latest snapshot on or before `to`, `column`: its latest_snapshots row (a rowid seek) when
 * that is on or before `to` — the usual case, a period ending today — else a backward seek on the account
 * index and that snapshot's row. No latest_snapshots row: no snapshot at all.
 */
const latestOn = (to: string, column: 'segment_id' | 'tier') =>
  sql`(SELECT CASE WHEN l.period <= ${to} THEN ${sql.raw(`l.${column}`)} ELSE
      (SELECT ${sql.raw(`x.${column}`)} FROM score_snapshots x INDEXED BY score_snapshots_account_idx
       WHERE x.account_id = a.id AND x.period <= ${to} ORDER BY x.period DESC LIMIT 1) END
    FROM latest_snapshots l WHERE l.account_id = a.id)`;

/** Ids (a JSON array) of the customers (at least one contract) of a segment, owner or tier on `to`. */
function scopedIdsSql(q: MetricsScope): SQL {
  // Accounts in id order (accounts_facts_idx, or the table itself when the owner is read), so the seeks on the
  // snapshot index walk it forward: 4× faster than in first-start order on the bench's 10,000 accounts.
  const accounts = q.owner ? sql`accounts a` : sql`accounts a INDEXED BY accounts_facts_idx`;
  return sql`SELECT json_group_array(a.id) AS ids FROM ${accounts}
    WHERE a.first_contract_start IS NOT NULL
      ${q.owner ? sql`AND ${ownerIs(q.owner)}` : sql``}
      ${q.segment ? sql`AND ${latestOn(q.to, 'segment_id')} = ${q.segment}` : sql``}
      ${q.tier ? sql`AND ${latestOn(q.to, 'tier')} = ${q.tier}` : sql``}`;
}

/**
 * Customers of the period with their first contract start and churn day (`customerCounts`' and
 * `isCustomerIn`'s rules): a customer started by `to` and not churned before `from`. The churn day
 * (`accounts.churned_on`: the earlier valid one of the last recurring contract's end when its outcome is
 * `churned` and of the `churnedAt` trait when the `status` trait says churned, kept only when on or after the
 * first start) is kept by triggers on every write of what it is derived from (migration 0028), so this reads
 * accounts_customer_idx alone instead of parsing every account's traits.
 */
function customersCte(q: MetricsScope, inScope: (col: string) => SQL): SQL {
  return sql`inperiod AS MATERIALIZED (SELECT a.id, a.first_contract_start AS first_start, a.churned_on AS churn
      FROM accounts a INDEXED BY accounts_customer_idx
      WHERE a.first_contract_start <= ${q.to} AND (a.churned_on IS NULL OR a.churned_on >= ${q.from})
        AND ${inScope('a.id')})`;
}

/** Monthly amount × 12 of a recurring charge (an integer: month ×12, quarter ×4, year ×1), so sums are exact. */
const mrr12 = sql`c.reporting_amount_minor * (CASE c.interval WHEN 'month' THEN 12 WHEN 'quarter' THEN 4 ELSE 1 END)`;

/**
 * `mrrMovement(mrrByAccount(contracts, a), mrrByAccount(contracts, b))` in twelfths of a minor unit:
 * [start, new, expansion, contraction, churned, end, accounts paying on b]. One pass over
 * contracts_mrr_idx in account order (no sort).
 */
function mrrSql(a: string, b: string, inScope: (col: string) => SQL): SQL {
  return sql`WITH m AS (SELECT c.account_id,
        sum(CASE WHEN c.period_start <= ${a} THEN ${mrr12} ELSE 0 END) AS s,
        sum(CASE WHEN c.period_end >= ${b} THEN ${mrr12} ELSE 0 END) AS e
      FROM contracts c INDEXED BY contracts_mrr_idx
      WHERE c.period_end >= ${a} AND c.period_start <= ${b} AND c.interval <> 'once'
        AND (c.period_start <= ${a} OR c.period_end >= ${b}) AND ${inScope('c.account_id')}
      GROUP BY c.account_id)
    SELECT json_array(coalesce(sum(s), 0),
      coalesce(sum(CASE WHEN s <= 0 AND e > 0 THEN e ELSE 0 END), 0),
      coalesce(sum(CASE WHEN s > 0 AND e > s THEN e - s ELSE 0 END), 0),
      coalesce(sum(CASE WHEN e > 0 AND e < s THEN s - e ELSE 0 END), 0),
      coalesce(sum(CASE WHEN s > 0 AND e <= 0 THEN s ELSE 0 END), 0),
      coalesce(sum(e), 0), coalesce(sum(e > 0), 0)) AS v FROM m`;
}

/**
 * Renewals due in the period grouped as `RenewalGroup`s, the tier the latest snapshot on the window's first
 * day or in the 7 days before it (none when no snapshot is that old: no seek then; compared on the due date, so
 * the window's first day is computed only for the renewals that seek).
 */
function renewalsSql(q: MetricsScope, windowDays: number, checkScope: (col: string) => SQL): SQL {
  const windowStart = sql`date(c.renewal_due_date, ${`-${windowDays} days`})`;
  return sql`SELECT json_group_array(json_array(interval, outcome, reason, tier, n, amount, renewed, unpriced)) AS v
    FROM (SELECT c.interval, c.outcome, c.outcome_reason AS reason,
        CASE WHEN c.outcome IS NOT NULL AND c.renewal_due_date >= (SELECT date(min(period), ${`+${windowDays} days`}) FROM score_snapshots)
          THEN (SELECT x.tier FROM score_snapshots x WHERE x.account_id = c.account_id AND x.period <= ${windowStart}
            AND x.period >= date(c.renewal_due_date, ${`-${windowDays + 7} days`}) ORDER BY x.period DESC LIMIT 1) END AS tier,
        count(*) AS n, sum(c.reporting_amount_minor) AS amount,
        coalesce(sum(c.reporting_renewed_amount_minor), 0) AS renewed,
        coalesce(sum(CASE WHEN c.reporting_renewed_amount_minor IS NULL THEN c.reporting_amount_minor END), 0) AS unpriced
      FROM contracts c WHERE c.renewal_due_date BETWEEN ${q.from} AND ${q.to} AND c.interval <> 'once'
        AND ${checkScope('c.account_id')}
      GROUP BY 1, 2, 3, 4)`;
}

type Row = Record<string, unknown>;
const json = <T>(v: unknown, fallback: T): T =>
  v === null || v === undefined ? fallback : JSON.parse(String(v));
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/** What `revenueMetricsOfTotals` needs besides `grossMarginRate`, and the attribution's inputs. */
export interface MetricsLoad {
  customers: CustomerCounts;
  movement: MrrMovement;
  payingAtEnd: number;
  renewals: RenewalGroup[];
  purchases: PurchaseCounts;
  ticketTotals: TicketTotals;
  costs: CsCost[];
  /** All contracts of the accounts with a win or save in the period (the ARR that followed it). */
  attributionContracts: RevenueContract[];
  services: ServiceGroup[];
  leads: CsLead[];
  advocacy: Advocacy[];
  transitions: RevenueTransition[];
}

/** Purchases as SQL counts them: the value still to add up from the terms' shapes. */
export type PurchaseCounts = Omit<PurchaseSummary, 'valueMinor'> & {
  /** Terms started in the period by customers, grouped by shape (start, end, interval), amounts summed. */
  shapes: Pick<RevenueContract, 'periodStart' | 'periodEnd' | 'interval' | 'amountMinor'>[];
};

/**
 * Everything the metrics of a scope read, reduced in SQL: one batch (after the scope's ids when filtered), plus
 * the wins and saves (alongside) and, for the median first response, one small follow-up query.
 */
export async function loadMetricsTotals(db: Db, q: MetricsScope, windowDays: number): Promise<MetricsLoad> {
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
      lists: false,
    }),
  );
  const all = !q.segment && !q.owner && !q.tier;
  const ids = all ? '[]' : String((await db.all<Row>(scopedIdsSql(q)))[0]?.ids ?? '[]');
  const inScope = (col: string) =>
    all ? sql`1` : sql`${sql.raw(col)} IN (SELECT value FROM json_each(${ids}))`;
  // Where a period's range of a covering index is the way in, the scope is only checked: `+` keeps the planner
  // from seeking account by account on an index that then reads every row (terms, renewals, service lines, responses).
  const checkScope = (col: string) => (all ? sql`1` : inScope(`+${col}`));
  const fromMs = Date.parse(q.from);
  const toMs = Date.parse(q.to) + DAY_MS;
  const opened = sql`opened_at >= ${fromMs} AND opened_at < ${toMs}`;
  // Tickets: the whole installation's are the period's range of tickets_opened_response_idx, a scope's are its
  // accounts' seeks of tickets_account_idx (both cover what is read; a third of the accounts: 22 -> 10 ms).
  const ticketsIn = all
    ? sql`tickets INDEXED BY tickets_opened_response_idx WHERE ${opened}`
    : sql`tickets INDEXED BY tickets_account_idx WHERE ${opened} AND ${inScope('account_id')}`;
  // The middle one (odd count) or two (even count) of the first responses (ms, unclamped): a walk of
  // tickets_response_idx in response order that stops after them, not a sort (also for a scope, whose accounts
  // are then only checked: sorting a third of the accounts' responses took longer than the walk).
  const responses = sql`tickets INDEXED BY tickets_response_idx WHERE first_response_at IS NOT NULL AND ${opened}
    AND ${checkScope('account_id')}`;
  // The terms customers of the period started in it (repurchases: after their first start; upsells: those with
  // an expansion line too), read twice from the period's range of contracts_start_idx, which holds every column
  // read: the account's first start and churn day are copied onto its contracts (migration 0032), and the index
  // is in term-shape order, so the shapes' GROUP BY streams. (A term started in the period makes its account a
  // customer by `to`; the churn day decides the rest.)
  const bought = sql`contracts c INDEXED BY contracts_start_idx WHERE c.period_start BETWEEN ${q.from} AND ${q.to}
    AND (c.account_churned_on IS NULL OR c.account_churned_on >= ${q.from}) AND ${checkScope('c.account_id')}`;
  // One statement answering one row of JSON columns: one round trip, and CTEs (customers, ticket totals) shared
  // by the figures that read them.
  const [row] = await db.all<Row>(sql`WITH ${customersCte(q, inScope)},
      tk AS MATERIALIZED (SELECT count(*) AS n, coalesce(sum(resolved_on_first_contact = 1), 0) AS fcr,
          count(first_response_at) AS responded FROM ${ticketsIn})
    SELECT (SELECT json_array(
          coalesce(sum(first_start < ${q.from}), 0), coalesce(sum(first_start >= ${q.from}), 0),
          coalesce(sum(first_start < ${q.from} AND churn <= ${q.to}), 0),
          coalesce(sum(first_start >= ${q.from} AND churn <= ${q.to}), 0)) FROM inperiod) AS customers,
      (SELECT json_array(count(*), count(DISTINCT CASE WHEN c.period_start <> c.account_first_start THEN c.account_id END),
          count(DISTINCT CASE WHEN c.period_start <> c.account_first_start AND c.expansion_lines > 0 THEN c.account_id END))
        FROM ${bought}) AS purchases,
      (SELECT json_group_array(json_array(period_start, period_end, interval, amount)) FROM (
          SELECT c.period_start, c.period_end, c.interval, sum(c.reporting_amount_minor) AS amount
          FROM ${bought} GROUP BY 1, 2, 3)) AS shapes,
      (${mrrSql(addDays(q.from, -1), q.to, inScope)}) AS mrr,
      (${renewalsSql(q, windowDays, checkScope)}) AS renewals,
      -- Premium-CSM and consulting sums of the terms overlapping the period, by term shape (contracts_services_idx).
      (SELECT json_group_array(json_array(ps, pe, iv, premium, consulting)) FROM (
          SELECT c.period_start AS ps, c.period_end AS pe, c.interval AS iv, sum(c.premium_csm_minor) AS premium,
            sum(c.consulting_minor) AS consulting
          FROM contracts c WHERE (c.premium_csm_minor <> 0 OR c.consulting_minor <> 0)
            AND c.period_end >= ${q.from} AND c.period_start <= ${q.to} AND ${checkScope('c.account_id')}
          GROUP BY 1, 2, 3)) AS services,
      -- attributedArr reads an account's contracts from the earliest day it can be asked about, its first win or
      -- save in the period: those in force on or due after that day, none that ended and was due before it
      -- (contracts_mrr_idx holds every column read).
      (WITH changed AS MATERIALIZED (SELECT t.account_id, min(t.period) AS day FROM tier_transitions t
            WHERE t.kind IN ('win', 'save') AND t.period BETWEEN ${q.from} AND ${q.to} AND ${inScope('t.account_id')}
            GROUP BY t.account_id),
          read AS (SELECT c.account_id, c.period_start, c.period_end, c.reporting_amount_minor, c.interval,
              c.renewal_due_date, c.outcome, c.reporting_renewed_amount_minor
            FROM changed CROSS JOIN contracts c INDEXED BY contracts_mrr_idx
              ON c.account_id = changed.account_id AND c.period_end >= changed.day
            UNION ALL
            SELECT c.account_id, c.period_start, c.period_end, c.reporting_amount_minor, c.interval,
              c.renewal_due_date, c.outcome, c.reporting_renewed_amount_minor
            FROM changed CROSS JOIN contracts c INDEXED BY contracts_mrr_idx
              ON c.account_id = changed.account_id AND c.period_end < changed.day AND c.renewal_due_date >= changed.day)
        SELECT json_group_array(json_array(account_id, period_start, period_end, reporting_amount_minor, interval,
          renewal_due_date, outcome, reporting_renewed_amount_minor)) FROM read) AS attributed,
      (SELECT json_array(n, fcr) FROM tk) AS tickets,
      (SELECT json_group_array(ms) FROM (SELECT first_response_at - opened_at AS ms FROM ${responses}
          ORDER BY first_response_at - opened_at
          LIMIT (SELECT 2 - responded % 2 FROM tk) OFFSET (SELECT max(0, (responded - 1) / 2) FROM tk))) AS middle,
      (SELECT json_group_array(json_array(period_start, period_end, reporting_amount_minor)) FROM cs_costs
          WHERE period_start <= ${q.to} AND period_end >= ${q.from}) AS costs,
      -- The leads and advocacy the period counts: submitted or closed won in it, occurred in it.
      (SELECT json_group_array(json_array(account_id, submitted_on, status, accepted_on, closed_on, reporting_won_arr_minor))
        FROM cs_leads WHERE ${inScope('account_id')} AND (submitted_on BETWEEN ${q.from} AND ${q.to}
          OR (status = 'won' AND closed_on BETWEEN ${q.from} AND ${q.to}))) AS leads,
      (SELECT json_group_array(json_array(account_id, kind, occurred_on, reporting_referral_arr_minor)) FROM advocacy
        WHERE ${inScope('account_id')} AND occurred_on BETWEEN ${q.from} AND ${q.to}) AS advocacy,
      (SELECT json_group_array(json_array(account_id, period)) FROM tier_transitions
        WHERE kind = 'improve' AND period BETWEEN ${q.from} AND ${q.to} AND ${inScope('account_id')}) AS improvements`);
  const [ticketCount = 0, resolvedFirstContact = 0] = json<number[]>(row?.tickets, []);
  const [activeAtStart = 0, added = 0, churnedFromBase = 0, addedAndChurned = 0] = json<number[]>(
    row?.customers,
    [0, 0, 0, 0],
  );
  const [purchases = 0, repurchasers = 0, upsellers = 0] = json<number[]>(row?.purchases, []);
  const [start, fresh, expansion, contraction, churned, end, paying] = json<number[]>(
    row?.mrr,
    [0, 0, 0, 0, 0, 0, 0],
  );
  const twelfth = (x: number | undefined) => (x ?? 0) / 12;
  const counted = await countedP;
  return {
    customers: {
      activeAtStart,
      added,
      churnedFromBase,
      addedAndChurned,
      churned: churnedFromBase + addedAndChurned,
      activeAtEnd: activeAtStart + added - churnedFromBase - addedAndChurned,
    },
    movement: {
      startMrrMinor: twelfth(start),
      newMrrMinor: twelfth(fresh),
      expansionMrrMinor: twelfth(expansion),
      contractionMrrMinor: twelfth(contraction),
      churnedMrrMinor: twelfth(churned),
      endMrrMinor: twelfth(end),
    },
    payingAtEnd: paying ?? 0,
    renewals: json<unknown[][]>(row?.renewals, []).map(
      ([interval, outcome, reason, tier, n, amount, renewed, unpriced]) => ({
        interval: interval as RenewalGroup['interval'],
        outcome: (outcome ?? null) as RenewalGroup['outcome'],
        reason: (reason as string | null) ?? null,
        tier: (tier as string | null) ?? null,
        count: Number(n),
        amountMinor: Number(amount),
        renewedAmountMinor: Number(renewed),
        unpricedAmountMinor: Number(unpriced),
      }),
    ),
    purchases: {
      purchases,
      repurchasers,
      upsellers,
      shapes: json<unknown[][]>(row?.shapes, []).map(([periodStart, periodEnd, interval, amount]) => ({
        periodStart: String(periodStart),
        periodEnd: String(periodEnd),
        interval: interval as RevenueContract['interval'],
        amountMinor: Number(amount),
      })),
    },
    ticketTotals: {
      tickets: ticketCount,
      resolvedFirstContact,
      middleFirstResponseMs: json<number[]>(row?.middle, []),
    },
    costs: json<unknown[][]>(row?.costs, []).map(([periodStart, periodEnd, amount]) => ({
      periodStart: String(periodStart),
      periodEnd: String(periodEnd),
      amountMinor: Number(amount),
    })),
    attributionContracts: json<unknown[][]>(row?.attributed, []).map(
      ([accountId, periodStart, periodEnd, amount, interval, due, outcome, renewed]) => ({
        accountId: Number(accountId),
        externalId: '',
        periodStart: String(periodStart),
        periodEnd: String(periodEnd),
        amountMinor: Number(amount),
        interval: interval as RevenueContract['interval'],
        renewalDueDate: String(due),
        outcome: (outcome ?? null) as RevenueContract['outcome'],
        outcomeReason: null,
        renewedAmountMinor: num(renewed),
        items: [],
      }),
    ),
    services: json<unknown[][]>(row?.services, []).flatMap(
      ([periodStart, periodEnd, interval, premium, consulting]) =>
        (
          [
            ['premium_csm', premium],
            ['consulting', consulting],
          ] as const
        )
          .filter(([, amount]) => Number(amount) !== 0)
          .map(([kind, amount]) => ({
            periodStart: String(periodStart),
            periodEnd: String(periodEnd),
            interval: interval as ServiceGroup['interval'],
            kind,
            amountMinor: Number(amount),
          })),
    ),
    leads: json<unknown[][]>(row?.leads, []).map(
      ([accountId, submittedOn, status, acceptedOn, closedOn, won]) => ({
        accountId: Number(accountId),
        submittedOn: String(submittedOn),
        status: status as CsLead['status'],
        acceptedOn: (acceptedOn as string | null) ?? null,
        closedOn: (closedOn as string | null) ?? null,
        wonArrMinor: num(won),
      }),
    ),
    advocacy: json<unknown[][]>(row?.advocacy, []).map(([accountId, kind, occurredOn, referral]) => ({
      accountId: Number(accountId),
      kind: kind as Advocacy['kind'],
      occurredOn: String(occurredOn),
      referralArrMinor: num(referral),
    })),
    transitions: [
      ...counted.counted.map((t) => ({ accountId: t.accountId, day: t.period, kind: t.kind })),
      ...json<unknown[][]>(row?.improvements, []).map(([accountId, day]) => ({
        accountId: Number(accountId),
        day: String(day),
        kind: 'improvement' as const,
      })),
    ],
  };
}
