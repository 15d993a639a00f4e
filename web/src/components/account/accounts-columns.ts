import type { DataTableColumns } from 'naive-ui';
import { h } from 'vue';
import { RouterLink } from 'vue-router';
import type { AccountRow } from '../../api/accounts';
import type { AccountSortKey, SortOrder } from '../../composables/useAccountsTable';
import NotSet from '../NotSet.vue';
import TierBadge from '../TierBadge.vue';
import ScoreChange from './ScoreChange.vue';

/** What the column builder needs from the view: translations, formatters and the current sort. */
export interface ColumnContext {
  t: (key: string, values?: Record<string, unknown>) => string;
  money: (cents: number | null, currency: string | null) => string | null;
  day: (day: string | null) => string | null;
  relative: (iso: string | null) => string | null;
  dateTime: (iso: string | null) => string | null;
  sortOrder: (key: AccountSortKey) => SortOrder;
}

const orNotSet = (text: string | null | undefined) => (text ? text : h(NotSet));

/**
 * The accounts table's columns. Sortable headers hold a real button, so the sort is reachable by keyboard
 * (NDataTable sorts on a click anywhere in the header cell, and the button's click bubbles there).
 * @example const columns = computed(() => accountColumns({ t, money, day, relative, dateTime, sortOrder }))
 */
export function accountColumns(ctx: ColumnContext): DataTableColumns<AccountRow> {
  const { t } = ctx;
  const sortable = (key: AccountSortKey, label: string) => {
    const order = ctx.sortOrder(key);
    const state = order === 'ascend' ? 'sortedAsc' : order === 'descend' ? 'sortedDesc' : 'sortable';
    return {
      key,
      sorter: true as const,
      sortOrder: order,
      title: () =>
        h(
          'button',
          {
            type: 'button',
            class: 'sort-button',
            'aria-label': t(`accounts.sort.${state}`, { column: label }),
          },
          label,
        ),
    };
  };
  return [
    {
      ...sortable('name', t('accounts.columns.account')),
      fixed: 'left',
      minWidth: 180,
      render: (row) =>
        h('div', { class: 'account-cell' }, [
          h(
            RouterLink,
            { to: { name: 'account', params: { externalId: row.externalId } }, class: 'account-name' },
            () => row.name,
          ),
          h('span', { class: 'account-id' }, row.externalId),
        ]),
    },
    {
      key: 'tier',
      title: t('accounts.columns.tier'),
      width: 140,
      render: (row) => h(TierBadge, { tier: row.tier }),
    },
    {
      ...sortable('score', t('accounts.columns.score')),
      align: 'right',
      width: 90,
      render: (row) => (row.score === null ? h(NotSet) : String(Math.round(row.score))),
    },
    {
      ...sortable('change', t('accounts.columns.change')),
      align: 'right',
      width: 110,
      render: (row) => h(ScoreChange, { change: row.scoreChange }),
    },
    {
      key: 'segmentName',
      title: t('accounts.columns.segment'),
      width: 130,
      render: (row) => orNotSet(row.segmentName),
    },
    {
      key: 'lifecycleStage',
      title: t('accounts.columns.stage'),
      width: 120,
      render: (row) => orNotSet(row.lifecycleStage && t(`accounts.stages.${row.lifecycleStage}`)),
    },
    {
      key: 'ownerEmail',
      title: t('accounts.columns.owner'),
      width: 180,
      ellipsis: { tooltip: true },
      render: (row) => orNotSet(row.ownerEmail),
    },
    {
      ...sortable('arr', t('accounts.columns.arr')),
      align: 'right',
      width: 120,
      render: (row) => orNotSet(ctx.money(row.arrCents, row.currency)),
    },
    {
      ...sortable('renewal', t('accounts.columns.renewal')),
      width: 130,
      render: (row) =>
        row.renewalDate
          ? h('time', { datetime: row.renewalDate }, ctx.day(row.renewalDate) ?? '')
          : h(NotSet),
    },
    {
      ...sortable('lastSeen', t('accounts.columns.lastSeen')),
      width: 130,
      render: (row) =>
        row.lastSeenAt
          ? h(
              'time',
              { datetime: row.lastSeenAt, title: ctx.dateTime(row.lastSeenAt) ?? undefined },
              ctx.relative(row.lastSeenAt) ?? '',
            )
          : t('common.never'),
    },
  ];
}
