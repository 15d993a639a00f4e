import { describe, expect, it } from 'vitest';
import type { Goal } from '../../shared/contracts/tasks';
import { admin, createApiToken, errorCode, rows, seedAccount } from './helpers';

describe('success plans', () => {
  it('CSMs add, change and delete goals; every change is in the audit log', async () => {
    const csm = await createApiToken('csm');
    const acct = await seedAccount();
    const path = `/api/accounts/${acct.externalId}/goals`;
    const created = await admin(path, {
      token: csm.token,
      body: { title: 'Annual data report', targetDate: '2026-12-01', note: 'Board pack' },
    });
    expect(created.status).toBe(201);
    const goal = await created.json<Goal>();
    expect(goal).toMatchObject({ account: acct.externalId, status: 'planned', note: 'Board pack' });
    await admin(path, { token: csm.token, body: { title: 'Onboarding done', targetDate: '2026-06-01' } });

    const list = await (await admin(path)).json<{ items: Goal[] }>();
    expect(list.items.map((g) => g.title)).toEqual(['Onboarding done', 'Annual data report']);

    const patched = await admin(`/api/goals/${goal.id}`, {
      token: csm.token,
      method: 'PATCH',
      body: { status: 'at_risk', note: null },
    });
    expect(patched.status).toBe(200);
    expect(await patched.json<Goal>()).toMatchObject({ status: 'at_risk', note: null });

    expect((await admin(`/api/goals/${goal.id}`, { token: csm.token, method: 'DELETE' })).status).toBe(204);
    expect((await admin(`/api/goals/${goal.id}`, { token: csm.token, method: 'DELETE' })).status).toBe(404);
    const audit = await rows<{ action: string }>(
      "SELECT action FROM audit_log WHERE entity = 'goal' AND entity_id = ? ORDER BY id",
      String(goal.id),
    );
    expect(audit.map((a) => a.action)).toEqual(['goal.create', 'goal.update', 'goal.delete']);
  });

  it('refuses bad input with 400 and unknown accounts or goals with 404, writing nothing', async () => {
    const acct = await seedAccount();
    const path = `/api/accounts/${acct.externalId}/goals`;
    const bad = [
      { title: 'x', targetDate: '2026-02-30' },
      { title: '', targetDate: '2026-02-01' },
      { title: 'x', targetDate: '2026-02-01', status: 'done' },
      { title: 'x', targetDate: '2026-02-01', owner: 'me' },
    ];
    for (const body of bad) {
      const res = await admin(path, { body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(await errorCode(res)).toBe('VALIDATION_FAILED');
    }
    expect(await rows('SELECT id FROM success_goals WHERE account_id = ?', acct.id)).toEqual([]);
    expect((await admin('/api/accounts/no-such-account/goals')).status).toBe(404);
    expect(
      (await admin('/api/goals/999999999', { method: 'PATCH', body: { status: 'missed' } })).status,
    ).toBe(404);
    expect((await admin('/api/goals/1', { method: 'PATCH', body: {} })).status).toBe(400);
  });

  it('viewers read a success plan but cannot change it', async () => {
    const viewer = await createApiToken('viewer');
    const acct = await seedAccount();
    const path = `/api/accounts/${acct.externalId}/goals`;
    expect((await admin(path, { token: viewer.token })).status).toBe(200);
    const res = await admin(path, { token: viewer.token, body: { title: 'x', targetDate: '2026-02-01' } });
    expect(res.status).toBe(403);
  });
});
