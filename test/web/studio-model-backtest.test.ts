import type { EChartsType } from 'echarts/core';
import { describe, expect, it, vi } from 'vitest';
import { VChart } from '../../web/src/components/charts/echarts';
import { errorBody } from './fetch';
import {
  backtestBody,
  byTestId,
  calibrationBody,
  config,
  model,
  settle,
  setUpModelsTab,
  studioRoutes,
  type,
} from './studio-model-fixtures';

const open = setUpModelsTab();

const HOSTILE = '<img src=x onerror=alert(1)>';

describe('Models tab: backtest and calibration', () => {
  it('runs a backtest with the lead and reads its AUC in words, measures best first', async () => {
    const { server } = await open(
      studioRoutes('admin', { 'POST /api/models/default/backtest': () => ({ body: backtestBody }) }),
    );
    expect((byTestId('backtest-lead-days') as HTMLInputElement).value).toBe('90');
    await type(byTestId('backtest-lead-days'), '60');
    byTestId('backtest-run').click();
    await settle();
    expect(server.requests.find((r) => r.url.endsWith('/backtest'))?.body).toEqual({ leadDays: 60 });
    expect(byTestId('backtest-auc').textContent).toContain('0.78');
    expect(byTestId('backtest-reading').textContent).toContain('usually scores above');
    expect(byTestId('model-backtest').textContent).toContain('0.5 is a coin flip');
    expect(byTestId('model-backtest').textContent).toContain('64 renewals used');
    expect(byTestId('backtest-tiers').textContent).toContain('95%');
    const order = [...document.querySelectorAll<HTMLElement>('[data-testid="backtest-measure"]')].map(
      (r) => r.dataset.measureKey,
    );
    expect(order).toEqual(['login', 'nps', 'rating']);
  });

  it('explains a 422 TOO_FEW_OUTCOMES with the API’s counts', async () => {
    await open(
      studioRoutes('admin', {
        'POST /api/models/default/backtest': () => ({
          status: 422,
          body: errorBody(
            'TOO_FEW_OUTCOMES',
            'Only 12 renewals with a known outcome; at least 30 are needed.',
          ),
        }),
      }),
    );
    byTestId('backtest-run').click();
    await settle();
    const error = byTestId('backtest-error');
    expect(error.textContent).toContain('Not enough renewals to test yet');
    expect(error.textContent).toContain('Only 12 renewals with a known outcome; at least 30 are needed.');
    expect(document.querySelector('[data-testid="backtest-auc"]')).toBeNull();
  });

  it('shows fitted against current weights and the drop candidates, and loads the new draft into the editor', async () => {
    let current = model();
    const calibrate = vi.fn(() => {
      current = model(config([72, 28, 0]));
      return { body: calibrationBody };
    });
    const { server } = await open(
      studioRoutes('admin', {
        'GET /api/models/default': () => ({ body: current }),
        'POST /api/models/default/calibrate': calibrate,
      }),
    );
    byTestId('calibrate-run').click();
    await settle();
    expect(server.requests.find((r) => r.url.endsWith('/calibrate'))?.body).toEqual({ leadDays: 90 });
    const result = byTestId('calibration-result');
    expect(result.textContent).toContain('draft version 3');
    expect(byTestId('calibration-auc').textContent).toContain('0.81');
    expect(byTestId('calibration-auc').textContent).toContain('0.74');
    const login = result.querySelector('[data-measure-key="login"]');
    expect(login?.querySelector('[data-testid="calibration-current"]')?.textContent).toContain('50');
    expect(login?.querySelector('[data-testid="calibration-fitted"]')?.textContent).toContain('72');
    const rating = result.querySelector('[data-measure-key="rating"]');
    expect(rating?.querySelector('[data-testid="calibration-drop"]')).not.toBeNull();
    expect(rating?.querySelector('[data-testid="calibration-lacking"]')).not.toBeNull();
    expect(login?.querySelector('[data-testid="calibration-drop"]')).toBeNull();
    expect(result.textContent).toContain('these flags are weak');
    // The editor now holds the calibrated draft, not published.
    expect((byTestId('measure-weight-login') as HTMLInputElement).value).toBe('72');
    expect(byTestId('draft-status').textContent).toContain('draft version 3');
    expect(server.requests.some((r) => r.url.endsWith('/publish'))).toBe(false);
  });

  it('refuses to calibrate over unsaved edits', async () => {
    await open(studioRoutes('admin'));
    await type(byTestId('measure-weight-login'), '49');
    expect((byTestId('calibrate-run') as HTMLButtonElement).disabled).toBe(true);
  });

  it('keeps a tier name that is HTML as text in the renewal-rate chart’s tooltip', async () => {
    const draft = config();
    const green = draft.tiers[0];
    if (green) green.label = HOSTILE;
    const { wrapper } = await open(
      studioRoutes('admin', {
        'GET /api/models/default': () => ({ body: model(draft) }),
        'POST /api/models/default/backtest': () => ({ body: backtestBody }),
      }),
    );
    byTestId('backtest-run').click();
    await settle();
    const charts = wrapper.findAllComponents(VChart);
    const chart = charts.find((c) => byTestId('backtest-chart').contains(c.element))?.vm.chart as
      | EChartsType
      | undefined;
    if (!chart) throw new Error('no renewal-rate chart');
    chart.dispatchAction({ type: 'showTip', seriesIndex: 0, dataIndex: 0 });
    await settle();
    const root = chart.getDom();
    expect(root.textContent).toContain(`${HOSTILE}: 95% of 20`);
    expect(root.querySelectorAll('img')).toHaveLength(0);
    expect(byTestId('backtest-tiers').textContent).toContain(HOSTILE);
    expect(document.querySelectorAll('img')).toHaveLength(0);
  });
});
