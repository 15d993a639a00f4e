import { describe, expect, it, vi } from 'vitest';
import { defineComponent } from 'vue';
import { createMemoryHistory, createRouter, type RouteRecordRaw } from 'vue-router';
import { useApi } from '../../web/src/composables/useApi';
import { installGuards } from '../../web/src/router';
import { safeRedirect } from '../../web/src/router/redirect';
import { errorBody, fakeApi } from './fetch';

const Page = defineComponent({ render: () => null });
const routes: RouteRecordRaw[] = [
  { path: '/', name: 'home', component: Page },
  { path: '/accounts', name: 'accounts', component: Page },
  { path: '/settings/:tab?', name: 'settings', component: Page, meta: { title: 'settings.title' } },
  { path: '/admin-only', name: 'admin-only', component: Page, meta: { minRole: 'admin' } },
  { path: '/sign-in', name: 'sign-in', component: Page, meta: { public: true } },
  { path: '/setup', name: 'setup', component: Page, meta: { public: true } },
  { path: '/invite/:token', name: 'invite', component: Page, meta: { public: true } },
  { path: '/forbidden', name: 'forbidden', component: Page },
];

function signedOut(setupRequired = false) {
  return fakeApi({
    'GET /api/auth/me': () => ({ status: 401, body: errorBody('UNAUTHORIZED') }),
    'GET /api/auth/state': () => ({ body: { setupRequired, accessMode: false } }),
  });
}

function signedIn(role: 'viewer' | 'csm' | 'admin') {
  return fakeApi({
    'GET /api/auth/me': () => ({
      body: { member: { id: 1, email: 'ana@example.com', name: 'Ana', role }, csrfToken: 'c', actor: {} },
    }),
    'GET /api/members': () => ({ status: 401, body: errorBody('UNAUTHORIZED') }),
  });
}

async function routerAt(server: ReturnType<typeof fakeApi>, path: string) {
  vi.stubGlobal('fetch', server.fetch);
  const router = createRouter({ history: createMemoryHistory(), routes });
  installGuards(router);
  await router.push(path);
  return router;
}

describe('router guard', () => {
  it('sends an anonymous visitor to sign-in, remembering where they were going', async () => {
    const router = await routerAt(signedOut(), '/settings/tokens');
    expect(router.currentRoute.value.name).toBe('sign-in');
    expect(router.currentRoute.value.query.redirect).toBe('/settings/tokens');
  });

  it('sends everyone to setup while no member exists', async () => {
    const router = await routerAt(signedOut(true), '/accounts');
    expect(router.currentRoute.value.name).toBe('setup');
    await router.push('/sign-in');
    expect(router.currentRoute.value.name).toBe('setup');
  });

  it('lets anonymous visitors open public pages such as an invite', async () => {
    const router = await routerAt(signedOut(), '/invite/abc');
    expect(router.currentRoute.value.name).toBe('invite');
  });

  it('lets a signed-in member through and sets the page title', async () => {
    const router = await routerAt(signedIn('viewer'), '/settings');
    expect(router.currentRoute.value.name).toBe('settings');
    expect(document.title).toBe('Settings · Keepwell');
  });

  it('sends a signed-in member away from sign-in, to the redirect target', async () => {
    const router = await routerAt(signedIn('viewer'), '/sign-in?redirect=/accounts');
    expect(router.currentRoute.value.fullPath).toBe('/accounts');
  });

  it('refuses a route whose minRole is above the member', async () => {
    const router = await routerAt(signedIn('csm'), '/admin-only');
    expect(router.currentRoute.value.name).toBe('forbidden');
  });

  it('admits an admin to a minRole admin route', async () => {
    const router = await routerAt(signedIn('admin'), '/admin-only');
    expect(router.currentRoute.value.name).toBe('admin-only');
  });

  it('goes to sign-in when an API call answers 401 mid-session', async () => {
    const router = await routerAt(signedIn('admin'), '/accounts');
    await expect(useApi().get('/api/members')).rejects.toMatchObject({ status: 401 });
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('sign-in'));
    expect(router.currentRoute.value.query).toEqual({ redirect: '/accounts', expired: '1' });
  });
});

describe('safeRedirect', () => {
  it('follows same-origin paths only', () => {
    expect(safeRedirect('/accounts?q=1')).toBe('/accounts?q=1');
    expect(safeRedirect('//evil.example')).toBe('/');
    expect(safeRedirect('/\\evil.example')).toBe('/');
    expect(safeRedirect('https://evil.example')).toBe('/');
    expect(safeRedirect(undefined)).toBe('/');
  });
});
