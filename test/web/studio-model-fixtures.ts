import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { NMessageProvider } from 'naive-ui';
import { afterEach, beforeEach, vi } from 'vitest';
import { defineComponent, h } from 'vue';
import { INIT_OPTIONS_KEY } from 'vue-echarts';
import { createMemoryHistory, createRouter, RouterView } from 'vue-router';
import type { Role } from '../../shared/contracts/auth';
import type { Model, ModelVersion } from '../../shared/contracts/models';
import type { Backtest, Calibration, ModelDiff, ModelPreview } from '../../shared/contracts/studio';
import type { HealthModel } from '../../shared/health/model';
import ModelsTab from '../../web/src/components/studio/ModelsTab.vue';
import { useAuth } from '../../web/src/composables/useAuth';
import { CHECK_DEBOUNCE_MS } from '../../web/src/composables/useModelValidation';
import { i18n } from '../../web/src/i18n';
import { errorBody, fakeApi } from './fetch';

// Shared set-up of the model studio's web tests: a model with a published version, a retired one and (optionally)
// an open draft, the segments that use it, and the Models tab mounted with a router, i18n and a message provider.

/** A small valid model: weights 50 + 30 + 20. */
export function config(weights: [number, number, number] = [50, 30, 20]): HealthModel {
  return {
    missingData: 'skip',
    minCoverage: 0.5,
    dimensions: [
      { key: 'usage', label: 'Usage' },
      { key: 'outcomes', label: 'Outcomes' },
      { key: 'satisfaction', label: 'Satisfaction' },
      { key: 'support', label: 'Support' },
      { key: 'relationship', label: 'Relationship' },
    ],
    tiers: [
      { key: 'green', label: 'Green', minScore: 80, color: '#16a34a', guidance: 'Expand.' },
      { key: 'green-yellow', label: 'Green-yellow', minScore: 60, color: '#84cc16' },
      { key: 'yellow', label: 'Yellow', minScore: 40, color: '#eab308' },
      { key: 'red', label: 'Red', minScore: 0, color: '#dc2626', guidance: 'Escalate.' },
    ],
    measures: [
      {
        key: 'login',
        label: 'Login rate',
        kind: 'loginRate',
        windowDays: 30,
        params: { denominator: 'activatedUsers' },
        normalisation: { kind: 'linear', min: 0.1, max: 0.8, direction: 'higher' },
        weight: weights[0],
      },
      {
        key: 'nps',
        label: 'NPS',
        kind: 'nps',
        windowDays: 180,
        params: { minResponses: 1 },
        normalisation: { kind: 'linear', min: -50, max: 50, direction: 'higher' },
        weight: weights[1],
      },
      {
        key: 'rating',
        kind: 'csmRating',
        windowDays: 30,
        params: {},
        normalisation: { kind: 'linear', min: 1, max: 5, direction: 'higher' },
        weight: weights[2],
      },
    ],
  };
}

function version(
  n: number,
  status: ModelVersion['status'],
  cfg: HealthModel,
  note: string | null = null,
): ModelVersion {
  return {
    id: n * 10,
    version: n,
    status,
    createdAt: `2026-0${n}-01T09:00:00.000Z`,
    publishedAt: status === 'draft' ? null : `2026-0${n}-02T09:00:00.000Z`,
    createdBy: 'ana@example.com',
    publishedBy: status === 'draft' ? null : 'ana@example.com',
    note,
    config: cfg,
  };
}

/** Model `default`: v1 retired, v2 published, and v3 a draft when `draft` is given. */
export function model(draft?: HealthModel, id = 'default'): Model {
  const versions = [
    version(2, 'published', config(), 'Spring weights'),
    version(1, 'retired', config([40, 40, 20])),
  ];
  if (draft) versions.unshift(version(3, 'draft', draft));
  return {
    id,
    name: id === 'default' ? 'Default model' : 'Enterprise',
    createdAt: null,
    updatedAt: null,
    versions,
  };
}

export const previewBody = (over: Partial<ModelPreview> = {}): ModelPreview => ({
  accounts: 42,
  scope: 'segments',
  asOf: '2026-11-01',
  published: {
    tiers: { green: 10, 'green-yellow': 12, yellow: 11, red: 7, insufficient: 2 },
    histogram: [1, 2, 3, 4, 5, 6, 7, 8, 4, 2],
    scored: 40,
  },
  draft: {
    tiers: { green: 13, 'green-yellow': 9, yellow: 11, red: 7, insufficient: 2 },
    histogram: [1, 2, 3, 4, 5, 6, 7, 5, 5, 4],
    scored: 40,
  },
  movers: [
    {
      accountExternalId: 'acme',
      name: 'Acme Corp',
      from: 'green-yellow',
      to: 'green',
      scoreFrom: 78,
      scoreTo: 83.4,
      measure: 'login',
    },
  ],
  moversTotal: 3,
  elapsedMs: 87,
  ...over,
});

/** v1 → v3: a measure added, one removed, a weight and a cut-off changed, the coverage changed. */
export const diffBody: ModelDiff = {
  from: 1,
  to: 3,
  measuresAdded: [{ key: 'seats', label: 'Seat activation', weight: 10 }],
  measuresRemoved: [{ key: 'rating', label: 'CSM rating', weight: 20 }],
  measuresChanged: [{ key: 'login', label: 'Login rate', changes: [{ field: 'weight', from: 40, to: 60 }] }],
  tiersChanged: [{ key: 'green', field: 'minScore', from: 80, to: 75 }],
  settingsChanged: [{ field: 'minCoverage', from: 0.5, to: 0.25 }],
};

export const backtestBody: Backtest = {
  version: 2,
  auc: 0.78,
  renewals: 64,
  unscored: 3,
  leadDays: 90,
  tiers: [
    { tier: 'green', accounts: 20, renewalRate: 0.95 },
    { tier: 'red', accounts: 12, renewalRate: 0.25 },
  ],
  measures: [
    { key: 'nps', label: 'NPS', auc: 0.61, missing: 10 },
    { key: 'login', label: 'Login rate', auc: 0.74, missing: 0 },
    { key: 'rating', label: 'rating', auc: null, missing: 64 },
  ],
};

export const calibrationBody: Calibration = {
  draftVersion: 3,
  basedOnVersion: 2,
  renewals: 64,
  cvAuc: 0.81,
  currentAuc: 0.74,
  weights: [
    { key: 'login', weight: 72, previous: 50 },
    { key: 'nps', weight: 28, previous: 30 },
    { key: 'rating', weight: 0, previous: 20 },
  ],
  dropCandidates: ['rating'],
  lackingData: ['rating'],
};

type Routes = Parameters<typeof fakeApi>[0];

/** The API of a studio with model `default` (published v2), used by the default segment and by `Large`. */
export function studioRoutes(role: Role, over: Routes = {}): Routes {
  return {
    'GET /api/auth/me': () => ({
      body: { member: { id: 7, email: 'ana@example.com', name: 'Ana', role }, csrfToken: 'c', actor: {} },
    }),
    'GET /api/settings/tiers': () => ({ body: { tiers: [] } }),
    'GET /api/models': () => ({
      body: {
        items: [
          {
            id: 'default',
            name: 'Default model',
            createdAt: null,
            updatedAt: null,
            publishedVersion: 2,
            draftVersion: null,
          },
          {
            id: 'enterprise',
            name: 'Enterprise',
            createdAt: null,
            updatedAt: null,
            publishedVersion: 1,
            draftVersion: null,
          },
        ],
      },
    }),
    'GET /api/segments': () => ({
      body: {
        items: [
          {
            id: 'large',
            name: 'Large',
            order: 1,
            match: 'all',
            conditions: [],
            modelId: 'default',
            isDefault: false,
          },
          {
            id: 'all',
            name: 'All accounts',
            order: 0,
            match: 'all',
            conditions: [],
            modelId: 'default',
            isDefault: true,
          },
        ],
      },
    }),
    'GET /api/models/default': () => ({ body: model() }),
    'POST /api/models/validate': (req) => ({
      body: { ok: true, config: (req.body as { config: unknown }).config },
    }),
    'POST /api/models/default/preview': () => ({ body: previewBody() }),
    'GET /api/models/default/diff': () => ({ body: diffBody }),
    ...over,
  };
}

/** A 400 VALIDATION_FAILED with these issues. */
export function validationFailed(issues: { path: (string | number)[]; message: string; code?: string }[]) {
  return {
    status: 400,
    body: { error: { ...errorBody('VALIDATION_FAILED', 'the model is invalid').error, issues } },
  };
}

/** Lets the debounced check (and the preview after it) run. */
export async function settle() {
  await vi.advanceTimersByTimeAsync(CHECK_DEBOUNCE_MS + 10);
  await flushPromises();
}

/** Mounts the Models tab at `/studio/models` (with `query`), over a fake API. */
export async function mountModels(routes: Routes, query: Record<string, string> = {}) {
  const server = fakeApi(routes);
  vi.stubGlobal('fetch', server.fetch);
  await useAuth().ensureLoaded();
  const Page = defineComponent({ render: () => null });
  // The tab is the studio route's view, as in the app, so its route guards run.
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/studio/:tab?', name: 'studio', component: ModelsTab },
      { path: '/accounts/:externalId', name: 'account', component: Page },
      { path: '/:rest(.*)*', component: Page },
    ],
  });
  await router.push({ path: '/studio/models', query });
  await router.isReady();
  const wrapper = mount(
    defineComponent({ render: () => h(NMessageProvider, null, { default: () => h(RouterView) }) }),
    {
      global: {
        plugins: [i18n, router],
        // happy-dom does no layout: the charts get their size here.
        provide: { [INIT_OPTIONS_KEY as symbol]: { width: 640, height: 320, renderer: 'svg' } },
      },
      attachTo: document.body,
    },
  );
  await settle();
  return { wrapper, server, router };
}

/**
 * Sets up a test file of the Models tab: fake timers (for the debounced check) around each test, and `open`, which
 * mounts the tab as {@link mountModels} does and unmounts it after the test.
 * @example const open = setUpModelsTab(); it('…', async () => { const { server } = await open(studioRoutes('admin')); });
 */
export function setUpModelsTab() {
  const mounted: VueWrapper[] = [];
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  });
  afterEach(() => {
    for (const w of mounted.splice(0)) w.unmount();
    vi.useRealTimers();
  });
  return async function open(...args: Parameters<typeof mountModels>) {
    const result = await mountModels(...args);
    mounted.push(result.wrapper);
    return result;
  };
}

/** Types into a native input as a person does (an `input` and a `change` event). */
export async function type(el: Element | undefined, value: string) {
  if (
    !(el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement)
  ) {
    throw new Error('not an input');
  }
  el.value = value;
  el.dispatchEvent(new Event('input'));
  el.dispatchEvent(new Event('change'));
  await flushPromises();
}

/** Finds one element by data-testid in the document (fails loudly when absent). */
export function byTestId(id: string): HTMLElement {
  const el = document.querySelector<HTMLElement>(`[data-testid="${id}"]`);
  if (!el) throw new Error(`no [data-testid="${id}"]`);
  return el;
}
