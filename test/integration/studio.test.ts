import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import type { Model } from '../../shared/contracts/models';
import type { Backtest, Calibration, ModelPreview } from '../../shared/contracts/studio';
import { addDays, utcDay } from '../../shared/time';
import { admin, planSegment, publishModel, SEAT_MODEL, seedAccount, uid, yesterday } from './helpers';

// Storage is per test file: the renewals below are the only ones the backtest and calibration see.
const TODAY = utcDay(Date.now());
/** The day the renewals are scored as of: 90 days before they were due, 30 days ago. */
const SCORE_DAY = addDays(TODAY, -120);

/** An account with `seats` seats and `active` users active on `day`, and a decided renewal due 90 days later. */
async function renewal(opts: { active: number; seats: number; renewed: boolean; plan?: string }) {
  const account = await seedAccount({
    plan: opts.plan ?? null,
    seats: opts.seats,
    users: Array.from({ length: opts.active }, () => 60_000),
    day: SCORE_DAY,
  });
  await admin('/api/contracts', {
    body: {
      accountExternalId: account.externalId,
      externalId: uid('c'),
      periodStart: addDays(SCORE_DAY, -275),
      periodEnd: addDays(SCORE_DAY, 90),
      amountMinor: 100_000,
      currency: 'USD',
      interval: 'year',
      outcome: opts.renewed ? 'renewed' : 'churned',
    },
  });
  return account;
}

/** Users activated after the score day: a backtest that saw them would score this account higher. */
async function plantLaterUsers(accountId: number, count: number) {
  const later = Date.parse(`${addDays(SCORE_DAY, 5)}T12:00:00Z`);
  await env.DB.batch(
    Array.from({ length: count }, (_, i) =>
      env.DB.prepare(
        `INSERT INTO users (external_id, account_id, linked_at, traits, created_at, activated_at, last_seen_at)
         VALUES (?, ?, ?, '{}', ?, ?, ?)`,
      ).bind(uid(`later-${i}`), accountId, later, later, later, later),
    ),
  );
}

const TWO_MEASURES = {
  measures: [
    { ...SEAT_MODEL.measures[0], weight: 50 },
    { key: 'rating', kind: 'csmRating', weight: 50, normalisation: { kind: 'linear', min: 1, max: 5 } },
  ],
};

describe('backtest and calibration', () => {
  it('refuses with 422 until there are enough decided renewals', async () => {
    const modelId = await publishModel(SEAT_MODEL);
    const res = await admin(`/api/models/${modelId}/backtest`, { body: {} });
    expect(res.status).toBe(422);
    const { error } = await res.json<{
      error: { code: string; message: string; issues: { code: string }[] };
    }>();
    expect(error.code).toBe('TOO_FEW_OUTCOMES');
    expect(error.message).toMatch(/at least 30/);
    expect(error.issues[0]!.code).toBe('TOO_FEW_OUTCOMES');
  });

  it('scores each renewal as of its window start from rollups only, ignoring what came after', async () => {
    const renewers = await Promise.all(
      [8, 8, 9, 7].map((active) => renewal({ active, seats: 10, renewed: true })),
    );
    const churners = await Promise.all(
      [2, 1, 3, 2].map((active) => renewal({ active, seats: 10, renewed: false })),
    );
    expect(renewers).toHaveLength(4);
    // Eight users who joined after the score day: seen, they would lift this churner to 100.
    await plantLaterUsers(churners[0]!.id, 8);
    const modelId = await publishModel(SEAT_MODEL);
    const res = await admin(`/api/models/${modelId}/backtest`, { body: { minOutcomes: 8 } });
    expect(res.status).toBe(200);
    const body = await res.json<Backtest>();
    expect(body).toMatchObject({ renewals: 8, leadDays: 90, unscored: 0, auc: 1 });
    const tiers = Object.fromEntries(body.tiers.map((t) => [t.tier, t]));
    expect(tiers.green).toMatchObject({ accounts: 3, renewalRate: 1 });
    expect(tiers['green-yellow']).toMatchObject({ accounts: 1, renewalRate: 1 });
    expect(tiers.red).toMatchObject({ accounts: 4, renewalRate: 0 });
    expect(body.measures).toEqual([{ key: 'seatShare', label: 'seatShare', auc: 1, missing: 0 }]);
    // Only one outcome when scored 30 days later than any renewal was due: nothing to compare.
    const single = await admin(`/api/models/${modelId}/backtest`, {
      body: { minOutcomes: 8, leadDays: 200 },
    });
    expect(single.status).toBe(422);
  });

  it('fits weights to the renewals and saves them as a draft, never publishing', async () => {
    const modelId = await publishModel(TWO_MEASURES);
    const res = await admin(`/api/models/${modelId}/calibrate`, { body: { minOutcomes: 8, seed: 7 } });
    expect(res.status).toBe(200);
    const body = await res.json<Calibration>();
    expect(body).toMatchObject({ basedOnVersion: 1, draftVersion: 2, renewals: 8 });
    expect(body.weights).toEqual([
      { key: 'seatShare', weight: 100, previous: 50 },
      { key: 'rating', weight: 0, previous: 50 },
    ]);
    expect(body.lackingData).toEqual(['rating']);
    expect(body.cvAuc).toBe(1);
    const model = await (await admin(`/api/models/${modelId}`)).json<Model>();
    expect(model.versions.map((v) => [v.version, v.status])).toEqual([
      [2, 'draft'],
      [1, 'published'],
    ]);
    expect(model.versions[0]!.config.measures.map((m) => m.weight)).toEqual([100, 0]);
    const again = await (
      await admin(`/api/models/${modelId}/calibrate`, { body: { minOutcomes: 8, seed: 7 } })
    ).json<Calibration>();
    // The second fit starts from the draft the first one saved, and finds the same weights.
    expect(again.weights.map((w) => [w.key, w.weight, w.previous])).toEqual([
      ['seatShare', 100, 100],
      ['rating', 0, 0],
    ]);
    expect(again.cvAuc).toBe(body.cvAuc);
  });
});

describe('POST /api/models/:id/preview', () => {
  it('scores the draft beside the published model on the segment’s accounts, listing who changes tier and why', async () => {
    const plan = uid('plan');
    const { modelId, segmentId } = await planSegment(plan);
    const day = yesterday();
    const a = await seedAccount({ plan, seats: 10, users: [1, 1, 1, 1, 1, 1, 1, 1, 1, null], day });
    await seedAccount({ plan, seats: 10, users: [1, 1, 1, 1, 1, null, null, null, null, null], day });
    await seedAccount({ plan: uid('other'), seats: 10, users: [1], day });
    const draft = {
      ...SEAT_MODEL,
      tiers: [
        { key: 'green', minScore: 95 },
        { key: 'green-yellow', minScore: 60 },
        { key: 'yellow', minScore: 40 },
        { key: 'red', minScore: 0 },
      ],
    };
    const res = await admin(`/api/models/${modelId}/preview`, { body: { config: draft } });
    expect(res.status).toBe(200);
    const p = await res.json<ModelPreview>();
    expect(p).toMatchObject({ accounts: 2, scope: 'segments', asOf: day });
    expect(p.published?.tiers).toEqual({ green: 1, yellow: 1 });
    expect(p.draft.tiers).toEqual({ 'green-yellow': 1, yellow: 1 });
    expect(p.draft.histogram[9]).toBe(1);
    expect(p.movers).toEqual([
      {
        accountExternalId: a.externalId,
        name: `Account ${a.externalId}`,
        from: 'green',
        to: 'green-yellow',
        scoreFrom: 90,
        scoreTo: 90,
        measure: null,
      },
    ]);
    expect(segmentId).toMatch(/\S/);
    const invalid = await admin(`/api/models/${modelId}/preview`, {
      body: { config: { ...SEAT_MODEL, measures: [{ ...SEAT_MODEL.measures[0], weight: 90 }] } },
    });
    expect(invalid.status).toBe(400);
    expect(JSON.stringify(await invalid.json())).toContain('WEIGHTS_SUM');
  });
});

describe('GET /api/segments/matches', () => {
  it('counts the accounts each segment matches by its rules today', async () => {
    const plan = uid('plan');
    const { segmentId } = await planSegment(plan);
    await seedAccount({ plan });
    await seedAccount({ plan });
    const res = await admin('/api/segments/matches');
    expect(res.status).toBe(200);
    const { counts, total } = await res.json<{ counts: Record<string, number>; total: number }>();
    expect(counts[segmentId]).toBe(2);
    expect(counts.default).toBe(
      total -
        Object.entries(counts)
          .filter(([k]) => k !== 'default')
          .reduce((n, [, v]) => n + v, 0),
    );
  });
});
