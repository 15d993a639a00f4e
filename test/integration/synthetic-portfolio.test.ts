import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MODEL } from '../../shared/health';
import { generatePortfolio, portfolioBatches, runPortfolioHarness } from '../../shared/testing';
import { addDays } from '../../shared/time';
import {
  createSource,
  getAccount,
  getHealth,
  ingest,
  rows,
  runScoring,
  uid,
  waitFor,
  yesterday,
} from './helpers';

// Three archetypes, 13 weeks ending yesterday (the day a run started now scores up to), under a unique prefix.
const portfolio = generatePortfolio({
  seed: 12,
  startDay: addDays(yesterday(), -90),
  accountsPerArchetype: { steady: 1, growing: 1, declining: 0, abrupt: 1, seasonal: 0, dormant: 1 },
  idPrefix: uid('syn'),
});
const externalIds = portfolio.accounts.map((a) => a.record.externalId);
const totalEvents = portfolio.usage.reduce((s, u) => s + u.events, 0);

async function storedEvents(): Promise<number> {
  const [row] = await rows<{ n: number | null }>(
    `SELECT sum(d.events) AS n FROM account_days d JOIN accounts a ON a.id = d.account_id
     WHERE a.external_id IN (SELECT value FROM json_each(?))`,
    JSON.stringify(externalIds),
  );
  return row?.n ?? 0;
}

describe('the synthetic portfolio sent through POST /v1/batch', () => {
  beforeAll(async () => {
    const { writeKey } = await createSource(uid('synthetic'));
    for (const body of portfolioBatches(portfolio, { maxMessages: 1000 })) {
      const res = await ingest('/v1/batch', writeKey, body);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ success: true, accepted: body.batch.length, rejected: [] });
    }
    await waitFor(async () => (await storedEvents()) === totalEvents, 90_000);
  }, 120_000);

  it("rolls up to exactly the generator's account days", async () => {
    const stored = await rows<{
      external_id: string;
      day: string;
      events: number;
      active_users: number;
      active_ms: number;
      features_used: number;
    }>(
      `SELECT a.external_id, d.day, d.events, d.active_users, d.active_ms, d.features_used
       FROM account_days d JOIN accounts a ON a.id = d.account_id
       WHERE a.external_id IN (SELECT value FROM json_each(?)) ORDER BY a.external_id, d.day`,
      JSON.stringify(externalIds),
    );
    const externalOf = new Map(portfolio.accounts.map((a) => [a.record.id, a.record.externalId]));
    const expected = portfolio.rollups.accountDays
      .map((d) => ({
        external_id: externalOf.get(d.accountId)!,
        day: d.day,
        events: d.events,
        active_users: d.activeUsers,
        active_ms: d.activeMs,
        features_used: d.featuresUsed,
      }))
      .sort((x, y) => (x.external_id + x.day < y.external_id + y.day ? -1 : 1));
    expect(stored).toEqual(expected);
  });

  it('maps the group traits to the account and counts its users', async () => {
    for (const account of portfolio.accounts) {
      const body = (await getAccount(account.record.externalId))!;
      const users = portfolio.users.filter((u) => u.accountId === account.record.id);
      expect(body).toMatchObject({
        name: account.record.name,
        plan: account.record.plan,
        seats: account.record.seats,
        arrCents: account.record.arrCents,
        users: { total: users.length, activated: users.filter((u) => u.activatedDay !== null).length },
      });
    }
  });

  it("scores as the harness does: the worker's DEFAULT_MODEL scores equal the harness's last day", async () => {
    // No API marks core features yet; the harness's catalog has the generator's four.
    const core = portfolio.features.filter((f) => f.isCore).map((f) => f.key);
    await env.DB.prepare('UPDATE features SET is_core = 1 WHERE key IN (SELECT value FROM json_each(?))')
      .bind(JSON.stringify(core))
      .run();
    const [catalog] = await rows<{ n: number }>('SELECT count(*) AS n FROM features');
    expect(catalog?.n).toBe(portfolio.features.length);
    const run = await runScoring();
    expect(run.status).toBe('done');
    const harness = runPortfolioHarness(portfolio, DEFAULT_MODEL);
    for (const trace of harness.accounts) {
      const health = await getHealth(trace.account.record.externalId);
      expect({ id: trace.account.record.externalId, score: health?.score, tier: health?.tier }).toEqual({
        id: trace.account.record.externalId,
        score: trace.scores.at(-1),
        tier: trace.tiers.at(-1),
      });
    }
  }, 60_000);
});
