import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import type { Contact } from '../../shared/contracts/contacts';
import type { SurveyLinkDto } from '../../shared/contracts/surveys';
import { getDb } from '../../worker/common/db';
import { suppress } from '../../worker/mail/store';
import { admin, seedAccount, uid } from './helpers';
import { createLinks, createSurvey } from './surveys-helpers';

const contactsOf = async (externalId: string) =>
  (await (await admin(`/api/accounts/${externalId}/contacts`)).json<{ items: Contact[] }>()).items;

describe('suppressed addresses', () => {
  it('show on the account’s people and on survey links, old and new, once the person unsubscribed', async () => {
    const account = await seedAccount();
    const email = `${uid('unsub')}@example.com`;
    const user = await env.DB.prepare(
      'INSERT INTO users (external_id, account_id, email, name, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id',
    )
      .bind(uid('user'), account.id, email.toUpperCase(), 'Una', Date.now())
      .first<{ id: number }>();
    const added = await admin(`/api/accounts/${account.externalId}/contacts`, {
      body: { name: 'Hand', email: `${uid('hand')}@example.com` },
    });
    expect(added.status).toBe(201);
    expect((await added.json<Contact>()).suppressed).toBeNull();
    const survey = await createSurvey();
    const first = await createLinks(survey.id, { people: { ids: [`u${user!.id}`] } });
    expect(first.links[0]!.suppressed).toBeNull();

    const before = Date.now();
    await suppress(getDb(env.DB), email, first.links[0]!.id, before);

    const people = await contactsOf(account.externalId);
    expect(people.find((c) => c.id === `u${user!.id}`)?.suppressed).toEqual({
      reason: 'unsubscribed',
      since: new Date(before).toISOString(),
    });
    expect(people.find((c) => c.name === 'Hand')?.suppressed).toBeNull();
    const one = await admin(`/api/contacts/u${user!.id}`, { method: 'PATCH', body: { roles: ['champion'] } });
    expect((await one.json<Contact>()).suppressed).toMatchObject({ reason: 'unsubscribed' });

    const listed = await (await admin(`/api/surveys/${survey.id}/links`)).json<{ items: SurveyLinkDto[] }>();
    expect(listed.items.map((l) => l.suppressed?.reason ?? null)).toEqual(['unsubscribed']);
    const csv = (await (await admin(`/api/surveys/${survey.id}/links.csv`)).text()).trim().split(/\r?\n/);
    expect(csv[0]).toMatch(/,unsubscribedAt$/);
    expect(csv[1]).toMatch(new RegExp(`,${new Date(before).toISOString()}$`));
    // A new link for them says so at once: it can be shared, not emailed.
    const other = await createSurvey();
    const fresh = await createLinks(other.id, { people: { ids: [`u${user!.id}`] } });
    expect(fresh.links[0]!.suppressed).toMatchObject({ reason: 'unsubscribed' });
  });
});
