// Synthetic portfolio history for `npm run bench:api`, on top of the scoring bench's accounts and rollups
// (scoring-data.mjs): CSM owners, contract and renewal dates, segments by plan, and `periods` earlier daily
// snapshots (explanations of the same size and shape a real run writes) with their tier transitions, so the
// dashboard has history. The latest period is then scored for real by the worker.
import { readFileSync } from 'node:fs';

/**
 * What worker/revenue writes beside contracts, for the contracts seeded here in SQL: their line figures and the
 * accounts' contract facts, by the statements migration 0020 fills them with.
 */
const CONTRACT_FACTS_BACKFILL = readFileSync(
  new URL('../../drizzle/migrations/0020_metrics_indexes.sql', import.meta.url),
  'utf8',
)
  .split('--> statement-breakpoint')
  .filter((statement) => statement.includes('UPDATE `'))
  .map((statement) => statement.trim().replace(/;$/, ''))
  .join(';\n');

/** CSM owners: account i belongs to owner `csm-${i % OWNERS}@bench.test`. */
export const OWNERS = 20;
/** Segments by plan: `bench:api` creates one per plan (ids = plan names) before scoring. */
export const PLANS = ['enterprise', 'pro', 'starter'];

const TIER_SQL = (score) =>
  `CASE WHEN ${score} >= 80 THEN 'green' WHEN ${score} >= 60 THEN 'green-yellow' WHEN ${score} >= 40 THEN 'yellow' ELSE 'red' END`;
const RANK_SQL = (tier) =>
  `CASE ${tier} WHEN 'green' THEN 0 WHEN 'green-yellow' THEN 1 WHEN 'yellow' THEN 2 ELSE 3 END`;

/** A measure explanation as the scorer writes it (shared/health/score.ts MeasureExplanation). */
const measure = (key, label, kind, unit, dimension, weight, raw, points) =>
  `json_object('key', '${key}', 'label', '${label}', 'kind', '${kind}', 'unit', '${unit}', 'dimension', '${dimension}',
    'windowDays', 30, 'raw', ${raw}, 'benchmark', 0.52, 'benchmarkOf', 'segment', 'points', ${points},
    'weight', ${weight}, 'effectiveWeight', ${weight}, 'contribution', round(${points} * ${weight} / 100.0, 1), 'missing', json('false'))`;

const dimension = (key, label, score, weight) =>
  `json_object('key', '${key}', 'label', '${label}', 'score', ${score}, 'effectiveWeight', ${weight},
    'contribution', round(${score} * ${weight} / 100.0, 1), 'coverage', 1)`;

/** The id of the run that wrote period offset k: a UUID (36 characters), as the worker's runs have. */
const RUN_ID_SQL = (k) =>
  `printf('%08x-%04x-4%03x-8%03x-%012x', (${k} * 2654435761) % 4294967296, (${k} * 40503) % 65536, ${k} % 4096,
    (${k} * 7) % 4096, (${k} * 1099511627) % 281474976710655)`;

/**
 * SQL that gives accounts 1..n owners, dates and currency, then writes snapshots for the `periods` days
 * before `today` (scores drift per account so tiers change) and the tier transitions between them.
 */
export function historySql(n, periods, today) {
  const t = `'${today}'`;
  // Score of account i in period offset k (1 = yesterday): near what the bench model gives today (seat
  // activation of scoring-data.mjs's users and seats) plus a drift that moves some accounts across a tier
  // boundary from one period to the next (each account's drift changes every 5 periods, staggered).
  const seatScore = `min(100, 100.0 * (CASE WHEN i % 6 = 0 THEN 1 ELSE i % 6 END) / (5 + i % 20) / 0.4)`;
  const score = `round(max(0, min(100, ${seatScore} + ((i * 13 + ((k + i % 5) / 5) * 7) % 23) - 11)), 1)`;
  return `
UPDATE accounts SET owner_email = 'csm-' || (id % ${OWNERS}) || '@bench.test', currency = 'USD',
  contract_start_date = date(${t}, '-' || (id % 700) || ' days'),
  renewal_date = date(${t}, '+' || ((id * 7) % 365) || ' days'),
  last_seen_at = ${Date.parse(`${today}T00:00:00Z`)} - (id % 30) * 86400000;
-- Contracts come from revenueSql (three years for every account); their dates replace the trait dates above.
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${n}),
               p(k) AS (SELECT ${periods} UNION ALL SELECT k - 1 FROM p WHERE k > 1),
               s AS (SELECT i, k, ${score} AS sc FROM p, n)
INSERT INTO score_snapshots (account_id, period, run_id, segment_id, model_version_id, score, tier, computed_score,
  computed_tier, overridden, coverage, insufficient_data, dimensions, measures, improvements, computed_at)
SELECT i, date(${t}, '-' || k || ' days'), ${RUN_ID_SQL('k')},
  CASE i % 3 WHEN 0 THEN 'enterprise' WHEN 1 THEN 'pro' ELSE 'starter' END, 1, sc, ${TIER_SQL('sc')}, sc, ${TIER_SQL('sc')},
  0, 0.9, 0,
  json_array(${dimension('usage', 'Usage', 'sc', 90)}, ${dimension('outcomes', 'Outcomes', 'NULL', 0)},
    ${dimension('satisfaction', 'Satisfaction', 'NULL', 0)}, ${dimension('support', 'Support', 'NULL', 0)},
    ${dimension('relationship', 'Relationship', 'min(100, sc + 5)', 10)}),
  json_array(${measure('seatActivation', 'Seat activation', 'seatActivationRate', 'rate', 'usage', 20, 'sc / 100.0', 'sc')},
    ${measure('loginRate', 'Login rate (30 days)', 'loginRate', 'rate', 'usage', 20, '0.6', 'sc')},
    ${measure('engagedRate', 'Engaged users (≥ 10 min in 30 days)', 'engagedRate', 'rate', 'usage', 15, '0.3', 'sc')},
    ${measure('featureCoverage', 'Feature coverage (30 days)', 'featureCoverage', 'rate', 'usage', 15, '0.2', 'sc')},
    ${measure('coreFeatureUsage', 'Core features used (30 days)', 'coreFeatureUsage', 'rate', 'usage', 10, '0.5', 'sc')},
    ${measure('usageTrend', 'Active users vs previous 30 days', 'trend', 'changeRate', 'usage', 10, '-0.05', '80')},
    ${measure('csmRating', 'CSM rating', 'csmRating', 'stars', 'relationship', 10, 'NULL', 'NULL')}),
  CASE WHEN sc >= 80 THEN '[]' ELSE json_array(json_object('measureKey', 'loginRate', 'label', 'Login rate (30 days)',
    'fromPoints', sc, 'toPoints', min(100, sc + 20), 'pointsNeeded', 20, 'rawTarget', 0.7, 'direction', 'higher',
    'scoreAfter', min(100, sc + 4), 'reachesTier', 'green-yellow')) END,
  ${Date.parse(`${today}T02:00:00Z`)} - k * 86400000
FROM s ORDER BY k DESC, i;
INSERT INTO tier_transitions (account_id, period, kind, from_tier, to_tier, from_score, to_score, arr_cents, created_at)
SELECT account_id, period,
  CASE WHEN ${RANK_SQL('tier')} > ${RANK_SQL('prev_tier')} THEN 'decline'
       WHEN prev_tier = 'yellow' AND tier = 'green' THEN 'win'
       WHEN prev_tier = 'red' AND tier IN ('yellow', 'green-yellow') THEN 'save' ELSE 'improve' END,
  prev_tier, tier, prev_score, score, (SELECT arr_cents FROM accounts WHERE id = account_id), computed_at
FROM (SELECT account_id, period, tier, score, computed_at,
             lag(tier) OVER (PARTITION BY account_id ORDER BY period) AS prev_tier,
             lag(score) OVER (PARTITION BY account_id ORDER BY period) AS prev_score
      FROM score_snapshots)
WHERE prev_tier IS NOT NULL AND prev_tier <> tier;
-- What the runs of those periods stored when they finished (worker/dashboard/rollups-store.ts tierCountsSql,
-- ownerTierCountsSql): tier counts and wins/saves per segment, of all accounts and per owner.
WITH tc AS MATERIALIZED (SELECT s.period, lower(a.owner_email) AS owner, s.segment_id, s.tier, count(*) AS n
            FROM score_snapshots s JOIN accounts a ON a.id = s.account_id WHERE s.tier IS NOT NULL GROUP BY 1, 2, 3, 4),
     tr AS MATERIALIZED (SELECT t.period, lower(a.owner_email) AS owner, s.segment_id, t.kind, count(*) AS n, sum(t.arr_cents) AS arr
            FROM tier_transitions t JOIN score_snapshots s ON s.account_id = t.account_id AND s.period = t.period
            JOIN accounts a ON a.id = t.account_id WHERE t.kind IN ('win', 'save') GROUP BY 1, 2, 3, 4)
INSERT INTO dashboard_aggregates (kind, scope, period, value, updated_at)
SELECT 'tier-counts', '', p.period, json_object(
    'tiers', json((SELECT json_group_array(json_array(segment_id, tier, n)) FROM
      (SELECT segment_id, tier, sum(n) AS n FROM tc WHERE tc.period = p.period GROUP BY 1, 2))),
    'transitions', json((SELECT json_group_array(json_array(segment_id, kind, n, arr)) FROM
      (SELECT segment_id, kind, sum(n) AS n, sum(arr) AS arr FROM tr WHERE tr.period = p.period GROUP BY 1, 2)))),
  ${Date.parse(`${today}T02:00:00Z`)}
FROM (SELECT DISTINCT period FROM tc) p
UNION ALL
SELECT 'owner-tier-counts', o.owner, o.period, json_object(
    'tiers', json((SELECT json_group_array(json_array(segment_id, tier, n)) FROM tc WHERE tc.period = o.period AND tc.owner = o.owner)),
    'transitions', json((SELECT json_group_array(json_array(segment_id, kind, n, arr)) FROM tr WHERE tr.period = o.period AND tr.owner = o.owner))),
  ${Date.parse(`${today}T02:00:00Z`)}
FROM (SELECT DISTINCT period, owner FROM tc) o;`;
}

/** Timeline material for one account: touchpoints, ratings, an override and alerts (raised and closed). */
export function timelineSql(accountId, today) {
  const base = Date.parse(`${today}T09:00:00Z`);
  const day = 86_400_000;
  const rows = [];
  for (let i = 0; i < 60; i++) {
    const kind = ['call', 'meeting', 'email', 'qbr', 'visit', 'note'][i % 6];
    rows.push(`INSERT INTO touchpoints (account_id, kind, occurred_at, summary, body, author_email, created_at)
      VALUES (${accountId}, '${kind}', ${base - i * day}, 'Touchpoint ${i}', 'Notes of touchpoint ${i}', 'csm-1@bench.test', ${base - i * day});`);
  }
  for (let i = 0; i < 10; i++) {
    rows.push(`INSERT INTO csm_ratings (account_id, stars, comment, rated_by, rated_at)
      VALUES (${accountId}, ${1 + (i % 5)}, 'Rating ${i}', 'csm-1@bench.test', ${base - i * 7 * day});`);
    rows.push(`INSERT INTO alerts (account_id, rule_id, status, severity, title, detail, playbook, closed_at, close_note, period, created_at, updated_at)
      VALUES (${accountId}, 'rule-${i}', 'closed', 'warning', 'Alert ${i}', 'Detail ${i}', 'Playbook', ${base - i * 5 * day + day}, 'Handled', '${today}', ${base - i * 5 * day}, ${base - i * 5 * day + day});`);
  }
  rows.push(`INSERT INTO health_overrides (account_id, tier, score, reason, created_by, created_at, expires_at)
    VALUES (${accountId}, 'yellow', 50, 'Sponsor left', 'csm-1@bench.test', ${base - 3 * day}, ${base + 30 * day});`);
  return rows.join('\n');
}

/** Renewal reasons (the default settings' list): churns take one of the first eight, renewals mostly `value_realised`. */
const REASONS = [
  'price',
  'product_gap',
  'champion_left',
  'budget',
  'acquired',
  'poor_adoption',
  'support',
  'other',
];
const pick = (list, index) =>
  `CASE (${index}) % ${list.length} ${list.map((v, j) => `WHEN ${j} THEN '${v}'`).join(' ')} END`;

/**
 * SQL that gives accounts 1..n three years of commercial history ending on `today` (everything derived from the
 * account id i and term index k, no randomness):
 * - contracts: account i bills yearly (16 in 20), quarterly or monthly, one term per interval, the first starting
 *   36–41 months ago (even i) or 0–35 months ago (odd i, so customers are added in every period) on day 1–28 of
 *   its month. Each term after the first renews the one before at what it renewed at. A term due before `today` is
 *   decided: churned ≈ 10 % of yearly renewals (3 % of quarterly, 1 % of monthly; a churned account gets no later
 *   term, its reason one of the churn reasons), else mostly renewed, some expanded (+10–29 %, the next term then
 *   carries the increase as an upsell line), downgraded (−15 %) or opted out and retained; the term in force is
 *   pending. Yearly terms of every 4th account are due 30 days before they end (notice). Every 7th account pays
 *   10 % of its amount as a premium-CSM line. One-off consulting: a set-up fee with the first term of every 10th
 *   account, and a project two weeks into each anniversary term of every 8th.
 * - tickets: one every 30 days while the account is a customer (≈ 3 a quarter), with first response, resolution
 *   and first-contact resolution (70 %; unknown on some).
 * - cs_costs: team and tools per calendar month since the earliest contract.
 * - cs_leads: every 5th account submits a CSQL 60 days before each anniversary (won, lost, accepted, assigned or
 *   submitted; closed 40 days later), advocacy: every 6th account one record 30 days into each anniversary term.
 */
export function revenueSql(n, today) {
  const t = `'${today}'`;
  const created = Date.parse(`${today}T00:00:00Z`);
  // Term k of account i: start, end, renewal due day, and its outcome from two hashes of (i, k).
  const start = (k) => `date(s0, '+' || ((${k}) * m) || ' months')`;
  const end = (k) => `date(s0, '+' || ((${k} + 1) * m) || ' months', '-1 day')`;
  const due = (k) => `CASE WHEN m = 12 AND i % 4 = 0 THEN date(${end(k)}, '-30 days') ELSE ${end(k)} END`;
  const h = (k) => `((i * 7919 + (${k}) * 6271 + (i % 13) * (${k}) * 131) % 1000)`;
  const g = (k) => `((i * 104729 + (${k}) * 7919 + (${k}) * (${k}) * 17) % 1000)`;
  const per1000 = (year, quarter, month) =>
    `CASE m WHEN 12 THEN ${year} WHEN 3 THEN ${quarter} ELSE ${month} END`;
  const outcome = (k) => `CASE WHEN ${due(k)} >= ${t} THEN NULL
    WHEN ${h(k)} < ${per1000(100, 30, 10)} THEN 'churned'
    WHEN ${g(k)} < ${per1000(150, 50, 15)} THEN 'expanded'
    WHEN ${g(k)} < ${per1000(230, 80, 25)} THEN 'downgraded'
    WHEN ${g(k)} < ${per1000(300, 100, 35)} THEN 'opted_out' ELSE 'renewed' END`;
  // What a decided term renewed at (null when churned or pending); the next term's amount.
  const renewedAmount = `CASE outcome WHEN 'expanded' THEN amt * (110 + g % 20) / 100 WHEN 'downgraded' THEN amt * 85 / 100
    WHEN 'renewed' THEN amt WHEN 'opted_out' THEN amt END`;
  const item = (kind, amount, source = 'NULL') =>
    `json_object('kind', '${kind}', 'amountMinor', ${amount}, 'reportingAmountMinor', ${amount}, 'source', ${source})`;
  const terms = `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${n}),
  base AS (SELECT i, CASE WHEN i % 20 < 16 THEN 12 WHEN i % 20 < 18 THEN 3 ELSE 1 END AS m,
      date(${t}, 'start of month', '-' || (CASE WHEN i % 2 = 0 THEN 36 + (i / 2) % 6 ELSE (i / 2 * 7) % 36 END) || ' months',
        '+' || (i % 28) || ' days') AS s0 FROM n),
  t(i, m, s0, k, amt, prev_outcome, prev_amt, outcome, g) AS (
    SELECT i, m, s0, 0, 100000 * (1 + i % 50) * m / 12, NULL, NULL, ${outcome('0')}, ${g('0')} FROM base
    UNION ALL
    SELECT i, m, s0, k + 1, ${renewedAmount}, outcome, amt, ${outcome('k + 1')}, ${g('k + 1')} FROM t
    WHERE outcome IS NOT 'churned' AND ${start('k + 1')} <= ${t}),
  terms AS (SELECT *, ${start('k')} AS ps, ${end('k')} AS pe, ${due('k')} AS due FROM t)`;
  return `
CREATE TEMP TABLE bench_terms AS ${terms} SELECT * FROM terms;
INSERT INTO contracts (external_id, account_id, period_start, period_end, amount_minor, currency, reporting_amount_minor,
  interval, renewal_due_date, outcome, outcome_reason, renewed_amount_minor, reporting_renewed_amount_minor, items,
  created_at, updated_at)
SELECT 'bench-c-' || i || '-' || k, i, ps, pe, amt, 'USD', amt, CASE m WHEN 12 THEN 'year' WHEN 3 THEN 'quarter' ELSE 'month' END,
  due, outcome,
  CASE outcome WHEN 'churned' THEN ${pick(REASONS, 'i + k')} WHEN 'downgraded' THEN ${pick(['budget', 'price', 'poor_adoption'], 'i + k')}
    WHEN 'opted_out' THEN ${pick(['price', 'budget', 'champion_left', 'support'], 'i + k')}
    WHEN 'expanded' THEN 'value_realised' ELSE CASE WHEN outcome IS NOT NULL AND g % 3 = 0 THEN 'value_realised' END END,
  ren, ren,
  '[' || ${item('subscription', 'amt - prem - up')}
    || CASE WHEN prem > 0 THEN ',' || ${item('premium_csm', 'prem')} ELSE '' END
    || CASE WHEN up > 0 THEN ',' || ${item('upsell', 'up', pick(['csql', 'poc', 'csm_assisted'], 'i + k'))} ELSE '' END || ']',
  ${created}, ${created}
FROM (SELECT *, CASE WHEN i % 7 = 0 THEN amt / 10 ELSE 0 END AS prem,
        CASE WHEN prev_outcome = 'expanded' THEN amt - prev_amt ELSE 0 END AS up,
        ${renewedAmount} AS ren
      FROM bench_terms)
ORDER BY ps, i;
-- One-off consulting: set-up fees signed with the first term, and projects early in anniversary terms.
INSERT INTO contracts (external_id, account_id, period_start, period_end, amount_minor, currency, reporting_amount_minor,
  interval, renewal_due_date, items, created_at, updated_at)
SELECT 'bench-once-' || i || '-' || k, i, day, date(day, '+' || days || ' days'), amount, 'USD', amount, 'once',
  date(day, '+' || days || ' days'), '[' || ${item('consulting', 'amount')} || ']', ${created}, ${created}
FROM (SELECT i, k, ps AS day, 0 AS days, 250000 + (i % 4) * 100000 AS amount FROM bench_terms WHERE k = 0 AND i % 10 = 1
      UNION ALL
      SELECT i, k, date(ps, '+14 days'), 30, 500000 + (i % 5) * 250000 FROM bench_terms
      WHERE i % 8 = 3 AND k > 0 AND (k * m) % 12 = 0 AND date(ps, '+14 days') <= ${t});
${CONTRACT_FACTS_BACKFILL};
-- The days each account was a customer: first start to the end of its churned term, or today.
CREATE TEMP TABLE bench_spans AS
SELECT i, min(ps) AS first_day, min(${t}, max(CASE WHEN outcome = 'churned' THEN pe ELSE ${t} END)) AS last_day
FROM bench_terms GROUP BY i;
WITH RECURSIVE j(x) AS (SELECT 0 UNION ALL SELECT x + 1 FROM j WHERE x < 45),
  tk AS (SELECT i, x, ${created} + CAST(round(julianday(first_day) - julianday(${t})) AS INTEGER) * 86400000
                  + (x * 30 + i % 30) * 86400000 + (8 + (i + x) % 10) * 3600000 + (i * 7 % 60) * 60000 AS opened
         FROM bench_spans, j WHERE date(first_day, '+' || (x * 30 + i % 30) || ' days') < last_day)
INSERT INTO tickets (external_id, account_id, opened_at, first_response_at, resolved_at, resolved_on_first_contact, channel,
  created_at, updated_at)
SELECT 'bench-t-' || i || '-' || x, i, opened,
  CASE WHEN (i + x) % 23 = 0 THEN NULL ELSE opened + (5 + (i * 13 + x * 7) % 240) * 60000 END,
  CASE WHEN (i + x) % 19 = 0 THEN NULL ELSE opened + (30 + (i + x * 11) % 4320) * 60000 END,
  CASE WHEN (i + x) % 17 = 0 THEN NULL WHEN (i * 3 + x) % 10 < 7 THEN 1 ELSE 0 END,
  ${pick(['email', 'chat', 'phone'], 'i + x')}, opened, opened
FROM tk WHERE opened < ${created + 86_400_000} ORDER BY opened;
WITH RECURSIVE mo(x) AS (SELECT 0 UNION ALL SELECT x + 1 FROM mo
    WHERE date(${t}, 'start of month', '-' || (x + 1) || ' months') >= (SELECT date(min(ps), 'start of month') FROM bench_terms))
INSERT INTO cs_costs (external_id, period_start, period_end, amount_minor, currency, reporting_amount_minor, category,
  created_at, updated_at)
SELECT 'bench-cost-' || x || '-' || category, date(${t}, 'start of month', '-' || x || ' months'),
  date(${t}, 'start of month', '-' || x || ' months', '+1 month', '-1 day'), amount, 'USD', amount, category, ${created}, ${created}
FROM mo, (SELECT 'team' AS category, 45000000 AS amount UNION ALL SELECT 'tools', 2500000);
INSERT INTO cs_leads (external_id, account_id, title, submitted_on, status, assigned_on, accepted_on, closed_on,
  won_arr_minor, currency, reporting_won_arr_minor, submitted_by, created_at, updated_at)
SELECT 'bench-lead-' || i || '-' || k, i, 'Expansion ' || k, sub, st,
  CASE WHEN st <> 'submitted' THEN date(sub, '+3 days') END,
  CASE WHEN st IN ('accepted', 'won') THEN date(sub, '+10 days') END,
  CASE WHEN st IN ('won', 'lost') THEN date(sub, '+40 days') END,
  CASE WHEN st = 'won' THEN 200000 * (1 + i % 20) END, CASE WHEN st = 'won' THEN 'USD' END,
  CASE WHEN st = 'won' THEN 200000 * (1 + i % 20) END, 'csm-' || (i % ${OWNERS}) || '@bench.test', ${created}, ${created}
FROM (SELECT i, k, date(ps, '-60 days') AS sub,
        CASE WHEN date(ps, '-20 days') > ${t} THEN CASE WHEN (i + k) % 2 = 0 THEN 'submitted' ELSE 'assigned' END
          ELSE ${pick(['won', 'won', 'lost', 'accepted', 'won', 'assigned', 'lost', 'submitted'], 'i / 5 + k')} END AS st
      FROM bench_terms WHERE i % 5 = 0 AND k > 0 AND (k * m) % 12 = 0 AND date(ps, '-60 days') <= ${t});
INSERT INTO advocacy (external_id, account_id, kind, occurred_on, referred_account_name, referral_arr_minor, currency,
  reporting_referral_arr_minor, note, created_at, updated_at)
SELECT 'bench-adv-' || i || '-' || k, i, kind, day, CASE WHEN kind = 'referral' THEN 'Referred by ' || i END,
  ref, CASE WHEN ref IS NOT NULL THEN 'USD' END, ref, NULL, ${created}, ${created}
FROM (SELECT i, k, date(ps, '+30 days') AS day,
        ${pick(['case_study', 'testimonial', 'reference', 'event_talk', 'referral'], 'i / 6 + k')} AS kind,
        CASE WHEN (i / 6 + k) % 5 = 4 THEN 300000 * (1 + i % 10) END AS ref
      FROM bench_terms WHERE i % 6 = 0 AND k > 0 AND (k * m) % 12 = 0 AND date(ps, '+30 days') <= ${t});
DROP TABLE bench_terms;
DROP TABLE bench_spans;`;
}
