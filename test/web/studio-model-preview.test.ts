import { describe, expect, it } from 'vitest';
import type { ModelPreview } from '../../shared/contracts/studio';
import {
  previewHistogramOption,
  renewalRateOption,
} from '../../web/src/components/studio/model/model-charts';
import {
  byTestId,
  config,
  model,
  previewBody,
  settle,
  setUpModelsTab,
  studioRoutes,
  type,
} from './studio-model-fixtures';

const open = setUpModelsTab();

const HOSTILE = '<img src=x onerror=alert(1)>';
const cell = (tier: string, side: 'published' | 'draft') =>
  document
    .querySelector(
      `[data-testid="preview-tiers"] tr[data-tier="${tier}"] [data-testid="preview-tier-${side}"]`,
    )
    ?.textContent?.trim();

describe('Models tab: live preview', () => {
  it('shows published and draft tier counts, both histograms and the accounts that would change tier', async () => {
    const { server } = await open(studioRoutes('admin'));
    const sent = server.requests.find((r) => r.url === '/api/models/default/preview')?.body as {
      config: ReturnType<typeof config>;
    };
    expect(sent.config.measures.map((m) => m.key)).toEqual(['login', 'nps', 'rating']);
    expect(cell('green', 'published')).toBe('10');
    expect(cell('green', 'draft')).toBe('13');
    expect(cell('insufficient', 'draft')).toBe('2');
    expect(byTestId('preview-histogram').querySelector('svg')).not.toBeNull();
    expect(byTestId('preview-histogram').textContent).toContain('90–100: published 2, draft 4');

    const movers = document.querySelectorAll('[data-testid="preview-mover"]');
    expect(movers).toHaveLength(1);
    const mover = movers[0] as HTMLElement;
    expect(mover.querySelector('a')?.getAttribute('href')).toBe('/accounts/acme');
    expect(mover.textContent).toContain('Acme Corp');
    expect([...mover.querySelectorAll('[data-tier]')].map((b) => b.textContent?.trim())).toEqual([
      'Green-yellow',
      'Green',
    ]);
    expect(mover.textContent).toContain('Score 78 → 83');
    expect(mover.textContent).toContain('Moved most by Login rate');
    expect(byTestId('preview-movers-total').textContent).toContain('Showing 1 of 3');
    expect(byTestId('preview-elapsed').textContent).toContain('87 ms');
  });

  it('never shows a stale preview: the answer to an older edit arriving late is dropped', async () => {
    const pending: { weight: number; resolve: (body: ModelPreview) => void }[] = [];
    let first = true;
    const { server } = await open(
      studioRoutes('admin', {
        'POST /api/models/default/preview': (req) => {
          if (first) {
            first = false;
            return { body: previewBody() };
          }
          const weight = (req.body as { config: ReturnType<typeof config> }).config.measures[0]?.weight ?? -1;
          return new Promise((resolve) => pending.push({ weight, resolve: (body) => resolve({ body }) }));
        },
      }),
    );
    await type(byTestId('measure-weight-login'), '60');
    await type(byTestId('measure-weight-nps'), '20');
    await settle();
    expect(pending.map((p) => p.weight)).toEqual([60]);
    expect(byTestId('model-preview').getAttribute('aria-busy')).toBe('true');

    await type(byTestId('measure-weight-login'), '70');
    await type(byTestId('measure-weight-nps'), '10');
    await settle();
    expect(pending.map((p) => p.weight)).toEqual([60, 70]);

    pending[1]?.resolve(
      previewBody({ accounts: 222, draft: { ...previewBody().draft, tiers: { green: 30 } } }),
    );
    await settle();
    pending[0]?.resolve(
      previewBody({ accounts: 111, draft: { ...previewBody().draft, tiers: { green: 1 } } }),
    );
    await settle();
    expect(byTestId('preview-result').textContent).toContain('222 accounts');
    expect(byTestId('preview-result').textContent).not.toContain('111 accounts');
    expect(cell('green', 'draft')).toBe('30');
    expect(byTestId('model-preview').getAttribute('aria-busy')).toBeNull();
    expect(server.requests.filter((r) => r.url.endsWith('/preview'))).toHaveLength(3);
  });

  it('renders an account name and a tier name that are HTML as text', async () => {
    const draft = config();
    const green = draft.tiers[0];
    if (green) green.label = HOSTILE;
    await open(
      studioRoutes('admin', {
        'GET /api/models/default': () => ({ body: model(draft) }),
        'POST /api/models/default/preview': () => ({
          body: previewBody({
            movers: [
              {
                accountExternalId: 'x',
                name: HOSTILE,
                from: 'red',
                to: 'green',
                scoreFrom: 10,
                scoreTo: 90,
                measure: 'nps',
              },
            ],
          }),
        }),
      }),
    );
    const mover = byTestId('preview-mover');
    expect(mover.textContent).toContain(HOSTILE);
    expect(byTestId('preview-tiers').textContent).toContain(HOSTILE);
    expect(document.querySelectorAll('img')).toHaveLength(0);
    expect([...document.querySelectorAll('*')].some((el) => el.hasAttribute('onerror'))).toBe(false);
  });

  it('escapes user text in the chart tooltips it builds', () => {
    const rates = renewalRateOption(
      [{ name: HOSTILE, rate: 0.5, accounts: 4 }],
      (r) => `${r.name}: ${r.accounts}`,
    );
    const rateTip = (rates.tooltip as { formatter: (p: unknown) => string }).formatter({ dataIndex: 0 });
    expect(rateTip).toBe('&lt;img src=x onerror=alert(1)&gt;: 4');
    const histogram = previewHistogramOption(null, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], {
      published: 'P',
      draft: HOSTILE,
    });
    const histTip = (histogram.tooltip as { formatter: (p: unknown) => string }).formatter([
      { dataIndex: 9, seriesName: HOSTILE, value: 10 },
    ]);
    expect(histTip).toBe('90–100<br>&lt;img src=x onerror=alert(1)&gt;: 10');
  });

  it('labels every bucket of the score histogram and every tier of the backtest chart', () => {
    const histogram = previewHistogramOption(
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
      {
        published: 'Published',
        draft: 'Draft',
      },
    );
    const axis = histogram.xAxis as { data: string[]; axisLabel: { interval: number; rotate: number } };
    expect(axis.data).toHaveLength(10);
    expect(axis.axisLabel).toMatchObject({ interval: 0, hideOverlap: false, rotate: 45 });
    const rates = renewalRateOption(
      [
        { name: 'Green', rate: 0.9, accounts: 10 },
        { name: 'Green-yellow', rate: 0.7, accounts: 10 },
        { name: 'Yellow', rate: 0.5, accounts: 10 },
        { name: 'Red', rate: 0.2, accounts: 10 },
      ],
      (r) => r.name,
    );
    expect((rates.xAxis as { axisLabel: unknown }).axisLabel).toMatchObject({
      interval: 0,
      hideOverlap: false,
    });
  });
});
