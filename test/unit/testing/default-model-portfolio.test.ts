import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL } from '../../../shared/health';
import { formatHarnessReport, generatePortfolio, runPortfolioHarness } from '../../../shared/testing';

// Issue 12's acceptance test of the default model: 48 accounts, 13 weeks from 28 October (the seasonal
// accounts' holiday dip falls on 23–31 December), scored daily after a 4-week warm-up.
const portfolio = generatePortfolio({ seed: 12, startDay: '2025-10-28' });
const result = runPortfolioHarness(portfolio, DEFAULT_MODEL);
const summary = (archetype: string) => result.archetypes.find((a) => a.archetype === archetype)!;

describe('DEFAULT_MODEL on the synthetic portfolio (issue 12)', () => {
  it('prints the confusion table by archetype', () => {
    console.log(`DEFAULT_MODEL on synthetic portfolio seed 12\n${formatHarnessReport(result)}`);
    expect(result.archetypes).toHaveLength(6);
  });

  it('scores every account on the last day (no account is left out of the AUC)', () => {
    expect(result.unscoredAtEnd).toBe(0);
  });

  it('puts every abrupt dropper in Yellow or Red within 7 days of the drop', () => {
    for (const days of summary('abrupt').daysToAlarm) expect(days).not.toBeNull();
    for (const days of summary('abrupt').daysToAlarm) expect(days).toBeLessThanOrEqual(7);
  });

  it('puts every dormant account in Yellow or Red within 7 days of going dormant', () => {
    for (const days of summary('dormant').daysToAlarm) expect(days).not.toBeNull();
    for (const days of summary('dormant').daysToAlarm) expect(days).toBeLessThanOrEqual(7);
  });

  it('never puts a steady account in Red', () => {
    expect(summary('steady').redAccountDays).toBe(0);
  });

  it('never puts a seasonal account in Red, over weekends and the holiday dip', () => {
    expect(summary('seasonal').redAccountDays).toBe(0);
  });

  it('separates churners from renewers with AUC ≥ 0.8 on the last day', () => {
    expect(result.auc).toBeGreaterThanOrEqual(0.8);
  });
});
