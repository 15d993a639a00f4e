import type { AlertSortKey } from '../../../../shared/contracts/alerts';

/** The list view's columns, in order; each sorts by the API's key of the same name. */
export const ALERT_COLUMNS = [
  'account',
  'tier',
  'arr',
  'renewal',
  'rule',
  'severity',
  'created',
  'assignee',
  'status',
] as const satisfies readonly AlertSortKey[];
export type AlertColumn = (typeof ALERT_COLUMNS)[number];

/** Where the inbox remembers list or cards. */
export const ALERT_VIEW_KEY = 'keepwell.alerts.view';

/**
 * The view to start in: the remembered one, else the list.
 * @example initialAlertView(localStorage) // 'list'
 */
export function initialAlertView(storage: Pick<Storage, 'getItem'> | undefined): 'list' | 'cards' {
  try {
    return storage?.getItem(ALERT_VIEW_KEY) === 'cards' ? 'cards' : 'list';
  } catch {
    // Storage may be refused (private mode); the list is the default.
    return 'list';
  }
}
