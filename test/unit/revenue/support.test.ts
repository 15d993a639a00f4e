import { describe, expect, it } from 'vitest';
import { fcr, supportSummary } from '../../../shared/revenue';
import { ticket } from './fixtures';

describe('fcr', () => {
  it("gives the article's rate: 78 of 100 requests solved at first contact → 78 %", () => {
    expect(fcr(78, 100)).toBe(0.78);
  });

  it('is null when no request was received', () => {
    expect(fcr(0, 0)).toBeNull();
  });
});

describe('supportSummary', () => {
  it('reads only tickets opened in the period (by UTC day) and takes the median first response', () => {
    const s = supportSummary(
      [
        ticket('2026-05-01T00:00:00Z', 10, true),
        ticket('2026-05-10T12:00:00Z', 30, false),
        ticket('2026-05-31T23:59:00Z', 90, true),
        ticket('2026-05-15T08:00:00Z', null, null),
        ticket('2026-04-30T23:59:59Z', 1, true),
        ticket('2026-06-01T00:00:00Z', 1, true),
      ],
      '2026-05-01',
      '2026-05-31',
    );
    expect(s).toEqual({ tickets: 4, resolvedFirstContact: 2, fcr: 0.5, medianFirstResponseMinutes: 30 });
  });

  it('has null rates and median for an empty period', () => {
    expect(supportSummary([], '2026-05-01', '2026-05-31')).toEqual({
      tickets: 0,
      resolvedFirstContact: 0,
      fcr: null,
      medianFirstResponseMinutes: null,
    });
  });

  it('has no median first response when no ticket was answered, while still counting them', () => {
    const s = supportSummary([ticket('2026-05-02T09:00:00Z', null, false)], '2026-05-01', '2026-05-31');
    expect(s).toMatchObject({ tickets: 1, fcr: 0, medianFirstResponseMinutes: null });
  });
});
