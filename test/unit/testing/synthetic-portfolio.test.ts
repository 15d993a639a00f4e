import { describe, expect, it } from 'vitest';
import {
  ARCHETYPES,
  type Archetype,
  createRng,
  generatePortfolio,
  rollupUsage,
  type SyntheticAccount,
  type SyntheticPortfolio,
} from '../../../shared/testing';
import { addDays } from '../../../shared/time';

// The holiday dip of the seasonal accounts (days − 35 … days − 27) lands on 23–31 December.
const START = '2025-10-28';
const portfolio = generatePortfolio({ seed: 12, startDay: START });

function activeUsersByDay(p: SyntheticPortfolio, accountId: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const d of p.rollups.accountDays) if (d.accountId === accountId) out.set(d.day, d.activeUsers);
  return out;
}

/** Mean daily active users over [from, to] (inclusive); days without a row count as 0 active users. */
function meanDau(
  p: SyntheticPortfolio,
  a: SyntheticAccount,
  from: string,
  to: string,
  keep = (_: string) => true,
) {
  const byDay = activeUsersByDay(p, a.record.id);
  let sum = 0;
  let n = 0;
  for (let d = from; d <= to; d = addDays(d, 1)) {
    if (!keep(d)) continue;
    sum += byDay.get(d) ?? 0;
    n++;
  }
  return sum / n;
}

const of = (archetype: Archetype) => portfolio.accounts.filter((a) => a.archetype === archetype);
const weekday = (d: string) => new Date(`${d}T00:00:00Z`).getUTCDay();
const isWeekend = (d: string) => weekday(d) === 0 || weekday(d) === 6;
const first28 = [START, addDays(START, 27)] as const;
const last28 = [addDays(portfolio.endDay, -27), portfolio.endDay] as const;

describe('the seeded PRNG', () => {
  it('gives the same sequence for the same seed, another for another seed', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xs);
    expect(xs[0]).toBe(0.6011037519201636);
  });
});

describe('generatePortfolio is deterministic', () => {
  it('generates the same portfolio from the same seed and start day', () => {
    expect(generatePortfolio({ seed: 12, startDay: START })).toEqual(portfolio);
  });

  it('generates different usage from another seed', () => {
    const other = generatePortfolio({ seed: 13, startDay: START, idPrefix: 'syn12' });
    expect(other.rollups.accountDays).not.toEqual(portfolio.rollups.accountDays);
  });

  it('takes the start day as an argument: a week later, every row is the same a week later', () => {
    const later = generatePortfolio({ seed: 12, startDay: addDays(START, 7) });
    expect(later.rollups.accountDays).toEqual(
      portfolio.rollups.accountDays.map((d) => ({ ...d, day: addDays(d.day, 7) })),
    );
  });

  it("draws each account from its own stream: leaving other archetypes out does not change an account's usage", () => {
    const only = Object.fromEntries(ARCHETYPES.map((a) => [a, a === 'abrupt' ? 2 : 0]));
    const small = generatePortfolio({ seed: 12, startDay: START, accountsPerArchetype: only });
    const abrupt = small.accounts.map((a) => a.record.externalId);
    expect(abrupt).toEqual(
      of('abrupt')
        .slice(0, 2)
        .map((a) => a.record.externalId),
    );
    const byExternal = (p: SyntheticPortfolio, externalId: string) => {
      const id = p.accounts.find((a) => a.record.externalId === externalId)!.record.id;
      return p.rollups.accountDays.filter((d) => d.accountId === id).map(({ accountId: _, ...d }) => d);
    };
    for (const id of abrupt) expect(byExternal(small, id)).toEqual(byExternal(portfolio, id));
  });

  it('refuses a period too short for the warm-up and change days, and a malformed start day', () => {
    expect(() => generatePortfolio({ seed: 1, startDay: START, days: 60 })).toThrow(RangeError);
    expect(() => generatePortfolio({ seed: 1, startDay: 'soon' })).toThrow(RangeError);
  });
});

describe('the ground truth', () => {
  it('has 8 accounts per archetype by default, churners exactly the declining, abrupt and dormant ones', () => {
    for (const archetype of ARCHETYPES) {
      expect(of(archetype)).toHaveLength(8);
      const churns = archetype === 'declining' || archetype === 'abrupt' || archetype === 'dormant';
      for (const a of of(archetype)) expect(a.outcome).toBe(churns ? 'churn' : 'renew');
    }
  });

  it('knows the change day of abrupt and dormant accounts, after a 4-week warm-up and ≥ 3 weeks before the end', () => {
    for (const a of portfolio.accounts) {
      if (a.archetype === 'abrupt' || a.archetype === 'dormant') {
        expect(a.changeDay! >= addDays(START, 28)).toBe(true);
        expect(a.changeDay! <= addDays(portfolio.endDay, -21)).toBe(true);
      } else expect(a.changeDay).toBeNull();
    }
  });

  it('renews every account after the data ends, on a contract that started a year before', () => {
    for (const a of portfolio.accounts) {
      expect(a.record.renewalDate! > portfolio.endDay).toBe(true);
      expect(a.record.contractStartDate).toBe(addDays(a.record.renewalDate!, -365));
      expect(a.record.seats).toBeGreaterThanOrEqual(10);
    }
  });
});

describe('the archetypes have their shapes', () => {
  it('steady accounts use the product as much at the end as at the start', () => {
    for (const a of of('steady')) {
      const ratio = meanDau(portfolio, a, ...last28) / meanDau(portfolio, a, ...first28);
      expect(ratio).toBeGreaterThan(0.75);
      expect(ratio).toBeLessThan(1.33);
    }
  });

  it('growing accounts end with at least 40 % more daily active users, and more users', () => {
    for (const a of of('growing')) {
      expect(meanDau(portfolio, a, ...last28)).toBeGreaterThan(1.4 * meanDau(portfolio, a, ...first28));
      const users = portfolio.users.filter((u) => u.accountId === a.record.id);
      expect(users.filter((u) => u.joinDay > START).length).toBeGreaterThan(0);
    }
  });

  it('slowly declining accounts lose most of their use, month by month, without a cliff', () => {
    const middle = [addDays(START, 28), addDays(START, 55)] as const;
    for (const a of of('declining')) {
      const [start, mid, end] = [first28, middle, last28].map((w) => meanDau(portfolio, a, ...w)) as [
        number,
        number,
        number,
      ];
      expect(end / start).toBeLessThan(0.65);
      expect(end / start).toBeGreaterThan(0.15);
      expect(mid).toBeLessThan(start);
      expect(mid).toBeGreaterThan(end);
    }
  });

  it('abrupt droppers fall below 15 % of their usage on the change day and stay there', () => {
    for (const a of of('abrupt')) {
      const change = a.changeDay!;
      const before = meanDau(portfolio, a, addDays(change, -28), addDays(change, -1));
      const after = meanDau(portfolio, a, change, portfolio.endDay);
      expect(before).toBeGreaterThan(0.8 * meanDau(portfolio, a, ...first28));
      expect(after).toBeLessThan(0.15 * before);
    }
  });

  it('seasonal accounts are near-silent at weekends and dip over the holiday, then recover', () => {
    for (const a of of('seasonal')) {
      const { startDay, endDay } = a.holiday!;
      expect(startDay).toBe('2025-12-23');
      const weekdays = (d: string) => !isWeekend(d) && (d < startDay || d > endDay);
      const working = meanDau(portfolio, a, START, portfolio.endDay, weekdays);
      expect(meanDau(portfolio, a, START, portfolio.endDay, isWeekend)).toBeLessThan(0.15 * working);
      expect(meanDau(portfolio, a, startDay, endDay, (d) => !isWeekend(d))).toBeLessThan(0.3 * working);
      expect(meanDau(portfolio, a, addDays(endDay, 1), portfolio.endDay, weekdays)).toBeGreaterThan(
        0.8 * working,
      );
    }
  });

  it('other accounts have a milder weekly rhythm: weekends are quieter, not silent', () => {
    for (const a of of('steady')) {
      const weekend = meanDau(portfolio, a, START, portfolio.endDay, isWeekend);
      const working = meanDau(portfolio, a, START, portfolio.endDay, (d) => !isWeekend(d));
      expect(weekend).toBeGreaterThan(0.15 * working);
      expect(weekend).toBeLessThan(0.5 * working);
    }
  });

  it('dormant accounts activated under half their seats, and all but stop on the change day', () => {
    for (const a of of('dormant')) {
      const activated = portfolio.users.filter((u) => u.accountId === a.record.id && u.activatedDay !== null);
      expect(activated.length).toBeLessThan(0.5 * a.record.seats!);
      const before = meanDau(portfolio, a, START, addDays(a.changeDay!, -1));
      expect(meanDau(portfolio, a, a.changeDay!, portfolio.endDay)).toBeLessThan(0.15 * before);
    }
  });
});

describe('the rollups', () => {
  it('are the rollup of the usage facts, with distinct users and features per day', () => {
    expect(rollupUsage(portfolio.usage)).toEqual(portfolio.rollups);
    const userDays = new Map<string, number>();
    for (const u of portfolio.rollups.userDays) {
      const key = `${u.accountId}|${u.day}`;
      userDays.set(key, (userDays.get(key) ?? 0) + 1);
    }
    for (const d of portfolio.rollups.accountDays)
      expect(d.activeUsers).toBe(userDays.get(`${d.accountId}|${d.day}`));
  });

  it('mark a user activated on the day of their first use, never before they joined', () => {
    const firstUse = new Map<number, string>();
    for (const u of portfolio.rollups.userDays)
      if (!firstUse.has(u.userId) || u.day < firstUse.get(u.userId)!) firstUse.set(u.userId, u.day);
    for (const u of portfolio.users) {
      expect(u.activatedDay).toBe(firstUse.get(u.id) ?? null);
      if (u.activatedDay) expect(u.activatedDay >= u.joinDay).toBe(true);
    }
  });
});
