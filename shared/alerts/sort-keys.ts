// A module of its own, without zod, so the SPA's list view can import the columns without pulling in the contracts.

/**
 * The columns the alert list shows and sorts by, in display order; `created` is the alert's age.
 * @example ALERT_SORT_KEYS.includes('arr') // true
 */
export const ALERT_SORT_KEYS = [
  'account',
  'tier',
  'arr',
  'renewal',
  'rule',
  'severity',
  'created',
  'assignee',
  'status',
] as const;
export type AlertSortKey = (typeof ALERT_SORT_KEYS)[number];
