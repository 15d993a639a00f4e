import { describe, expect, it } from 'vitest';
import { type BacktestRow, backtest, refusalMessage } from '../../../shared/studio';

const TIERS = ['green', 'yellow', 'red'];

function row(
  renewed: boolean,
  score: number | null,
  tier: string | null,
  measures: Record<string, number | null> = {},
): BacktestRow {
  return {
    accountId: 1,
    renewed,
    score,
    tier,
    measures: Object.entries(measures).map(([key, points]) => ({ key, points })),
  };
}

// Seven renewals: four renewed, three churned; one without a score.
const ROWS: BacktestRow[] = [
  row(true, 90, 'green', { usage: 100, nps: 50 }),
  row(true, 85, 'green', { usage: 80, nps: null }),
  row(false, 82, 'green', { usage: 90, nps: 30 }),
  row(true, 55, 'yellow', { usage: 40 }),
  row(false, 30, 'red', { usage: 20, nps: 70 }),
  row(false, 55, 'legacy', { usage: 40, nps: 10 }),
  row(true, null, null, { usage: null, nps: 60 }),
];

describe('backtest', () => {
  it('scores the model by AUC over scored rows, counting every renewal', () => {
    const r = backtest(ROWS, { tierOrder: TIERS, minOutcomes: 7 });
    if (!r.ok) throw new Error(r.reason);
    // Scored positives 90, 85, 55 vs negatives 82, 30, 55: 3 + 3 + (1 + 0.5) = 7.5 of 9 pairs.
    expect(r.auc).toBeCloseTo(7.5 / 9, 12);
    expect(r.renewals).toBe(7);
    expect(r.unscored).toBe(1);
  });

  it('gives the renewal rate per tier in model order, unknown tiers next and insufficient data last', () => {
    const r = backtest(ROWS, { tierOrder: TIERS, minOutcomes: 7 });
    if (!r.ok) throw new Error(r.reason);
    expect(r.tiers).toEqual([
      { tier: 'green', accounts: 3, renewalRate: 2 / 3 },
      { tier: 'yellow', accounts: 1, renewalRate: 1 },
      { tier: 'red', accounts: 1, renewalRate: 0 },
      { tier: 'legacy', accounts: 1, renewalRate: 0 },
      { tier: 'insufficient', accounts: 1, renewalRate: 1 },
    ]);
  });

  it('lists a model tier with no renewals with a null rate', () => {
    const r = backtest(ROWS.slice(0, 3).concat(ROWS.slice(4)), { tierOrder: TIERS, minOutcomes: 6 });
    if (!r.ok) throw new Error(r.reason);
    expect(r.tiers.find((t) => t.tier === 'yellow')).toEqual({
      tier: 'yellow',
      accounts: 0,
      renewalRate: null,
    });
  });

  it("gives each measure's AUC over the rows where it has points, and how many rows miss it", () => {
    const r = backtest(ROWS, { tierOrder: TIERS, minOutcomes: 7 });
    if (!r.ok) throw new Error(r.reason);
    // usage: positives 100, 80, 40 vs negatives 90, 20, 40: 3 + 2 + 1.5 = 6.5 of 9 pairs; one null.
    // nps: positives 50, 60 vs negatives 30, 70, 10: 2 + 2 = 4 of 6; one null and one row without it.
    expect(r.measures).toEqual([
      { key: 'usage', auc: 6.5 / 9, missing: 1 },
      { key: 'nps', auc: 4 / 6, missing: 2 },
    ]);
  });

  it('refuses fewer decided renewals than minOutcomes (default 30)', () => {
    const r = backtest(ROWS, { tierOrder: TIERS });
    expect(r).toEqual({ ok: false, reason: 'TOO_FEW_OUTCOMES', renewals: 7, renewed: 4, minOutcomes: 30 });
    if (r.ok) return;
    expect(refusalMessage(r)).toBe('Only 7 renewals with a known outcome; at least 30 are needed.');
    expect(backtest(ROWS, { minOutcomes: 8 })).toMatchObject({ ok: false, reason: 'TOO_FEW_OUTCOMES' });
    expect(backtest(ROWS, { minOutcomes: 7 })).toMatchObject({ ok: true });
  });

  it('refuses a set where every account renewed (no contrast), or every one churned', () => {
    const allRenewed = Array.from({ length: 30 }, (_, i) => row(true, i, 'green'));
    const r = backtest(allRenewed);
    expect(r).toEqual({ ok: false, reason: 'SINGLE_OUTCOME', renewals: 30, renewed: 30, minOutcomes: 30 });
    if (!r.ok) expect(refusalMessage(r)).toContain('All 30 renewals renewed');
    const allChurned = allRenewed.map((x) => ({ ...x, renewed: false }));
    expect(backtest(allChurned)).toMatchObject({ ok: false, reason: 'SINGLE_OUTCOME', renewed: 0 });
  });
});
