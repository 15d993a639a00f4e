import { describe, expect, it } from 'vitest';
import { createApiClient } from '../../web/src/api/client';
import { csrfToken } from '../../web/src/composables/auth-session';
import { useAuth } from '../../web/src/composables/useAuth';
import { errorBody, fakeApi } from './fetch';

const ana = { id: 1, email: 'ana@example.com', name: 'Ana', role: 'csm' as const };

/** useAuth over a fake API, with the CSRF token wired exactly as useApi wires it. */
function setup(routes: Parameters<typeof fakeApi>[0]) {
  const server = fakeApi(routes);
  const api = createApiClient({ getCsrfToken: () => csrfToken.value, fetch: server.fetch });
  return { auth: useAuth(api), api, requests: server.requests };
}

describe('useAuth', () => {
  it('loads the session from /api/auth/me: member, role and can()', async () => {
    const { auth } = setup({
      'GET /api/auth/me': () => ({ body: { member: ana, csrfToken: 'c1', actor: {} } }),
    });
    await auth.ensureLoaded();
    expect(auth.isSignedIn.value).toBe(true);
    expect(auth.member.value?.email).toBe('ana@example.com');
    expect(auth.role.value).toBe('csm');
    expect(auth.can('viewer')).toBe(true);
    expect(auth.can('csm')).toBe(true);
    expect(auth.can('admin')).toBe(false);
  });

  it('asks /api/auth/state after a 401, to know whether setup is still needed', async () => {
    const { auth, requests } = setup({
      'GET /api/auth/me': () => ({ status: 401, body: errorBody('UNAUTHORIZED') }),
      'GET /api/auth/state': () => ({ body: { setupRequired: true, accessMode: false } }),
    });
    await auth.ensureLoaded();
    expect(auth.isSignedIn.value).toBe(false);
    expect(auth.setupRequired.value).toBe(true);
    expect(auth.can('viewer')).toBe(false);
    expect(requests.map((r) => r.url)).toEqual(['/api/auth/me', '/api/auth/state']);
  });

  it('loads once, however many guards ask', async () => {
    const { auth, requests } = setup({
      'GET /api/auth/me': () => ({ body: { member: ana, csrfToken: 'c1', actor: {} } }),
    });
    await Promise.all([auth.ensureLoaded(), auth.ensureLoaded()]);
    await auth.ensureLoaded();
    expect(requests).toHaveLength(1);
  });

  it('rejects when the API is unreachable, and tries again next time', async () => {
    let up = false;
    const { auth } = setup({
      'GET /api/auth/me': () =>
        up
          ? { body: { member: ana, csrfToken: 'c1', actor: {} } }
          : { status: 503, body: errorBody('UNAVAILABLE') },
    });
    await expect(auth.ensureLoaded()).rejects.toMatchObject({ status: 503 });
    up = true;
    await auth.ensureLoaded();
    expect(auth.isSignedIn.value).toBe(true);
  });

  it('signIn stores the CSRF token, which later writes send', async () => {
    const { auth, api, requests } = setup({
      'POST /api/auth/sign-in': () => ({ body: { member: ana, csrfToken: 'fresh-csrf' } }),
      'POST /api/sources': () => ({ status: 201, body: {} }),
    });
    await auth.signIn('ana@example.com', 'correct horse battery');
    expect(requests[0]?.body).toEqual({ email: 'ana@example.com', password: 'correct horse battery' });
    expect(auth.member.value?.name).toBe('Ana');
    await api.post('/api/sources', { name: 'Web' });
    expect(requests[1]?.headers.get('X-CSRF-Token')).toBe('fresh-csrf');
  });

  it('signIn leaves the user signed out when the API refuses', async () => {
    const { auth } = setup({
      'POST /api/auth/sign-in': () => ({ status: 401, body: errorBody('INVALID_CREDENTIALS') }),
    });
    await expect(auth.signIn('ana@example.com', 'wrong')).rejects.toMatchObject({
      code: 'INVALID_CREDENTIALS',
    });
    expect(auth.isSignedIn.value).toBe(false);
  });

  it('signOut clears the session even when the request fails', async () => {
    const { auth, requests } = setup({
      'POST /api/auth/sign-in': () => ({ body: { member: ana, csrfToken: 'c2' } }),
      'POST /api/auth/sign-out': () => ({ status: 500, body: errorBody('INTERNAL') }),
    });
    await auth.signIn('ana@example.com', 'pw');
    await expect(auth.signOut()).rejects.toMatchObject({ status: 500 });
    expect(requests[1]?.headers.get('X-CSRF-Token')).toBe('c2');
    expect(auth.isSignedIn.value).toBe(false);
    expect(csrfToken.value).toBeNull();
  });

  it('setup sends the bootstrap token as a bearer and signs the first admin in', async () => {
    const admin = { ...ana, role: 'admin' as const };
    const { auth, requests } = setup({
      'POST /api/auth/setup': () => ({ status: 201, body: { member: admin, csrfToken: 'c3' } }),
    });
    await auth.setup('boot-token', { email: 'ana@example.com', name: 'Ana', password: 'long enough pw' });
    expect(requests[0]?.headers.get('Authorization')).toBe('Bearer boot-token');
    expect(auth.can('admin')).toBe(true);
  });

  it('acceptInvite posts to the token URL and signs the new member in', async () => {
    const { auth, requests } = setup({
      'POST /api/auth/invites/tok%2Fen/accept': () => ({
        status: 201,
        body: { member: ana, csrfToken: 'c4' },
      }),
    });
    await auth.acceptInvite('tok/en', { name: 'Ana', password: 'long enough pw' });
    expect(requests[0]?.body).toEqual({ name: 'Ana', password: 'long enough pw' });
    expect(auth.isSignedIn.value).toBe(true);
  });

  it('changePassword sends both passwords with the CSRF token', async () => {
    const { auth, requests } = setup({
      'POST /api/auth/sign-in': () => ({ body: { member: ana, csrfToken: 'c5' } }),
      'POST /api/auth/password': () => ({ status: 204 }),
    });
    await auth.signIn('ana@example.com', 'old password');
    await auth.changePassword('old password', 'new password!');
    expect(requests[1]?.body).toEqual({ currentPassword: 'old password', newPassword: 'new password!' });
    expect(requests[1]?.headers.get('X-CSRF-Token')).toBe('c5');
  });
});
