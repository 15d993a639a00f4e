import { describe, expect, it } from 'vitest';
import {
  isRenewed,
  renewalDueDay,
  renewalRateAmount,
  renewalRateCount,
  renewalsByReason,
  renewalsByTier,
  renewalsDueIn,
  renewedArrMinor,
  summariseRenewals,
  unrenewedRate,
} from '../../../shared/revenue';
import { contract } from './fixtures';

const DEC = ['2026-12-01', '2026-12-31'] as const;

describe('renewal outcomes and amounts', () => {
  it('counts renewed, expanded, downgraded and opted-out as renewed; churned and pending as not', () => {
    expect(['renewed', 'expanded', 'downgraded', 'opted_out'].map((o) => isRenewed(o as never))).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(isRenewed('churned')).toBe(false);
    expect(isRenewed(null)).toBe(false);
  });

  it('is due on its renewal due date, or its end when none is set', () => {
    expect(renewalDueDay(contract({ renewalDueDate: '2026-10-01' }))).toBe('2026-10-01');
    expect(renewalDueDay(contract())).toBe('2026-12-31');
  });

  it('annualises the renewed amount per the interval', () => {
    expect(
      renewedArrMinor(
        contract({
          amountMinor: 100_000,
          interval: 'month',
          outcome: 'expanded',
          renewedAmountMinor: 120_000,
        }),
      ),
    ).toBe(1_440_000);
  });

  it('falls back, never overstating, when the renewed amount is unknown', () => {
    const base = { amountMinor: 30_000, interval: 'quarter' as const, renewedAmountMinor: null };
    expect(renewedArrMinor(contract({ ...base, outcome: 'renewed' }))).toBe(120_000);
    expect(renewedArrMinor(contract({ ...base, outcome: 'opted_out' }))).toBe(120_000);
    expect(renewedArrMinor(contract({ ...base, outcome: 'expanded' }))).toBe(120_000);
    expect(renewedArrMinor(contract({ ...base, outcome: 'downgraded' }))).toBe(0);
    expect(renewedArrMinor(contract({ ...base, outcome: 'churned' }))).toBe(0);
    expect(renewedArrMinor(contract({ ...base, outcome: null }))).toBe(0);
  });
});

describe('renewalsDueIn', () => {
  it('takes recurring contracts due in the period, never one-offs', () => {
    const due = renewalsDueIn(
      [
        contract({ externalId: 'in' }),
        contract({ externalId: 'early', renewalDueDate: '2026-11-30' }),
        contract({ externalId: 'set', periodEnd: '2027-03-31', renewalDueDate: '2026-12-01' }),
        contract({ externalId: 'once', interval: 'once' }),
      ],
      ...DEC,
    );
    expect(due.map((c) => c.externalId)).toEqual(['in', 'set']);
  });
});

describe('summariseRenewals and the renewal rates', () => {
  const due = [
    contract({ amountMinor: 1_000_000, outcome: 'renewed' }),
    contract({ amountMinor: 1_000_000, outcome: 'expanded', renewedAmountMinor: 1_500_000 }),
    contract({ amountMinor: 1_000_000, outcome: 'downgraded', renewedAmountMinor: 600_000 }),
    contract({ amountMinor: 1_000_000, outcome: 'opted_out' }),
    contract({ amountMinor: 1_000_000, outcome: 'churned' }),
    contract({ amountMinor: 5_000_000, outcome: null }),
  ];

  it('counts pending renewals but leaves them out of every rate', () => {
    const s = summariseRenewals(due);
    expect(s).toEqual({
      due: 6,
      decided: 5,
      renewed: 4,
      churned: 1,
      pending: 1,
      decidedArrMinor: 5_000_000,
      renewedArrMinor: 1_000_000 + 1_500_000 + 600_000 + 1_000_000,
      optedOutRetainedArrMinor: 1_000_000,
    });
    expect(renewalRateCount(s)).toBe(0.8);
    expect(unrenewedRate(s)).toBe(0.2);
    expect(renewalRateAmount(s)).toBe(0.82);
  });

  it('has null rates when nothing was decided', () => {
    const s = summariseRenewals([contract({ outcome: null })]);
    expect(s).toMatchObject({ due: 1, decided: 0, pending: 1 });
    expect(renewalRateCount(s)).toBeNull();
    expect(unrenewedRate(s)).toBeNull();
    expect(renewalRateAmount(s)).toBeNull();
  });
});

describe('renewalsByTier', () => {
  it('groups decided renewals by the tier on the first day of their window, null tier last', () => {
    const asked: string[] = [];
    const tiers: Record<number, string | null> = { 1: 'yellow', 2: 'green', 3: 'green', 4: null, 5: 'red' };
    const rows = renewalsByTier(
      [
        contract({ accountId: 1, outcome: 'churned' }),
        contract({ accountId: 2, outcome: 'renewed' }),
        contract({ accountId: 3, outcome: 'churned', renewalDueDate: '2026-12-10' }),
        contract({ accountId: 4, outcome: 'renewed' }),
        contract({ accountId: 5, outcome: null }),
      ],
      (id, day) => {
        asked.push(`${id}@${day}`);
        return tiers[id] ?? null;
      },
      90,
    );
    expect(rows).toEqual([
      { tier: 'green', renewalsDue: 2, renewed: 1, renewalRate: 0.5 },
      { tier: 'yellow', renewalsDue: 1, renewed: 0, renewalRate: 0 },
      { tier: null, renewalsDue: 1, renewed: 1, renewalRate: 1 },
    ]);
    // 2026-12-31 − 90 days = 2026-10-02; the pending one is not asked.
    expect(asked).toEqual(['1@2026-10-02', '2@2026-10-02', '3@2026-09-11', '4@2026-10-02']);
  });
});

describe('renewalsByReason', () => {
  it('adds churned ARR and renewed ARR per outcome reason, pending left out, no reason last', () => {
    const rows = renewalsByReason([
      contract({ amountMinor: 1000, interval: 'month', outcome: 'churned', outcomeReason: 'price' }),
      contract({ amountMinor: 2000, interval: 'month', outcome: 'churned', outcomeReason: 'price' }),
      contract({ amountMinor: 1000, interval: 'month', outcome: 'renewed', outcomeReason: 'value' }),
      contract({ amountMinor: 1000, interval: 'month', outcome: 'renewed', outcomeReason: null }),
      contract({ amountMinor: 9000, interval: 'month', outcome: null }),
      contract({ amountMinor: 500, interval: 'month', outcome: 'churned', outcomeReason: 'champion_left' }),
    ]);
    expect(rows).toEqual([
      { reason: 'champion_left', churned: 1, churnedArrMinor: 6000, renewed: 0, renewedArrMinor: 0 },
      { reason: 'price', churned: 2, churnedArrMinor: 36_000, renewed: 0, renewedArrMinor: 0 },
      { reason: 'value', churned: 0, churnedArrMinor: 0, renewed: 1, renewedArrMinor: 12_000 },
      { reason: null, churned: 0, churnedArrMinor: 0, renewed: 1, renewedArrMinor: 12_000 },
    ]);
  });
});
