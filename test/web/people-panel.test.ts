import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Contact } from '../../shared/contracts/contacts';
import PeoplePanel from '../../web/src/components/account/PeoplePanel.vue';
import { i18n } from '../../web/src/i18n';
import { fakeApi } from './fetch';

const HOSTILE = '<img src=x onerror="window.__pwned=1">';
const people: Contact[] = [
  {
    id: 'u7',
    source: 'identified',
    email: 'ana@acme.test',
    name: `Ana ${HOSTILE}`,
    title: 'Head of Ops',
    roles: ['champion'],
    lastSeenAt: '2026-11-30T10:00:00.000Z',
    active: true,
    activity: { weeklyEvents: [9, 7, 8, 6, 2, 1, 0, 0], activeDays: 2, priorActiveDays: 11 },
    latestAnswer: {
      surveyId: 3,
      surveyName: `Q4 NPS ${HOSTILE}`,
      type: 'nps',
      score: 3,
      scale: { min: 0, max: 10 },
      group: 'detractor',
      comment: null,
      answeredAt: '2026-11-28T10:00:00.000Z',
    },
    suppressed: null,
  },
  {
    id: 'u9',
    source: 'identified',
    email: 'bo@acme.test',
    name: null,
    title: null,
    roles: [],
    lastSeenAt: null,
    active: false,
    activity: { weeklyEvents: [0, 0, 0, 0, 0, 0, 0, 0], activeDays: 0, priorActiveDays: 0 },
    latestAnswer: null,
    suppressed: null,
  },
];

const accountNps = { nps: -50, respondents: 2, promoters: 0, passives: 1, detractors: 1, days: 180 };

function serve(nps: typeof accountNps | null = accountNps) {
  let items = people.map((p) => ({ ...p }));
  const server = fakeApi({
    'GET /api/accounts/acme/contacts': () => ({ body: { items, nps } }),
    'PATCH /api/contacts/u9': (req) => {
      items = items.map((p) => (p.id === 'u9' ? { ...p, ...(req.body as object) } : p));
      return { body: items.find((p) => p.id === 'u9') };
    },
    'POST /api/accounts/acme/contacts': (req) => {
      const created = {
        id: 'c1',
        source: 'manual',
        name: null,
        email: null,
        title: null,
        lastSeenAt: null,
        active: true,
        activity: null,
        latestAnswer: null,
        suppressed: null,
        roles: [],
        ...(req.body as object),
      } as Contact;
      items = [...items, created];
      return { status: 201, body: created };
    },
  });
  vi.stubGlobal('fetch', server.fetch);
  return server;
}

afterEach(() => {
  vi.unstubAllGlobals();
  i18n.global.locale.value = 'en';
});

describe('PeoplePanel', () => {
  it('lists people with their roles and deactivated state, user text as text', async () => {
    serve();
    const wrapper = mount(PeoplePanel, {
      props: { externalId: 'acme', canEdit: false },
      global: { plugins: [i18n] },
    });
    await flushPromises();
    const ana = wrapper.get('[data-testid="person-u7"]');
    expect(ana.text()).toContain(`Ana ${HOSTILE}`);
    expect(ana.find('img').exists()).toBe(false);
    expect(ana.get('[data-testid="person-role"]').text()).toBe('Champion');
    expect(wrapper.get('[data-testid="person-u9"]').text()).toContain('bo@acme.test');
    expect(wrapper.find('[data-testid="person-u9"] [data-testid="person-inactive"]').exists()).toBe(true);
    // A viewer sees no edit controls.
    expect(wrapper.find('[data-testid="person-edit"]').exists()).toBe(false);
    expect(wrapper.find('[data-testid="person-add"]').exists()).toBe(false);
  });

  it("shows each person's activity trend as bars with a readable summary; none for people added by hand", async () => {
    serve();
    const wrapper = mount(PeoplePanel, {
      props: { externalId: 'acme', canEdit: true },
      global: { plugins: [i18n] },
    });
    await flushPromises();
    const ana = wrapper.get('[data-testid="person-u7"] [data-testid="person-activity"]');
    expect(ana.attributes('data-trend')).toBe('down');
    expect(ana.get('svg').attributes('aria-label')).toBe(
      'Events per week, oldest first: 9, 7, 8, 6, 2, 1, 0, 0. Active on 2 of the last 28 days, 11 in the 28 before.',
    );
    // One bar per week; empty weeks draw none, the busiest week is full height.
    const heights = ana.findAll('rect').map((r) => Number(r.attributes('height')));
    expect(heights).toEqual([20, 16, 18, 13, 4, 2, 0, 0]);
    expect(ana.text()).toContain('2 active days (28 d)');
    expect(ana.text()).toContain('down from 11');
    expect(
      wrapper.get('[data-testid="person-u9"] [data-testid="person-activity"]').attributes('data-trend'),
    ).toBe('flat');
  });

  it('lets a CSM set roles and add a person, then shows what the server answers', async () => {
    const server = serve();
    const wrapper = mount(PeoplePanel, {
      props: { externalId: 'acme', canEdit: true },
      global: { plugins: [i18n] },
      attachTo: document.body,
    });
    await flushPromises();
    await wrapper.get('[data-testid="person-u9"] [data-testid="person-edit"]').trigger('click');
    const boxes = wrapper.findAll('[data-testid="person-roles-edit"] [role="checkbox"]');
    await boxes[1]!.trigger('click'); // decision maker
    await wrapper.get('[data-testid="person-save"]').trigger('click');
    await flushPromises();
    const patch = server.requests.find((r) => r.method === 'PATCH');
    expect(patch?.body).toEqual({ roles: ['decision_maker'] });
    expect(wrapper.get('[data-testid="person-u9"]').text()).toContain('Decision maker');

    await wrapper.get('[data-testid="person-add"]').trigger('click');
    await wrapper.get('[data-testid="person-name"] input').setValue('Chen Wei');
    await wrapper.get('[data-testid="person-form"]').trigger('submit');
    await flushPromises();
    expect(server.requests.find((r) => r.method === 'POST')?.body).toEqual({ name: 'Chen Wei', roles: [] });
    expect(wrapper.get('[data-testid="person-c1"]').text()).toContain('Chen Wei');
    wrapper.unmount();
  });

  it("shows each person's latest answer and the account's NPS from its people, survey names as text", async () => {
    serve();
    const wrapper = mount(PeoplePanel, {
      props: { externalId: 'acme', canEdit: false },
      global: { plugins: [i18n] },
    });
    await flushPromises();
    const answer = wrapper.get('[data-testid="person-u7"] [data-testid="person-answer"]');
    expect(answer.text()).toContain('3 · Detractor');
    expect(answer.text()).toContain(`Q4 NPS ${HOSTILE}`);
    expect(answer.find('img').exists()).toBe(false);
    expect(wrapper.find('[data-testid="person-u9"] [data-testid="person-answer"] .not-set').exists()).toBe(
      true,
    );
    expect(wrapper.get('[data-testid="people-nps"]').text()).toBe(
      'Account NPS -50 from 2 respondents: 0 promoters, 1 passives, 1 detractors (each person’s latest answer, last 180 days)',
    );
    wrapper.unmount();
    serve(null);
    const none = mount(PeoplePanel, {
      props: { externalId: 'acme', canEdit: false },
      global: { plugins: [i18n] },
    });
    await flushPromises();
    expect(none.find('[data-testid="people-nps"]').exists()).toBe(false);
    expect(none.get('[data-testid="people-nps-none"]').text()).toContain('No NPS answers');
  });

  it('marks a person who unsubscribed from survey mail', async () => {
    const server = serve();
    const unsubscribed = {
      ...people[0]!,
      suppressed: { reason: 'unsubscribed' as const, since: '2026-11-29T08:00:00.000Z' },
    };
    server.fetch.mockImplementation(async () =>
      Response.json({ items: [unsubscribed, people[1]], nps: null }),
    );
    const wrapper = mount(PeoplePanel, {
      props: { externalId: 'acme', canEdit: false },
      global: { plugins: [i18n] },
    });
    await flushPromises();
    expect(wrapper.get('[data-testid="person-u7"] [data-testid="person-suppressed"]').text()).toBe(
      'Unsubscribed',
    );
    expect(wrapper.find('[data-testid="person-u9"] [data-testid="person-suppressed"]').exists()).toBe(false);
  });

  /** The people API plus surveys, mail settings, link creation and invitations; `suppressed` marks Ana's new link. */
  function askServer(suppressed: Contact['suppressed'] = null) {
    const server = serve();
    const extra = fakeApi({
      'GET /api/surveys': () => ({
        body: {
          items: [
            { id: 3, name: 'Q4 NPS', active: true },
            { id: 4, name: 'Old CSAT', active: false },
          ],
        },
      }),
      'GET /api/settings/mail': () => ({ body: { provider: 'local' } }),
      'POST /api/surveys/3/links': () => ({
        status: 201,
        body: {
          links: [
            {
              id: 41,
              accountExternalId: 'acme',
              contact: { email: 'ana@acme.test', name: 'Ana', locale: null },
              url: 'https://kw.test/s/tok-ana',
              expiresAt: '2026-12-30T00:00:00.000Z',
              createdAt: '2026-11-30T00:00:00.000Z',
              answeredAt: null,
              suppressed,
            },
          ],
          skipped: [],
        },
      }),
      'POST /api/surveys/3/invitations': () => ({
        status: 202,
        body: { queued: [{ linkId: 41, mailId: 9, email: 'ana@acme.test' }], skipped: [] },
      }),
    });
    const contacts = server.fetch.getMockImplementation()!;
    server.fetch.mockImplementation((input, init) =>
      String(input).startsWith('/api/accounts/') ? contacts(input, init) : extra.fetch(input, init),
    );
    return extra;
  }

  async function askAna() {
    const wrapper = mount(PeoplePanel, {
      props: { externalId: 'acme', canEdit: true, canAsk: true },
      global: { plugins: [i18n] },
    });
    await flushPromises();
    await wrapper.get('[data-testid="person-u7"] [data-testid="person-ask"]').trigger('click');
    await flushPromises();
    const select = wrapper.get('[data-testid="ask-survey"]');
    expect(select.findAll('option').map((o) => o.text())).toEqual(['Choose a survey', 'Q4 NPS']);
    await select.setValue('3');
    await wrapper.get('[data-testid="ask-person"] form').trigger('submit');
    await flushPromises();
    return wrapper;
  }

  it('lets an admin ask one person: their link of the chosen survey, then email it when mail is set up', async () => {
    const server = askServer();
    const wrapper = await askAna();
    // Only people who can be asked (active, with an email) get the action.
    expect(wrapper.find('[data-testid="person-u9"] [data-testid="person-ask"]').exists()).toBe(false);
    const post = server.requests.find((r) => r.method === 'POST' && r.url === '/api/surveys/3/links');
    expect(post?.body).toEqual({ people: { ids: ['u7'] } });
    expect(wrapper.get('[data-testid="ask-link"]').text()).toContain('https://kw.test/s/tok-ana');
    await wrapper.get('[data-testid="ask-email"]').trigger('click');
    await flushPromises();
    const invite = server.requests.find((r) => r.url === '/api/surveys/3/invitations');
    expect(invite?.body).toEqual({ linkIds: [41] });
    expect(wrapper.get('[data-testid="ask-email-result"]').text()).toBe('Queued to ana@acme.test.');
  });

  it('offers no emailing of a link to someone who unsubscribed, and no asking to a CSM', async () => {
    const server = askServer({ reason: 'unsubscribed', since: '2026-11-29T08:00:00.000Z' });
    const wrapper = await askAna();
    expect(wrapper.get('[data-testid="ask-link"]').text()).toContain('https://kw.test/s/tok-ana');
    expect(wrapper.find('[data-testid="ask-email"]').exists()).toBe(false);
    expect(wrapper.get('[data-testid="ask-suppressed"]').text()).toContain('unsubscribed from survey mail');
    expect(server.requests.some((r) => r.url.endsWith('/invitations'))).toBe(false);
    wrapper.unmount();

    const csm = mount(PeoplePanel, {
      props: { externalId: 'acme', canEdit: true },
      global: { plugins: [i18n] },
    });
    await flushPromises();
    expect(csm.find('[data-testid="person-ask"]').exists()).toBe(false);
    csm.unmount();
  });

  it('speaks Chinese', async () => {
    serve();
    i18n.global.locale.value = 'zh';
    const wrapper = mount(PeoplePanel, {
      props: { externalId: 'acme', canEdit: true },
      global: { plugins: [i18n] },
    });
    await flushPromises();
    expect(wrapper.text()).toContain('联系人');
    expect(wrapper.get('[data-testid="person-role"]').text()).toBe('拥护者');
    expect(wrapper.get('[data-testid="person-u7"] [data-testid="person-answer"]').text()).toContain(
      '3 分 · 贬损者',
    );
    expect(wrapper.get('[data-testid="people-nps"]').text()).toContain('客户 NPS -50');
    expect(wrapper.get('[data-testid="people-nps"]').text()).toContain('贬损者 1 位');
  });
});
