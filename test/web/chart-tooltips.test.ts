import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import type { EChartsType } from 'echarts/core';
import { afterEach, describe, expect, it } from 'vitest';
import { type Component, h } from 'vue';
import { INIT_OPTIONS_KEY } from 'vue-echarts';
import ChartFrame from '../../web/src/components/charts/ChartFrame.vue';
import DimensionRadarChart from '../../web/src/components/charts/DimensionRadarChart.vue';
import { VChart } from '../../web/src/components/charts/echarts';
import { escapeHtml } from '../../web/src/components/charts/escape-html';
import ScoreHistoryChart from '../../web/src/components/charts/ScoreHistoryChart.vue';
import { surveyTrendOption } from '../../web/src/components/charts/survey-options';
import TierDistributionChart from '../../web/src/components/charts/TierDistributionChart.vue';
import TierHistoryChart from '../../web/src/components/charts/TierHistoryChart.vue';
import UsageBarsChart from '../../web/src/components/charts/UsageBarsChart.vue';
import { i18n } from '../../web/src/i18n';

// Real charts (vue-echarts + ECharts, SVG renderer) in happy-dom, with user-controlled names that are HTML. ECharts
// inserts a tooltip formatter's return value with innerHTML, so a name that reached it unescaped would become
// markup. happy-dom does no layout, so the chart gets its size from init options instead of its container.

/** Fits every name limit (tier names: 40 characters). */
const hostile = (field: string) => `<img src=x onerror="window.__xss='${field}'">`;

declare global {
  interface Window {
    __xss?: string;
  }
}

const mounted: VueWrapper[] = [];
afterEach(() => {
  for (const wrapper of mounted.splice(0)) wrapper.unmount();
  delete window.__xss;
});

async function renderChart(component: Component, props: Record<string, unknown>) {
  const wrapper = mount(component, {
    props,
    attachTo: document.body,
    global: {
      plugins: [i18n],
      provide: { [INIT_OPTIONS_KEY as symbol]: { width: 640, height: 320, renderer: 'svg' } },
    },
  });
  mounted.push(wrapper);
  await flushPromises();
  const chart = wrapper.findComponent(VChart).vm.chart as EChartsType | undefined;
  if (!chart) throw new Error('the chart did not initialise');
  return { wrapper, chart };
}

/** ECharts' tooltip box: the chart root's child that is not the SVG painter's. */
function tooltipElement(chart: EChartsType): HTMLElement {
  const painter = chart.getZr().painter.getViewportRoot();
  const tooltip = [...chart.getDom().children].find(
    (el): el is HTMLElement => el !== painter && !el.contains(painter),
  );
  if (!tooltip) throw new Error('no tooltip was shown');
  return tooltip;
}

/** Shows the tooltip (as hovering does) and returns its element once drawn. */
async function showTip(chart: EChartsType, action: Record<string, unknown>): Promise<HTMLElement> {
  chart.dispatchAction({ type: 'showTip', ...action });
  await flushPromises();
  return tooltipElement(chart);
}

/** The tooltip shows each text literally, and nothing in the chart became an element or an event handler. */
function expectInert(chart: EChartsType, tooltip: HTMLElement, texts: string[]) {
  for (const text of texts) expect(tooltip.textContent).toContain(text);
  const root = chart.getDom();
  expect(root.querySelectorAll('img, script, iframe, object').length).toBe(0);
  const handlers = [...root.querySelectorAll('*')].flatMap((el) =>
    el.getAttributeNames().filter((name) => name.startsWith('on')),
  );
  expect(handlers).toEqual([]);
  expect(window.__xss).toBeUndefined();
}

describe('chart tooltips with hostile names', () => {
  it('the tier distribution tooltip shows a tier name as text', async () => {
    const name = hostile('tier');
    const { chart } = await renderChart(TierDistributionChart, {
      tiers: [
        { key: 'green', name: 'Healthy', color: '#16a34a', count: 2, arrCents: 100_00 },
        { key: 'red', name, color: '#dc2626', count: 3, arrCents: 250_000_00 },
      ],
    });
    // Rows are drawn best tier on top, so red (listed last) is data index 0.
    const tooltip = await showTip(chart, { seriesIndex: 0, dataIndex: 0 });
    expectInert(chart, tooltip, [name, '$250,000']);
  });

  it('the tier history tooltip shows tier names as text', async () => {
    const name = hostile('history');
    const { chart } = await renderChart(TierHistoryChart, {
      points: [
        { period: '2026-11-01', counts: { green: 2, red: 1 } },
        { period: '2026-11-02', counts: { green: 3, red: 1 } },
      ],
      tiers: [
        { key: 'green', name: 'Healthy', color: '#16a34a' },
        { key: 'red', name, color: '#dc2626' },
      ],
    });
    const tooltip = await showTip(chart, { seriesIndex: 0, dataIndex: 1 });
    expectInert(chart, tooltip, [name, 'Healthy']);
  });

  it('the score history draws tier names of its bands as text', async () => {
    const red = hostile('band');
    const { chart } = await renderChart(ScoreHistoryChart, {
      points: [
        { period: '2026-11-01', score: 30, tier: 'red' },
        { period: '2026-11-02', score: 70, tier: 'green' },
      ],
      transitions: [{ period: '2026-11-02', kind: 'win', fromTier: 'red', toTier: 'green' }],
      tiers: [
        { key: 'green', name: 'Healthy', color: '#16a34a', min: 60 },
        { key: 'red', name: red, color: '#dc2626', min: 0 },
      ],
    });
    // Hovering the line, or the tier-change marker on it, shows the axis tooltip; the band names are SVG text.
    const tooltip = await showTip(chart, { seriesIndex: 0, dataIndex: 1 });
    expectInert(chart, tooltip, ['Score', '70']);
    expect(chart.getZr().painter.getViewportRoot().textContent).toContain(red);
  });

  it('the radar tooltip shows the account and dimension names as text', async () => {
    const account = hostile('account');
    const dimension = hostile('dim');
    const { chart } = await renderChart(DimensionRadarChart, {
      account,
      dimensions: [
        { key: 'usage', name: dimension, score: 72, segmentAverage: 60 },
        { key: 'support', name: 'Support', score: 40, segmentAverage: 55 },
        { key: 'growth', name: 'Growth', score: 50, segmentAverage: 50 },
      ],
    });
    const tooltip = await showTip(chart, { seriesIndex: 0, dataIndex: 0 });
    expectInert(chart, tooltip, [account, dimension]);
  });

  it('the usage bars tooltip shows feature names as text', async () => {
    const feature = hostile('feature');
    const { chart } = await renderChart(UsageBarsChart, {
      label: 'Events by feature',
      rows: [
        { label: feature, events: 12 },
        { label: 'Reports', events: 3 },
      ],
    });
    // Sorted ascending, so the feature with most events is the last bar.
    const tooltip = await showTip(chart, { seriesIndex: 0, dataIndex: 1 });
    expectInert(chart, tooltip, [feature, '12']);
  });

  it('the survey trend tooltip shows its labels as text', async () => {
    const label = hostile('month');
    const option = surveyTrendOption([{ label, value: 20, responses: 4 }], {
      name: 'NPS',
      min: -100,
      max: 100,
      format: (v) => `<b>${v}</b>`,
    });
    const { chart } = await renderChart(
      { render: () => h(ChartFrame, { option, label: 'NPS', summary: 'NPS by month' }) },
      {},
    );
    const tooltip = await showTip(chart, { seriesIndex: 0, dataIndex: 0 });
    expectInert(chart, tooltip, [label, '<b>20</b>']);
    expect(tooltip.querySelector('b')).toBeNull();
  });
});

describe('escapeHtml', () => {
  it('leaves no character that can open a tag or end an attribute', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;',
    );
    expect(escapeHtml('Grün 绿色 🌱')).toBe('Grün 绿色 🌱');
  });
});
