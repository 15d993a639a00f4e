import { computed, readonly } from 'vue';
import type { Role } from '../../../shared/contracts/auth';
import { hasRole } from '../../../shared/contracts/roles';
import type { AcceptInviteInput, AuthSession, SetupInput } from '../api/auth';
import * as authApi from '../api/auth';
import { type ApiClient, ApiError } from '../api/client';
import { authState, csrfToken, member } from './auth-session';
import { useApi } from './useApi';

/** Settles once the first `GET /api/auth/me` (and, when signed out, `/api/auth/state`) has answered. */
let ready: Promise<void> | null = null;

function applySession(session: AuthSession): void {
  member.value = session.member;
  csrfToken.value = session.csrfToken;
  if (authState.value) authState.value = { ...authState.value, setupRequired: false };
}

function clearSession(): void {
  member.value = null;
  csrfToken.value = null;
}

async function loadSession(api: ApiClient): Promise<void> {
  try {
    const me = await authApi.getMe(api);
    // Only a browser session has a member and a CSRF token; anything else is treated as signed out.
    if (me.member && me.csrfToken) {
      member.value = me.member;
      csrfToken.value = me.csrfToken;
      return;
    }
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 401) throw err;
  }
  clearSession();
  authState.value = await authApi.getAuthState(api);
}

/**
 * The signed-in member and everything that changes who that is. State is shared app-wide.
 * `ensureLoaded()` is what the router guard awaits before its first decision.
 * @example
 * const { member, can, signIn } = useAuth()
 * await signIn('ana@example.com', 'correct horse battery')
 * if (can('admin')) showSettings()
 */
export function useAuth(api: ApiClient = useApi()) {
  /** Loads the session once; a failure (e.g. the API is down) rejects and the next call tries again. */
  function ensureLoaded(): Promise<void> {
    ready ??= loadSession(api).catch((err: unknown) => {
      ready = null;
      throw err;
    });
    return ready;
  }

  async function signIn(email: string, password: string): Promise<void> {
    applySession(await authApi.signIn(api, { email, password }));
  }

  /** Ends the session on the server; the local state is cleared even when the request fails. */
  async function signOut(): Promise<void> {
    try {
      await authApi.signOut(api);
    } finally {
      clearSession();
    }
  }

  async function setup(adminToken: string, input: SetupInput) {
    applySession(await authApi.setup(api, adminToken, input));
  }

  async function acceptInvite(token: string, input: AcceptInviteInput) {
    applySession(await authApi.acceptInvite(api, token, input));
  }

  function changePassword(currentPassword: string, newPassword: string): Promise<void> {
    return authApi.changePassword(api, { currentPassword, newPassword });
  }

  const role = computed<Role | null>(() => member.value?.role ?? null);

  return {
    member: readonly(member),
    role,
    isSignedIn: computed(() => member.value !== null),
    /** True until the first admin exists; null while unknown (e.g. someone is signed in). */
    setupRequired: computed(() => authState.value?.setupRequired ?? null),
    /** True when the member's role is at least `needed` (admin > csm > viewer). */
    can: (needed: Role) => role.value !== null && hasRole(role.value, needed),
    ensureLoaded,
    signIn,
    signOut,
    setup,
    acceptInvite,
    changePassword,
    /** Forgets the session locally, e.g. after the API answered 401; does not call the API. */
    forget: clearSession,
  };
}

/** Resets the module state; for tests. */
export function resetAuthForTests(): void {
  ready = null;
  clearSession();
  authState.value = null;
}
