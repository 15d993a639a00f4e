import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Contact, ContactList } from '../../shared/contracts/contacts';
import type { SurveyAccountResults } from '../../shared/contracts/surveys';
import {
  admin,
  createApiToken,
  DAY_MS,
  errorCode,
  getHealth,
  INPUTS_MODEL,
  measureOf,
  planSegment,
  rows,
  runScoring,
  seedAccount,
  seedSnapshot,
  today,
  uid,
} from './helpers';
import { createLinks, createSurvey, publicPost, tokenOf } from './surveys-helpers';

// Survey links to people (issue 15): by role, by segment, by account or a list of contact ids; each answer is
// the person's, the account's NPS counts its people once each, and the people list shows their answers.

type Account = { id: number; externalId: string };

/** An identified user of the account (with a CSM contacts row when `roles` are given); returns `u<id>`. */
async function person(
  account: Account,
  opts: { email?: string | null; name?: string; roles?: string[]; traits?: object } = {},
): Promise<string> {
  const row = await env.DB.prepare(
    `INSERT INTO users (external_id, account_id, email, name, traits, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
  )
    .bind(
      uid('user'),
      account.id,
      opts.email === undefined ? `${uid('p')}@example.com` : opts.email,
      opts.name ?? null,
      JSON.stringify(opts.traits ?? {}),
      Date.now(),
    )
    .first<{ id: number }>();
  if (opts.roles)
    await env.DB.prepare(
      `INSERT INTO contacts (account_id, user_id, roles, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`,
    )
      .bind(account.id, row!.id, JSON.stringify(opts.roles), Date.now(), Date.now())
      .run();
  return `u${row!.id}`;
}

/** A contact added by hand (through the API); returns `c<id>`. */
async function manual(account: Account, body: { name: string; email?: string; roles?: string[] }) {
  const res = await admin(`/api/accounts/${account.externalId}/contacts`, { body });
  expect(res.status).toBe(201);
  return ((await res.json()) as Contact).id;
}

const emailOf = async (id: string) =>
  id.startsWith('u')
    ? (await rows<{ email: string }>('SELECT email FROM users WHERE id = ?', Number(id.slice(1))))[0]!.email
    : (await rows<{ email: string }>('SELECT email FROM contacts WHERE id = ?', Number(id.slice(1))))[0]!
        .email;

const contactsOf = async (account: Account) =>
  (await admin(`/api/accounts/${account.externalId}/contacts`)).json<ContactList>();

describe('POST /api/surveys/:id/links with people', () => {
  let acme: Account;
  let globex: Account;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    acme = await seedAccount();
    globex = await seedAccount();
    ids.ana = await person(acme, { name: 'Ana', roles: ['champion'], traits: { locale: 'zh-CN' } });
    ids.bo = await person(acme, { name: 'Bo', roles: ['decision_maker', 'power_user'] });
    ids.cy = await person(acme, { name: 'Cy' });
    ids.gone = await person(acme, { name: 'Gone', roles: ['champion'], traits: { deactivated: true } });
    ids.noEmail = await manual(acme, { name: 'No Email', roles: ['champion'] });
    ids.exec = await manual(acme, { name: 'Exec', email: 'Exec@Acme.example', roles: ['executive_sponsor'] });
    ids.gil = await person(globex, { name: 'Gil', roles: ['champion'] });
  });

  it('asks the people of the listed accounts holding a role, one personal link each, and says who was skipped and why', async () => {
    const survey = await createSurvey();
    const res = await admin(`/api/surveys/${survey.id}/links`, {
      body: {
        people: { roles: ['champion', 'decision_maker'], accounts: [acme.externalId, 'no-such-account'] },
      },
    });
    expect(res.status).toBe(201);
    const { links, skipped } = await res.json<{
      links: { accountExternalId: string; contact: { email: string; name: string; locale: string | null } }[];
      skipped: { reason: string; person?: { id: string }; accountExternalId: string }[];
    }>();
    expect(
      links.map((l) => [l.accountExternalId, l.contact.email, l.contact.name, l.contact.locale]),
    ).toEqual([
      [acme.externalId, await emailOf(ids.ana!), 'Ana', 'zh-CN'],
      [acme.externalId, await emailOf(ids.bo!), 'Bo', null],
    ]);
    expect(skipped.map((s) => [s.reason, s.person?.id ?? s.accountExternalId]).sort()).toEqual(
      [
        ['deactivated', ids.gone],
        ['no_email', ids.noEmail],
        ['unknown_account', 'no-such-account'],
      ].sort(),
    );
    // Personal links: the stored contact key is the person's lower-cased email.
    expect(
      await rows<{ contact_key: string }>(
        'SELECT contact_key FROM survey_links WHERE survey_id = ? ORDER BY id',
        survey.id,
      ),
    ).toEqual([{ contact_key: await emailOf(ids.ana!) }, { contact_key: await emailOf(ids.bo!) }]);
  });

  it('asks every active person with an email of a segment, optionally by role', async () => {
    const { segmentId } = await planSegment(uid('plan'));
    await seedSnapshot(acme.id, today(), { score: 50, tier: 'yellow', segmentId });
    const survey = await createSurvey();
    const all = await createLinks(survey.id, { people: { segment: segmentId } });
    expect(all.links.map((l) => l.contact?.name).sort()).toEqual(['Ana', 'Bo', 'Cy', 'Exec']);
    // A manual contact's email is stored lower-cased.
    expect(all.links.find((l) => l.contact?.name === 'Exec')?.contact?.email).toBe('exec@acme.example');
    expect(all.skipped.map((s) => s.reason).sort()).toEqual(['deactivated', 'no_email']);
    const byRole = await createLinks((await createSurvey()).id, {
      people: { segment: segmentId, roles: ['power_user'] },
    });
    expect(byRole.links.map((l) => l.contact?.name)).toEqual(['Bo']);
    expect(byRole.skipped).toEqual([]);
    const unknown = await admin(`/api/surveys/${survey.id}/links`, {
      body: { people: { segment: 'no-such-segment' } },
    });
    expect(unknown.status).toBe(400);
  });

  it('asks a list of contact ids, reporting unknown ids, and respects the quiet period per person', async () => {
    const survey = await createSurvey({ quietPeriodDays: 30 });
    const first = await createLinks(survey.id, { people: { ids: [ids.ana!, ids.gil!] } });
    expect(first.links.map((l) => [l.accountExternalId, l.contact?.name])).toEqual([
      [acme.externalId, 'Ana'],
      [globex.externalId, 'Gil'],
    ]);
    // Asked again (and once more by their email): the quiet period skips the same person however named.
    const second = await createLinks(survey.id, {
      people: { ids: [ids.ana!, ids.cy!, 'u999999999'] },
    });
    expect(second.links.map((l) => l.contact?.name)).toEqual(['Cy']);
    expect(second.skipped).toEqual([
      {
        accountExternalId: '',
        contact: null,
        person: { id: 'u999999999', name: null },
        reason: 'unknown_contact',
        lastAskedAt: null,
      },
      {
        accountExternalId: acme.externalId,
        contact: { email: await emailOf(ids.ana!), name: 'Ana', locale: 'zh-CN' },
        person: { id: ids.ana, name: 'Ana' },
        reason: 'quiet_period',
        lastAskedAt: first.links[0]!.createdAt,
      },
    ]);
    const byEmail = await createLinks(survey.id, {
      contacts: [{ email: await emailOf(ids.ana!), accountExternalId: acme.externalId }],
    });
    expect(byEmail.links).toEqual([]);
    expect(byEmail.skipped.map((s) => s.reason)).toEqual(['quiet_period']);
  });

  it('refuses an unknown role, ids mixed with a selection, an empty selection and a bad id with the 400 envelope, writing nothing', async () => {
    const survey = await createSurvey();
    for (const people of [
      { roles: ['cheerleader'] },
      { ids: [ids.ana], roles: ['champion'] },
      {},
      { ids: ['x12'] },
      { roles: [] },
    ]) {
      const res = await admin(`/api/surveys/${survey.id}/links`, { body: { people } });
      expect(res.status, JSON.stringify(people)).toBe(400);
      expect(await errorCode(res)).toBe('VALIDATION_FAILED');
    }
    expect(
      (await rows<{ n: number }>('SELECT count(*) AS n FROM survey_links WHERE survey_id = ?', survey.id))[0]!
        .n,
    ).toBe(0);
  });

  it('is for admins only, as every link creation', async () => {
    const survey = await createSurvey();
    const { token } = await createApiToken('csm');
    const res = await admin(`/api/surveys/${survey.id}/links`, {
      body: { people: { roles: ['champion'] } },
      token,
    });
    expect(res.status).toBe(403);
  });
});

describe('NPS per person and per account', () => {
  it('counts each person once with their latest answer, per account, worst first (GET /api/surveys/:id/accounts)', async () => {
    const survey = await createSurvey({ quietPeriodDays: 0 });
    const acme = await seedAccount();
    const globex = await seedAccount();
    const ana = await person(acme, { name: 'Ana', roles: ['champion'] });
    const bo = await person(acme, { name: 'Bo' });
    const gil = await person(globex, { name: 'Gil' });
    const answer = async (ids: string[], score: number) => {
      const { links } = await createLinks(survey.id, { people: { ids } });
      for (const l of links) expect((await publicPost(tokenOf(l), { score })).status).toBe(201);
    };
    // Ana: detractor, then promoter (latest counts); Bo: passive. Acme = (1 − 0) / 2 = +50.
    await answer([ana], 3);
    await rows(
      'UPDATE survey_responses SET responded_at = responded_at - ? WHERE survey_id = ?',
      DAY_MS,
      survey.id,
    );
    await answer([ana, bo], 10);
    await rows(
      'UPDATE survey_responses SET score = 8 WHERE survey_id = ? AND contact_key = ?',
      survey.id,
      await emailOf(bo),
    );
    // Gil: detractor; globex = −100, listed first.
    await answer([gil], 2);
    const res = await admin(`/api/surveys/${survey.id}/accounts?days=30`);
    expect(res.status).toBe(200);
    const body = await res.json<SurveyAccountResults>();
    expect(body).toMatchObject({ surveyId: survey.id, type: 'nps', days: 30, accounts: 2 });
    expect(body.items.map((i) => [i.accountExternalId, i.respondents, i.value, i.groups])).toEqual([
      [
        globex.externalId,
        1,
        -100,
        [
          { group: 'detractor', count: 1 },
          { group: 'passive', count: 0 },
          { group: 'promoter', count: 0 },
        ],
      ],
      [
        acme.externalId,
        2,
        50,
        [
          { group: 'detractor', count: 0 },
          { group: 'passive', count: 1 },
          { group: 'promoter', count: 1 },
        ],
      ],
    ]);
    expect(body.items[1]!.accountName).toBe(`Account ${acme.externalId}`);
    await expect((await admin(`/api/surveys/${survey.id}/accounts?limit=1`)).json()).resolves.toMatchObject({
      accounts: 2,
      items: [{ accountExternalId: globex.externalId }],
    });
    expect((await admin(`/api/surveys/${survey.id}/accounts?days=0`)).status).toBe(400);
    expect((await admin('/api/surveys/999999/accounts')).status).toBe(404);

    // The contacts API: each person's latest answer, and the account's NPS from its people.
    const { items, nps } = await contactsOf(acme);
    const of = (id: string) => items.find((c) => c.id === id)!.latestAnswer;
    expect(of(ana)).toMatchObject({
      surveyId: survey.id,
      surveyName: survey.name,
      type: 'nps',
      score: 10,
      group: 'promoter',
    });
    expect(of(bo)).toMatchObject({ score: 8, group: 'passive', scale: { min: 0, max: 10 } });
    expect(nps).toEqual({ nps: 50, respondents: 2, promoters: 1, passives: 1, detractors: 0, days: 180 });
    // A person who never answered has none; an account without answers has no NPS.
    const quiet = await seedAccount();
    const nobody = await person(quiet, { name: 'Nobody' });
    const empty = await contactsOf(quiet);
    expect(empty.items.find((c) => c.id === nobody)!.latestAnswer).toBeNull();
    expect(empty.nps).toBeNull();
    // PATCH answers with the same shape.
    const patched = await admin(`/api/contacts/${ana}`, { method: 'PATCH', body: { roles: ['champion'] } });
    expect(((await patched.json()) as Contact).latestAnswer).toMatchObject({ score: 10, group: 'promoter' });
  });

  it("the health model's NPS measure counts the account's people once each, as the contacts API does", async () => {
    const plan = uid('people-nps');
    await planSegment(plan, INPUTS_MODEL);
    const survey = await createSurvey({ quietPeriodDays: 0 });
    const acct = await seedAccount({ plan, seats: 5, users: [60_000] });
    const ana = await person(acct, { name: 'Ana' });
    const bo = await person(acct, { name: 'Bo' });
    // Ana 2 then 9 (a promoter now), Bo 4: NPS (1 − 1) / 2 = 0; every answer counted would be (1 − 2) / 3.
    for (const [id, score] of [
      [ana, 2],
      [ana, 9],
      [bo, 4],
    ] as const) {
      const { links } = await createLinks(survey.id, { people: { ids: [id] } });
      expect((await publicPost(tokenOf(links[0]!), { score })).status).toBe(201);
      await rows(
        'UPDATE survey_responses SET responded_at = responded_at - 1000 WHERE survey_id = ?',
        survey.id,
      );
    }
    expect((await contactsOf(acct)).nps).toMatchObject({
      nps: 0,
      respondents: 2,
      promoters: 1,
      detractors: 1,
    });
    await runScoring();
    expect(measureOf(await getHealth(acct.externalId), 'nps').raw).toBe(0);
  });
});
