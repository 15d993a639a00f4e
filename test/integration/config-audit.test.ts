import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ALERT_RULES } from '../../shared/alerts';
import { createApp } from '../../worker/app';
import {
  ADMIN_TOKEN,
  admin,
  asSession,
  call,
  createMember,
  createSegment,
  listSegments,
  publishModel,
  rows,
  SEAT_MODEL,
  seedAccount,
  signIn,
  uid,
} from './helpers';
import { createSurvey } from './surveys-helpers';

/**
 * Every write route of /api and what the audit log must show for it: `action` for a change of
 * configuration, access or account work (performed here, and then an entry with that action and the
 * acting credential must exist), or `exempt` with the reason it writes no entry. Written out by hand: a new
 * write route missing here fails the first test, so each one gets a conscious decision.
 */
type Case = { action: string; run: () => Promise<Response> } | { exempt: string };

/** Things the cases act on, made once (after setup, which must run on an install without members). */
const fx = {
  accountExternalId: '',
  alertId: 0,
  featureId: 0,
  modelId: '',
  segmentId: '',
  surveyId: 0,
};

/** Secrets the cases handed out or sent: none may appear in any audit entry. */
const secrets: string[] = [];

const json = (path: string, method: string, body: unknown) => admin(path, { method, body });

async function created<T>(res: Response): Promise<T> {
  if (res.status >= 300) throw new Error(`${res.status} ${await res.text()}`);
  return res.json<T>();
}

const TABLE: Record<string, Case> = {
  // Access. Setup first: it works only while the install has no member.
  'POST /api/auth/setup': {
    action: 'member.setup',
    run: async () => {
      const password = uid('first-admin-password');
      secrets.push(password);
      return call('/api/auth/setup', {
        method: 'POST',
        headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ email: `${uid('owner')}@example.com`, name: 'Owner', password }),
      });
    },
  },
  'POST /api/members/invites': {
    action: 'invite.create',
    run: async () => {
      const res = await json('/api/members/invites', 'POST', {
        email: `${uid('inv')}@example.com`,
        role: 'csm',
      });
      const body = await res.clone().json<{ token: string }>();
      secrets.push(body.token);
      return res;
    },
  },
  'DELETE /api/members/invites/:id': {
    action: 'invite.revoke',
    run: async () => {
      const invite = await created<{ id: number; token: string }>(
        await json('/api/members/invites', 'POST', { email: `${uid('inv')}@example.com`, role: 'viewer' }),
      );
      secrets.push(invite.token);
      return admin(`/api/members/invites/${invite.id}`, { method: 'DELETE' });
    },
  },
  'POST /api/auth/invites/:token/accept': {
    action: 'invite.accept',
    run: async () => {
      const invite = await created<{ token: string }>(
        await json('/api/members/invites', 'POST', { email: `${uid('inv')}@example.com`, role: 'viewer' }),
      );
      const password = uid('invitee-password');
      secrets.push(invite.token, password);
      return call(`/api/auth/invites/${invite.token}/accept`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: 'Invitee', password }),
      });
    },
  },
  'PATCH /api/members/:id': {
    action: 'member.role',
    run: async () => {
      const member = await createMember({ role: 'viewer' });
      return json(`/api/members/${member.id}`, 'PATCH', { role: 'csm' });
    },
  },
  'POST /api/tokens': {
    action: 'token.create',
    run: async () => {
      const res = await json('/api/tokens', 'POST', { name: uid('token'), role: 'viewer' });
      secrets.push((await res.clone().json<{ token: string }>()).token);
      return res;
    },
  },
  'DELETE /api/tokens/:id': {
    action: 'token.revoke',
    run: async () => {
      const token = await created<{ id: number; token: string }>(
        await json('/api/tokens', 'POST', { name: uid('token'), role: 'viewer' }),
      );
      secrets.push(token.token);
      return admin(`/api/tokens/${token.id}`, { method: 'DELETE' });
    },
  },
  // Configuration.
  'POST /api/sources': {
    action: 'source.create',
    run: async () => {
      const res = await json('/api/sources', 'POST', { name: uid('source') });
      secrets.push((await res.clone().json<{ writeKey: string }>()).writeKey);
      return res;
    },
  },
  'DELETE /api/sources/:id': {
    action: 'source.revoke',
    run: async () => {
      const source = await created<{ id: string; writeKey: string }>(
        await json('/api/sources', 'POST', { name: uid('source') }),
      );
      secrets.push(source.writeKey);
      return admin(`/api/sources/${source.id}`, { method: 'DELETE' });
    },
  },
  'POST /api/demo': {
    action: 'demo.load',
    run: async () => {
      const res = await admin('/api/demo', { method: 'POST' });
      secrets.push((await res.clone().json<{ writeKey: string }>()).writeKey);
      return res;
    },
  },
  'DELETE /api/demo': { action: 'demo.remove', run: () => admin('/api/demo', { method: 'DELETE' }) },
  'PATCH /api/features/:id': {
    action: 'feature.update',
    run: () => json(`/api/features/${fx.featureId}`, 'PATCH', { module: 'reports', isCore: true }),
  },
  'POST /api/models': {
    action: 'model.create',
    run: () => json('/api/models', 'POST', { id: uid('model'), name: 'Audited', config: SEAT_MODEL }),
  },
  'POST /api/models/validate': { exempt: 'checks a model and writes nothing' },
  'PUT /api/models/:id/draft': {
    action: 'model.draft',
    run: () => json(`/api/models/${fx.modelId}/draft`, 'PUT', { name: 'Draft', config: SEAT_MODEL }),
  },
  'POST /api/models/:id/publish': {
    action: 'model.publish',
    run: async () => {
      await created(
        await json(`/api/models/${fx.modelId}/draft`, 'PUT', { name: 'Next', config: SEAT_MODEL }),
      );
      return admin(`/api/models/${fx.modelId}/publish`, { method: 'POST' });
    },
  },
  'POST /api/models/:id/rollback': {
    action: 'model.rollback',
    run: async () => {
      const res = await admin(`/api/models/${fx.modelId}/rollback`, { body: { version: 1, note: 'back' } });
      if (res.status === 409) {
        await admin(`/api/models/${fx.modelId}/draft`, { method: 'DELETE' });
        return admin(`/api/models/${fx.modelId}/rollback`, { body: { version: 1, note: 'back' } });
      }
      return res;
    },
  },
  'POST /api/models/:id/preview': { exempt: 'scores a draft beside the published model and writes nothing' },
  'POST /api/models/:id/backtest': { exempt: 'scores past renewals and writes nothing' },
  'POST /api/models/:id/calibrate': {
    action: 'model.draft',
    run: async () => {
      // Two decided renewals, scored 90 days before they were due: the least a calibration takes.
      const day = new Date(Date.now() - 40 * 86_400_000).toISOString().slice(0, 10);
      const due = new Date(Date.parse(day) + 90 * 86_400_000).toISOString().slice(0, 10);
      for (const [active, outcome] of [
        [4, 'renewed'],
        [1, 'churned'],
      ] as const) {
        const a = await seedAccount({ seats: 5, users: Array.from({ length: active }, () => 60_000), day });
        await created(
          await json('/api/contracts', 'POST', {
            accountExternalId: a.externalId,
            externalId: uid('contract'),
            periodStart: '2025-01-01',
            periodEnd: due,
            amountMinor: 100,
            currency: 'USD',
            interval: 'year',
            outcome,
          }),
        );
      }
      return json(`/api/models/${fx.modelId}/calibrate`, 'POST', { minOutcomes: 2 });
    },
  },
  'DELETE /api/models/:id/draft': {
    action: 'model.discard_draft',
    run: async () => {
      await created(
        await json(`/api/models/${fx.modelId}/draft`, 'PUT', { name: 'Scrap', config: SEAT_MODEL }),
      );
      return admin(`/api/models/${fx.modelId}/draft`, { method: 'DELETE' });
    },
  },
  'POST /api/segments': {
    action: 'segment.create',
    run: () =>
      json('/api/segments', 'POST', {
        id: uid('seg'),
        name: 'Audited',
        order: 50,
        conditions: [{ field: 'plan', op: 'eq', value: uid('plan') }],
        modelId: fx.modelId,
      }),
  },
  'PUT /api/segments': {
    action: 'segments.replace',
    run: async () => json('/api/segments', 'PUT', { items: await listSegments() }),
  },
  'PATCH /api/segments/:id': {
    action: 'segment.update',
    run: () => json(`/api/segments/${fx.segmentId}`, 'PATCH', { name: 'Renamed' }),
  },
  'DELETE /api/segments/:id': {
    action: 'segment.delete',
    run: async () => {
      const segment = await createSegment({
        conditions: [{ field: 'plan', op: 'eq', value: 'x' }],
        modelId: fx.modelId,
      });
      return admin(`/api/segments/${segment.id}`, { method: 'DELETE' });
    },
  },
  'POST /api/segments/reorder': {
    action: 'segments.reorder',
    run: async () => {
      const ids = (await listSegments()).filter((s) => !s.isDefault).map((s) => s.id);
      return json('/api/segments/reorder', 'POST', { ids: ids.reverse() });
    },
  },
  'PUT /api/alerts/rules/:ruleId': {
    action: 'alert_rule.update',
    run: async () => {
      const { id, ...rule } = DEFAULT_ALERT_RULES.find((r) => r.id === 'nps-passive')!;
      return json(`/api/alerts/rules/${id}`, 'PUT', { ...rule, playbook: 'Ask what would make it a 10.' });
    },
  },
  'PUT /api/alerts/webhook': {
    action: 'webhook.set',
    run: async () => {
      const secret = uid('slackSecret');
      secrets.push(secret);
      return json('/api/alerts/webhook', 'PUT', { url: `https://hooks.slack.com/services/T0/B0/${secret}` });
    },
  },
  'PUT /api/settings/tiers': {
    action: 'settings.tiers',
    run: () =>
      json('/api/settings/tiers', 'PUT', { tiers: [{ key: 'red', name: 'At risk', color: '#dc2626' }] }),
  },
  'PUT /api/settings/transitions': {
    action: 'settings.transitions',
    run: () => json('/api/settings/transitions', 'PUT', { hysteresisDays: 7 }),
  },
  'PUT /api/settings/revenue': {
    action: 'settings.revenue',
    run: async () => {
      const current = await (await admin('/api/settings/revenue')).json<object>();
      return json('/api/settings/revenue', 'PUT', { ...current, grossMarginRate: 0.75 });
    },
  },
  // Commercial records: synced from finance, support and CRM systems, so who wrote what is kept.
  'POST /api/contracts': {
    action: 'contract.upsert',
    run: () =>
      json('/api/contracts', 'POST', {
        accountExternalId: fx.accountExternalId,
        externalId: uid('contract'),
        periodStart: '2026-01-01',
        periodEnd: '2026-12-31',
        amountMinor: 100_000,
        currency: 'USD',
        interval: 'year',
      }),
  },
  'POST /api/tickets': {
    action: 'ticket.upsert',
    run: () =>
      json('/api/tickets', 'POST', {
        accountExternalId: fx.accountExternalId,
        externalId: uid('ticket'),
        openedAt: '2026-03-01T09:00:00Z',
      }),
  },
  'POST /api/cs-costs': {
    action: 'cs_cost.upsert',
    run: () =>
      json('/api/cs-costs', 'POST', {
        externalId: uid('cost'),
        periodStart: '2026-03-01',
        periodEnd: '2026-03-31',
        amountMinor: 100,
        currency: 'USD',
      }),
  },
  'POST /api/leads': {
    action: 'lead.upsert',
    run: () =>
      json('/api/leads', 'POST', {
        accountExternalId: fx.accountExternalId,
        externalId: uid('lead'),
        title: 'Seats',
        submittedOn: '2026-03-01',
        status: 'submitted',
      }),
  },
  'POST /api/advocacy': {
    action: 'advocacy.upsert',
    run: () =>
      json('/api/advocacy', 'POST', {
        accountExternalId: fx.accountExternalId,
        externalId: uid('adv'),
        kind: 'testimonial',
        occurredOn: '2026-03-01',
      }),
  },
  'POST /api/imports/:kind': {
    action: 'ticket.import',
    run: () =>
      json('/api/imports/tickets', 'POST', {
        csv: `accountExternalId,externalId,openedAt\n${fx.accountExternalId},${uid('t')},2026-03-01T09:00:00Z`,
        dryRun: false,
      }),
  },
  'POST /api/surveys': {
    action: 'create',
    run: async () => {
      const secret = uid('surveyHookSecret');
      secrets.push(secret);
      return json('/api/surveys', 'POST', {
        type: 'nps',
        name: uid('survey'),
        webhookUrl: `https://hooks.example.test/${secret}`,
      });
    },
  },
  'PATCH /api/surveys/:id': {
    action: 'update',
    run: async () => {
      const secret = uid('surveyHookSecret');
      secrets.push(secret);
      return json(`/api/surveys/${fx.surveyId}`, 'PATCH', {
        name: 'Renamed',
        webhookUrl: `https://hooks.example.test/${secret}`,
      });
    },
  },
  'POST /api/surveys/:id/links': {
    action: 'links',
    run: async () => {
      const res = await json(`/api/surveys/${fx.surveyId}/links`, 'POST', {
        accounts: [fx.accountExternalId],
      });
      const { links } = await res.clone().json<{ links: { url: string }[] }>();
      secrets.push(...links.map((l) => l.url.slice(l.url.lastIndexOf('/') + 1)));
      return res;
    },
  },
  'POST /api/surveys/:id/invitations': {
    action: 'invitations',
    run: async () => {
      const email = `${uid('invited')}@example.com`;
      const res = await json(`/api/surveys/${fx.surveyId}/links`, 'POST', {
        contacts: [{ email, accountExternalId: fx.accountExternalId }],
      });
      const { links } = await res.json<{ links: { id: number; url: string }[] }>();
      secrets.push(...links.map((l) => l.url.slice(l.url.lastIndexOf('/') + 1)));
      return json(`/api/surveys/${fx.surveyId}/invitations`, 'POST', { linkIds: links.map((l) => l.id) });
    },
  },
  // Mail: the provider's key is write-only and never in the log.
  'PUT /api/settings/mail': {
    action: 'settings.mail',
    run: () => {
      const key = uid('mail-api-key-secret');
      secrets.push(key);
      return json('/api/settings/mail', 'PUT', { provider: 'local', httpApiKey: key });
    },
  },
  'POST /api/settings/mail/test': {
    action: 'mail.test',
    run: () => json('/api/settings/mail/test', 'POST', { to: 'ops@example.com' }),
  },
  'PUT /api/mail/preferences': {
    action: 'mail.preferences',
    run: async () => {
      const member = await createMember({ role: 'csm' });
      const session = await signIn(member.email, member.password);
      return asSession(session, '/api/mail/preferences', { method: 'PUT', body: { locale: 'zh' } });
    },
  },
  // Account work.
  'POST /api/accounts/:externalId/rating': {
    action: 'rating.create',
    run: () => json(`/api/accounts/${fx.accountExternalId}/rating`, 'POST', { stars: 4 }),
  },
  'POST /api/accounts/:externalId/override': {
    action: 'override.create',
    run: () =>
      json(`/api/accounts/${fx.accountExternalId}/override`, 'POST', {
        tier: 'red',
        reason: 'Champion left',
        expiresAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      }),
  },
  'DELETE /api/accounts/:externalId/override': {
    action: 'override.clear',
    run: () => admin(`/api/accounts/${fx.accountExternalId}/override`, { method: 'DELETE' }),
  },
  'POST /api/alerts/:id/assign': {
    action: 'alert.assign',
    run: () => json(`/api/alerts/${fx.alertId}/assign`, 'POST', { assignee: 'csm@example.com' }),
  },
  'POST /api/alerts/:id/snooze': {
    action: 'alert.snooze',
    run: () =>
      json(`/api/alerts/${fx.alertId}/snooze`, 'POST', {
        until: new Date(Date.now() + 86_400_000).toISOString(),
      }),
  },
  // Before the close below: a bulk action skips a closed alert, and writes no entry for it.
  'POST /api/alerts/bulk': {
    action: 'alert.snooze',
    run: () => json('/api/alerts/bulk', 'POST', { action: 'snooze', ids: [fx.alertId], preset: '1d' }),
  },
  'POST /api/alerts/:id/close': {
    action: 'alert.close',
    run: () => json(`/api/alerts/${fx.alertId}/close`, 'POST', { note: 'handled' }),
  },
  'POST /api/accounts/:externalId/rescore': {
    action: 'account.rescore',
    run: () => admin(`/api/accounts/${fx.accountExternalId}/rescore`, { method: 'POST' }),
  },
  'POST /api/accounts/:externalId/touchpoints': {
    exempt: 'account work that is its own record: the touchpoint row keeps its author and time',
  },
  'POST /api/accounts/:externalId/contacts': {
    action: 'contact.create',
    run: () => json(`/api/accounts/${fx.accountExternalId}/contacts`, 'POST', { name: 'Audit Person' }),
  },
  'PATCH /api/contacts/:id': {
    action: 'contact.update',
    run: async () => {
      const contact = await created<{ id: string }>(
        await json(`/api/accounts/${fx.accountExternalId}/contacts`, 'POST', { name: 'Role me' }),
      );
      return json(`/api/contacts/${contact.id}`, 'PATCH', { roles: ['champion'] });
    },
  },
  'POST /api/alerts/:id/task': {
    exempt: 'account work that is its own record: the task row keeps its creator, time and alert',
  },
  'POST /api/tasks': {
    exempt: 'account work that is its own record: the task row keeps its creator and time',
  },
  'PATCH /api/tasks/:id': {
    action: 'task.update',
    run: async () => {
      const task = await created<{ id: number }>(
        await json('/api/tasks', 'POST', {
          accountExternalId: fx.accountExternalId,
          title: 'Audit me',
          dueDate: '2026-01-01',
        }),
      );
      return json(`/api/tasks/${task.id}`, 'PATCH', { status: 'done' });
    },
  },
  'POST /api/accounts/:externalId/goals': {
    action: 'goal.create',
    run: () =>
      json(`/api/accounts/${fx.accountExternalId}/goals`, 'POST', {
        title: 'Goal',
        targetDate: '2026-12-01',
      }),
  },
  'PATCH /api/goals/:id': {
    action: 'goal.update',
    run: async () => {
      const goal = await created<{ id: number }>(
        await json(`/api/accounts/${fx.accountExternalId}/goals`, 'POST', {
          title: 'G',
          targetDate: '2026-12-01',
        }),
      );
      return json(`/api/goals/${goal.id}`, 'PATCH', { status: 'on_track' });
    },
  },
  'DELETE /api/goals/:id': {
    action: 'goal.delete',
    run: async () => {
      const goal = await created<{ id: number }>(
        await json(`/api/accounts/${fx.accountExternalId}/goals`, 'POST', {
          title: 'G',
          targetDate: '2026-12-01',
        }),
      );
      return admin(`/api/goals/${goal.id}`, { method: 'DELETE' });
    },
  },
  // Neither configuration nor access.
  'POST /api/auth/sign-in': { exempt: 'a session, not a change (audited as auth.sign_in by the auth flow)' },
  'POST /api/auth/sign-out': { exempt: 'ends a session, changes nothing' },
  'POST /api/auth/password': {
    exempt: "the member's own credential (audited as member.password by the auth flow)",
  },
  'POST /api/public/surveys/:token': { exempt: "a customer's answer, stored as a survey response" },
  'POST /api/metrics': { exempt: 'data pushed for accounts (business outcomes), not configuration' },
  'POST /api/custom-metrics': { exempt: 'data pushed for accounts (business outcomes), not configuration' },
  'POST /api/accounts/:externalId/metrics': { exempt: 'data pushed for an account, not configuration' },
  // Scoring writes history (asOf runs, backfills), so who started what is kept.
  'POST /api/scoring/run': {
    action: 'scoring.run',
    run: () => json('/api/scoring/run', 'POST', {}),
  },
  'POST /api/scoring/backfill': {
    action: 'scoring.backfill',
    run: () => json('/api/scoring/backfill', 'POST', { days: 2 }),
  },
  'POST /api/ingest/failures/:id/replay': {
    exempt: 'an operation on a dead message, recorded on the failure row',
  },
  // A replay rewrites every account's usage of its days.
  'POST /api/ingest/replays': {
    action: 'ingest.replay',
    run: () => json('/api/ingest/replays', 'POST', { from: '2025-01-01', to: '2025-01-01' }),
  },
};

/** Every /api route that is not a read, as `METHOD /path`, in registration order. */
const WRITE_ROUTES = [
  ...new Set(
    createApp()
      .routes.filter((r) => !['ALL', 'GET', 'HEAD'].includes(r.method) && r.path.startsWith('/api'))
      .map((r) => `${r.method} ${r.path}`),
  ),
];

const AUDITED = Object.entries(TABLE).flatMap(([route, c]) => ('action' in c ? [[route, c] as const] : []));

const lastAuditId = async () =>
  (await rows<{ id: number }>('SELECT max(id) AS id FROM audit_log'))[0]?.id ?? 0;

beforeAll(async () => {
  // Setup must be the first member; everything else is made after it.
  const setup = TABLE['POST /api/auth/setup'] as { run: () => Promise<Response> };
  const res = await setup.run();
  if (res.status !== 201) throw new Error(`setup: ${res.status} ${await res.text()}`);
  const account = await seedAccount();
  fx.accountExternalId = account.externalId;
  fx.modelId = await publishModel(SEAT_MODEL);
  fx.segmentId = (
    await createSegment({ conditions: [{ field: 'plan', op: 'eq', value: 'y' }], modelId: fx.modelId })
  ).id;
  fx.surveyId = (await createSurvey()).id;
  const feature = await env.DB.prepare(
    `INSERT INTO features (key, name, kind, first_seen_at) VALUES (?, ?, 'track', ?) RETURNING id`,
  )
    .bind(uid('Report Exported'), 'Report Exported', Date.now())
    .first<{ id: number }>();
  fx.featureId = feature!.id;
  const alert = await env.DB.prepare(
    `INSERT INTO alerts (account_id, rule_id, status, severity, title, detail, playbook, period, created_at, updated_at)
     VALUES (?, 'stale-data', 'open', 'warning', 'Stale', 'No events', 'Call them', '2026-01-01', ?, ?) RETURNING id`,
  )
    .bind(account.id, Date.now(), Date.now())
    .first<{ id: number }>();
  fx.alertId = alert!.id;
});

describe('configuration audit', () => {
  it('every /api write route is in the table: audited with an action, or exempt with a reason', () => {
    expect(WRITE_ROUTES.length).toBeGreaterThan(30);
    expect(WRITE_ROUTES.filter((r) => !(r in TABLE))).toEqual([]);
    // And the table names no route that no longer exists.
    expect(Object.keys(TABLE).filter((r) => !WRITE_ROUTES.includes(r))).toEqual([]);
  });

  it('setup wrote its audit entry', async () => {
    const entries = await rows<{ action: string }>(
      "SELECT action FROM audit_log WHERE action = 'member.setup'",
    );
    expect(entries).toHaveLength(1);
  });

  it.each(AUDITED.filter(([route]) => route !== 'POST /api/auth/setup'))(
    '%s writes an audit entry',
    async (_route, c) => {
      const before = await lastAuditId();
      const res = await c.run();
      expect(res.status, await res.clone().text()).toBeLessThan(300);
      const entries = await rows<{ action: string; actor: string }>(
        'SELECT action, actor FROM audit_log WHERE id > ? ORDER BY id',
        before,
      );
      expect(entries.map((e) => e.action)).toContain(c.action);
      expect(entries.find((e) => e.action === c.action)?.actor).toMatch(/\S/);
    },
  );

  it('no audit entry holds a secret: write keys, tokens, passwords, link tokens, webhook URL paths', async () => {
    expect(secrets.length).toBeGreaterThan(10);
    const all = JSON.stringify(await rows('SELECT * FROM audit_log'));
    expect(secrets.filter((s) => all.includes(s))).toEqual([]);
  });
});
