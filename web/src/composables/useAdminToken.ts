import { computed, readonly, ref } from 'vue';

/** sessionStorage key: the token lives as long as the tab, never in localStorage or a cookie. */
export const ADMIN_TOKEN_KEY = 'keepwell.adminToken';

// Storage access throws in some privacy modes and sandboxed iframes; the app then keeps the token in memory only.
function readStored(): string | null {
  try {
    return sessionStorage.getItem(ADMIN_TOKEN_KEY);
  } catch {
    return null;
  }
}

function writeStored(value: string | null): void {
  try {
    if (value === null) sessionStorage.removeItem(ADMIN_TOKEN_KEY);
    else sessionStorage.setItem(ADMIN_TOKEN_KEY, value);
  } catch {}
}

// Module state so the whole app shares one sign-in, whichever component asks.
const token = ref<string | null>(readStored());
const notice = ref<string | null>(null);

/**
 * The admin token the API requires (`Authorization: Bearer …`), kept in sessionStorage.
 * `notice` explains why the token form is showing again, e.g. after the API rejected the token.
 * @example const { isSignedIn, signIn, signOut } = useAdminToken()
 */
export function useAdminToken() {
  function signIn(value: string): void {
    const trimmed = value.trim();
    if (!trimmed) return;
    writeStored(trimmed);
    token.value = trimmed;
    notice.value = null;
  }

  /** Forgets the token; `reason`, if given, is shown on the token form. */
  function signOut(reason: string | null = null): void {
    writeStored(null);
    token.value = null;
    notice.value = reason;
  }

  return {
    token: readonly(token),
    isSignedIn: computed(() => token.value !== null),
    notice: readonly(notice),
    signIn,
    signOut,
  };
}
