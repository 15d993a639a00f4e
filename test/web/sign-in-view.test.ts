import { flushPromises, mount } from '@vue/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { defineComponent } from 'vue';
import { createMemoryHistory, createRouter } from 'vue-router';
import { i18n } from '../../web/src/i18n';
import SignInView from '../../web/src/views/SignInView.vue';
import { errorBody, fakeApi } from './fetch';

const Page = defineComponent({ render: () => null });

async function mountSignIn(routes: Parameters<typeof fakeApi>[0], path = '/sign-in') {
  const server = fakeApi(routes);
  vi.stubGlobal('fetch', server.fetch);
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/sign-in', name: 'sign-in', component: SignInView },
      { path: '/:rest(.*)*', component: Page },
    ],
  });
  await router.push(path);
  const wrapper = mount(SignInView, { global: { plugins: [i18n, router] }, attachTo: document.body });
  return { wrapper, router, requests: server.requests };
}

async function fill(
  wrapper: Awaited<ReturnType<typeof mountSignIn>>['wrapper'],
  email: string,
  password: string,
) {
  await wrapper.find('input[type="email"]').setValue(email);
  await wrapper.find('input[autocomplete="current-password"]').setValue(password);
  await wrapper.find('form').trigger('submit');
  await flushPromises();
}

describe('SignInView', () => {
  it('labels both inputs', async () => {
    const { wrapper } = await mountSignIn({});
    for (const input of wrapper.findAll('input')) {
      const id = input.attributes('id');
      expect(id).toBeTruthy();
      expect(wrapper.find(`label[for="${id}"]`).exists()).toBe(true);
    }
    wrapper.unmount();
  });

  it('validates before calling the API', async () => {
    const { wrapper, requests } = await mountSignIn({});
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(wrapper.text()).toContain('Enter your email address.');
    expect(wrapper.text()).toContain('Enter your password.');
    expect(wrapper.find('input[type="email"]').attributes('aria-invalid')).toBe('true');
    await fill(wrapper, 'not-an-email', 'pw');
    expect(wrapper.text()).toContain('Enter an email address like name@example.com.');
    expect(requests).toHaveLength(0);
    wrapper.unmount();
  });

  it('shows wrong credentials in words, with the request ID', async () => {
    const { wrapper, requests } = await mountSignIn({
      'POST /api/auth/sign-in': () => ({
        status: 401,
        body: errorBody('INVALID_CREDENTIALS', 'invalid', 'req-abc-123'),
      }),
    });
    await fill(wrapper, 'ana@example.com', 'wrong password');
    expect(requests[0]?.body).toEqual({ email: 'ana@example.com', password: 'wrong password' });
    expect(wrapper.text()).toContain('That email and password do not match an active member.');
    expect(wrapper.find('[data-testid="request-id"]').text()).toBe('req-abc-123');
    wrapper.unmount();
  });

  it('says how long to wait after too many attempts', async () => {
    const { wrapper } = await mountSignIn({
      'POST /api/auth/sign-in': () => ({
        status: 429,
        body: errorBody('TOO_MANY_ATTEMPTS'),
        headers: { 'Retry-After': '840' },
      }),
    });
    await fill(wrapper, 'ana@example.com', 'pw');
    expect(wrapper.text()).toContain('Too many attempts. Try again in 14 minutes.');
    wrapper.unmount();
  });

  it('signs in and goes to the page the user asked for', async () => {
    const { wrapper, router } = await mountSignIn(
      {
        'POST /api/auth/sign-in': () => ({
          body: { member: { id: 1, email: 'ana@example.com', name: 'Ana', role: 'admin' }, csrfToken: 'c' },
        }),
      },
      '/sign-in?redirect=/settings/tokens',
    );
    await fill(wrapper, ' ana@example.com ', 'correct horse battery');
    expect(router.currentRoute.value.fullPath).toBe('/settings/tokens');
    wrapper.unmount();
  });

  it('renders in Chinese when the locale is zh', async () => {
    i18n.global.locale.value = 'zh';
    const { wrapper } = await mountSignIn({});
    expect(wrapper.find('h1').text()).toBe('登录 Keepwell');
    wrapper.unmount();
  });
});
