import { flushPromises, mount } from '@vue/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { defineComponent } from 'vue';
import { createMemoryHistory, createRouter } from 'vue-router';
import AppLayout from '../../web/src/components/AppLayout.vue';
import { useAuth } from '../../web/src/composables/useAuth';
import { i18n, LOCALE_STORAGE_KEY } from '../../web/src/i18n';
import { fakeApi } from './fetch';

const Page = defineComponent({ render: () => null });

async function mountLayout() {
  const server = fakeApi({
    'GET /api/auth/me': () => ({
      body: {
        member: { id: 7, email: 'li@example.com', name: 'Li', role: 'csm' },
        csrfToken: 'c',
        actor: {},
      },
    }),
    'GET /api/tasks/counts': () => ({ body: { overdue: 0, today: 0, week: 0 } }),
    'PUT /api/mail/preferences': (req) => ({ body: { digest: true, ...(req.body as object) } }),
  });
  vi.stubGlobal('fetch', server.fetch);
  await useAuth().ensureLoaded();
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [{ path: '/:rest(.*)*', component: Page }],
  });
  await router.push('/');
  const wrapper = mount(AppLayout, { global: { plugins: [i18n, router] }, attachTo: document.body });
  await flushPromises();
  return { wrapper, requests: server.requests };
}

describe('the language switch', () => {
  it("stores a signed-in member's choice as their mail language, so digests and invites follow it", async () => {
    const { wrapper, requests } = await mountLayout();
    await wrapper.find('.locale-switch select').setValue('zh');
    await flushPromises();
    expect(i18n.global.locale.value).toBe('zh');
    expect(localStorage.getItem(LOCALE_STORAGE_KEY)).toBe('zh');
    const put = requests.filter((r) => r.method === 'PUT' && r.url === '/api/mail/preferences');
    expect(put.map((r) => r.body)).toEqual([{ locale: 'zh' }]);
    expect(put[0]?.headers.get('X-CSRF-Token')).toBe('c');
    wrapper.unmount();
  });
});
