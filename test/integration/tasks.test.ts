import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ALERT_RULES } from '../../shared/alerts';
import type { Task, TaskCounts, TaskPage } from '../../shared/contracts/tasks';
import { addDays } from '../../shared/time';
import {
  admin,
  asSession,
  createApiToken,
  createMember,
  errorCode,
  rows,
  runScoring,
  seedAccount,
  signIn,
  today,
  uid,
  yesterday,
} from './helpers';
import { answer, createSurvey, surveyAccount } from './surveys-helpers';

/** A signed-in CSM: tasks `owner=me` are theirs. */
async function csmSession() {
  const m = await createMember({ role: 'csm' });
  return signIn(m.email, m.password);
}

/** An open alert on the account, inserted as a scoring run would. */
async function seedAlert(accountId: number, opts: { severity?: string; assignee?: string | null } = {}) {
  const now = Date.now();
  const row = await env.DB.prepare(
    `INSERT INTO alerts (account_id, rule_id, status, severity, title, detail, playbook, assignee, period, created_at, updated_at)
     VALUES (?, ?, 'open', ?, ?, 'detail', 'playbook', ?, ?, ?, ?) RETURNING id`,
  )
    .bind(
      accountId,
      uid('rule'),
      opts.severity ?? 'critical',
      `Alert ${uid('t')}`,
      opts.assignee ?? null,
      today(),
      now,
      now,
    )
    .first<{ id: number }>();
  return row!.id;
}

const json = <T>(res: Response) => res.json<T>();

describe('tasks API', () => {
  it('POST /api/tasks creates a task owned by the caller, and GET lists it with its account and alert', async () => {
    const s = await csmSession();
    const acct = await seedAccount();
    const alertId = await seedAlert(acct.id);
    const res = await asSession(s, '/api/tasks', {
      body: { accountExternalId: acct.externalId, title: 'Call the sponsor', dueDate: today(), alertId },
    });
    expect(res.status).toBe(201);
    const task = await json<Task>(res);
    expect(task).toMatchObject({
      account: acct.externalId,
      title: 'Call the sponsor',
      ownerEmail: s.member.email,
      priority: 'normal',
      status: 'open',
      source: 'manual',
      alertId,
      completedAt: null,
    });
    expect(task.alertTitle).toMatch(/^Alert /);
    const page = await json<TaskPage>(await asSession(s, '/api/tasks?owner=me&status=open'));
    expect(page.items.map((t) => t.id)).toEqual([task.id]);
    expect(page.items[0]!.accountName).toBeTruthy();
  });

  it('POST /api/tasks answers 404 for an unknown account and 400 for a bad day, field or foreign alert', async () => {
    const s = await csmSession();
    const acct = await seedAccount();
    const other = await seedAccount();
    const otherAlert = await seedAlert(other.id);
    const base = { accountExternalId: acct.externalId, title: 'x', dueDate: today() };
    const cases: [unknown, number][] = [
      [{ ...base, accountExternalId: 'no-such-account' }, 404],
      [{ ...base, dueDate: '2026-02-30' }, 400],
      [{ ...base, dueDate: 'tomorrow' }, 400],
      [{ ...base, title: '  ' }, 400],
      [{ ...base, priority: 'asap' }, 400],
      [{ ...base, ownerEmail: 'not an email' }, 400],
      [{ ...base, extra: 1 }, 400],
      [{ ...base, alertId: otherAlert }, 400],
      [{ ...base, alertId: 999_999_999 }, 400],
    ];
    for (const [body, status] of cases) {
      const res = await asSession(s, '/api/tasks', { body });
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(await errorCode(res)).toBe(status === 404 ? 'NOT_FOUND' : 'VALIDATION_FAILED');
    }
    expect(await rows('SELECT id FROM tasks WHERE account_id = ?', acct.id)).toEqual([]);
  });

  it('GET /api/tasks filters by due window from today and pages by due day with a cursor', async () => {
    const s = await csmSession();
    const acct = await seedAccount();
    const t0 = today();
    const days = [addDays(t0, -3), addDays(t0, -1), t0, addDays(t0, 2), addDays(t0, 6), addDays(t0, 7)];
    for (const [i, dueDate] of days.entries()) {
      const res = await asSession(s, '/api/tasks', {
        body: { accountExternalId: acct.externalId, title: `T${i}`, dueDate },
      });
      expect(res.status).toBe(201);
    }
    const titles = async (q: string) =>
      (await json<TaskPage>(await asSession(s, `/api/tasks?owner=me&${q}`))).items.map((t) => t.title);
    expect(await titles('due=overdue')).toEqual(['T0', 'T1']);
    expect(await titles('due=today')).toEqual(['T2']);
    expect(await titles('due=week')).toEqual(['T2', 'T3', 'T4']);
    expect(await titles(`account=${acct.externalId}`)).toHaveLength(6);

    const seen: string[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const page: TaskPage = await json<TaskPage>(
        await asSession(s, `/api/tasks?owner=me&limit=4${cursor ? `&cursor=${cursor}` : ''}`),
      );
      seen.push(...page.items.map((t) => t.title));
      cursor = page.nextCursor;
    }
    expect(seen).toEqual(['T0', 'T1', 'T2', 'T3', 'T4', 'T5']);
    expect((await asSession(s, '/api/tasks?cursor=nonsense')).status).toBe(400);
    expect((await asSession(s, '/api/tasks?due=tomorrow')).status).toBe(400);

    const counts = await json<TaskCounts>(await asSession(s, '/api/tasks/counts?owner=me'));
    expect(counts).toEqual({ overdue: 2, today: 1, week: 3 });
  });

  it('PATCH /api/tasks/:id completes (stamping completedAt), reopens (clearing it) and reschedules', async () => {
    const s = await csmSession();
    const acct = await seedAccount();
    const task = await json<Task>(
      await asSession(s, '/api/tasks', {
        body: { accountExternalId: acct.externalId, title: 'QBR', dueDate: today() },
      }),
    );
    const done = await asSession(s, `/api/tasks/${task.id}`, { method: 'PATCH', body: { status: 'done' } });
    expect(done.status).toBe(200);
    const doneTask = await json<Task>(done);
    expect(doneTask.status).toBe('done');
    expect(doneTask.completedAt).not.toBeNull();
    const counts = await json<TaskCounts>(await asSession(s, '/api/tasks/counts'));
    expect(counts.today).toBe(0);

    const reopened = await json<Task>(
      await asSession(s, `/api/tasks/${task.id}`, {
        method: 'PATCH',
        body: { status: 'open', dueDate: addDays(today(), 3), priority: 'high' },
      }),
    );
    expect(reopened).toMatchObject({
      status: 'open',
      completedAt: null,
      priority: 'high',
      dueDate: addDays(today(), 3),
    });

    expect((await asSession(s, `/api/tasks/${task.id}`, { method: 'PATCH', body: {} })).status).toBe(400);
    expect(
      (await asSession(s, `/api/tasks/${task.id}`, { method: 'PATCH', body: { dueDate: '2026-13-01' } }))
        .status,
    ).toBe(400);
    expect(
      (await asSession(s, `/api/tasks/${task.id}`, { method: 'PATCH', body: { status: 'later' } })).status,
    ).toBe(400);
    expect(
      (await asSession(s, '/api/tasks/999999999', { method: 'PATCH', body: { status: 'done' } })).status,
    ).toBe(404);
    expect((await asSession(s, '/api/tasks/999999999')).status).toBe(404);
    const [audit] = await rows<{ action: string }>(
      "SELECT action FROM audit_log WHERE entity = 'task' AND entity_id = ? ORDER BY id",
      String(task.id),
    );
    expect(audit?.action).toBe('task.update');
  });

  it('viewers read no tasks; CSMs do', async () => {
    const viewer = await createApiToken('viewer');
    const res = await admin('/api/tasks', { token: viewer.token });
    expect(res.status).toBe(403);
    const csm = await createApiToken('csm');
    expect((await admin('/api/tasks', { token: csm.token })).status).toBe(200);
  });
});

describe('turning an alert into a task', () => {
  it('creates the task once: owner the assignee, due today for critical; a repeat answers 200 with it', async () => {
    const s = await csmSession();
    const acct = await seedAccount();
    const alertId = await seedAlert(acct.id, { severity: 'critical', assignee: 'Kim@Example.com' });
    const first = await asSession(s, `/api/alerts/${alertId}/task`, { body: {} });
    expect(first.status).toBe(201);
    const task = await json<Task>(first);
    expect(task).toMatchObject({
      alertId,
      source: 'alert',
      ownerEmail: 'kim@example.com',
      dueDate: today(),
      priority: 'urgent',
    });
    const again = await asSession(s, `/api/alerts/${alertId}/task`, { body: {} });
    expect(again.status).toBe(200);
    expect((await json<Task>(again)).id).toBe(task.id);
    expect(await rows('SELECT id FROM tasks WHERE alert_id = ?', alertId)).toHaveLength(1);
    expect((await asSession(s, '/api/alerts/999999999/task', { body: {} })).status).toBe(404);
    expect((await asSession(s, '/api/alerts/abc/task', { body: {} })).status).toBe(400);
  });

  it("falls back to the account's owner and gives an info alert three days", async () => {
    const s = await csmSession();
    const acct = await seedAccount();
    await env.DB.prepare('UPDATE accounts SET owner_email = ? WHERE id = ?')
      .bind('owner@example.com', acct.id)
      .run();
    const alertId = await seedAlert(acct.id, { severity: 'info' });
    const task = await json<Task>(await asSession(s, `/api/alerts/${alertId}/task`, { body: {} }));
    expect(task).toMatchObject({
      ownerEmail: 'owner@example.com',
      dueDate: addDays(today(), 3),
      priority: 'normal',
    });
  });

  it('the account timeline shows the alert and its task, created and completed', async () => {
    const s = await csmSession();
    const acct = await seedAccount();
    const alertId = await seedAlert(acct.id);
    const task = await json<Task>(await asSession(s, `/api/alerts/${alertId}/task`, { body: {} }));
    await asSession(s, `/api/tasks/${task.id}`, { method: 'PATCH', body: { status: 'done' } });
    const timeline = await json<{ items: { kind: string; meta: Record<string, unknown> }[] }>(
      await admin(`/api/accounts/${acct.externalId}/timeline`),
    );
    const kinds = timeline.items.map((i) => `${i.kind}:${i.meta.event}`);
    expect(kinds).toEqual(expect.arrayContaining(['alert:raised', 'task:created', 'task:completed']));
    expect(timeline.items.find((i) => i.kind === 'task')?.meta.alertId).toBe(alertId);
  });
});

/** Sets a rule's task templates for the test's duration, then restores the rule. */
async function withTemplates(ruleId: string, tasks: unknown[], run: () => Promise<void>) {
  const { id: _id, ...rule } = DEFAULT_ALERT_RULES.find((r) => r.id === ruleId)!;
  const put = (body: unknown) => admin(`/api/alerts/rules/${ruleId}`, { method: 'PUT', body });
  expect((await put({ ...rule, tasks })).status).toBe(200);
  try {
    await run();
  } finally {
    await put(rule);
  }
}

describe('playbook automation', () => {
  it('a rule refuses more than ten templates and keeps them in order', async () => {
    const { id: _id, ...rule } = DEFAULT_ALERT_RULES.find((r) => r.id === 'stale-data')!;
    const eleven = Array.from({ length: 11 }, (_, i) => ({ title: `Step ${i}`, dueInDays: i }));
    const res = await admin('/api/alerts/rules/stale-data', {
      method: 'PUT',
      body: { ...rule, tasks: eleven },
    });
    expect(res.status).toBe(400);
  });

  it('a scoring run that raises a new alert creates its playbook tasks, once', async () => {
    const templates = [
      { title: 'Check the integration', dueInDays: 0, priority: 'high' },
      { title: 'Email the admin', dueInDays: 2 },
    ];
    await withTemplates('stale-data', templates, async () => {
      const a = await seedAccount({ seats: 5, users: [600_000], day: addDays(yesterday(), -20) });
      // The owner is a member (alerts of an owner who is not stay unassigned, and so do their tasks).
      const owner = await createMember({ role: 'csm' });
      await env.DB.prepare('UPDATE accounts SET owner_email = ? WHERE id = ?')
        .bind(owner.email.toUpperCase(), a.id)
        .run();
      await runScoring();
      const made = await rows<{
        title: string;
        due_date: string;
        priority: string;
        source: string;
        owner_email: string;
        rule_id: string;
        alert_id: number;
      }>(
        'SELECT title, due_date, priority, source, owner_email, rule_id, alert_id FROM tasks WHERE account_id = ? ORDER BY id',
        a.id,
      );
      expect(made.map(({ alert_id: _a, ...t }) => t)).toEqual([
        {
          title: 'Check the integration',
          due_date: today(),
          priority: 'high',
          source: 'playbook',
          owner_email: owner.email,
          rule_id: 'stale-data',
        },
        {
          title: 'Email the admin',
          due_date: addDays(today(), 2),
          priority: 'normal',
          source: 'playbook',
          owner_email: owner.email,
          rule_id: 'stale-data',
        },
      ]);
      const [alert] = await rows<{ id: number }>(
        "SELECT id FROM alerts WHERE account_id = ? AND rule_id = 'stale-data'",
        a.id,
      );
      expect(made.every((t) => t.alert_id === alert!.id)).toBe(true);
      await runScoring();
      expect(await rows('SELECT id FROM tasks WHERE account_id = ?', a.id)).toHaveLength(2);
    });
  });

  it('a detractor answer that raises an alert creates the rule’s tasks', async () => {
    await withTemplates(
      'nps-detractor',
      [{ title: 'Call the detractor', dueInDays: 1, priority: 'urgent' }],
      async () => {
        const acct = await surveyAccount();
        const survey = await createSurvey({ name: 'Tasks NPS' });
        await answer(survey.id, acct.externalId, 2);
        const made = await rows<{ title: string; due_date: string; owner_email: string; source: string }>(
          'SELECT title, due_date, owner_email, source FROM tasks WHERE account_id = ?',
          acct.id,
        );
        expect(made).toEqual([
          {
            title: 'Call the detractor',
            due_date: addDays(today(), 1),
            owner_email: acct.ownerEmail.toLowerCase(),
            source: 'playbook',
          },
        ]);
      },
    );
  });
});

describe('touchpoint follow-up', () => {
  it('creates a linked task with the touchpoint, and a bad follow-up writes neither', async () => {
    const s = await csmSession();
    const acct = await seedAccount();
    const base = { kind: 'call', occurredAt: new Date().toISOString(), summary: 'Kick-off' };
    const bad = await asSession(s, `/api/accounts/${acct.externalId}/touchpoints`, {
      body: { ...base, followUp: { title: 'Send notes', dueDate: '2026-02-31' } },
    });
    expect(bad.status).toBe(400);
    expect(await rows('SELECT id FROM touchpoints WHERE account_id = ?', acct.id)).toEqual([]);

    const res = await asSession(s, `/api/accounts/${acct.externalId}/touchpoints`, {
      body: { ...base, followUp: { title: 'Send notes', dueDate: addDays(today(), 1) } },
    });
    expect(res.status).toBe(201);
    const tp = await json<{ id: number; followUpTaskId: number }>(res);
    const task = await json<Task>(await asSession(s, `/api/tasks/${tp.followUpTaskId}`));
    expect(task).toMatchObject({
      touchpointId: tp.id,
      source: 'touchpoint',
      title: 'Send notes',
      ownerEmail: s.member.email,
    });

    const plain = await json<{ followUpTaskId: number | null }>(
      await asSession(s, `/api/accounts/${acct.externalId}/touchpoints`, { body: base }),
    );
    expect(plain.followUpTaskId).toBeNull();
  });
});
