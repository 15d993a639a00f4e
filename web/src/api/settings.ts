import type { TierDisplay, TierSettings } from '../../../shared/contracts/settings';
import type { ApiClient } from './client';

export type { TierDisplay, TierSettings };

/** Display names and colours of the health tiers, best first (defaults when never set). */
export function getTierSettings(api: ApiClient, signal?: AbortSignal): Promise<TierSettings> {
  return api.get<TierSettings>('/api/settings/tiers', { signal });
}

/** Saves names and colours (admin); answers with every tier as now stored. */
export function putTierSettings(api: ApiClient, tiers: TierDisplay[]): Promise<TierSettings> {
  return api.put<TierSettings>('/api/settings/tiers', { tiers });
}
