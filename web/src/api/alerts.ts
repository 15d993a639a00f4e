import type { AlertRule, AlertSeverity } from '../../../shared/alerts';
import type {
  Alert as AlertItem,
  AlertPage,
  AlertRuleList,
  AlertSort,
  AlertStatus,
  BulkAlertInput,
  BulkAlertResult,
} from '../../../shared/contracts/alerts';
import type { MemberList } from '../../../shared/contracts/auth';
import type { ReferralCandidate, ReferralCandidateList } from '../../../shared/contracts/surveys';
import type { ApiClient } from './client';

export type {
  AlertItem,
  AlertPage,
  AlertRule,
  AlertSeverity,
  AlertSort,
  AlertStatus,
  BulkAlertInput,
  BulkAlertResult,
  MemberList,
  ReferralCandidate,
};

// A Record over the contract's type rather than shared/alerts' list, whose module would pull zod into the chunk;
// the compiler flags a severity added to or removed from the contract.
const SEVERITY_PRESENT: Record<AlertSeverity, true> = { critical: true, warning: true, info: true };

/** Alert severities, most urgent first. */
export const ALERT_SEVERITIES = Object.keys(SEVERITY_PRESENT) as AlertSeverity[];

export interface ListAlertsParams {
  status?: AlertStatus;
  /** Account external id. */
  account?: string;
  ruleId?: string;
  severity?: AlertSeverity;
  /** Member email, `me` or `unassigned`. */
  assignee?: string;
  /** Tier key of the account's latest snapshot. */
  tier?: string;
  segment?: string;
  /** Text in the account's name or external id. */
  q?: string;
  /** The API defaults to `-created` (newest first). */
  sort?: AlertSort;
  /** 1..200; the API defaults to 50. */
  limit?: number;
  cursor?: string | null;
}

/**
 * One page of the alert inbox.
 * @example const { items, nextCursor } = await listAlerts(api, { status: 'open', assignee: 'me@example.com' })
 */
export function listAlerts(
  api: ApiClient,
  params: ListAlertsParams,
  signal?: AbortSignal,
): Promise<AlertPage> {
  return api.get<AlertPage>('/api/alerts', {
    query: {
      status: params.status,
      account: params.account,
      ruleId: params.ruleId,
      severity: params.severity,
      assignee: params.assignee,
      tier: params.tier,
      segment: params.segment,
      q: params.q,
      sort: params.sort,
      limit: params.limit,
      cursor: params.cursor,
    },
    signal,
  });
}

/** The configured alert rules (for the rule filter and names). */
export function listAlertRules(api: ApiClient, signal?: AbortSignal): Promise<AlertRuleList> {
  return api.get<AlertRuleList>('/api/alerts/rules', { signal });
}

/**
 * Assigns an alert to a member's email; null unassigns.
 * @example await assignAlert(api, 12, 'csm@example.com')
 */
export function assignAlert(api: ApiClient, id: number, assignee: string | null): Promise<AlertItem> {
  return api.post<AlertItem>(`/api/alerts/${id}/assign`, { assignee });
}

/**
 * Snoozes an open alert until an ISO date-time in the future.
 * @example await snoozeAlert(api, 12, '2026-12-01T09:00:00.000Z')
 */
export function snoozeAlert(api: ApiClient, id: number, until: string): Promise<AlertItem> {
  return api.post<AlertItem>(`/api/alerts/${id}/snooze`, { until });
}

/**
 * Closes an alert, with an optional note (≤ 2000 characters).
 * @example await closeAlert(api, 12, 'Called the sponsor; usage is back.')
 */
export function closeAlert(api: ApiClient, id: number, note?: string): Promise<AlertItem> {
  return api.post<AlertItem>(`/api/alerts/${id}/close`, note ? { note } : {});
}

/**
 * One action over many alerts; skipped ones come back with their reason.
 * @example await bulkAlerts(api, { action: 'snooze', ids: [1, 2], preset: '1w' }) // { updated: 2, skipped: [] }
 */
export function bulkAlerts(api: ApiClient, body: BulkAlertInput): Promise<BulkAlertResult> {
  return api.post<BulkAlertResult>('/api/alerts/bulk', body);
}

/** Promoters of the last 90 days whose account has no advocacy record yet (csm/admin). */
export function listReferralCandidates(api: ApiClient, signal?: AbortSignal): Promise<ReferralCandidateList> {
  return api.get<ReferralCandidateList>('/api/surveys/promoters', { signal });
}

/** Team members, to assign alerts to. */
export function listMembers(api: ApiClient, signal?: AbortSignal): Promise<MemberList> {
  return api.get<MemberList>('/api/members', { signal });
}
