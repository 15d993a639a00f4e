import type { AlertItem } from '../../web/src/api/alerts';

/**
 * An open alert as the API lists it, with `patch` over it.
 * @example alertItem(2, { severity: 'critical' })
 */
export const alertItem = (id: number, patch: Partial<AlertItem> = {}): AlertItem => ({
  id,
  account: 'acme',
  accountName: 'Acme',
  ruleId: 'score-drop',
  status: 'open',
  severity: 'warning',
  title: `Alert ${id}`,
  detail: '',
  playbook: 'Call the sponsor.',
  messages: null,
  assignee: null,
  snoozedUntil: null,
  closedAt: null,
  closeNote: null,
  period: '2026-11-01',
  createdAt: '2026-11-01T00:00:00Z',
  updatedAt: '2026-11-01T00:00:00Z',
  tier: null,
  segmentId: null,
  arrCents: null,
  currency: null,
  renewalDate: null,
  ownerEmail: null,
  ownerNotMember: false,
  ...patch,
});
