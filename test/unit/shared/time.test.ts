import { describe, expect, it } from 'vitest';
import { addDays, isoOrNull, toDay, utcDay } from '../../../shared/time';

describe('utcDay', () => {
  it('names the UTC day of the last millisecond before UTC midnight', () => {
    expect(utcDay(Date.UTC(2026, 0, 31, 23, 59, 59, 999))).toBe('2026-01-31');
  });

  it('moves to the next day exactly at UTC midnight', () => {
    expect(utcDay(Date.UTC(2026, 1, 1, 0, 0, 0, 0))).toBe('2026-02-01');
  });

  it('uses UTC rather than the offset of the original time zone', () => {
    // 23:30 in New York on 31 Dec is already 1 Jan in UTC.
    expect(utcDay(Date.parse('2025-12-31T23:30:00-05:00'))).toBe('2026-01-01');
  });

  it('handles the epoch and instants before it', () => {
    expect(utcDay(0)).toBe('1970-01-01');
    expect(utcDay(-1)).toBe('1969-12-31');
  });

  // utcDay remembers the last day it computed; these sequences would expose a stale answer.
  it('answers each call of a sequence crossing midnight with its own day', () => {
    const midnight = Date.UTC(2026, 2, 1);
    expect(
      [midnight - 1, midnight, midnight - 1, midnight + 86_399_999, midnight + 86_400_000].map(utcDay),
    ).toEqual(['2026-02-28', '2026-03-01', '2026-02-28', '2026-03-01', '2026-03-02']);
  });

  it('truncates fractional milliseconds as Date does, before and after the epoch', () => {
    expect([-86_400_000, -0.5, 0.5, -1.5, 86_399_999.5].map(utcDay)).toEqual([
      '1969-12-31',
      '1970-01-01',
      '1970-01-01',
      '1969-12-31',
      '1970-01-01',
    ]);
  });

  it('names days outside 1970–9999 as toISOString does, and rejects an invalid time', () => {
    expect(utcDay(Date.UTC(9999, 11, 31, 23))).toBe('9999-12-31');
    expect(utcDay(Date.UTC(10000, 0, 1))).toBe('+010000-01');
    expect(utcDay(8.64e15)).toBe('+275760-09');
    expect(() => utcDay(8.64e15 + 1)).toThrow(RangeError);
    expect(() => utcDay(Number.NaN)).toThrow(RangeError);
  });
});

describe('addDays', () => {
  it.each([
    ['2026-01-31', 1, '2026-02-01'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2024-03-01', -1, '2024-02-29'],
    ['2025-02-28', 1, '2025-03-01'],
    ['2000-02-28', 1, '2000-02-29'],
    ['1900-02-28', 1, '1900-03-01'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2027-01-01', -1, '2026-12-31'],
    ['2026-01-01', 365, '2027-01-01'],
    ['2024-01-01', 366, '2025-01-01'],
    ['2026-03-29', 1, '2026-03-30'],
    ['2026-05-15', 0, '2026-05-15'],
    ['2026-05-15', -30, '2026-04-15'],
  ])('%s shifted by %i days is %s', (day, days, expected) => {
    expect(addDays(day, days)).toBe(expected);
  });

  it('is undone by shifting back the same number of days', () => {
    for (const days of [1, 7, 28, 29, 30, 31, 90, 365, 366, 1000]) {
      expect(addDays(addDays('2024-02-29', days), -days)).toBe('2024-02-29');
    }
  });
});

describe('toDay', () => {
  it('keeps a YYYY-MM-DD date as the same day', () => {
    expect(toDay('2026-05-01')).toBe('2026-05-01');
  });

  it('takes the UTC day of a date-time with an offset', () => {
    expect(toDay('2026-05-01T10:00:00+02:00')).toBe('2026-05-01');
    expect(toDay('2026-05-01T01:00:00+02:00')).toBe('2026-04-30');
    expect(toDay('2026-05-01T23:00:00-02:00')).toBe('2026-05-02');
  });

  it('takes the UTC day of a Z date-time', () => {
    expect(toDay('2026-05-01T23:59:59.999Z')).toBe('2026-05-01');
  });

  it('reads a number as epoch milliseconds', () => {
    expect(toDay(Date.UTC(2026, 0, 1, 12))).toBe('2026-01-01');
    expect(toDay(0)).toBe('1970-01-01');
  });

  it.each([
    ['an unparsable string', 'soon'],
    ['a ten-character non-date', 'abcdefghij'],
    ['an impossible month', '2026-13-01'],
    ['an empty string', ''],
    ['a whitespace-only string', '   '],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['null', null],
    ['undefined', undefined],
    ['an object', { date: '2026-01-01' }],
    ['a boolean', true],
  ])('returns null for %s', (_label, value) => {
    expect(toDay(value)).toBeNull();
  });

  // Number.isFinite(1e20) is true, but no Date can represent it, so `toISOString()` throws a RangeError
  // out of toDay (and so out of mapAccountTraits) instead of returning null.
  it('returns null for a finite number outside the Date range', () => {
    expect(toDay(1e20)).toBeNull();
  });

  // V8's Date.parse rolls a day that does not exist over into the next month.
  it('returns null for a date that does not exist (30 February)', () => {
    expect(toDay('2026-02-30')).toBeNull();
  });
});

describe('isoOrNull', () => {
  it('formats epoch ms as ISO 8601 and keeps null', () => {
    expect(isoOrNull(Date.UTC(2026, 10, 25, 13, 5))).toBe('2026-11-25T13:05:00.000Z');
    expect(isoOrNull(0)).toBe('1970-01-01T00:00:00.000Z');
    expect(isoOrNull(null)).toBeNull();
  });
});
