import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import type { EChartsType } from 'echarts/core';
import Papa from 'papaparse';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h } from 'vue';
import { INIT_OPTIONS_KEY } from 'vue-echarts';
import { createMemoryHistory, createRouter, RouterView } from 'vue-router';
import type { Role } from '../../shared/contracts/auth';
import { VChart } from '../../web/src/components/charts/echarts';
import ReasonChart from '../../web/src/components/charts/ReasonChart.vue';
import { reasonOption, retentionTrendOption } from '../../web/src/components/charts/revenue-options';
import { member } from '../../web/src/composables/auth-session';
import {
  calendarPeriod,
  localToday,
  previousPeriod,
  trendPeriods,
} from '../../web/src/composables/metrics-period';
import { useNav } from '../../web/src/composables/useNav';
import { i18n } from '../../web/src/i18n';
import { installGuards, routes } from '../../web/src/router';
import MetricsView from '../../web/src/views/MetricsView.vue';
import { fakeApi, type SentRequest } from './fetch';
import { HOSTILE, metricsOf, revenueSettings } from './revenue-fixtures';

// Charts need layout happy-dom does not do; the stub keeps the accessible name and text summary. The real reason
// chart is drawn once below, to read its tooltip.
const ChartFrame = defineComponent({
  props: { label: String, summary: String },
  setup: (props) => () => h('figure', { 'aria-label': props.label }, props.summary),
});
const Page = defineComponent({ render: () => null });

function signIn(role: Role) {
  member.value = { id: 1, email: 'ana@example.com', name: 'Ana', role };
}

const current = calendarPeriod('month', localToday(new Date()));
const previous = previousPeriod(current);
const query = (r: SentRequest) => new URL(r.url, 'http://x').searchParams;

/** The page against an API whose current period has `overrides`; the previous one NRR 0.98, MRR 100,000.00. */
async function mountMetrics(overrides: Parameters<typeof metricsOf>[2] = {}) {
  const server = fakeApi({
    'GET /api/metrics': (req) => {
      const { from, to } = Object.fromEntries(query(req)) as { from: string; to: string };
      if (from === current.from) return { body: metricsOf(from, to, overrides) };
      if (from === previous.from)
        return {
          body: metricsOf(from, to, { nrr: 0.98, mrrMinor: 10_000_000, logoChurnRate: 0.04, fcr: null }),
        };
      return { body: metricsOf(from, to, { nrr: 1 }) };
    },
    'GET /api/metrics/expansion-candidates': () => ({
      body: {
        items: [
          {
            accountExternalId: 'acme',
            name: `Acme ${HOSTILE}`,
            tier: 'green',
            arrMinor: 12_000_000,
            seats: 50,
            activeUsers: 48,
            seatUtilization: 0.96,
            unboughtModules: ['Reports'],
            reasons: ['seats', 'modules'],
          },
        ],
      },
    }),
    'GET /api/settings/revenue': () => ({ body: revenueSettings }),
    'GET /api/segments': () => ({ body: { items: [{ id: 'smb', name: 'SMB' }] } }),
    'GET /api/members': () => ({ body: { items: [] } }),
  });
  vi.stubGlobal('fetch', server.fetch);
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/metrics', name: 'metrics', component: Page },
      { path: '/accounts/:externalId', name: 'account', component: Page },
    ],
  });
  await router.push('/metrics');
  const wrapper = mount(MetricsView, {
    global: { plugins: [i18n, router], stubs: { ChartFrame } },
    attachTo: document.body,
  });
  await flushPromises();
  return { wrapper, requests: server.requests };
}

const kpi = (wrapper: VueWrapper, key: string) => wrapper.find(`[data-testid="kpi-${key}"]`);

describe('MetricsView', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('shows the KPIs of the current month with their change against the previous month', async () => {
    signIn('admin');
    const { wrapper } = await mountMetrics({ logoChurnRate: null, fcr: 0.7 });
    expect(kpi(wrapper, 'nrr').find('[data-testid="kpi-value"]').text()).toBe('105%');
    // Rates change in percentage points, money relative to the previous period.
    expect(kpi(wrapper, 'nrr').find('[data-testid="kpi-change"]').text()).toContain('+7 pp');
    expect(kpi(wrapper, 'nrr').find('.kpi-change').classes()).toContain('good');
    expect(kpi(wrapper, 'mrr').find('[data-testid="kpi-value"]').text()).toBe('$110,000');
    expect(kpi(wrapper, 'mrr').find('[data-testid="kpi-change"]').text()).toContain('+10%');
    expect(kpi(wrapper, 'arpa').find('[data-testid="kpi-value"]').text()).toBe('$1,100');
    expect(kpi(wrapper, 'medianFirstResponse').find('[data-testid="kpi-value"]').text()).toBe('45 min');
    expect(kpi(wrapper, 'renewalRateCount').text()).toContain('9 of 10 due renewals renewed, 1 pending');
    wrapper.unmount();
  });

  it('shows a null as — with why, and no change where either period has none', async () => {
    signIn('csm');
    const { wrapper } = await mountMetrics({ logoChurnRate: null, renewalRateCount: null });
    const churn = kpi(wrapper, 'logoChurn');
    expect(churn.find('[data-testid="kpi-value"]').text()).toBe('—');
    expect(churn.find('[data-testid="kpi-null"]').text()).toBe('No customers at the start of the period.');
    expect(churn.find('[data-testid="kpi-value"]').attributes('title')).toBe(
      'No customers at the start of the period.',
    );
    expect(churn.find('[data-testid="kpi-change"]').text()).toBe('no earlier value to compare');
    expect(kpi(wrapper, 'renewalRateCount').find('[data-testid="kpi-null"]').text()).toBe(
      'No renewals due in the period.',
    );
    // The previous period's FCR is null: the current one shows, its change does not.
    expect(kpi(wrapper, 'fcr').find('[data-testid="kpi-value"]').text()).toBe('70%');
    expect(kpi(wrapper, 'fcr').find('[data-testid="kpi-change"]').text()).toBe('no earlier value to compare');
    wrapper.unmount();
  });

  it('asks once per period: the month, the one before, and the trend’s six, in parallel', async () => {
    signIn('admin');
    const { wrapper, requests } = await mountMetrics();
    const froms = requests.filter((r) => r.url.startsWith('/api/metrics?')).map((r) => query(r).get('from'));
    expect(froms.sort()).toEqual(
      trendPeriods(current, 6)
        .map((p) => p.from)
        .sort(),
    );
    expect(froms).toContain(previous.from);
    expect(wrapper.find('[data-testid="metrics-trend"] figure').text()).toContain('NRR 100%');
    wrapper.unmount();
  });

  it('starts a CSM on their own book, and sends segment and owner filters', async () => {
    signIn('csm');
    const { wrapper, requests } = await mountMetrics();
    expect(requests.every((r) => !r.url.startsWith('/api/metrics') || query(r).get('owner') === 'me')).toBe(
      true,
    );
    requests.length = 0;
    await wrapper.find('[data-testid="metrics-segment"]').setValue('smb');
    await flushPromises();
    const sent = requests.filter((r) => r.url.startsWith('/api/metrics'));
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.every((r) => query(r).get('segment') === 'smb' && query(r).get('owner') === 'me')).toBe(true);
    wrapper.unmount();
  });

  it('steps to the previous month and to a quarter', async () => {
    signIn('admin');
    const { wrapper, requests } = await mountMetrics();
    await wrapper.find('[data-testid="metrics-period-previous"]').trigger('click');
    await flushPromises();
    const last = requests.filter((r) => r.url.startsWith('/api/metrics?')).map((r) => query(r).get('from'));
    expect(last).toContain(previousPeriod(previous).from);
    await wrapper.find('[data-testid="metrics-period-kind"]').setValue('quarter');
    await flushPromises();
    expect(wrapper.find('[data-testid="metrics-period-label"]').text()).toMatch(/^Q[1-4] \d{4}$/);
    wrapper.unmount();
  });

  it('renders reason labels, account names and the tier table as text', async () => {
    signIn('admin');
    const { wrapper } = await mountMetrics();
    const reasons = wrapper.find('[data-testid="metrics-by-reason"]');
    expect(reasons.findAll('[data-testid="reason-row"] th').map((th) => th.text())).toEqual([
      HOSTILE,
      '=HYPERLINK("http://evil.example")',
      'No reason given',
    ]);
    expect(reasons.find('figure').text()).toContain(`${HOSTILE}: churned $12,000`);
    expect(wrapper.find('[data-testid="expansion-candidate"] a').text()).toBe(`Acme ${HOSTILE}`);
    expect(wrapper.find('[data-testid="expansion-candidate"] a').attributes('href')).toBe('/accounts/acme');
    expect(document.querySelectorAll('img')).toHaveLength(0);
    const tiers = wrapper.findAll('[data-testid="metrics-by-tier"] tbody tr').map((tr) => tr.text());
    expect(tiers[1]).toContain('Red');
    expect(tiers[1]).toContain('75%');
    expect(wrapper.find('[data-testid="attribution-csqlAcceptanceRate"]').text()).toContain('75%');
    expect(wrapper.find('[data-testid="attribution-csqas.referral"]').text()).toContain('CSQAs: Referral');
    wrapper.unmount();
  });

  it('exports the shown metrics as formula-safe CSV', async () => {
    signIn('admin');
    let blob: Blob | undefined;
    vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
      blob = b as Blob;
      return 'blob:metrics';
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    const { wrapper } = await mountMetrics({ logoChurnRate: null });
    await wrapper.find('[data-testid="metrics-export"]').trigger('click');
    expect(click).toHaveBeenCalledOnce();
    const text = (await blob!.text()).replace(/^\ufeff/, '');
    const rows = Papa.parse<string[]>(text.trim()).data;
    expect(rows[0]).toEqual(['section', 'metric', 'label', 'current', 'previous', 'unit']);
    const row = (section: string, metric: string) => rows.find((r) => r[0] === section && r[1] === metric);
    expect(row('period', 'from')).toEqual(['period', 'from', '', current.from, previous.from, 'day']);
    expect(row('kpi', 'nrr')).toEqual(['kpi', 'nrr', 'Net revenue retention', '105', '98', 'percent']);
    expect(row('kpi', 'mrr')).toEqual(['kpi', 'mrr', 'MRR', '110000', '100000', 'USD']);
    expect(row('kpi', 'logoChurn')).toEqual(['kpi', 'logoChurn', 'Logo churn', '', '4', 'percent']);
    expect(row('by_reason', 'price.churned_arr')?.[2]).toBe(`${HOSTILE}: Churned ARR`);
    // A label a spreadsheet would run as a formula starts with an apostrophe.
    expect(row('by_reason', 'value.renewed_arr')?.[2]).toBe(
      `'=HYPERLINK("http://evil.example"): Renewed ARR`,
    );
    expect(row('mrr_movement', 'churned')?.slice(3)).toEqual(['2000', '2000', 'USD']);
    expect(row('attribution', 'csqas.referral')?.[3]).toBe('1');
    wrapper.unmount();
  });
});

describe('chart tooltips of the metrics page', () => {
  it('the reason chart’s tooltip formatter escapes a reason label', () => {
    const option = reasonOption(
      [{ label: HOSTILE, churnedArrMinor: 120_000, renewedArrMinor: 0, churned: 1, renewed: 0 }],
      { churned: 'Churned', renewed: 'Renewed' },
      (m) => `$${m / 100}`,
    );
    const tooltip = option.tooltip as { formatter: (p: unknown) => string };
    const html = tooltip.formatter([{ dataIndex: 0 }]);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('<img');
    expect(html).toContain('Churned: $1200 (1)');
  });

  it('the retention trend’s tooltip shows a null rate as —', () => {
    const option = retentionTrendOption(
      [{ label: 'Mar 2027', nrr: 1.02, grr: null, churn: 0.01 }],
      { nrr: 'NRR', grr: 'GRR', churn: 'Logo churn', none: '—' },
      (r) => `${Math.round(r * 100)}%`,
    );
    const tooltip = option.tooltip as { formatter: (p: unknown) => string };
    expect(tooltip.formatter([{ dataIndex: 0 }])).toBe('Mar 2027<br>NRR: 102%<br>GRR: —<br>Logo churn: 1%');
  });

  it('the drawn reason chart shows a hostile label in its tooltip as text', async () => {
    const wrapper = mount(ReasonChart, {
      props: {
        currency: 'USD',
        rows: [{ label: HOSTILE, churnedArrMinor: 120_000, renewedArrMinor: 0, churned: 1, renewed: 0 }],
      },
      attachTo: document.body,
      global: {
        plugins: [i18n],
        provide: { [INIT_OPTIONS_KEY as symbol]: { width: 640, height: 320, renderer: 'svg' } },
      },
    });
    await flushPromises();
    const chart = wrapper.findComponent(VChart).vm.chart as EChartsType;
    chart.dispatchAction({ type: 'showTip', seriesIndex: 0, dataIndex: 0 });
    await flushPromises();
    const root = chart.getDom();
    expect(root.textContent).toContain(HOSTILE);
    expect(root.textContent).toContain('$1,200');
    expect(root.querySelectorAll('img, script')).toHaveLength(0);
    wrapper.unmount();
  });
});

describe('the metrics route', () => {
  function signedInApi(role: Role) {
    return fakeApi({
      'GET /api/auth/me': () => ({
        body: { member: { id: 1, email: 'ana@example.com', name: 'Ana', role }, csrfToken: 'c', actor: {} },
      }),
    });
  }

  async function appAt(role: Role, path: string) {
    vi.stubGlobal('fetch', signedInApi(role).fetch);
    // The views are never rendered here: only the guard and the menu are under test.
    const router = createRouter({
      history: createMemoryHistory(),
      routes: routes.map((r) => ({ ...r, component: Page }) as typeof r),
    });
    installGuards(router);
    await router.push(path);
    let names: string[] = [];
    const wrapper = mount(
      defineComponent({
        setup() {
          const { items } = useNav();
          return () => {
            names = items.value.map((i) => i.name);
            return h(RouterView);
          };
        },
      }),
      { global: { plugins: [i18n, router] } },
    );
    await flushPromises();
    // Read before unmounting: the router forgets its route when its last app goes.
    const name = router.currentRoute.value.name;
    wrapper.unmount();
    return { name, names };
  }

  it('is in a CSM’s and an admin’s menu, and opens for them', async () => {
    for (const role of ['csm', 'admin'] as const) {
      const { name, names } = await appAt(role, '/metrics');
      expect(name).toBe('metrics');
      expect(names).toContain('metrics');
    }
  });

  it('is not in a viewer’s menu, and sends a viewer who opens it to forbidden', async () => {
    const { name, names } = await appAt('viewer', '/metrics');
    expect(names).not.toContain('metrics');
    expect(names).toContain('accounts');
    expect(name).toBe('forbidden');
  });
});
