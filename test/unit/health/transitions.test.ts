import { describe, expect, it } from 'vitest';
import { bounces, countWinsAndSaves, type RecordedTransition } from '../../../shared/health';
import { addDays } from '../../../shared/time';

const D0 = '2026-04-01';
const RANK = ['green', 'green-yellow', 'yellow', 'red'];
const rank = (tier: string) => (RANK.includes(tier) ? RANK.indexOf(tier) : undefined);

function tr(accountId: number, day: number, from: string, to: string, arrCents = 1_000): RecordedTransition {
  const a = RANK.indexOf(from);
  const b = RANK.indexOf(to);
  const kind =
    b > a
      ? 'decline'
      : from === 'yellow' && to === 'green'
        ? 'win'
        : from === 'red' && b > 0
          ? 'save'
          : 'improve';
  return { accountId, period: addDays(D0, day), kind, fromTier: from, toTier: to, arrCents };
}

const window = { from: D0, to: addDays(D0, 89), hysteresisDays: 7, rank };

describe('bounces', () => {
  it('cancels a change undone within the window of days, like brackets', () => {
    const rows = [tr(1, 1, 'yellow', 'green'), tr(1, 3, 'green', 'yellow'), tr(1, 5, 'yellow', 'green')];
    expect([...bounces(rows, 7, rank)]).toEqual([rows[0], rows[1]]);
    // Undone after more days than the window: no bounce.
    expect(bounces([tr(1, 1, 'yellow', 'green'), tr(1, 9, 'green', 'yellow')], 7, rank).size).toBe(0);
    // 0 days: nothing is a bounce.
    expect(bounces(rows, 0, rank).size).toBe(0);
  });

  it('counts a fall below the tier left, and a nested save and win, as undoing', () => {
    const rows = [
      tr(1, 1, 'red', 'yellow'),
      tr(1, 2, 'yellow', 'green'),
      tr(1, 3, 'green', 'yellow'),
      tr(1, 4, 'yellow', 'red'),
    ];
    expect(bounces(rows, 7, rank).size).toBe(4);
    expect(bounces([tr(1, 1, 'yellow', 'green'), tr(1, 2, 'green', 'red')], 7, rank).size).toBe(2);
    // A smaller drop (green → green-yellow) does not undo a win from yellow.
    expect(bounces([tr(1, 1, 'yellow', 'green'), tr(1, 2, 'green', 'green-yellow')], 7, rank).size).toBe(0);
  });
});

describe('countWinsAndSaves', () => {
  it('counts an account bouncing between yellow and green once, with its ARR once', () => {
    // Account 1 crosses the line five times in ten days and stays green; account 2 wins once.
    const rows = [
      tr(1, 10, 'yellow', 'green', 5_000),
      tr(1, 12, 'green', 'yellow', 5_000),
      tr(1, 14, 'yellow', 'green', 5_000),
      tr(1, 16, 'green', 'yellow', 5_000),
      tr(1, 18, 'yellow', 'green', 6_000),
      tr(2, 30, 'yellow', 'green', 2_000),
    ];
    const counted = countWinsAndSaves(rows, window);
    expect(counted.wins.map((w) => [w.accountId, w.period])).toEqual([
      [2, addDays(D0, 30)],
      [1, addDays(D0, 18)],
    ]);
    expect(counted.winsArrCents).toBe(8_000);
    expect(counted.saves).toEqual([]);
  });

  it('counts a win that did not hold not at all, and a dip and return not as a win', () => {
    expect(countWinsAndSaves([tr(1, 10, 'yellow', 'green'), tr(1, 13, 'green', 'red')], window).wins).toEqual(
      [],
    );
    // Green for long, yellow for three days, green again: no win.
    expect(
      countWinsAndSaves([tr(1, 10, 'green', 'yellow'), tr(1, 13, 'yellow', 'green')], window).wins,
    ).toEqual([]);
    // The dip began before the window: the changes before `from` are read for that.
    const early = [tr(1, -2, 'green', 'yellow'), tr(1, 1, 'yellow', 'green')];
    expect(countWinsAndSaves(early, window).wins).toEqual([]);
    // With no hysteresis the same return is a win.
    expect(countWinsAndSaves(early, { ...window, hysteresisDays: 0 }).wins).toHaveLength(1);
  });

  it('counts wins and saves apart, only in the window, and the later save of a cycle', () => {
    const rows = [
      tr(1, 5, 'red', 'yellow', 3_000),
      tr(1, 40, 'yellow', 'green', 3_000),
      tr(2, -20, 'red', 'yellow', 9_000),
      tr(3, 20, 'red', 'green-yellow', 4_000),
      tr(3, 30, 'green-yellow', 'red', 4_000),
      tr(3, 50, 'red', 'yellow', 4_500),
    ];
    const counted = countWinsAndSaves(rows, window);
    expect(counted.wins.map((w) => w.accountId)).toEqual([1]);
    expect(counted.saves.map((s) => [s.accountId, s.period])).toEqual([
      [3, addDays(D0, 50)],
      [1, addDays(D0, 5)],
    ]);
    expect(counted.savesArrCents).toBe(7_500);
    // Per renewal cycle (account 3 renews on day 40): each cycle's save counts for attribution.
    const cycleOf = (t: RecordedTransition) => (t.period < addDays(D0, 40) ? 'first' : 'second');
    expect(countWinsAndSaves(rows, { ...window, cycleOf }).saves.map((s) => s.accountId)).toEqual([3, 3, 1]);
  });
});
