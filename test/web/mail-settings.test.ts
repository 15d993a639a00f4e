import { flushPromises, mount } from '@vue/test-utils';
import { NMessageProvider } from 'naive-ui';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h } from 'vue';
import { createMemoryHistory, createRouter } from 'vue-router';
import type { Role } from '../../shared/contracts/auth';
import type { MailMessage, MailSettings } from '../../shared/contracts/mail';
import { useAuth } from '../../web/src/composables/useAuth';
import { i18n } from '../../web/src/i18n';
import SettingsView from '../../web/src/views/SettingsView.vue';
import { fakeApi } from './fetch';

const Page = defineComponent({ render: () => null });
const pathOf = (r: { url: string }) => new URL(r.url, 'http://localhost').pathname;

const SETTINGS: MailSettings = {
  provider: 'local',
  from: null,
  httpUrl: null,
  httpApiKeySet: false,
  perMinute: 30,
  perHour: 500,
  cloudflareBound: false,
  localSinkConfigured: true,
};

const MESSAGES: MailMessage[] = [
  {
    id: 2,
    kind: 'test',
    recipient: 'ops@example.com',
    subject: '<b>not bold</b>',
    status: 'failed',
    attempts: 1,
    lastError: 'HTTP 401: API key is invalid',
    provider: 'http',
    providerMessageId: null,
    createdAt: '2026-03-02T08:00:00.000Z',
    lastAttemptAt: '2026-03-02T08:00:01.000Z',
    sentAt: null,
  },
  {
    id: 1,
    kind: 'member_invite',
    recipient: 'ben@example.com',
    subject: 'You are invited to Keepwell',
    status: 'sent',
    attempts: 1,
    lastError: null,
    provider: 'local',
    providerMessageId: 'f.json',
    createdAt: '2026-03-02T07:00:00.000Z',
    lastAttemptAt: '2026-03-02T07:00:01.000Z',
    sentAt: '2026-03-02T07:00:01.000Z',
  },
];

const mounted: { unmount(): void }[] = [];

async function mountMail(role: Role) {
  const server = fakeApi({
    'GET /api/auth/me': () => ({
      body: { member: { id: 7, email: 'sam@example.com', name: 'Sam', role }, csrfToken: 'c', actor: {} },
    }),
    'GET /api/settings/mail': () => ({ body: SETTINGS }),
    'PUT /api/settings/mail': (req) => ({
      body: {
        ...SETTINGS,
        ...(req.body as object),
        httpApiKey: undefined,
        httpApiKeySet: Boolean((req.body as { httpApiKey?: string }).httpApiKey),
      },
    }),
    'POST /api/settings/mail/test': () => ({ status: 202, body: { id: 3 } }),
    'GET /api/mail/messages': () => ({ body: { items: MESSAGES } }),
    'GET /api/mail/preferences': () => ({ body: { digest: true, locale: null } }),
    'PUT /api/mail/preferences': (req) => ({ body: { digest: true, locale: null, ...(req.body as object) } }),
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
    defineComponent({
      render: () => h(NMessageProvider, null, { default: () => h(SettingsView, { tab: 'mail' }) }),
    }),
    { global: { plugins: [i18n, router] }, attachTo: document.body },
  );
  await flushPromises();
  mounted.push(wrapper);
  return { wrapper, requests: server.requests };
}

async function typeInto(wrapper: ReturnType<typeof mount>, testId: string, value: string) {
  const input = wrapper.find(`[data-testid="${testId}"] input`);
  (input.element as HTMLInputElement).value = value;
  await input.trigger('input');
  await flushPromises();
}

afterEach(() => {
  for (const w of mounted.splice(0)) w.unmount();
  i18n.global.locale.value = 'en';
  document.body.innerHTML = '';
});

describe('Settings → Mail', () => {
  it('lets an admin choose the HTTP API, send its key write-only, and send a test message', async () => {
    const { wrapper, requests } = await mountMail('admin');
    expect(wrapper.find('[data-testid="mail-http-url"]').exists()).toBe(false);
    await wrapper.find('[data-testid="mail-provider"]').setValue('http');
    await typeInto(wrapper, 'mail-http-url', 'https://api.resend.com/emails');
    await typeInto(wrapper, 'mail-api-key', 're_secret_key_123');
    await typeInto(wrapper, 'mail-from', 'Keepwell <cs@example.com>');
    await wrapper.find('[data-testid="mail-settings"]').trigger('submit');
    await flushPromises();
    expect(requests.find((r) => r.method === 'PUT' && pathOf(r) === '/api/settings/mail')?.body).toEqual({
      provider: 'http',
      from: 'Keepwell <cs@example.com>',
      httpUrl: 'https://api.resend.com/emails',
      httpApiKey: 're_secret_key_123',
      perMinute: 30,
      perHour: 500,
    });
    // The key field empties after saving: the stored key is never shown again.
    expect((wrapper.find('[data-testid="mail-api-key"] input').element as HTMLInputElement).value).toBe('');
    expect(wrapper.text()).toContain('A key is stored');

    await typeInto(wrapper, 'mail-test-to', 'ops@example.com');
    await wrapper.find('[data-testid="mail-test"]').trigger('submit');
    await flushPromises();
    expect(requests.find((r) => pathOf(r) === '/api/settings/mail/test')?.body).toEqual({
      to: 'ops@example.com',
    });
  });

  it('shows the message log with statuses and failure reasons, user text as text', async () => {
    const { wrapper } = await mountMail('admin');
    const rows = wrapper.findAll('[data-testid="mail-log-row"]');
    expect(rows).toHaveLength(2);
    expect(rows[0]!.text()).toContain('<b>not bold</b>');
    expect(rows[0]!.find('b').exists()).toBe(false);
    expect(rows[0]!.find('[data-testid="mail-log-reason"]').text()).toBe('HTTP 401: API key is invalid');
    expect(rows[0]!.text()).toContain('Failed');
    expect(rows[1]!.text()).toContain('Member invite');
    expect(rows[1]!.text()).toContain('Sent');
  });

  it('gives a CSM their digest preference and own log but not the provider settings', async () => {
    const { wrapper, requests } = await mountMail('csm');
    expect(wrapper.find('[data-testid="mail-settings"]').exists()).toBe(false);
    expect(requests.some((r) => pathOf(r) === '/api/settings/mail')).toBe(false);
    expect(wrapper.text()).toContain('The latest messages you sent or received.');
    await wrapper.find('[data-testid="mail-digest"]').setValue(false);
    await flushPromises();
    await wrapper.find('[data-testid="mail-locale"]').setValue('zh');
    await flushPromises();
    expect(
      requests.filter((r) => pathOf(r) === '/api/mail/preferences' && r.method === 'PUT').map((r) => r.body),
    ).toEqual([{ digest: false }, { locale: 'zh' }]);
  });

  it('is hidden from viewers', async () => {
    const { wrapper } = await mountMail('viewer');
    expect(wrapper.findAll('nav a').map((a) => a.text())).not.toContain('Mail');
    expect(wrapper.find('[data-testid="mail-log"]').exists()).toBe(false);
  });

  it('speaks Chinese', async () => {
    i18n.global.locale.value = 'zh';
    const { wrapper } = await mountMail('admin');
    expect(wrapper.findAll('nav a').map((a) => a.text())).toContain('邮件');
    expect(wrapper.text()).toContain('我的每日摘要');
    expect(wrapper.findAll('[data-testid="mail-log-row"]')[0]!.text()).toContain('失败');
  });
});
