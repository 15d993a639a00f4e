import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { revenueMetricsSchema } from '../../../shared/contracts/revenue';
import {
  csSpendMinor,
  mrrFromContracts,
  type RevenueContract,
  type RevenueMetricsInput,
  revenueMetrics,
} from '../../../shared/revenue';
import { addDays } from '../../../shared/time';
import { account, contract, ticket } from './fixtures';

const EMPTY: RevenueMetricsInput = {
  from: '2026-04-01',
  to: '2026-06-30',
  accounts: [],
  contracts: [],
  tickets: [],
  costs: [],
  leads: [],
  advocacy: [],
  transitions: [],
  tierOnDay: () => null,
  grossMarginRate: 0.8,
};

const TIERS: Record<number, string | null> = { 1: 'green', 2: 'red', 3: null, 6: 'yellow', 7: 'red' };

// Q2 2026 (91 days, 3 months). Seven customers and one account without a contract:
//  1  base; annual 1.2M (MRR 100k) due 30 Jun, expanded to 1.56M; add-on 10k/month from 1 May, renewed.
//  2  base; quarterly 30k (MRR 10k) ends 31 May, churned (price).
//  3  added 15 Apr on 5k/month, churned 14 Jun.
//  4  added 1 May: 20k/month for a year and a 60k one-off consulting project.
//  5  base; annual 600k (MRR 50k) due 15 Jun, still pending.
//  6  base; 40k/month, due 30 Apr, downgraded (budget) to 30k/month from 1 May.
//  7  base; annual 240k (MRR 20k) due 31 May, opted out and kept by CS (value); new term with premium CSM.
const Q2: RevenueMetricsInput = {
  ...EMPTY,
  accounts: [
    account(1, '2025-07-01'),
    account(2, '2025-04-01', '2026-05-31'),
    account(3, '2026-04-15', '2026-06-14'),
    account(4, '2026-05-01'),
    account(5, '2024-01-01'),
    account(6, '2025-01-01'),
    account(7, '2025-06-01'),
    account(8, null),
  ],
  contracts: [
    contract({
      accountId: 1,
      periodStart: '2025-07-01',
      periodEnd: '2026-06-30',
      outcome: 'expanded',
      outcomeReason: 'value',
      renewedAmountMinor: 1_560_000,
    }),
    contract({
      accountId: 1,
      periodStart: '2026-05-01',
      periodEnd: '2026-06-30',
      amountMinor: 10_000,
      interval: 'month',
      outcome: 'renewed',
      items: [{ kind: 'add_on', amountMinor: 10_000, source: 'csql' }],
    }),
    contract({ accountId: 1, periodStart: '2026-07-01', periodEnd: '2027-06-30', amountMinor: 1_560_000 }),
    contract({
      accountId: 2,
      periodStart: '2025-04-01',
      periodEnd: '2026-05-31',
      amountMinor: 30_000,
      interval: 'quarter',
      outcome: 'churned',
      outcomeReason: 'price',
    }),
    contract({
      accountId: 3,
      periodStart: '2026-04-15',
      periodEnd: '2026-06-14',
      amountMinor: 5000,
      interval: 'month',
      outcome: 'churned',
    }),
    contract({
      accountId: 4,
      periodStart: '2026-05-01',
      periodEnd: '2027-04-30',
      amountMinor: 20_000,
      interval: 'month',
    }),
    contract({
      accountId: 4,
      periodStart: '2026-05-01',
      periodEnd: '2026-05-01',
      amountMinor: 60_000,
      interval: 'once',
      items: [{ kind: 'consulting', amountMinor: 60_000, source: null }],
    }),
    contract({
      accountId: 5,
      periodStart: '2025-07-01',
      periodEnd: '2026-06-30',
      amountMinor: 600_000,
      renewalDueDate: '2026-06-15',
    }),
    contract({
      accountId: 6,
      periodStart: '2025-01-01',
      periodEnd: '2026-04-30',
      amountMinor: 40_000,
      interval: 'month',
      outcome: 'downgraded',
      outcomeReason: 'budget',
      renewedAmountMinor: 30_000,
    }),
    contract({
      accountId: 6,
      periodStart: '2026-05-01',
      periodEnd: '2027-04-30',
      amountMinor: 30_000,
      interval: 'month',
    }),
    contract({
      accountId: 7,
      periodStart: '2025-06-01',
      periodEnd: '2026-05-31',
      amountMinor: 240_000,
      outcome: 'opted_out',
      outcomeReason: 'value',
    }),
    contract({
      accountId: 7,
      periodStart: '2026-06-01',
      periodEnd: '2027-05-31',
      amountMinor: 240_000,
      items: [{ kind: 'premium_csm', amountMinor: 36_500, source: null }],
    }),
    // Not one of the accounts reported on: ignored.
    contract({ accountId: 99, periodStart: '2026-01-01', periodEnd: '2026-12-31', amountMinor: 9_999_999 }),
  ],
  tickets: [
    ticket('2026-04-02T10:00:00Z', 10, true, 1),
    ticket('2026-05-05T10:00:00Z', 20, true, 4),
    ticket('2026-06-30T23:00:00Z', 40, false, 6),
    ticket('2026-06-01T10:00:00Z', null, null, 5),
    ticket('2026-03-31T23:59:00Z', 1, true, 1),
    ticket('2026-05-05T10:00:00Z', 1, true, 99),
  ],
  costs: [
    { periodStart: '2026-01-01', periodEnd: '2026-12-31', amountMinor: 3_650_000 },
    { periodStart: '2026-06-01', periodEnd: '2026-06-30', amountMinor: 60_000 },
    { periodStart: '2026-07-01', periodEnd: '2026-07-31', amountMinor: 1_000_000 },
  ],
  leads: [
    {
      accountId: 1,
      submittedOn: '2026-04-03',
      status: 'won',
      acceptedOn: '2026-04-04',
      closedOn: '2026-05-10',
      wonArrMinor: 100_000,
    },
    {
      accountId: 4,
      submittedOn: '2026-06-01',
      status: 'submitted',
      acceptedOn: null,
      closedOn: null,
      wonArrMinor: null,
    },
  ],
  advocacy: [
    { accountId: 1, kind: 'case_study', occurredOn: '2026-04-20', referralArrMinor: null },
    { accountId: 7, kind: 'referral', occurredOn: '2026-06-05', referralArrMinor: 75_000 },
  ],
  transitions: [
    { accountId: 1, day: '2026-04-10', kind: 'win' },
    { accountId: 1, day: '2026-03-15', kind: 'win' },
    { accountId: 6, day: '2026-04-05', kind: 'save' },
    { accountId: 7, day: '2026-05-20', kind: 'save' },
    { accountId: 1, day: '2026-06-01', kind: 'improvement' },
    { accountId: 2, day: '2026-04-20', kind: 'decline' },
  ],
  tierOnDay: (id) => TIERS[id] ?? null,
};

describe('revenueMetrics on a hand-computed quarter', () => {
  const m = revenueMetrics(Q2);

  it('counts customers: 5 at the start, 2 added, 1 of each lost → logo churn 2 ÷ 5', () => {
    expect(m.counts).toMatchObject({ activeAtStart: 5, added: 2, churned: 2, activeAtEnd: 5 });
    expect(m.logoChurnRate).toBe(0.4);
  });

  it('reports renewals due in the period, leaving the pending one out of the rates', () => {
    expect(m.counts).toMatchObject({ renewalsDue: 7, renewed: 4, pendingRenewals: 1 });
    expect(m.renewalRateCount).toBeCloseTo(4 / 6, 12);
    expect(m.unrenewedRate).toBeCloseTo(2 / 6, 12);
    // Renewed 1.56M + 120k + 360k + 240k of 1.2M + 120k + 120k + 60k + 480k + 240k due.
    expect(m.renewalRateAmount).toBeCloseTo(2_280_000 / 2_220_000, 12);
  });

  it('moves MRR from 220k on 31 Mar to 230k on 30 Jun and reconciles', () => {
    expect(m).toMatchObject({
      mrrMinor: 230_000,
      newMrrMinor: 20_000,
      expansionMrrMinor: 10_000,
      contractionMrrMinor: 10_000,
      churnedMrrMinor: 10_000,
      arpaMinor: 46_000,
    });
    expect(m.grr).toBeCloseTo(200 / 220, 12);
    expect(m.nrr).toBeCloseTo(210 / 220, 12);
  });

  it('derives CLTV from purchases and from churn', () => {
    // 6 purchases worth 930k by 7 customers over 3 months; lifespan 3 ÷ 0.4 = 7.5 months.
    expect(m.cltvMinor).toBe(Math.round((930_000 / 6) * (6 / 21) * 7.5));
    expect(m.cltvMinor).toBe(332_143);
    // ARPA 46k × 0.8 ÷ (0.4 ÷ 3).
    expect(m.cltvByChurnMinor).toBe(276_000);
    expect(m.repurchaseRate).toBeCloseTo(3 / 7, 12);
    expect(m.upsellRate).toBeCloseTo(1 / 7, 12);
  });

  it('divides prorated CS spend by the four customers retained through the quarter', () => {
    // 3.65M × 91/365 + 60k = 970k.
    expect(csSpendMinor(Q2.costs, Q2.from, Q2.to)).toBeCloseTo(970_000, 6);
    expect(m.retentionCostMinor).toBe(242_500);
  });

  it('reads no CS cost recorded for the period as unknown retention cost, not zero', () => {
    expect(revenueMetrics({ ...Q2, costs: [] }).retentionCostMinor).toBeNull();
    const before = [{ periodStart: '2026-01-01', periodEnd: '2026-03-31', amountMinor: 9_000 }];
    expect(revenueMetrics({ ...Q2, costs: before }).retentionCostMinor).toBeNull();
  });

  it('reads support tickets of the period and of these accounts only', () => {
    expect(m.counts.tickets).toBe(4);
    expect(m.fcr).toBe(0.5);
    expect(m.medianFirstResponseMinutes).toBe(20);
  });

  it('attributes wins, saves, CSQLs, CSQAs and services revenue', () => {
    expect(m.attribution).toEqual({
      wins: 1,
      saves: 2,
      improvements: 1,
      winsRenewedArrMinor: 1_680_000,
      savesRenewedArrMinor: 600_000,
      winsExpansionArrMinor: 480_000,
      savesExpansionArrMinor: 0,
      csqls: 2,
      csqlsAccepted: 1,
      csqlAcceptanceRate: 0.5,
      csqlWonArrMinor: 100_000,
      csqas: 2,
      csqasByKind: { case_study: 1, testimonial: 0, reference: 0, event_talk: 0, referral: 1 },
      referralArrMinor: 75_000,
      optedOutRetainedArrMinor: 240_000,
      premiumCsmRevenueMinor: 3000,
      consultingRevenueMinor: 60_000,
    });
  });

  it('groups decided renewals by tier at the window start and by outcome reason', () => {
    expect(m.byTier).toEqual([
      { tier: 'green', renewalsDue: 2, renewed: 2, renewalRate: 1 },
      { tier: 'red', renewalsDue: 2, renewed: 1, renewalRate: 0.5 },
      { tier: 'yellow', renewalsDue: 1, renewed: 1, renewalRate: 1 },
      { tier: null, renewalsDue: 1, renewed: 0, renewalRate: 0 },
    ]);
    expect(m.byReason).toEqual([
      { reason: 'budget', churned: 0, churnedArrMinor: 0, renewed: 1, renewedArrMinor: 360_000 },
      { reason: 'price', churned: 1, churnedArrMinor: 120_000, renewed: 0, renewedArrMinor: 0 },
      { reason: 'value', churned: 0, churnedArrMinor: 0, renewed: 2, renewedArrMinor: 1_800_000 },
      { reason: null, churned: 1, churnedArrMinor: 60_000, renewed: 1, renewedArrMinor: 120_000 },
    ]);
  });

  it('asks the tier on the first day of each renewal window, honouring renewalWindowDays', () => {
    const asked: string[] = [];
    revenueMetrics({
      ...Q2,
      renewalWindowDays: 30,
      tierOnDay: (id, day) => {
        asked.push(`${id}@${day}`);
        return null;
      },
    });
    expect(asked).toContain('6@2026-03-31');
    expect(asked).toContain('1@2026-05-31');
    expect(asked).not.toContain('5@2026-05-16');
  });

  it('matches the GET /api/metrics schema once the currency is added', () => {
    expect(() => revenueMetricsSchema.parse({ ...m, reportingCurrency: 'EUR' })).not.toThrow();
  });
});

describe('revenueMetrics edge cases', () => {
  it('gives zero counts and null rates for an empty period', () => {
    const m = revenueMetrics(EMPTY);
    expect(m).toMatchObject({
      from: '2026-04-01',
      to: '2026-06-30',
      logoChurnRate: null,
      unrenewedRate: null,
      renewalRateCount: null,
      renewalRateAmount: null,
      grr: null,
      nrr: null,
      mrrMinor: 0,
      newMrrMinor: 0,
      expansionMrrMinor: 0,
      contractionMrrMinor: 0,
      churnedMrrMinor: 0,
      arpaMinor: null,
      cltvMinor: null,
      cltvByChurnMinor: null,
      repurchaseRate: null,
      upsellRate: null,
      retentionCostMinor: null,
      fcr: null,
      medianFirstResponseMinutes: null,
      counts: {
        activeAtStart: 0,
        added: 0,
        churned: 0,
        activeAtEnd: 0,
        renewalsDue: 0,
        renewed: 0,
        pendingRenewals: 0,
        tickets: 0,
      },
      byTier: [],
      byReason: [],
    });
    expect(m.attribution.csqlAcceptanceRate).toBeNull();
    expect(Object.values(m.attribution.csqasByKind)).toEqual([0, 0, 0, 0, 0]);
    expect(() => revenueMetricsSchema.parse({ ...m, reportingCurrency: 'USD' })).not.toThrow();
  });

  it('counts a customer added and lost in the same period as churned, with no base → null rate', () => {
    const m = revenueMetrics({
      ...EMPTY,
      accounts: [account(1, '2026-04-10', '2026-05-20')],
      contracts: [
        contract({
          periodStart: '2026-04-10',
          periodEnd: '2026-05-20',
          amountMinor: 1000,
          interval: 'month',
        }),
      ],
    });
    expect(m.counts).toMatchObject({ activeAtStart: 0, added: 1, churned: 1, activeAtEnd: 0 });
    expect(m.logoChurnRate).toBeNull();
    expect(m.cltvByChurnMinor).toBeNull();
    expect(m.mrrMinor).toBe(0);
  });

  it("reproduces the articles' MRR and churn: 1,000 customers at ARPA 750, 64 of them lost", () => {
    const accounts = Array.from({ length: 1000 }, (_, i) =>
      account(i + 1, '2025-01-01', i < 64 ? '2026-05-20' : null),
    );
    const contracts = accounts.map((a, i) =>
      contract({
        accountId: a.accountId,
        periodStart: '2025-01-01',
        periodEnd: i < 64 ? '2026-05-20' : '2026-12-31',
        amountMinor: 750,
        interval: 'month',
      }),
    );
    const may = revenueMetrics({ ...EMPTY, from: '2026-05-01', to: '2026-05-31', accounts, contracts });
    expect(may.logoChurnRate).toBe(0.064);
    expect(may.churnedMrrMinor).toBe(64 * 750);
    const april = revenueMetrics({ ...EMPTY, from: '2026-04-01', to: '2026-04-30', accounts, contracts });
    expect(april.mrrMinor).toBe(750_000);
    expect(april.arpaMinor).toBe(750);
  });

  it('outputs money as integers even when MRR has fractions of a minor unit', () => {
    const m = revenueMetrics({
      ...EMPTY,
      accounts: [account(1, '2025-01-01'), account(2, '2025-01-01')],
      contracts: [
        contract({
          accountId: 1,
          periodStart: '2025-01-01',
          periodEnd: '2026-12-31',
          amountMinor: 100,
          interval: 'year',
          // 200 over 730 days, 91 of them in Q2: 24.93.
          items: [{ kind: 'premium_csm', amountMinor: 100, source: null }],
        }),
        contract({
          accountId: 2,
          periodStart: '2025-01-01',
          periodEnd: '2026-12-31',
          amountMinor: 101,
          interval: 'quarter',
        }),
      ],
    });
    // 8.33… + 33.66… = 42.
    expect(m.mrrMinor).toBe(42);
    expect(m.arpaMinor).toBe(21);
    const { csqlAcceptanceRate, csqasByKind, ...attributed } = m.attribution;
    expect(m.attribution.premiumCsmRevenueMinor).toBe(25);
    expect(csqlAcceptanceRate).toBeNull();
    const money = [m.mrrMinor, m.arpaMinor, m.newMrrMinor, m.expansionMrrMinor, ...Object.values(attributed)];
    for (const v of money) expect(Number.isInteger(v)).toBe(true);
  });
});

const contractArb = fc.record({
  accountId: fc.integer({ min: 1, max: 5 }),
  start: fc.integer({ min: 0, max: 200 }),
  length: fc.integer({ min: 0, max: 200 }),
  amountMinor: fc.integer({ min: 0, max: 50_000 }),
  interval: fc.constantFrom('month' as const, 'quarter' as const, 'year' as const, 'once' as const),
});

describe('revenueMetrics properties', () => {
  it("reconciles: previous MRR + new + expansion − contraction − churned = this period's MRR", () => {
    fc.assert(
      fc.property(
        fc.array(contractArb, { maxLength: 10 }),
        fc.integer({ min: 1, max: 300 }),
        (rows, offset) => {
          const contracts: RevenueContract[] = rows.map((r) =>
            contract({
              accountId: r.accountId,
              periodStart: addDays('2026-01-01', r.start),
              periodEnd: addDays('2026-01-01', r.start + r.length),
              amountMinor: r.amountMinor,
              interval: r.interval,
            }),
          );
          const accounts = [1, 2, 3, 4, 5].map((id) => account(id, '2025-01-01'));
          const from = addDays('2026-01-01', offset);
          const to = addDays(from, 45);
          const m = revenueMetrics({ ...EMPTY, from, to, accounts, contracts });
          const previous = revenueMetrics({
            ...EMPTY,
            from: addDays(from, -30),
            to: addDays(from, -1),
            accounts,
            contracts,
          });
          expect(
            previous.mrrMinor +
              m.newMrrMinor +
              m.expansionMrrMinor -
              m.contractionMrrMinor -
              m.churnedMrrMinor,
          ).toBe(m.mrrMinor);
          expect(m.mrrMinor).toBe(Math.round(mrrFromContracts(contracts, to)));
          if (m.grr !== null) expect(m.grr).toBeLessThanOrEqual(1 + 1e-12);
          if (m.grr !== null && m.nrr !== null) expect(m.nrr).toBeGreaterThanOrEqual(m.grr - 1e-12);
        },
      ),
    );
  });
});

describe('revenueMetrics on the contracts GET /api/metrics loads', () => {
  const rowArb = fc.record({
    accountId: fc.integer({ min: 1, max: 4 }),
    start: fc.integer({ min: 0, max: 600 }),
    length: fc.integer({ min: 0, max: 400 }),
    dueBeforeEnd: fc.constantFrom(0, 0, 30),
    amountMinor: fc.integer({ min: 0, max: 50_000 }),
    interval: fc.constantFrom('month' as const, 'quarter' as const, 'year' as const, 'once' as const),
    outcome: fc.constantFrom(
      null,
      'renewed' as const,
      'churned' as const,
      'expanded' as const,
      'opted_out' as const,
    ),
    kinds: fc.subarray(['subscription', 'premium_csm', 'consulting', 'upsell', 'add_on'] as const),
  });
  const transitionArb = fc.record({
    accountId: fc.integer({ min: 1, max: 4 }),
    day: fc.integer({ min: 0, max: 220 }),
    kind: fc.constantFrom('win' as const, 'save' as const, 'improvement' as const),
  });

  it('gives the same metrics as all contracts: those in force from the day before to the end, due, or of a win or save', () => {
    fc.assert(
      fc.property(
        fc.array(rowArb, { maxLength: 14 }),
        fc.array(transitionArb, { maxLength: 4 }),
        fc.integer({ min: 0, max: 600 }),
        fc.integer({ min: 0, max: 200 }),
        (rows, moves, offset, days) => {
          const base = '2025-01-01';
          const contracts = rows.map((r) =>
            contract({
              accountId: r.accountId,
              periodStart: addDays(base, r.start),
              periodEnd: addDays(base, r.start + r.length),
              renewalDueDate: addDays(base, r.start + r.length - Math.min(r.dueBeforeEnd, r.length)),
              amountMinor: r.amountMinor,
              interval: r.interval,
              outcome: r.outcome,
              renewedAmountMinor: r.outcome === 'expanded' ? r.amountMinor + 100 : null,
              items: r.kinds.map((kind) => ({ kind, amountMinor: 1_000, source: null })),
            }),
          );
          // Each account's first start as the store reads it: the earliest of all its contracts.
          const accounts = [1, 2, 3, 4].map((id) => {
            const starts = contracts.filter((c) => c.accountId === id).map((c) => c.periodStart);
            return account(id, starts.length ? starts.sort()[0]! : null);
          });
          const from = addDays(base, offset);
          const to = addDays(from, days);
          // Changes in the period (the ones attributed), with some outside it.
          const transitions = moves.map((t) => ({ ...t, day: addDays(from, t.day - 20) }));
          const input = { ...EMPTY, from, to, accounts, contracts, transitions };
          const changed = new Set(
            transitions
              .filter((t) => t.kind !== 'improvement' && t.day >= from && t.day <= to)
              .map((t) => t.accountId),
          );
          const loaded = contracts
            .filter(
              (c) =>
                (c.periodStart <= to && c.periodEnd >= addDays(from, -1)) ||
                (c.renewalDueDate !== null && c.renewalDueDate >= from && c.renewalDueDate <= to) ||
                changed.has(c.accountId),
            )
            .map((c) => ({
              ...c,
              // Items only of contracts overlapping the period with a line other than subscription.
              items:
                c.periodStart <= to && c.periodEnd >= from && c.items.some((i) => i.kind !== 'subscription')
                  ? c.items
                  : [],
            }));
          expect(revenueMetrics({ ...input, contracts: loaded })).toEqual(revenueMetrics(input));
        },
      ),
      { numRuns: 500 },
    );
  });
});
