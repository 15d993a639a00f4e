import type { DemoRemoved, DemoStatus } from '../../../shared/contracts/demo';
import type { ApiClient } from './client';

export type { DemoRemoved, DemoStatus };

/**
 * Whether demo data is loaded (`GET /api/demo`).
 * @example if ((await getDemoStatus(api)).loaded) showRemoveBanner()
 */
export function getDemoStatus(api: ApiClient, signal?: AbortSignal): Promise<DemoStatus> {
  return api.get<DemoStatus>('/api/demo', { signal });
}

/**
 * Removes every piece of demo data, never real data (`DELETE /api/demo`, admin).
 * @example const { accounts } = await removeDemoData(api)
 */
export function removeDemoData(api: ApiClient): Promise<DemoRemoved> {
  return api.delete<DemoRemoved>('/api/demo');
}
