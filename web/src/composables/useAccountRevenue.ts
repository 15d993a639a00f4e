import type { Ref } from 'vue';
import type { ApiClient } from '../api/client';
import { getAccountRevenue } from '../api/revenue';
import { useApi } from './useApi';
import { useLoader } from './useLoader';

/**
 * An account's contracts, tickets, leads and advocacy (`GET /api/accounts/:externalId/revenue`, csm and admin),
 * reloaded when the account changes. Only a component a CSM or admin sees may call it: viewers get a 403.
 * @example const { data, state, error, reload } = useAccountRevenue(toRef(props, 'externalId'))
 */
export function useAccountRevenue(externalId: Ref<string>, api: ApiClient = useApi()) {
  return useLoader((signal) => getAccountRevenue(api, externalId.value, signal), { watch: [externalId] });
}
