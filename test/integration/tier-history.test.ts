import { env } from 'cloudflare:workers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DashboardData } from '../../shared/contracts/dashboard';
import { addDays } from '../../shared/time';
import { getDb } from '../../worker/common/db';
import { ownerTierCountsSql } from '../../worker/dashboard/rollups-store';
import { admin, planSegment, rows, runScoring, seedAccount, seedSnapshot, today, uid } from './helpers';

// Tiers over time when the accounts are in more than one segment (issue 12): each stored day must count every
// account, not the last segment's share of a tier, so that today (counted live) shows no fake spike. Accounts
// of one CSM of this file only.
let owner: string;
let segA: string;
let segB: string;
const t = () => today();
const planA = uid('plan-a');
const planB = uid('plan-b');

beforeAll(async () => {
  owner = `${uid('history')}@example.com`;
  segA = (await planSegment(planA)).segmentId;
  segB = (await planSegment(planB)).segmentId;
  // Five accounts in two segments (score = activated users ÷ 10 seats), green or yellow on each of the
  // last three days and again today when scored (by this file's run or any other).
  const accounts: [string, string, number][] = [
    [planA, segA, 9],
    [planA, segA, 9],
    [planA, segA, 5],
    [planB, segB, 9],
    [planB, segB, 5],
  ];
  for (const [plan, segmentId, activated] of accounts) {
    const { id } = await seedAccount({
      plan,
      seats: 10,
      users: Array.from({ length: activated }, () => 60_000),
    });
    await rows('UPDATE accounts SET owner_email = ? WHERE id = ?', owner, id);
    const score = activated * 10;
    for (let day = 3; day >= 1; day--) {
      await seedSnapshot(id, addDays(t(), -day), {
        score,
        tier: score >= 80 ? 'green' : 'yellow',
        segmentId,
      });
    }
  }
  // What the runs of the three earlier days stored when they finished: the counts per owner and segment.
  const db = getDb(env.DB);
  for (let day = 3; day >= 1; day--) await db.run(ownerTierCountsSql(addDays(t(), -day), Date.now()));
  expect((await runScoring()).status).toBe('done');
}, 90_000);

afterAll(async () => {
  for (const id of [segA, segB]) await admin(`/api/segments/${id}`, { method: 'DELETE' });
});

describe('tiers over time with two segments', () => {
  it('adds the segments of every stored day: all accounts each day, no spike today', async () => {
    const stored = await rows<{ value: string }>(
      "SELECT value FROM dashboard_aggregates WHERE kind = 'owner-tier-counts' AND scope = ? AND period = ?",
      owner,
      addDays(t(), -1),
    );
    // The stored row has a green count per segment: the case that was undercounted.
    expect(JSON.parse(stored[0]!.value).tiers).toHaveLength(4);
    const d = await (
      await admin(`/api/dashboard?owner=${encodeURIComponent(owner)}&days=30`)
    ).json<DashboardData>();
    expect(d.tierHistory).toEqual(
      [3, 2, 1, 0].map((day) => ({ period: addDays(t(), -day), counts: { green: 3, yellow: 2 } })),
    );
    // Per segment too.
    const a = await (
      await admin(`/api/dashboard?owner=${encodeURIComponent(owner)}&segment=${segA}&days=30`)
    ).json<DashboardData>();
    expect(a.tierHistory.map((p) => p.counts)).toEqual(Array(4).fill({ green: 2, yellow: 1 }));
  });
});
