import { flushPromises, mount } from '@vue/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { type Component, defineComponent, h } from 'vue';
import { createMemoryHistory, createRouter } from 'vue-router';
import type { Role } from '../../shared/contracts/auth';
import type {
  CreateLinksResult,
  SurveyAccountResults,
  SurveyDto,
  SurveyResponseDto,
  SurveySummaryDto,
} from '../../shared/contracts/surveys';
import { DEFAULT_QUESTIONS } from '../../shared/surveys/types';
import GenerateLinks from '../../web/src/components/surveys/GenerateLinks.vue';
import SurveyForm from '../../web/src/components/surveys/SurveyForm.vue';
import {
  newSurveyValues,
  surveyValues,
  validateCreate,
  validateLinks,
  validateUpdate,
  withType,
} from '../../web/src/components/surveys/survey-form';
import { chartAxis, formatMetric } from '../../web/src/components/surveys/survey-format';
import { member } from '../../web/src/composables/auth-session';
import { i18n } from '../../web/src/i18n';
import { routes } from '../../web/src/router';
import SurveysView from '../../web/src/views/SurveysView.vue';
import SurveyView from '../../web/src/views/SurveyView.vue';
import { errorBody, fakeApi } from './fetch';

const XSS = '<img src=x onerror="window.__pwned = true">';

// ECharts needs layout happy-dom does not do; the stub keeps the chart's name and text summary.
const ChartFrame = defineComponent({
  props: { label: String, summary: String },
  setup: (props) => () => h('figure', { 'aria-label': props.label }, props.summary),
});
const Page = defineComponent({ render: () => null });

function signIn(role: Role) {
  member.value = { id: 1, email: 'ana@example.com', name: 'Ana', role };
}

function surveyDto(overrides: Partial<SurveyDto> = {}): SurveyDto {
  return {
    id: 7,
    type: 'nps',
    name: 'Quarterly NPS',
    scale: { min: 0, max: 10 },
    direction: 'ease',
    followUp: true,
    questions: { ...DEFAULT_QUESTIONS.nps },
    defaultLocale: 'en',
    active: true,
    quietPeriodDays: 90,
    linkExpiryDays: 30,
    recurrence: null,
    webhookUrl: null,
    webhookConfigured: false,
    lastRun: null,
    stats: { sent: 4, responses: 1 },
    createdAt: '2026-11-01T00:00:00.000Z',
    updatedAt: '2026-11-01T00:00:00.000Z',
    ...overrides,
  };
}

async function mountWith(
  component: Component,
  path: string,
  apiRoutes: Parameters<typeof fakeApi>[0],
  props = {},
) {
  const server = fakeApi(apiRoutes);
  vi.stubGlobal('fetch', server.fetch);
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/surveys', name: 'surveys', component: Page },
      { path: '/surveys/:id', name: 'survey', component: Page },
      { path: '/accounts/:externalId', name: 'account', component: Page },
    ],
  });
  await router.push(path);
  const wrapper = mount(component, {
    props,
    global: { plugins: [i18n, router], stubs: { ChartFrame } },
    attachTo: document.body,
  });
  await flushPromises();
  return { wrapper, router, requests: server.requests };
}

const urlOf = (url: string) => new URL(url, 'http://x');

describe('survey form logic', () => {
  it('starts a new survey with the type’s texts in both languages and switches them with the type until edited', () => {
    const values = newSurveyValues('nps');
    expect(values.texts['zh-CN'].question).toBe(DEFAULT_QUESTIONS.nps['zh-CN']!.question);
    expect(withType(values, 'csat').texts.en.question).toBe(DEFAULT_QUESTIONS.csat.en!.question);
    const edited = {
      ...values,
      texts: { ...values.texts, en: { ...values.texts.en, question: 'Would you recommend Acme?' } },
    };
    expect(withType(edited, 'csat').texts.en.question).toBe('Would you recommend Acme?');
  });

  it('builds the create body and rejects what the API would', () => {
    const ok = validateCreate({
      ...newSurveyValues('ces'),
      name: '  Support effort ',
      scaleMin: 1,
      scaleMax: 5,
      quietPeriodDays: 30,
      recurrenceOn: true,
      everyDays: 60,
      recurrenceSegment: 'enterprise',
      webhookUrl: 'https://hooks.example.com/survey',
    });
    expect(ok.ok && ok.payload).toMatchObject({
      type: 'ces',
      name: 'Support effort',
      scale: { min: 1, max: 5 },
      followUp: true,
      defaultLocale: 'en',
      quietPeriodDays: 30,
      linkExpiryDays: 30,
      recurrence: { everyDays: 60, segment: 'enterprise' },
      webhookUrl: 'https://hooks.example.com/survey',
    });
    expect(ok.ok && Object.keys(ok.payload.questions)).toEqual(['en', 'zh-CN']);
    const nps = validateCreate({ ...newSurveyValues('nps'), name: 'x' });
    expect(nps.ok && nps.payload).not.toHaveProperty('scale');
    expect(nps.ok && nps.payload).not.toHaveProperty('recurrence');

    const bad = validateCreate({
      ...newSurveyValues('ces'),
      name: ' ',
      scaleMin: 1,
      scaleMax: 2,
      texts: {
        ...newSurveyValues('ces').texts,
        'zh-CN': { ...newSurveyValues('ces').texts['zh-CN'], lowLabel: ' ' },
      },
      quietPeriodDays: 731,
      linkExpiryDays: '',
      recurrenceOn: true,
      everyDays: 3,
      webhookUrl: 'ftp://example.com',
    });
    expect(bad).toEqual({
      ok: false,
      errors: {
        name: 'nameRequired',
        scale: 'scaleInvalid',
        'texts.zh-CN.lowLabel': 'textRequired',
        quietPeriodDays: 'quietRange',
        linkExpiryDays: 'expiryRange',
        everyDays: 'everyRange',
        webhookUrl: 'webhookInvalid',
      },
    });
  });

  it('sends only what changed on edit, keeping an unchanged recurrence', () => {
    const survey = surveyDto({
      recurrence: { everyDays: 90, segment: null, nextRunAt: '2027-01-01T02:00:00.000Z' },
    });
    expect(validateUpdate(survey, surveyValues(survey))).toEqual({ ok: true, payload: {} });
    const values = surveyValues(survey);
    values.active = false;
    values.texts.en.question = 'Would you recommend Acme?';
    expect(validateUpdate(survey, values)).toEqual({
      ok: true,
      payload: {
        active: false,
        questions: { en: { ...DEFAULT_QUESTIONS.nps.en!, question: 'Would you recommend Acme?' } },
      },
    });
    values.recurrenceOn = false;
    const off = validateUpdate(survey, values);
    expect(off.ok && off.payload.recurrence).toBeNull();
  });

  it('builds the links body for accounts, a segment or a CSV', () => {
    const base = { accounts: [], segment: '', csv: '', expiresInDays: '' };
    expect(validateLinks({ ...base, mode: 'accounts', accounts: ['acme', 'globex'] })).toEqual({
      ok: true,
      payload: { accounts: ['acme', 'globex'] },
    });
    expect(validateLinks({ ...base, mode: 'segment', segment: 'smb', expiresInDays: 14 })).toEqual({
      ok: true,
      payload: { segment: 'smb', expiresInDays: 14 },
    });
    const csv = 'Email,account_external_id,name,locale\nana@acme.com,acme,Ana,zh-CN\n';
    expect(validateLinks({ ...base, mode: 'csv', csv })).toEqual({ ok: true, payload: { csv } });
    expect(validateLinks({ ...base, mode: 'accounts' })).toEqual({
      ok: false,
      errors: { accounts: 'accountsRequired' },
    });
    expect(validateLinks({ ...base, mode: 'segment', expiresInDays: 400 })).toEqual({
      ok: false,
      errors: { segment: 'segmentRequired', expiresInDays: 'expiryRange' },
    });
    expect(validateLinks({ ...base, mode: 'csv', csv: 'ana@acme.com,acme' })).toEqual({
      ok: false,
      errors: { csv: 'csvHeader' },
    });
    expect(validateLinks({ ...base, mode: 'csv', csv: 'email,accountExternalId\n' })).toEqual({
      ok: false,
      errors: { csv: 'csvEmpty' },
    });
  });

  it('builds the links body for people: of accounts or a segment (roles optional), or of every account by role', () => {
    const base = { accounts: [], segment: '', csv: '', expiresInDays: '', mode: 'people' as const };
    expect(validateLinks({ ...base, peopleScope: 'accounts', accounts: ['acme'], roles: [] })).toEqual({
      ok: true,
      payload: { people: { accounts: ['acme'] } },
    });
    expect(
      validateLinks({
        ...base,
        peopleScope: 'segment',
        segment: 'smb',
        roles: ['champion'],
        expiresInDays: 7,
      }),
    ).toEqual({ ok: true, payload: { people: { segment: 'smb', roles: ['champion'] }, expiresInDays: 7 } });
    expect(validateLinks({ ...base, peopleScope: 'all', roles: ['decision_maker'] })).toEqual({
      ok: true,
      payload: { people: { roles: ['decision_maker'] } },
    });
    expect(validateLinks({ ...base, peopleScope: 'all', roles: [] })).toEqual({
      ok: false,
      errors: { roles: 'rolesRequired' },
    });
    expect(validateLinks({ ...base, peopleScope: 'segment' })).toEqual({
      ok: false,
      errors: { segment: 'segmentRequired' },
    });
  });

  it('formats each type’s headline number and maps it onto the trend axis', () => {
    expect(formatMetric('nps', 20, 'en-US')).toBe('+20');
    expect(formatMetric('nps', -33.4, 'en-US')).toBe('-33');
    expect(formatMetric('csat', 0.8, 'en-US')).toBe('80%');
    expect(formatMetric('ces', 5.25, 'en-US')).toBe('5.3');
    expect(formatMetric('nps', null, 'en-US')).toBe('—');
    expect(chartAxis('csat', { min: 1, max: 5 }).toChart(0.8)).toBe(80);
    expect(chartAxis('ces', { min: 1, max: 7 })).toMatchObject({ min: 1, max: 7 });
  });
});

describe('SurveyForm', () => {
  it('shows what is wrong and sends nothing', async () => {
    const { wrapper, requests } = await mountWith(SurveyForm, '/surveys', {});
    await wrapper.find('input[name="en.question"]').setValue(' ');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(wrapper.text()).toContain('Give the survey a name.');
    expect(wrapper.find('input[name="name"]').attributes('aria-invalid')).toBe('true');
    expect(wrapper.find('input[name="en.question"]').attributes('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(wrapper.find('input[name="name"]').element);
    expect(requests).toHaveLength(0);
    wrapper.unmount();
  });

  it('creates a CSAT survey with the CSAT texts prefilled', async () => {
    let posted: unknown;
    const { wrapper } = await mountWith(SurveyForm, '/surveys', {
      'POST /api/surveys': (req) => {
        posted = req.body;
        return { status: 201, body: surveyDto({ id: 12, type: 'csat', name: 'Support CSAT' }) };
      },
    });
    expect(wrapper.find('[data-testid="survey-create-form"]').exists()).toBe(true);
    await wrapper.find('select[name="type"]').setValue('csat');
    expect((wrapper.find('input[name="zh-CN.question"]').element as HTMLInputElement).value).toBe(
      DEFAULT_QUESTIONS.csat['zh-CN']!.question,
    );
    await wrapper.find('input[name="name"]').setValue('Support CSAT');
    await wrapper.find('[data-testid="survey-followup"]').trigger('click');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(posted).toEqual({
      type: 'csat',
      name: 'Support CSAT',
      followUp: false,
      questions: { en: DEFAULT_QUESTIONS.csat.en, 'zh-CN': DEFAULT_QUESTIONS.csat['zh-CN'] },
      defaultLocale: 'en',
      quietPeriodDays: 90,
      linkExpiryDays: 30,
    });
    expect(wrapper.emitted('saved')?.[0]?.[0]).toMatchObject({ id: 12 });
    wrapper.unmount();
  });

  it('edits a survey with a PATCH of the changed fields, and says when nothing changed', async () => {
    let patched: unknown;
    const survey = surveyDto();
    const { wrapper, requests } = await mountWith(
      SurveyForm,
      '/surveys/7',
      {
        'PATCH /api/surveys/7': (req) => {
          patched = req.body;
          return { body: { ...survey, active: false } };
        },
      },
      { survey },
    );
    expect(wrapper.find('select[name="type"]').exists()).toBe(false);
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(wrapper.text()).toContain('Nothing has changed.');
    expect(requests).toHaveLength(0);

    await wrapper.find('[data-testid="survey-active"]').trigger('click');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(patched).toEqual({ active: false });
    expect(wrapper.text()).toContain('Settings saved');
    wrapper.unmount();
  });

  it('shows the API’s refusal with its request id', async () => {
    const { wrapper } = await mountWith(SurveyForm, '/surveys', {
      'POST /api/surveys': () => ({
        status: 400,
        body: errorBody('VALIDATION_FAILED', 'no segment "vip"', 'req-9'),
      }),
    });
    await wrapper.find('input[name="name"]').setValue('NPS');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(wrapper.text()).toContain('Could not create the survey');
    expect(wrapper.find('[data-testid="request-id"]').text()).toBe('req-9');
    wrapper.unmount();
  });
});

const created: CreateLinksResult = {
  links: [
    {
      id: 31,
      accountExternalId: 'acme',
      contact: null,
      url: 'https://cs.example.com/s/tok-31',
      expiresAt: '2026-12-25T00:00:00.000Z',
      createdAt: '2026-11-25T00:00:00.000Z',
      answeredAt: null,
      suppressed: null,
    },
  ],
  skipped: [
    {
      accountExternalId: 'globex',
      contact: { email: 'gil@globex.com', name: 'Gil', locale: null },
      reason: 'quiet_period',
      lastAskedAt: '2026-11-20T00:00:00.000Z',
    },
    { accountExternalId: 'nope', contact: null, reason: 'unknown_account', lastAskedAt: null },
  ],
};

describe('GenerateLinks', () => {
  it('finds accounts, creates their links and lists the links and the skipped', async () => {
    let posted: unknown;
    const { wrapper, requests } = await mountWith(
      GenerateLinks,
      '/surveys/7',
      {
        'GET /api/accounts': () => ({
          body: {
            items: [
              { externalId: 'acme', name: 'Acme Corp' },
              { externalId: 'acme-labs', name: 'Acme Labs' },
            ],
            nextCursor: null,
            total: 2,
          },
        }),
        'POST /api/surveys/7/links': (req) => {
          posted = req.body;
          return { status: 201, body: created };
        },
      },
      { survey: surveyDto(), canCreate: true },
    );
    await wrapper.find('select[name="mode"]').setValue('accounts');
    const form = wrapper.find('[data-testid="generate-links-form"]');
    await form.trigger('submit');
    expect(wrapper.text()).toContain('Choose at least one account.');

    await wrapper.find('[data-testid="links-account-search"]').setValue('acme');
    await new Promise((resolve) => setTimeout(resolve, 300));
    await flushPromises();
    const search = requests.find((r) => r.url.startsWith('/api/accounts'));
    expect(urlOf(search!.url).searchParams.get('q')).toBe('acme');
    await wrapper.find('[aria-label="Add Acme Corp"]').trigger('click');
    expect(wrapper.find('[data-testid="links-selected"]').text()).toContain('Acme Corp');
    expect(wrapper.find('[aria-label="Add Acme Corp"]').exists()).toBe(false);
    await form.trigger('submit');
    await flushPromises();

    expect(posted).toEqual({ accounts: ['acme'] });
    const result = wrapper.find('[data-testid="generated-links"]');
    expect(result.text()).toContain('1 link created');
    expect(result.text()).toContain('2 skipped');
    expect(result.find('[data-testid="generated-link-url"]').text()).toBe('https://cs.example.com/s/tok-31');
    expect(wrapper.find('[data-testid="skipped-links"]').text()).toContain('Gil <gil@globex.com>');
    expect(wrapper.find('[data-testid="skipped-links"]').text()).toContain('within the quiet period');
    expect(wrapper.find('[data-testid="skipped-links"]').text()).toContain('no such account');
    expect(wrapper.find('[data-testid="links-csv"]').attributes('href')).toBe('/api/surveys/7/links.csv');

    const writeText = vi.fn(async () => undefined);
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
    await result.find('button').trigger('click');
    await flushPromises();
    expect(writeText).toHaveBeenCalledWith('https://cs.example.com/s/tok-31');
    expect(result.find('button').text()).toBe('Copied');
    wrapper.unmount();
  });

  it('asks people by role: of chosen accounts (the default), of a segment, or of every account (a role required); people skips say why', async () => {
    const posted: unknown[] = [];
    const { wrapper } = await mountWith(
      GenerateLinks,
      '/surveys/7',
      {
        'GET /api/accounts': () => ({
          body: { items: [{ externalId: 'acme', name: 'Acme Corp' }], nextCursor: null, total: 1 },
        }),
        'POST /api/surveys/7/links': (req) => {
          posted.push(req.body);
          return {
            status: 201,
            body: {
              links: [],
              skipped: [
                {
                  accountExternalId: 'acme',
                  contact: { email: 'gone@acme.com', name: 'Gone', locale: null },
                  person: { id: 'u4', name: 'Gone' },
                  reason: 'deactivated',
                  lastAskedAt: null,
                },
                {
                  accountExternalId: 'acme',
                  contact: null,
                  person: { id: 'c2', name: 'No Mail <b>x</b>' },
                  reason: 'no_email',
                  lastAskedAt: null,
                },
              ],
            },
          };
        },
      },
      { survey: surveyDto(), canCreate: true, segments: [{ id: 'smb', name: 'Small business' }] },
    );
    const form = wrapper.find('[data-testid="generate-links-form"]');
    expect((wrapper.find('select[name="mode"]').element as HTMLSelectElement).value).toBe('people');
    await wrapper.find('[data-testid="links-account-search"]').setValue('acme');
    await new Promise((resolve) => setTimeout(resolve, 300));
    await flushPromises();
    await wrapper.find('[aria-label="Add Acme Corp"]').trigger('click');
    const roles = () => wrapper.findAll('[data-testid="links-roles"] [role="checkbox"]');
    await roles()[0]!.trigger('click'); // champion
    await roles()[1]!.trigger('click'); // decision maker
    await form.trigger('submit');
    await flushPromises();
    expect(posted.at(-1)).toEqual({ people: { accounts: ['acme'], roles: ['champion', 'decision_maker'] } });
    const skips = wrapper.get('[data-testid="skipped-links"]');
    expect(skips.text()).toContain('Gone <gone@acme.com>');
    expect(skips.text()).toContain('deactivated');
    expect(skips.text()).toContain('No Mail <b>x</b> · acme');
    expect(skips.text()).toContain('no email to send to');
    expect(skips.find('b').exists()).toBe(false);

    await wrapper.find('select[name="peopleScope"]').setValue('segment');
    await wrapper.find('select[name="segment"]').setValue('smb');
    await form.trigger('submit');
    await flushPromises();
    expect(posted.at(-1)).toEqual({ people: { segment: 'smb', roles: ['champion', 'decision_maker'] } });

    await wrapper.find('select[name="peopleScope"]').setValue('all');
    await roles()[0]!.trigger('click');
    await roles()[1]!.trigger('click');
    await form.trigger('submit');
    await flushPromises();
    expect(wrapper.text()).toContain('Tick at least one role.');
    expect(posted).toHaveLength(2);
    await roles()[0]!.trigger('click');
    await form.trigger('submit');
    await flushPromises();
    expect(posted.at(-1)).toEqual({ people: { roles: ['champion'] } });
    wrapper.unmount();
  });

  it('asks the people picked among the chosen accounts by id, listing only those who can be asked', async () => {
    const posted: unknown[] = [];
    const person = (id: string, over: object = {}) => ({
      id,
      source: 'identified',
      email: `${id}@acme.com`,
      name: `Person ${id}`,
      title: null,
      roles: [],
      lastSeenAt: null,
      active: true,
      activity: null,
      latestAnswer: null,
      ...over,
    });
    const { wrapper } = await mountWith(
      GenerateLinks,
      '/surveys/7',
      {
        'GET /api/accounts': () => ({
          body: { items: [{ externalId: 'acme', name: 'Acme Corp' }], nextCursor: null, total: 1 },
        }),
        'GET /api/accounts/acme/contacts': () => ({
          body: {
            items: [
              person('u1', { name: '<i>Ana</i>' }),
              person('u2'),
              person('u3', { active: false }),
              person('c4', { email: null }),
            ],
            nps: null,
          },
        }),
        'POST /api/surveys/7/links': (req) => {
          posted.push(req.body);
          return { status: 201, body: { links: [], skipped: [] } };
        },
      },
      { survey: surveyDto(), canCreate: true },
    );
    await wrapper.find('[data-testid="links-account-search"]').setValue('acme');
    await new Promise((resolve) => setTimeout(resolve, 300));
    await flushPromises();
    await wrapper.find('[aria-label="Add Acme Corp"]').trigger('click');
    await flushPromises();
    const pick = wrapper.get('[data-testid="links-people-pick"]');
    const boxes = pick.findAll('[role="checkbox"]');
    expect(boxes).toHaveLength(2);
    expect(pick.text()).toContain('<i>Ana</i> <u1@acme.com> · acme');
    expect(pick.find('i').exists()).toBe(false);
    await boxes[0]!.trigger('click');
    await wrapper.get('[data-testid="generate-links-form"]').trigger('submit');
    await flushPromises();
    expect(posted).toEqual([{ people: { ids: ['u1'] } }]);
    wrapper.unmount();
  });

  it('creates links for a segment', async () => {
    let posted: unknown;
    const { wrapper } = await mountWith(
      GenerateLinks,
      '/surveys/7',
      {
        'POST /api/surveys/7/links': (req) => {
          posted = req.body;
          return { status: 201, body: { links: [], skipped: [] } };
        },
      },
      { survey: surveyDto(), canCreate: true, segments: [{ id: 'smb', name: 'Small business' }] },
    );
    await wrapper.find('select[name="mode"]').setValue('segment');
    await wrapper.find('select[name="segment"]').setValue('smb');
    await wrapper.find('input[type="number"]').setValue('14');
    await wrapper.find('[data-testid="generate-links-form"]').trigger('submit');
    await flushPromises();
    expect(posted).toEqual({ segment: 'smb', expiresInDays: 14 });
    expect(wrapper.find('[data-testid="generated-links"]').text()).toContain('No links created');
    wrapper.unmount();
  });

  it('emails the invitations of the links made for people with an email, and says which were skipped and why', async () => {
    let invited: unknown;
    const link = (id: number, email: string | null) => ({
      id,
      accountExternalId: 'acme',
      contact: email ? { email, name: null, locale: null } : null,
      url: `https://cs.example.com/s/tok-${id}`,
      expiresAt: '2026-12-25T00:00:00.000Z',
      createdAt: '2026-11-25T00:00:00.000Z',
      answeredAt: null,
    });
    const { wrapper } = await mountWith(
      GenerateLinks,
      '/surveys/7',
      {
        'POST /api/surveys/7/links': () => ({
          status: 201,
          body: { links: [link(41, 'ana@acme.test'), link(42, null), link(43, 'bo@acme.test')], skipped: [] },
        }),
        'POST /api/surveys/7/invitations': (req) => {
          invited = req.body;
          return {
            status: 200,
            body: {
              queued: [{ linkId: 41, mailId: 9, email: 'ana@acme.test' }],
              skipped: [{ linkId: 43, reason: 'unsubscribed' }],
            },
          };
        },
      },
      { survey: surveyDto(), canCreate: true, segments: [{ id: 'smb', name: 'Small business' }] },
    );
    await wrapper.find('select[name="mode"]').setValue('segment');
    await wrapper.find('select[name="segment"]').setValue('smb');
    await wrapper.find('[data-testid="generate-links-form"]').trigger('submit');
    await flushPromises();
    const send = wrapper.find('[data-testid="links-email-send"]');
    // Only the two links with an email can be emailed.
    expect(send.text()).toBe('Email these 2 invitations');
    await send.trigger('click');
    await flushPromises();
    expect(invited).toEqual({ linkIds: [41, 43] });
    expect(wrapper.find('[data-testid="links-email-result"]').text()).toBe(
      '1 invitation queued for sending.',
    );
    expect(wrapper.find('[data-testid="links-email-skipped"]').text()).toContain('bo@acme.test');
    expect(wrapper.find('[data-testid="links-email-skipped"]').text()).toContain(
      'unsubscribed from survey mail',
    );
    // Sent once: the button does not queue the same invitations twice.
    expect(wrapper.find('[data-testid="links-email-send"]').attributes('disabled')).toBeDefined();
    wrapper.unmount();
  });

  it('marks new links whose contact unsubscribed, and does not offer to email them', async () => {
    const link = (id: number, email: string, suppressed: boolean) => ({
      id,
      accountExternalId: 'acme',
      contact: { email, name: null, locale: null },
      url: `https://cs.example.com/s/tok-${id}`,
      expiresAt: '2026-12-25T00:00:00.000Z',
      createdAt: '2026-11-25T00:00:00.000Z',
      answeredAt: null,
      suppressed: suppressed ? { reason: 'unsubscribed', since: '2026-11-20T00:00:00.000Z' } : null,
    });
    const { wrapper } = await mountWith(
      GenerateLinks,
      '/surveys/7',
      {
        'POST /api/surveys/7/links': () => ({
          status: 201,
          body: { links: [link(41, 'ana@acme.test', false), link(43, 'bo@acme.test', true)], skipped: [] },
        }),
      },
      { survey: surveyDto(), canCreate: true, segments: [{ id: 'smb', name: 'Small business' }] },
    );
    await wrapper.find('select[name="mode"]').setValue('segment');
    await wrapper.find('select[name="segment"]').setValue('smb');
    await wrapper.find('[data-testid="generate-links-form"]').trigger('submit');
    await flushPromises();
    const rows = wrapper.findAll('[data-testid="generated-link"]');
    expect(rows.map((r) => r.find('[data-testid="generated-link-suppressed"]').exists())).toEqual([
      false,
      true,
    ]);
    expect(rows[1]!.text()).toContain('Unsubscribed');
    expect(wrapper.find('[data-testid="links-email-send"]').text()).toBe('Email this invitation');
    wrapper.unmount();
  });

  it('creates links for pasted or uploaded CSV contacts, checking the header first', async () => {
    let posted: unknown;
    const { wrapper, requests } = await mountWith(
      GenerateLinks,
      '/surveys/7',
      {
        'POST /api/surveys/7/links': (req) => {
          posted = req.body;
          return { status: 201, body: created };
        },
      },
      { survey: surveyDto(), canCreate: true },
    );
    await wrapper.find('select[name="mode"]').setValue('csv');
    await wrapper.find('textarea[name="csv"]').setValue('ana@acme.com,acme');
    await wrapper.find('[data-testid="generate-links-form"]').trigger('submit');
    await flushPromises();
    expect(wrapper.text()).toContain('The first row must name the columns');
    expect(requests).toHaveLength(0);

    const csv = 'email,accountExternalId,name,locale\nana@acme.com,acme,Ana,zh-CN\nbo@acme.com,acme,,\n';
    const input = wrapper.find('[data-testid="links-csv-file"]');
    Object.defineProperty(input.element, 'files', {
      value: [new File([csv], 'contacts.csv', { type: 'text/csv' })],
    });
    await input.trigger('change');
    await flushPromises();
    expect(wrapper.text()).toContain('2 contacts');
    await wrapper.find('[data-testid="generate-links-form"]').trigger('submit');
    await flushPromises();
    expect(posted).toEqual({ csv });
    wrapper.unmount();
  });

  it('explains that an inactive survey creates no links', async () => {
    const { wrapper } = await mountWith(
      GenerateLinks,
      '/surveys/7',
      {},
      { survey: surveyDto({ active: false }), canCreate: true },
    );
    expect(wrapper.find('[data-testid="generate-links-form"]').exists()).toBe(false);
    expect(wrapper.text()).toContain('Activate the survey to create links.');
    wrapper.unmount();
  });
});

describe('SurveysView', () => {
  it('lists surveys with their response rate; viewers get no create button', async () => {
    signIn('viewer');
    const { wrapper } = await mountWith(SurveysView, '/surveys', {
      'GET /api/surveys': () => ({
        body: {
          items: [
            surveyDto(),
            surveyDto({
              id: 8,
              name: 'Effort',
              type: 'ces',
              active: false,
              stats: { sent: 0, responses: 0 },
            }),
          ],
        },
      }),
    });
    const rows = wrapper.findAll('[data-testid="surveys-list"] tbody tr');
    expect(rows).toHaveLength(2);
    expect(rows[0]!.text()).toContain('Quarterly NPS');
    expect(rows[0]!.text()).toContain('25%');
    expect(rows[0]!.find('a').attributes('href')).toBe('/surveys/7');
    expect(rows[1]!.text()).toContain('Inactive');
    expect(rows[1]!.text()).toContain('—');
    expect(wrapper.find('[data-testid="survey-new"]').exists()).toBe(false);
    wrapper.unmount();
  });

  it('lets an admin create the first survey and opens it', async () => {
    signIn('admin');
    const { wrapper, router } = await mountWith(SurveysView, '/surveys', {
      'GET /api/surveys': () => ({ body: { items: [] } }),
      'POST /api/surveys': () => ({ status: 201, body: surveyDto({ id: 15 }) }),
    });
    expect(wrapper.text()).toContain('No surveys yet');
    await wrapper.find('[data-testid="survey-new"]').trigger('click');
    await wrapper.find('input[name="name"]').setValue('Quarterly NPS');
    await wrapper.find('[data-testid="survey-create-form"]').trigger('submit');
    await flushPromises();
    expect(router.currentRoute.value.fullPath).toBe('/surveys/15');
    wrapper.unmount();
  });
});

const summary: SurveySummaryDto = {
  surveyId: 7,
  type: 'nps',
  scale: { min: 0, max: 10 },
  direction: 'ease',
  days: 90,
  from: '2026-08-27T00:00:00.000Z',
  to: '2026-11-25T00:00:00.000Z',
  responses: 4,
  sent: 8,
  responseRate: 0.5,
  nps: 25,
  csat: null,
  ces: null,
  groups: [
    { group: 'detractor', count: 1 },
    { group: 'passive', count: 1 },
    { group: 'promoter', count: 2 },
  ],
  distribution: Array.from({ length: 11 }, (_, score) => ({
    score,
    count: [3, 8, 9, 10].includes(score) ? 1 : 0,
  })),
  trend: [
    { month: '2026-10', responses: 0, value: null },
    { month: '2026-11', responses: 4, value: 25 },
  ],
};

function response(id: number, overrides: Partial<SurveyResponseDto> = {}): SurveyResponseDto {
  return {
    id,
    linkId: id,
    accountExternalId: 'acme',
    accountName: 'Acme Corp',
    contact: { email: 'ana@acme.com', name: 'Ana', locale: 'zh-CN' },
    score: 3,
    group: 'detractor',
    comment: null,
    locale: 'zh-CN',
    respondedAt: '2026-11-24T10:00:00.000Z',
    updatedAt: '2026-11-24T10:00:00.000Z',
    followUps: [],
    ...overrides,
  };
}

const accountResults: SurveyAccountResults = {
  surveyId: 7,
  type: 'nps',
  days: 90,
  accounts: 3,
  items: [
    {
      accountExternalId: 'globex',
      accountName: `Globex ${XSS}`,
      respondents: 2,
      value: -50,
      groups: [
        { group: 'detractor', count: 1 },
        { group: 'passive', count: 1 },
        { group: 'promoter', count: 0 },
      ],
      lastAnsweredAt: '2026-11-20T00:00:00.000Z',
    },
    {
      accountExternalId: 'acme',
      accountName: 'Acme',
      respondents: 3,
      value: 100 / 3,
      groups: [
        { group: 'detractor', count: 0 },
        { group: 'passive', count: 2 },
        { group: 'promoter', count: 1 },
      ],
      lastAnsweredAt: '2026-11-21T00:00:00.000Z',
    },
  ],
};

describe('SurveyView', () => {
  const apiRoutes = (onResponses: (url: string) => void = () => undefined) => ({
    'GET /api/surveys/7': () => ({ body: surveyDto() }),
    'GET /api/surveys/7/summary': () => ({ body: summary }),
    'GET /api/surveys/7/accounts': () => ({ body: accountResults }),
    'GET /api/segments': () => ({ body: { items: [{ id: 'smb', name: 'Small business' }] } }),
    'GET /api/surveys/7/responses': (req: { url: string }) => {
      onResponses(req.url);
      const cursor = urlOf(req.url).searchParams.get('cursor');
      return {
        body: cursor
          ? { items: [response(1, { score: 10, group: 'promoter' })], nextCursor: null }
          : { items: [response(3, { comment: XSS })], nextCursor: '3' },
      };
    },
  });

  it('shows the results, the trend and distribution, and the answers with their comments as text', async () => {
    signIn('admin');
    const { wrapper } = await mountWith(SurveyView, '/surveys/7', apiRoutes(), { id: 7 });
    const cards = wrapper.find('[data-testid="survey-summary"]');
    expect(cards.find('[data-testid="survey-headline"]').text()).toContain('+25');
    expect(cards.text()).toContain('50%');
    expect(cards.find('[data-group="promoter"]').text()).toContain('2 (50%)');
    expect(wrapper.find('[data-testid="survey-trend"] figure').attributes('aria-label')).toBe('NPS by month');
    expect(wrapper.find('[data-testid="survey-trend"] figure').text()).toContain(
      'Nov 2026: +25 from 4 answers',
    );
    expect(wrapper.find('[data-testid="survey-distribution"] figure').text()).toContain('score 3: 1');

    // Per account: each person once; account names as text, linked to the account page; worst first.
    const byAccount = wrapper.get('[data-testid="survey-accounts"]');
    const rows = byAccount.findAll('[data-testid="survey-account-row"]');
    expect(rows.map((r) => r.get('[data-testid="survey-account-value"]').text())).toEqual(['-50', '+33']);
    expect(rows[0]!.text()).toContain(`Globex ${XSS}`);
    expect(byAccount.find('img').exists()).toBe(false);
    expect(rows[1]!.find('a').attributes('href')).toBe('/accounts/acme');
    expect(byAccount.text()).toContain('Showing 2 of 3 accounts.');

    const answers = wrapper.find('[data-testid="survey-responses"]');
    expect(answers.find('[data-testid="survey-response"]').text()).toContain(XSS);
    expect(answers.find('img').exists()).toBe(false);
    expect(answers.find('[data-testid="survey-response"] a').attributes('href')).toBe('/accounts/acme');
    await answers.find('[data-testid="responses-more"]').trigger('click');
    await flushPromises();
    expect(answers.findAll('[data-testid="survey-response"]')).toHaveLength(2);
    expect(answers.find('[data-testid="responses-more"]').exists()).toBe(false);
    expect(wrapper.find('[data-testid="generate-links-form"]').exists()).toBe(true);
    wrapper.unmount();
  });

  it('shows each answer’s follow-up rule and playbook, as text', async () => {
    signIn('csm');
    const playbook = 'Call them this week.\n<img src=x onerror=alert(1)>';
    const { wrapper } = await mountWith(
      SurveyView,
      '/surveys/7',
      {
        ...apiRoutes(),
        'GET /api/surveys/7/responses': () => ({
          body: {
            items: [
              response(2, {
                score: 8,
                group: 'passive',
                followUps: [{ ruleId: 'nps-passive', name: 'Ask for feedback', playbook, raiseAlert: false }],
              }),
              response(1, {
                followUps: [
                  {
                    ruleId: 'nps-detractor',
                    name: 'Rescue a detractor',
                    playbook: 'Call.',
                    raiseAlert: true,
                  },
                ],
              }),
              response(3, { score: 10, group: 'promoter' }),
            ],
            nextCursor: null,
          },
        }),
      },
      { id: 7 },
    );
    const [passive, detractor, promoter] = wrapper.findAll('[data-testid="survey-response"]');
    const followUp = passive!.find('[data-testid="survey-follow-up"]');
    expect(followUp.attributes('data-rule')).toBe('nps-passive');
    expect(followUp.text()).toContain('Follow-up: Ask for feedback');
    expect(followUp.find('.follow-up-playbook').text()).toBe(playbook);
    expect(followUp.text()).not.toContain('raises an alert');
    expect(wrapper.find('[data-testid="survey-responses"] img').exists()).toBe(false);
    expect(detractor!.find('[data-testid="survey-follow-up"]').text()).toContain('raises an alert');
    expect(promoter!.find('[data-testid="survey-follow-ups"]').exists()).toBe(false);

    i18n.global.locale.value = 'zh';
    try {
      await flushPromises();
      expect(followUp.text()).toContain('跟进：Ask for feedback');
      expect(detractor!.text()).toContain('会触发告警');
    } finally {
      i18n.global.locale.value = 'en';
    }
    wrapper.unmount();
  });

  it('filters the answers and exports the same filter as CSV', async () => {
    signIn('viewer');
    const asked: string[] = [];
    const { wrapper } = await mountWith(
      SurveyView,
      '/surveys/7',
      apiRoutes((url) => asked.push(url)),
      { id: 7 },
    );
    await wrapper.find('[data-testid="responses-group"]').setValue('detractor');
    await flushPromises();
    const last = urlOf(asked.at(-1)!).searchParams;
    expect(last.get('group')).toBe('detractor');
    expect(last.get('cursor')).toBeNull();
    expect(wrapper.find('[data-testid="responses-csv"]').attributes('href')).toBe(
      '/api/surveys/7/responses.csv?group=detractor',
    );
    // Viewers read the results; only admins edit and create links.
    expect(wrapper.find('[data-testid="generate-links-form"]').exists()).toBe(false);
    expect(wrapper.find('[data-testid="survey-edit"]').exists()).toBe(false);
    expect(wrapper.text()).toContain('Only admins can change surveys and create links.');
    wrapper.unmount();
  });

  it('shows a viewer no survey links at all: they are credentials', async () => {
    signIn('viewer');
    const { wrapper } = await mountWith(SurveyView, '/surveys/7', apiRoutes(), { id: 7 });
    expect(wrapper.find('[data-testid="survey-summary"]').exists()).toBe(true);
    expect(wrapper.find('[data-testid="links-csv"]').exists()).toBe(false);
    expect(wrapper.find('a[href*="/links.csv"]').exists()).toBe(false);
    expect(wrapper.text()).not.toContain('Survey links');
    expect(wrapper.text()).not.toContain('Generate links');
    wrapper.unmount();
  });

  it('lets a csm download the links to send them, without the form that creates them', async () => {
    signIn('csm');
    const { wrapper } = await mountWith(SurveyView, '/surveys/7', apiRoutes(), { id: 7 });
    expect(wrapper.find('[data-testid="links-csv"]').attributes('href')).toBe('/api/surveys/7/links.csv');
    expect(wrapper.text()).toContain('Survey links');
    expect(wrapper.text()).toContain('Only admins create links.');
    expect(wrapper.find('[data-testid="generate-links-form"]').exists()).toBe(false);
    wrapper.unmount();
  });

  it('gives an admin the links form and the export', async () => {
    signIn('admin');
    const { wrapper } = await mountWith(SurveyView, '/surveys/7', apiRoutes(), { id: 7 });
    expect(wrapper.find('[data-testid="generate-links-form"]').exists()).toBe(true);
    expect(wrapper.find('[data-testid="links-csv"]').attributes('href')).toBe('/api/surveys/7/links.csv');
    wrapper.unmount();
  });

  it('is in the side menu for every role, after alerts', () => {
    const surveys = routes.find((r) => r.name === 'surveys');
    expect(surveys?.meta?.nav).toMatchObject({ label: 'surveys.title', icon: 'surveys', order: 40 });
    expect(surveys?.meta?.minRole).toBeUndefined();
    expect(i18n.global.t('surveys.title')).toBe('Surveys');
  });
});
