import { describe, expect, it } from 'vitest';
import { contractDates } from '../../../shared/revenue';
import { contract } from './fixtures';

describe('contractDates', () => {
  it('takes the contract in force on the day, its start and its renewal due date', () => {
    const cs = [
      contract({ periodStart: '2025-01-01', periodEnd: '2025-12-31', outcome: 'renewed' }),
      contract({ periodStart: '2026-01-01', periodEnd: '2026-12-31', renewalDueDate: '2026-11-01' }),
    ];
    expect(contractDates(cs, '2026-03-01')).toEqual({
      contractStartDate: '2026-01-01',
      renewalDate: '2026-11-01',
      churnedOn: null,
    });
    expect(contractDates(cs, '2025-12-31')).toEqual({
      contractStartDate: '2025-01-01',
      renewalDate: '2025-12-31',
      churnedOn: null,
    });
  });

  it('is null before any contract started', () => {
    expect(contractDates([contract({ periodStart: '2026-01-01' })], '2025-12-31')).toBeNull();
    expect(contractDates([], '2026-01-01')).toBeNull();
  });

  it('falls back to the latest contract started before the day when none is in force', () => {
    const cs = [
      contract({ periodStart: '2024-01-01', periodEnd: '2024-12-31', outcome: 'renewed' }),
      contract({ periodStart: '2025-01-01', periodEnd: '2025-12-31' }),
    ];
    expect(contractDates(cs, '2026-02-01')).toEqual({
      contractStartDate: '2025-01-01',
      renewalDate: '2025-12-31',
      churnedOn: null,
    });
  });

  it('reports the churn day once the last contract ended churned', () => {
    const cs = [contract({ periodStart: '2025-01-01', periodEnd: '2025-12-31', outcome: 'churned' })];
    expect(contractDates(cs, '2026-02-01')?.churnedOn).toBe('2025-12-31');
    expect(contractDates(cs, '2025-12-31')?.churnedOn).toBe('2025-12-31');
    expect(contractDates(cs, '2025-12-30')?.churnedOn).toBeNull();
  });

  it('does not let an add-on bought mid-term or a one-off project stand for the subscription', () => {
    const cs = [
      contract({ periodStart: '2026-01-01', periodEnd: '2026-12-31' }),
      contract({ periodStart: '2026-06-01', periodEnd: '2026-12-31', interval: 'month', amountMinor: 100 }),
      contract({ periodStart: '2026-07-01', periodEnd: '2026-07-31', interval: 'once' }),
    ];
    expect(contractDates(cs, '2026-07-15')).toEqual({
      contractStartDate: '2026-01-01',
      renewalDate: '2026-12-31',
      churnedOn: null,
    });
  });

  it('has no renewal date for a one-off without one', () => {
    const cs = [contract({ periodStart: '2026-01-01', periodEnd: '2026-02-28', interval: 'once' })];
    expect(contractDates(cs, '2026-01-15')).toEqual({
      contractStartDate: '2026-01-01',
      renewalDate: null,
      churnedOn: null,
    });
  });

  it('does not call an account churned while a later contract started after the churned one', () => {
    const cs = [
      contract({ periodStart: '2025-01-01', periodEnd: '2025-12-31', outcome: 'churned' }),
      contract({ periodStart: '2026-03-01', periodEnd: '2027-02-28' }),
    ];
    expect(contractDates(cs, '2026-04-01')).toMatchObject({
      contractStartDate: '2026-03-01',
      churnedOn: null,
    });
  });
});
