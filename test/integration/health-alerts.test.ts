import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_ALERT_RULES } from '../../shared/alerts';
import { DEFAULT_TIERS } from '../../shared/health';
import { addDays } from '../../shared/time';
import {
  admin,
  createSegment,
  DAY_MS,
  deliverQueue,
  getHealth,
  publishModel,
  rows,
  runScoring,
  seedAccount,
  seedSnapshot,
  today,
  uid,
  yesterday,
} from './helpers';

interface AlertBody {
  id: number;
  account: string | null;
  ruleId: string;
  status: 'open' | 'snoozed' | 'closed';
  severity: string;
  title: string;
  detail: string;
  playbook: string;
  assignee: string | null;
  snoozedUntil: string | null;
  closedAt: string | null;
  closeNote: string | null;
  period: string;
}

interface DeliveryBody {
  id: number;
  alertId: number;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  lastError: string | null;
  lastStatus: number | null;
}

async function alertsOf(externalId: string, query = '') {
  const res = await admin(`/api/alerts?account=${encodeURIComponent(externalId)}${query}`);
  expect(res.status).toBe(200);
  return (await res.json<{ items: AlertBody[] }>()).items;
}

const tierGuidance = (tier: string) => {
  const t = DEFAULT_TIERS.find((x) => x.key === tier)!;
  return `${t.label} tier: ${t.guidance}`;
};

/** 100 seats and one barely active user: scores red or yellow with the default model. */
const atRiskAccount = (renewalDate: string | null) =>
  seedAccount({ seats: 100, users: [120_000], renewalDate });

describe('alert rules', () => {
  it('a fresh install has one default rule of each kind', async () => {
    const res = await admin('/api/alerts/rules');
    expect(res.status).toBe(200);
    const { items } = await res.json<{ items: { id: string }[] }>();
    const ids = new Set(DEFAULT_ALERT_RULES.map((r) => r.id));
    expect(items.filter((r) => ids.has(r.id))).toEqual(
      [...DEFAULT_ALERT_RULES].sort((a, b) => a.id.localeCompare(b.id)),
    );
  });

  it('rejects an invalid rule and keeps the stored one', async () => {
    const rule = DEFAULT_ALERT_RULES.find((r) => r.id === 'score-drop-15-in-30')!;
    const { id: _id, ...body } = rule;
    const res = await admin(`/api/alerts/rules/${rule.id}`, {
      method: 'PUT',
      body: { ...body, params: { points: 0, days: 30 } },
    });
    expect(res.status).toBe(400);
    const { error } = await res.json<{ error: { code: string; issues: { path: string[] }[] } }>();
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.issues.map((i) => i.path)).toEqual([['params', 'points']]);
    const unknownKind = await admin(`/api/alerts/rules/${rule.id}`, {
      method: 'PUT',
      body: { ...body, kind: 'vibes' },
    });
    expect(unknownKind.status).toBe(400);
    const badSlug = await admin('/api/alerts/rules/Not_A_Slug', { method: 'PUT', body });
    expect(badSlug.status).toBe(400);
    const { items } = await (await admin('/api/alerts/rules')).json<{
      items: { id: string; params: unknown }[];
    }>();
    expect(items.find((r) => r.id === rule.id)?.params).toEqual({ points: 15, days: 30 });
    expect(items.map((r) => r.id)).not.toContain('Not_A_Slug');
  });

  it('stops raising a rule once it is disabled', async () => {
    // A rule on a measure only this test's model has, so it fires for this account alone.
    const measureKey = `probe${uid('m').replace(/-/g, '')}`;
    const modelId = await publishModel({
      measures: [
        {
          key: measureKey,
          label: 'Probe activation',
          kind: 'seatActivationRate',
          weight: 100,
          normalisation: { kind: 'linear', min: 0, max: 1 },
        },
      ],
    });
    const plan = uid('probe-plan');
    const segment = await createSegment({ conditions: [{ field: 'plan', op: 'eq', value: plan }], modelId });
    const ruleId = uid('probe-rule');
    const rule = {
      kind: 'measure_below',
      name: 'Probe below half',
      severity: 'info',
      playbook: 'Probe playbook.',
      params: { measureKey, threshold: 50 },
    };
    try {
      const put = await admin(`/api/alerts/rules/${ruleId}`, { method: 'PUT', body: rule });
      expect(put.status).toBe(200);
      expect(await put.json()).toEqual({
        ...rule,
        id: ruleId,
        enabled: true,
        params: { measureKey, threshold: 50, on: 'points' },
      });
      const a = await seedAccount({ plan, seats: 10, users: [1, 1] });
      await runScoring();
      const [raised, ...more] = await alertsOf(a.externalId, `&ruleId=${ruleId}`);
      expect(more).toEqual([]);
      expect(raised).toMatchObject({
        ruleId,
        status: 'open',
        severity: 'info',
        title: 'Probe activation at 20.0 points, below 50',
        playbook: `Probe playbook.\n\n${tierGuidance('red')}`,
        period: today(),
      });

      expect((await admin(`/api/alerts/${raised!.id}/close`, { body: {} })).status).toBe(200);
      expect(
        (await admin(`/api/alerts/rules/${ruleId}`, { method: 'PUT', body: { ...rule, enabled: false } }))
          .status,
      ).toBe(200);
      await runScoring();
      expect((await alertsOf(a.externalId, `&ruleId=${ruleId}`)).map((x) => [x.id, x.status])).toEqual([
        [raised!.id, 'closed'],
      ]);
    } finally {
      await env.DB.prepare('DELETE FROM alert_rules WHERE id = ?').bind(ruleId).run();
      await admin(`/api/segments/${segment.id}`, { method: 'DELETE' });
    }
  });
});

describe('alert inbox', () => {
  it('raises a renewal alert with its playbook once, and again only after it was closed', async () => {
    const renewal = addDays(today(), 30);
    const a = await atRiskAccount(renewal);
    await runScoring();
    const tier = (await getHealth(a.externalId))!.tier!;
    expect(['yellow', 'red']).toContain(tier);
    const renewalRule = DEFAULT_ALERT_RULES.find((r) => r.id === 'renewal-at-risk')!;
    const [alert, ...others] = await alertsOf(a.externalId, '&ruleId=renewal-at-risk');
    expect(others).toEqual([]);
    const tierLabel = DEFAULT_TIERS.find((t) => t.key === tier)!.label;
    expect(alert).toMatchObject({
      account: a.externalId,
      ruleId: 'renewal-at-risk',
      status: 'open',
      severity: 'critical',
      title: `Renewal on ${renewal} (in 31 days) while ${tierLabel}`,
      playbook: `${renewalRule.playbook}\n\n${tierGuidance(tier)}`,
      assignee: null,
      period: today(),
    });
    // 1 activated user of 100 seats is also below half the seats.
    expect((await alertsOf(a.externalId)).map((x) => x.ruleId).sort()).toEqual([
      'low-seat-activation',
      'renewal-at-risk',
    ]);
    // The inbox filters by severity on the server.
    const bySeverity = async (severity: string) =>
      (await alertsOf(a.externalId, `&severity=${severity}`)).map((x) => x.ruleId);
    expect(await bySeverity('critical')).toEqual(['renewal-at-risk']);
    expect(await bySeverity('critical')).not.toContain('low-seat-activation');
    expect((await admin('/api/alerts?severity=urgent')).status).toBe(400);

    await runScoring();
    expect((await alertsOf(a.externalId, '&ruleId=renewal-at-risk')).map((x) => x.id)).toEqual([alert!.id]);

    const assigned = await admin(`/api/alerts/${alert!.id}/assign`, {
      body: { assignee: 'kim@keepwell.dev' },
    });
    expect(assigned.status).toBe(200);
    expect(await assigned.json()).toMatchObject({
      id: alert!.id,
      assignee: 'kim@keepwell.dev',
      status: 'open',
    });
    expect((await alertsOf(a.externalId, '&assignee=kim@keepwell.dev')).map((x) => x.id)).toEqual([
      alert!.id,
    ]);
    expect(await alertsOf(a.externalId, '&assignee=someone-else@keepwell.dev')).toEqual([]);

    const past = new Date(Date.now() - 60_000).toISOString();
    expect((await admin(`/api/alerts/${alert!.id}/snooze`, { body: { until: past } })).status).toBe(400);
    const until = new Date(Date.now() + 3 * DAY_MS).toISOString();
    const snoozed = await admin(`/api/alerts/${alert!.id}/snooze`, { body: { until } });
    expect(snoozed.status).toBe(200);
    expect(await snoozed.json()).toMatchObject({ status: 'snoozed', snoozedUntil: until });
    expect((await alertsOf(a.externalId, '&status=snoozed')).map((x) => x.id)).toEqual([alert!.id]);
    expect((await alertsOf(a.externalId, '&status=open')).map((x) => x.ruleId)).toEqual([
      'low-seat-activation',
    ]);
    // A snoozed alert is still the account's alert for this rule: a run does not raise another.
    await runScoring();
    expect((await alertsOf(a.externalId, '&ruleId=renewal-at-risk')).map((x) => x.id)).toEqual([alert!.id]);

    const closed = await admin(`/api/alerts/${alert!.id}/close`, { body: { note: 'Renewal call booked' } });
    expect(closed.status).toBe(200);
    expect(await closed.json()).toMatchObject({
      status: 'closed',
      closeNote: 'Renewal call booked',
      closedAt: expect.any(String),
      snoozedUntil: null,
    });
    expect((await admin(`/api/alerts/${alert!.id}/close`, { body: {} })).status).toBe(409);
    expect((await admin(`/api/alerts/${alert!.id}/snooze`, { body: { until } })).status).toBe(409);

    await runScoring();
    const after = await alertsOf(a.externalId, '&ruleId=renewal-at-risk');
    expect(after.map((x) => x.status)).toEqual(['open', 'closed']);
    expect(after[0]!.id).toBeGreaterThan(alert!.id);
    expect(after[1]!.id).toBe(alert!.id);
  });

  it("assigns a newly raised alert to the account's CSM owner", async () => {
    const a = await atRiskAccount(null);
    await env.DB.prepare('UPDATE accounts SET owner_email = ? WHERE external_id = ?')
      .bind('kim@keepwell.dev', a.externalId)
      .run();
    await runScoring();
    const raised = await alertsOf(a.externalId);
    expect(raised.length).toBeGreaterThan(0);
    expect(raised.map((x) => x.assignee)).toEqual(raised.map(() => 'kim@keepwell.dev'));
    expect((await alertsOf(a.externalId, '&assignee=kim@keepwell.dev')).length).toBe(raised.length);
  });

  it('raises stale data for an account whose last event is 20 days old', async () => {
    const lastDay = addDays(yesterday(), -20);
    const a = await seedAccount({ seats: 5, users: [600_000], day: lastDay });
    await runScoring();
    const [stale] = await alertsOf(a.externalId, '&ruleId=stale-data');
    expect(stale).toMatchObject({
      status: 'open',
      severity: 'warning',
      title: `No data for 20 days (last event on ${lastDay})`,
    });
    expect(stale!.playbook.startsWith(DEFAULT_ALERT_RULES.find((r) => r.id === 'stale-data')!.playbook)).toBe(
      true,
    );
  });

  it('answers 404 for an unknown alert and 400 for a malformed id or body', async () => {
    expect((await admin('/api/alerts/999999999')).status).toBe(404);
    expect((await admin('/api/alerts/abc')).status).toBe(400);
    expect((await admin('/api/alerts/999999999/close', { body: {} })).status).toBe(404);
    expect((await admin('/api/alerts/999999999/assign', { body: { assignee: 'x' } })).status).toBe(404);
    const a = await atRiskAccount(null);
    await runScoring();
    const [alert] = await alertsOf(a.externalId);
    expect((await admin(`/api/alerts/${alert!.id}/snooze`, { body: { until: 'tomorrow' } })).status).toBe(
      400,
    );
    expect((await admin(`/api/alerts/${alert!.id}/assign`, { body: { assignee: '' } })).status).toBe(400);
    expect((await admin(`/api/alerts?status=everything`)).status).toBe(400);
    const got = await admin(`/api/alerts/${alert!.id}`);
    expect(got.status).toBe(200);
    expect(await got.json()).toMatchObject({ id: alert!.id, status: 'open', assignee: null });
  });
});

describe('alerts on insufficient data', () => {
  it('does not raise score rules for an account whose data is insufficient', async () => {
    // Seat activation (40 %) and the CSM rating (60 %): without a rating only 40 % of the weight has data.
    const modelId = await publishModel({
      measures: [
        {
          key: 'seatShare',
          kind: 'seatActivationRate',
          weight: 40,
          normalisation: { kind: 'linear', min: 0, max: 1 },
        },
        { key: 'rating', kind: 'csmRating', weight: 60, normalisation: { kind: 'linear', min: 1, max: 5 } },
      ],
    });
    const plan = uid('thin-data');
    const segment = await createSegment({ conditions: [{ field: 'plan', op: 'eq', value: plan }], modelId });
    try {
      const a = await seedAccount({ plan, seats: 10, users: [1, 1] });
      await seedSnapshot(a.id, yesterday(), { score: 90, tier: 'green', segmentId: segment.id });
      await runScoring();
      expect(await getHealth(a.externalId)).toMatchObject({
        insufficientData: true,
        tier: null,
        coverage: 0.4,
      });
      // shared/alerts: "Score and tier rules never fire on insufficient data (a null score)".
      expect((await alertsOf(a.externalId)).map((x) => x.ruleId)).toEqual([]);
    } finally {
      await admin(`/api/segments/${segment.id}`, { method: 'DELETE' });
    }
  });
});

describe('alert webhook', () => {
  const HOOK = 'http://127.0.0.1:9/hook';

  afterEach(async () => {
    vi.restoreAllMocks();
    await admin('/api/alerts/webhook', { method: 'PUT', body: { url: null } });
  });

  /** A pending delivery for `alertId` that is not on the real queue, so only this test delivers it. */
  async function pendingDelivery(alertId: number, attempts = 0) {
    const row = await env.DB.prepare(
      `INSERT INTO webhook_deliveries (alert_id, status, attempts, created_at, updated_at)
       VALUES (?, 'pending', ?, ?, ?) RETURNING id`,
    )
      .bind(alertId, attempts, Date.now(), Date.now())
      .first<{ id: number }>();
    return row!.id;
  }

  async function delivery(id: number) {
    const { items } = await (await admin('/api/alerts/webhook/deliveries?limit=500')).json<{
      items: DeliveryBody[];
    }>();
    return items.find((d) => d.id === id);
  }

  const deliver = (deliveryId: number, attempts = 1) =>
    deliverQueue('keepwell-scoring', [
      { id: `wh-${deliveryId}-${attempts}`, body: { kind: 'webhook', deliveryId }, attempts },
    ]);

  it('accepts only https URLs (http for localhost) or null', async () => {
    for (const url of ['ftp://x', 'http://example.com/hook', 'not a url', 'https:/missing-slash']) {
      const res = await admin('/api/alerts/webhook', { method: 'PUT', body: { url } });
      expect({ url, status: res.status }).toEqual({ url, status: 400 });
    }
    const ok = await admin('/api/alerts/webhook', { method: 'PUT', body: { url: HOOK } });
    expect(ok.status).toBe(200);
    expect(await (await admin('/api/alerts/webhook')).json()).toEqual({ url: HOOK });
    expect((await admin('/api/alerts/webhook', { method: 'PUT', body: { url: null } })).status).toBe(200);
    expect(await (await admin('/api/alerts/webhook')).json()).toEqual({ url: null });
  });

  it('queues a delivery for each newly raised alert and retries failed posts with growing delays', async () => {
    expect((await admin('/api/alerts/webhook', { method: 'PUT', body: { url: HOOK } })).status).toBe(200);
    const a = await atRiskAccount(null);
    await runScoring();
    const [alert] = await alertsOf(a.externalId, '&ruleId=low-seat-activation');
    const queued = await rows<{ id: number }>(
      'SELECT id FROM webhook_deliveries WHERE alert_id = ?',
      alert!.id,
    );
    expect(queued).toHaveLength(1);
    expect(await delivery(queued[0]!.id)).toMatchObject({ alertId: alert!.id });

    // Nothing listens on port 9: a network error, retried after 30 s, then 2 min.
    const id = await pendingDelivery(alert!.id);
    const first = await deliver(id);
    expect(first.explicitAcks).toEqual([]);
    expect(first.retryMessages).toEqual([{ msgId: `wh-${id}-1` }]);
    expect(first.retryDelays).toEqual({ [`wh-${id}-1`]: 30 });
    const afterFirst = await delivery(id);
    expect(afterFirst).toMatchObject({ status: 'pending', attempts: 1, lastStatus: null });
    expect(afterFirst?.lastError).toEqual(expect.any(String));
    expect(afterFirst?.lastError).not.toBe('');
    expect((await deliver(id, 2)).retryDelays).toEqual({ [`wh-${id}-2`]: 120 });
    expect(await delivery(id)).toMatchObject({ status: 'pending', attempts: 2 });

    // The fifth attempt is the last: the delivery fails for good and is visible to admins.
    await env.DB.prepare('UPDATE webhook_deliveries SET attempts = 4 WHERE id = ?').bind(id).run();
    const last = await deliver(id, 5);
    expect(last.explicitAcks).toEqual([`wh-${id}-5`]);
    expect(last.retryMessages).toEqual([]);
    expect(await delivery(id)).toMatchObject({ status: 'failed', attempts: 5 });
    const failed = await (await admin('/api/alerts/webhook/deliveries?status=failed')).json<{
      items: DeliveryBody[];
    }>();
    expect(failed.items.map((d) => d.id)).toContain(id);
    // A delivery that is no longer pending is acknowledged without posting again.
    expect((await deliver(id, 6)).explicitAcks).toEqual([`wh-${id}-6`]);
    expect(await delivery(id)).toMatchObject({ status: 'failed', attempts: 5 });
  });

  it('posts Slack-compatible JSON and records the outcome of each response', async () => {
    const url = 'https://hooks.example.test/keepwell';
    expect((await admin('/api/alerts/webhook', { method: 'PUT', body: { url } })).status).toBe(200);
    const a = await atRiskAccount(null);
    await runScoring();
    const [alert] = await alertsOf(a.externalId, '&ruleId=low-seat-activation');
    const fetchSpy = vi.spyOn(globalThis, 'fetch');

    fetchSpy.mockImplementation(async () => new Response('ok'));
    const okId = await pendingDelivery(alert!.id);
    expect((await deliver(okId)).explicitAcks).toEqual([`wh-${okId}-1`]);
    expect(await delivery(okId)).toMatchObject({
      status: 'delivered',
      attempts: 1,
      lastStatus: 200,
      lastError: null,
    });
    const [target, init] = fetchSpy.mock.calls.at(-1)!;
    expect(String(target)).toBe(url);
    expect(init?.method).toBe('POST');
    const payload = JSON.parse(String(init?.body)) as {
      text: string;
      blocks: unknown[];
      attachments: unknown[];
    };
    expect(payload.text).toContain(alert!.title);
    expect(payload.blocks.length).toBeGreaterThan(0);
    expect(JSON.stringify(payload)).toContain(`Account ${a.externalId}`);

    // A 404 will not heal by waiting: failed at once.
    fetchSpy.mockImplementation(async () => new Response('no_service', { status: 404 }));
    const goneId = await pendingDelivery(alert!.id);
    expect((await deliver(goneId)).explicitAcks).toEqual([`wh-${goneId}-1`]);
    expect(await delivery(goneId)).toMatchObject({
      status: 'failed',
      attempts: 1,
      lastStatus: 404,
      lastError: 'HTTP 404',
    });

    // A 503 is retried, no sooner than the server's Retry-After.
    fetchSpy.mockImplementation(
      async () => new Response('busy', { status: 503, headers: { 'Retry-After': '300' } }),
    );
    const busyId = await pendingDelivery(alert!.id);
    expect((await deliver(busyId)).retryDelays).toEqual({ [`wh-${busyId}-1`]: 300 });
    expect(await delivery(busyId)).toMatchObject({ status: 'pending', attempts: 1, lastStatus: 503 });

    // With the webhook turned off, a pending delivery fails with the reason.
    expect((await admin('/api/alerts/webhook', { method: 'PUT', body: { url: null } })).status).toBe(200);
    const offId = await pendingDelivery(alert!.id);
    const calls = fetchSpy.mock.calls.length;
    expect((await deliver(offId)).explicitAcks).toEqual([`wh-${offId}-1`]);
    expect(fetchSpy.mock.calls.length).toBe(calls);
    expect(await delivery(offId)).toMatchObject({ status: 'failed', lastError: 'no webhook URL configured' });
  });
});
