import { type ApiClient, createApiClient } from '../api/client';
import { useAdminToken } from './useAdminToken';

let client: ApiClient | undefined;

/**
 * The app's API client: sends the current admin token, and on a 401 forgets it so the token form shows again.
 * @example const api = useApi(); await api.get('/api/accounts')
 */
export function useApi(): ApiClient {
  if (!client) {
    const { token, signOut } = useAdminToken();
    client = createApiClient({
      getToken: () => token.value,
      onUnauthorized: (error) =>
        signOut(`The API rejected the admin token (${error.message}). Enter it again.`),
    });
  }
  return client;
}
