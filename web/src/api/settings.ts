import type {
  ApiTokenItem,
  ApiTokenList,
  CreatedApiToken,
  CreatedInvite,
  InviteItem,
  InviteList,
  MemberItem,
  MemberList,
  Role,
} from '../../../shared/contracts/auth';
import type { TierDisplay, TierSettings } from '../../../shared/contracts/settings';
import type { ApiClient } from './client';

export type {
  ApiTokenItem,
  CreatedApiToken,
  CreatedInvite,
  InviteItem,
  MemberItem,
  TierDisplay,
  TierSettings,
};

// The Settings screen's API calls, one small function per endpoint.

/** One source of `GET /api/sources` (as worker/db/sources.ts `SourceDto`). Timestamps ISO 8601. */
export interface SourceItem {
  id: string;
  name: string;
  /** First 7 characters of the write key, to recognise it. */
  keyPrefix: string;
  createdAt: string;
  revokedAt: string | null;
}

/** `POST /api/sources` → 201: the write key is in this response only. */
export interface CreatedSource extends SourceItem {
  writeKey: string;
}

/** One feature of `GET /api/features` (as worker/db/features.ts `FeatureDto`). */
export interface FeatureItem {
  id: number;
  key: string;
  name: string;
  kind: 'track' | 'page' | 'screen';
  module: string | null;
  isCore: boolean;
  firstSeenAt: string;
}

/** `GET|PUT /api/alerts/webhook` */
export interface WebhookSetting {
  url: string | null;
}

type Items<T> = { items: T[] };

export const listSources = (api: ApiClient, signal?: AbortSignal) =>
  api.get<Items<SourceItem>>('/api/sources', { signal }).then((r) => r.items);
export const createSource = (api: ApiClient, name: string) =>
  api.post<CreatedSource>('/api/sources', { name });
export const revokeSource = (api: ApiClient, id: string) =>
  api.delete<SourceItem>(`/api/sources/${encodeURIComponent(id)}`);

export const listFeatures = (api: ApiClient, signal?: AbortSignal) =>
  api.get<Items<FeatureItem>>('/api/features', { signal }).then((r) => r.items);
/** Edits a feature's module (null clears it), core flag or display name. */
export const updateFeature = (
  api: ApiClient,
  id: number,
  patch: { module?: string | null; isCore?: boolean; name?: string },
) => api.patch<FeatureItem>(`/api/features/${id}`, patch);

export const listMembers = (api: ApiClient, signal?: AbortSignal) =>
  api.get<MemberList>('/api/members', { signal }).then((r) => r.items);
/** 409 LAST_ADMIN when it would leave no active admin. */
export const updateMember = (api: ApiClient, id: number, patch: { role?: Role; active?: boolean }) =>
  api.patch<MemberItem>(`/api/members/${id}`, patch);
export const listInvites = (api: ApiClient, signal?: AbortSignal) =>
  api.get<InviteList>('/api/members/invites', { signal }).then((r) => r.items);
export const createInvite = (api: ApiClient, input: { email: string; role: Role; expiresInDays?: number }) =>
  api.post<CreatedInvite>('/api/members/invites', input);
export const revokeInvite = (api: ApiClient, id: number) => api.delete(`/api/members/invites/${id}`);

export const listTokens = (api: ApiClient, signal?: AbortSignal) =>
  api.get<ApiTokenList>('/api/tokens', { signal }).then((r) => r.items);
export const createToken = (api: ApiClient, input: { name: string; role: Role; expiresInDays?: number }) =>
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

/** Saves names and colours (admin); answers with every tier as now stored. */
export function putTierSettings(api: ApiClient, tiers: TierDisplay[]): Promise<TierSettings> {
  return api.put<TierSettings>('/api/settings/tiers', { tiers });
}
