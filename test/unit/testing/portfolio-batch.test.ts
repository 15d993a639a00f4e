import { describe, expect, it } from 'vitest';
import {
  INGEST_LIMITS,
  mapAccountTraits,
  type NormalizedEvent,
  normalizeMessage,
  validateMessage,
} from '../../../shared/ingest';
import { generatePortfolio, portfolioBatches, portfolioMessages } from '../../../shared/testing';
import { addDays } from '../../../shared/time';

const portfolio = generatePortfolio({ seed: 7, startDay: '2026-02-02', accountsPerArchetype: 1 });
const messages = [...portfolioMessages(portfolio)];
// Received the day after the data ends, so no timestamp is clamped to the receive time.
const receivedAt = Date.parse(`${addDays(portfolio.endDay, 1)}T12:00:00Z`);

function normalized(): NormalizedEvent[] {
  return messages.map((m, i) => {
    const result = validateMessage(m, i);
    if (!result.ok) throw new Error(`message ${i} rejected: ${JSON.stringify(result.error)}`);
    return normalizeMessage(result.message, { receivedAt, fallbackMessageId: `fallback-${i}` });
  });
}

describe('the portfolio as Segment /v1/batch messages', () => {
  it('are all valid messages with unique ids, in batches inside the API limits', () => {
    const events = normalized();
    expect(new Set(events.map((e) => e.messageId)).size).toBe(messages.length);
    const batches = [...portfolioBatches(portfolio, { maxMessages: 300 })];
    expect(batches.flatMap((b) => b.batch)).toEqual(messages);
    for (const b of batches) {
      expect(b.batch.length).toBeLessThanOrEqual(300);
      expect(JSON.stringify(b).length).toBeLessThan(INGEST_LIMITS.maxRequestBytes);
    }
  });

  it("roll up, as the ingest consumer does (usage types only), to the generator's user and feature days", () => {
    const externalAccount = new Map(portfolio.accounts.map((a) => [a.record.id, a.record.externalId]));
    const externalUser = new Map(portfolio.users.map((u) => [u.id, u.externalId]));
    const featureKey = new Map(portfolio.features.map((f) => [f.id, f.key]));
    const expectedUserDays = portfolio.rollups.userDays
      .map(
        (u) =>
          `${externalAccount.get(u.accountId)}|${u.day}|${externalUser.get(u.userId)}|${u.events}|${u.activeMs}`,
      )
      .sort();
    const expectedFeatureDays = portfolio.rollups.accountFeatureDays
      .map(
        (f) =>
          `${externalAccount.get(f.accountId)}|${f.day}|${featureKey.get(f.featureId)}|${f.events}|${f.users}|${f.activeMs}`,
      )
      .sort();

    const userDays = new Map<string, { events: number; activeMs: number }>();
    const featureDays = new Map<string, { events: number; users: Set<string>; activeMs: number }>();
    for (const e of normalized()) {
      if (e.type !== 'track') continue;
      const ud = `${e.accountId}|${e.day}|${e.userId}`;
      const u = userDays.get(ud) ?? { events: 0, activeMs: 0 };
      u.events++;
      u.activeMs += e.durationMs ?? 0;
      userDays.set(ud, u);
      const fd = `${e.accountId}|${e.day}|${e.featureKey}`;
      const f = featureDays.get(fd) ?? { events: 0, users: new Set(), activeMs: 0 };
      f.events++;
      f.users.add(e.userId!);
      f.activeMs += e.durationMs ?? 0;
      featureDays.set(fd, f);
    }
    expect([...userDays].map(([k, u]) => `${k}|${u.events}|${u.activeMs}`).sort()).toEqual(expectedUserDays);
    expect([...featureDays].map(([k, f]) => `${k}|${f.events}|${f.users.size}|${f.activeMs}`).sort()).toEqual(
      expectedFeatureDays,
    );
  });

  it('send each feature with its module, so the catalog gets the same modules', () => {
    const modules = new Map(portfolio.features.map((f) => [f.key, f.module]));
    for (const e of normalized()) if (e.type === 'track') expect(e.module).toBe(modules.get(e.featureKey!));
  });

  it("link every user to their account, whose group traits map to the account's fields", () => {
    const events = normalized();
    for (const account of portfolio.accounts) {
      const groups = events.filter((e) => e.type === 'group' && e.accountId === account.record.externalId);
      expect(groups).toHaveLength(portfolio.users.filter((u) => u.accountId === account.record.id).length);
      const { record } = account;
      expect(mapAccountTraits(groups[0]!.traits!)).toMatchObject({
        name: record.name,
        plan: record.plan,
        seats: record.seats,
        arrCents: record.arrCents,
        contractStartDate: record.contractStartDate,
        renewalDate: record.renewalDate,
        ownerEmail: record.ownerEmail,
      });
      expect(groups[0]!.traits).toMatchObject({
        archetype: account.archetype,
        expectedOutcome: account.outcome,
      });
    }
  });

  it('date identify and group calls on the join day, before any of that user’s events', () => {
    const joined = new Map(portfolio.users.map((u) => [u.externalId, u.joinDay]));
    const events = normalized();
    for (const e of events) {
      if (e.type === 'track') expect(e.day >= joined.get(e.userId!)!).toBe(true);
      else expect(e.day).toBe(joined.get(e.userId!));
    }
  });
});
