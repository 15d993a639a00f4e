import { flushPromises, mount } from '@vue/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { defineComponent, h } from 'vue';
import { createMemoryHistory, createRouter } from 'vue-router';
import type { Role } from '../../shared/contracts/auth';
import type { AccountRevenue } from '../../shared/contracts/revenue';
import { member } from '../../web/src/composables/auth-session';
import { i18n } from '../../web/src/i18n';
import AccountView from '../../web/src/views/AccountView.vue';
import { fakeApi } from './fetch';
import { HOSTILE, revenueSettings } from './revenue-fixtures';

const ChartFrame = defineComponent({
  props: { label: String, summary: String },
  setup: (props) => () => h('figure', { 'aria-label': props.label }, props.summary),
});
const Page = defineComponent({ render: () => null });

const revenue: AccountRevenue = {
  reportingCurrency: 'USD',
  contracts: [
    {
      externalId: 'c-2',
      accountExternalId: 'acme',
      periodStart: '2027-01-01',
      periodEnd: '2027-12-31',
      amountMinor: 1_000_000,
      currency: 'EUR',
      reportingAmountMinor: 1_080_000,
      interval: 'year',
      renewalDueDate: '2027-12-31',
      outcome: null,
      outcomeReason: null,
      outcomeNote: null,
      renewedAmountMinor: null,
      reportingRenewedAmountMinor: null,
      items: [
        { kind: 'premium_csm', amountMinor: 100_000, reportingAmountMinor: 108_000, source: 'csm_assisted' },
      ],
      updatedAt: '2027-01-01T00:00:00Z',
    },
    {
      externalId: 'c-1',
      accountExternalId: 'acme',
      periodStart: '2026-01-01',
      periodEnd: '2026-12-31',
      amountMinor: 900_000,
      currency: 'EUR',
      reportingAmountMinor: 972_000,
      interval: 'year',
      renewalDueDate: '2026-12-31',
      outcome: 'expanded',
      outcomeReason: 'price',
      outcomeNote: `Negotiated ${HOSTILE}`,
      renewedAmountMinor: 1_000_000,
      reportingRenewedAmountMinor: 1_080_000,
      items: [],
      updatedAt: '2026-12-31T00:00:00Z',
    },
  ],
  tickets: [
    {
      externalId: 't-1',
      accountExternalId: 'acme',
      openedAt: '2027-02-01T09:00:00Z',
      firstResponseAt: '2027-02-01T09:30:00Z',
      resolvedAt: '2027-02-01T10:00:00Z',
      resolvedOnFirstContact: true,
      channel: 'chat',
    },
  ],
  leads: [
    {
      externalId: 'l-1',
      accountExternalId: 'acme',
      title: 'Second team',
      submittedOn: '2027-02-02',
      status: 'won',
      assignedOn: null,
      acceptedOn: '2027-02-03',
      closedOn: '2027-03-01',
      wonArrMinor: 500_000,
      currency: 'USD',
      reportingWonArrMinor: 500_000,
      crmUrl: 'javascript:alert(1)',
      submittedBy: 'ana@example.com',
    },
  ],
  advocacy: [
    {
      externalId: 'a-1',
      accountExternalId: 'acme',
      kind: 'referral',
      occurredOn: '2027-02-10',
      referredAccountName: 'Globex',
      referralArrMinor: 300_000,
      currency: 'USD',
      reportingReferralArrMinor: 300_000,
      note: null,
    },
  ],
};

async function mountAccount(role: Role) {
  member.value = { id: 1, email: 'ana@example.com', name: 'Ana', role };
  const server = fakeApi({
    'GET /api/accounts/acme': () => ({
      body: {
        externalId: 'acme',
        name: 'Acme',
        plan: 'pro',
        industry: null,
        seats: 20,
        arrCents: 1_200_000,
        currency: 'USD',
        ownerEmail: 'ana@example.com',
        contractStartDate: null,
        renewalDate: '2027-01-31',
        lastSeenAt: null,
        users: { total: 12, activated: 10 },
      },
    }),
    'GET /api/accounts/acme/revenue': () => ({ body: revenue }),
    'GET /api/settings/revenue': () => ({ body: revenueSettings }),
  });
  vi.stubGlobal('fetch', server.fetch);
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', name: 'dashboard', component: Page },
      { path: '/alerts', name: 'alerts', component: Page },
      { path: '/accounts', name: 'accounts', component: Page },
      { path: '/accounts/:externalId', name: 'account', component: Page },
      { path: '/settings/:tab?', name: 'settings', component: Page },
    ],
  });
  await router.push('/accounts/acme');
  const wrapper = mount(AccountView, {
    props: { externalId: 'acme' },
    global: { plugins: [i18n, router], stubs: { ChartFrame } },
    attachTo: document.body,
  });
  await flushPromises();
  return { wrapper, requests: server.requests };
}

describe('account Revenue section', () => {
  it('is neither shown nor requested for a viewer', async () => {
    const { wrapper, requests } = await mountAccount('viewer');
    expect(wrapper.find('[data-testid="account-revenue"]').exists()).toBe(false);
    expect(requests.some((r) => r.url.includes('/revenue'))).toBe(false);
    wrapper.unmount();
  });

  it('lists contracts with both amounts, outcomes with reason labels, tickets, leads and advocacy for a CSM', async () => {
    const { wrapper } = await mountAccount('csm');
    const section = wrapper.find('[data-testid="account-revenue"]');
    expect(section.exists()).toBe(true);
    const [pending, expanded] = section.findAll('[data-testid="revenue-contract"]').map((r) => r.text());
    expect(pending).toContain('€10,000');
    expect(pending).toContain('$10,800');
    expect(pending).toContain('per year');
    expect(pending).toContain('Pending');
    expect(pending).toContain('Premium CSM: €1,000');
    expect(pending).toContain('CSM-assisted');
    expect(expanded).toContain('Expanded');
    expect(expanded).toContain(HOSTILE);
    expect(expanded).toContain(`Negotiated ${HOSTILE}`);
    expect(expanded).toContain('renewed at €10,000');
    const history = section.findAll('[data-testid="revenue-history"] li').map((li) => li.text());
    expect(history).toHaveLength(1);
    expect(history[0]).toContain('Expanded');
    expect(section.find('[data-testid="revenue-tickets"] tbody').text()).toContain('Chat');
    expect(section.find('[data-testid="revenue-tickets"] tbody').text()).toContain('Yes');
    const leads = section.find('[data-testid="revenue-leads"] tbody');
    expect(leads.text()).toContain('Second team');
    expect(leads.text()).toContain('$5,000');
    // Only an http(s) CRM URL becomes a link.
    expect(leads.find('a').exists()).toBe(false);
    expect(section.find('[data-testid="revenue-advocacy"] tbody').text()).toContain('Referral');
    expect(section.find('[data-testid="revenue-advocacy"] tbody').text()).toContain('Globex');
    expect(document.querySelectorAll('img')).toHaveLength(0);
    wrapper.unmount();
  });
});
