import type {
  MailMessage,
  MailPreferences,
  MailSettings,
  MailSettingsInput,
  SurveyInvitationsResult,
} from '../../../shared/contracts/mail';
import type { ApiClient } from './client';

export type { MailMessage, MailPreferences, MailSettings, MailSettingsInput, SurveyInvitationsResult };

// Settings → Mail: the provider (admin), the message log, and the member's own digest preference.

export const getMailSettings = (api: ApiClient, signal?: AbortSignal) =>
  api.get<MailSettings>('/api/settings/mail', { signal });

export const putMailSettings = (api: ApiClient, body: MailSettingsInput) =>
  api.put<MailSettings>('/api/settings/mail', body);

export const sendTestMail = (api: ApiClient, to: string) =>
  api.post<{ id: number }>('/api/settings/mail/test', { to });

export const listMailMessages = (api: ApiClient, signal?: AbortSignal) =>
  api.get<{ items: MailMessage[] }>('/api/mail/messages', { signal });

export const getMailPreferences = (api: ApiClient, signal?: AbortSignal) =>
  api.get<MailPreferences>('/api/mail/preferences', { signal });

export const putMailPreferences = (api: ApiClient, body: Partial<MailPreferences>) =>
  api.put<MailPreferences>('/api/mail/preferences', body);

/** Emails each link's personal invitation to its contact (`POST /api/surveys/:id/invitations`). */
export const sendSurveyInvitations = (api: ApiClient, surveyId: number, linkIds: number[]) =>
  api.post<SurveyInvitationsResult>(`/api/surveys/${surveyId}/invitations`, { linkIds });
