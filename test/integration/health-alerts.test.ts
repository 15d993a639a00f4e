import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_ALERT_RULES, WEBHOOK_TIMEOUT_MS } from '../../shared/alerts';
import { DEFAULT_TIERS } from '../../shared/health';
import { addDays } from '../../shared/time';
import { deliverWebhook } from '../../worker/alerts/webhook-job';
import {
  admin,
  createMember,
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
import { hookRequests } from './hook-targets';

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
        tasks: [],
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
      // The account as in the list, so the inbox can put the answer in place of the listed alert.
      account: a.externalId,
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

  it("assigns a newly raised alert to the account's CSM owner when they are a member", async () => {
    const a = await atRiskAccount(null);
    await createMember({ role: 'csm', email: 'kim@keepwell.dev' });
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

  /** An alert raised by a scoring run, to hang test deliveries on. */
  async function someAlert() {
    const a = await atRiskAccount(null);
    await runScoring();
    const [alert] = await alertsOf(a.externalId, '&ruleId=low-seat-activation');
    return { account: a, alert: alert! };
  }

  const putWebhook = (url: string | null) => admin('/api/alerts/webhook', { method: 'PUT', body: { url } });
  const storedWebhook = async () =>
    (await (await admin('/api/alerts/webhook')).json<{ url: string | null }>()).url;

  it('refuses non-https URLs, local and private hosts in every spelling, and credentials, with 400 WEBHOOK_URL_REFUSED', async () => {
    const kept = 'https://hooks.example.test/kept';
    expect((await putWebhook(kept)).status).toBe(200);
    const refused: [string, string][] = [
      ['http://hooks.example.com/hook', 'NOT_HTTPS'],
      ['http://localhost:8787/hook', 'NOT_HTTPS'],
      ['ftp://x', 'NOT_HTTPS'],
      ['not a url', 'INVALID_URL'],
      ['https:/missing-slash', 'LOCAL_HOST'],
      ['https://user:pass@hooks.example.com/hook', 'CREDENTIALS'],
      ['https://localhost/hook', 'LOCAL_HOST'],
      ['https://localhost./hook', 'LOCAL_HOST'],
      ['https://admin.localhost/hook', 'LOCAL_HOST'],
      ['https://127.0.0.1/hook', 'PRIVATE_ADDRESS'],
      ['https://127.1/hook', 'PRIVATE_ADDRESS'],
      ['https://0x7f000001/hook', 'PRIVATE_ADDRESS'],
      ['https://2130706433/hook', 'PRIVATE_ADDRESS'],
      ['https://0177.0.0.1/hook', 'PRIVATE_ADDRESS'],
      ['https://0/hook', 'PRIVATE_ADDRESS'],
      ['https://10.0.0.7/hook', 'PRIVATE_ADDRESS'],
      ['https://172.16.5.4/hook', 'PRIVATE_ADDRESS'],
      ['https://192.168.0.10/hook', 'PRIVATE_ADDRESS'],
      ['https://169.254.169.254/latest/meta-data/', 'PRIVATE_ADDRESS'],
      ['https://100.64.0.1/hook', 'PRIVATE_ADDRESS'],
      ['https://[::1]/hook', 'PRIVATE_ADDRESS'],
      ['https://[::ffff:127.0.0.1]/hook', 'PRIVATE_ADDRESS'],
      ['https://[::ffff:7f00:1]/hook', 'PRIVATE_ADDRESS'],
      ['https://[fe80::1]/hook', 'PRIVATE_ADDRESS'],
      ['https://[fd00::1]/hook', 'PRIVATE_ADDRESS'],
    ];
    const outcomes = [];
    for (const [url] of refused) {
      const res = await putWebhook(url);
      const body = await res.json<{ error: { code: string; issues?: { path: string[]; code: string }[] } }>();
      outcomes.push([url, res.status, body.error.code, body.error.issues?.[0]?.code]);
    }
    expect(outcomes).toEqual(refused.map(([url, problem]) => [url, 400, 'WEBHOOK_URL_REFUSED', problem]));
    // Nothing was written: the stored URL is the one saved before.
    expect(await storedWebhook()).toBe(kept);
  });

  it('stores the URL as normalised, and null turns delivery off', async () => {
    const saved = await putWebhook('https://Hooks.Example.TEST/keepwell');
    expect(saved.status).toBe(200);
    expect(await saved.json()).toEqual({ url: 'https://hooks.example.test/keepwell' });
    expect(await storedWebhook()).toBe('https://hooks.example.test/keepwell');
    expect((await putWebhook(null)).status).toBe(200);
    expect(await storedWebhook()).toBeNull();
  });

  it('records every change of the URL in the audit log, without the secret part of the URL', async () => {
    const secret = uid('SECRETtoken');
    const before = await rows<{ id: number }>('SELECT id FROM audit_log');
    expect((await putWebhook(`https://hooks.slack.com/services/T000/B000/${secret}`)).status).toBe(200);
    expect((await putWebhook(null)).status).toBe(200);
    const entries = await rows<{ actor: string; action: string; entity: string; details: string }>(
      'SELECT actor, action, entity, details FROM audit_log WHERE id > ? ORDER BY id',
      Math.max(0, ...before.map((r) => r.id)),
    );
    expect(entries.map((e) => [e.actor, e.action, e.entity, JSON.parse(e.details)])).toEqual([
      ['admin-token', 'webhook.set', 'settings', { url: 'https://hooks.slack.com/…' }],
      ['admin-token', 'webhook.clear', 'settings', { url: null }],
    ]);
    expect(JSON.stringify(entries)).not.toContain(secret);
    const viaApi = await (await admin('/api/audit?entity=settings&limit=5')).json<{
      items: { action: string }[];
    }>();
    expect(viaApi.items.map((e) => e.action).slice(0, 2)).toEqual(['webhook.clear', 'webhook.set']);
  });

  it('queues a delivery for each newly raised alert and retries failed posts with growing delays', async () => {
    const id = uid('retry');
    expect((await putWebhook(`https://down.hooks.test/${id}`)).status).toBe(200);
    const { alert } = await someAlert();
    const queued = await rows<{ id: number }>(
      'SELECT id FROM webhook_deliveries WHERE alert_id = ?',
      alert.id,
    );
    expect(queued).toHaveLength(1);
    expect(await delivery(queued[0]!.id)).toMatchObject({ alertId: alert.id });

    // The target answers 503: retried after 30 s, then 2 min.
    const deliveryId = await pendingDelivery(alert.id);
    const first = await deliver(deliveryId);
    expect(first.explicitAcks).toEqual([]);
    expect(first.retryMessages).toEqual([{ msgId: `wh-${deliveryId}-1` }]);
    expect(first.retryDelays).toEqual({ [`wh-${deliveryId}-1`]: 30 });
    expect(await delivery(deliveryId)).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastStatus: 503,
      lastError: 'HTTP 503',
    });
    expect((await deliver(deliveryId, 2)).retryDelays).toEqual({ [`wh-${deliveryId}-2`]: 120 });
    expect(await delivery(deliveryId)).toMatchObject({ status: 'pending', attempts: 2 });

    // The fifth attempt is the last: the delivery fails for good and is visible to admins.
    await env.DB.prepare('UPDATE webhook_deliveries SET attempts = 4 WHERE id = ?').bind(deliveryId).run();
    const last = await deliver(deliveryId, 5);
    expect(last.explicitAcks).toEqual([`wh-${deliveryId}-5`]);
    expect(last.retryMessages).toEqual([]);
    expect(await delivery(deliveryId)).toMatchObject({ status: 'failed', attempts: 5 });
    const failed = await (await admin('/api/alerts/webhook/deliveries?status=failed')).json<{
      items: DeliveryBody[];
    }>();
    expect(failed.items.map((d) => d.id)).toContain(deliveryId);
    // A delivery that is no longer pending is acknowledged without posting again.
    const posted = (await hookRequests(id)).length;
    expect((await deliver(deliveryId, 6)).explicitAcks).toEqual([`wh-${deliveryId}-6`]);
    expect(await delivery(deliveryId)).toMatchObject({ status: 'failed', attempts: 5 });
    expect(await hookRequests(id)).toHaveLength(posted);
  });

  it('does not follow redirects: a 3xx fails the delivery and the redirect target is never requested', async () => {
    const id = uid('redirect');
    expect((await putWebhook(`https://redirect.hooks.test/${id}`)).status).toBe(200);
    const { alert } = await someAlert();
    const deliveryId = await pendingDelivery(alert.id);
    expect((await deliver(deliveryId)).explicitAcks).toEqual([`wh-${deliveryId}-1`]);
    expect(await delivery(deliveryId)).toMatchObject({
      status: 'failed',
      attempts: 1,
      lastStatus: 302,
      lastError: 'HTTP 302 (redirects are not followed)',
    });
    // Only the configured target was asked; the metadata address it redirects to was not.
    const sent = await hookRequests(id);
    expect(sent.map((r) => [r.method, r.url])).toContainEqual(['POST', `https://redirect.hooks.test/${id}`]);
    expect(sent.filter((r) => !r.url.startsWith('https://redirect.hooks.test/'))).toEqual([]);
  });

  it('aborts a target that never answers after the timeout and retries later', async () => {
    const id = uid('silent');
    expect((await putWebhook(`https://silent.hooks.test/${id}`)).status).toBe(200);
    const { alert } = await someAlert();
    const deliveryId = await pendingDelivery(alert.id);
    const started = Date.now();
    const retryIn = await deliverWebhook(env, deliveryId, { timeoutMs: 200 });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(retryIn).toBe(30);
    expect(await delivery(deliveryId)).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastStatus: null,
      lastError: 'no answer within 0.2 s (timed out)',
    });
    expect((await hookRequests(id)).map((r) => r.url)).toContain(`https://silent.hooks.test/${id}`);
    // The queue consumer uses the default: 10 s.
    expect(WEBHOOK_TIMEOUT_MS).toBe(10_000);
  });

  it('refuses at delivery time a stored URL that breaks the rules (saved before them), without fetching it', async () => {
    const { alert } = await someAlert();
    for (const stored of [
      `https://169.254.169.254/latest/meta-data/${uid('legacy')}`,
      `http://127.0.0.1:9/${uid('legacy')}`,
      `https://[::ffff:10.0.0.1]/${uid('legacy')}`,
    ]) {
      // As an install from before the URL rules may have it.
      await env.DB.prepare(
        `INSERT INTO settings (key, value, updated_at) VALUES ('alertWebhookUrl', ?, ?)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      )
        .bind(JSON.stringify(stored), Date.now())
        .run();
      const deliveryId = await pendingDelivery(alert.id);
      expect((await deliver(deliveryId)).explicitAcks).toEqual([`wh-${deliveryId}-1`]);
      const result = await delivery(deliveryId);
      expect(result).toMatchObject({ status: 'failed', attempts: 1, lastStatus: null });
      expect(result?.lastError).toMatch(/^refused: /);
      expect(await hookRequests(stored.slice(stored.lastIndexOf('/') + 1))).toEqual([]);
    }
  });

  it('posts Slack-compatible JSON to a real target and records the outcome of each response', async () => {
    const id = uid('slack');
    expect((await putWebhook(`https://ok.hooks.test/${id}`)).status).toBe(200);
    const { account: a, alert } = await someAlert();
    const okId = await pendingDelivery(alert.id);
    expect((await deliver(okId)).explicitAcks).toEqual([`wh-${okId}-1`]);
    expect(await delivery(okId)).toMatchObject({
      status: 'delivered',
      attempts: 1,
      lastStatus: 200,
      lastError: null,
    });
    const posted = (await hookRequests(id)).at(-1)!;
    expect(posted.method).toBe('POST');
    const payload = JSON.parse(posted.body) as { text: string; blocks: unknown[]; attachments: unknown[] };
    expect(payload.text).toContain(alert.title);
    expect(payload.blocks.length).toBeGreaterThan(0);
    expect(JSON.stringify(payload)).toContain(`Account ${a.externalId}`);
  });

  it('fails a 4xx at once, waits for Retry-After on a 5xx, and fails with the reason when turned off', async () => {
    const url = 'https://hooks.example.test/keepwell';
    expect((await putWebhook(url)).status).toBe(200);
    const { alert } = await someAlert();
    const fetchSpy = vi.spyOn(globalThis, 'fetch');

    // A 404 will not heal by waiting: failed at once.
    fetchSpy.mockImplementation(async () => new Response('no_service', { status: 404 }));
    const goneId = await pendingDelivery(alert.id);
    expect((await deliver(goneId)).explicitAcks).toEqual([`wh-${goneId}-1`]);
    expect(await delivery(goneId)).toMatchObject({
      status: 'failed',
      attempts: 1,
      lastStatus: 404,
      lastError: 'HTTP 404',
    });
    const [target, init] = fetchSpy.mock.calls.at(-1)!;
    expect(String(target)).toBe(url);
    expect(init).toMatchObject({ method: 'POST', redirect: 'manual' });
    expect(init?.signal).toBeInstanceOf(AbortSignal);

    // A 503 is retried, no sooner than the server's Retry-After.
    fetchSpy.mockImplementation(
      async () => new Response('busy', { status: 503, headers: { 'Retry-After': '300' } }),
    );
    const busyId = await pendingDelivery(alert.id);
    expect((await deliver(busyId)).retryDelays).toEqual({ [`wh-${busyId}-1`]: 300 });
    expect(await delivery(busyId)).toMatchObject({ status: 'pending', attempts: 1, lastStatus: 503 });

    // With the webhook turned off, a pending delivery fails with the reason.
    expect((await putWebhook(null)).status).toBe(200);
    const offId = await pendingDelivery(alert.id);
    const calls = fetchSpy.mock.calls.length;
    expect((await deliver(offId)).explicitAcks).toEqual([`wh-${offId}-1`]);
    expect(fetchSpy.mock.calls.length).toBe(calls);
    expect(await delivery(offId)).toMatchObject({ status: 'failed', lastError: 'no webhook URL configured' });
  });
});
