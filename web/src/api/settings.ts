import type { WebhookSetting } from '../../../shared/contracts/alerts';
import type {
  ApiTokenItem,
  ApiTokenList,
  CreatedApiToken,
  CreatedInvite,
  CreateInviteInput,
  CreateTokenInput,
  InviteItem,
  InviteList,
  MemberItem,
  MemberList,
  UpdateMemberInput,
} from '../../../shared/contracts/auth';
import type {
  CreatedSource,
  IngestFailure,
  IngestStats,
  Source as SourceItem,
  SourceStats,
} from '../../../shared/contracts/ingest';
import type {
  Feature as FeatureItem,
  FeatureList,
  TierDisplay,
  TierSettings,
  TransitionSettings,
  UpdateFeatureInput,
} from '../../../shared/contracts/settings';
import type { ApiClient } from './client';

export type {
  ApiTokenItem,
  CreatedApiToken,
  CreatedInvite,
  CreatedSource,
  FeatureItem,
  IngestFailure,
  IngestStats,
  InviteItem,
  MemberItem,
  SourceItem,
  SourceStats,
  TierDisplay,
  TierSettings,
  WebhookSetting,
};

// The Settings screen's API calls, one small function per endpoint.

type Items<T> = { items: T[] };

export const listSources = (api: ApiClient, signal?: AbortSignal) =>
  api.get<Items<SourceItem>>('/api/sources', { signal }).then((r) => r.items);
export const createSource = (api: ApiClient, name: string) =>
  api.post<CreatedSource>('/api/sources', { name });
export const revokeSource = (api: ApiClient, id: string) =>
  api.delete<SourceItem>(`/api/sources/${encodeURIComponent(id)}`);
/** Admins only. 409 CONFLICT when the key was not kept (created before keys were sealed). */
export const sourceWriteKey = (api: ApiClient, id: string, signal?: AbortSignal) =>
  api
    .get<{ id: string; writeKey: string }>(`/api/sources/${encodeURIComponent(id)}/write-key`, { signal })
    .then((r) => r.writeKey);

/** Per source: events today and in 7 days, the last receipt, rejections by code (sources with activity only). */
export const listSourceStats = (api: ApiClient, signal?: AbortSignal) =>
  api.get<Items<SourceStats>>('/api/ingest/sources', { signal }).then((r) => r.items);
/** Pipeline totals: `lastReceivedAt` tells whether any event ever arrived. */
export const ingestStats = (api: ApiClient, signal?: AbortSignal) =>
  api.get<IngestStats>('/api/ingest/stats', { signal });
/** Queue messages that could not be stored and still need attention (retrying or dead). */
export const listIngestFailures = (api: ApiClient, signal?: AbortSignal) =>
  api.get<Items<IngestFailure>>('/api/ingest/failures', { signal }).then((r) => r.items);
export const replayIngestFailure = (api: ApiClient, id: number) =>
  api.post<{ id: number; status: 'replayed'; events: number }>(`/api/ingest/failures/${id}/replay`);

export const listFeatures = (api: ApiClient, signal?: AbortSignal) =>
  api.get<FeatureList>('/api/features', { signal }).then((r) => r.items);
/** Edits a feature's module (null clears it), core flag or display name. */
export const updateFeature = (api: ApiClient, id: number, patch: UpdateFeatureInput) =>
  api.patch<FeatureItem>(`/api/features/${id}`, patch);

export type { UpdateMemberInput };
export const listMembers = (api: ApiClient, signal?: AbortSignal) =>
  api.get<MemberList>('/api/members', { signal }).then((r) => r.items);
/** 409 LAST_ADMIN when it would leave no active admin. */
export const updateMember = (api: ApiClient, id: number, patch: UpdateMemberInput) =>
  api.patch<MemberItem>(`/api/members/${id}`, patch);
export const listInvites = (api: ApiClient, signal?: AbortSignal) =>
  api.get<InviteList>('/api/members/invites', { signal }).then((r) => r.items);
export const createInvite = (api: ApiClient, input: CreateInviteInput) =>
  api.post<CreatedInvite>('/api/members/invites', input);
export const revokeInvite = (api: ApiClient, id: number) => api.delete(`/api/members/invites/${id}`);

export const listTokens = (api: ApiClient, signal?: AbortSignal) =>
  api.get<ApiTokenList>('/api/tokens', { signal }).then((r) => r.items);
export const createToken = (api: ApiClient, input: CreateTokenInput) =>
  api.post<CreatedApiToken>('/api/tokens', input);
export const revokeToken = (api: ApiClient, id: number) => api.delete(`/api/tokens/${id}`);

export const getWebhook = (api: ApiClient, signal?: AbortSignal) =>
  api.get<WebhookSetting>('/api/alerts/webhook', { signal });
/** null turns delivery off. */
export const putWebhook = (api: ApiClient, url: string | null) =>
  api.put<WebhookSetting>('/api/alerts/webhook', { url });

/** Display names and colours of the health tiers, best first (defaults when never set). */
export function getTierSettings(api: ApiClient, signal?: AbortSignal): Promise<TierSettings> {
  return api.get<TierSettings>('/api/settings/tiers', { signal });
}

/** How wins and saves are counted: the hysteresis in days. */
export function getTransitionSettings(api: ApiClient, signal?: AbortSignal): Promise<TransitionSettings> {
  return api.get<TransitionSettings>('/api/settings/transitions', { signal });
}

/** Sets the hysteresis (admin, 0..90 days). */
export function putTransitionSettings(
  api: ApiClient,
  input: TransitionSettings,
): Promise<TransitionSettings> {
  return api.put<TransitionSettings>('/api/settings/transitions', input);
}

/** Saves names and colours (admin); answers with every tier as now stored. */
export function putTierSettings(api: ApiClient, tiers: TierDisplay[]): Promise<TierSettings> {
  return api.put<TierSettings>('/api/settings/tiers', { tiers });
}
