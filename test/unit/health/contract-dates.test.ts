import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ContractTerm, contractDates, lifecycleStage } from '../../../shared/health';
import { addDays } from '../../../shared/time';

const term = (
  periodStart: string,
  periodEnd: string,
  outcome: string | null = null,
  renewalDueDate: string | null = periodEnd,
): ContractTerm => ({ periodStart, periodEnd, renewalDueDate, outcome });

const Y2025 = term('2025-01-01', '2025-12-31', 'renewed', '2025-11-30');
const Y2026 = term('2026-01-01', '2026-12-31', null, '2026-11-30');

describe('contractDates', () => {
  it('is null without a contract started by the day', () => {
    expect(contractDates([], '2026-05-01')).toBeNull();
    expect(contractDates([Y2026], '2025-12-31')).toBeNull();
  });

  it('takes the contract in force on the day', () => {
    expect(contractDates([Y2025, Y2026], '2025-06-30')).toEqual({
      contractStartDate: '2025-01-01',
      renewalDate: '2025-11-30',
      churnedOn: null,
    });
    expect(contractDates([Y2025, Y2026], '2026-01-01')).toEqual({
      contractStartDate: '2026-01-01',
      renewalDate: '2026-11-30',
      churnedOn: null,
    });
  });

  it('counts both period bounds as in force', () => {
    const long = term('2024-01-01', '2026-06-30');
    const short = term('2025-01-01', '2025-03-31');
    // On short's last day both are in force: the later-started one wins.
    expect(contractDates([long, short], '2025-03-31')?.contractStartDate).toBe('2025-01-01');
    // The day after, only `long` is in force, though `short` started later.
    expect(contractDates([long, short], '2025-04-01')?.contractStartDate).toBe('2024-01-01');
  });

  it('falls back to the latest contract started when none is in force (a lapsed term)', () => {
    expect(contractDates([Y2025, term('2024-01-01', '2024-12-31')], '2026-02-01')).toEqual({
      contractStartDate: '2025-01-01',
      renewalDate: '2025-11-30',
      churnedOn: null,
    });
  });

  it('uses the period end when the renewal due date is null', () => {
    expect(contractDates([term('2026-01-01', '2026-12-31', null, null)], '2026-03-01')?.renewalDate).toBe(
      '2026-12-31',
    );
  });

  it('churns from the end of a last contract whose outcome is churned, not before', () => {
    const churned = term('2026-01-01', '2026-12-31', 'churned');
    expect(contractDates([Y2025, churned], '2026-12-30')?.churnedOn).toBeNull();
    expect(contractDates([Y2025, churned], '2026-12-31')?.churnedOn).toBe('2026-12-31');
    expect(contractDates([Y2025, churned], '2027-03-01')).toEqual({
      contractStartDate: '2026-01-01',
      renewalDate: '2026-12-31',
      churnedOn: '2026-12-31',
    });
  });

  it('does not churn when a later contract started (a win-back) or the churned one is not the last', () => {
    const churned = term('2025-01-01', '2025-12-31', 'churned');
    const winBack = term('2026-03-01', '2027-02-28');
    expect(contractDates([churned, winBack], '2026-02-01')?.churnedOn).toBe('2025-12-31');
    expect(contractDates([churned, winBack], '2026-03-01')).toEqual({
      contractStartDate: '2026-03-01',
      renewalDate: '2027-02-28',
      churnedOn: null,
    });
    // A contract signed for later does not undo a churn before it starts.
    expect(contractDates([churned, term('2027-01-01', '2027-12-31')], '2026-06-01')?.churnedOn).toBe(
      '2025-12-31',
    );
  });

  it('breaks a tie on start by the later row (a correction written after the original)', () => {
    const a = term('2026-01-01', '2026-06-30', null, '2026-06-01');
    const b = term('2026-01-01', '2026-12-31', null, '2026-12-01');
    expect(contractDates([a, b], '2026-02-01')?.renewalDate).toBe('2026-12-01');
    expect(contractDates([b, a], '2026-02-01')?.renewalDate).toBe('2026-06-01');
    // Only one of them is still in force: it wins whatever the order.
    expect(contractDates([b, a], '2026-08-01')?.renewalDate).toBe('2026-12-01');
    const churned = term('2026-01-01', '2026-03-31', 'churned');
    expect(contractDates([b, churned], '2026-05-01')?.churnedOn).toBe('2026-03-31');
    expect(contractDates([churned, b], '2026-05-01')?.churnedOn).toBeNull();
  });

  it('gives the lifecycle stage of the contract dates (churned from the end day)', () => {
    const stage = (contracts: ContractTerm[], day: string) => {
      const d = contractDates(contracts, day);
      return lifecycleStage(
        {
          contractStartDate: d?.contractStartDate ?? null,
          renewalDate: d?.renewalDate ?? null,
          churnedAt: d?.churnedOn ? Date.parse(`${d.churnedOn}T00:00:00Z`) : null,
        },
        day,
      );
    };
    const churned = term('2026-01-01', '2026-12-31', 'churned', '2026-11-30');
    expect(stage([churned], '2026-01-20')).toBe('onboarding');
    expect(stage([churned], '2026-03-01')).toBe('growth');
    expect(stage([churned], '2026-06-01')).toBe('maturity');
    expect(stage([churned], '2026-09-01')).toBe('renewal');
    expect(stage([churned], '2026-12-31')).toBe('churned');
  });

  it('property: the result depends only on contracts started by the day, and churnedOn is never after it', () => {
    const day = fc.integer({ min: 0, max: 800 }).map((n) => addDays('2025-01-01', n));
    const contract = fc
      .tuple(
        day,
        fc.integer({ min: 0, max: 400 }),
        fc.option(fc.integer({ min: -60, max: 0 })),
        fc.constantFrom(null, 'renewed', 'churned'),
      )
      .map(([start, len, due, outcome]) =>
        term(
          start,
          addDays(start, len),
          outcome,
          due === null ? null : addDays(start, Math.max(0, len + due)),
        ),
      );
    fc.assert(
      fc.property(fc.array(contract, { maxLength: 6 }), day, (contracts, on) => {
        const got = contractDates(contracts, on);
        const started = contracts.filter((c) => c.periodStart <= on);
        expect(contractDates(started, on)).toEqual(got);
        expect(got === null).toBe(started.length === 0);
        if (got?.contractStartDate) expect(got.contractStartDate <= on).toBe(true);
        if (got?.churnedOn) expect(got.churnedOn <= on).toBe(true);
      }),
    );
  });
});

describe('contractDates and one-offs', () => {
  it('ignores a one-off (set-up, consulting) in the middle of a term: it neither restarts the lifecycle nor renews', () => {
    const term = { periodStart: '2026-01-01', periodEnd: '2026-12-31', renewalDueDate: null, outcome: null };
    const consulting = {
      periodStart: '2026-06-01',
      periodEnd: '2026-06-01',
      renewalDueDate: null,
      outcome: null,
      interval: 'once',
    };
    expect(contractDates([term, consulting], '2026-06-01')).toEqual({
      contractStartDate: '2026-01-01',
      renewalDate: '2026-12-31',
      churnedOn: null,
    });
    expect(contractDates([consulting], '2026-06-02')).toBeNull();
  });
});
