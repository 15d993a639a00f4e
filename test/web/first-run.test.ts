import { flushPromises, mount } from '@vue/test-utils';
import { NMessageProvider } from 'naive-ui';
import { describe, expect, it, vi } from 'vitest';
import { defineComponent, h } from 'vue';
import { createMemoryHistory, createRouter } from 'vue-router';
import DashboardEmpty from '../../web/src/components/dashboard/DashboardEmpty.vue';
import { integrationSnippets, SNIPPET_KINDS } from '../../web/src/components/sources/integration-snippets';
import { useAuth } from '../../web/src/composables/useAuth';
import { i18n } from '../../web/src/i18n';
import SettingsView from '../../web/src/views/SettingsView.vue';
import { errorBody, fakeApi } from './fetch';

const Page = defineComponent({ render: () => null });
const router = () =>
  createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/settings/:tab?', name: 'settings', component: SettingsView, props: true },
      { path: '/:rest(.*)*', component: Page },
    ],
  });

const KEY = 'kw_RealKeyOfTheDefaultSource0123456';
const source = (id: string, name: string, revokedAt: string | null = null) => ({
  id,
  name,
  keyPrefix: 'kw_Real',
  createdAt: '2026-12-01T10:00:00Z',
  revokedAt,
});
const stats = (lastReceivedAt: string | null, accounts = 0) => ({
  rawEvents: 0,
  lastReceivedAt,
  rolledUpEvents: 0,
  accounts,
  users: 0,
  features: 0,
  failures: 0,
});

function firstRunApi(extra: Parameters<typeof fakeApi>[0] = {}) {
  return fakeApi({
    'GET /api/sources': () => ({ body: { items: [source('s-default', 'Default source')] } }),
    'GET /api/ingest/stats': () => ({ body: stats(null) }),
    'GET /api/sources/s-default/write-key': () => ({ body: { id: 's-default', writeKey: KEY } }),
    ...extra,
  });
}

async function mountEmpty(isAdmin: boolean, server: ReturnType<typeof fakeApi>) {
  vi.stubGlobal('fetch', server.fetch);
  const wrapper = mount(DashboardEmpty, {
    props: { reason: 'noAccounts', isAdmin },
    global: { plugins: [i18n, router()] },
    attachTo: document.body,
  });
  await flushPromises();
  return wrapper;
}

describe('integrationSnippets', () => {
  it('fills every snippet with the host and the write key, quoting the key for JavaScript', () => {
    const s = integrationSnippets('https://keepwell.acme.io', KEY);
    for (const kind of SNIPPET_KINDS) {
      expect(s[kind], kind).toContain(KEY);
      expect(s[kind], kind).toContain('keepwell.acme.io');
    }
    expect(s.curl).toContain(`curl -u '${KEY}:' https://keepwell.acme.io/v1/batch`);
    expect(s.segmentNode).toContain(
      `new Analytics({ writeKey: '${KEY}', host: 'https://keepwell.acme.io' })`,
    );
    expect(s.segmentBrowser).toContain("apiHost: 'keepwell.acme.io/v1', protocol: 'https'");
    expect(s.rudderNode).toContain("dataPlaneUrl: 'https://keepwell.acme.io'");
    expect(s.rudderBrowser).toContain(`rudderAnalytics.load('${KEY}', 'https://keepwell.acme.io')`);
    expect(s.sdk).toContain('<script src="https://keepwell.acme.io/sdk/keepwell.iife.min.js"></script>');
    expect(s.pixel).toContain(`https://keepwell.acme.io/v1/pixel.gif?writeKey=${KEY}&`);
    expect(integrationSnippets('http://localhost:8787', "it's").segmentBrowser).toContain(
      "apiKey: 'it\\'s', apiHost: 'localhost:8787/v1', protocol: 'http'",
    );
  });
});

describe('the empty dashboard on a first run', () => {
  it("counts the default source as step 1 and shows an admin step 2's snippets with the real key and host", async () => {
    const server = firstRunApi();
    const clipboard = { writeText: vi.fn(async () => {}) };
    vi.stubGlobal('navigator', { ...navigator, clipboard });
    const wrapper = await mountEmpty(true, server);
    expect(wrapper.get('[data-testid="step-source"]').classes()).toContain('done');
    expect(wrapper.get('[data-testid="step-source"]').text()).toContain('“Default source” is ready');
    expect(wrapper.get('[data-testid="step-events"]').classes()).not.toContain('done');
    expect(server.requests.map((r) => r.url)).toContain('/api/sources/s-default/write-key');

    const code = () => wrapper.get('[data-testid="snippet-code"]').text();
    expect(code()).toContain(`curl -u '${KEY}:' ${window.location.origin}/v1/batch`);
    await wrapper.get('[data-testid="snippet-tab-sdk"]').trigger('click');
    expect(wrapper.get('[data-testid="snippet-tab-sdk"]').attributes('aria-selected')).toBe('true');
    expect(code()).toContain(`${window.location.origin}/sdk/keepwell.iife.min.js`);
    expect(code()).toContain(`writeKey: '${KEY}'`);
    // Arrow keys move between the tabs.
    await wrapper.get('[data-testid="snippet-tab-sdk"]').trigger('keydown', { key: 'ArrowRight' });
    expect(code()).toContain('/v1/pixel.gif?writeKey=');

    await wrapper.get('[data-testid="snippet-copy"]').trigger('click');
    await flushPromises();
    expect(clipboard.writeText).toHaveBeenCalledWith(expect.stringContaining(`writeKey=${KEY}`));
    expect(wrapper.get('[data-testid="snippet-copy"]').text()).toBe('Copied');
    wrapper.unmount();
  });

  it('never asks for the write key for a non-admin: the snippets carry a placeholder', async () => {
    const server = firstRunApi();
    const wrapper = await mountEmpty(false, server);
    expect(server.requests.some((r) => r.url.includes('/write-key'))).toBe(false);
    expect(wrapper.get('[data-testid="snippet-code"]').text()).toContain("curl -u 'YOUR_WRITE_KEY:'");
    expect(wrapper.text()).toContain('only admins can see write keys');
    expect(wrapper.text()).not.toContain(KEY);
    wrapper.unmount();
  });

  it('says when the key cannot be shown again (409) and falls back to the placeholder', async () => {
    const server = firstRunApi({
      'GET /api/sources/s-default/write-key': () => ({ status: 409, body: errorBody('CONFLICT') }),
    });
    const wrapper = await mountEmpty(true, server);
    expect(wrapper.find('[data-testid="snippet-not-kept"]').exists()).toBe(true);
    expect(wrapper.get('[data-testid="snippet-code"]').text()).toContain('YOUR_WRITE_KEY');
    wrapper.unmount();
  });

  it('marks step 2 done once events arrived, and step 1 undone without an active source', async () => {
    const arrived = await mountEmpty(
      true,
      firstRunApi({ 'GET /api/ingest/stats': () => ({ body: stats('2026-12-07T10:00:00Z', 3) }) }),
    );
    expect(arrived.get('[data-testid="step-events"]').classes()).toContain('done');
    expect(arrived.find('[data-testid="integration-snippets"]').exists()).toBe(false);
    arrived.unmount();

    const none = await mountEmpty(
      true,
      firstRunApi({
        'GET /api/sources': () => ({ body: { items: [source('s-old', 'Old', '2026-12-02T00:00:00Z')] } }),
      }),
    );
    expect(none.get('[data-testid="step-source"]').classes()).not.toContain('done');
    expect(none.text()).toContain('Add a source');
    none.unmount();
  });

  it('reads in Chinese', async () => {
    i18n.global.locale.value = 'zh';
    const wrapper = await mountEmpty(true, firstRunApi());
    expect(wrapper.text()).toContain('已完成：数据源“Default source”已可接收事件。');
    expect(wrapper.get('[data-testid="snippet-tab-segmentBrowser"]').text()).toBe('Segment（浏览器）');
    wrapper.unmount();
  });
});

describe('Settings → Sources', () => {
  function settingsApi(role: 'viewer' | 'admin', extra: Parameters<typeof fakeApi>[0] = {}) {
    let failures = [
      {
        id: 41,
        queueMessageId: 'q-41',
        sourceId: 's-web',
        status: 'dead',
        attempts: 6,
        error: 'D1_ERROR: database is locked',
        eventCount: 12,
        firstFailedAt: '2026-12-06T09:00:00Z',
        lastFailedAt: '2026-12-06T09:05:00Z',
      },
    ];
    return fakeApi({
      'GET /api/auth/me': () => ({
        body: { member: { id: 7, email: 'sam@example.com', name: 'Sam', role }, csrfToken: 'c', actor: {} },
      }),
      'GET /api/sources': () => ({ body: { items: [source('s-web', 'Web app'), source('s-idle', 'Idle')] } }),
      'GET /api/ingest/sources': () => ({
        body: {
          items: [
            {
              sourceId: 's-web',
              eventsToday: 1234,
              events7d: 9876,
              lastReceivedAt: '2026-12-07T11:00:00Z',
              rejected7d: [
                { code: 'MISSING_EVENT', messages: 5, lastRejectedAt: '2026-12-07T10:00:00Z' },
                { code: 'TOO_DEEP', messages: 1, lastRejectedAt: '2026-12-06T10:00:00Z' },
              ],
            },
          ],
        },
      }),
      'GET /api/ingest/failures': () => ({ body: { items: failures } }),
      'POST /api/ingest/failures/41/replay': () => {
        failures = [];
        return { status: 202, body: { id: 41, status: 'replayed', events: 12 } };
      },
      'GET /api/sources/s-web/write-key': () => ({ body: { id: 's-web', writeKey: KEY } }),
      ...extra,
    });
  }

  async function mountSources(server: ReturnType<typeof fakeApi>) {
    vi.stubGlobal('fetch', server.fetch);
    await useAuth().ensureLoaded();
    const r = router();
    await r.push('/settings/sources');
    const wrapper = mount(
      defineComponent({
        render: () => h(NMessageProvider, null, { default: () => h(SettingsView, { tab: 'sources' }) }),
      }),
      { global: { plugins: [i18n, r] }, attachTo: document.body },
    );
    await flushPromises();
    return wrapper;
  }

  it('shows per source the events today and in 7 days, the last event and the rejections by code', async () => {
    const wrapper = await mountSources(settingsApi('viewer'));
    const web = wrapper.get('[data-testid="source-s-web"]');
    expect(web.get('[data-testid="source-today"]').text()).toBe('1,234');
    expect(web.get('[data-testid="source-week"]').text()).toBe('9,876');
    expect(web.get('[data-testid="source-last"]').text()).not.toBe('Never');
    expect(web.get('[data-testid="source-rejected"]').text()).toContain('MISSING_EVENT: 5');
    expect(web.get('[data-testid="source-rejected"]').text()).toContain('TOO_DEEP: 1');
    const idle = wrapper.get('[data-testid="source-s-idle"]');
    expect(idle.get('[data-testid="source-today"]').text()).toBe('0');
    expect(idle.get('[data-testid="source-last"]').text()).toBe('Never');
    expect(idle.get('[data-testid="source-rejected"]').text()).toBe('None');
    // A viewer sees the failures, not the replay action.
    const failure = wrapper.get('[data-testid="ingest-failure"]');
    expect(failure.text()).toContain('Web app');
    expect(failure.text()).toContain('database is locked');
    expect(wrapper.find('[data-testid="replay-41"]').exists()).toBe(false);
    wrapper.unmount();
  });

  it("lets an admin replay a failure and open a source's snippets with its key", async () => {
    const server = settingsApi('admin');
    const wrapper = await mountSources(server);
    await wrapper.get('[data-testid="replay-41"]').trigger('click');
    await flushPromises();
    const post = server.requests.find((r) => r.method === 'POST');
    expect(post?.url).toBe('/api/ingest/failures/41/replay');
    expect(post?.headers.get('X-CSRF-Token')).toBe('c');
    expect(wrapper.text()).toContain('Queued again: 12 events.');
    expect(wrapper.find('[data-testid="ingest-failure"]').exists()).toBe(false);
    expect(wrapper.text()).toContain('No failures');

    await wrapper.get('[data-testid="source-snippets-s-web"]').trigger('click');
    await flushPromises();
    expect(wrapper.get('[data-testid="snippet-code"]').text()).toContain(KEY);
    wrapper.unmount();
  });

  it('reads in Chinese', async () => {
    i18n.global.locale.value = 'zh';
    const wrapper = await mountSources(settingsApi('admin'));
    expect(wrapper.text()).toContain('今日事件');
    expect(wrapper.text()).toContain('接收失败');
    expect(wrapper.get('[data-testid="replay-41"]').text()).toBe('重放');
    wrapper.unmount();
  });
});
