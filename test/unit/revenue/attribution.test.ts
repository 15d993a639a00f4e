import { describe, expect, it } from 'vitest';
import {
  type Advocacy,
  advocacySummary,
  attributedArr,
  attribution,
  type CsLead,
  leadSummary,
  servicesRevenue,
} from '../../../shared/revenue';
import { contract } from './fixtures';

const MAR = ['2026-03-01', '2026-03-31'] as const;

describe('attributedArr', () => {
  it('credits the renewed ARR of the next renewal and the growth up to it', () => {
    const cs = [
      contract({ amountMinor: 1_200_000, outcome: 'expanded', renewedAmountMinor: 1_500_000 }),
      // A mid-term add-on after the win, still running at the renewal.
      contract({
        periodStart: '2026-06-01',
        periodEnd: '2026-12-31',
        amountMinor: 10_000,
        interval: 'month',
      }),
    ];
    // ARR on the win day 1.2M; at the renewal 1.5M renewed + 120k add-on.
    expect(attributedArr(cs, '2026-03-10', MAR[1])).toEqual({
      renewedArrMinor: 1_500_000,
      expansionArrMinor: 420_000,
    });
  });

  it('credits nothing renewed when the next renewal churned, and never a negative expansion', () => {
    const cs = [contract({ outcome: 'churned' })];
    expect(attributedArr(cs, '2026-03-10', MAR[1])).toEqual({ renewedArrMinor: 0, expansionArrMinor: 0 });
  });

  it('credits nothing renewed while the next renewal is pending, but counts mid-term growth', () => {
    const cs = [
      contract({ outcome: null }),
      contract({ periodStart: '2026-05-01', periodEnd: '2026-12-31', amountMinor: 5000, interval: 'month' }),
    ];
    expect(attributedArr(cs, '2026-03-10', MAR[1])).toEqual({
      renewedArrMinor: 0,
      expansionArrMinor: 60_000,
    });
  });

  it('takes the first renewal strictly after the change, renewing co-terminous contracts together', () => {
    const cs = [
      contract({ periodStart: '2025-03-01', periodEnd: '2026-03-10', outcome: 'churned' }),
      contract({ amountMinor: 1_200_000, outcome: 'renewed' }),
      contract({ amountMinor: 1000, interval: 'month', outcome: 'renewed', renewedAmountMinor: 2000 }),
      contract({ periodStart: '2027-01-01', periodEnd: '2027-12-31', outcome: 'renewed' }),
    ];
    expect(attributedArr(cs, '2026-03-10', MAR[1]).renewedArrMinor).toBe(1_200_000 + 24_000);
  });

  it('credits nothing when no renewal follows the change, and measures a pending one on its due day', () => {
    const cs = [
      contract({
        periodStart: '2026-01-01',
        periodEnd: '2026-03-31',
        amountMinor: 1000,
        interval: 'month',
        renewalDueDate: '2026-02-01',
      }),
      contract({
        periodStart: '2026-03-20',
        periodEnd: '2026-03-31',
        amountMinor: 500,
        interval: 'month',
        renewalDueDate: '2026-03-20',
      }),
    ];
    expect(attributedArr(cs, '2026-03-20', MAR[1])).toEqual({ renewedArrMinor: 0, expansionArrMinor: 0 });
    expect(attributedArr(cs, '2026-03-05', MAR[1])).toEqual({ renewedArrMinor: 0, expansionArrMinor: 6000 });
  });
});

describe('attribution', () => {
  it('counts each account once per kind and attributes its ARR once, from its latest change', () => {
    const contracts = [
      contract({ accountId: 1, amountMinor: 1_000_000, outcome: 'renewed' }),
      contract({ accountId: 2, amountMinor: 2_000_000, outcome: 'opted_out', renewedAmountMinor: 2_000_000 }),
      contract({ accountId: 3, amountMinor: 3_000_000, outcome: 'churned' }),
    ];
    const a = attribution({
      from: MAR[0],
      to: MAR[1],
      contracts,
      transitions: [
        { accountId: 1, day: '2026-03-02', kind: 'win' },
        { accountId: 1, day: '2026-03-20', kind: 'win' },
        { accountId: 2, day: '2026-03-05', kind: 'save' },
        { accountId: 3, day: '2026-03-06', kind: 'save' },
        { accountId: 3, day: '2026-03-07', kind: 'improvement' },
        { accountId: 1, day: '2026-02-28', kind: 'win' },
        { accountId: 2, day: '2026-04-01', kind: 'save' },
        { accountId: 3, day: '2026-03-08', kind: 'decline' },
      ],
      leads: [],
      advocacy: [],
    });
    expect(a).toMatchObject({
      wins: 1,
      saves: 2,
      improvements: 1,
      winsRenewedArrMinor: 1_000_000,
      savesRenewedArrMinor: 2_000_000,
      winsExpansionArrMinor: 0,
      savesExpansionArrMinor: 0,
    });
  });

  it('is all zero and null for an empty period', () => {
    const a = attribution({
      from: MAR[0],
      to: MAR[1],
      contracts: [],
      transitions: [],
      leads: [],
      advocacy: [],
    });
    expect(a).toEqual({
      wins: 0,
      saves: 0,
      improvements: 0,
      winsRenewedArrMinor: 0,
      savesRenewedArrMinor: 0,
      winsExpansionArrMinor: 0,
      savesExpansionArrMinor: 0,
      csqls: 0,
      csqlsAccepted: 0,
      csqlAcceptanceRate: null,
      csqlWonArrMinor: 0,
      csqas: 0,
      csqasByKind: { case_study: 0, testimonial: 0, reference: 0, event_talk: 0, referral: 0 },
      referralArrMinor: 0,
      premiumCsmRevenueMinor: 0,
      consultingRevenueMinor: 0,
    });
  });
});

function lead(over: Partial<CsLead>): CsLead {
  return {
    accountId: 1,
    submittedOn: '2026-03-05',
    status: 'submitted',
    acceptedOn: null,
    closedOn: null,
    wonArrMinor: null,
    ...over,
  };
}

describe('leadSummary', () => {
  it('counts CSQLs submitted in the period, accepted ones, and ARR won in the period', () => {
    const s = leadSummary(
      [
        lead({}),
        lead({ status: 'assigned' }),
        lead({ status: 'accepted' }),
        lead({ status: 'lost', acceptedOn: '2026-03-06', closedOn: '2026-03-20' }),
        lead({ status: 'won', acceptedOn: '2026-03-06', closedOn: '2026-03-25', wonArrMinor: 40_000 }),
        // Submitted before the period, won in it: its ARR counts, it is not a CSQL of the period.
        lead({
          submittedOn: '2026-01-10',
          status: 'won',
          acceptedOn: '2026-01-11',
          closedOn: '2026-03-02',
          wonArrMinor: 60_000,
        }),
        // Submitted in the period, won after it.
        lead({ status: 'won', acceptedOn: '2026-03-10', closedOn: '2026-04-02', wonArrMinor: 99_000 }),
      ],
      ...MAR,
    );
    expect(s).toEqual({ csqls: 6, csqlsAccepted: 4, csqlAcceptanceRate: 4 / 6, csqlWonArrMinor: 100_000 });
  });
});

describe('advocacySummary', () => {
  it('counts CSQAs by kind and adds referral ARR of the period', () => {
    const adv = (
      kind: Advocacy['kind'],
      occurredOn: string,
      referralArrMinor: number | null = null,
    ): Advocacy => ({
      accountId: 1,
      kind,
      occurredOn,
      referralArrMinor,
    });
    const s = advocacySummary(
      [
        adv('case_study', '2026-03-01'),
        adv('testimonial', '2026-03-31'),
        adv('testimonial', '2026-03-15'),
        adv('referral', '2026-03-10', 90_000),
        adv('referral', '2026-03-11'),
        adv('reference', '2026-04-01'),
        adv('referral', '2026-02-28', 50_000),
      ],
      ...MAR,
    );
    expect(s).toEqual({
      csqas: 5,
      csqasByKind: { case_study: 1, testimonial: 2, reference: 0, event_talk: 0, referral: 2 },
      referralArrMinor: 90_000,
    });
  });
});

describe('servicesRevenue', () => {
  it('prorates recurring premium-CSM lines by days and books one-off consulting when it starts', () => {
    const s = servicesRevenue(
      [
        contract({
          periodStart: '2026-01-01',
          periodEnd: '2026-12-31',
          interval: 'year',
          items: [
            { kind: 'subscription', amountMinor: 1_000_000, source: null },
            { kind: 'premium_csm', amountMinor: 365_000, source: null },
          ],
        }),
        contract({
          periodStart: '2026-03-15',
          periodEnd: '2026-05-15',
          interval: 'once',
          items: [{ kind: 'consulting', amountMinor: 80_000, source: 'csm_assisted' }],
        }),
        contract({
          periodStart: '2026-02-15',
          periodEnd: '2026-04-15',
          interval: 'once',
          items: [{ kind: 'consulting', amountMinor: 70_000, source: null }],
        }),
      ],
      ...MAR,
    );
    expect(s).toEqual({ premiumCsmRevenueMinor: 31_000, consultingRevenueMinor: 80_000 });
  });
});
