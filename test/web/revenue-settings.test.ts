import { flushPromises, mount } from '@vue/test-utils';
import { NMessageProvider } from 'naive-ui';
import { describe, expect, it, vi } from 'vitest';
import { defineComponent, h } from 'vue';
import { createMemoryHistory, createRouter } from 'vue-router';
import type { Role } from '../../shared/contracts/auth';
import { useAuth } from '../../web/src/composables/useAuth';
import { i18n } from '../../web/src/i18n';
import SettingsView from '../../web/src/views/SettingsView.vue';
import { errorBody, fakeApi } from './fetch';

const Page = defineComponent({ render: () => null });
const settings = {
  reportingCurrency: 'USD',
  currencyRates: { EUR: 1.08 },
  renewalReasons: [
    { key: 'price', label: 'Too expensive' },
    { key: 'value', label: 'Saw the value' },
  ],
  grossMarginRate: 0.8,
};

async function mountTab(role: Role, tab: string, put?: Parameters<typeof fakeApi>[0][string]) {
  const server = fakeApi({
    'GET /api/auth/me': () => ({
      body: { member: { id: 7, email: 'sam@example.com', name: 'Sam', role }, csrfToken: 'c', actor: {} },
    }),
    'GET /api/settings/revenue': () => ({ body: settings }),
    'GET /api/settings/tiers': () => ({ body: { tiers: [] } }),
    'GET /api/sources': () => ({ body: { items: [] } }),
    ...(put ? { 'PUT /api/settings/revenue': put } : {}),
  });
  vi.stubGlobal('fetch', server.fetch);
  await useAuth().ensureLoaded();
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/settings/:tab?', name: 'settings', component: Page },
      { path: '/:rest(.*)*', component: Page },
    ],
  });
  const wrapper = mount(
    defineComponent({ render: () => h(NMessageProvider, null, { default: () => h(SettingsView, { tab }) }) }),
    { global: { plugins: [i18n, router] }, attachTo: document.body },
  );
  await flushPromises();
  return { wrapper, requests: server.requests };
}

const input = (label: string) => document.querySelector(`input[aria-label="${label}"]`) as HTMLInputElement;

async function type(el: HTMLInputElement, value: string) {
  el.value = value;
  el.dispatchEvent(new Event('input'));
  await flushPromises();
}

describe('Settings → Revenue and Import', () => {
  it('lets an admin edit rates and reasons, reorder them, and saves the exact body', async () => {
    const put = vi.fn((req: { body: unknown }) => ({ body: req.body }));
    const { wrapper, requests } = await mountTab('admin', 'revenue', put);
    const tabs = wrapper.findAll('nav a').map((a) => a.text());
    expect(tabs.slice(-2)).toEqual(['Revenue', 'Import']);
    expect((wrapper.find('[data-testid="revenue-currency"]').element as HTMLInputElement).value).toBe('USD');
    expect((wrapper.find('[data-testid="revenue-margin"]').element as HTMLInputElement).value).toBe('80');

    await wrapper.find('[data-testid="revenue-add-rate"]').trigger('click');
    await type(input('Currency of rate 2'), 'gbp');
    await type(input('Rate of gbp'), '1.27');
    await wrapper.find('[data-testid="revenue-add-reason"]').trigger('click');
    await type(input('Key of reason 3'), 'champion_left');
    await type(input('Label of reason 3'), 'Champion left');
    await wrapper.find('button[aria-label="Move reason 3 up"]').trigger('click');
    await wrapper.find('button[aria-label="Remove reason 1"]').trigger('click');
    await wrapper.find('[data-testid="revenue-margin"]').setValue('72.5');
    await wrapper.find('form').trigger('submit');
    await flushPromises();

    expect(requests.find((r) => r.method === 'PUT')?.body).toEqual({
      reportingCurrency: 'USD',
      currencyRates: { EUR: 1.08, GBP: 1.27 },
      renewalReasons: [
        { key: 'champion_left', label: 'Champion left' },
        { key: 'value', label: 'Saw the value' },
      ],
      grossMarginRate: 0.725,
    });
    wrapper.unmount();
  });

  it('shows the API’s validation issues beside the inputs they are about', async () => {
    const { wrapper } = await mountTab('admin', 'revenue', () => ({
      status: 400,
      body: {
        error: {
          ...errorBody('VALIDATION_FAILED', 'invalid body').error,
          issues: [
            { path: ['renewalReasons', 1, 'key'], code: 'invalid_format', message: 'must be a reason key' },
            { path: ['currencyRates', 'EUR'], code: 'too_small', message: 'must be positive' },
            { path: ['grossMarginRate'], code: 'too_big', message: 'at most 1' },
            { path: ['somethingElse'], code: 'custom', message: 'unplaced problem' },
          ],
        },
      },
    }));
    await type(input('Key of reason 2'), 'Bad Key');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    const rows = wrapper.findAll('[data-testid="revenue-reason-row"]');
    expect(rows[1]!.text()).toContain('must be a reason key');
    expect(rows[0]!.text()).not.toContain('must be a reason key');
    expect(input('Key of reason 2').getAttribute('aria-invalid')).toBe('true');
    expect(wrapper.find('[data-testid="revenue-rate-row"]').text()).toContain('must be positive');
    expect(wrapper.text()).toContain('at most 1');
    expect(wrapper.find('[data-testid="revenue-other-issues"]').text()).toContain('unplaced problem');
    wrapper.unmount();
  });

  it('shows a CSM the revenue settings read-only, without the Import tab', async () => {
    const { wrapper, requests } = await mountTab('csm', 'revenue');
    expect(wrapper.findAll('nav a').map((a) => a.text())).toContain('Revenue');
    expect(wrapper.findAll('nav a').map((a) => a.text())).not.toContain('Import');
    expect(wrapper.find('[data-testid="revenue-currency"]').attributes('disabled')).toBeDefined();
    expect(wrapper.find('[data-testid="revenue-save"]').exists()).toBe(false);
    expect(wrapper.find('[data-testid="revenue-add-reason"]').exists()).toBe(false);
    expect(requests.some((r) => r.method === 'PUT')).toBe(false);
    wrapper.unmount();
  });

  it('gives a viewer neither tab nor request, and sends an opened one back to the first tab', async () => {
    const { wrapper, requests } = await mountTab('viewer', 'revenue');
    const tabs = wrapper.findAll('nav a').map((a) => a.text());
    expect(tabs).not.toContain('Revenue');
    expect(tabs).not.toContain('Import');
    expect(requests.some((r) => r.url.startsWith('/api/settings/revenue'))).toBe(false);
    wrapper.unmount();
  });
});
