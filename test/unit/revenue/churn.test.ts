import { describe, expect, it } from 'vitest';
import {
  customerCounts,
  isCustomerIn,
  logoChurnRate,
  monthlyChurnRate,
  retentionCost,
} from '../../../shared/revenue';
import { account } from './fixtures';

const MAY = ['2026-05-01', '2026-05-31'] as const;

describe('logoChurnRate', () => {
  it("gives the article's rate: 64 of 1,000 customers at the start churned → 6.4 %", () => {
    expect(logoChurnRate({ activeAtStart: 1000, churned: 64 })).toBe(0.064);
  });

  it('is null without customers at the start', () => {
    expect(logoChurnRate({ activeAtStart: 0, churned: 3 })).toBeNull();
  });

  it('reproduces the article from account rows: 1,000 at the start, 64 lost in May', () => {
    const accounts = Array.from({ length: 1000 }, (_, i) =>
      account(i + 1, '2025-06-01', i < 64 ? '2026-05-20' : null),
    );
    const counts = customerCounts(accounts, ...MAY);
    expect(counts).toMatchObject({ activeAtStart: 1000, churned: 64, activeAtEnd: 936 });
    expect(logoChurnRate(counts)).toBe(0.064);
  });
});

describe('customerCounts', () => {
  it('leaves customers added in the period out of the base but counts them when they leave in it', () => {
    const counts = customerCounts(
      [
        account(1, '2025-01-01'),
        account(2, '2025-01-01', '2026-05-10'),
        account(3, '2026-05-05'),
        account(4, '2026-05-05', '2026-05-25'),
      ],
      ...MAY,
    );
    expect(counts).toEqual({
      activeAtStart: 2,
      added: 2,
      churnedFromBase: 1,
      addedAndChurned: 1,
      churned: 2,
      activeAtEnd: 2,
    });
    // (1 from the base + 1 added and lost) ÷ 2 at the start.
    expect(logoChurnRate(counts)).toBe(1);
  });

  it('counts a customer whose churn day is the first day as active at the start and churned', () => {
    expect(customerCounts([account(1, '2025-01-01', '2026-05-01')], ...MAY)).toMatchObject({
      activeAtStart: 1,
      churned: 1,
      activeAtEnd: 0,
    });
  });

  it('counts a customer starting on the first day as added, not as at the start', () => {
    expect(customerCounts([account(1, '2026-05-01')], ...MAY)).toMatchObject({ activeAtStart: 0, added: 1 });
  });

  it('ignores accounts without a contract, churned before, or starting after the period', () => {
    const counts = customerCounts(
      [account(1, null), account(2, '2024-01-01', '2026-04-30'), account(3, '2026-06-01')],
      ...MAY,
    );
    expect(counts).toEqual({
      activeAtStart: 0,
      added: 0,
      churnedFromBase: 0,
      addedAndChurned: 0,
      churned: 0,
      activeAtEnd: 0,
    });
    expect(isCustomerIn(account(2, '2024-01-01', '2026-04-30'), ...MAY)).toBe(false);
    expect(isCustomerIn(account(4, '2024-01-01', '2026-05-31'), ...MAY)).toBe(true);
  });

  it('does not count a churn after the period', () => {
    expect(customerCounts([account(1, '2025-01-01', '2026-06-01')], ...MAY)).toMatchObject({
      activeAtStart: 1,
      churned: 0,
      activeAtEnd: 1,
    });
  });
});

describe('monthlyChurnRate and retentionCost', () => {
  it('spreads a period rate evenly over its months', () => {
    expect(monthlyChurnRate(0.12, 12)).toBeCloseTo(0.01, 12);
    expect(monthlyChurnRate(null, 3)).toBeNull();
    expect(monthlyChurnRate(0.1, 0)).toBeNull();
  });

  it('divides CS spend by retained customers, null when none was retained', () => {
    expect(retentionCost(1_500_000, 300)).toBe(5000);
    expect(retentionCost(1_500_000, 0)).toBeNull();
  });
});
