import { flushPromises, mount } from '@vue/test-utils';
import { NMessageProvider } from 'naive-ui';
import { describe, expect, it, vi } from 'vitest';
import { defineComponent, h } from 'vue';
import { createMemoryHistory, createRouter } from 'vue-router';
import TierBadge from '../../web/src/components/TierBadge.vue';
import { useAuth } from '../../web/src/composables/useAuth';
import { i18n } from '../../web/src/i18n';
import SettingsView from '../../web/src/views/SettingsView.vue';
import { errorBody, fakeApi } from './fetch';

const Page = defineComponent({ render: () => null });

function router() {
  return createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/settings/:tab?', name: 'settings', component: SettingsView, props: true },
      { path: '/:rest(.*)*', component: Page },
    ],
  });
}

const tiers = {
  tiers: [
    { key: 'green', name: 'Thriving', color: '#15803d' },
    { key: 'green-yellow', name: 'Steady', color: '#65a30d' },
    { key: 'yellow', name: 'Watch', color: '#ca8a04' },
    { key: 'red', name: 'At risk', color: '#b91c1c' },
  ],
};

function member(role: 'viewer' | 'csm' | 'admin') {
  return { member: { id: 7, email: 'sam@example.com', name: 'Sam', role }, csrfToken: 'c', actor: {} };
}

/** The API a settings page sees; every list is empty unless a test adds rows. */
function settingsApi(role: 'viewer' | 'csm' | 'admin', extra: Parameters<typeof fakeApi>[0] = {}) {
  return fakeApi({
    'GET /api/auth/me': () => ({ body: member(role) }),
    'GET /api/settings/tiers': () => ({ body: tiers }),
    'GET /api/settings/transitions': () => ({ body: { hysteresisDays: 7 } }),
    'GET /api/sources': () => ({
      body: {
        items: [
          {
            id: 's1',
            name: 'Web app',
            keyPrefix: 'kw_abcd',
            createdAt: '2026-11-01T10:00:00Z',
            revokedAt: null,
          },
        ],
      },
    }),
    'GET /api/features': () => ({ body: { items: [] } }),
    'GET /api/members': () => ({ body: { items: [] } }),
    'GET /api/members/invites': () => ({ body: { items: [] } }),
    'GET /api/tokens': () => ({ body: { items: [] } }),
    'GET /api/alerts/webhook': () => ({ body: { url: null } }),
    ...extra,
  });
}

async function mountSettings(
  role: 'viewer' | 'csm' | 'admin',
  path: string,
  extra: Parameters<typeof fakeApi>[0] = {},
) {
  const server = settingsApi(role, extra);
  vi.stubGlobal('fetch', server.fetch);
  await useAuth().ensureLoaded();
  const r = router();
  await r.push(path);
  const wrapper = mount(
    defineComponent({
      render: () =>
        h(NMessageProvider, null, {
          default: () => h(SettingsView, { tab: r.currentRoute.value.params.tab as string }),
        }),
    }),
    { global: { plugins: [i18n, r] }, attachTo: document.body },
  );
  await flushPromises();
  return { wrapper, requests: server.requests };
}

describe('TierBadge', () => {
  it('shows the tier name and colour from the tier settings', async () => {
    vi.stubGlobal('fetch', settingsApi('viewer').fetch);
    const wrapper = mount(TierBadge, { props: { tier: 'red', score: 31.6 }, global: { plugins: [i18n] } });
    expect(wrapper.text()).toContain('Red');
    await flushPromises();
    expect(wrapper.text()).toContain('At risk');
    expect(wrapper.text()).toContain('32');
    expect(wrapper.find('.tier-dot').attributes('style')).toContain('#b91c1c');
  });

  it('says Unscored for an account without a tier', () => {
    vi.stubGlobal('fetch', settingsApi('viewer').fetch);
    const wrapper = mount(TierBadge, { props: { tier: null }, global: { plugins: [i18n] } });
    expect(wrapper.text()).toBe('Unscored');
  });

  it('shows an unknown tier key as itself', () => {
    vi.stubGlobal(
      'fetch',
      fakeApi({ 'GET /api/settings/tiers': () => ({ status: 500, body: errorBody('X') }) }).fetch,
    );
    const wrapper = mount(TierBadge, { props: { tier: 'custom-tier' }, global: { plugins: [i18n] } });
    expect(wrapper.text()).toContain('custom-tier');
  });
});

describe('SettingsView by role', () => {
  it('shows a viewer the readable sections only, without write controls', async () => {
    const { wrapper, requests } = await mountSettings('viewer', '/settings');
    const tabs = wrapper.findAll('nav a').map((a) => a.text());
    expect(tabs).toEqual([
      'Sources & write keys',
      'Feature catalog',
      'Members & roles',
      'Tier names & colours',
    ]);
    expect(wrapper.text()).toContain('only admins can change them');
    expect(wrapper.text()).toContain('Web app');
    expect(wrapper.find('form').exists()).toBe(false);
    expect(wrapper.findAll('button').filter((b) => b.text() === 'Revoke')).toHaveLength(0);
    expect(requests.some((r) => r.url === '/api/tokens' || r.url === '/api/alerts/webhook')).toBe(false);
    wrapper.unmount();
  });

  it('falls back to the first section when a csm opens an admin-only one', async () => {
    const { wrapper } = await mountSettings('csm', '/settings/tokens');
    expect(wrapper.find('[aria-current="page"]').text()).toBe('Sources & write keys');
    expect(wrapper.text()).not.toContain('API tokens let scripts');
    wrapper.unmount();
  });

  it('gives an admin every section and the create form', async () => {
    const { wrapper } = await mountSettings('admin', '/settings');
    expect(wrapper.findAll('nav a')).toHaveLength(9);
    expect(wrapper.find('form').exists()).toBe(true);
    wrapper.unmount();
  });

  it('lists API tokens with the member each acts for, naming the bootstrap token', async () => {
    const token = (id: number, name: string, createdBy: string) => ({
      id,
      name,
      role: 'admin',
      prefix: `kw_at_${id}abcde`,
      createdBy,
      createdAt: '2026-11-01T10:00:00Z',
      lastUsedAt: null,
      expiresAt: null,
    });
    const { wrapper } = await mountSettings('admin', '/settings/tokens', {
      'GET /api/tokens': () => ({
        body: { items: [token(1, 'CRM sync', 'ana@example.com'), token(2, 'Bootstrap job', 'admin-token')] },
      }),
    });
    expect(wrapper.find('thead').text()).toContain('Created by');
    const cells = wrapper.findAll('[data-testid="token-created-by"]').map((c) => c.text());
    expect(cells).toEqual(['ana@example.com', 'Bootstrap admin token']);
    expect(wrapper.text()).toContain('it stops when they are deactivated or lose its role');
    wrapper.unmount();
  });

  it('shows a created write key once, then forgets it', async () => {
    const { wrapper, requests } = await mountSettings('admin', '/settings/sources', {
      'POST /api/sources': () => ({
        status: 201,
        body: {
          id: 's2',
          name: 'Mobile',
          keyPrefix: 'kw_zzzz',
          createdAt: '2026-11-02T10:00:00Z',
          revokedAt: null,
          writeKey: 'kw_zzzzSECRET',
        },
      }),
    });
    await wrapper.find('form input').setValue('Mobile');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(requests.find((r) => r.method === 'POST')?.body).toEqual({ name: 'Mobile' });
    expect(requests.find((r) => r.method === 'POST')?.headers.get('X-CSRF-Token')).toBe('c');
    expect(wrapper.find('[data-testid="secret"]').text()).toBe('kw_zzzzSECRET');
    const done = wrapper.findAll('button').find((b) => b.text() === 'I have copied it');
    await done?.trigger('click');
    expect(wrapper.find('[data-testid="secret"]').exists()).toBe(false);
    expect(wrapper.text()).not.toContain('kw_zzzzSECRET');
    wrapper.unmount();
  });

  it('lets an admin set, change and clear the Chinese name of each tier, and shows it to a Chinese reader', async () => {
    const stored = {
      tiers: tiers.tiers.map((t) => (t.key === 'yellow' ? { ...t, names: { zh: '观察' } } : t)),
    };
    const { wrapper, requests } = await mountSettings('admin', '/settings/tiers', {
      'GET /api/settings/tiers': () => ({ body: stored }),
      'PUT /api/settings/tiers': (req) => ({ body: req.body }),
    });
    const zhInput = (key: string) => wrapper.find(`input[aria-label="Chinese name of tier ${key}"]`);
    expect((zhInput('yellow').element as HTMLInputElement).value).toBe('观察');
    expect((zhInput('red').element as HTMLInputElement).value).toBe('');
    await zhInput('red').setValue('  高风险 ');
    await zhInput('yellow').setValue('');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    const put = requests.find((r) => r.method === 'PUT' && r.url === '/api/settings/tiers');
    expect(put?.body).toEqual({
      tiers: [
        { key: 'green', name: 'Thriving', names: {}, color: '#15803d' },
        { key: 'green-yellow', name: 'Steady', names: {}, color: '#65a30d' },
        { key: 'yellow', name: 'Watch', names: {}, color: '#ca8a04' },
        { key: 'red', name: 'At risk', names: { zh: '高风险' }, color: '#b91c1c' },
      ],
    });
    wrapper.unmount();
    i18n.global.locale.value = 'zh';
    const badge = mount(TierBadge, { props: { tier: 'red' }, global: { plugins: [i18n] } });
    expect(badge.text()).toContain('高风险');
    badge.unmount();
  });

  it('refuses a Chinese tier name over 40 characters', async () => {
    const { wrapper, requests } = await mountSettings('admin', '/settings/tiers');
    const input = wrapper.find('input[aria-label="Chinese name of tier red"]');
    // The input's maxlength stops typing; a pasted or scripted value still has to be refused.
    (input.element as HTMLInputElement).removeAttribute('maxlength');
    await input.setValue('长'.repeat(41));
    expect(wrapper.text()).toContain('Use at most 40 characters, or leave it empty.');
    const save = wrapper.findAll('button').find((b) => b.text() === 'Save')!;
    expect(save.attributes('disabled')).toBeDefined();
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(requests.some((r) => r.method === 'PUT' && r.url === '/api/settings/tiers')).toBe(false);
    wrapper.unmount();
  });

  it('lets an admin set how many days a win or save must hold, within 0..90', async () => {
    const { wrapper, requests } = await mountSettings('admin', '/settings/tiers', {
      'PUT /api/settings/transitions': () => ({ body: { hysteresisDays: 14 } }),
    });
    const setting = wrapper.find('[data-testid="transitions-setting"]');
    const input = setting.find('input');
    expect((input.element as HTMLInputElement).value).toBe('7');
    const save = () => setting.findAll('button').find((b) => b.text() === 'Save')!;
    expect(save().attributes('disabled')).toBeDefined();
    await input.setValue('120');
    expect(setting.text()).toContain('Use a whole number from 0 to 90.');
    expect(save().attributes('disabled')).toBeDefined();
    await input.setValue('14');
    await setting.find('form').trigger('submit');
    await flushPromises();
    const put = requests.find((r) => r.method === 'PUT' && r.url === '/api/settings/transitions');
    expect(put?.body).toEqual({ hysteresisDays: 14 });
    wrapper.unmount();
  });

  it('shows a failed save with its request ID', async () => {
    const { wrapper } = await mountSettings('admin', '/settings/sources', {
      'POST /api/sources': () => ({
        status: 400,
        body: errorBody('VALIDATION_FAILED', 'invalid json', 'req-src-9'),
      }),
    });
    await wrapper.find('form input').setValue('x');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(wrapper.text()).toContain('Could not create the source');
    expect(wrapper.find('[data-testid="request-id"]').text()).toBe('req-src-9');
    wrapper.unmount();
  });
});
