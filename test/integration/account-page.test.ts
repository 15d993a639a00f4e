import { env } from 'cloudflare:workers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  AccountActivity,
  AccountInsight,
  TimelineItem,
  TimelinePage,
  Touchpoint,
} from '../../shared/contracts/accounts';
import { addDays } from '../../shared/time';
import { getDb } from '../../worker/common/db';
import { dimensionMeansSql } from '../../worker/dashboard/rollups-store';
import {
  admin,
  asSession,
  call,
  createMember,
  createSegment,
  createSource,
  DAY_MS,
  errorCode,
  ingest,
  ingestAccounts,
  publishModel,
  rows,
  runScoring,
  seedAccount,
  seedSnapshot,
  signIn,
  type TestSession,
  today,
  uid,
  waitFor,
  yesterday,
} from './helpers';

/** Score = 60 % seat activation (usage) + 40 % CSM rating (relationship), default tiers. */
const INSIGHT_MODEL = {
  measures: [
    {
      key: 'seats',
      kind: 'seatActivationRate',
      weight: 60,
      normalisation: { kind: 'linear', min: 0, max: 1 },
    },
    { key: 'rating', kind: 'csmRating', weight: 40, normalisation: { kind: 'linear', min: 1, max: 5 } },
  ],
};

// x: 8/10 seats active, rated 5 → usage 80, relationship 100 → 88 green.
// y: 4/10 seats active, rated 3 → usage 40, relationship 50 → 44 yellow (yesterday 65 green-yellow: a decline).
let tag: string;
let plan: string;
let segmentId: string;
let modelId: string;
let csm: TestSession;
const ids = (name: string) => `${tag}-${name}`;

async function json<T>(path: string, status = 200): Promise<T> {
  const res = await admin(path);
  expect(res.status, `${path}: ${res.status}`).toBe(status);
  return res.json<T>();
}

beforeAll(async () => {
  tag = uid('ap');
  plan = uid('applan');
  modelId = await publishModel(INSIGHT_MODEL);
  segmentId = (await createSegment({ conditions: [{ field: 'plan', op: 'eq', value: plan }], modelId })).id;
  await ingestAccounts([
    {
      externalId: ids('x'),
      activeUsers: 8,
      event: `${tag} Use`,
      traits: {
        name: `${tag} X`,
        plan,
        seats: 10,
        contractStart: addDays(today(), -200),
        renewalDate: addDays(today(), 300),
      },
    },
    {
      externalId: ids('y'),
      activeUsers: 4,
      event: `${tag} Use`,
      traits: { name: `${tag} Y`, plan, seats: 10 },
    },
  ]);
  expect(
    (await admin(`/api/accounts/${ids('x')}/rating`, { body: { stars: 5, comment: 'Great' } })).status,
  ).toBe(201);
  expect((await admin(`/api/accounts/${ids('y')}/rating`, { body: { stars: 3 } })).status).toBe(201);
  const [y] = await rows<{ id: number }>('SELECT id FROM accounts WHERE external_id = ?', ids('y'));
  await seedSnapshot(y!.id, yesterday(), { score: 65, tier: 'green-yellow', segmentId });
  const run = await runScoring();
  expect(run.status).toBe('done');
  const member = await createMember({ role: 'csm' });
  csm = await signIn(member.email, member.password);
}, 90_000);

afterAll(async () => {
  await admin(`/api/segments/${segmentId}`, { method: 'DELETE' });
});

describe('GET /api/accounts/:externalId/insight', () => {
  it('explains the latest snapshot: dimensions with segment averages, measures, tiers, rating', async () => {
    const insight = await json<AccountInsight>(`/api/accounts/${ids('x')}/insight`);
    expect(insight.snapshot).toEqual({
      period: today(),
      score: 88,
      tier: 'green',
      computedScore: 88,
      computedTier: 'green',
      overridden: false,
      coverage: 1,
      insufficientData: false,
      segmentId,
      segmentName: `Segment ${segmentId}`,
      lifecycleStage: 'maturity',
      modelId,
      modelVersion: 1,
      computedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    });
    const dims = new Map(insight.dimensions.map((d) => [d.key, d]));
    expect(dims.get('usage')).toEqual({
      key: 'usage',
      name: 'Usage',
      score: 80,
      weight: 60,
      segmentAverage: 60,
    });
    expect(dims.get('relationship')).toEqual({
      key: 'relationship',
      name: 'Relationship',
      score: 100,
      weight: 40,
      segmentAverage: 75,
    });
    expect(dims.get('outcomes')).toMatchObject({ score: null, segmentAverage: null });
    expect(insight.measures).toEqual([
      {
        key: 'seats',
        name: expect.any(String),
        dimension: 'usage',
        rawValue: 0.8,
        benchmark: expect.toBeOneOf([null, expect.any(Number)]),
        points: 80,
        weight: 60,
        effectiveWeight: 60,
        contribution: 48,
        unit: 'rate',
        missing: false,
      },
      {
        key: 'rating',
        name: expect.any(String),
        dimension: 'relationship',
        rawValue: 5,
        benchmark: expect.toBeOneOf([null, expect.any(Number)]),
        points: 100,
        weight: 40,
        effectiveWeight: 40,
        contribution: 40,
        unit: 'stars',
        missing: false,
      },
    ]);
    // The best tier has nothing to improve to.
    expect(insight.improvements).toEqual([]);
    expect(insight.tiers.map((t) => [t.key, t.min])).toEqual([
      ['green', 80],
      ['green-yellow', 60],
      ['yellow', 40],
      ['red', 0],
    ]);
    expect(insight.tiers[0]?.color).toMatch(/^#[0-9a-f]{6}$/i);
    expect(insight.rating).toEqual({
      stars: 5,
      comment: 'Great',
      ratedBy: 'admin-token',
      ratedAt: expect.any(String),
      expiresAt: null,
    });
    expect(insight.override).toBeNull();
  });

  it('lists the stored improvements and the active override of a yellow account', async () => {
    const expiresAt = new Date(Date.now() + 7 * DAY_MS).toISOString();
    const set = await asSession(csm, `/api/accounts/${ids('y')}/override`, {
      body: { tier: 'red', reason: 'Sponsor left', expiresAt },
    });
    expect(set.status).toBe(201);
    const insight = await json<AccountInsight>(`/api/accounts/${ids('y')}/insight`);
    // Rescored at once: the overriding tier, the computed one beside it.
    expect(insight.snapshot).toMatchObject({
      score: 44,
      tier: 'red',
      computedTier: 'yellow',
      overridden: true,
    });
    const [stored] = await rows<{ improvements: string }>(
      `SELECT s.improvements FROM score_snapshots s JOIN accounts a ON a.id = s.account_id
       WHERE a.external_id = ? AND s.period = ?`,
      ids('y'),
      today(),
    );
    expect(insight.improvements).toEqual(JSON.parse(stored!.improvements));
    expect(insight.improvements[0]).toMatchObject({ measureKey: 'seats', reachesTier: 'green-yellow' });
    expect(insight.override).toEqual({
      tier: 'red',
      score: null,
      reason: 'Sponsor left',
      createdBy: csm.member.email,
      createdAt: expect.any(String),
      expiresAt,
    });
    expect(insight.rating).toMatchObject({ stars: 3 });
  });

  it('stores the dimension means per segment once per run and computes them when a period has none', async () => {
    // The statement the run's finish adds, run here against today's snapshots.
    await getDb(env.DB).run(dimensionMeansSql(today(), Date.now()));
    const stored = await rows<{ measure_key: string; mean: number; count: number }>(
      `SELECT d.value ->> 0 AS measure_key, d.value ->> 1 AS mean, d.value ->> 2 AS count
       FROM dashboard_aggregates a, json_each(a.value) d
       WHERE a.kind = 'dimension-means' AND a.scope = ? AND a.period = ? ORDER BY 1`,
      segmentId,
      today(),
    );
    expect(stored.filter((r) => r.count > 0)).toEqual([
      { measure_key: 'relationship', mean: 75, count: 2 },
      { measure_key: 'usage', mean: 60, count: 2 },
    ]);
    expect(stored.find((r) => r.measure_key === 'outcomes')).toEqual({
      measure_key: 'outcomes',
      mean: 0,
      count: 0,
    });

    await rows("DELETE FROM dashboard_aggregates WHERE kind = 'dimension-means' AND scope = ?", segmentId);
    const insight = await json<AccountInsight>(`/api/accounts/${ids('y')}/insight`);
    expect(insight.dimensions.map((d) => [d.key, d.segmentAverage])).toEqual([
      ['usage', 60],
      ['outcomes', null],
      ['satisfaction', null],
      ['support', null],
      ['relationship', 75],
    ]);
  });

  it('answers an account that was never scored with an empty explanation and the published tiers', async () => {
    const { externalId } = await seedAccount({ plan: uid('unscored') });
    const insight = await json<AccountInsight>(`/api/accounts/${externalId}/insight`);
    expect(insight).toMatchObject({
      snapshot: null,
      dimensions: [],
      measures: [],
      improvements: [],
      override: null,
      rating: null,
    });
    expect(insight.tiers.map((t) => t.key)).toEqual(
      expect.arrayContaining(['green', 'green-yellow', 'yellow', 'red']),
    );
  });
});

describe('GET /api/accounts/:externalId/activity', () => {
  it('reports daily use, seats, users, and use per module and feature over the window', async () => {
    const { writeKey } = await createSource();
    const at = (daysAgo: number) => new Date(Date.now() - daysAgo * DAY_MS).toISOString();
    const track = (user: string, event: string, daysAgo: number, module: string) => ({
      type: 'track',
      userId: `${ids('x')}-${user}`,
      event,
      timestamp: at(daysAgo),
      context: { groupId: ids('x') },
      properties: { durationMs: 120_000, module },
      messageId: uid('m'),
    });
    const reports = `${tag} Reports`;
    const settings = `${tag} Settings`;
    const batch = [
      track('u0', reports, 1, 'reports'),
      track('u1', reports, 1, 'reports'),
      track('u0', reports, 2, 'reports'),
      track('u1', reports, 2, 'reports'),
      track('u0', settings, 3, 'admin'),
      // Outside a 7-day window.
      track('u2', settings, 9, 'admin'),
    ];
    expect((await ingest('/v1/batch', writeKey, { batch })).status).toBe(200);
    await waitFor(async () => {
      const [r] = await rows<{ n: number }>(
        `SELECT count(*) AS n FROM account_feature_days d JOIN accounts a ON a.id = d.account_id
         WHERE a.external_id = ? AND d.feature_id IN (SELECT id FROM features WHERE key IN (?, ?))`,
        ids('x'),
        reports,
        settings,
      );
      return r!.n === 4;
    });

    const activity = await json<AccountActivity>(`/api/accounts/${ids('x')}/activity?days=7`);
    expect(activity.days.map((d) => d.day)).toEqual(
      Array.from({ length: 7 }, (_, i) => addDays(today(), i - 6)),
    );
    const day = (daysAgo: number) => activity.days.find((d) => d.day === addDays(today(), -daysAgo));
    expect(day(1)).toEqual({ day: yesterday(), activeUsers: 8, events: 10, activeMinutes: 12 });
    expect(day(2)).toEqual({ day: addDays(today(), -2), activeUsers: 2, events: 2, activeMinutes: 4 });
    expect(day(3)).toEqual({ day: addDays(today(), -3), activeUsers: 1, events: 1, activeMinutes: 2 });
    expect(day(0)).toEqual({ day: today(), activeUsers: 0, events: 0, activeMinutes: 0 });
    expect(activity.seats).toBe(10);
    expect(activity.users).toEqual({ total: 9, activated: 8 });
    expect(activity.features).toEqual([
      { feature: `${tag} Use`, name: `${tag} Use`, module: null, events: 8, users: 8, activeMinutes: 8 },
      { feature: reports, name: reports, module: 'reports', events: 4, users: 2, activeMinutes: 8 },
      { feature: settings, name: settings, module: 'admin', events: 1, users: 1, activeMinutes: 2 },
    ]);
    expect(activity.modules).toEqual([
      { module: null, events: 8, users: 8, activeMinutes: 8 },
      { module: 'reports', events: 4, users: 2, activeMinutes: 8 },
      { module: 'admin', events: 1, users: 1, activeMinutes: 2 },
    ]);

    const longer = await json<AccountActivity>(`/api/accounts/${ids('x')}/activity?days=10`);
    expect(longer.days).toHaveLength(10);
    expect(longer.modules.find((m) => m.module === 'admin')).toEqual({
      module: 'admin',
      events: 2,
      users: 2,
      activeMinutes: 4,
    });
    // Default window: 90 days.
    expect((await json<AccountActivity>(`/api/accounts/${ids('x')}/activity`)).days).toHaveLength(90);
  });
});

describe('touchpoints', () => {
  it('logs a touchpoint with the acting member as author and lists them newest first', async () => {
    const occurredAt = new Date(Date.now() - 3 * DAY_MS).toISOString();
    const res = await asSession(csm, `/api/accounts/${ids('x')}/touchpoints`, {
      body: { kind: 'qbr', occurredAt, summary: '  Quarterly review  ', body: 'Agreed on the rollout plan.' },
    });
    expect(res.status).toBe(201);
    const created = await res.json<Touchpoint>();
    expect(created).toEqual({
      id: expect.any(Number),
      kind: 'qbr',
      occurredAt,
      summary: 'Quarterly review',
      body: 'Agreed on the rollout plan.',
      authorEmail: csm.member.email,
      createdAt: expect.any(String),
      // The account was rescored for today before the answer (test/integration/rescore.test.ts).
      rescore: expect.objectContaining({ status: 'scored', period: today() }),
      followUpTaskId: null,
    });
    // Up to one day ahead is allowed (a meeting booked for tomorrow morning).
    const soon = new Date(Date.now() + 20 * 3_600_000).toISOString();
    const later = await admin(`/api/accounts/${ids('x')}/touchpoints`, {
      body: { kind: 'meeting', occurredAt: soon, summary: 'Kick-off' },
    });
    expect(later.status).toBe(201);
    expect(await later.json<Touchpoint>()).toMatchObject({ body: null, authorEmail: 'admin-token' });
    const { items } = await json<{ items: Touchpoint[] }>(`/api/accounts/${ids('x')}/touchpoints`);
    expect(items.map((t) => t.summary)).toEqual(['Kick-off', 'Quarterly review']);
    expect(
      (await json<{ items: Touchpoint[] }>(`/api/accounts/${ids('x')}/touchpoints?limit=1`)).items,
    ).toHaveLength(1);
  });

  it('rejects a future date, an unknown kind, an empty or long summary, and unknown fields, writing nothing', async () => {
    const path = `/api/accounts/${ids('y')}/touchpoints`;
    const now = new Date().toISOString();
    const bodies: unknown[] = [
      { kind: 'call', occurredAt: new Date(Date.now() + 25 * 3_600_000).toISOString(), summary: 'Too early' },
      { kind: 'lunch', occurredAt: now, summary: 'Lunch' },
      { kind: 'call', occurredAt: now, summary: '' },
      { kind: 'call', occurredAt: now, summary: '   ' },
      { kind: 'call', occurredAt: now, summary: 'x'.repeat(201) },
      { kind: 'call', occurredAt: now, summary: 'Long body', body: 'x'.repeat(5001) },
      { kind: 'call', occurredAt: 'yesterday', summary: 'Vague' },
      { kind: 'call', summary: 'When?' },
      { kind: 'call', occurredAt: now, summary: 'Extra', mood: 'good' },
    ];
    for (const body of bodies) {
      const res = await admin(path, { body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(await errorCode(res)).toBe('VALIDATION_FAILED');
    }
    expect((await json<{ items: Touchpoint[] }>(path)).items).toEqual([]);
  });

  it('lets csm and admin log touchpoints, viewers only read them', async () => {
    const viewer = await createMember({ role: 'viewer' });
    const session = await signIn(viewer.email, viewer.password);
    const body = { kind: 'note', occurredAt: new Date().toISOString(), summary: 'Viewer note' };
    const denied = await asSession(session, `/api/accounts/${ids('y')}/touchpoints`, { body });
    expect(denied.status).toBe(403);
    expect(await errorCode(denied)).toBe('FORBIDDEN');
    for (const path of ['touchpoints', 'timeline', 'insight', 'activity']) {
      expect((await asSession(session, `/api/accounts/${ids('y')}/${path}`)).status, path).toBe(200);
    }
    expect((await asSession(session, '/api/dashboard')).status).toBe(200);
    expect((await call(`/api/accounts/${ids('y')}/timeline`)).status).toBe(401);
    expect((await call('/api/dashboard')).status).toBe(401);
  });
});

describe('GET /api/accounts/:externalId/timeline', () => {
  it('merges touchpoints, tier changes, alerts raised and closed, ratings and overrides, newest first, paged by before', async () => {
    const y = ids('y');
    const base = Date.now() - 2 * DAY_MS;
    const same = new Date(base).toISOString();
    for (const summary of ['Tie one', 'Tie two']) {
      const res = await asSession(csm, `/api/accounts/${y}/touchpoints`, {
        body: { kind: 'call', occurredAt: same, summary },
      });
      expect(res.status).toBe(201);
    }
    const [acct] = await rows<{ id: number }>('SELECT id FROM accounts WHERE external_id = ?', y);
    const [alert] = await rows<{ id: number }>(
      `INSERT INTO alerts (account_id, rule_id, status, severity, title, detail, playbook, period, created_at, updated_at)
       VALUES (?, ?, 'open', 'warning', 'Usage dropped', 'Active users fell by half', 'Call them', ?, ?, ?) RETURNING id`,
      acct!.id,
      uid('rule'),
      today(),
      base - DAY_MS,
      base - DAY_MS,
    );
    const closed = await asSession(csm, `/api/alerts/${alert!.id}/close`, {
      body: { note: 'Talked to the sponsor' },
    });
    expect(closed.status).toBe(200);
    expect((await asSession(csm, `/api/accounts/${y}/override`, { method: 'DELETE' })).status).toBe(204);

    const all = await json<TimelinePage>(`/api/accounts/${y}/timeline?limit=100`);
    expect(all.nextBefore).toBeNull();
    const atMs = all.items.map((i) => Date.parse(i.at));
    expect(atMs).toEqual([...atMs].sort((a, b) => b - a));
    const find = (pred: (i: TimelineItem) => boolean) => all.items.find(pred);
    expect(find((i) => i.kind === 'tier_change')).toEqual({
      id: `tier:${today()}`,
      at: expect.any(String),
      kind: 'tier_change',
      title: 'Tier green-yellow → yellow (decline)',
      detail: null,
      actor: null,
      meta: {
        period: today(),
        transition: 'decline',
        fromTier: 'green-yellow',
        toTier: 'yellow',
        fromScore: 65,
        toScore: 44,
      },
    });
    expect(
      find((i) => i.kind === 'alert' && i.meta.event === 'raised' && i.meta.alertId === alert!.id),
    ).toMatchObject({
      at: new Date(base - DAY_MS).toISOString(),
      title: 'Usage dropped',
      detail: 'Active users fell by half',
      meta: { severity: 'warning', status: 'closed' },
    });
    expect(
      find((i) => i.kind === 'alert' && i.meta.event === 'closed' && i.meta.alertId === alert!.id),
    ).toMatchObject({
      title: 'Alert closed: Usage dropped',
      detail: 'Talked to the sponsor',
    });
    expect(find((i) => i.kind === 'rating')).toMatchObject({
      title: 'Rated 3/5',
      actor: 'admin-token',
      meta: { stars: 3 },
    });
    expect(find((i) => i.kind === 'override' && i.meta.event === 'set')).toMatchObject({
      title: 'Override to red',
      detail: 'Sponsor left',
      actor: csm.member.email,
      meta: { tier: 'red', expiresAt: expect.any(String) },
    });
    expect(find((i) => i.kind === 'override' && i.meta.event === 'cleared')).toMatchObject({
      title: 'Override to red cleared',
    });
    const ties = all.items.filter((i) => i.kind === 'touchpoint');
    expect(ties.map((i) => [i.title, i.at, i.actor])).toEqual([
      ['Tie two', same, csm.member.email],
      ['Tie one', same, csm.member.email],
    ]);
    expect(ties[0]?.meta).toMatchObject({ touchpointKind: 'call' });

    // Two at a time: the same entries in the same order, none twice, even across the tie.
    const paged: TimelineItem[] = [];
    let before: string | null = null;
    do {
      const page: TimelinePage = await json<TimelinePage>(
        `/api/accounts/${y}/timeline?limit=2${before ? `&before=${before}` : ''}`,
      );
      expect(page.items.length).toBeLessThanOrEqual(2);
      paged.push(...page.items);
      before = page.nextBefore;
    } while (before);
    expect(paged.map((i) => i.id)).toEqual(all.items.map((i) => i.id));
    expect(new Set(paged.map((i) => i.id)).size).toBe(paged.length);
  });

  it('rejects a bad cursor or limit with 400', async () => {
    for (const qs of ['before=%%%', 'before=bm90IGpzb24', 'limit=0', 'limit=101', 'limit=x']) {
      const res = await admin(`/api/accounts/${ids('y')}/timeline?${qs}`);
      expect(res.status, qs).toBe(400);
      expect(await errorCode(res)).toBe('VALIDATION_FAILED');
    }
  });
});

describe('unknown accounts and bad input', () => {
  it('answers 404 for every account page endpoint of an unknown account', async () => {
    const nobody = uid('nobody');
    for (const path of ['insight', 'activity', 'timeline', 'touchpoints']) {
      const res = await admin(`/api/accounts/${nobody}/${path}`);
      expect(res.status, path).toBe(404);
      expect(await errorCode(res)).toBe('NOT_FOUND');
    }
    const res = await admin(`/api/accounts/${nobody}/touchpoints`, {
      body: { kind: 'call', occurredAt: new Date().toISOString(), summary: 'Hello?' },
    });
    expect(res.status).toBe(404);
  });

  it('rejects activity windows outside 1–365 days', async () => {
    for (const qs of ['days=0', 'days=366', 'days=two']) {
      const res = await admin(`/api/accounts/${ids('x')}/activity?${qs}`);
      expect(res.status, qs).toBe(400);
      expect(await errorCode(res)).toBe('VALIDATION_FAILED');
    }
  });
});
