import type {
  AcceptInviteInput,
  AuthMe,
  AuthSession,
  AuthState,
  ChangePasswordInput,
  InviteInfo,
  SetupInput,
  SignInInput,
} from '../../../shared/contracts/auth';
import type { ApiClient } from './client';

export type {
  AcceptInviteInput,
  AuthMe,
  AuthMember,
  AuthSession,
  AuthState,
  ChangePasswordInput,
  InviteInfo,
  Role,
  SetupInput,
  SignInInput,
} from '../../../shared/contracts/auth';

// Thin wrappers over /api/auth; the session cookie is set and cleared by the API, never touched here.

/** Whether first-run setup is still needed. Public. */
export function getAuthState(api: ApiClient): Promise<AuthState> {
  return api.get<AuthState>('/api/auth/state');
}

/** The signed-in member and the CSRF token of the session; 401 when there is no session. */
export function getMe(api: ApiClient): Promise<AuthMe> {
  return api.get<AuthMe>('/api/auth/me');
}

/** Starts a session; 401 INVALID_CREDENTIALS, 429 TOO_MANY_ATTEMPTS. */
export function signIn(api: ApiClient, input: SignInInput): Promise<AuthSession> {
  return api.post<AuthSession>('/api/auth/sign-in', input);
}

/** Ends the session and clears the cookie. */
export function signOut(api: ApiClient): Promise<void> {
  return api.post<void>('/api/auth/sign-out');
}

/**
 * Creates the first admin, authorised by the bootstrap ADMIN_TOKEN that `npm start` prints; 409 once set up.
 * @example await setup(api, 'dev-admin-token', { email: 'ana@example.com', name: 'Ana', password: '…' })
 */
export function setup(api: ApiClient, adminToken: string, input: SetupInput): Promise<AuthSession> {
  return api.post<AuthSession>('/api/auth/setup', input, {
    headers: { Authorization: `Bearer ${adminToken}` },
  });
}

/** The invite behind a link; 410 INVITE_INVALID when used, expired or revoked, 404 when unknown. */
export function getInvite(api: ApiClient, token: string): Promise<InviteInfo> {
  return api.get<InviteInfo>(`/api/auth/invites/${encodeURIComponent(token)}`);
}

/** Accepts an invite: creates the member and signs them in. */
export function acceptInvite(api: ApiClient, token: string, input: AcceptInviteInput): Promise<AuthSession> {
  return api.post<AuthSession>(`/api/auth/invites/${encodeURIComponent(token)}/accept`, input);
}

/** Changes the signed-in member's password; their other sessions are revoked. */
export function changePassword(api: ApiClient, input: ChangePasswordInput): Promise<void> {
  return api.post<void>('/api/auth/password', input);
}
