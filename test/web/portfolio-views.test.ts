import { flushPromises, mount } from '@vue/test-utils';
import { NAlert } from 'naive-ui';
import { describe, expect, it, vi } from 'vitest';
import { type Component, defineComponent, h } from 'vue';
import { createMemoryHistory, createRouter } from 'vue-router';
import type { AccountInsight } from '../../shared/contracts/accounts';
import type { Role } from '../../shared/contracts/auth';
import type { DashboardData } from '../../shared/contracts/dashboard';
import { member } from '../../web/src/composables/auth-session';
import { i18n } from '../../web/src/i18n';
import AccountsView from '../../web/src/views/AccountsView.vue';
import AccountView from '../../web/src/views/AccountView.vue';
import DashboardView from '../../web/src/views/DashboardView.vue';
import { fakeApi } from './fetch';

// Charts draw with ECharts, which needs layout happy-dom does not do; their option builders are tested apart.
// The stub keeps the accessible name and text summary, which is what these tests read.
const ChartFrame = defineComponent({
  props: { label: String, summary: String },
  setup: (props) => () => h('figure', { 'aria-label': props.label }, props.summary),
});

const Page = defineComponent({ render: () => null });

function signIn(role: Role) {
  member.value = { id: 1, email: 'ana@example.com', name: 'Ana', role };
}

async function mountView(view: Component, path: string, routes: Parameters<typeof fakeApi>[0], props = {}) {
  const server = fakeApi(routes);
  vi.stubGlobal('fetch', server.fetch);
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', name: 'dashboard', component: Page },
      { path: '/accounts', name: 'accounts', component: Page },
      { path: '/accounts/:externalId', name: 'account', component: Page },
      { path: '/alerts', name: 'alerts', component: Page },
      { path: '/settings/:tab?', name: 'settings', component: Page },
    ],
  });
  await router.push(path);
  const wrapper = mount(view, {
    props,
    global: { plugins: [i18n, router], stubs: { ChartFrame } },
    attachTo: document.body,
  });
  await flushPromises();
  return { wrapper, router, requests: server.requests };
}

const emptyDashboard: DashboardData = {
  period: null,
  from: null,
  tiers: [],
  unscored: 0,
  histogram: [],
  tierHistory: [],
  movers: { up: [], down: [] },
  wins: [],
  saves: [],
  winsCount: 0,
  savesCount: 0,
  winsArrCents: 0,
  savesArrCents: 0,
  hysteresisDays: 7,
  renewals: [],
  tierSkew: null,
  filters: { segments: [], owners: [] },
};

describe('DashboardView', () => {
  it('walks a new admin through source, events and scoring', async () => {
    signIn('admin');
    const { wrapper } = await mountView(DashboardView, '/', {
      'GET /api/dashboard': () => ({ body: emptyDashboard }),
    });
    const empty = wrapper.find('[data-testid="dashboard-empty"]');
    expect(empty.text()).toContain('No accounts yet');
    expect(empty.text()).toContain('Add a source');
    expect(empty.text()).toContain('Send events');
    expect(wrapper.find('[data-testid="run-scoring"]').exists()).toBe(true);
    wrapper.unmount();
  });

  it('lets an admin backfill history and shows its progress by day; viewers have no such button', async () => {
    signIn('admin');
    const started = {
      backfillId: '00000000-0000-4000-8000-0000000000b1',
      status: 'running',
      days: ['2026-11-20', '2026-11-21'],
      completed: 0,
      total: 2,
      currentDay: '2026-11-20',
      currentRunId: '00000000-0000-4000-8000-000000000001',
      error: null,
      startedAt: '2026-11-25T00:00:00Z',
      finishedAt: null,
    };
    const { wrapper, requests } = await mountView(DashboardView, '/', {
      'GET /api/dashboard': () => ({ body: emptyDashboard }),
      'POST /api/scoring/backfill': () => ({ status: 202, body: started }),
      [`GET /api/scoring/backfills/${started.backfillId}`]: () => ({ body: started }),
    });
    await wrapper.find('[data-testid="backfill-days"]').setValue('90');
    await wrapper.find('[data-testid="backfill-history"]').trigger('click');
    await flushPromises();
    expect(requests.find((r) => r.method === 'POST')?.body).toEqual({ days: 90 });
    expect(wrapper.find('[data-testid="backfill-status"]').text()).toBe(
      'Scored 0 of 2 days (now 2026-11-20)',
    );
    wrapper.unmount();

    signIn('viewer');
    const viewer = await mountView(DashboardView, '/', {
      'GET /api/dashboard': () => ({ body: emptyDashboard }),
    });
    expect(viewer.wrapper.find('[data-testid="backfill-history"]').exists()).toBe(false);
    viewer.wrapper.unmount();
  });

  it('opens on a CSM’s own accounts, without the scoring button', async () => {
    signIn('csm');
    const { wrapper, requests } = await mountView(DashboardView, '/', {
      'GET /api/dashboard': () => ({ body: emptyDashboard }),
    });
    expect(
      new URL(requests.find((r) => r.url.startsWith('/api/dashboard'))!.url, 'http://x').searchParams.get(
        'owner',
      ),
    ).toBe('me');
    expect((wrapper.find('[data-testid="dashboard-owner"]').element as HTMLSelectElement).value).toBe('me');
    expect(wrapper.find('[data-testid="run-scoring"]').exists()).toBe(false);
    wrapper.unmount();
  });

  it('shows tiers with counts and ARR, the histogram and the movers', async () => {
    signIn('viewer');
    const data: DashboardData = {
      ...emptyDashboard,
      period: '2026-11-25',
      from: '2026-08-28',
      tiers: [
        { key: 'green', name: 'Green', color: '#16a34a', count: 3, arrCents: 3_000_000 },
        { key: 'red', name: 'Red', color: '#dc2626', count: 1, arrCents: 500_000 },
      ],
      histogram: [{ from: 90, to: 100, count: 3 }],
      movers: {
        up: [
          { externalId: 'acme', name: 'Acme', tier: 'green', score: 91, change: 12.5, fromTier: 'yellow' },
        ],
        down: [],
      },
    };
    const { wrapper } = await mountView(DashboardView, '/', { 'GET /api/dashboard': () => ({ body: data }) });
    const tiers = wrapper.find('[data-testid="tier-distribution"]');
    expect(tiers.find('[data-tier="green"]').text()).toContain('3');
    expect(tiers.find('[data-tier="green"]').text()).toContain('$30,000');
    expect(wrapper.find('[data-testid="score-histogram"] figure').text()).toContain('score 90–100: 3');
    expect(wrapper.find('[data-testid="movers"] a').attributes('href')).toBe('/accounts/acme');
    wrapper.unmount();
  });

  it('counts wins and saves by distinct account beyond the listed rows, and says how', async () => {
    signIn('viewer');
    const win = {
      externalId: 'acme',
      name: 'Acme',
      period: '2026-11-20',
      fromTier: 'yellow',
      toTier: 'green',
      arrCents: 1_200_000,
    };
    const data: DashboardData = {
      ...emptyDashboard,
      period: '2026-11-25',
      from: '2026-08-28',
      tiers: [{ key: 'green', name: 'Green', color: '#16a34a', count: 3, arrCents: 3_000_000 }],
      wins: [win],
      winsCount: 64,
      winsArrCents: 9_900_000,
      hysteresisDays: 10,
    };
    const { wrapper } = await mountView(DashboardView, '/', { 'GET /api/dashboard': () => ({ body: data }) });
    const panel = wrapper.find('[data-testid="wins-saves"]');
    expect(panel.text()).toContain('Wins: 64 · $99,000');
    expect(panel.text()).toContain('Saves: 0 · $0');
    expect(panel.find('[data-testid="wins-saves-rules"]').text()).toContain('within 10 days');
    wrapper.unmount();
  });

  describe('when one tier holds almost every scored account', () => {
    const scored: DashboardData = {
      ...emptyDashboard,
      period: '2026-11-25',
      from: '2026-08-28',
      tiers: [
        { key: 'green', name: 'Green', color: '#16a34a', count: 39, arrCents: 0 },
        { key: 'red', name: 'Red', color: '#dc2626', count: 1, arrCents: 0 },
      ],
      filters: { segments: [{ id: 'smb', name: '<img src=x onerror=alert(1)>' }], owners: [] },
    };
    // 39 of 40 is 97.5 %: shown rounded down, never up to an "everyone" it is not.
    const skewed: DashboardData = {
      ...scored,
      tierSkew: { tier: 'green', count: 39, scored: 40, share: 0.975, threshold: 0.9 },
    };

    it('warns an admin that the model may not tell risk apart, with a link to where models are configured', async () => {
      signIn('admin');
      const { wrapper } = await mountView(DashboardView, '/', {
        'GET /api/dashboard': () => ({ body: skewed }),
      });
      const notice = wrapper.find('[data-testid="tier-skew"]');
      expect(wrapper.findComponent(NAlert).props('type')).toBe('warning');
      expect(notice.text()).toContain('Almost every account is in one tier');
      expect(notice.text()).toContain('97% of the 40 accounts the latest scoring run gave a tier are Green.');
      expect(notice.text()).toContain('cannot tell risk apart');
      expect(notice.find('[data-testid="tier-skew-review"]').attributes('href')).toBe('/api/docs#/Models');
      wrapper.unmount();
    });

    it('names the filtered segment as text, and sends others to an admin', async () => {
      signIn('viewer');
      const { wrapper } = await mountView(DashboardView, '/', {
        'GET /api/dashboard': () => ({ body: skewed }),
      });
      await wrapper.find('#dashboard-segment').setValue('smb');
      await flushPromises();
      const notice = wrapper.find('[data-testid="tier-skew"]');
      expect(notice.text()).toContain('In <img src=x onerror=alert(1)>, 97% of the 40 accounts');
      expect(notice.find('img').exists()).toBe(false);
      expect(notice.find('[data-testid="tier-skew-review"]').exists()).toBe(false);
      expect(notice.text()).toContain('An admin can review the model.');
      wrapper.unmount();
    });

    it('says it in Chinese', async () => {
      signIn('admin');
      i18n.global.locale.value = 'zh';
      const { wrapper } = await mountView(DashboardView, '/', {
        'GET /api/dashboard': () => ({ body: skewed }),
      });
      const notice = wrapper.find('[data-testid="tier-skew"]');
      expect(notice.text()).toContain('几乎所有客户都在同一个等级');
      expect(notice.text()).toContain('最近一次评分得出等级的 40 个客户中，97% 为「');
      expect(notice.find('[data-testid="tier-skew-review"]').text()).toBe('API 参考中的模型与分群');
      wrapper.unmount();
    });

    it('shows nothing when the API reports no skew', async () => {
      signIn('admin');
      const { wrapper } = await mountView(DashboardView, '/', {
        'GET /api/dashboard': () => ({ body: scored }),
      });
      expect(wrapper.find('[data-testid="tier-distribution"]').exists()).toBe(true);
      expect(wrapper.find('[data-testid="tier-skew"]').exists()).toBe(false);
      wrapper.unmount();
    });
  });

  it('asks for the movers over 1, 7 or 30 days, the choices of the accounts list', async () => {
    signIn('viewer');
    const { wrapper, requests } = await mountView(DashboardView, '/', {
      'GET /api/dashboard': () => ({ body: { ...emptyDashboard, period: '2026-11-25', from: '2026-08-28' } }),
    });
    const select = wrapper.find('[data-testid="dashboard-change-days"]');
    expect(select.findAll('option').map((o) => o.text())).toEqual([
      'Last day',
      'Last 7 days',
      'Last 30 days',
    ]);
    await select.setValue('30');
    await flushPromises();
    const last = new URL(requests.filter((r) => r.url.startsWith('/api/dashboard')).at(-1)!.url, 'http://x');
    expect(last.searchParams.get('changeDays')).toBe('30');
    wrapper.unmount();
  });
});

const insight: AccountInsight = {
  snapshot: {
    period: '2026-11-25',
    score: 47.3,
    tier: 'yellow',
    computedScore: 47.3,
    computedTier: 'yellow',
    overridden: false,
    coverage: 1,
    insufficientData: false,
    segmentId: 'default',
    segmentName: 'Everyone',
    lifecycleStage: 'maturity',
    modelId: 'default',
    modelVersion: 1,
    computedAt: '2026-11-25T02:00:00Z',
  },
  dimensions: [{ key: 'usage', name: 'Usage', score: 47.3, weight: 100, segmentAverage: 60 }],
  measures: [
    {
      key: 'loginRate',
      name: 'Login rate',
      dimension: 'usage',
      rawValue: 0.425,
      benchmark: 0.6,
      points: 47.3,
      weight: 100,
      effectiveWeight: 100,
      contribution: 47.3,
      unit: 'rate',
      missing: false,
    },
  ],
  improvements: [
    {
      measureKey: 'loginRate',
      label: 'Login rate',
      fromPoints: 47.3,
      toPoints: 60,
      pointsNeeded: 12.7,
      rawTarget: 0.55,
      direction: 'higher',
      scoreAfter: 60,
      reachesTier: 'green-yellow',
    },
  ],
  tiers: [
    { key: 'green', name: 'Green', color: '#16a34a', min: 80 },
    { key: 'yellow', name: 'Yellow', color: '#eab308', min: 40 },
    { key: 'red', name: 'Red', color: '#dc2626', min: 0 },
  ],
  override: null,
  rating: null,
};

const accountRoutes = {
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
  'GET /api/accounts/acme/insight': () => ({ body: insight }),
  'GET /api/accounts/acme/health/history': () => ({
    body: {
      items: [
        {
          period: '2026-11-24',
          score: 52,
          tier: 'yellow',
          computedScore: 52,
          overridden: false,
          insufficientData: false,
        },
        {
          period: '2026-11-25',
          score: 47.3,
          tier: 'yellow',
          computedScore: 47.3,
          overridden: false,
          insufficientData: false,
        },
      ],
      transitions: [],
    },
  }),
  'GET /api/accounts/acme/timeline': () => ({ body: { items: [], nextBefore: null } }),
  'GET /api/accounts/acme/activity': () => ({
    body: { days: [], seats: 20, users: { total: 12, activated: 10 }, modules: [], features: [] },
  }),
  'GET /api/alerts': () => ({ body: { items: [], nextCursor: null } }),
};

describe('AccountView', () => {
  it('explains the score: tier, score and change, breakdown in units, and the way up', async () => {
    signIn('viewer');
    const { wrapper } = await mountView(AccountView, '/accounts/acme', accountRoutes, { externalId: 'acme' });
    expect(wrapper.find('[data-testid="account-tier"]').attributes('data-tier')).toBe('yellow');
    expect(wrapper.find('[data-testid="account-score"]').text()).toBe('47');
    expect(wrapper.find('[data-testid="score-change"]').text()).toContain('down 4.7 points');
    const measure = wrapper.find('[data-testid="measure-breakdown"] [data-measure="loginRate"]');
    expect(measure.text()).toContain('42.5%');
    expect(measure.text()).toContain('60%');
    expect(wrapper.find('[data-testid="improvements"]').text()).toContain('target: at least 55%');
    expect(wrapper.find('[data-testid="radar-chart"] figure').text()).toContain(
      'Usage: 47 (segment average 60)',
    );
    expect(wrapper.find('[data-testid="activity"]').text()).toContain('50% (10 of 20 seats)');
    wrapper.unmount();
  });

  it('hides the forms from viewers and shows them to CSMs', async () => {
    signIn('viewer');
    const viewer = await mountView(AccountView, '/accounts/acme', accountRoutes, { externalId: 'acme' });
    expect(viewer.wrapper.find('[data-testid="touchpoint-form"]').exists()).toBe(false);
    expect(viewer.wrapper.find('[data-testid="override-form"]').exists()).toBe(false);
    viewer.wrapper.unmount();
    signIn('csm');
    const csm = await mountView(AccountView, '/accounts/acme', accountRoutes, { externalId: 'acme' });
    for (const id of ['touchpoint-form', 'rating-form', 'override-form']) {
      expect(csm.wrapper.find(`[data-testid="${id}"]`).exists()).toBe(true);
    }
    csm.wrapper.unmount();
  });

  it('refreshes the health data and the timeline after a touchpoint is logged', async () => {
    signIn('csm');
    const { wrapper, requests } = await mountView(
      AccountView,
      '/accounts/acme',
      { ...accountRoutes, 'POST /api/accounts/acme/touchpoints': () => ({ status: 201, body: { id: 1 } }) },
      { externalId: 'acme' },
    );
    const before = requests.length;
    const form = wrapper.find('[data-testid="touchpoint-form"]');
    await form.find('input[name="summary"]').setValue('Kick-off call');
    await form.trigger('submit');
    await flushPromises();
    const after = requests.slice(before).map((r) => `${r.method} ${r.url.split('?')[0]}`);
    expect(after).toContain('POST /api/accounts/acme/touchpoints');
    expect(after).toContain('GET /api/accounts/acme/insight');
    expect(after).toContain('GET /api/accounts/acme/timeline');
    wrapper.unmount();
  });
});

describe('AccountView override', () => {
  const override = {
    tier: 'red',
    score: null,
    reason: 'Champion left',
    createdBy: 'ana@example.com',
    createdAt: '2026-11-25T10:00:00Z',
    expiresAt: '2026-12-25T10:00:00Z',
  };
  const rescored = (status: 'scored' | 'skipped') => ({
    status,
    reason: null,
    period: '2026-11-25',
    health: null,
    transition: null,
    alertsRaised: 0,
  });
  /** The account page's routes around an insight the test changes (as the API does when it rescores). */
  const withInsight = (state: { insight: AccountInsight }, extra: Parameters<typeof fakeApi>[0] = {}) => ({
    ...accountRoutes,
    'GET /api/accounts/acme/insight': () => ({ body: state.insight }),
    ...extra,
  });
  const header = (wrapper: Awaited<ReturnType<typeof mountView>>['wrapper']) => {
    const banner = wrapper.find('[data-testid="override-active"]');
    return {
      tier: wrapper.find('[data-testid="account-tier"]').attributes('data-tier'),
      banner: banner.exists() ? banner.attributes('data-state') : undefined,
    };
  };

  it('shows the overridden tier at once after the override is saved, the banner naming the computed tier', async () => {
    signIn('csm');
    const state = { insight };
    const { wrapper } = await mountView(
      AccountView,
      '/accounts/acme',
      withInsight(state, {
        // The API rescores before it answers: the next insight read is the overridden snapshot.
        'POST /api/accounts/acme/override': () => {
          state.insight = {
            ...insight,
            snapshot: { ...insight.snapshot!, tier: 'red', overridden: true },
            override,
          };
          return { status: 201, body: { id: 1, ...override, rescore: rescored('scored') } };
        },
      }),
      { externalId: 'acme' },
    );
    expect(header(wrapper)).toEqual({ tier: 'yellow', banner: undefined });
    const form = wrapper.find('[data-testid="override-form"]');
    await form.find('select[name="tier"]').setValue('red');
    await form.find('textarea[name="reason"]').setValue('Champion left');
    await form.trigger('submit');
    await flushPromises();
    expect(header(wrapper)).toEqual({ tier: 'red', banner: 'active' });
    const banner = wrapper.find('[data-testid="override-active"]').text();
    expect(banner).toContain('Set to Red by ana@example.com');
    expect(banner).toContain('Champion left. Computed: 47, Yellow.');
    expect(form.text()).toContain('the account was rescored and shows it');
    wrapper.unmount();
  });

  it('never announces an override the score does not show: it says when it will count', async () => {
    signIn('csm');
    // Today's snapshot was written by another model version: the override is stored, the score is not redone.
    const state = { insight: { ...insight, override } };
    const { wrapper } = await mountView(
      AccountView,
      '/accounts/acme',
      withInsight(state, {
        'POST /api/accounts/acme/override': () => ({
          status: 201,
          body: { id: 1, ...override, rescore: rescored('skipped') },
        }),
      }),
      { externalId: 'acme' },
    );
    expect(header(wrapper)).toEqual({ tier: 'yellow', banner: 'pending' });
    const banner = wrapper.find('[data-testid="override-active"]').text();
    expect(banner).toContain('Override not applied yet');
    expect(banner).toContain('applies from the next scoring run');
    const form = wrapper.find('[data-testid="override-form"]');
    await form.find('select[name="tier"]').setValue('red');
    await form.find('textarea[name="reason"]').setValue('Champion left');
    await form.trigger('submit');
    await flushPromises();
    expect(form.text()).toContain('Override saved; it applies from the next scoring run.');
    wrapper.unmount();
  });

  it('offers Rescore to admins and to the owning CSM only', async () => {
    signIn('csm');
    const owner = await mountView(AccountView, '/accounts/acme', accountRoutes, { externalId: 'acme' });
    expect(owner.wrapper.find('[data-testid="rescore"]').exists()).toBe(true);
    owner.wrapper.unmount();
    member.value = { id: 2, email: 'bo@example.com', name: 'Bo', role: 'csm' };
    const other = await mountView(AccountView, '/accounts/acme', accountRoutes, { externalId: 'acme' });
    expect(other.wrapper.find('[data-testid="rescore"]').exists()).toBe(false);
    other.wrapper.unmount();
  });
});

describe('AccountsView', () => {
  it('lists accounts with tier, score and change, and opens one on a row click', async () => {
    signIn('viewer');
    const row = {
      externalId: 'acme',
      name: 'Acme',
      plan: 'pro',
      industry: null,
      employees: null,
      seats: 20,
      arrCents: 1_200_000,
      currency: 'USD',
      ownerEmail: 'ana@example.com',
      renewalDate: '2027-01-31',
      lastSeenAt: null,
      users: 12,
      tier: 'yellow',
      score: 47.3,
      scoreChange: -4.7,
      segmentId: 'default',
      segmentName: 'Everyone',
      lifecycleStage: 'maturity',
    };
    const { wrapper, router } = await mountView(AccountsView, '/accounts?sort=-score', {
      'GET /api/accounts': () => ({ body: { items: [row], nextCursor: null, total: 1 } }),
      'GET /api/segments': () => ({ body: { items: [] } }),
      'GET /api/members': () => ({ body: { items: [] } }),
    });
    const table = wrapper.find('[data-testid="accounts-table"]');
    const cells = table.find('tbody tr').text();
    expect(cells).toContain('Acme');
    expect(cells).toContain('47');
    expect(cells).toContain('$12,000');
    expect(cells).toContain('Maturity');
    expect(wrapper.find('[data-testid="export-csv"]').attributes('href')).toBe(
      '/api/accounts/export.csv?sort=-score',
    );
    // The Change column's window goes to the URL and the export.
    const change = wrapper.find('[data-testid="accounts-change-days"]');
    expect(change.findAll('option').map((o) => o.text())).toEqual([
      'Last day',
      'Last 7 days',
      'Last 30 days',
    ]);
    await change.setValue('1');
    await flushPromises();
    expect(router.currentRoute.value.query).toEqual({ sort: '-score', change: '1' });
    expect(wrapper.find('[data-testid="export-csv"]').attributes('href')).toBe(
      '/api/accounts/export.csv?sort=-score&changeDays=1',
    );
    await wrapper.find('[data-testid="accounts-table"] tbody tr td:nth-child(3)').trigger('click');
    await flushPromises();
    expect(router.currentRoute.value.fullPath).toBe('/accounts/acme');
    wrapper.unmount();
  });
});
