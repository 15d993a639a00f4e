import type { RevenueMetrics } from '../../shared/contracts/revenue';

/** A user-written label that would become an element if anything rendered it as HTML. */
export const HOSTILE = '<img src=x onerror=alert(1)>';

/** `GET /api/metrics` of a period, every figure set; override what a test is about. */
export function metricsOf(from: string, to: string, overrides: Partial<RevenueMetrics> = {}): RevenueMetrics {
  return {
    from,
    to,
    reportingCurrency: 'USD',
    logoChurnRate: 0.02,
    unrenewedRate: 0.1,
    renewalRateCount: 0.9,
    renewalRateAmount: 0.95,
    grr: 0.96,
    nrr: 1.05,
    mrrMinor: 11_000_000,
    newMrrMinor: 500_000,
    expansionMrrMinor: 300_000,
    contractionMrrMinor: 100_000,
    churnedMrrMinor: 200_000,
    arpaMinor: 110_000,
    cltvMinor: 2_640_000,
    cltvByChurnMinor: 4_400_000,
    repurchaseRate: 0.5,
    upsellRate: 0.2,
    retentionCostMinor: 25_000,
    fcr: 0.7,
    medianFirstResponseMinutes: 45,
    counts: {
      activeAtStart: 100,
      added: 5,
      churned: 2,
      activeAtEnd: 103,
      renewalsDue: 10,
      renewed: 9,
      pendingRenewals: 1,
      tickets: 40,
    },
    attribution: {
      wins: 3,
      saves: 2,
      improvements: 7,
      winsRenewedArrMinor: 3_600_000,
      savesRenewedArrMinor: 2_400_000,
      winsExpansionArrMinor: 600_000,
      savesExpansionArrMinor: 0,
      csqls: 4,
      csqlsAccepted: 3,
      csqlAcceptanceRate: 0.75,
      csqlWonArrMinor: 1_200_000,
      csqas: 2,
      csqasByKind: { referral: 1, case_study: 1 },
      referralArrMinor: 900_000,
      optedOutRetainedArrMinor: 1_800_000,
      premiumCsmRevenueMinor: 500_000,
      consultingRevenueMinor: 250_000,
    },
    byTier: [
      { tier: 'green', renewalsDue: 6, renewed: 6, renewalRate: 1 },
      { tier: 'red', renewalsDue: 4, renewed: 3, renewalRate: 0.75 },
    ],
    byReason: [
      { reason: 'price', churnedArrMinor: 1_200_000, renewedArrMinor: 0, churned: 1, renewed: 0 },
      { reason: 'value', churnedArrMinor: 0, renewedArrMinor: 9_000_000, churned: 0, renewed: 8 },
      { reason: null, churnedArrMinor: 600_000, renewedArrMinor: 0, churned: 1, renewed: 0 },
    ],
    ...overrides,
  };
}

/** `GET /api/settings/revenue`; the `price` reason's label is {@link HOSTILE}. */
export const revenueSettings = {
  reportingCurrency: 'USD',
  currencyRates: { EUR: 1.08 },
  renewalReasons: [
    { key: 'price', label: HOSTILE },
    { key: 'value', label: '=HYPERLINK("http://evil.example")' },
  ],
  grossMarginRate: 0.8,
};
