import { env } from 'cloudflare:workers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DashboardData } from '../../shared/contracts/dashboard';
import { addDays } from '../../shared/time';
import { getDb } from '../../worker/common/db';
import { type StoredWins, winsAndSaves, winsAndSavesByWindow } from '../../worker/dashboard/wins-store';
import { admin, errorCode, rows, seedAccount, seedSnapshot, today, uid } from './helpers';

// Wins and saves as a CS leader presents them (issue 12): each account once in the window, with its ARR once,
// and a move undone within the hysteresis days counted as none. Accounts of one CSM of this file only; the
// tier changes are recorded here directly, as scoring would have recorded them.
let owner: string;
const t = () => today();
const ids: Record<string, number> = {};

async function account(name: string, arrCents: number) {
  const { id } = await seedAccount({ externalId: uid(name), arrCents });
  await rows('UPDATE accounts SET owner_email = ?, name = ? WHERE id = ?', owner, `${owner} ${name}`, id);
  ids[name] = id;
}

/** A recorded tier change `day` days before today, with the account's ARR. */
async function change(name: string, day: number, kind: string, from: string, to: string) {
  await rows(
    `INSERT INTO tier_transitions (account_id, period, kind, from_tier, to_tier, from_score, to_score, arr_cents, created_at)
     SELECT id, ?, ?, ?, ?, NULL, NULL, arr_cents, ? FROM accounts WHERE id = ?`,
    addDays(t(), -day),
    kind,
    from,
    to,
    Date.now(),
    ids[name],
  );
}

async function dashboard(days = 30): Promise<DashboardData> {
  const res = await admin(`/api/dashboard?owner=${encodeURIComponent(owner)}&days=${days}`);
  expect(res.status).toBe(200);
  return res.json<DashboardData>();
}

const setHysteresis = (hysteresisDays: unknown) =>
  admin('/api/settings/transitions', { method: 'PUT', body: { hysteresisDays } });

beforeAll(async () => {
  owner = `${uid('wins')}@example.com`;
  await account('bouncer', 500_000);
  await account('slipped', 200_000);
  await account('dipper', 300_000);
  await account('saved', 70_000);
  await account('climber', 40_000);
  await account('late', 10_000);
  // Bouncer crosses from yellow to green three times in a week and stays green: one win.
  await change('bouncer', 20, 'win', 'yellow', 'green');
  await change('bouncer', 18, 'decline', 'green', 'yellow');
  await change('bouncer', 16, 'win', 'yellow', 'green');
  await change('bouncer', 14, 'decline', 'green', 'yellow');
  await change('bouncer', 12, 'win', 'yellow', 'green');
  // Slipped wins and falls to red three days later: no win.
  await change('slipped', 10, 'win', 'yellow', 'green');
  await change('slipped', 7, 'decline', 'green', 'red');
  // Dipper, green for long, is yellow for two days: its return is no win.
  await change('dipper', 25, 'decline', 'green', 'yellow');
  await change('dipper', 23, 'win', 'yellow', 'green');
  // Saved goes red → yellow; climber green-yellow → green is an improvement, not a win.
  await change('saved', 5, 'save', 'red', 'yellow');
  await change('climber', 4, 'improve', 'green-yellow', 'green');
  // Late dips nine days ago and returns four days ago: a bounce that began before a 7-day window.
  await change('late', 9, 'decline', 'green', 'yellow');
  await change('late', 4, 'win', 'yellow', 'green');
  // The dashboard's period is the latest scored day: today.
  await seedSnapshot(ids.saved!, t(), { score: 50, tier: 'yellow' });
});

afterAll(async () => {
  await setHysteresis(7);
});

describe('wins and saves on the dashboard', () => {
  it('counts each account once, ignores moves undone within the hysteresis, and sums ARR per account', async () => {
    const d = await dashboard();
    expect(d.hysteresisDays).toBe(7);
    expect(d.wins.map((w) => [w.name, w.period, w.fromTier, w.toTier, w.arrCents])).toEqual([
      [`${owner} bouncer`, addDays(t(), -12), 'yellow', 'green', 500_000],
    ]);
    expect([d.winsCount, d.winsArrCents]).toEqual([1, 500_000]);
    expect(d.saves.map((s) => s.name)).toEqual([`${owner} saved`]);
    expect([d.savesCount, d.savesArrCents]).toEqual([1, 70_000]);
    // The full attribution list (every counted move, by internal account id) is GET /api/metrics' alone.
    expect(d).not.toHaveProperty('counted');
  });

  it('counts every crossing, still once per account, with no hysteresis; the setting is audited', async () => {
    const [before] = await rows<{ id: number }>('SELECT coalesce(max(id), 0) AS id FROM audit_log');
    const put = await setHysteresis(0);
    expect(put.status).toBe(200);
    expect(await put.json()).toEqual({ hysteresisDays: 0 });
    const d = await dashboard();
    expect(d.wins.map((w) => [w.name, w.period])).toEqual([
      [`${owner} late`, addDays(t(), -4)],
      [`${owner} slipped`, addDays(t(), -10)],
      [`${owner} bouncer`, addDays(t(), -12)],
      [`${owner} dipper`, addDays(t(), -23)],
    ]);
    // Four accounts, not seven crossings; each account's ARR once.
    expect([d.winsCount, d.winsArrCents]).toEqual([4, 1_010_000]);
    expect(d.hysteresisDays).toBe(0);
    expect(await (await admin('/api/settings/transitions')).json()).toEqual({ hysteresisDays: 0 });
    // Audited with the acting credential and the values before and after.
    const entries = await rows<{ actor: string; details: string }>(
      "SELECT actor, details FROM audit_log WHERE action = 'settings.transitions' AND id > ?",
      before!.id,
    );
    expect(entries.map((e) => ({ ...e, details: JSON.parse(e.details) }))).toContainEqual({
      actor: 'admin-token',
      details: { before: { hysteresisDays: 7 }, after: { hysteresisDays: 0 } },
    });
  });

  it('keeps wins before the window out, and reads the bounce that began before it', async () => {
    expect((await setHysteresis(7)).status).toBe(200);
    // A 7-day window (the shortest) starting six days ago: late's return is read with its dip of nine days
    // ago and is no win; only the save counts.
    const week = await (
      await admin(`/api/dashboard?owner=${encodeURIComponent(owner)}&days=7`)
    ).json<DashboardData>();
    expect(week.wins).toEqual([]);
    expect(week.saves.map((s) => s.name)).toEqual([`${owner} saved`]);
  });

  it('counts an account once per renewal cycle: a win before its current contract start and one after', async () => {
    expect((await setHysteresis(7)).status).toBe(200);
    const first = owner;
    owner = `${uid('cycles')}@example.com`;
    try {
      await account('renewed', 800_000);
      await account('steady', 90_000);
      // Renewed 12 days ago: its CRM moved the contract start. A win 28 days ago (previous cycle), a decline
      // 18 days ago (not a bounce: 10 days later) and a win 6 days ago (this cycle) are two wins to attribute.
      await rows('UPDATE accounts SET contract_start_date = ? WHERE id = ?', addDays(t(), -12), ids.renewed);
      await change('renewed', 28, 'win', 'yellow', 'green');
      await change('renewed', 18, 'decline', 'green', 'yellow');
      await change('renewed', 6, 'win', 'yellow', 'green');
      // The same moves within one cycle (contract started before them) are one win, the latest.
      await rows('UPDATE accounts SET contract_start_date = ? WHERE id = ?', addDays(t(), -200), ids.steady);
      await change('steady', 28, 'win', 'yellow', 'green');
      await change('steady', 18, 'decline', 'green', 'yellow');
      await change('steady', 6, 'win', 'yellow', 'green');
      const d = await dashboard();
      expect(d.wins.map((w) => [w.name, w.period])).toEqual([
        [`${owner} renewed`, addDays(t(), -6)],
        [`${owner} steady`, addDays(t(), -6)],
        [`${owner} renewed`, addDays(t(), -28)],
      ]);
      expect([d.winsCount, d.winsArrCents]).toEqual([3, 1_690_000]);
    } finally {
      owner = first;
    }
  });

  it('rejects a setting out of range or malformed with a 400 envelope, and changes nothing', async () => {
    for (const body of [
      { hysteresisDays: -1 },
      { hysteresisDays: 91 },
      { hysteresisDays: 1.5 },
      { hysteresisDays: '7' },
      {},
      { hysteresisDays: 7, other: 1 },
    ]) {
      const res = await admin('/api/settings/transitions', { method: 'PUT', body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(await errorCode(res)).toBe('VALIDATION_FAILED');
    }
    expect(await (await admin('/api/settings/transitions')).json()).toEqual({ hysteresisDays: 7 });
  });

  it('stores for every window and segment what it counts live (a finishing run keeps these)', async () => {
    // The changes above in two segments of this test alone (other files share the database): bouncer moves
    // from one to the other mid-bounce, the save and the renewal-cycle accounts' changes have no snapshot.
    const [segA, segB] = [uid('segA'), uid('segB')];
    const inSegment = { bouncer: [20, 18, 16], slipped: [10, 7], late: [9, 4] };
    for (const [name, days] of Object.entries(inSegment))
      for (const day of days)
        await seedSnapshot(ids[name]!, addDays(t(), -day), { score: 60, tier: 'yellow', segmentId: segA });
    for (const [name, day] of [
      ['bouncer', 14],
      ['bouncer', 12],
      ['dipper', 25],
      ['dipper', 23],
    ] as const)
      await seedSnapshot(ids[name]!, addDays(t(), -day), { score: 60, tier: 'yellow', segmentId: segB });
    const db = getDb(env.DB);
    const tiers = ['green', 'green-yellow', 'yellow', 'red'];
    const rank = (tier: string) => (tiers.includes(tier) ? tiers.indexOf(tier) : undefined);
    const externalIds = new Map(
      (await rows<{ id: number; external_id: string }>('SELECT id, external_id FROM accounts')).map((a) => [
        a.id,
        a.external_id,
      ]),
    );
    const asLive = (w: StoredWins | undefined) => ({
      wins: (w?.wins ?? []).map(([id, period, fromTier, toTier]) => [
        externalIds.get(id),
        period,
        fromTier,
        toTier,
      ]),
      saves: (w?.saves ?? []).map(([id, period, fromTier, toTier]) => [
        externalIds.get(id),
        period,
        fromTier,
        toTier,
      ]),
      counts: [w?.winsCount ?? 0, w?.winsArrCents ?? 0, w?.savesCount ?? 0, w?.savesArrCents ?? 0],
    });
    const windows = [7, 10, 21, 30, 90];
    const seen: string[] = [];
    for (const hysteresisDays of [7, 0]) {
      const stored = await winsAndSavesByWindow(db, { to: t(), days: windows, hysteresisDays, rank });
      for (const segment of [segA, segB]) {
        for (const days of windows) {
          const live = await winsAndSaves(db, {
            segment,
            from: addDays(t(), -(days - 1)),
            to: t(),
            hysteresisDays,
            rank,
          });
          const label = `${segment === segA ? 'A' : 'B'} ${days} days, hysteresis ${hysteresisDays}`;
          expect(asLive(stored.segments[segment]?.[String(days)]), label).toEqual({
            wins: live.wins.map((w) => [w.externalId, w.period, w.fromTier, w.toTier]),
            saves: live.saves.map((w) => [w.externalId, w.period, w.fromTier, w.toTier]),
            counts: [live.winsCount, live.winsArrCents, live.savesCount, live.savesArrCents],
          });
          seen.push(`${label}: ${live.winsCount}`);
        }
      }
    }
    // Not vacuous: bouncer's win counts in B, where its last crossing was; with no hysteresis every
    // account's latest crossing in the segment counts, and the window keeps older ones out.
    expect(seen).toEqual(
      expect.arrayContaining([
        'A 30 days, hysteresis 7: 0',
        'B 30 days, hysteresis 7: 1',
        'B 10 days, hysteresis 7: 0',
        'A 30 days, hysteresis 0: 3',
        'A 10 days, hysteresis 0: 1',
        'B 30 days, hysteresis 0: 2',
      ]),
    );
  });
});
