import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { NMessageProvider } from 'naive-ui';
import { describe, expect, it, vi } from 'vitest';
import { defineComponent, h } from 'vue';
import { createMemoryHistory, createRouter } from 'vue-router';
import { ALERT_RULE_KIND_KEYS, type AlertRule, DEFAULT_ALERT_RULES } from '../../shared/alerts';
import { paramSpecs, paramsOf, RULE_PARAMS } from '../../web/src/composables/alert-rule-params';
import { useAuth } from '../../web/src/composables/useAuth';
import { i18n } from '../../web/src/i18n';
import StudioView from '../../web/src/views/StudioView.vue';
import { fakeApi, type SentRequest } from './fetch';

type Role = 'viewer' | 'csm' | 'admin';

const Page = defineComponent({ render: () => null });

const TIERS = {
  tiers: [
    { key: 'green', name: 'Thriving', color: '#15803d' },
    { key: 'green-yellow', name: 'Steady', color: '#65a30d' },
    { key: 'yellow', name: 'Watch', color: '#ca8a04' },
    { key: 'red', name: 'At risk', color: '#b91c1c' },
  ],
};

const rule = (id: string) => structuredClone(DEFAULT_ALERT_RULES.find((r) => r.id === id)!);

function rules(): AlertRule[] {
  return [rule('score-drop-15-in-30'), rule('tier-drop-at-risk'), rule('stale-data'), rule('nps-promoter')];
}

async function mountRules(role: Role, extra: Parameters<typeof fakeApi>[0] = {}, items = rules()) {
  const stored = new Map(items.map((r) => [r.id, r]));
  const server = fakeApi({
    'GET /api/auth/me': () => ({
      body: { member: { id: 7, email: 'sam@example.com', name: 'Sam', role }, csrfToken: 'c', actor: {} },
    }),
    'GET /api/settings/tiers': () => ({ body: TIERS }),
    'GET /api/alerts/rules': () => ({ body: { items: [...stored.values()] } }),
    ...Object.fromEntries(
      items.map((r) => [
        `PUT /api/alerts/rules/${r.id}`,
        (req: SentRequest) => {
          const saved = { ...(req.body as AlertRule), id: r.id };
          stored.set(r.id, saved);
          return { body: saved };
        },
      ]),
    ),
    ...extra,
  });
  vi.stubGlobal('fetch', server.fetch);
  await useAuth().ensureLoaded();
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/studio/:tab?', name: 'studio', component: Page },
      { path: '/:rest(.*)*', component: Page },
    ],
  });
  const wrapper = mount(
    defineComponent({
      render: () => h(NMessageProvider, null, { default: () => h(StudioView, { tab: 'rules' }) }),
    }),
    { global: { plugins: [i18n, router] }, attachTo: document.body },
  );
  await flushPromises();
  return { wrapper, requests: server.requests };
}

const row = (wrapper: VueWrapper, id: string) =>
  wrapper.find(`[data-testid="rule-row"][data-rule-id="${id}"]`);
const puts = (requests: SentRequest[]) => requests.filter((r) => r.method === 'PUT');

describe('alert rule params (pure)', () => {
  it('describes every rule kind of shared/alerts, each default rule param included', () => {
    expect(Object.keys(RULE_PARAMS).sort()).toEqual([...ALERT_RULE_KIND_KEYS].sort());
    for (const r of DEFAULT_ALERT_RULES) {
      const known = RULE_PARAMS[r.kind].map((s) => s.name);
      expect(Object.keys(r.params).filter((name) => !known.includes(name))).toEqual([]);
    }
  });

  it('names every kind, param and unit in both locales', () => {
    for (const locale of ['en', 'zh'] as const) {
      for (const kind of ALERT_RULE_KIND_KEYS) {
        for (const area of ['kinds', 'kindHelp', 'summary'])
          expect(i18n.global.te(`studio.rules.${area}.${kind}`, locale)).toBe(true);
        for (const spec of RULE_PARAMS[kind]) {
          expect(i18n.global.te(`studio.rules.params.${spec.name}`, locale)).toBe(true);
          if (spec.type === 'number' && spec.unit)
            expect(i18n.global.te(`studio.rules.units.${spec.unit}`, locale)).toBe(true);
        }
      }
    }
  });

  it('edits a param the catalog does not know by its value type, and leaves empty inputs to their defaults', () => {
    const future = { kind: 'stale_data', params: { days: 14, period: 'week' } } as unknown as AlertRule;
    expect(paramSpecs(future).map((s) => [s.name, s.type])).toEqual([
      ['days', 'number'],
      ['period', 'text'],
    ]);
    expect(paramsOf(paramSpecs(future), { days: '', period: 'month' })).toEqual({ period: 'month' });
  });
});

describe('Alert rules editor', () => {
  it('lists each rule with its kind, severity, key params in words and enabled switch', async () => {
    const { wrapper } = await mountRules('admin');
    const drop = row(wrapper, 'score-drop-15-in-30');
    expect(drop.find('[data-testid="rule-row-name"]').text()).toBe('Score fell 15+ points in 30 days');
    expect(drop.find('[data-testid="rule-kind"]').text()).toBe('Score drop');
    expect(drop.find('[data-testid="rule-row-severity"]').text()).toBe('Warning');
    expect(drop.find('[data-testid="rule-summary"]').text()).toBe('Falls 15 points within 30 days');
    expect(row(wrapper, 'tier-drop-at-risk').find('[data-testid="rule-summary"]').text()).toBe(
      'Declines into Watch or At risk',
    );
    expect(row(wrapper, 'stale-data').find('[data-testid="rule-summary"]').text()).toBe(
      'No events for 14 days',
    );
    expect((drop.find('[data-testid="rule-enabled"]').element as HTMLInputElement).checked).toBe(true);
    wrapper.unmount();
  });

  it('saves params, severity and playbook of a rule, keeping its kind and switch', async () => {
    const { wrapper, requests } = await mountRules('admin');
    await row(wrapper, 'score-drop-15-in-30').find('[data-testid="rule-edit"]').trigger('click');
    const form = wrapper.find('[data-testid="rule-form"]');
    expect((form.find('[data-testid="rule-param-points"]').element as HTMLInputElement).value).toBe('15');
    expect(form.text()).toContain('points');
    await form.find('[data-testid="rule-param-points"]').setValue('20');
    await form.find('[data-testid="rule-param-days"]').setValue('14');
    await form.find('[data-testid="rule-severity"]').setValue('critical');
    await form
      .find('[data-testid="rule-playbook"]')
      .setValue('  Call the sponsor today.\n2. Review usage.  ');
    await form.trigger('submit');
    await flushPromises();

    expect(puts(requests).map((r) => [r.url, r.body])).toEqual([
      [
        '/api/alerts/rules/score-drop-15-in-30',
        {
          kind: 'score_drop',
          name: 'Score fell 15+ points in 30 days',
          severity: 'critical',
          enabled: true,
          playbook: 'Call the sponsor today.\n2. Review usage.',
          params: { points: 20, days: 14 },
          tasks: [],
          // The form keeps the rule's Chinese texts (its own zh fields) as they were.
          texts: rule('score-drop-15-in-30').texts,
        },
      ],
    ]);
    expect(wrapper.find('[data-testid="rule-form"]').exists()).toBe(false);
    const drop = row(wrapper, 'score-drop-15-in-30');
    expect(drop.find('[data-testid="rule-summary"]').text()).toBe('Falls 20 points within 14 days');
    expect(drop.find('[data-testid="rule-row-severity"]').text()).toBe('Critical');
    wrapper.unmount();
  });

  it('edits the playbook task templates: add, reorder, remove, with the form checking them', async () => {
    const { wrapper, requests } = await mountRules('admin');
    await row(wrapper, 'stale-data').find('[data-testid="rule-edit"]').trigger('click');
    const form = () => wrapper.find('[data-testid="rule-form"]');
    expect(form().find('[data-testid="rule-tasks-empty"]').exists()).toBe(true);
    for (let i = 0; i < 3; i++) await form().find('[data-testid="rule-task-add"]').trigger('click');
    const item = (i: number) => form().find(`[data-testid="rule-task-${i}"]`);
    await item(0).find('[data-testid="rule-task-title"]').setValue('Check the integration');
    await item(0).find('[data-testid="rule-task-days"]').setValue('0');
    await item(1).find('[data-testid="rule-task-title"]').setValue('Email the admin');
    await item(1).find('[data-testid="rule-task-days"]').setValue('x');
    await item(1).find('[data-testid="rule-task-priority"]').setValue('urgent');
    await form().trigger('submit');
    await flushPromises();
    expect(puts(requests)).toEqual([]);
    expect(form().text()).toContain('Enter whole days from 0 to 365.');
    expect(form().text()).toContain('Enter a task title.');

    await item(1).find('[data-testid="rule-task-days"]').setValue('2');
    await item(2).find('[data-testid="rule-task-remove"]').trigger('click');
    await item(1).find('[data-testid="rule-task-up"]').trigger('click');
    await form().trigger('submit');
    await flushPromises();
    expect((puts(requests)[0]!.body as AlertRule).tasks).toEqual([
      { title: 'Email the admin', dueInDays: 2, priority: 'urgent' },
      { title: 'Check the integration', dueInDays: 0, priority: 'normal' },
    ]);
    wrapper.unmount();
  });

  it('chooses the tiers of a tier rule, and leaves them out to alert on any decline', async () => {
    const { wrapper, requests } = await mountRules('admin');
    await row(wrapper, 'tier-drop-at-risk').find('[data-testid="rule-edit"]').trigger('click');
    const yellow = wrapper.find('[data-testid="rule-param-toTiers-yellow"]');
    expect((yellow.element as HTMLInputElement).checked).toBe(true);
    await yellow.setValue(false);
    await wrapper.find('[data-testid="rule-param-toTiers-red"]').setValue(false);
    await wrapper.find('[data-testid="rule-form"]').trigger('submit');
    await flushPromises();
    expect((puts(requests)[0]!.body as AlertRule).params).toEqual({});
    expect(row(wrapper, 'tier-drop-at-risk').find('[data-testid="rule-summary"]').text()).toBe(
      'Any decline into a worse tier',
    );
    wrapper.unmount();
  });

  it('turns a rule off and on with its switch', async () => {
    const { wrapper, requests } = await mountRules('admin');
    const toggle = row(wrapper, 'stale-data').find('[data-testid="rule-enabled"]');
    await toggle.setValue(false);
    await flushPromises();
    expect(puts(requests).map((r) => (r.body as AlertRule).enabled)).toEqual([false]);
    expect(puts(requests)[0]!.body).toMatchObject({
      kind: 'stale_data',
      params: { days: 14 },
      severity: 'warning',
    });
    expect((toggle.element as HTMLInputElement).checked).toBe(false);
    await toggle.setValue(true);
    await flushPromises();
    expect(puts(requests).map((r) => (r.body as AlertRule).enabled)).toEqual([false, true]);
    wrapper.unmount();
  });

  it('puts the switch back when the API refuses', async () => {
    const { wrapper } = await mountRules('admin', {
      'PUT /api/alerts/rules/stale-data': () => ({
        status: 403,
        body: { error: { code: 'FORBIDDEN', message: 'admins only', requestId: 'r' } },
      }),
    });
    const toggle = row(wrapper, 'stale-data').find('[data-testid="rule-enabled"]');
    await toggle.setValue(false);
    await flushPromises();
    expect((toggle.element as HTMLInputElement).checked).toBe(true);
    expect(row(wrapper, 'stale-data').text()).toContain('admins only');
    wrapper.unmount();
  });

  it("shows the API's issues at the params and fields they are about", async () => {
    const { wrapper } = await mountRules('admin', {
      'PUT /api/alerts/rules/score-drop-15-in-30': () => ({
        status: 400,
        body: {
          error: {
            code: 'VALIDATION_FAILED',
            message: 'invalid',
            requestId: 'r',
            issues: [
              { path: ['params', 'days'], code: 'too_big', message: 'Too big: expected number to be <=365' },
              {
                path: ['playbook'],
                code: 'too_big',
                message: 'Too big: expected string to have <=4000 characters',
              },
              { path: [], code: 'custom', message: 'something else' },
            ],
          },
        },
      }),
    });
    await row(wrapper, 'score-drop-15-in-30').find('[data-testid="rule-edit"]').trigger('click');
    await wrapper.find('[data-testid="rule-param-days"]').setValue('400');
    await wrapper.find('[data-testid="rule-form"]').trigger('submit');
    await flushPromises();
    const issueAt = (key: string) => wrapper.find(`[data-testid="rule-issue"][data-issue-for="${key}"]`);
    expect(issueAt('params.days').text()).toBe('Too big: expected number to be <=365');
    expect(issueAt('playbook').text()).toContain('<=4000');
    expect(issueAt('params.points').exists()).toBe(false);
    expect(wrapper.find('[data-testid="rule-param-days"]').attributes('aria-invalid')).toBe('true');
    expect(wrapper.find('[data-testid="rule-other-issues"]').text()).toBe('something else');
    wrapper.unmount();
  });

  it('refuses a number that is not one before sending', async () => {
    const { wrapper, requests } = await mountRules('admin');
    await row(wrapper, 'stale-data').find('[data-testid="rule-edit"]').trigger('click');
    await wrapper.find('[data-testid="rule-param-days"]').setValue('two weeks');
    await wrapper.find('[data-testid="rule-form"]').trigger('submit');
    await flushPromises();
    expect(puts(requests)).toHaveLength(0);
    expect(wrapper.find('[data-testid="rule-issue"][data-issue-for="params.days"]').text()).toBe(
      'Enter a number.',
    );
    wrapper.unmount();
  });

  it.each(['viewer', 'csm'] as const)(
    'shows a %s the rules and their details without write controls',
    async (role) => {
      const evil = '<img src=x onerror=alert(1)>';
      const items = rules();
      items[0] = { ...items[0]!, name: evil, playbook: `Step 1 ${evil}` };
      const { wrapper } = await mountRules(role, {}, items);
      expect(wrapper.find('[data-testid="rule-enabled"]').exists()).toBe(false);
      expect(row(wrapper, 'stale-data').find('[data-testid="rule-state"]').text()).toBe('On');
      const first = row(wrapper, 'score-drop-15-in-30');
      expect(first.find('[data-testid="rule-row-name"]').text()).toBe(evil);
      await first.find('[data-testid="rule-edit"]').trigger('click');
      expect(first.find('[data-testid="rule-edit"]').text()).toBe('Close');
      expect(first.find('[data-testid="rule-playbook-text"]').text()).toBe(`Step 1 ${evil}`);
      expect(first.find('[data-testid="rule-details"]').text()).toContain('15');
      for (const id of ['rule-form', 'rule-save', 'rule-playbook', 'rule-severity', 'rule-param-points'])
        expect(wrapper.find(`[data-testid="${id}"]`).exists()).toBe(false);
      expect(wrapper.find('input, select, textarea').exists()).toBe(false);
      expect(wrapper.find('img').exists()).toBe(false);
      wrapper.unmount();
    },
  );
});
