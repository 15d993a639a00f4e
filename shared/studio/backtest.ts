import { auc } from './auc';
import { checkOutcomes, DEFAULT_MIN_OUTCOMES, type StudioRefusal } from './outcomes';

/**
 * One past renewal with a known outcome, scored as of the first day of its renewal window (the worker scores
 * it; the studio only aggregates). `score` and `points` are 0..100 as the health core computes them, null
 * when the core had none; `tier` is null for "insufficient data".
 * @example const row: BacktestRow = { accountId: 7, renewed: true, score: 82.5, tier: 'green', measures: [{ key: 'nps', points: 75 }] };
 */
export interface BacktestRow {
  accountId: number;
  renewed: boolean;
  score: number | null;
  tier: string | null;
  measures: readonly { key: string; points: number | null }[];
}

/**
 * Options of {@link backtest}. `tierOrder`: the model's tier keys, best first (its `tiers`); tiers found in
 * the rows but not listed follow in order of appearance. `minOutcomes`: fewer rows are refused (default 30).
 * @example const opts: BacktestOptions = { tierOrder: ['green', 'green-yellow', 'yellow', 'red'] };
 */
export interface BacktestOptions {
  tierOrder?: readonly string[];
  minOutcomes?: number;
}

/**
 * A backtest. `auc` (0..1) of the score against renewal over rows with a score; `renewals` counts every row;
 * `unscored` those without a score. Per tier (model order, then the {@link INSUFFICIENT_TIER} bucket last):
 * `accounts` = renewals in that tier (an account renewing twice counts twice) and `renewalRate` (0..1, null
 * when none). Per measure, in order of first appearance: `auc` over rows where it has points, `missing` rows.
 * @example const r: BacktestResult = { ok: true, auc: 0.74, renewals: 40, unscored: 2, tiers: [], measures: [] };
 */
export interface BacktestResult {
  ok: true;
  auc: number | null;
  renewals: number;
  unscored: number;
  tiers: { tier: string; accounts: number; renewalRate: number | null }[];
  measures: { key: string; auc: number | null; missing: number }[];
}

/**
 * The tier bucket of rows scored "insufficient data" (`tier: null`); always listed, last.
 * @example INSUFFICIENT_TIER // 'insufficient'
 */
export const INSUFFICIENT_TIER = 'insufficient';

/**
 * Backtests a health model on past renewals (seed 000 §3.4): how well its score ranked renewals above churns
 * (AUC), the renewal rate per tier, and each measure's own AUC. Refuses fewer than `minOutcomes` rows, or
 * rows that all renewed or all churned. Scores and points that are not finite count as missing.
 * @example backtest(rows, { tierOrder: ['green', 'green-yellow', 'yellow', 'red'] }) // e.g. { ok: true, auc: 0.81, renewals: 120, … } or { ok: false, reason: 'TOO_FEW_OUTCOMES', … }
 */
export function backtest(
  rows: readonly BacktestRow[],
  opts: BacktestOptions = {},
): BacktestResult | StudioRefusal {
  const refusal = checkOutcomes(
    rows.map((r) => r.renewed),
    opts.minOutcomes ?? DEFAULT_MIN_OUTCOMES,
  );
  if (refusal) return refusal;

  const scored = rows.filter((r) => isPoints(r.score));
  return {
    ok: true,
    auc: auc(
      scored.map((r) => r.score as number),
      scored.map((r) => r.renewed),
    ),
    renewals: rows.length,
    unscored: rows.length - scored.length,
    tiers: tierRates(rows, opts.tierOrder ?? []),
    measures: measureAucs(rows),
  };
}

function isPoints(x: number | null | undefined): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

function tierRates(rows: readonly BacktestRow[], tierOrder: readonly string[]): BacktestResult['tiers'] {
  const counts = new Map<string, { accounts: number; renewed: number }>();
  for (const t of tierOrder) counts.set(t, { accounts: 0, renewed: 0 });
  const insufficient = { accounts: 0, renewed: 0 };
  for (const r of rows) {
    let c = r.tier === null ? insufficient : counts.get(r.tier);
    if (!c) {
      c = { accounts: 0, renewed: 0 };
      counts.set(r.tier as string, c);
    }
    c.accounts++;
    if (r.renewed) c.renewed++;
  }
  // A model tier named like the bucket shares it rather than being listed twice.
  const own = counts.get(INSUFFICIENT_TIER);
  if (own) {
    insufficient.accounts += own.accounts;
    insufficient.renewed += own.renewed;
    counts.delete(INSUFFICIENT_TIER);
  }
  return [...counts, [INSUFFICIENT_TIER, insufficient] as const].map(([tier, c]) => ({
    tier,
    accounts: c.accounts,
    renewalRate: c.accounts > 0 ? c.renewed / c.accounts : null,
  }));
}

function measureAucs(rows: readonly BacktestRow[]): BacktestResult['measures'] {
  const byKey = new Map<string, { scores: number[]; outcomes: boolean[] }>();
  for (const r of rows) {
    for (const m of r.measures) {
      let acc = byKey.get(m.key);
      if (!acc) {
        acc = { scores: [], outcomes: [] };
        byKey.set(m.key, acc);
      }
      if (isPoints(m.points)) {
        acc.scores.push(m.points);
        acc.outcomes.push(r.renewed);
      }
    }
  }
  // A row that does not list a measure at all misses it too.
  return [...byKey].map(([key, acc]) => ({
    key,
    auc: auc(acc.scores, acc.outcomes),
    missing: rows.length - acc.scores.length,
  }));
}
