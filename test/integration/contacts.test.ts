import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Contact } from '../../shared/contracts/contacts';
import { addDays, utcDay } from '../../shared/time';
import { admin, rows, runScoring, seedAccount, uid } from './helpers';

type Envelope = { error: { code: string; message: string } };

let account: { id: number; externalId: string };
const userIds: Record<string, number> = {};

async function addUser(
  key: string,
  over: { email?: string | null; name?: string; traits?: object; lastSeenAt?: number },
) {
  const row = await env.DB.prepare(
    `INSERT INTO users (external_id, account_id, email, name, traits, created_at, last_seen_at)
     VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
  )
    .bind(
      uid(`user-${key}`),
      account.id,
      over.email === undefined ? `${uid(key)}@example.com` : over.email,
      over.name ?? null,
      JSON.stringify(over.traits ?? {}),
      Date.now(),
      over.lastSeenAt ?? null,
    )
    .first<{ id: number }>();
  userIds[key] = row!.id;
}

const list = async () =>
  ((await (await admin(`/api/accounts/${account.externalId}/contacts`)).json()) as { items: Contact[] })
    .items;

beforeAll(async () => {
  account = await seedAccount();
  await addUser('ana', {
    name: 'Ana',
    traits: { title: 'Head of Ops' },
    lastSeenAt: Date.parse('2026-11-30T10:00:00Z'),
  });
  await addUser('bo', {
    name: 'Bo',
    traits: { jobTitle: 'Analyst', status: 'Deactivated' },
    lastSeenAt: Date.parse('2026-10-01T10:00:00Z'),
  });
  await addUser('anon', { email: null, name: 'No email' });
});

describe('GET /api/accounts/:externalId/contacts', () => {
  it('lists identified users with an email, titled from their traits, deactivated ones inactive', async () => {
    const items = await list();
    expect(items.map((c) => [c.id, c.source, c.name, c.title, c.active, c.roles])).toEqual([
      [`u${userIds.ana}`, 'identified', 'Ana', 'Head of Ops', true, []],
      [`u${userIds.bo}`, 'identified', 'Bo', 'Analyst', false, []],
    ]);
    expect(items[0]!.lastSeenAt).toBe('2026-11-30T10:00:00.000Z');
  });

  it("carries each person's activity trend: events per week (8, oldest first) and active days, 28 against the 28 before", async () => {
    const today = utcDay(Date.now());
    const day = (ago: number) => addDays(today, -ago);
    const days: [string, number, number][] = [
      // ana: busy lately — this week (today and 6 days ago), two weeks ago, and one day outside the 8 weeks.
      ['ana', 0, 5],
      ['ana', 6, 3],
      ['ana', 14, 2],
      ['ana', 56, 99],
      // bo: quiet lately, active five and seven weeks ago (the prior 28 days).
      ['bo', 35, 4],
      ['bo', 49, 1],
    ];
    for (const [key, ago, events] of days)
      await env.DB.prepare(
        'INSERT INTO user_days (account_id, day, user_id, events, active_ms) VALUES (?, ?, ?, ?, 0)',
      )
        .bind(account.id, day(ago), userIds[key], events)
        .run();
    const items = await list();
    const of = (key: string) => items.find((c) => c.id === `u${userIds[key]}`)!.activity;
    expect(of('ana')).toEqual({ weeklyEvents: [0, 0, 0, 0, 0, 2, 0, 8], activeDays: 3, priorActiveDays: 0 });
    expect(of('bo')).toEqual({ weeklyEvents: [1, 0, 4, 0, 0, 0, 0, 0], activeDays: 0, priorActiveDays: 2 });
    // The single-contact answer (PATCH) carries the same trend.
    const patched = await admin(`/api/contacts/u${userIds.ana}`, {
      method: 'PATCH',
      body: { title: 'Head of Ops' },
    });
    expect(((await patched.json()) as Contact).activity).toEqual(of('ana'));
    await env.DB.prepare('DELETE FROM user_days WHERE account_id = ?').bind(account.id).run();
    await env.DB.prepare('DELETE FROM contacts WHERE user_id = ?').bind(userIds.ana).run();
  });

  it('is a 404 for an unknown account', async () => {
    const res = await admin(`/api/accounts/${uid('nope')}/contacts`);
    expect(res.status).toBe(404);
  });
});

describe('POST /api/accounts/:externalId/contacts and PATCH /api/contacts/:id', () => {
  it('adds a person by hand, audited, listed after the identified people without a role', async () => {
    const res = await admin(`/api/accounts/${account.externalId}/contacts`, {
      body: { name: 'Chen Wei', title: 'CFO', email: 'chen@example.com', roles: ['economic_buyer'] },
    });
    expect(res.status).toBe(201);
    const created = (await res.json()) as Contact;
    expect(created).toMatchObject({
      source: 'manual',
      name: 'Chen Wei',
      title: 'CFO',
      roles: ['economic_buyer'],
      active: true,
    });
    expect(created.id).toMatch(/^c\d+$/);
    // People with a role come first.
    expect((await list())[0]!.id).toBe(created.id);
    const audit = await rows<{ action: string; actor: string }>(
      `SELECT action, actor FROM audit_log WHERE entity = 'contact' AND entity_id = ?`,
      account.externalId,
    );
    expect(audit.map((a) => a.action)).toEqual(['contact.create']);
  });

  it("sets an identified user's roles and title over identify's, and null puts identify's back", async () => {
    const id = `u${userIds.bo}`;
    const res = await admin(`/api/contacts/${id}`, {
      method: 'PATCH',
      body: { roles: ['champion', 'decision_maker'], title: 'VP Data' },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      id,
      roles: ['champion', 'decision_maker'],
      title: 'VP Data',
      name: 'Bo',
    });
    const roled = (await list()).filter((c) => c.roles.length > 0).map((c) => c.id);
    expect(roled).toContain(id);

    const back = await admin(`/api/contacts/${id}`, { method: 'PATCH', body: { title: null } });
    expect(await back.json()).toMatchObject({ title: 'Analyst', roles: ['champion', 'decision_maker'] });
    const audit = await rows<{ details: string }>(
      `SELECT details FROM audit_log WHERE entity = 'contact' AND entity_id = ? ORDER BY id`,
      id,
    );
    expect(audit).toHaveLength(2);
    expect(JSON.parse(audit[1]!.details).before.roles).toEqual(['champion', 'decision_maker']);
    // One CSM row per user, however often it changes.
    expect(await rows('SELECT id FROM contacts WHERE user_id = ?', userIds.bo)).toHaveLength(1);
  });

  it('refuses bad input with the error envelope and writes nothing', async () => {
    const cases: [string, string, unknown, number][] = [
      ['PATCH', '/api/contacts/x12', { roles: [] }, 400],
      ['PATCH', `/api/contacts/u${userIds.ana}`, {}, 400],
      ['PATCH', `/api/contacts/u${userIds.ana}`, { roles: ['champion', 'champion'] }, 400],
      ['PATCH', `/api/contacts/u${userIds.ana}`, { roles: ['boss'] }, 400],
      ['PATCH', `/api/contacts/u${userIds.anon}`, { roles: ['champion'] }, 404],
      ['PATCH', '/api/contacts/c999999999', { roles: ['champion'] }, 404],
      ['POST', `/api/accounts/${account.externalId}/contacts`, { title: 'No name' }, 400],
      ['POST', `/api/accounts/${account.externalId}/contacts`, { name: 'X', email: 'not-an-email' }, 400],
      ['POST', `/api/accounts/${uid('nope')}/contacts`, { name: 'X' }, 404],
    ];
    const before = await rows('SELECT id FROM contacts WHERE account_id = ?', account.id);
    for (const [method, path, body, status] of cases) {
      const res = await admin(path, { method, body });
      expect(res.status, `${method} ${path} ${JSON.stringify(body)}`).toBe(status);
      expect(((await res.json()) as Envelope).error.code).toBeTruthy();
    }
    expect(await rows('SELECT id FROM contacts WHERE account_id = ?', account.id)).toEqual(before);
  });

  it('keeps a name on a contact added by hand', async () => {
    const manual = (await list()).find((c) => c.source === 'manual')!;
    const res = await admin(`/api/contacts/${manual.id}`, { method: 'PATCH', body: { name: null } });
    expect(res.status).toBe(400);
    const ok = await admin(`/api/contacts/${manual.id}`, { method: 'PATCH', body: { roles: [] } });
    expect(await ok.json()).toMatchObject({ name: 'Chen Wei', roles: [] });
  });
});

describe('key people who leave raise the key-contact alert', () => {
  const keyLeft = async (externalId: string) => {
    const res = await admin(`/api/alerts?account=${encodeURIComponent(externalId)}&ruleId=key-contact-left`);
    return ((await res.json()) as { items: { title: string; detail: string; status: string }[] }).items;
  };

  it('a champion set by a CSM (no key-contact trait) who is deactivated, and one who moved to another account', async () => {
    const stays = await seedAccount({ seats: 10, users: [600_000] });
    const other = await seedAccount({ seats: 10, users: [600_000] });
    const put = async (acct: { id: number }, key: string) => {
      const row = await env.DB.prepare(
        `INSERT INTO users (external_id, account_id, email, name, traits, created_at, last_seen_at, linked_at)
         VALUES (?, ?, ?, ?, '{}', ?, ?, ?) RETURNING id`,
      )
        .bind(
          uid(key),
          acct.id,
          `${uid(key)}@example.com`,
          key,
          Date.now() - 40 * 86_400_000,
          Date.now(),
          Date.now() - 40 * 86_400_000,
        )
        .first<{ id: number }>();
      await admin(`/api/contacts/u${row!.id}`, { method: 'PATCH', body: { roles: ['champion'] } });
      return { id: row!.id };
    };
    const dana = await put(stays, 'Dana');
    const eve = await put(other, 'Eve');
    // Not key to anyone: leaving raises nothing.
    const nobody = await env.DB.prepare(
      `INSERT INTO users (external_id, account_id, email, name, traits, created_at) VALUES (?, ?, ?, 'Nobody', ?, ?) RETURNING id`,
    )
      .bind(uid('nobody'), other.id, 'nobody@example.com', JSON.stringify({ deactivated: true }), Date.now())
      .first<{ id: number }>();
    expect(nobody).toBeTruthy();

    const yesterdayIso = new Date(Date.now() - 86_400_000).toISOString();
    await env.DB.prepare('UPDATE users SET traits = ? WHERE id = ?')
      .bind(JSON.stringify({ status: 'deactivated', deactivatedAt: yesterdayIso }), dana.id)
      .run();
    // Eve's `group` call now links her to a third account.
    const third = await seedAccount({ seats: 10, users: [600_000] });
    await env.DB.prepare('UPDATE users SET account_id = ?, linked_at = ? WHERE id = ?')
      .bind(third.id, Date.now() - 86_400_000, eve.id)
      .run();
    await runScoring();

    const [danaAlert] = await keyLeft(stays.externalId);
    expect(danaAlert).toMatchObject({ status: 'open', title: 'Key contact deactivated: Dana' });
    const [eveAlert] = await keyLeft(other.externalId);
    expect(eveAlert?.detail).toContain('Eve');
    expect(eveAlert?.detail).toContain('moved to another account');
    expect(eveAlert?.detail).not.toContain('Nobody');
    expect(await keyLeft(third.externalId)).toEqual([]);
    // At her new account Eve has no role until a CSM gives her one.
    const eveThere = (await (await admin(`/api/accounts/${third.externalId}/contacts`)).json()) as {
      items: Contact[];
    };
    expect(eveThere.items.find((c) => c.id === `u${eve.id}`)?.roles).toEqual([]);
  });
});

describe('champion gone quiet', () => {
  it('raises the default rule for a key person last seen 30 days ago, not for one seen yesterday or never', async () => {
    const acct = await seedAccount({ seats: 10, users: [600_000] });
    const person = async (name: string, lastSeenAt: number | null, traits: object = {}) => {
      const row = await env.DB.prepare(
        `INSERT INTO users (external_id, account_id, email, name, traits, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
      )
        .bind(
          uid(name),
          acct.id,
          `${uid(name)}@example.com`,
          name,
          JSON.stringify(traits),
          Date.now() - 90 * 86_400_000,
          lastSeenAt,
        )
        .first<{ id: number }>();
      return row!.id;
    };
    const fay = await person('Fay', Date.now() - 30 * 86_400_000);
    await admin(`/api/contacts/u${fay}`, { method: 'PATCH', body: { roles: ['champion'] } });
    await person('Gus', Date.now() - 86_400_000, { keyContact: true });
    const hal = await person('Hal', null);
    await admin(`/api/contacts/u${hal}`, { method: 'PATCH', body: { roles: ['executive_sponsor'] } });
    // Quiet but not key: no alert.
    await person('Ivy', Date.now() - 60 * 86_400_000);
    await runScoring();
    const res = await admin(
      `/api/alerts?account=${encodeURIComponent(acct.externalId)}&ruleId=champion-quiet`,
    );
    const items = ((await res.json()) as { items: { title: string; detail: string; severity: string }[] })
      .items;
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ title: 'Champion quiet for 30 days: Fay', severity: 'warning' });
    expect(items[0]!.detail).not.toMatch(/Gus|Hal|Ivy/);
  });
});
