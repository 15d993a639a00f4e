import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Alert, AlertPage, BulkAlertResult } from '../../shared/contracts/alerts';
import type { ReferralCandidateList } from '../../shared/contracts/surveys';
import { addDays, utcDay } from '../../shared/time';
import { insertAlertsSql } from '../../worker/alerts/store';
import { getDb } from '../../worker/common/db';
import { prepare } from '../../worker/common/raw-sql';
import {
  admin,
  asSession,
  call,
  createMember,
  DAY_MS,
  errorCode,
  rows,
  seedAccount,
  seedSnapshot,
  signIn,
  uid,
} from './helpers';
import { answer, createSurvey, surveyAccount } from './surveys-helpers';

// Storage is per test file: every alert here is this file's, so lists are asserted exactly.

const NOW = Date.now();
const RULES = ['stale-data', 'score-drop', 'renewal-at-risk'] as const;

interface Seeded {
  id: number;
  accountId: number;
  externalId: string;
}

/** An account with an alert row inserted straight into D1 (as the scoring job leaves it). */
async function seedAlert(opts: {
  name: string;
  arrCents?: number | null;
  renewalDate?: string | null;
  ruleId?: string;
  severity?: 'critical' | 'warning' | 'info';
  assignee?: string | null;
  createdAt?: number;
  tier?: string;
}): Promise<Seeded> {
  const account = await seedAccount({
    arrCents: opts.arrCents ?? null,
    renewalDate: opts.renewalDate ?? null,
  });
  await env.DB.prepare('UPDATE accounts SET name = ? WHERE id = ?').bind(opts.name, account.id).run();
  if (opts.tier) await seedSnapshot(account.id, utcDay(NOW), { score: 30, tier: opts.tier });
  const row = await env.DB.prepare(
    `INSERT INTO alerts (account_id, rule_id, status, severity, title, detail, playbook, assignee, period, created_at, updated_at)
     VALUES (?, ?, 'open', ?, ?, 'detail', 'playbook', ?, ?, ?, ?) RETURNING id`,
  )
    .bind(
      account.id,
      opts.ruleId ?? 'stale-data',
      opts.severity ?? 'warning',
      `Alert of ${opts.name}`,
      opts.assignee ?? null,
      utcDay(NOW),
      opts.createdAt ?? NOW,
      opts.createdAt ?? NOW,
    )
    .first<{ id: number }>();
  return { id: row!.id, accountId: account.id, externalId: account.externalId };
}

async function list(query: string): Promise<AlertPage> {
  const res = await admin(`/api/alerts?${query}`);
  expect(res.status, await res.clone().text()).toBe(200);
  return res.json<AlertPage>();
}

/** Every page of a query, following `nextCursor`. */
async function listAll(query: string, limit: number): Promise<Alert[]> {
  const out: Alert[] = [];
  let cursor: string | null = null;
  do {
    const page = await list(`${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

function bulk(body: unknown) {
  return admin('/api/alerts/bulk', { body });
}

describe('GET /api/alerts sorts, filters and pages the inbox', () => {
  const tag = uid('inbox');
  let seeded: Seeded[] = [];

  beforeAll(async () => {
    // ARR with ties (3 × 50,000) and a null, so keyset paging must break ties by id and put nulls last.
    const arr = [50_000_00, 10_000_00, 50_000_00, null, 90_000_00, 50_000_00, 20_000_00];
    seeded = [];
    for (const [i, a] of arr.entries()) {
      seeded.push(
        await seedAlert({
          name: `${tag} ${String.fromCharCode(72 - i)}`,
          arrCents: a,
          ruleId: RULES[i % 3],
          severity: i === 4 ? 'critical' : i === 1 ? 'info' : 'warning',
          assignee: i % 2 === 0 ? 'kim@keepwell.dev' : null,
          createdAt: NOW - i * 1000,
          tier: i < 3 ? 'red' : undefined,
        }),
      );
    }
  });

  it('adds the account columns to each alert', async () => {
    const { items } = await list(`q=${encodeURIComponent(tag)}&sort=-arr&limit=1`);
    expect(items[0]).toMatchObject({ arrCents: 90_000_00, tier: null, ownerNotMember: false });
  });

  it('sorts by ARR descending, nulls last, and pages through ties without repeats or gaps', async () => {
    const all = await listAll(`q=${encodeURIComponent(tag)}&sort=-arr`, 2);
    expect(all.map((a) => a.arrCents)).toEqual([
      90_000_00,
      50_000_00,
      50_000_00,
      50_000_00,
      20_000_00,
      10_000_00,
      null,
    ]);
    expect(new Set(all.map((a) => a.id)).size).toBe(7);
    // Ties come in id order, descending like the sort.
    const tied = all.filter((a) => a.arrCents === 50_000_00).map((a) => a.id);
    expect(tied).toEqual([...tied].sort((x, y) => y - x));
  });

  it('sorts ascending by account name and by severity, and defaults to newest first', async () => {
    const byName = await listAll(`q=${encodeURIComponent(tag)}&sort=account`, 3);
    expect(byName.map((a) => a.accountName)).toEqual([...byName.map((a) => a.accountName)].sort());
    const bySeverity = await list(`q=${encodeURIComponent(tag)}&sort=-severity`);
    expect(bySeverity.items[0]!.severity).toBe('critical');
    expect(bySeverity.items.at(-1)!.severity).toBe('info');
    const newest = await list(`q=${encodeURIComponent(tag)}`);
    expect(newest.items.map((a) => a.id)).toEqual(seeded.map((s) => s.id));
  });

  it('filters by rule, severity, tier, unassigned and me', async () => {
    const q = `q=${encodeURIComponent(tag)}`;
    expect((await list(`${q}&ruleId=score-drop`)).items.map((a) => a.id)).toEqual([
      seeded[1]!.id,
      seeded[4]!.id,
    ]);
    expect((await list(`${q}&severity=critical`)).items.map((a) => a.id)).toEqual([seeded[4]!.id]);
    expect((await list(`${q}&tier=red`)).items).toHaveLength(3);
    const unassigned = (await list(`${q}&assignee=unassigned`)).items;
    expect(unassigned.map((a) => a.assignee)).toEqual([null, null, null]);
    const kim = await createMember({ role: 'csm', email: 'kim@keepwell.dev' });
    const session = await signIn(kim.email, kim.password);
    const mine = await asSession(session, `/api/alerts?${q}&assignee=me`);
    expect(mine.status).toBe(200);
    expect((await mine.json<AlertPage>()).items).toHaveLength(4);
  });

  it('answers 400 for an unknown parameter, a bad sort and a cursor of another sort', async () => {
    expect(await errorCode(await admin('/api/alerts?colour=red'))).toBe('VALIDATION_FAILED');
    expect((await admin('/api/alerts?sort=height')).status).toBe(400);
    const page = await list(`q=${encodeURIComponent(tag)}&sort=-arr&limit=2`);
    const res = await admin(`/api/alerts?sort=arr&cursor=${page.nextCursor}`);
    expect(res.status).toBe(400);
    expect((await admin('/api/alerts?cursor=not-a-cursor')).status).toBe(400);
  });
});

describe('POST /api/alerts/bulk', () => {
  it('snoozes a week, skipping unknown and closed ids, with one audit row per changed alert', async () => {
    const a = await seedAlert({ name: uid('bulk') });
    const b = await seedAlert({ name: uid('bulk') });
    const closed = await seedAlert({ name: uid('bulk') });
    await env.DB.prepare(`UPDATE alerts SET status = 'closed', closed_at = ? WHERE id = ?`)
      .bind(NOW, closed.id)
      .run();
    const res = await bulk({
      action: 'snooze',
      ids: [a.id, b.id, closed.id, 999_999_999, a.id],
      preset: '1w',
    });
    expect(res.status).toBe(200);
    const result = await res.json<BulkAlertResult>();
    expect(result.updated).toBe(2);
    expect(result.skipped).toEqual([
      { id: closed.id, reason: 'closed' },
      { id: 999_999_999, reason: 'not_found' },
    ]);
    const stored = await rows<{ id: number; status: string; snoozed_until: number }>(
      'SELECT id, status, snoozed_until FROM alerts WHERE id IN (?, ?) ORDER BY id',
      a.id,
      b.id,
    );
    for (const s of stored) {
      expect(s.status).toBe('snoozed');
      expect(Math.abs(s.snoozed_until - (NOW + 7 * DAY_MS))).toBeLessThan(60_000);
    }
    const audit = await rows<{ entity_id: string; action: string; details: string }>(
      `SELECT entity_id, action, details FROM audit_log WHERE entity = 'alert' AND entity_id IN (?, ?, ?)`,
      String(a.id),
      String(b.id),
      String(closed.id),
    );
    expect(audit.map((r) => r.entity_id).sort()).toEqual([String(a.id), String(b.id)].sort());
    expect(audit.every((r) => r.action === 'alert.snooze' && JSON.parse(r.details).bulk === true)).toBe(true);
  });

  it('snoozes until each account’s own renewal day, skipping accounts without one or past it', async () => {
    const today = utcDay(NOW);
    const soon = await seedAlert({ name: uid('renew'), renewalDate: addDays(today, 30) });
    const later = await seedAlert({ name: uid('renew'), renewalDate: addDays(today, 200) });
    const none = await seedAlert({ name: uid('renew'), renewalDate: null });
    const past = await seedAlert({ name: uid('renew'), renewalDate: addDays(today, -3) });
    const res = await bulk({
      action: 'snooze',
      ids: [soon.id, later.id, none.id, past.id],
      preset: 'renewal',
    });
    const result = await res.json<BulkAlertResult>();
    expect(result).toEqual({
      updated: 2,
      skipped: [
        { id: none.id, reason: 'no_renewal_date' },
        { id: past.id, reason: 'renewal_past' },
      ],
    });
    const [s1] = await rows<{ snoozed_until: number }>(
      'SELECT snoozed_until FROM alerts WHERE id = ?',
      soon.id,
    );
    const [s2] = await rows<{ snoozed_until: number }>(
      'SELECT snoozed_until FROM alerts WHERE id = ?',
      later.id,
    );
    expect(s1!.snoozed_until).toBe(Date.parse(`${addDays(today, 30)}T00:00:00Z`));
    expect(s2!.snoozed_until).toBe(Date.parse(`${addDays(today, 200)}T00:00:00Z`));
    const unchanged = await rows<{ status: string }>(
      'SELECT status FROM alerts WHERE id IN (?, ?)',
      none.id,
      past.id,
    );
    expect(unchanged.map((r) => r.status)).toEqual(['open', 'open']);
  });

  it('assigns and closes with a note, and the closed alerts leave the open list', async () => {
    const a = await seedAlert({ name: uid('close') });
    const b = await seedAlert({ name: uid('close') });
    const assigned = await bulk({ action: 'assign', ids: [a.id, b.id], assignee: 'lee@keepwell.dev' });
    expect(await assigned.json()).toEqual({ updated: 2, skipped: [] });
    const closed = await bulk({ action: 'close', ids: [a.id, b.id], note: 'Handled in the QBR' });
    expect(await closed.json()).toEqual({ updated: 2, skipped: [] });
    const stored = await rows<{ status: string; close_note: string; assignee: string }>(
      'SELECT status, close_note, assignee FROM alerts WHERE id IN (?, ?)',
      a.id,
      b.id,
    );
    expect(stored).toEqual([
      { status: 'closed', close_note: 'Handled in the QBR', assignee: 'lee@keepwell.dev' },
      { status: 'closed', close_note: 'Handled in the QBR', assignee: 'lee@keepwell.dev' },
    ]);
    const open = await listAll('status=open', 200);
    expect(open.some((x) => x.id === a.id || x.id === b.id)).toBe(false);
    const audit = await rows<{ action: string }>(
      `SELECT action FROM audit_log WHERE entity = 'alert' AND entity_id = ? ORDER BY id`,
      String(a.id),
    );
    expect(audit.map((r) => r.action)).toEqual(['alert.assign', 'alert.close']);
  });

  it('rejects bad bodies with 400 and writes nothing', async () => {
    const a = await seedAlert({ name: uid('bad') });
    const before = await rows<{ n: number }>('SELECT count(*) AS n FROM audit_log');
    const bad = [
      { action: 'snooze', ids: [a.id] },
      { action: 'snooze', ids: [a.id], preset: '1w', until: new Date(NOW + DAY_MS).toISOString() },
      { action: 'snooze', ids: [a.id], until: new Date(NOW - DAY_MS).toISOString() },
      { action: 'delete', ids: [a.id] },
      { action: 'close', ids: [] },
      { action: 'close', ids: Array.from({ length: 501 }, (_, i) => i + 1) },
      { action: 'assign', ids: [a.id] },
      { action: 'close', ids: [a.id], extra: true },
    ];
    for (const body of bad) expect((await bulk(body)).status, JSON.stringify(body).slice(0, 80)).toBe(400);
    expect(await rows<{ n: number }>('SELECT count(*) AS n FROM audit_log')).toEqual(before);
    const [row] = await rows<{ status: string }>('SELECT status FROM alerts WHERE id = ?', a.id);
    expect(row!.status).toBe('open');
  });

  it('takes 500 ids in one call', async () => {
    const a = await seedAlert({ name: uid('many') });
    const ids = [a.id, ...Array.from({ length: 499 }, (_, i) => 900_000_000 + i)];
    const result = await (await bulk({ action: 'snooze', ids, preset: '1d' })).json<BulkAlertResult>();
    expect(result.updated).toBe(1);
    expect(result.skipped).toHaveLength(499);
  });
});

describe('owners who are not members', () => {
  it('leaves a raised alert unassigned and flags the owner, and assigns it when the owner is a member', async () => {
    const outsider = await seedAccount();
    const insider = await seedAccount();
    const member = await createMember({ role: 'csm' });
    await env.DB.prepare('UPDATE accounts SET owner_email = ? WHERE id = ?')
      .bind('Former.CSM@example.com', outsider.id)
      .run();
    await env.DB.prepare('UPDATE accounts SET owner_email = ? WHERE id = ?')
      .bind(member.email.toUpperCase(), insider.id)
      .run();
    const alert = {
      ruleId: 'stale-data',
      kind: 'stale_data',
      severity: 'warning',
      title: 'Stale',
      detail: 'No events',
      playbook: 'Call',
    } as const;
    const db = getDb(env.DB);
    await prepare(
      db,
      insertAlertsSql(
        [
          { accountId: outsider.id, alert },
          { accountId: insider.id, alert },
        ],
        utcDay(NOW),
        NOW,
      ),
    ).run();
    const [flagged] = (await list(`account=${outsider.externalId}`)).items;
    expect(flagged).toMatchObject({
      assignee: null,
      ownerNotMember: true,
      ownerEmail: 'Former.CSM@example.com',
    });
    const [assigned] = (await list(`account=${insider.externalId}`)).items;
    expect(assigned).toMatchObject({ assignee: member.email.toUpperCase(), ownerNotMember: false });
  });

  it('hands the waiting alerts to the owner when they accept an invite, audited; closed ones stay closed', async () => {
    const owned = await seedAccount();
    const other = await seedAccount();
    const email = `${uid('joiner')}@example.com`;
    for (const a of [owned, other])
      await env.DB.prepare('UPDATE accounts SET owner_email = ? WHERE id = ?')
        .bind(a === owned ? email.toUpperCase() : 'someone.else@example.com', a.id)
        .run();
    const alert = (ruleId: string) =>
      ({
        ruleId,
        kind: 'stale_data',
        severity: 'warning',
        title: 'Stale',
        detail: 'x',
        playbook: 'Call',
      }) as const;
    await prepare(
      getDb(env.DB),
      insertAlertsSql(
        [
          { accountId: owned.id, alert: alert('stale-data') },
          { accountId: owned.id, alert: alert('usage-drop') },
          { accountId: other.id, alert: alert('stale-data') },
        ],
        utcDay(NOW),
        NOW,
      ),
    ).run();
    const before = (await list(`account=${owned.externalId}`)).items.sort((a, b) => a.id - b.id);
    expect(before.map((a) => a.assignee)).toEqual([null, null]);
    await env.DB.prepare("UPDATE alerts SET status = 'closed', closed_at = ? WHERE id = ?")
      .bind(NOW, before[1]!.id)
      .run();

    const inviteRes = await admin('/api/members/invites', { body: { email, role: 'csm' } });
    expect(inviteRes.status).toBe(201);
    const { token } = await inviteRes.json<{ token: string }>();
    const accepted = await call(`/api/auth/invites/${token}/accept`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'Joiner', password: 'a long password 1' }),
    });
    expect(accepted.status).toBe(201);

    const after = await rows<{ id: number; assignee: string | null; status: string }>(
      'SELECT id, assignee, status FROM alerts WHERE account_id IN (?, ?) ORDER BY id',
      owned.id,
      other.id,
    );
    expect(after.map((a) => [a.id, a.assignee, a.status])).toEqual([
      [before[0]!.id, email, 'open'],
      [before[1]!.id, null, 'closed'],
      [after[2]!.id, null, 'open'],
    ]);
    const audit = await rows<{ entity_id: string; actor: string }>(
      "SELECT entity_id, actor FROM audit_log WHERE action = 'alert.assign' AND entity_id = ?",
      String(before[0]!.id),
    );
    expect(audit).toEqual([{ entity_id: String(before[0]!.id), actor: email }]);
  });
});

describe('survey answers', () => {
  it('a promoter and a passive open no alert, a detractor does', async () => {
    const acct = await surveyAccount();
    const survey = await createSurvey();
    await answer(survey.id, acct.externalId, 10);
    await answer(survey.id, acct.externalId, 8);
    expect((await list(`account=${acct.externalId}`)).items).toEqual([]);
    await answer(survey.id, acct.externalId, 2);
    const items = (await list(`account=${acct.externalId}`)).items;
    expect(items.map((a) => [a.ruleId, a.assignee])).toEqual([['nps-detractor', acct.ownerEmail]]);
  });
});

describe('GET /api/surveys/promoters', () => {
  it('lists promoters of the window without an advocacy record, once per account, and no detractor', async () => {
    const survey = await createSurvey();
    const promoter = await surveyAccount();
    const advocate = await surveyAccount();
    const detractor = await surveyAccount();
    await answer(survey.id, promoter.externalId, 9, { comment: '<b>Love it</b>' });
    await answer(survey.id, promoter.externalId, 10, { email: 'champion@example.com' });
    await answer(survey.id, advocate.externalId, 10);
    await answer(survey.id, detractor.externalId, 3);
    const advocacy = await admin('/api/advocacy', {
      body: {
        accountExternalId: advocate.externalId,
        externalId: uid('advocacy'),
        kind: 'case_study',
        occurredOn: utcDay(NOW),
      },
    });
    expect(advocacy.status).toBe(200);
    const res = await admin('/api/surveys/promoters');
    expect(res.status).toBe(200);
    const { items } = await res.json<ReferralCandidateList>();
    const accounts = items.map((i) => i.account);
    expect(accounts.filter((a) => a === promoter.externalId)).toHaveLength(1);
    expect(accounts).not.toContain(advocate.externalId);
    expect(accounts).not.toContain(detractor.externalId);
    expect(items.find((i) => i.account === promoter.externalId)).toMatchObject({
      score: 10,
      contactEmail: 'champion@example.com',
      ownerEmail: promoter.ownerEmail,
    });
    // The promoters opened no alert; they are worked from this list.
    expect((await list(`account=${promoter.externalId}`)).items).toEqual([]);
  });

  it('refuses an unknown parameter and a window past a year', async () => {
    expect((await admin('/api/surveys/promoters?days=400')).status).toBe(400);
    expect((await admin('/api/surveys/promoters?tier=red')).status).toBe(400);
  });
});
