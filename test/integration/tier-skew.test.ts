import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DashboardData } from '../../shared/contracts/dashboard';
import { addDays } from '../../shared/time';
import { admin, planSegment, rows, runScoring, seedAccount, seedSnapshot, today, uid } from './helpers';

// Issue 12: after a scoring run, the dashboard says when ≥ 90 % of the scored accounts fall in one tier. Every
// account of this file's storage is seeded here, so the portfolio-wide numbers are exact. Scores are
// activated users ÷ 10 seats × 100 (SEAT_MODEL): 9 activated = 90 green, 5 = 50 yellow.
//   segment A: 10 green + 2 without seats (insufficient data: no tier, not "scored")
//   segment B:  9 green + 1 yellow                 (exactly 90 %)
//   segment C:  3 green, of one CSM                (too few to judge)
let segA: string;
let segB: string;
let segC: string;
const owner = `${uid('skew')}@example.com`;
const greenB: number[] = [];
const greenA: number[] = [];
let beforeFirstRun: DashboardData;

async function dashboard(query = ''): Promise<DashboardData> {
  const res = await admin(`/api/dashboard${query}`);
  expect(res.status).toBe(200);
  return res.json<DashboardData>();
}

beforeAll(async () => {
  const [planA, planB, planC] = [uid('plan-a'), uid('plan-b'), uid('plan-c')];
  segA = (await planSegment(planA)).segmentId;
  segB = (await planSegment(planB)).segmentId;
  segC = (await planSegment(planC)).segmentId;
  const seed = (plan: string, activated: number, seats: number | null = 10) =>
    seedAccount({ plan, seats, users: Array.from({ length: activated }, () => 60_000) });
  for (let i = 0; i < 10; i++) greenA.push((await seed(planA, 9)).id);
  for (let i = 0; i < 2; i++) await seed(planA, 9, null);
  for (let i = 0; i < 9; i++) greenB.push((await seed(planB, 9)).id);
  await seed(planB, 5);
  for (let i = 0; i < 3; i++) {
    const { id } = await seed(planC, 9);
    await rows('UPDATE accounts SET owner_email = ? WHERE id = ?', owner, id);
  }
  beforeFirstRun = await dashboard();
  expect((await runScoring()).status).toBe('done');
}, 90_000);

afterAll(async () => {
  for (const id of [segA, segB, segC]) await admin(`/api/segments/${id}`, { method: 'DELETE' });
});

describe('GET /api/dashboard tierSkew', () => {
  it('is null before the first scoring run', () => {
    expect(beforeFirstRun.period).toBeNull();
    expect(beforeFirstRun.tierSkew).toBeNull();
  });

  it('names the tier holding ≥ 90 % of the accounts the latest run gave a tier, portfolio-wide', async () => {
    const d = await dashboard();
    expect(d.unscored).toBe(2);
    expect(d.tierSkew).toEqual({ tier: 'green', count: 22, scored: 23, share: 22 / 23, threshold: 0.9 });
  });

  it('judges the selected segment alone: exactly 90 % counts, fewer than 10 scored accounts never do', async () => {
    expect((await dashboard(`?segment=${segA}`)).tierSkew).toEqual({
      tier: 'green',
      count: 10,
      scored: 10,
      share: 1,
      threshold: 0.9,
    });
    expect((await dashboard(`?segment=${segB}`)).tierSkew).toMatchObject({
      tier: 'green',
      count: 9,
      scored: 10,
      share: 0.9,
    });
    const c = await dashboard(`?segment=${segC}`);
    expect(c.tiers.find((t) => t.key === 'green')?.count).toBe(3);
    expect(c.tierSkew).toBeNull();
  });

  it("judges the model's accounts, not one CSM's book, with an owner filter", async () => {
    const mine = await dashboard(`?owner=${encodeURIComponent(owner)}`);
    expect(mine.tiers.reduce((n, t) => n + t.count, 0)).toBe(3);
    expect(mine.tierSkew).toMatchObject({ tier: 'green', count: 22, scored: 23 });
    expect((await dashboard(`?owner=${encodeURIComponent(owner)}&segment=${segA}`)).tierSkew).toMatchObject({
      count: 10,
      scored: 10,
    });
    expect((await dashboard(`?owner=${encodeURIComponent(owner)}&segment=${segC}`)).tierSkew).toBeNull();
  });

  it('is gone after a run that spreads the accounts below 90 % in every tier', async () => {
    // Four of segment B's green accounts get 20 seats: 9 ÷ 20 = 45, yellow. B: 5 green, 5 yellow; all: 18 of 23.
    for (const id of greenB.slice(0, 4)) await rows('UPDATE accounts SET seats = 20 WHERE id = ?', id);
    expect((await runScoring()).status).toBe('done');
    const d = await dashboard();
    expect(d.tiers.find((t) => t.key === 'green')?.count).toBe(18);
    expect(d.tierSkew).toBeNull();
    expect((await dashboard(`?segment=${segB}`)).tierSkew).toBeNull();
    expect((await dashboard(`?owner=${encodeURIComponent(owner)}`)).tierSkew).toBeNull();
    // Segment A still is all green.
    expect((await dashboard(`?segment=${segA}`)).tierSkew).toMatchObject({ tier: 'green', share: 1 });
  });

  it('is null while the latest period has no finished run', async () => {
    // Snapshots of a later period that no run wrote (e.g. one still scoring): ten green, and nothing else.
    const tomorrow = addDays(today(), 1);
    for (const id of greenA) await seedSnapshot(id, tomorrow, { score: 90, tier: 'green', segmentId: segA });
    const d = await dashboard();
    expect(d.period).toBe(tomorrow);
    expect(d.tiers.find((t) => t.key === 'green')?.count).toBe(10);
    expect(d.tierSkew).toBeNull();
  });
});
