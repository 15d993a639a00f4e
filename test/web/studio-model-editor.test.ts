import { describe, expect, it, vi } from 'vitest';
import { MEASURE_KIND_KEYS, MEASURE_KINDS } from '../../shared/health/kinds';
import { i18n } from '../../web/src/i18n';
import {
  byTestId,
  config,
  model,
  mountModels,
  settle,
  setUpModelsTab,
  studioRoutes,
  type,
  validationFailed,
} from './studio-model-fixtures';

const open = setUpModelsTab();

const weight = (key: string) => byTestId(`measure-weight-${key}`) as HTMLInputElement;
const saveButton = () => byTestId('draft-save') as HTMLButtonElement;

describe('Models tab: the draft editor', () => {
  it('shows the weight total live and allows Save only at exactly 100 %', async () => {
    const put = vi.fn((req: { body: unknown }) => ({ body: model((req.body as { config: never }).config) }));
    const { server } = await open(studioRoutes('admin', { 'PUT /api/models/default/draft': put }));
    expect(byTestId('weight-total').textContent).toContain('100');
    expect(document.querySelector('[data-testid="weight-total-error"]')).toBeNull();
    expect(saveButton().disabled).toBe(true); // nothing changed yet

    await type(weight('login'), '60');
    expect(byTestId('weight-total').textContent).toContain('110');
    expect(byTestId('weight-total-error').textContent).toContain('exactly 100');
    expect(byTestId('weight-total-error').textContent).toContain('10 % too much');
    expect(saveButton().disabled).toBe(true);

    await type(weight('nps'), '10');
    expect(byTestId('weight-total').textContent).toContain('90');
    expect(byTestId('weight-total-error').textContent).toContain('10 % left');
    expect(saveButton().disabled).toBe(true);

    await type(weight('nps'), '20');
    expect(document.querySelector('[data-testid="weight-total-error"]')).toBeNull();
    expect(saveButton().disabled).toBe(false);
    saveButton().click();
    await settle();
    const sent = server.requests.find((r) => r.method === 'PUT')?.body as {
      config: ReturnType<typeof config>;
    };
    expect(sent.config.measures.map((m) => m.weight)).toEqual([60, 20, 20]);
    expect(put).toHaveBeenCalledTimes(1);
  });

  it('shows an API issue at measures[1].weight next to that measure’s weight, and unplaced ones in the summary', async () => {
    await open(
      studioRoutes('admin', {
        'PUT /api/models/default/draft': () =>
          validationFailed([
            { path: ['measures', 1, 'weight'], code: 'INVALID', message: 'weight must be at most 100' },
            { path: ['dimensions', 0], code: 'DUPLICATE_KEY', message: 'duplicate dimension key' },
          ]),
      }),
    );
    await type(weight('login'), '40');
    await type(weight('nps'), '40');
    saveButton().click();
    await settle();
    const rows = document.querySelectorAll('[data-testid="measure-row"]');
    expect(rows[1]?.textContent).toContain('weight must be at most 100');
    expect(rows[0]?.textContent).not.toContain('weight must be at most 100');
    const issue = rows[1]?.querySelector('[data-testid="model-issue"]');
    expect(issue?.getAttribute('data-issue-path')).toBe('measures.1.weight');
    expect(weight('nps').getAttribute('aria-invalid')).toBe('true');
    expect(weight('nps').getAttribute('aria-describedby')).toBe(issue?.parentElement?.id);
    expect(byTestId('model-issues-other').textContent).toContain('duplicate dimension key');
  });

  it('checks edits with POST /api/models/validate after a pause and places its issues', async () => {
    const validate = vi.fn((req: { body: unknown }) =>
      JSON.stringify(req.body).includes('"minScore":85')
        ? validationFailed([
            { path: ['tiers', 1, 'minScore'], code: 'TIERS_ORDER', message: 'cut-offs must descend' },
          ])
        : { body: { ok: true, config: (req.body as { config: unknown }).config } },
    );
    const { server } = await open(studioRoutes('admin', { 'POST /api/models/validate': validate }));
    const before = validate.mock.calls.length;
    await type(byTestId('tier-cutoff-green-yellow'), '8');
    await type(byTestId('tier-cutoff-green-yellow'), '85');
    expect(validate.mock.calls.length).toBe(before); // debounced: nothing sent while typing
    await settle();
    expect(validate.mock.calls.length).toBe(before + 1);
    const row = document.querySelectorAll('[data-testid="tier-row"]')[1];
    expect(row?.textContent).toContain('cut-offs must descend');
    expect(byTestId('model-check').textContent).toContain('One problem');
    // An invalid draft is not previewed.
    const previews = server.requests.filter((r) => r.url.endsWith('/preview')).length;
    await type(byTestId('tier-cutoff-green-yellow'), '60');
    await settle();
    expect(row?.textContent).not.toContain('cut-offs must descend');
    expect(server.requests.filter((r) => r.url.endsWith('/preview')).length).toBe(previews + 1);
  });

  it('picks a metric from the catalogue, explained with its unit, and resets its settings', async () => {
    const { server } = await open(studioRoutes('admin'));
    byTestId('measure-add').click();
    await settle();
    const rows = document.querySelectorAll('[data-testid="measure-row"]');
    expect(rows).toHaveLength(4);
    const added = rows[3] as HTMLElement;
    expect(added.dataset.measureKey).toBe('measure4');
    const kind = added.querySelector('[data-testid="measure-kind"]') as HTMLSelectElement;
    expect([...kind.querySelectorAll('optgroup')].map((g) => g.label)).toEqual([
      'Usage',
      'Outcomes',
      'Satisfaction',
      'Support',
      'Relationship',
    ]);
    await type(kind, 'nps');
    expect(added.textContent).toContain('Net promoter score');
    expect(added.textContent).toContain('NPS from −100 to 100');
    await type(byTestId('measure-weight-measure4'), '0');
    await settle();
    const last = server.requests.filter((r) => r.url === '/api/models/validate').at(-1)?.body as {
      config: ReturnType<typeof config>;
    };
    expect(last.config.measures[3]).toMatchObject({ kind: 'nps', params: { minResponses: 1 }, weight: 0 });
  });

  it('discards an open draft after confirmation', async () => {
    let current = model(config([50, 25, 25]));
    const del = vi.fn(() => {
      current = model();
      return { status: 204 };
    });
    const { server } = await open(
      studioRoutes('admin', {
        'GET /api/models/default': () => ({ body: current }),
        'DELETE /api/models/default/draft': del,
      }),
    );
    expect(byTestId('draft-status').textContent).toContain('draft version 3');
    expect(weight('nps').value).toBe('25');
    byTestId('draft-discard').click();
    await settle();
    expect(del).not.toHaveBeenCalled();
    byTestId('draft-discard-confirm').click();
    await settle();
    expect(del).toHaveBeenCalledTimes(1);
    expect(weight('nps').value).toBe('30');
    expect(server.requests.filter((r) => r.url === '/api/models/default').length).toBe(2);
  });

  it('shows a viewer (and a CSM) the model read-only, with no write control and no write request', async () => {
    for (const role of ['viewer', 'csm'] as const) {
      const { server, wrapper } = await mountModels(
        studioRoutes(role, { 'GET /api/models/default': () => ({ body: model(config([50, 25, 25])) }) }),
      );
      // Mounted here, not with open(): each role's tab is unmounted before the next one mounts.
      try {
        expect(document.querySelectorAll('[data-testid="measure-row"]')).toHaveLength(3);
        expect((weight('login') as HTMLInputElement).disabled).toBe(true);
        expect((byTestId('tier-cutoff-green') as HTMLInputElement).disabled).toBe(true);
        for (const id of [
          'draft-save',
          'draft-discard',
          'measure-add',
          'publish',
          'publish-note',
          'model-new',
          'backtest-run',
          'calibrate-run',
          'rollback-1',
          'measure-remove',
        ]) {
          expect(document.querySelector(`[data-testid="${id}"]`), id).toBeNull();
        }
        expect(document.querySelectorAll('[data-testid="version-row"]')).toHaveLength(3);
        expect(document.querySelector('[data-testid="diff"]')).not.toBeNull();
        expect(server.requests.filter((r) => r.method !== 'GET')).toEqual([]);
      } finally {
        wrapper.unmount();
      }
    }
  });

  it('has words and a unit for every measure kind, in English and Chinese', () => {
    for (const locale of ['en', 'zh'] as const) {
      const messages = i18n.global.getLocaleMessage(locale) as unknown as {
        studioModel: {
          kinds: Record<string, { name: string; description: string }>;
          units: Record<string, string>;
        };
      };
      for (const kind of MEASURE_KIND_KEYS) {
        expect(messages.studioModel.kinds[kind]?.description, `${locale} ${kind}`).toBeTruthy();
        expect(messages.studioModel.units[MEASURE_KINDS[kind].unit], `${locale} ${kind}`).toBeTruthy();
      }
    }
  });
});
