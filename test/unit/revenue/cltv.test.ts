import { describe, expect, it } from 'vitest';
import {
  cltvByChurn,
  cltvByPurchase,
  lifespanMonths,
  purchaseFrequency,
  repurchaseRate,
  summarisePurchases,
  upsellRate,
} from '../../../shared/revenue';
import { contract } from './fixtures';

describe('cltvByPurchase', () => {
  it("gives the article's value: 50 per purchase × 3 a month × 24 months = 3,600", () => {
    expect(cltvByPurchase(50, 3, 24)).toBe(3600);
  });

  it('is null when any factor is unknown', () => {
    expect(cltvByPurchase(null, 3, 24)).toBeNull();
    expect(cltvByPurchase(50, null, 24)).toBeNull();
    expect(cltvByPurchase(50, 3, null)).toBeNull();
  });
});

describe('cltvByChurn and lifespan', () => {
  it('is ARPA × gross margin ÷ monthly churn', () => {
    expect(cltvByChurn(750, 0.8, 0.02)).toBeCloseTo(30_000, 6);
  });

  it('is null without churn, ARPA or a churn rate', () => {
    expect(cltvByChurn(750, 0.8, 0)).toBeNull();
    expect(cltvByChurn(null, 0.8, 0.02)).toBeNull();
    expect(cltvByChurn(750, 0.8, null)).toBeNull();
  });

  it('takes the lifespan as 1 ÷ monthly churn', () => {
    expect(lifespanMonths(0.04)).toBe(25);
    expect(lifespanMonths(0)).toBeNull();
    expect(lifespanMonths(null)).toBeNull();
  });
});

describe('purchaseFrequency, repurchaseRate, upsellRate', () => {
  it('divides purchases by customers and months, null when either is zero', () => {
    expect(purchaseFrequency(90, 30, 1)).toBe(3);
    expect(purchaseFrequency(12, 4, 3)).toBe(1);
    expect(purchaseFrequency(5, 0, 3)).toBeNull();
    expect(purchaseFrequency(5, 4, 0)).toBeNull();
  });

  it('divides by the customers of the period, null without any', () => {
    expect(repurchaseRate(30, 120)).toBe(0.25);
    expect(upsellRate(12, 120)).toBe(0.1);
    expect(repurchaseRate(0, 0)).toBeNull();
    expect(upsellRate(0, 0)).toBeNull();
  });
});

describe('summarisePurchases', () => {
  const Q2 = ['2026-04-01', '2026-06-30'] as const;

  it('counts terms started in the period at their whole value, one-offs included', () => {
    const s = summarisePurchases(
      [
        contract({ accountId: 1, periodStart: '2025-04-01', periodEnd: '2026-03-31' }),
        contract({
          accountId: 1,
          periodStart: '2026-04-01',
          periodEnd: '2027-03-31',
          amountMinor: 1_200_000,
        }),
        contract({
          accountId: 2,
          periodStart: '2026-05-01',
          periodEnd: '2026-05-01',
          interval: 'once',
          amountMinor: 80_000,
        }),
        contract({ accountId: 3, periodStart: '2026-07-01', periodEnd: '2027-06-30' }),
      ],
      new Set([1, 2, 3]),
      ...Q2,
    );
    expect(s).toMatchObject({ purchases: 2, valueMinor: 1_280_000 });
  });

  it("takes an account's first purchase day from firstDays when its first contract is not given", () => {
    const renewal = contract({ accountId: 1, periodStart: '2026-04-01', periodEnd: '2027-03-31' });
    const customers = new Set([1]);
    expect(summarisePurchases([renewal], customers, ...Q2)).toMatchObject({ repurchasers: 0 });
    expect(summarisePurchases([renewal], customers, ...Q2, new Map([[1, '2025-04-01']]))).toMatchObject({
      purchases: 1,
      repurchasers: 1,
    });
  });

  it('counts a repurchase only on a later day than the first purchase', () => {
    const s = summarisePurchases(
      [
        // 1: renewal term in Q2 after a first term in 2025 → repurchase.
        contract({ accountId: 1, periodStart: '2025-04-01', periodEnd: '2026-03-31' }),
        contract({ accountId: 1, periodStart: '2026-04-01', periodEnd: '2027-03-31' }),
        // 2: new in Q2 with its set-up fee the same day → one deal, no repurchase.
        contract({ accountId: 2, periodStart: '2026-05-01', periodEnd: '2027-04-30' }),
        contract({ accountId: 2, periodStart: '2026-05-01', periodEnd: '2026-05-01', interval: 'once' }),
        // 3: new in Q2, buys again within Q2 → repurchase.
        contract({
          accountId: 3,
          periodStart: '2026-04-10',
          periodEnd: '2026-05-09',
          interval: 'month',
          amountMinor: 100,
        }),
        contract({
          accountId: 3,
          periodStart: '2026-05-10',
          periodEnd: '2026-06-09',
          interval: 'month',
          amountMinor: 100,
        }),
      ],
      new Set([1, 2, 3]),
      ...Q2,
    );
    expect(s).toMatchObject({ purchases: 5, repurchasers: 2 });
  });

  it('counts an upsell line bought after the first purchase, not one in the first deal', () => {
    const addOn = [{ kind: 'add_on' as const, amountMinor: 10_000, source: null }];
    const s = summarisePurchases(
      [
        contract({ accountId: 1, periodStart: '2025-01-01', periodEnd: '2025-12-31' }),
        contract({ accountId: 1, periodStart: '2026-05-01', periodEnd: '2026-12-31', items: addOn }),
        contract({ accountId: 2, periodStart: '2026-05-01', periodEnd: '2027-04-30', items: addOn }),
        contract({
          accountId: 4,
          periodStart: '2024-01-01',
          periodEnd: '2024-12-31',
        }),
        contract({
          accountId: 4,
          periodStart: '2026-06-01',
          periodEnd: '2026-06-01',
          interval: 'once',
          items: [{ kind: 'consulting', amountMinor: 5000, source: null }],
        }),
      ],
      new Set([1, 2, 4]),
      ...Q2,
    );
    expect(s.upsellers).toBe(1);
    expect(s.repurchasers).toBe(2);
  });

  it('ignores accounts that are not customers of the period', () => {
    const s = summarisePurchases(
      [contract({ accountId: 9, periodStart: '2026-05-01' })],
      new Set([1]),
      ...Q2,
    );
    expect(s).toEqual({ purchases: 0, valueMinor: 0, repurchasers: 0, upsellers: 0 });
  });
});
