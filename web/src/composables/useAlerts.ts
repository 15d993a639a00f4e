import { computed, reactive, watch } from 'vue';
import {
  type AlertItem,
  type AlertSeverity,
  type AlertSort,
  type AlertStatus,
  assignAlert,
  type BulkAlertInput,
  type BulkAlertResult,
  bulkAlerts,
  closeAlert,
  listAlertRules,
  listAlerts,
  listMembers,
  snoozeAlert,
} from '../api/alerts';
import type { ApiClient } from '../api/client';
import { useApi } from './useApi';
import { useLoader } from './useLoader';
import { useCursorPages } from './useTimeline';

/** The inbox filters; null = any. */
export interface AlertFilters {
  status: AlertStatus | null;
  severity: AlertSeverity | null;
  ruleId: string | null;
  /** Member email, or `unassigned`. */
  assignee: string | null;
  /** Tier key. */
  tier: string | null;
  segment: string | null;
  /** Text in the account's name or external id. */
  q: string | null;
  /** Column order; `-` prefix descending. */
  sort: AlertSort;
}

/** The assignee filter value for alerts nobody has. */
export const UNASSIGNED = 'unassigned';

/**
 * Whether an alert belongs in the list under `filters`; used after an action changed it (a closed alert leaves
 * the "open" inbox at once).
 * @example matchesFilters({ status: 'closed', severity: 'warning', ruleId: 'r', assignee: null, … }, { status: 'open', … }) // false
 */
export function matchesFilters(
  alert: Pick<AlertItem, 'status' | 'severity' | 'ruleId' | 'assignee'>,
  filters: Pick<AlertFilters, 'status' | 'severity' | 'ruleId' | 'assignee'>,
): boolean {
  const assignee = filters.assignee === UNASSIGNED ? null : filters.assignee;
  return (
    (filters.status === null || alert.status === filters.status) &&
    (filters.severity === null || alert.severity === filters.severity) &&
    (filters.ruleId === null || alert.ruleId === filters.ruleId) &&
    (filters.assignee === null || alert.assignee === assignee)
  );
}

/** What can be done to an alert; each resolves with the updated alert. */
export interface AlertActionHandlers {
  assign: (id: number, assignee: string | null) => Promise<AlertItem>;
  snooze: (id: number, until: string) => Promise<AlertItem>;
  close: (id: number, note?: string) => Promise<AlertItem>;
}

export interface UseAlertsOptions {
  /** Alerts per request, 1..200. */
  pageSize?: number;
  /** Starting filters, e.g. `{ assignee: me }`. */
  filters?: Partial<AlertFilters>;
  /** Only this account's alerts (external id); a getter so the list follows a route param. */
  account?: () => string;
  api?: ApiClient;
}

/**
 * The alert inbox: filters, newest-first paging ("load more"), and the actions assign / snooze / close, which
 * update the alert in place (or drop it when it no longer matches the filters).
 * @example const { items, filters, loadMore, assign, snooze, close } = useAlerts({ filters: { status: 'open' } })
 */
export function useAlerts(options: UseAlertsOptions = {}) {
  const api = options.api ?? useApi();
  const pageSize = options.pageSize ?? 50;
  const filters = reactive<AlertFilters>({
    status: 'open',
    severity: null,
    ruleId: null,
    assignee: null,
    tier: null,
    segment: null,
    q: null,
    sort: '-created',
    ...options.filters,
  });

  const pages = useCursorPages<AlertItem>(
    (cursor, signal) =>
      listAlerts(
        api,
        {
          status: filters.status ?? undefined,
          account: options.account?.(),
          ruleId: filters.ruleId ?? undefined,
          severity: filters.severity ?? undefined,
          assignee: filters.assignee ?? undefined,
          tier: filters.tier ?? undefined,
          segment: filters.segment ?? undefined,
          q: filters.q ?? undefined,
          sort: filters.sort === '-created' ? undefined : filters.sort,
          limit: pageSize,
          cursor,
        },
        signal,
      ).then((page) => ({ items: page.items, next: page.nextCursor })),
    (alert) => alert.id,
  );

  watch(
    () => [
      filters.status,
      filters.severity,
      filters.ruleId,
      filters.assignee,
      filters.tier,
      filters.segment,
      filters.q,
      filters.sort,
      options.account?.(),
    ],
    () => void pages.reload(),
  );
  void pages.reload();

  const items = computed(() => pages.items.value.filter((a) => matchesFilters(a, filters)));

  /** Puts the API's answer in place of the alert (or removes it when the filters no longer match). */
  function replace(updated: AlertItem): AlertItem {
    pages.items.value = pages.items.value.map((a) => (a.id === updated.id ? updated : a));
    return updated;
  }

  const actions: AlertActionHandlers = {
    assign: async (id, assignee) => replace(await assignAlert(api, id, assignee)),
    snooze: async (id, until) => replace(await snoozeAlert(api, id, until)),
    close: async (id, note) => replace(await closeAlert(api, id, note)),
  };

  /** One action over the selected alerts, then the list again from the top (changed rows may leave it). */
  async function bulk(body: BulkAlertInput): Promise<BulkAlertResult> {
    const result = await bulkAlerts(api, body);
    await pages.reload();
    return result;
  }

  // Loaded on demand (`reload()`): the account page needs neither, and only csm/admin assign.
  const rules = useLoader((signal) => listAlertRules(api, signal), { immediate: false });
  const members = useLoader((signal) => listMembers(api, signal), { immediate: false });

  return {
    ...pages,
    filters,
    items,
    rules,
    members,
    actions,
    bulk,
  };
}
