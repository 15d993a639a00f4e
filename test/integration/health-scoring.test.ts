import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MODEL, DEFAULT_TIERS } from '../../shared/health';
import { addDays } from '../../shared/time';
import worker, { CRONS } from '../../worker/index';
import { SCORING_BATCH_SIZE } from '../../worker/scoring/job';
import {
  admin,
  call,
  createSource,
  DAY_MS,
  deliverQueue,
  getHealth,
  ingest,
  listSegments,
  measureOf,
  planSegment,
  rows,
  runScoring,
  type ScoringRunBody,
  scoringRunRow,
  seedAccount,
  seedSnapshot,
  today,
  uid,
  waitFor,
  waitForRun,
  yesterday,
} from './helpers';

/** Points of the default model's linear normalisations. */
const linear = (raw: number, min: number, max: number) =>
  raw <= min ? 0 : raw >= max ? 100 : ((raw - min) / (max - min)) * 100;
const round1 = (x: number) => Math.round(x * 10) / 10;
const tierOf = (score: number) => DEFAULT_TIERS.find((t) => score >= t.minScore)!.key;

async function getRun(runId: string) {
  return (await admin(`/api/scoring/runs/${runId}`)).json<ScoringRunBody>();
}

async function snapshotsOf(accountId: number) {
  return rows<{
    period: string;
    run_id: string;
    score: number | null;
    tier: string | null;
    segment_id: string;
  }>(
    'SELECT period, run_id, score, tier, segment_id FROM score_snapshots WHERE account_id = ? ORDER BY period',
    accountId,
  );
}

async function transitionsOf(accountId: number) {
  return rows<{
    period: string;
    kind: string;
    from_tier: string;
    to_tier: string;
    from_score: number;
    to_score: number;
  }>(
    'SELECT period, kind, from_tier, to_tier, from_score, to_score FROM tier_transitions WHERE account_id = ? ORDER BY period',
    accountId,
  );
}

/** Accounts of this plan are scored by a model whose score is exactly activated users ÷ seats × 100. */
let seatPlan: string;
let seatSegment: string;

/** `users` activated users out of 10 seats: score = users × 10. */
const seatAccount = (activated: number, extra: Parameters<typeof seedAccount>[0] = {}) =>
  seedAccount({
    plan: seatPlan,
    seats: 10,
    users: Array.from({ length: activated }, () => 60_000),
    ...extra,
  });

beforeAll(async () => {
  seatPlan = uid('seatplan');
  seatSegment = (await planSegment(seatPlan)).segmentId;
});

afterAll(async () => {
  await admin(`/api/segments/${seatSegment}`, { method: 'DELETE' });
});

describe('scoring runs', () => {
  it('scores a fresh install with the default segment and model and explains the score measure by measure', async () => {
    const defaultSegment = (await listSegments()).find((s) => s.isDefault);
    expect(defaultSegment).toEqual({
      id: 'default',
      name: 'All accounts',
      order: 0,
      match: 'all',
      conditions: [],
      modelId: 'default',
      isDefault: true,
    });
    const models = await (await admin('/api/models')).json<{
      items: { id: string; publishedVersion: number }[];
    }>();
    expect(models.items.find((m) => m.id === 'default')?.publishedVersion).toBe(1);
    const model = await (await admin('/api/models/default')).json<{
      versions: { version: number; status: string; config: unknown }[];
    }>();
    expect(model.versions).toHaveLength(1);
    expect(model.versions[0]).toMatchObject({ version: 1, status: 'published', config: DEFAULT_MODEL });

    // 10 seats; 4 of 5 users active yesterday, 2 of them for at least 10 minutes (one exactly 10), on one feature.
    const { writeKey } = await createSource();
    const acct = uid('fresh');
    const feature = uid('Fresh Report');
    const ts = new Date(Date.now() - DAY_MS).toISOString();
    const batch = [
      { type: 'group', userId: `${acct}-admin`, groupId: acct, traits: { name: 'Fresh Co', seats: 10 } },
      ...[600_000, 720_000, 120_000, 60_000].map((durationMs, i) => ({
        type: 'track',
        userId: `${acct}-u${i}`,
        event: feature,
        timestamp: ts,
        context: { groupId: acct },
        properties: { durationMs },
      })),
    ].map((m) => ({ ...m, messageId: uid('m') }));
    expect((await ingest('/v1/batch', writeKey, { batch })).status).toBe(200);
    await waitFor(async () => {
      const a = await (await admin(`/api/accounts/${acct}`)).json<{
        users?: { total: number; activated: number };
      }>();
      return a.users?.total === 5 && a.users.activated === 4;
    });
    const [catalog] = await rows<{ total: number; core: number }>(
      'SELECT count(*) AS total, coalesce(sum(is_core), 0) AS core FROM features',
    );

    const started = await admin('/api/scoring/run', { method: 'POST' });
    expect(started.status).toBe(202);
    const body = await started.json<{ runId: string; period: string; total: number }>();
    expect(body.runId).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.period).toBe(today());
    const run = await waitForRun(body.runId);
    expect(run).toMatchObject({
      runId: body.runId,
      status: 'done',
      trigger: 'manual',
      period: today(),
      failed: 0,
    });
    expect(run.scored).toBe(run.total);
    expect(run.errors).toEqual([]);

    const health = (await getHealth(acct))!;
    // A day of history: the baseline measures are missing (not zeros), the level and recency ones count.
    const expected = {
      activeUsers7d: { raw: null, points: null, weight: 20 },
      events7d: { raw: null, points: null, weight: 5 },
      activeUsers14d: { raw: null, points: null, weight: 15 },
      daysSinceActivity: { raw: 0, points: 100, weight: 10 },
      activeSeats: { raw: 0.4, points: linear(0.4, 0.1, 0.8), weight: 15 },
      stickiness: { raw: null, points: null, weight: 10 },
      coreFeatureUsage:
        catalog!.core > 0 ? { raw: 0, points: 0, weight: 10 } : { raw: null, points: null, weight: 10 },
      nps: { raw: null, points: null, weight: 5 },
      csat: { raw: null, points: null, weight: 5 },
      csmRating: { raw: null, points: null, weight: 5 },
    };
    for (const [key, want] of Object.entries(expected)) {
      const m = measureOf(health, key);
      expect({ key, raw: m.raw, points: m.points, weight: m.weight, missing: m.missing }).toEqual({
        key,
        raw: want.raw === null ? null : expect.closeTo(want.raw, 12),
        points: want.points === null ? null : round1(want.points),
        weight: want.weight,
        missing: want.raw === null,
      });
    }
    const present = Object.values(expected).filter((m) => m.points !== null);
    const presentWeight = present.reduce((s, m) => s + m.weight, 0);
    const score = round1(present.reduce((s, m) => s + m.weight * m.points!, 0) / presentWeight);
    expect(health).toMatchObject({
      score,
      tier: tierOf(score),
      computedScore: score,
      computedTier: tierOf(score),
      overridden: false,
      insufficientData: false,
      segment: 'default',
      modelId: 'default',
      modelVersion: 1,
      period: today(),
      coverage: presentWeight / 100,
    });
    expect(Date.parse(health.computedAt)).toBeGreaterThan(Date.now() - 60_000);
    const contributions = health.measures.reduce((s, m) => s + m.contribution, 0);
    expect(Math.abs(contributions - score)).toBeLessThanOrEqual(0.05);
    for (const m of health.measures) expect(m).toHaveProperty('benchmark');
    // Only usage measures have data, so the usage axis carries the whole score; relationship has none.
    expect(health.dimensions.find((d) => d.key === 'usage')?.score).toBe(score);
    expect(health.dimensions.find((d) => d.key === 'relationship')?.score).toBeNull();
  });

  it('reports an unknown run as 404 and a malformed run id as 400', async () => {
    const missing = await admin(`/api/scoring/runs/${crypto.randomUUID()}`);
    expect(missing.status).toBe(404);
    expect((await missing.json<{ error: { code: string } }>()).error.code).toBe('NOT_FOUND');
    const malformed = await admin('/api/scoring/runs/not-a-uuid');
    expect(malformed.status).toBe(400);
    expect((await malformed.json<{ error: { code: string } }>()).error.code).toBe('VALIDATION_FAILED');
  });

  it('the 02:00 cron scores every account for the UTC day of its scheduled time', async () => {
    // Usage the day before the scheduled day, so the cron's window (ending the day before) sees it.
    const period = yesterday();
    const a = await seatAccount(6, { day: addDays(period, -1) });
    const scheduledTime = Date.parse(`${period}T02:00:00Z`);
    const ctx = createExecutionContext();
    await (worker as ExportedHandler<Cloudflare.Env>).scheduled!(
      createScheduledController({ cron: CRONS.scoring, scheduledTime }),
      env,
      ctx,
    );
    await waitOnExecutionContext(ctx);
    try {
      const [cronRun] = await rows<{ id: string; period: string }>(
        "SELECT id, period FROM scoring_runs WHERE trigger = 'cron' AND started_at = ?",
        scheduledTime,
      );
      expect(cronRun?.period).toBe(period);
      const run = await waitForRun(cronRun!.id);
      expect(run).toMatchObject({ status: 'done', trigger: 'cron', period, failed: 0 });
      expect(run.scored).toBe(run.total);
      expect(await snapshotsOf(a.id)).toEqual([
        { period, run_id: cronRun!.id, score: 60, tier: 'green-yellow', segment_id: seatSegment },
      ]);
    } finally {
      // The cron scored every account for yesterday; drop what it wrote so later runs see no extra history.
      await env.DB.batch([
        env.DB.prepare('DELETE FROM score_snapshots WHERE period = ? AND computed_at = ?').bind(
          period,
          scheduledTime,
        ),
        env.DB.prepare('DELETE FROM tier_transitions WHERE period = ? AND created_at = ?').bind(
          period,
          scheduledTime,
        ),
        env.DB.prepare('DELETE FROM alerts WHERE period = ? AND created_at = ?').bind(period, scheduledTime),
      ]);
    }
  });

  it('re-running a period keeps one snapshot per account, one transition and one open alert per rule', async () => {
    const a = await seatAccount(2, { renewalDate: addDays(today(), 30) });
    await seedSnapshot(a.id, yesterday(), { score: 95, tier: 'green', segmentId: seatSegment });
    const first = await runScoring();
    const alertsAfterFirst = await rows<{ id: number; rule_id: string }>(
      'SELECT id, rule_id FROM alerts WHERE account_id = ? ORDER BY rule_id',
      a.id,
    );
    const second = await runScoring();
    expect(second.runId).not.toBe(first.runId);
    expect(second).toMatchObject({ status: 'done', period: first.period });

    const current = (await snapshotsOf(a.id)).filter((s) => s.period === today());
    expect(current).toEqual([
      { period: today(), run_id: second.runId, score: 20, tier: 'red', segment_id: seatSegment },
    ]);
    expect(await transitionsOf(a.id)).toEqual([
      { period: today(), kind: 'decline', from_tier: 'green', to_tier: 'red', from_score: 95, to_score: 20 },
    ]);
    // green → red (tier drop), 95 → 20 (score drop), renewal in 31 days while red.
    expect(alertsAfterFirst.map((x) => x.rule_id)).toEqual([
      'renewal-at-risk',
      'score-drop-15-in-30',
      'tier-drop-at-risk',
    ]);
    expect(
      await rows<{ id: number; rule_id: string }>(
        'SELECT id, rule_id FROM alerts WHERE account_id = ? ORDER BY rule_id',
        a.id,
      ),
    ).toEqual(alertsAfterFirst);
  });

  it('records one account with corrupt data as a run failure and scores the others', async () => {
    const good = await seatAccount(8);
    const bad = await seatAccount(8);
    await env.DB.prepare(`UPDATE accounts SET traits = '{bad' WHERE id = ?`).bind(bad.id).run();
    try {
      const run = await runScoring();
      expect(run.status).toBe('done');
      expect(run.failed).toBeGreaterThanOrEqual(1);
      expect(run.scored + run.failed).toBe(run.total);
      expect(run.errors).toContainEqual({
        accountId: bad.id,
        externalId: bad.externalId,
        error: 'traits are not valid JSON',
      });
      expect(run.errors.map((e) => e.accountId)).not.toContain(good.id);
      expect(await snapshotsOf(good.id)).toEqual([
        { period: today(), run_id: run.runId, score: 80, tier: 'green', segment_id: seatSegment },
      ]);
      expect(await snapshotsOf(bad.id)).toEqual([]);
    } finally {
      await env.DB.prepare(`UPDATE accounts SET traits = '{}' WHERE id = ?`).bind(bad.id).run();
    }
  });
});

describe('scoring queue', () => {
  it('scores each queued batch of a run and completes the run when the last batch lands', async () => {
    const accounts = [await seatAccount(9), await seatAccount(5), await seatAccount(2)];
    const now = Date.now();
    const { runId, period, message } = await scoringRunRow({ now, total: 3 });
    const first = { id: uid('q'), body: message([accounts[0]!.id, accounts[1]!.id]) };
    const second = { id: uid('q'), body: message([accounts[2]!.id]) };

    const r1 = await deliverQueue('keepwell-scoring', [first]);
    expect(r1.explicitAcks).toEqual([first.id]);
    expect(r1.retryMessages).toEqual([]);
    expect(await getRun(runId)).toMatchObject({ status: 'running', scored: 2, failed: 0, total: 3 });

    const r2 = await deliverQueue('keepwell-scoring', [second]);
    expect(r2.explicitAcks).toEqual([second.id]);
    const done = await getRun(runId);
    expect(done).toMatchObject({ status: 'done', scored: 3, failed: 0, total: 3, period });
    expect(done.finishedAt).not.toBeNull();
    const scores = await Promise.all(
      accounts.map(async (a) => (await snapshotsOf(a.id)).map((s) => s.score)),
    );
    expect(scores).toEqual([[90], [50], [20]]);

    // A redelivered batch overwrites its snapshots and does not count twice.
    const again = await deliverQueue('keepwell-scoring', [{ ...first, attempts: 2 }]);
    expect(again.explicitAcks).toEqual([first.id]);
    expect(await getRun(runId)).toMatchObject({ status: 'done', scored: 3, total: 3 });
  });

  it('retries a failing batch and, after the last retry, records its accounts as failed so the run completes', async () => {
    const accounts = [await seatAccount(4), await seatAccount(3)];
    const { runId, message } = await scoringRunRow({ now: Date.now(), total: 2 });
    const msg = { id: uid('q'), body: message(accounts.map((a) => a.id)) };
    await env.DB.exec(
      `CREATE TRIGGER fail_scoring BEFORE INSERT ON score_snapshots WHEN NEW.run_id = '${runId}' BEGIN SELECT RAISE(ABORT, 'injected scoring failure'); END`,
    );
    try {
      const retried = await deliverQueue('keepwell-scoring', [msg]);
      expect(retried.explicitAcks).toEqual([]);
      expect(retried.retryMessages.map((m) => m.msgId)).toEqual([msg.id]);
      expect(await getRun(runId)).toMatchObject({ status: 'running', scored: 0, failed: 0 });

      const last = await deliverQueue('keepwell-scoring', [{ ...msg, attempts: 6 }]);
      expect(last.explicitAcks).toEqual([msg.id]);
      expect(last.retryMessages).toEqual([]);
    } finally {
      await env.DB.exec('DROP TRIGGER IF EXISTS fail_scoring');
    }
    const run = await getRun(runId);
    expect(run).toMatchObject({ status: 'done', scored: 0, failed: 2, total: 2 });
    expect(run.errors.map((e) => e.externalId)).toEqual(accounts.map((a) => a.externalId));
    for (const e of run.errors) expect(e.error).toContain('injected scoring failure');
  });

  it('completes a run even when an overlapping run of the same period re-scored some of its accounts', async () => {
    // E.g. an admin's "Run now" while the 02:00 cron's batches are still in the queue.
    const [a, b] = [await seatAccount(3), await seatAccount(4)];
    const now = Date.now();
    const first = await scoringRunRow({ now, total: 2 });
    const second = await scoringRunRow({ now, total: 2 });
    await deliverQueue('keepwell-scoring', [{ id: uid('q'), body: first.message([a.id]) }]);
    await deliverQueue('keepwell-scoring', [{ id: uid('q'), body: second.message([a.id, b.id]) }]);
    expect(await getRun(second.runId)).toMatchObject({ status: 'done', scored: 2 });
    const last = await deliverQueue('keepwell-scoring', [{ id: uid('q'), body: first.message([b.id]) }]);
    expect(last.explicitAcks).toHaveLength(1);
    // Both of the first run's batches landed, so it must not stay "running" for ever.
    expect(await getRun(first.runId)).toMatchObject({ status: 'done' });
  });

  it('scores a retried batch once the cause of its failure is gone', async () => {
    const a = await seatAccount(4);
    const { runId, message } = await scoringRunRow({ now: Date.now(), total: 1 });
    const msg = { id: uid('q'), body: message([a.id]) };
    // Loading the run's config fails once (here: a stored rule the schema rejects; in production e.g. a
    // transient D1 error), then the cause is removed before the queue redelivers the batch.
    const badRule = uid('bad-rule');
    await env.DB.prepare(
      `INSERT INTO alert_rules (id, kind, name, params, severity, playbook, enabled, created_at, updated_at)
       VALUES (?, 'score_drop', 'Broken', '{"points":0,"days":1}', 'info', 'x', 1, 0, 0)`,
    )
      .bind(badRule)
      .run();
    try {
      const failed = await deliverQueue('keepwell-scoring', [msg]);
      expect(failed.retryMessages.map((m) => m.msgId)).toEqual([msg.id]);
    } finally {
      await env.DB.prepare('DELETE FROM alert_rules WHERE id = ?').bind(badRule).run();
    }
    const retried = await deliverQueue('keepwell-scoring', [{ ...msg, attempts: 2 }]);
    expect(retried.retryMessages).toEqual([]);
    expect(retried.explicitAcks).toEqual([msg.id]);
    expect(await getRun(runId)).toMatchObject({ status: 'done', scored: 1, failed: 0 });
  });

  it('fans a run over more accounts than one batch out through the scoring queue', async () => {
    const prefix = uid('bulk');
    const count = SCORING_BATCH_SIZE + 100;
    await env.DB.prepare(
      `INSERT INTO accounts (external_id, name, traits, created_at)
       WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
       SELECT ? || '-' || i, 'Bulk ' || i, '{}', ? FROM n`,
    )
      .bind(count, prefix, Date.now())
      .run();
    try {
      const run = await runScoring();
      expect(run.total).toBeGreaterThan(SCORING_BATCH_SIZE);
      expect(run).toMatchObject({ status: 'done', failed: 0 });
      expect(run.scored).toBe(run.total);
      const [mine] = await rows<{ n: number }>(
        `SELECT count(*) AS n FROM score_snapshots s JOIN accounts a ON a.id = s.account_id
         WHERE a.external_id LIKE ? AND s.run_id = ?`,
        `${prefix}-%`,
        run.runId,
      );
      expect(mine?.n).toBe(count);
    } finally {
      // Later runs in other files stay inline (one batch) and fast.
      const ids = `SELECT id FROM accounts WHERE external_id LIKE '${prefix}-%'`;
      await env.DB.batch([
        env.DB.prepare(`DELETE FROM score_snapshots WHERE account_id IN (${ids})`),
        env.DB.prepare(`DELETE FROM alerts WHERE account_id IN (${ids})`),
        env.DB.prepare(`DELETE FROM tier_transitions WHERE account_id IN (${ids})`),
        env.DB.prepare(`DELETE FROM accounts WHERE external_id LIKE '${prefix}-%'`),
      ]);
    }
  }, 60_000);
});

describe('tier transitions and history', () => {
  it('records a win, a save, an improvement and a decline against the previous period', async () => {
    const win = await seatAccount(9, { arrCents: 1_200_000 });
    // As the CS literature names them: only yellow → green is a win, only red → yellow or green-yellow a save.
    const nearGreen = await seatAccount(9);
    const rescued = await seatAccount(9);
    const save = await seatAccount(5);
    const improve = await seatAccount(7);
    const decline = await seatAccount(2);
    const steady = await seatAccount(6);
    const prev = yesterday();
    await seedSnapshot(win.id, prev, { score: 50, tier: 'yellow', segmentId: seatSegment });
    await seedSnapshot(save.id, prev, { score: 20, tier: 'red', segmentId: seatSegment });
    await seedSnapshot(improve.id, prev, { score: 45, tier: 'yellow', segmentId: seatSegment });
    await seedSnapshot(decline.id, prev, { score: 70, tier: 'green-yellow', segmentId: seatSegment });
    await seedSnapshot(steady.id, prev, { score: 65, tier: 'green-yellow', segmentId: seatSegment });
    await seedSnapshot(nearGreen.id, prev, { score: 75, tier: 'green-yellow', segmentId: seatSegment });
    await seedSnapshot(rescued.id, prev, { score: 30, tier: 'red', segmentId: seatSegment });
    await runScoring();

    const t = today();
    expect(await transitionsOf(win.id)).toEqual([
      { period: t, kind: 'win', from_tier: 'yellow', to_tier: 'green', from_score: 50, to_score: 90 },
    ]);
    expect(await transitionsOf(save.id)).toEqual([
      { period: t, kind: 'save', from_tier: 'red', to_tier: 'yellow', from_score: 20, to_score: 50 },
    ]);
    expect(await transitionsOf(improve.id)).toEqual([
      {
        period: t,
        kind: 'improve',
        from_tier: 'yellow',
        to_tier: 'green-yellow',
        from_score: 45,
        to_score: 70,
      },
    ]);
    expect(await transitionsOf(decline.id)).toEqual([
      { period: t, kind: 'decline', from_tier: 'green-yellow', to_tier: 'red', from_score: 70, to_score: 20 },
    ]);
    expect(await transitionsOf(steady.id)).toEqual([]);
    expect((await transitionsOf(nearGreen.id)).map((x) => [x.kind, x.from_tier, x.to_tier])).toEqual([
      ['improve', 'green-yellow', 'green'],
    ]);
    expect((await transitionsOf(rescued.id)).map((x) => [x.kind, x.from_tier, x.to_tier])).toEqual([
      ['improve', 'red', 'green'],
    ]);
    expect(
      (
        await rows<{ arr_cents: number }>(
          'SELECT arr_cents FROM tier_transitions WHERE account_id = ?',
          win.id,
        )
      )[0]?.arr_cents,
    ).toBe(1_200_000);

    const history = await admin(`/api/accounts/${win.externalId}/health/history`);
    expect(history.status).toBe(200);
    expect(await history.json()).toEqual({
      items: [
        {
          period: prev,
          score: 50,
          tier: 'yellow',
          computedScore: 50,
          overridden: false,
          insufficientData: false,
        },
        {
          period: t,
          score: 90,
          tier: 'green',
          computedScore: 90,
          overridden: false,
          insufficientData: false,
        },
      ],
      transitions: [{ period: t, kind: 'win', fromTier: 'yellow', toTier: 'green' }],
    });
  });

  it('limits history to the requested days and rejects unknown accounts and bad ranges', async () => {
    const a = await seatAccount(3);
    await seedSnapshot(a.id, addDays(today(), -10), { score: 10, tier: 'red', segmentId: seatSegment });
    await seedSnapshot(a.id, addDays(today(), -2), { score: 20, tier: 'red', segmentId: seatSegment });
    await seedSnapshot(a.id, addDays(today(), -5), { score: 15, tier: 'red', segmentId: seatSegment });
    const recent = await (await admin(`/api/accounts/${a.externalId}/health/history?days=5`)).json<{
      items: { period: string }[];
    }>();
    // 5 days = today and the 4 days before it: day −5 is outside.
    expect(recent.items.map((i) => i.period)).toEqual([addDays(today(), -2)]);
    expect((await admin(`/api/accounts/${uid('nobody')}/health/history`)).status).toBe(404);
    expect((await admin(`/api/accounts/${a.externalId}/health/history?days=0`)).status).toBe(400);
    expect((await admin(`/api/accounts/${a.externalId}/health/history?days=731`)).status).toBe(400);
  });
});

describe('overrides', () => {
  it('shows an overriding tier and score until the override is cleared, keeping the computed ones', async () => {
    const a = await seatAccount(9);
    const expiresAt = new Date(Date.now() + 7 * DAY_MS).toISOString();
    const created = await admin(`/api/accounts/${a.externalId}/override`, {
      body: { tier: 'red', score: 30, reason: 'Sponsor left', expiresAt },
    });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ tier: 'red', score: 30, reason: 'Sponsor left', expiresAt });
    await runScoring();
    expect(await getHealth(a.externalId)).toMatchObject({
      score: 30,
      tier: 'red',
      computedScore: 90,
      computedTier: 'green',
      overridden: true,
    });

    expect((await admin(`/api/accounts/${a.externalId}/override`, { method: 'DELETE' })).status).toBe(204);
    expect((await admin(`/api/accounts/${a.externalId}/override`, { method: 'DELETE' })).status).toBe(404);
    await runScoring();
    expect(await getHealth(a.externalId)).toMatchObject({
      score: 90,
      tier: 'green',
      computedScore: 90,
      computedTier: 'green',
      overridden: false,
    });
  });

  it('rejects an override with an unknown tier, a past expiry, no reason, or for an unknown account', async () => {
    const a = await seatAccount(5);
    const future = new Date(Date.now() + DAY_MS).toISOString();
    const post = (externalId: string, body: unknown) =>
      admin(`/api/accounts/${externalId}/override`, { body });
    const unknownTier = await post(a.externalId, { tier: 'purple', reason: 'x', expiresAt: future });
    expect(unknownTier.status).toBe(400);
    expect((await unknownTier.json<{ error: { code: string } }>()).error.code).toBe('VALIDATION_FAILED');
    const past = new Date(Date.now() - 60_000).toISOString();
    expect((await post(a.externalId, { tier: 'red', reason: 'x', expiresAt: past })).status).toBe(400);
    expect((await post(a.externalId, { tier: 'red', expiresAt: future })).status).toBe(400);
    expect((await post(a.externalId, { tier: 'red', reason: '   ', expiresAt: future })).status).toBe(400);
    expect((await post(uid('nobody'), { tier: 'red', reason: 'x', expiresAt: future })).status).toBe(404);
    expect(await rows('SELECT 1 FROM health_overrides WHERE account_id = ?', a.id)).toEqual([]);
  });
});

describe('CSM rating', () => {
  it('uses the latest rating as the csmRating measure on the next run', async () => {
    const a = await seedAccount({ seats: 10, users: [60_000, 60_000] });
    const res = await admin(`/api/accounts/${a.externalId}/rating`, {
      body: { stars: 5, comment: 'Great QBR' },
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({
      stars: 5,
      comment: 'Great QBR',
      ratedBy: 'admin-token',
      expiresAt: null,
    });
    await runScoring();
    const health = await getHealth(a.externalId);
    expect(health?.segment).toBe('default');
    expect(measureOf(health, 'csmRating')).toMatchObject({ raw: 5, points: 100, missing: false });
    expect(health?.dimensions.find((d) => d.key === 'relationship')?.score).toBe(100);
  });

  it('rejects stars outside 1–5 or not whole, and unknown accounts', async () => {
    const a = await seedAccount({ seats: 5 });
    const rate = (externalId: string, body: unknown) => admin(`/api/accounts/${externalId}/rating`, { body });
    expect((await rate(a.externalId, { stars: 6 })).status).toBe(400);
    expect((await rate(a.externalId, { stars: 0 })).status).toBe(400);
    expect((await rate(a.externalId, { stars: 2.5 })).status).toBe(400);
    expect(
      (await rate(a.externalId, { stars: 4, expiresAt: new Date(Date.now() - 1000).toISOString() })).status,
    ).toBe(400);
    expect((await rate(uid('nobody'), { stars: 4 })).status).toBe(404);
    expect(await rows('SELECT 1 FROM csm_ratings WHERE account_id = ?', a.id)).toEqual([]);
  });
});

describe('custom metrics', () => {
  const metricsOf = async (externalId: string) =>
    (
      await (
        await admin(`/api/accounts/${externalId}/metrics`)
      ).json<{
        items: { key: string; value: number; recordedAt: string }[];
      }>()
    ).items.sort((x, y) => x.key.localeCompare(y.key));

  it('stores single and listed values and reads back the latest value per key', async () => {
    const a = await seedAccount();
    const single = await admin(`/api/accounts/${a.externalId}/metrics`, {
      body: { key: 'hoursSaved', value: 12.5 },
    });
    expect(single.status).toBe(201);
    expect(await single.json()).toEqual({ stored: 1 });
    const lastWeek = new Date(Date.now() - 7 * DAY_MS).toISOString();
    const listed = await admin(`/api/accounts/${a.externalId}/metrics`, {
      body: {
        metrics: [
          { key: 'hoursSaved', value: 3, recordedAt: lastWeek },
          { key: 'revenueUplift', value: -250 },
        ],
      },
    });
    expect(listed.status).toBe(201);
    expect(await listed.json()).toEqual({ stored: 2 });
    expect(await metricsOf(a.externalId)).toEqual([
      { key: 'hoursSaved', value: 12.5, recordedAt: expect.any(String) },
      { key: 'revenueUplift', value: -250, recordedAt: expect.any(String) },
    ]);
  });

  it('stores a batch across accounts with POST /api/metrics', async () => {
    const [a, b] = [await seedAccount(), await seedAccount()];
    const res = await admin('/api/metrics', {
      body: {
        metrics: [
          { account: a.externalId, key: 'licensesUsed', value: 7 },
          { account: b.externalId, key: 'licensesUsed', value: 9 },
        ],
      },
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ stored: 2 });
    expect((await metricsOf(a.externalId)).map((m) => m.value)).toEqual([7]);
    expect((await metricsOf(b.externalId)).map((m) => m.value)).toEqual([9]);
  });

  it('writes nothing when a batch names an unknown account', async () => {
    const a = await seedAccount();
    const ghost = uid('ghost');
    const res = await admin('/api/metrics', {
      body: {
        metrics: [
          { account: a.externalId, key: 'licensesUsed', value: 1 },
          { account: ghost, key: 'licensesUsed', value: 2 },
        ],
      },
    });
    expect(res.status).toBe(400);
    const { error } = await res.json<{ error: { code: string; issues: { path: unknown[] }[] } }>();
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.issues.map((i) => i.path)).toEqual([['metrics', 1, 'account']]);
    expect(await rows('SELECT 1 FROM custom_metrics WHERE account_id = ?', a.id)).toEqual([]);
  });

  it('rejects a malformed key, a non-finite value and an unknown account', async () => {
    const a = await seedAccount();
    const path = `/api/accounts/${a.externalId}/metrics`;
    expect((await admin(path, { body: { key: '9lives', value: 1 } })).status).toBe(400);
    expect((await admin(path, { body: { key: 'has space', value: 1 } })).status).toBe(400);
    const infinite = await call(path, {
      method: 'POST',
      headers: { Authorization: 'Bearer test-admin-token', 'Content-Type': 'application/json' },
      body: '{"key":"hoursSaved","value":1e999}',
    });
    expect(infinite.status).toBe(400);
    expect((await admin(path, { body: { key: 'hoursSaved', value: '12' } })).status).toBe(400);
    expect(
      (await admin(`/api/accounts/${uid('nobody')}/metrics`, { body: { key: 'k', value: 1 } })).status,
    ).toBe(404);
    expect((await admin(`/api/accounts/${uid('nobody')}/metrics`)).status).toBe(404);
    expect(await rows('SELECT 1 FROM custom_metrics WHERE account_id = ?', a.id)).toEqual([]);
  });
});

describe('portfolio summary', () => {
  it('counts tiers, segments, movers and transitions of one segment exactly', async () => {
    const plan = uid('portfolio');
    const { segmentId } = await planSegment(plan);
    try {
      const seat = (activated: number, extra: Parameters<typeof seedAccount>[0] = {}) =>
        seedAccount({ plan, seats: 10, users: Array.from({ length: activated }, () => 60_000), ...extra });
      await seat(9);
      await seat(7);
      const saved = await seat(5, { arrCents: 500_000 });
      await seat(2);
      await seat(1);
      await seedAccount({ plan, seats: null });
      await seedSnapshot(saved.id, yesterday(), { score: 20, tier: 'red', segmentId });
      await runScoring();

      const res = await admin(`/api/portfolio/summary?segment=${segmentId}`);
      expect(res.status).toBe(200);
      const summary = await res.json();
      expect(summary).toMatchObject({
        period: today(),
        tiers: { green: 1, 'green-yellow': 1, yellow: 1, red: 2, insufficient: 1 },
        segments: [
          {
            segment: segmentId,
            tiers: { green: 1, 'green-yellow': 1, yellow: 1, red: 2, insufficient: 1 },
            total: 6,
          },
        ],
        movers: [
          {
            externalId: saved.externalId,
            score: 50,
            tier: 'yellow',
            previousScore: 20,
            previousTier: 'red',
            change: 30,
          },
        ],
        transitions: { win: 0, save: 1, improve: 0, decline: 0 },
        arrCents: { win: 0, save: 500_000 },
      });

      // Unfiltered, the tiers add up to every snapshot of the period.
      const all = await (await admin('/api/portfolio/summary')).json<{ tiers: Record<string, number> }>();
      const [n] = await rows<{ n: number }>(
        'SELECT count(*) AS n FROM score_snapshots WHERE period = ?',
        today(),
      );
      expect(Object.values(all.tiers).reduce((s, x) => s + x, 0)).toBe(n?.n);
    } finally {
      await admin(`/api/segments/${segmentId}`, { method: 'DELETE' });
    }
  });

  it('counts an account under the same tier in the tier totals and in its segment', async () => {
    // No seats: insufficient data; a CSM override makes it red.
    const plan = uid('portfolio-override');
    const { segmentId } = await planSegment(plan);
    try {
      const a = await seedAccount({ plan, seats: null });
      const expiresAt = new Date(Date.now() + DAY_MS).toISOString();
      const override = { tier: 'red', reason: 'Sponsor left before onboarding', expiresAt };
      expect((await admin(`/api/accounts/${a.externalId}/override`, { body: override })).status).toBe(201);
      await runScoring();
      expect(await getHealth(a.externalId)).toMatchObject({
        tier: 'red',
        insufficientData: true,
        overridden: true,
      });
      const summary = await (await admin(`/api/portfolio/summary?segment=${segmentId}`)).json<{
        tiers: Record<string, number>;
        segments: { segment: string; tiers: Record<string, number>; total: number }[];
      }>();
      expect(summary.segments).toEqual([{ segment: segmentId, tiers: { red: 1 }, total: 1 }]);
      expect(summary.tiers).toEqual({ green: 0, 'green-yellow': 0, yellow: 0, red: 1, insufficient: 0 });
    } finally {
      await admin(`/api/segments/${segmentId}`, { method: 'DELETE' });
    }
  });

  it('rejects a range whose start is after its end', async () => {
    const res = await admin(`/api/portfolio/summary?from=${today()}&to=${yesterday()}`);
    expect(res.status).toBe(400);
    expect((await admin('/api/portfolio/summary?period=2026-02-30')).status).toBe(400);
  });
});
