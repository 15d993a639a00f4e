import { describe, expect, it } from 'vitest';
import {
  daysInclusive,
  inPeriod,
  median,
  monthsBetween,
  overlapDays,
  periodMonths,
  ratio,
} from '../../../shared/revenue';

describe('ratio', () => {
  it('divides, and is null rather than NaN or Infinity for a zero denominator', () => {
    expect(ratio(64, 1000)).toBe(0.064);
    expect(ratio(0, 0)).toBeNull();
    expect(ratio(5, 0)).toBeNull();
    expect(ratio(0, 4)).toBe(0);
  });
});

describe('days', () => {
  it('counts both ends of a range and nothing for a reversed one', () => {
    expect(daysInclusive('2026-05-01', '2026-05-31')).toBe(31);
    expect(daysInclusive('2026-05-01', '2026-05-01')).toBe(1);
    expect(daysInclusive('2026-05-02', '2026-05-01')).toBe(0);
    expect(daysInclusive('2024-02-01', '2024-02-29')).toBe(29);
  });

  it('counts the days two ranges share', () => {
    expect(overlapDays('2026-01-01', '2026-12-31', '2026-12-01', '2027-01-31')).toBe(31);
    expect(overlapDays('2026-01-01', '2026-01-31', '2026-02-01', '2026-02-28')).toBe(0);
    expect(overlapDays('2026-03-10', '2026-03-12', '2026-01-01', '2026-12-31')).toBe(3);
  });

  it('tells whether a day is inside an inclusive period', () => {
    expect(inPeriod('2026-05-01', '2026-05-01', '2026-05-31')).toBe(true);
    expect(inPeriod('2026-05-31', '2026-05-01', '2026-05-31')).toBe(true);
    expect(inPeriod('2026-06-01', '2026-05-01', '2026-05-31')).toBe(false);
  });
});

describe('monthsBetween / periodMonths', () => {
  it('counts calendar months whole, whatever their length', () => {
    expect(monthsBetween('2026-01-01', '2027-01-01')).toBe(12);
    expect(monthsBetween('2026-02-01', '2026-03-01')).toBe(1);
    expect(monthsBetween('2026-01-31', '2026-02-28')).toBe(1);
    expect(periodMonths('2026-01-01', '2026-03-31')).toBe(3);
    expect(periodMonths('2026-02-01', '2026-02-28')).toBe(1);
  });

  it('adds the remaining days as a share of their month', () => {
    expect(monthsBetween('2026-01-01', '2026-01-16')).toBeCloseTo(15 / 31, 12);
    // 1 Jan → 1 Feb is one month, then 14 of February's 28 days.
    expect(monthsBetween('2026-01-01', '2026-02-15')).toBeCloseTo(1.5, 12);
    expect(monthsBetween('2026-05-01', '2026-05-01')).toBe(0);
    expect(monthsBetween('2026-05-02', '2026-05-01')).toBe(0);
  });
});

describe('median', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
  });

  it('is null for no values', () => {
    expect(median([])).toBeNull();
  });
});
