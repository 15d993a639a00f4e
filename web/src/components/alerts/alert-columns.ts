import { ALERT_SORT_KEYS, type AlertSortKey } from '../../../../shared/alerts/sort-keys';

/** The list view's columns, in order; each sorts by the API's key of the same name. */
export const ALERT_COLUMNS = ALERT_SORT_KEYS;
export type AlertColumn = AlertSortKey;

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
