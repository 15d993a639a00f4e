import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RevenueMetrics } from '../../shared/contracts/revenue';
import { admin, asSession, createMember, seedAccount, seedSnapshot, signIn, uid } from './helpers';

// One quarter (2026 Q1) of a CSM's book, computed by hand:
// A: renewed yearly $12,000 (MRR 100,000¢) before the quarter, in force all of it; 4 tickets; a won CSQL; a referral.
// B: monthly $500 since 2025-06, churned on 2026-02-28 (reason price); red at the start of its renewal window.
// C: new on 2026-02-01, yearly $24,000 (MRR 200,000¢).
// D: new on 2026-01-10, monthly $300, churned on 2026-03-09 (reason price): added and lost in the quarter.
// E: yearly $6,000 to 2026-02-28, expanded to $7,200 from 2026-03-01 after a win on 2026-01-15; green at its window start.
const Q = { from: '2026-01-01', to: '2026-03-31' };
const owner = `${uid('book')}@example.com`;
const ids: Record<string, { id: number; externalId: string }> = {};

async function ok(res: Response) {
  if (res.status !== 200) throw new Error(`${res.status} ${await res.text()}`);
  return res;
}

const contract = (account: string, over: Record<string, unknown>) => ({
  accountExternalId: ids[account]!.externalId,
  externalId: uid(`c-${account}`),
  currency: 'USD',
  ...over,
});

beforeAll(async () => {
  for (const name of ['A', 'B', 'C', 'D', 'E']) {
    ids[name] = await seedAccount({ externalId: uid(`book-${name}`) });
    await env.DB.prepare('UPDATE accounts SET owner_email = ? WHERE id = ?').bind(owner, ids[name]!.id).run();
  }
  await ok(
    await admin('/api/contracts', {
      body: [
        contract('A', {
          periodStart: '2025-01-01',
          periodEnd: '2025-12-31',
          amountMinor: 1_200_000,
          interval: 'year',
          outcome: 'renewed',
          renewedAmountMinor: 1_200_000,
        }),
        contract('A', {
          periodStart: '2026-01-01',
          periodEnd: '2026-12-31',
          amountMinor: 1_200_000,
          interval: 'year',
          items: [
            { kind: 'subscription', amountMinor: 1_080_000 },
            { kind: 'premium_csm', amountMinor: 120_000 },
          ],
        }),
        contract('B', {
          periodStart: '2025-06-01',
          periodEnd: '2026-02-28',
          amountMinor: 50_000,
          interval: 'month',
          outcome: 'churned',
          outcomeReason: 'price',
        }),
        contract('C', {
          periodStart: '2026-02-01',
          periodEnd: '2027-01-31',
          amountMinor: 2_400_000,
          interval: 'year',
        }),
        contract('D', {
          periodStart: '2026-01-10',
          periodEnd: '2026-03-09',
          amountMinor: 30_000,
          interval: 'month',
          outcome: 'churned',
          outcomeReason: 'price',
        }),
        contract('E', {
          periodStart: '2025-03-01',
          periodEnd: '2026-02-28',
          amountMinor: 600_000,
          interval: 'year',
          outcome: 'expanded',
          outcomeReason: 'value_realised',
          renewedAmountMinor: 720_000,
        }),
        contract('E', {
          periodStart: '2026-03-01',
          periodEnd: '2027-02-28',
          amountMinor: 720_000,
          interval: 'year',
        }),
      ],
    }),
  );
  const ticket = (n: number, firstResponseMinutes: number | null, fcr: boolean) => ({
    accountExternalId: ids.A!.externalId,
    externalId: uid('t'),
    openedAt: `2026-02-0${n}T10:00:00Z`,
    ...(firstResponseMinutes === null
      ? {}
      : {
          firstResponseAt: new Date(
            Date.parse(`2026-02-0${n}T10:00:00Z`) + firstResponseMinutes * 60_000,
          ).toISOString(),
        }),
    ...(fcr ? { resolvedAt: `2026-02-0${n}T12:00:00Z`, resolvedOnFirstContact: true } : {}),
  });
  await ok(
    await admin('/api/tickets', {
      body: [ticket(1, 10, true), ticket(2, 20, true), ticket(3, 30, true), ticket(4, null, false)],
    }),
  );
  await ok(
    await admin('/api/cs-costs', {
      body: {
        externalId: uid('cost'),
        periodStart: '2026-01-01',
        periodEnd: '2026-03-31',
        amountMinor: 9_000_000,
        currency: 'USD',
      },
    }),
  );
  await ok(
    await admin('/api/leads', {
      body: [
        {
          accountExternalId: ids.A!.externalId,
          externalId: uid('l'),
          title: 'Analytics',
          submittedOn: '2026-01-15',
          acceptedOn: '2026-01-20',
          closedOn: '2026-03-01',
          status: 'won',
          wonArrMinor: 500_000,
        },
        {
          accountExternalId: ids.E!.externalId,
          externalId: uid('l'),
          title: 'Seats',
          submittedOn: '2026-02-01',
          closedOn: '2026-03-15',
          status: 'lost',
        },
      ],
    }),
  );
  await ok(
    await admin('/api/advocacy', {
      body: [
        {
          accountExternalId: ids.A!.externalId,
          externalId: uid('a'),
          kind: 'referral',
          occurredOn: '2026-02-10',
          referredAccountName: 'Globex',
          referralArrMinor: 240_000,
        },
        {
          accountExternalId: ids.E!.externalId,
          externalId: uid('a'),
          kind: 'case_study',
          occurredOn: '2026-03-05',
        },
      ],
    }),
  );
  // Tiers at the start of the renewal windows (due − 90 days); D's window start has no snapshot.
  await seedSnapshot(ids.B!.id, '2025-11-30', { score: 20, tier: 'red' });
  await seedSnapshot(ids.E!.id, '2025-11-30', { score: 85, tier: 'green' });
  // The win's own day: a segment filter counts a change by the segment the account was in when it happened.
  await seedSnapshot(ids.E!.id, '2026-01-15', { score: 82, tier: 'green' });
  await env.DB.prepare(
    `INSERT INTO tier_transitions (account_id, period, kind, from_tier, to_tier, from_score, to_score, arr_cents, created_at)
     VALUES (?, '2026-01-15', 'win', 'yellow', 'green', 55, 82, 600000, ?)`,
  )
    .bind(ids.E!.id, Date.now())
    .run();
});

async function metrics(query: string): Promise<RevenueMetrics> {
  return (await ok(await admin(`/api/metrics?${query}`))).json<RevenueMetrics>();
}

describe('GET /api/metrics', () => {
  it("computes a CSM's quarter as worked out by hand", async () => {
    const m = await metrics(`from=${Q.from}&to=${Q.to}&owner=${encodeURIComponent(owner)}`);
    expect(m.counts).toEqual({
      activeAtStart: 3,
      added: 2,
      churned: 2,
      activeAtEnd: 3,
      renewalsDue: 3,
      renewed: 1,
      pendingRenewals: 0,
      tickets: 4,
    });
    expect(m.logoChurnRate).toBeCloseTo(2 / 3, 10);
    expect(m.unrenewedRate).toBeCloseTo(2 / 3, 10);
    expect(m.renewalRateCount).toBeCloseTo(1 / 3, 10);
    expect(m.renewalRateAmount).toBeCloseTo(720_000 / 1_560_000, 10);
    expect({
      mrr: m.mrrMinor,
      new: m.newMrrMinor,
      expansion: m.expansionMrrMinor,
      contraction: m.contractionMrrMinor,
      churned: m.churnedMrrMinor,
      arpa: m.arpaMinor,
    }).toEqual({
      mrr: 360_000,
      new: 200_000,
      expansion: 10_000,
      contraction: 0,
      churned: 50_000,
      arpa: 120_000,
    });
    expect(m.grr).toBeCloseTo(0.75, 10);
    expect(m.nrr).toBeCloseTo(0.8, 10);
    expect(m.fcr).toBe(0.75);
    expect(m.medianFirstResponseMinutes).toBe(20);
    expect(m.retentionCostMinor).toBe(4_500_000);
    expect(m.attribution).toMatchObject({
      wins: 1,
      saves: 0,
      winsRenewedArrMinor: 720_000,
      winsExpansionArrMinor: 120_000,
      csqls: 2,
      csqlsAccepted: 1,
      csqlAcceptanceRate: 0.5,
      csqlWonArrMinor: 500_000,
      csqas: 2,
      referralArrMinor: 240_000,
      // 120,000 a year, 90 of 365 days in the quarter.
      premiumCsmRevenueMinor: Math.round((120_000 * 90) / 365),
    });
    expect(m.byTier).toEqual([
      { tier: 'green', renewalsDue: 1, renewed: 1, renewalRate: 1 },
      { tier: 'red', renewalsDue: 1, renewed: 0, renewalRate: 0 },
      { tier: null, renewalsDue: 1, renewed: 0, renewalRate: 0 },
    ]);
    expect(m.byReason).toEqual([
      { reason: 'price', churned: 2, churnedArrMinor: 960_000, renewed: 0, renewedArrMinor: 0 },
      { reason: 'value_realised', churned: 0, churnedArrMinor: 0, renewed: 1, renewedArrMinor: 720_000 },
    ]);
    expect(m.reportingCurrency).toBe('USD');
  });

  it('scopes by the tier and segment of the latest snapshot on or before `to`', async () => {
    const book = `owner=${encodeURIComponent(owner)}`;
    const red = await metrics(`from=${Q.from}&to=${Q.to}&${book}&tier=red`);
    // Only B (red since November): active at the start, churned in the quarter.
    expect(red.counts).toMatchObject({ activeAtStart: 1, added: 0, churned: 1, renewalsDue: 1, renewed: 0 });
    expect(red.logoChurnRate).toBe(1);
    const segment = await metrics(`from=${Q.from}&to=${Q.to}&${book}&segment=default`);
    // B and E have snapshots in the default segment; A, C and D were never scored.
    expect(segment.counts).toMatchObject({ activeAtStart: 2, churned: 1, renewed: 1 });
    expect(segment.attribution.wins).toBe(1);
    const none = await metrics(`from=${Q.from}&to=${Q.to}&${book}&segment=no-such-segment`);
    expect(none.counts.activeAtStart).toBe(0);
    expect(none.logoChurnRate).toBeNull();
    // Without an owner the scope walks every customer by id: A alone in a segment of its own, by its latest
    // snapshot on or before `to` (a later one does not count).
    const own = uid('seg');
    await seedSnapshot(ids.A!.id, '2026-03-30', { score: 80, tier: 'green', segmentId: own });
    await seedSnapshot(ids.A!.id, '2026-04-02', { score: 20, tier: 'red', segmentId: 'default' });
    const alone = await metrics(`from=${Q.from}&to=${Q.to}&segment=${own}`);
    expect(alone.counts).toMatchObject({ activeAtStart: 1, added: 0, churned: 0 });
    expect((await metrics(`from=${Q.from}&to=${Q.to}&segment=${own}&tier=green`)).counts.activeAtStart).toBe(
      1,
    );
    expect((await metrics(`from=${Q.from}&to=${Q.to}&segment=${own}&tier=red`)).counts.activeAtStart).toBe(0);
    expect((await metrics(`from=${Q.from}&to=2026-04-05&segment=${own}`)).counts.activeAtStart).toBe(0);
  });

  it('gives null rates, not NaN or a 500, for a period without customers', async () => {
    const m = await metrics(`from=1990-01-01&to=1990-01-31&owner=${encodeURIComponent(owner)}`);
    expect(m.logoChurnRate).toBeNull();
    expect(m.renewalRateCount).toBeNull();
    expect(m.grr).toBeNull();
    expect(m.fcr).toBeNull();
    expect(m.arpaMinor).toBeNull();
    expect(m.mrrMinor).toBe(0);
  });

  it("reads `owner=me` as the signed-in CSM's book and refuses a reversed or impossible period", async () => {
    const csm = await createMember({ role: 'csm', email: owner });
    const session = await signIn(csm.email, csm.password);
    const mine = await (
      await ok(await asSession(session, `/api/metrics?from=${Q.from}&to=${Q.to}&owner=me`))
    ).json<RevenueMetrics>();
    expect(mine.counts).toMatchObject({ activeAtStart: 3, added: 2, churned: 2 });
    expect((await admin('/api/metrics?from=2026-03-31&to=2026-01-01')).status).toBe(400);
    expect((await admin('/api/metrics?from=2026-02-30&to=2026-03-31')).status).toBe(400);
    expect((await admin('/api/metrics?from=2026-01-01')).status).toBe(400);
  });

  it('lists healthy accounts near their seats or using modules they did not buy', async () => {
    const full = await seedAccount({
      externalId: uid('full'),
      seats: 4,
      users: [60_000, 60_000, 60_000, 60_000],
    });
    const modules = await seedAccount({
      externalId: uid('mods'),
      seats: 100,
      users: [60_000],
      traits: { modules: ['core'] },
    });
    const red = await seedAccount({ externalId: uid('red'), seats: 1, users: [60_000] });
    const day = new Date().toISOString().slice(0, 10);
    await seedSnapshot(full.id, day, { score: 90, tier: 'green' });
    await seedSnapshot(modules.id, day, { score: 70, tier: 'green-yellow' });
    await seedSnapshot(red.id, day, { score: 10, tier: 'red' });
    const feature = await env.DB.prepare(
      `INSERT INTO features (key, name, kind, module, first_seen_at) VALUES (?, 'Reports', 'track', 'reports', ?) RETURNING id`,
    )
      .bind(uid('feature'), Date.now())
      .first<{ id: number }>();
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    await env.DB.prepare(
      `INSERT INTO account_feature_days (account_id, day, feature_id, events, users, active_ms) VALUES (?, ?, ?, 3, 1, 0)`,
    )
      .bind(modules.id, yesterday, feature!.id)
      .run();
    await ok(
      await admin('/api/contracts', {
        body: {
          accountExternalId: full.externalId,
          externalId: uid('c'),
          periodStart: '2020-01-01',
          periodEnd: '2099-12-31',
          amountMinor: 100_000,
          currency: 'USD',
          interval: 'month',
        },
      }),
    );
    const { items } = await (await ok(await admin('/api/metrics/expansion-candidates'))).json<{
      items: { accountExternalId: string; reasons: string[]; arrMinor: number; unboughtModules: string[] }[];
    }>();
    const byId = new Map(items.map((i) => [i.accountExternalId, i]));
    expect(byId.get(full.externalId)).toMatchObject({ reasons: ['seats'], arrMinor: 1_200_000 });
    expect(byId.get(modules.externalId)).toMatchObject({
      reasons: ['modules'],
      unboughtModules: ['reports'],
    });
    expect(byId.has(red.externalId)).toBe(false);
  });
});
