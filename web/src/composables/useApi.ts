import { type ApiClient, type ApiError, createApiClient } from '../api/client';
import { csrfToken } from './auth-session';

let client: ApiClient | undefined;
let unauthorizedHandler: ((error: ApiError, path: string) => void) | null = null;

/**
 * What to do when the API answers 401 (the session ended or was revoked); installed once by the router.
 * @example setUnauthorizedHandler(() => router.push('/sign-in'))
 */
export function setUnauthorizedHandler(handler: ((error: ApiError, path: string) => void) | null): void {
  unauthorizedHandler = handler;
}

/**
 * The app's API client: the session cookie plus the session's CSRF token on writes; a 401 goes to the handler.
 * @example const api = useApi(); await api.get('/api/accounts')
 */
export function useApi(): ApiClient {
  client ??= createApiClient({
    getCsrfToken: () => csrfToken.value,
    onUnauthorized: (error, path) => unauthorizedHandler?.(error, path),
  });
  return client;
}
