import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import type { AccountInsight, RescoreResult } from '../../shared/contracts/accounts';
import { addDays } from '../../shared/time';
import {
  admin,
  asSession,
  createApiToken,
  createMember,
  DAY_MS,
  deliverQueue,
  errorCode,
  getHealth,
  INPUTS_MODEL,
  measureOf,
  planSegment,
  rows,
  runScoring,
  seedAccount,
  seedSnapshot,
  signIn,
  today,
  uid,
  waitFor,
  waitForRun,
  yesterday,
} from './helpers';
import { answer, createSurvey } from './surveys-helpers';

// A CSM's input takes effect at once (issue 12): a rating, an override (set or cleared), a touchpoint or a
// survey answer rescores that one account for today, with windows that end today; CSMs rescore their own
// accounts by hand, admins any.

const inAWeek = () => new Date(Date.now() + 7 * DAY_MS).toISOString();

/** Today's snapshot of the account as stored, or undefined. */
async function todaysSnapshot(accountId: number) {
  const [row] = await rows<{
    run_id: string;
    model_version_id: number;
    score: number | null;
    tier: string | null;
    computed_tier: string | null;
    overridden: number;
    measures: string;
  }>(
    `SELECT run_id, model_version_id, score, tier, computed_tier, overridden, measures FROM score_snapshots
     WHERE account_id = ? AND period = ?`,
    accountId,
    today(),
  );
  return row;
}

const alertsOf = (accountId: number, ruleId: string) =>
  rows<{ id: number; status: string; period: string }>(
    'SELECT id, status, period FROM alerts WHERE account_id = ? AND rule_id = ? ORDER BY id',
    accountId,
    ruleId,
  );

/** Users activated yesterday, usage yesterday, and (optionally) usage today as well. */
async function account(plan: string, opts: { activated: number; seats?: number; usageToday?: boolean }) {
  const a = await seedAccount({
    plan,
    seats: opts.seats ?? 10,
    users: Array.from({ length: opts.activated }, () => 60_000),
  });
  if (opts.usageToday) {
    await env.DB.prepare(
      'INSERT INTO account_days (account_id, day, events, active_users, active_ms, features_used) VALUES (?, ?, 2, 1, 60000, 0)',
    )
      .bind(a.id, today())
      .run();
  }
  return a;
}

describe('the portfolio before today’s run', () => {
  // First in this file: no run of today exists yet.
  it('a rating rescores the account for today, but portfolio figures stay those of the last run', async () => {
    const plan = uid('before-run');
    await planSegment(plan, INPUTS_MODEL);
    const a = await account(plan, { activated: 5 });
    // Yesterday's run (as of yesterday): its snapshot and its segment means, without a rating.
    const started = await admin('/api/scoring/run', { body: { asOf: yesterday() } });
    expect(started.status).toBe(202);
    await waitForRun((await started.json<{ runId: string }>()).runId);

    const res = await admin(`/api/accounts/${a.externalId}/rating`, { body: { stars: 5 } });
    expect((await res.json<{ rescore: RescoreResult }>()).rescore.status).toBe('scored');
    expect((await getHealth(a.externalId))?.period).toBe(today());
    // A day only rescores wrote is not the portfolio's latest period…
    const summary = await (await admin('/api/portfolio/summary')).json<{ period: string | null }>();
    expect(summary.period).toBe(yesterday());
    // …and the account is compared with yesterday's run's segment means, not with itself.
    const insight = await (await admin(`/api/accounts/${a.externalId}/insight`)).json<AccountInsight>();
    const relationship = insight.dimensions.find((d) => d.key === 'relationship');
    expect(relationship).toMatchObject({ score: 100, segmentAverage: null });
  });
});

describe('an override', () => {
  it('shows the overridden tier at once, records the decline and its alert once a day, and clearing it restores the computed tier', async () => {
    const plan = uid('override');
    await planSegment(plan, INPUTS_MODEL);
    // 9 of 10 seats, active yesterday: (90 × 40 + 14.3 × 30) ÷ 70 (no rating, no NPS) = 57.6, yellow.
    const a = await account(plan, { activated: 9 });
    await seedSnapshot(a.id, yesterday(), { score: 58, tier: 'yellow' });
    await runScoring();
    const computed = await getHealth(a.externalId);
    expect(computed).toMatchObject({ tier: 'yellow', overridden: false });

    // The tier only: the computed score stays, so only the tier rule fires (no score drop).
    const set = await admin(`/api/accounts/${a.externalId}/override`, {
      body: { tier: 'red', reason: 'Champion left', expiresAt: inAWeek() },
    });
    expect(set.status).toBe(201);
    const body = await set.json<{ tier: string; rescore: RescoreResult }>();
    expect(body.rescore).toEqual({
      status: 'scored',
      reason: null,
      period: today(),
      health: {
        score: computed?.computedScore,
        tier: 'red',
        computedScore: computed?.computedScore,
        computedTier: 'yellow',
        overridden: true,
        insufficientData: false,
      },
      transition: 'decline',
      alertsRaised: 1,
    });
    // The account page reads it at once: no scoring run in between.
    expect(await getHealth(a.externalId)).toMatchObject({
      tier: 'red',
      computedTier: 'yellow',
      overridden: true,
      period: today(),
    });
    expect(
      await rows('SELECT kind, from_tier, to_tier FROM tier_transitions WHERE account_id = ?', a.id),
    ).toEqual([{ kind: 'decline', from_tier: 'yellow', to_tier: 'red' }]);
    const raised = await alertsOf(a.id, 'tier-drop-at-risk');
    expect(raised).toEqual([{ id: expect.any(Number), status: 'open', period: today() }]);

    // Cleared: the computed tier again, and today's decline is gone with it.
    expect((await admin(`/api/accounts/${a.externalId}/override`, { method: 'DELETE' })).status).toBe(204);
    expect(await getHealth(a.externalId)).toMatchObject({ tier: 'yellow', overridden: false });
    expect(await rows('SELECT 1 FROM tier_transitions WHERE account_id = ?', a.id)).toEqual([]);

    // The CSM closes the alert, then overrides again the same day: the decline is back, the alert is not.
    expect(
      (await admin(`/api/alerts/${raised[0]!.id}/close`, { body: { note: 'talked to them' } })).status,
    ).toBe(200);
    const again = await admin(`/api/accounts/${a.externalId}/override`, {
      body: { tier: 'red', reason: 'Still at risk', expiresAt: inAWeek() },
    });
    expect((await again.json<{ rescore: RescoreResult }>()).rescore).toMatchObject({
      status: 'scored',
      transition: 'decline',
      alertsRaised: 0,
    });
    expect(await alertsOf(a.id, 'tier-drop-at-risk')).toEqual([
      { id: raised[0]!.id, status: 'closed', period: today() },
    ]);
  });

  it("never rewrites today's snapshot of another model version: the override waits for the next run, and says so", async () => {
    const plan = uid('override-version');
    await planSegment(plan, INPUTS_MODEL);
    const a = await account(plan, { activated: 9 });
    await seedSnapshot(a.id, today(), { score: 58, tier: 'yellow', modelVersionId: 987_654 });
    const set = await admin(`/api/accounts/${a.externalId}/override`, {
      body: { tier: 'red', reason: 'Champion left', expiresAt: inAWeek() },
    });
    expect(set.status).toBe(201);
    expect((await set.json<{ rescore: RescoreResult }>()).rescore).toMatchObject({
      status: 'skipped',
      reason: expect.stringContaining('another model version'),
      health: null,
    });
    expect(await todaysSnapshot(a.id)).toMatchObject({
      run_id: 'seeded',
      model_version_id: 987_654,
      tier: 'yellow',
      overridden: 0,
    });
    expect(await rows('SELECT 1 FROM tier_transitions WHERE account_id = ?', a.id)).toEqual([]);
    const rescore = await admin(`/api/accounts/${a.externalId}/rescore`, { method: 'POST' });
    expect(await rescore.json<RescoreResult>()).toMatchObject({ status: 'skipped' });
  });
});

describe('a rating', () => {
  it('counts in the score at once', async () => {
    const plan = uid('rating');
    await planSegment(plan, INPUTS_MODEL);
    const a = await account(plan, { activated: 5 });
    await runScoring();
    expect(measureOf(await getHealth(a.externalId), 'rating')).toMatchObject({ raw: null, missing: true });

    const res = await admin(`/api/accounts/${a.externalId}/rating`, { body: { stars: 5 } });
    expect(res.status).toBe(201);
    const { rescore } = await res.json<{ stars: number; rescore: RescoreResult }>();
    expect(rescore.status).toBe('scored');
    const health = await getHealth(a.externalId);
    expect(measureOf(health, 'rating')).toMatchObject({ raw: 5, points: 100, missing: false });
    expect(rescore.health?.score).toBe(health?.score);
  });
});

describe('a touchpoint', () => {
  it("rescores with windows that end today, so today's usage counts (the 02:00 run's end yesterday)", async () => {
    const plan = uid('touchpoint');
    await planSegment(plan, INPUTS_MODEL);
    const a = await account(plan, { activated: 5, usageToday: true });
    await runScoring();
    expect(measureOf(await getHealth(a.externalId), 'activeDays').raw).toBe(1);

    const res = await admin(`/api/accounts/${a.externalId}/touchpoints`, {
      body: { kind: 'call', occurredAt: new Date().toISOString(), summary: 'Kick-off' },
    });
    expect(res.status).toBe(201);
    expect((await res.json<{ rescore: RescoreResult }>()).rescore.status).toBe('scored');
    expect(measureOf(await getHealth(a.externalId), 'activeDays').raw).toBe(2);
  });
});

describe('a survey answer', () => {
  it('rescores the account through the scoring queue, without making the respondent wait', async () => {
    const plan = uid('survey');
    await planSegment(plan, INPUTS_MODEL);
    const a = await account(plan, { activated: 5 });
    await runScoring();
    expect(measureOf(await getHealth(a.externalId), 'nps').raw).toBeNull();

    const survey = await createSurvey();
    await answer(survey.id, a.externalId, 10);
    // The request was stored with the answer; the queue consumer rescores and ends it.
    const health = await waitFor(async () => {
      const h = await getHealth(a.externalId);
      return measureOf(h, 'nps').raw === 100 ? h : null;
    });
    expect(health.period).toBe(today());
    await waitFor(
      async () => (await rows('SELECT 1 FROM rescore_requests WHERE account_id = ?', a.id)).length === 0,
    );
  });

  it('a rescore message rescores the account and ends its request; one sent after a run of today finds it counted', async () => {
    const plan = uid('survey-queue');
    await planSegment(plan, INPUTS_MODEL);
    const a = await account(plan, { activated: 5 });
    await env.DB.prepare('INSERT INTO rescore_requests (account_id, requested_at) VALUES (?, ?)')
      .bind(a.id, Date.now() - 1000)
      .run();
    const result = await deliverQueue('keepwell-scoring', [
      { id: uid('msg'), body: { kind: 'rescore', accountId: a.id } },
    ]);
    expect(result.explicitAcks).toEqual([expect.any(String)]);
    expect(await todaysSnapshot(a.id)).toMatchObject({ run_id: expect.stringMatching(/^rescore:/) });
    expect(await rows('SELECT 1 FROM rescore_requests WHERE account_id = ?', a.id)).toEqual([]);

    // A request whose message never came is counted, and cleared, by the next run of today.
    await env.DB.prepare('INSERT INTO rescore_requests (account_id, requested_at) VALUES (?, ?)')
      .bind(a.id, Date.now() - 1000)
      .run();
    await runScoring();
    expect(await rows('SELECT 1 FROM rescore_requests WHERE account_id = ?', a.id)).toEqual([]);
  });
});

describe('POST /api/accounts/:externalId/rescore', () => {
  async function csmOwning() {
    const plan = uid('own');
    await planSegment(plan, INPUTS_MODEL);
    const csm = await createMember({ role: 'csm' });
    const own = await account(plan, { activated: 5 });
    const other = await account(plan, { activated: 5 });
    await env.DB.prepare('UPDATE accounts SET owner_email = ? WHERE id = ?')
      .bind(csm.email.toUpperCase(), own.id)
      .run();
    await env.DB.prepare('UPDATE accounts SET owner_email = ? WHERE id = ?')
      .bind(`${uid('someone')}@example.com`, other.id)
      .run();
    return { csm, own, other, session: await signIn(csm.email, csm.password) };
  }

  it('lets a CSM rescore the accounts they own, and audits it', async () => {
    const { csm, own, session } = await csmOwning();
    const res = await asSession(session, `/api/accounts/${own.externalId}/rescore`, { method: 'POST' });
    expect(res.status).toBe(200);
    const result = await res.json<RescoreResult>();
    expect(result).toMatchObject({ status: 'scored', period: today(), reason: null });
    expect(result.health).toMatchObject({ overridden: false, insufficientData: false });
    expect(await todaysSnapshot(own.id)).toMatchObject({ tier: result.health?.tier });
    expect(
      await rows(
        "SELECT actor, details FROM audit_log WHERE action = 'account.rescore' AND entity_id = ?",
        own.externalId,
      ),
    ).toEqual([{ actor: csm.email, details: expect.stringContaining('"status":"scored"') }]);
  });

  it("refuses a CSM another's account, and a viewer any, writing nothing", async () => {
    const { other, session } = await csmOwning();
    const refused = await asSession(session, `/api/accounts/${other.externalId}/rescore`, { method: 'POST' });
    expect(refused.status).toBe(403);
    expect(await errorCode(refused)).toBe('FORBIDDEN');
    const viewer = await createMember({ role: 'viewer' });
    const asViewer = await asSession(
      await signIn(viewer.email, viewer.password),
      `/api/accounts/${other.externalId}/rescore`,
      { method: 'POST' },
    );
    expect(asViewer.status).toBe(403);
    expect(await todaysSnapshot(other.id)).toBeUndefined();
    expect(
      await rows(
        "SELECT 1 FROM audit_log WHERE action = 'account.rescore' AND entity_id = ?",
        other.externalId,
      ),
    ).toEqual([]);
  });

  it('lets an admin rescore any account; a csm API token acts for the member who made it', async () => {
    const { own, other } = await csmOwning();
    expect((await admin(`/api/accounts/${other.externalId}/rescore`, { method: 'POST' })).status).toBe(200);
    expect((await admin(`/api/accounts/${uid('nobody')}/rescore`, { method: 'POST' })).status).toBe(404);
    const rescore = (externalId: string, token: string) =>
      admin(`/api/accounts/${externalId}/rescore`, { method: 'POST', token });
    // Made by the ADMIN_TOKEN, a token acts for nobody: it owns no account.
    const orphan = await createApiToken('csm');
    expect((await rescore(own.externalId, orphan.token)).status).toBe(403);
    // Made by a member, it owns what that member owns.
    const maker = await createMember({ role: 'admin' });
    await env.DB.prepare('UPDATE accounts SET owner_email = ? WHERE id = ?').bind(maker.email, own.id).run();
    const made = await asSession(await signIn(maker.email, maker.password), '/api/tokens', {
      body: { name: uid('csm-token'), role: 'csm' },
    });
    const { token } = await made.json<{ token: string }>();
    expect((await rescore(own.externalId, token)).status).toBe(200);
    expect((await rescore(other.externalId, token)).status).toBe(403);
  });

  it('reports an account it cannot score as failed, never a 500', async () => {
    const plan = uid('corrupt');
    await planSegment(plan, INPUTS_MODEL);
    const a = await account(plan, { activated: 5 });
    await env.DB.prepare('UPDATE accounts SET traits = \'{"a":\' WHERE id = ?').bind(a.id).run();
    const res = await admin(`/api/accounts/${a.externalId}/rescore`, { method: 'POST' });
    expect(res.status).toBe(200);
    expect(await res.json<RescoreResult>()).toMatchObject({ status: 'failed', health: null });
    expect(await todaysSnapshot(a.id)).toBeUndefined();
  });
});

describe('yesterday', () => {
  it('is never rewritten by a rescore', async () => {
    const plan = uid('yesterday');
    await planSegment(plan, INPUTS_MODEL);
    const a = await account(plan, { activated: 5 });
    await seedSnapshot(a.id, yesterday(), { score: 12, tier: 'red' });
    await seedSnapshot(a.id, addDays(today(), -2), { score: 13, tier: 'red' });
    await admin(`/api/accounts/${a.externalId}/rescore`, { method: 'POST' });
    expect(
      await rows<{ period: string; score: number }>(
        'SELECT period, score FROM score_snapshots WHERE account_id = ? AND period < ? ORDER BY period',
        a.id,
        today(),
      ),
    ).toEqual([
      { period: addDays(today(), -2), score: 13 },
      { period: yesterday(), score: 12 },
    ]);
  });
});
