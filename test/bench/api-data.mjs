// Synthetic portfolio history for `npm run bench:api`, on top of the scoring bench's accounts and rollups
// (scoring-data.mjs): CSM owners, contract and renewal dates, segments by plan, and `periods` earlier daily
// snapshots (explanations of the same size and shape a real run writes) with their tier transitions, so the
// dashboard has history. The latest period is then scored for real by the worker.

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

/**
 * SQL that gives accounts 1..n owners, dates and currency (and two in three contracts), then writes snapshots for the `periods` days
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
-- Contracts (issue 13) for two accounts in three: the current yearly term and the renewed one before it;
-- one in fifty churned at the end of its last term. Their dates replace the trait dates above.
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${n}),
               cur AS (SELECT i, CASE WHEN i % 50 = 1 THEN date(${t}, '-' || (370 + i % 100) || ' days')
                                      ELSE date(${t}, '-' || ((i * 11) % 360) || ' days') END AS s
                       FROM n WHERE i % 3 <> 0),
               terms AS (SELECT i, 0 AS k, s, CASE WHEN i % 50 = 1 THEN 'churned' END AS outcome FROM cur
                         UNION ALL SELECT i, 1, date(s, '-1 year'), 'renewed' FROM cur)
INSERT INTO contracts (external_id, account_id, period_start, period_end, amount_minor, currency,
  reporting_amount_minor, interval, renewal_due_date, outcome, created_at, updated_at)
SELECT 'bench-c-' || i || '-' || k, i, s, date(s, '+1 year', '-1 day'), 1200000, 'USD', 1200000, 'year',
  date(s, '+1 year', '-31 days'), outcome, 0, 0
FROM terms ORDER BY i, k DESC;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${n}),
               p(k) AS (SELECT ${periods} UNION ALL SELECT k - 1 FROM p WHERE k > 1),
               s AS (SELECT i, k, ${score} AS sc FROM p, n)
INSERT INTO score_snapshots (account_id, period, run_id, segment_id, model_version_id, score, tier, computed_score,
  computed_tier, overridden, coverage, insufficient_data, dimensions, measures, improvements, computed_at)
SELECT i, date(${t}, '-' || k || ' days'), 'bench-history-' || k,
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
