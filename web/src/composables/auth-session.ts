import { ref, shallowRef } from 'vue';
import type { AuthMember, AuthState } from '../api/auth';

// Module state shared by useApi (which needs the CSRF token) and useAuth (which sets it). A separate module so the
// two composables do not import each other. Not exported from a composable: change it through useAuth only.

/** The signed-in member; null when signed out or not yet known. */
export const member = shallowRef<AuthMember | null>(null);
/** The session's CSRF token, sent as `X-CSRF-Token` on writes. Lives in memory only, like the session it belongs to. */
export const csrfToken = ref<string | null>(null);
/** `GET /api/auth/state`, loaded when nobody is signed in. */
export const authState = shallowRef<AuthState | null>(null);
