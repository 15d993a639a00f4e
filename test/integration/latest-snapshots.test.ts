import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import type { AccountListPage } from '../../shared/contracts/accounts';
import { addDays } from '../../shared/time';
import {
  admin,
  DAY_MS,
  planSegment,
  rows,
  runScoring,
  SEAT_MODEL,
  seedAccount,
  seedSnapshot,
  today,
  uid,
  waitForRun,
} from './helpers';

// latest_snapshots (migration 0035) is what the accounts list reads for tier, score and change: it must follow
// every writer of score_snapshots through its triggers — direct inserts of a newer or an older day (scoring and
// asOf runs, seeds), updates (re-runs, overrides), REPLACE (compaction), deletes (the demo's removal) — and
// tell the same as the rule it stands for (the latest snapshot; changeBaselineOn in
// worker/scoring/snapshots-store.ts for the baselines), computed here from score_snapshots itself.

const change = (
  days: number,
) => `round(s.score - (SELECT y.score FROM score_snapshots y WHERE y.account_id = a.id
  AND y.period = (SELECT min(z.period) FROM score_snapshots z WHERE z.account_id = a.id
    AND z.period >= date(s.period, '-${days} days') AND z.period < s.period)), 1)`;

/** The account's row as the rule tells it, and as stored (all null without a snapshot). */
async function latestOf(accountId: number) {
  const [expected] = await rows<Record<string, unknown>>(
    `SELECT s.period, s.segment_id, s.tier, s.score, ${change(1)} AS change1, ${change(7)} AS change7,
       ${change(30)} AS change30
     FROM accounts a LEFT JOIN score_snapshots s ON s.account_id = a.id
       AND s.period = (SELECT max(x.period) FROM score_snapshots x WHERE x.account_id = a.id)
     WHERE a.id = ?`,
    accountId,
  );
  const [stored] = await rows<Record<string, unknown>>(
    `SELECT l.period, l.segment_id, l.tier, l.score, l.change1, l.change7, l.change30
     FROM accounts a LEFT JOIN latest_snapshots l ON l.account_id = a.id WHERE a.id = ?`,
    accountId,
  );
  expect(stored).toEqual(expected);
  return stored;
}

async function listed(externalId: string, changeDays = 7) {
  const res = await admin(`/api/accounts?q=${encodeURIComponent(externalId)}&changeDays=${changeDays}`);
  expect(res.status).toBe(200);
  const [row] = (await res.json<AccountListPage>()).items;
  return row;
}

const d = (days: number) => addDays(today(), days);

describe('latest_snapshots', () => {
  it('follows inserts of newer and older days, updates, REPLACE and deletes, and the list reads it', async () => {
    const { id, externalId } = await seedAccount();
    expect(await latestOf(id)).toMatchObject({ period: null, score: null });

    await seedSnapshot(id, d(-40), { score: 10, tier: 'red' });
    expect(await latestOf(id)).toMatchObject({ period: d(-40), score: 10, change30: null });
    await seedSnapshot(id, d(-10), { score: 30, tier: 'red' });
    // 30 days before d(-10) is d(-40): its baseline.
    expect(await latestOf(id)).toMatchObject({ period: d(-10), change7: null, change30: 20 });
    await seedSnapshot(id, d(-1), { score: 50, tier: 'yellow' });
    expect(await latestOf(id)).toMatchObject({ period: d(-1), change1: null, change7: null, change30: 20 });
    await seedSnapshot(id, d(0), { score: 45, tier: 'yellow' });
    expect(await latestOf(id)).toMatchObject({ score: 45, change1: -5, change7: -5, change30: 15 });

    // An older day (an asOf run, a backfill) never replaces the latest, but may be a new baseline.
    await seedSnapshot(id, d(-5), { score: 40, tier: 'yellow' });
    expect(await latestOf(id)).toMatchObject({
      period: d(0),
      score: 45,
      change1: -5,
      change7: 5,
      change30: 15,
    });
    // One older than every window changes nothing (and is not even looked at).
    await seedSnapshot(id, d(-90), { score: 99, tier: 'green' });
    expect(await latestOf(id)).toMatchObject({ period: d(0), change30: 15 });

    // Updates of a baseline and of the latest (a re-run, an override).
    await env.DB.prepare('UPDATE score_snapshots SET score = 35 WHERE account_id = ? AND period = ?')
      .bind(id, d(-5))
      .run();
    expect(await latestOf(id)).toMatchObject({ change7: 10 });
    await env.DB.prepare(
      "UPDATE score_snapshots SET score = 80, tier = 'green' WHERE account_id = ? AND period = ?",
    )
      .bind(id, d(0))
      .run();
    expect(await latestOf(id)).toMatchObject({ tier: 'green', score: 80, change1: 30, change7: 45 });
    expect(await listed(externalId, 1)).toMatchObject({ tier: 'green', score: 80, scoreChange: 30 });
    expect(await listed(externalId)).toMatchObject({ scoreChange: 45 });

    // Compaction rewrites rows with REPLACE (a delete and an insert): nothing moves.
    await env.DB.prepare(
      `REPLACE INTO score_snapshots SELECT * FROM score_snapshots WHERE account_id = ? AND period IN (?, ?)`,
    )
      .bind(id, d(0), d(-1))
      .run();
    expect(await latestOf(id)).toMatchObject({ period: d(0), score: 80, change1: 30 });

    // The latest deleted: the previous one is the latest, with its own baselines.
    await env.DB.prepare('DELETE FROM score_snapshots WHERE account_id = ? AND period = ?')
      .bind(id, d(0))
      .run();
    expect(await latestOf(id)).toMatchObject({ period: d(-1), score: 50, change1: null, change7: 15 });
    expect(await listed(externalId)).toMatchObject({ tier: 'yellow', score: 50, scoreChange: 15 });

    // Every snapshot gone (the demo's removal): unscored again.
    await env.DB.prepare('DELETE FROM score_snapshots WHERE account_id = ?').bind(id).run();
    expect(await latestOf(id)).toMatchObject({ period: null, tier: null });
    expect(await listed(externalId)).toMatchObject({ tier: null, score: null, scoreChange: null });
  });

  it("follows scoring runs, an asOf run of an older day and an override: the list shows today's", async () => {
    const plan = uid('latest');
    await planSegment(plan, SEAT_MODEL);
    // 6 of 10 seats: 60, green-yellow; yesterday's score 52, 40 days ago 20.
    const a = await seedAccount({ plan, seats: 10, users: Array.from({ length: 6 }, () => 60_000) });
    await seedSnapshot(a.id, d(-1), { score: 52, tier: 'yellow' });
    await seedSnapshot(a.id, d(-40), { score: 20, tier: 'red' });
    expect(await listed(a.externalId)).toMatchObject({ score: 52, scoreChange: null });
    expect((await runScoring()).status).toBe('done');
    expect(await listed(a.externalId)).toMatchObject({ tier: 'green-yellow', score: 60, scoreChange: 8 });
    await latestOf(a.id);

    // An asOf run of a day before the change windows (usage then) writes that day; the list still shows today's.
    const asOf = d(-35);
    await env.DB.prepare(
      'INSERT INTO account_days (account_id, day, events, active_users, active_ms, features_used) VALUES (?, ?, 1, 1, 60000, 0)',
    )
      .bind(a.id, asOf)
      .run();
    const started = await admin('/api/scoring/run', { method: 'POST', body: { asOf } });
    expect(started.status).toBe(202);
    const run = await waitForRun((await started.json<{ runId: string }>()).runId, 60_000);
    expect(run).toMatchObject({ status: 'done', period: asOf });
    expect(
      await rows('SELECT 1 FROM score_snapshots WHERE account_id = ? AND period = ?', a.id, asOf),
    ).toEqual([{ 1: 1 }]);
    expect(await listed(a.externalId)).toMatchObject({ tier: 'green-yellow', score: 60, scoreChange: 8 });
    expect(await listed(a.externalId, 30)).toMatchObject({ scoreChange: 60 - 52 });
    await latestOf(a.id);

    // An override rewrites today's snapshot: the list shows its tier and score at once.
    const override = await admin(`/api/accounts/${a.externalId}/override`, {
      body: {
        tier: 'red',
        score: 15,
        reason: 'Sponsor left',
        expiresAt: new Date(Date.now() + 7 * DAY_MS).toISOString(),
      },
    });
    expect(override.status).toBe(201);
    expect(await listed(a.externalId)).toMatchObject({ tier: 'red', score: 15, scoreChange: 15 - 52 });
    const red = await admin(`/api/accounts?tier=red&sort=change&q=${encodeURIComponent(a.externalId)}`);
    expect((await red.json<AccountListPage>()).total).toBe(1);
    await latestOf(a.id);
  });
});
