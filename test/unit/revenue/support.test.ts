import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fcr, type RevenueTicket, supportFromTotals, supportSummary } from '../../../shared/revenue';
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

describe('supportFromTotals', () => {
  it('gives the median of the two middle response times for an even count', () => {
    expect(
      supportFromTotals({ tickets: 4, resolvedFirstContact: 3, middleFirstResponseMs: [600_000, 1_200_000] }),
    ).toEqual({ tickets: 4, resolvedFirstContact: 3, fcr: 0.75, medianFirstResponseMinutes: 15 });
  });

  it('has null rates and median without tickets', () => {
    expect(supportFromTotals({ tickets: 0, resolvedFirstContact: 0, middleFirstResponseMs: [] })).toEqual(
      supportSummary([], '2026-05-01', '2026-05-31'),
    );
  });

  it('equals supportSummary when the totals are counted as GET /api/metrics counts them in SQL', () => {
    const from = Date.UTC(2026, 4, 1);
    const arbTicket = fc.record({
      openedAt: fc.integer({ min: from, max: from + 31 * 86_400_000 - 1 }),
      responseMs: fc.option(fc.integer({ min: -3_600_000, max: 7 * 86_400_000 })),
      resolvedOnFirstContact: fc.option(fc.boolean()),
    });
    fc.assert(
      fc.property(fc.array(arbTicket, { maxLength: 40 }), (rows) => {
        const tickets: RevenueTicket[] = rows.map((r) => ({
          accountId: 1,
          openedAt: r.openedAt,
          firstResponseAt: r.responseMs === null ? null : r.openedAt + r.responseMs,
          resolvedAt: null,
          resolvedOnFirstContact: r.resolvedOnFirstContact,
        }));
        // ORDER BY max(0, response) LIMIT 2 - n % 2 OFFSET (n - 1) / 2
        const sorted = tickets
          .filter((t) => t.firstResponseAt !== null)
          .map((t) => Math.max(0, (t.firstResponseAt ?? 0) - t.openedAt))
          .sort((a, b) => a - b);
        const n = sorted.length;
        const offset = Math.trunc((n - 1) / 2);
        const totals = {
          tickets: tickets.length,
          resolvedFirstContact: tickets.filter((t) => t.resolvedOnFirstContact === true).length,
          middleFirstResponseMs: sorted.slice(offset, offset + 2 - (n % 2)),
        };
        expect(supportFromTotals(totals)).toEqual(supportSummary(tickets, '2026-05-01', '2026-05-31'));
      }),
    );
  });
});
