import { flushPromises, mount } from '@vue/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import type { AlertItem, BulkAlertResult } from '../../web/src/api/alerts';
import AlertBulkBar from '../../web/src/components/alerts/AlertBulkBar.vue';
import AlertTable from '../../web/src/components/alerts/AlertTable.vue';
import { ALERT_VIEW_KEY, initialAlertView } from '../../web/src/components/alerts/alert-columns';
import ReferralCandidates from '../../web/src/components/alerts/ReferralCandidates.vue';
import { UNASSIGNED, useAlerts } from '../../web/src/composables/useAlerts';
import { i18n } from '../../web/src/i18n';
import { alertItem } from './alert-fixtures';
import { fakeApi } from './fetch';
import { withSetup } from './with-setup';

const alert = (id: number, patch: Partial<AlertItem> = {}): AlertItem =>
  alertItem(id, {
    account: `acct-${id}`,
    accountName: `Account ${id}`,
    tier: 'red',
    arrCents: 1_000_000,
    currency: 'USD',
    renewalDate: '2027-03-01',
    ...patch,
  });

function router() {
  const Empty = { render: () => null };
  return createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', component: Empty },
      { path: '/accounts/:externalId', name: 'account', component: Empty },
      { path: '/settings/:tab?', name: 'settings', component: Empty },
    ],
  });
}

function mountTable(props: Partial<InstanceType<typeof AlertTable>['$props']> = {}) {
  return mount(AlertTable, {
    props: {
      items: [alert(1), alert(2), alert(3)],
      sort: '-created',
      selected: new Set<number>(),
      ruleNames: new Map([['score-drop', 'Score dropped']]),
      openId: null,
      ...props,
    },
    global: { plugins: [i18n, router()] },
  });
}

describe('alert list table', () => {
  it('shows one row per alert with its account columns', () => {
    const wrapper = mountTable();
    const rows = wrapper.findAll('[data-testid="alert-row"]');
    expect(rows).toHaveLength(3);
    expect(rows[0]!.text()).toContain('Account 1');
    expect(rows[0]!.text()).toContain('Score dropped');
    expect(rows[0]!.find('[data-testid="alert-arr"]').text()).toBe('$10,000');
  });

  it('sorts by a column, then turns the order round on a second click', async () => {
    const wrapper = mountTable();
    await wrapper.find('[data-testid="alert-sort-arr"]').trigger('click');
    await wrapper.find('[data-testid="alert-sort-account"]').trigger('click');
    expect(wrapper.emitted('sort')).toEqual([['-arr'], ['account']]);
    await wrapper.setProps({ sort: '-arr' });
    expect(
      wrapper.find('[data-testid="alert-sort-arr"]').element.closest('th')?.getAttribute('aria-sort'),
    ).toBe('descending');
    await wrapper.find('[data-testid="alert-sort-arr"]').trigger('click');
    expect(wrapper.emitted('sort')?.at(-1)).toEqual(['arr']);
  });

  it('selects rows and all rows, and opens an alert on a row click', async () => {
    const wrapper = mountTable({ selected: new Set([2]) });
    const boxes = wrapper.findAll<HTMLInputElement>('[data-testid="alert-select"]');
    expect(boxes.map((b) => b.element.checked)).toEqual([false, true, false]);
    await boxes[0]!.trigger('change');
    expect(wrapper.emitted('toggle')).toEqual([[1]]);
    expect(wrapper.emitted('open')).toBeUndefined();
    await wrapper.find('[data-testid="alert-select-all"]').setValue(true);
    expect(wrapper.emitted('toggleAll')).toEqual([[true]]);
    await wrapper.findAll('[data-testid="alert-row"]')[2]!.trigger('click');
    expect(wrapper.emitted('open')).toEqual([[3]]);
  });

  it('hides the checkboxes from a viewer', () => {
    const wrapper = mountTable({ selected: null });
    expect(wrapper.find('[data-testid="alert-select"]').exists()).toBe(false);
  });

  it('renders account names, titles and owner emails as text', () => {
    const html = '<img src=x onerror="alert(1)"><b>bold</b>';
    const wrapper = mountTable({
      items: [alert(1, { accountName: html, title: html, ownerEmail: html, ownerNotMember: true })],
      ruleNames: new Map([['score-drop', html]]),
    });
    expect(wrapper.find('img').exists()).toBe(false);
    expect(wrapper.find('b').exists()).toBe(false);
    expect(wrapper.text()).toContain(html);
  });

  it('flags an owner who is not a member and links to the invite form, prefilled', () => {
    const wrapper = mountTable({
      items: [alert(1, { ownerNotMember: true, ownerEmail: 'old.csm@example.com' })],
    });
    expect(wrapper.find('[data-testid="alert-owner-not-member"]').text()).toContain('old.csm@example.com');
    const link = wrapper.find('[data-testid="alert-invite-owner"]');
    expect(link.text()).toBe('Invite old.csm@example.com');
    expect(link.attributes('href')).toBe('/settings/members?invite=old.csm@example.com');
  });
});

describe('bulk bar', () => {
  const result: BulkAlertResult = { updated: 2, skipped: [{ id: 9, reason: 'no_renewal_date' }] };

  it('sends each action without ids and reports what changed', async () => {
    const apply = vi.fn(async () => result);
    const wrapper = mount(AlertBulkBar, {
      props: { count: 3, assignees: ['me@example.com', 'kim@example.com'], apply },
      global: { plugins: [i18n] },
    });
    expect(wrapper.find('[data-testid="alert-bulk-count"]').text()).toBe('3 alerts selected');
    await wrapper.find('[data-testid="alert-bulk-snooze-1w"]').trigger('click');
    await wrapper.find('[data-testid="alert-bulk-snooze-renewal"]').trigger('click');
    await wrapper.find('[data-testid="alert-bulk-assignee"]').setValue('kim@example.com');
    await wrapper.find('[data-testid="alert-bulk-assign"]').trigger('click');
    await wrapper.find('[data-testid="alert-bulk-note"]').setValue('  Done at the QBR ');
    await wrapper.find('[data-testid="alert-bulk-close"]').trigger('click');
    await flushPromises();
    expect(apply.mock.calls.map((c) => (c as unknown[])[0])).toEqual([
      { action: 'snooze', preset: '1w' },
      { action: 'snooze', preset: 'renewal' },
      { action: 'assign', assignee: 'kim@example.com' },
      { action: 'close', note: 'Done at the QBR' },
    ]);
    expect(wrapper.find('[data-testid="alert-bulk-result"]').text()).toBe('Updated 2, skipped 1');
  });

  it('snoozes until a custom day', async () => {
    const apply = vi.fn(async () => result);
    const wrapper = mount(AlertBulkBar, {
      props: { count: 1, assignees: [], apply },
      global: { plugins: [i18n] },
    });
    await wrapper.find('[data-testid="alert-bulk-day"]').setValue('2030-01-15');
    await wrapper.find('[data-testid="alert-bulk-snooze-custom"]').trigger('click');
    const [body] = apply.mock.calls[0] as unknown as [{ action: string; until: string }];
    expect(body.action).toBe('snooze');
    expect(new Date(body.until).getTime()).toBe(new Date('2030-01-15T00:00:00').getTime());
  });
});

describe('useAlerts for the list', () => {
  it('sends sort, tier, search and unassigned, and posts bulk actions with the ids, then reloads', async () => {
    const server = fakeApi({
      'GET /api/alerts': () => ({ body: { items: [alert(2), alert(1)], nextCursor: null } }),
      'POST /api/alerts/bulk': () => ({ body: { updated: 2, skipped: [] } }),
    });
    vi.stubGlobal('fetch', server.fetch);
    const { result: inbox, wrapper } = withSetup(() => useAlerts());
    await flushPromises();
    inbox.filters.sort = '-arr';
    inbox.filters.tier = 'red';
    inbox.filters.q = 'acme';
    inbox.filters.assignee = UNASSIGNED;
    await flushPromises();
    const query = Object.fromEntries(new URL(server.requests.at(-1)!.url, 'http://x').searchParams);
    expect(query).toMatchObject({ sort: '-arr', tier: 'red', q: 'acme', assignee: 'unassigned' });
    const before = server.requests.length;
    await inbox.bulk({ action: 'snooze', ids: [1, 2], preset: '1w' });
    expect(server.requests[before]).toMatchObject({
      method: 'POST',
      body: { action: 'snooze', ids: [1, 2], preset: '1w' },
    });
    expect(server.requests.at(-1)!.method).toBe('GET');
    wrapper.unmount();
  });
});

describe('list or cards', () => {
  it('starts in the list unless cards were chosen', () => {
    expect(initialAlertView(undefined)).toBe('list');
    expect(initialAlertView({ getItem: (k) => (k === ALERT_VIEW_KEY ? 'cards' : null) })).toBe('cards');
    expect(
      initialAlertView({
        getItem: () => {
          throw new Error('denied');
        },
      }),
    ).toBe('list');
  });
});

describe('referral candidates', () => {
  it('lists promoters with their account link, rendering their comment as text', async () => {
    const server = fakeApi({
      'GET /api/surveys/promoters': () => ({
        body: {
          items: [
            {
              account: 'acme',
              accountName: '<i>Acme</i>',
              ownerEmail: null,
              arrCents: null,
              currency: null,
              score: 10,
              comment: '<img src=x onerror="alert(1)">',
              contactEmail: 'dana@acme.io',
              contactName: null,
              surveyName: 'NPS',
              respondedAt: '2026-11-01T00:00:00Z',
            },
          ],
        },
      }),
    });
    vi.stubGlobal('fetch', server.fetch);
    const wrapper = mount(ReferralCandidates, { global: { plugins: [i18n, router()] } });
    await flushPromises();
    const item = wrapper.find('[data-testid="referral-candidate"]');
    expect(item.text()).toContain('<i>Acme</i>');
    expect(item.text()).toContain('dana@acme.io answered 10');
    expect(item.find('img').exists()).toBe(false);
    expect(item.find('i').exists()).toBe(false);
    expect(item.find('a').attributes('href')).toBe('/accounts/acme');
  });
});
