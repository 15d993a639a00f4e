import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { adjacentPeriods, periodOf, periodValues, previousPeriod } from '../../../shared/alerts/periods';
import { addDays } from '../../../shared/time';

describe('alert periods', () => {
  it('puts a day in its ISO week (Monday first, UTC) and calendar month', () => {
    expect(periodOf('2026-04-26', 'week')).toBe('2026-04-20'); // Sunday
    expect(periodOf('2026-04-27', 'week')).toBe('2026-04-27'); // Monday
    expect(periodOf('2026-01-01', 'week')).toBe('2025-12-29'); // a week across the new year
    expect(periodOf('2026-03-31', 'month')).toBe('2026-03');
    expect(periodOf('2026-04-01', 'month')).toBe('2026-04');
    expect(periodOf('2026-04-01', 'day')).toBe('2026-04-01');
  });

  it('steps back one period, across years', () => {
    expect(previousPeriod('2026-01', 'month')).toBe('2025-12');
    expect(previousPeriod('2026-10', 'month')).toBe('2026-09');
    expect(previousPeriod('2026-01-05', 'week')).toBe('2025-12-29');
    expect(adjacentPeriods('2026-03', '2026-04', 'month')).toBe(true);
    expect(adjacentPeriods('2026-02', '2026-04', 'month')).toBe(false);
    expect(adjacentPeriods('2026-04-28', '2026-04-30', 'day', 1)).toBe(false);
    expect(adjacentPeriods('2026-04-28', '2026-04-30', 'day')).toBe(true);
  });

  it('gives every day of a week the same Monday, 7 days after the previous week', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20_000 }), (n) => {
        const day = addDays('2000-01-01', n);
        const monday = periodOf(day, 'week');
        expect(new Date(`${monday}T00:00:00Z`).getUTCDay()).toBe(1);
        expect(monday <= day && addDays(monday, 6) >= day).toBe(true);
        expect(periodOf(addDays(monday, -1), 'week')).toBe(previousPeriod(monday, 'week'));
        expect(periodOf(addDays(`${periodOf(day, 'month')}-01`, -1), 'month')).toBe(
          previousPeriod(periodOf(day, 'month'), 'month'),
        );
      }),
    );
  });

  it('averages the account and its comparison over the same days only', () => {
    const values = periodValues(
      [
        { day: '2026-04-30', raw: 0.2, comparison: 0.5 },
        { day: '2026-04-29', raw: 0.9, comparison: null },
        { day: '2026-04-28', raw: 0.4, comparison: 0.3 },
      ],
      'week',
      true,
    );
    expect(values).toEqual([
      { key: '2026-04-27', value: 0.30000000000000004, comparison: 0.4, days: 2, last: '2026-04-30' },
    ]);
  });
});
