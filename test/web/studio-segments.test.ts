import { type DOMWrapper, flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { NMessageProvider } from 'naive-ui';
import { describe, expect, it, vi } from 'vitest';
import { defineComponent, h } from 'vue';
import { createMemoryHistory, createRouter } from 'vue-router';
import { LIFECYCLE_STAGES } from '../../shared/health/lifecycle';
import { CONDITION_OPS, SEGMENT_FIELDS } from '../../shared/health/segments';
import {
  conditionOf,
  draftOf,
  FIELD_CHOICES,
  OPS_BY_KIND,
  STAGES,
  withField,
} from '../../web/src/composables/segment-rules';
import { useAuth } from '../../web/src/composables/useAuth';
import { i18n } from '../../web/src/i18n';
import { routes } from '../../web/src/router';
import StudioView from '../../web/src/views/StudioView.vue';
import { fakeApi, type SentRequest } from './fetch';

type Role = 'viewer' | 'csm' | 'admin';
type Routes = Parameters<typeof fakeApi>[0];

const Page = defineComponent({ render: () => null });

function member(role: Role) {
  return { member: { id: 7, email: 'sam@example.com', name: 'Sam', role }, csrfToken: 'c', actor: {} };
}

function model(id: string, name: string, publishedVersion: number | null) {
  return { id, name, createdAt: null, updatedAt: null, publishedVersion, draftVersion: null };
}

const MODELS = {
  items: [
    model('default', 'Default model', 3),
    model('ent', 'Enterprise model', 1),
    model('draft-only', 'Unpublished model', null),
  ],
};

function segment(id: string, name: string, order: number, extra: Record<string, unknown> = {}) {
  return { id, name, order, match: 'all', conditions: [], modelId: 'default', isDefault: false, ...extra };
}

function segmentList() {
  return [
    segment('enterprise', 'Enterprise', 1, {
      conditions: [{ field: 'arrCents', op: 'gte', value: 10_000_000 }],
      modelId: 'ent',
    }),
    segment('smb', 'SMB', 2, {
      match: 'any',
      conditions: [
        { field: 'seats', op: 'lt', value: 10 },
        { field: 'traits.region', op: 'in', value: ['EMEA', 'APAC'] },
      ],
    }),
    segment('renewing', 'Renewing', 3, {
      conditions: [{ field: 'lifecycleStage', op: 'eq', value: 'renewal' }],
    }),
    // The API sends the default last; order 0 checks the view does not sort it first.
    segment('default', 'Everyone else', 0, { isDefault: true }),
  ];
}

/** The studio's API with the segments above; a reorder answers the list in the order sent. */
function studioApi(role: Role, extra: Routes = {}, list = segmentList()) {
  return fakeApi({
    'GET /api/auth/me': () => ({ body: member(role) }),
    'GET /api/settings/tiers': () => ({ body: { tiers: [] } }),
    'GET /api/segments': () => ({ body: { items: list } }),
    'GET /api/segments/matches': () => ({
      body: { counts: { enterprise: 12, smb: 1, renewing: 0, default: 30 }, total: 43 },
    }),
    'GET /api/models': () => ({ body: MODELS }),
    'GET /api/alerts/rules': () => ({ body: { items: [] } }),
    'POST /api/segments/reorder': (req) => {
      const { ids } = req.body as { ids: string[] };
      const byId = new Map(list.map((s) => [s.id, s]));
      return {
        body: {
          items: [
            ...ids.map((id, i) => ({ ...byId.get(id)!, order: i + 1 })),
            ...list.filter((s) => s.isDefault),
          ],
        },
      };
    },
    ...extra,
  });
}

async function mountStudio(role: Role, tab = 'segments', extra: Routes = {}, list = segmentList()) {
  const server = studioApi(role, extra, list);
  vi.stubGlobal('fetch', server.fetch);
  await useAuth().ensureLoaded();
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/studio/:tab?', name: 'studio', component: Page },
      { path: '/:rest(.*)*', component: Page },
    ],
  });
  await router.push(`/studio/${tab}`);
  const wrapper = mount(
    defineComponent({
      render: () => h(NMessageProvider, null, { default: () => h(StudioView, { tab }) }),
    }),
    { global: { plugins: [i18n, router] }, attachTo: document.body },
  );
  await flushPromises();
  return { wrapper, requests: server.requests, router };
}

const sent = (requests: SentRequest[], method: string, path: string) =>
  requests.filter((r) => r.method === method && r.url.split('?')[0] === path);

function rowIds(wrapper: VueWrapper) {
  return wrapper.findAll('[data-testid="segment-row"]').map((r) => r.attributes('data-segment-id'));
}

function row(wrapper: VueWrapper, id: string) {
  return wrapper.find(`[data-testid="segment-row"][data-segment-id="${id}"]`);
}

/** Chooses options of a `<select multiple>` (setValue sets only one). */
async function selectMany(select: DOMWrapper<Element>, values: string[]) {
  for (const option of (select.element as HTMLSelectElement).options)
    option.selected = values.includes(option.value);
  await select.trigger('change');
}

describe('segment rule builder (pure)', () => {
  it('offers every segment field and operator of shared/health/segments, and every lifecycle stage', () => {
    expect([...FIELD_CHOICES].filter((f) => f !== 'trait').sort()).toEqual([...SEGMENT_FIELDS].sort());
    const ops = new Set(Object.values(OPS_BY_KIND).flat());
    for (const op of CONDITION_OPS) expect(ops.has(op)).toBe(true);
    expect(STAGES).toEqual([...LIFECYCLE_STAGES]);
  });

  it('names every field and operator in both locales', () => {
    const ops = new Set(Object.values(OPS_BY_KIND).flat());
    for (const locale of ['en', 'zh'] as const) {
      for (const f of FIELD_CHOICES) expect(i18n.global.te(`studio.segments.fields.${f}`, locale)).toBe(true);
      for (const op of ops) expect(i18n.global.te(`studio.segments.ops.${op}`, locale)).toBe(true);
      for (const op of OPS_BY_KIND.date.filter((o) => ['gt', 'gte', 'lt', 'lte'].includes(o)))
        expect(i18n.global.te(`studio.segments.ops.date.${op}`, locale)).toBe(true);
    }
  });

  it("keeps the operator while the kind of field stays, else takes the new kind's usual one", () => {
    const row = { field: 'plan', trait: '', op: 'neq', value: 'pro', stages: [] } as const;
    expect(withField({ ...row, stages: [] }, 'industry')).toMatchObject({
      field: 'industry',
      op: 'neq',
      value: '',
    });
    expect(withField({ ...row, stages: [] }, 'seats')).toMatchObject({
      field: 'seats',
      op: 'gte',
      value: '',
    });
  });

  it('builds a numeric, a lifecycle and a trait condition, and reads them back', () => {
    const money = { field: 'arrCents', trait: '', op: 'gte', value: '250000.5', stages: [] } as const;
    expect(conditionOf({ ...money, stages: [] })).toEqual({
      field: 'arrCents',
      op: 'gte',
      value: 25_000_050,
    });
    expect(conditionOf({ field: 'seats', trait: '', op: 'in', value: '5, 10', stages: [] })).toEqual({
      field: 'seats',
      op: 'in',
      value: [5, 10],
    });
    expect(
      conditionOf({ field: 'lifecycleStage', trait: '', op: 'nin', value: '', stages: ['churned'] }),
    ).toEqual({
      field: 'lifecycleStage',
      op: 'nin',
      value: ['churned'],
    });
    expect(conditionOf({ field: 'trait', trait: ' region ', op: 'eq', value: 'EMEA', stages: [] })).toEqual({
      field: 'traits.region',
      op: 'eq',
      value: 'EMEA',
    });
    expect(conditionOf({ field: 'trait', trait: 'nps', op: 'gt', value: '8', stages: [] }).value).toBe(8);
    expect(conditionOf({ field: 'plan', trait: '', op: 'missing', value: 'x', stages: [] })).toEqual({
      field: 'plan',
      op: 'exists',
      value: false,
    });
    for (const c of [
      { field: 'arrCents', op: 'gte' as const, value: 10_000_000 },
      { field: 'traits.region', op: 'in' as const, value: ['EMEA', 'APAC'] },
      { field: 'lifecycleStage', op: 'in' as const, value: ['growth', 'renewal'] },
      { field: 'industry', op: 'exists' as const, value: false },
    ])
      expect(conditionOf(draftOf(c))).toEqual(c);
  });
});

describe('Model studio shell', () => {
  it('is in the menu for every member, with a tab link per section', async () => {
    const route = routes.find((r) => r.name === 'studio');
    expect(route?.path).toBe('/studio/:tab?');
    expect(route?.meta?.nav).toMatchObject({ label: 'studio.title', icon: 'studio' });
    expect(route?.meta?.minRole).toBeUndefined();

    const { wrapper } = await mountStudio('viewer', 'models');
    expect(wrapper.find('h1').text()).toBe('Model studio');
    for (const tab of ['segments', 'models', 'rules'])
      expect(wrapper.find(`[data-testid="studio-tab-${tab}"]`).attributes('href')).toBe(`/studio/${tab}`);
    expect(wrapper.find('[data-testid="studio-tab-models"]').attributes('aria-current')).toBe('page');
    expect(wrapper.find('[data-testid="studio-models"]').exists()).toBe(true);
    wrapper.unmount();
  });
});

describe('Segments editor', () => {
  it('lists the segments in match order with their rule in words, model, count and the default last', async () => {
    const { wrapper } = await mountStudio('admin');
    expect(rowIds(wrapper)).toEqual(['enterprise', 'smb', 'renewing', 'default']);
    expect(row(wrapper, 'enterprise').find('[data-testid="segment-rule"]').text()).toBe(
      'ARR is at least 100,000',
    );
    expect(row(wrapper, 'smb').find('[data-testid="segment-rule"]').text()).toBe(
      'Seats is less than 10 or trait “region” is one of “EMEA”, “APAC”',
    );
    expect(row(wrapper, 'renewing').find('[data-testid="segment-rule"]').text()).toBe(
      'Lifecycle stage is Renewal',
    );
    expect(row(wrapper, 'enterprise').find('[data-testid="segment-model-link"]').attributes('href')).toBe(
      '/studio/models?model=ent',
    );
    expect(row(wrapper, 'enterprise').find('[data-testid="segment-model-link"]').text()).toBe(
      'Model: Enterprise model',
    );
    expect(row(wrapper, 'enterprise').find('[data-testid="segment-count"]').text()).toBe(
      'matches 12 accounts',
    );
    expect(row(wrapper, 'renewing').find('[data-testid="segment-count"]').text()).toBe('matches no accounts');
    expect(wrapper.find('[data-testid="segment-total"]').text()).toContain('43 accounts in total');
    const fallback = row(wrapper, 'default');
    expect(fallback.find('[data-testid="segment-default"]').text()).toBe('Default');
    expect(fallback.find('[data-testid="segment-rule"]').text()).toBe(
      'Every account no other segment matches',
    );
    // The default segment stays last: it neither moves nor drags.
    expect(fallback.find('[data-testid="segment-move-up"]').exists()).toBe(false);
    expect(fallback.attributes('draggable')).toBeUndefined();
    wrapper.unmount();
  });

  it('moves a focused row with Alt+ArrowDown and the Move up button, sending each new order', async () => {
    const { wrapper, requests } = await mountStudio('admin');
    const first = row(wrapper, 'enterprise');
    (first.element as HTMLElement).focus();
    await first.trigger('keydown', { key: 'ArrowDown', altKey: true });
    await flushPromises();
    expect(rowIds(wrapper)).toEqual(['smb', 'enterprise', 'renewing', 'default']);
    expect(sent(requests, 'POST', '/api/segments/reorder').map((r) => r.body)).toEqual([
      { ids: ['smb', 'enterprise', 'renewing'] },
    ]);
    expect(document.activeElement).toBe(row(wrapper, 'enterprise').element);
    expect(wrapper.find('[data-testid="segment-announcement"]').text()).toBe(
      'Enterprise moved to position 2 of 3',
    );
    // First match wins, so the counts are fetched again.
    expect(sent(requests, 'GET', '/api/segments/matches')).toHaveLength(2);

    // An arrow without Alt does nothing.
    await row(wrapper, 'enterprise').trigger('keydown', { key: 'ArrowDown' });
    await row(wrapper, 'renewing').find('[data-testid="segment-move-up"]').trigger('click');
    await flushPromises();
    expect(sent(requests, 'POST', '/api/segments/reorder').map((r) => r.body)).toEqual([
      { ids: ['smb', 'enterprise', 'renewing'] },
      { ids: ['smb', 'renewing', 'enterprise'] },
    ]);
    expect(rowIds(wrapper)).toEqual(['smb', 'renewing', 'enterprise', 'default']);
    expect(row(wrapper, 'smb').find('[data-testid="segment-move-up"]').attributes('disabled')).toBeDefined();
    expect(
      row(wrapper, 'enterprise').find('[data-testid="segment-move-down"]').attributes('disabled'),
    ).toBeDefined();
    expect(row(wrapper, 'renewing').find('[data-testid="segment-move-up"]').attributes('aria-label')).toBe(
      'Move Renewing up',
    );
    wrapper.unmount();
  });

  it('reorders by drag and drop, and never drops onto the default segment', async () => {
    const { wrapper, requests } = await mountStudio('admin');
    await row(wrapper, 'renewing').trigger('dragstart');
    await row(wrapper, 'default').trigger('dragover');
    await row(wrapper, 'default').trigger('drop');
    await flushPromises();
    expect(sent(requests, 'POST', '/api/segments/reorder')).toHaveLength(0);

    await row(wrapper, 'renewing').trigger('dragstart');
    expect(row(wrapper, 'renewing').classes()).toContain('is-dragging');
    await row(wrapper, 'enterprise').trigger('dragover');
    expect(row(wrapper, 'enterprise').classes()).toContain('is-drop-target');
    await row(wrapper, 'enterprise').trigger('drop');
    await row(wrapper, 'renewing').trigger('dragend');
    await flushPromises();
    expect(sent(requests, 'POST', '/api/segments/reorder').map((r) => r.body)).toEqual([
      { ids: ['renewing', 'enterprise', 'smb'] },
    ]);
    expect(rowIds(wrapper)).toEqual(['renewing', 'enterprise', 'smb', 'default']);
    expect(wrapper.find('.is-dragging').exists()).toBe(false);
    wrapper.unmount();
  });

  it('shows the stored order again when a reorder is refused', async () => {
    const { wrapper } = await mountStudio('admin', 'segments', {
      'POST /api/segments/reorder': () => ({
        status: 400,
        body: {
          error: { code: 'VALIDATION_FAILED', message: 'ids must list every segment', requestId: 'r' },
        },
      }),
    });
    await row(wrapper, 'smb').find('[data-testid="segment-move-up"]').trigger('click');
    await flushPromises();
    expect(rowIds(wrapper)).toEqual(['enterprise', 'smb', 'renewing', 'default']);
    expect(wrapper.text()).toContain('Could not save the new order');
    wrapper.unmount();
  });

  it('builds a numeric, a lifecycle and a trait condition in the form and creates the segment', async () => {
    const created = vi.fn((req: SentRequest) => ({ status: 201, body: req.body }));
    const { wrapper, requests } = await mountStudio('admin', 'segments', { 'POST /api/segments': created });
    await wrapper.find('[data-testid="segment-new"]').trigger('click');
    await wrapper.find('[data-testid="segment-name"]').setValue('Large accounts');
    expect((wrapper.find('[data-testid="segment-id"]').element as HTMLInputElement).value).toBe(
      'large-accounts',
    );
    await wrapper.find('[data-testid="segment-match"]').setValue('any');

    await wrapper.find('[data-testid="condition-field-0"]').setValue('arrCents');
    const ops0 = wrapper.findAll('[data-testid="condition-op-0"] option').map((o) => o.attributes('value'));
    expect(ops0).not.toContain('contains');
    await wrapper.find('[data-testid="condition-op-0"]').setValue('gte');
    await wrapper.find('[data-testid="condition-value-0"]').setValue('250000');

    await wrapper.find('[data-testid="condition-add"]').trigger('click');
    await wrapper.find('[data-testid="condition-field-1"]').setValue('lifecycleStage');
    await wrapper.find('[data-testid="condition-op-1"]').setValue('in');
    await selectMany(wrapper.find('[data-testid="condition-value-1"]'), ['renewal', 'maturity']);

    await wrapper.find('[data-testid="condition-add"]').trigger('click');
    await wrapper.find('[data-testid="condition-field-2"]').setValue('trait');
    await wrapper.find('[data-testid="condition-trait-2"]').setValue('region');
    await wrapper.find('[data-testid="condition-op-2"]').setValue('eq');
    await wrapper.find('[data-testid="condition-value-2"]').setValue('EMEA');

    const models = wrapper.findAll('[data-testid="segment-model"] option').map((o) => o.attributes('value'));
    expect(models).toEqual(['', 'default', 'ent']);
    await wrapper.find('[data-testid="segment-model"]').setValue('ent');
    await wrapper.find('[data-testid="segment-form"]').trigger('submit');
    await flushPromises();

    expect(created).toHaveBeenCalledTimes(1);
    expect(sent(requests, 'POST', '/api/segments')[0]!.body).toEqual({
      id: 'large-accounts',
      name: 'Large accounts',
      order: 4,
      match: 'any',
      conditions: [
        { field: 'arrCents', op: 'gte', value: 25_000_000 },
        { field: 'lifecycleStage', op: 'in', value: ['maturity', 'renewal'] },
        { field: 'traits.region', op: 'eq', value: 'EMEA' },
      ],
      modelId: 'ent',
    });
    // The list and the counts are loaded again; the form closes.
    expect(sent(requests, 'GET', '/api/segments')).toHaveLength(2);
    expect(sent(requests, 'GET', '/api/segments/matches')).toHaveLength(2);
    expect(wrapper.find('[data-testid="segment-form"]').exists()).toBe(false);
    wrapper.unmount();
  });

  it('edits a segment through PATCH, starting from its stored rule', async () => {
    const patched = vi.fn((req: SentRequest) => ({ body: { ...segmentList()[2], ...(req.body as object) } }));
    const { wrapper, requests } = await mountStudio('admin', 'segments', {
      'PATCH /api/segments/renewing': patched,
    });
    await row(wrapper, 'renewing').find('[data-testid="segment-edit"]').trigger('click');
    const form = row(wrapper, 'renewing').find('[data-testid="segment-form"]');
    expect((form.find('[data-testid="condition-field-0"]').element as HTMLSelectElement).value).toBe(
      'lifecycleStage',
    );
    expect((form.find('[data-testid="condition-value-0"]').element as HTMLSelectElement).value).toBe(
      'renewal',
    );
    expect(form.find('[data-testid="segment-id"]').exists()).toBe(false);
    await form.find('[data-testid="condition-value-0"]').setValue('growth');
    await form.trigger('submit');
    await flushPromises();
    expect(sent(requests, 'PATCH', '/api/segments/renewing')[0]!.body).toEqual({
      name: 'Renewing',
      match: 'all',
      conditions: [{ field: 'lifecycleStage', op: 'eq', value: 'growth' }],
      modelId: 'default',
    });
    wrapper.unmount();
  });

  it("shows each of the API's issues at its field, and the others in a summary", async () => {
    const { wrapper } = await mountStudio('admin', 'segments', {
      'PATCH /api/segments/smb': () => ({
        status: 400,
        body: {
          error: {
            code: 'VALIDATION_FAILED',
            message: 'the segments are invalid',
            requestId: 'r',
            issues: [
              // Paths into the whole list: SMB is its second segment.
              {
                path: [1, 'conditions', 1, 'field'],
                code: 'UNKNOWN_FIELD',
                message: "unknown field 'traits.'",
              },
              {
                path: [1, 'conditions', 0, 'value'],
                code: 'INVALID_CONDITION',
                message: "'lt' needs a number",
              },
              { path: [1, 'modelId'], code: 'INVALID', message: "model 'default' has no published version" },
              { path: [0, 'order'], code: 'DUPLICATE_ORDER', message: 'segments share order 1' },
            ],
          },
        },
      }),
    });
    await row(wrapper, 'smb').find('[data-testid="segment-edit"]').trigger('click');
    await wrapper.find('[data-testid="segment-form"]').trigger('submit');
    await flushPromises();
    const issueAt = (key: string) => wrapper.find(`[data-testid="segment-issue"][data-issue-for="${key}"]`);
    expect(issueAt('conditions.1.field').text()).toBe("unknown field 'traits.'");
    expect(issueAt('conditions.0.value').text()).toBe("'lt' needs a number");
    expect(issueAt('modelId').text()).toBe("model 'default' has no published version");
    expect(issueAt('name').exists()).toBe(false);
    expect(wrapper.find('[data-testid="condition-value-0"]').attributes('aria-invalid')).toBe('true');
    expect(wrapper.find('[data-testid="segment-model"]').attributes('aria-invalid')).toBe('true');
    expect(wrapper.find('[data-testid="segment-other-issues"]').text()).toBe('segments share order 1');
    // The form stays open with what was typed.
    expect(wrapper.find('[data-testid="segment-form"]').exists()).toBe(true);
    wrapper.unmount();
  });

  it('places the issues of a new segment (the last of the list the API checks)', async () => {
    const { wrapper } = await mountStudio('admin', 'segments', {
      'POST /api/segments': () => ({
        status: 400,
        body: {
          error: {
            code: 'VALIDATION_FAILED',
            message: 'invalid',
            requestId: 'r',
            issues: [
              {
                path: ['name'],
                code: 'too_small',
                message: 'Too small: expected string to have >=1 characters',
              },
              { path: [4, 'modelId'], code: 'INVALID', message: 'no published version' },
            ],
          },
        },
      }),
    });
    await wrapper.find('[data-testid="segment-new"]').trigger('click');
    await wrapper.find('[data-testid="segment-name"]').setValue('X');
    await wrapper.find('[data-testid="condition-value-0"]').setValue('pro');
    await wrapper.find('[data-testid="segment-form"]').trigger('submit');
    await flushPromises();
    const issueAt = (key: string) => wrapper.find(`[data-testid="segment-issue"][data-issue-for="${key}"]`);
    expect(issueAt('name').text()).toContain('Too small');
    expect(issueAt('modelId').text()).toBe('no published version');
    wrapper.unmount();
  });

  it('checks the rows before sending: a missing value or trait name is marked and nothing is sent', async () => {
    const { wrapper, requests } = await mountStudio('admin');
    await wrapper.find('[data-testid="segment-new"]').trigger('click');
    await wrapper.find('[data-testid="segment-name"]').setValue('Big');
    await wrapper.find('[data-testid="condition-field-0"]').setValue('seats');
    await wrapper.find('[data-testid="condition-value-0"]').setValue('lots');
    await wrapper.find('[data-testid="condition-add"]').trigger('click');
    await wrapper.find('[data-testid="condition-field-1"]').setValue('trait');
    await wrapper.find('[data-testid="condition-value-1"]').setValue('x');
    await wrapper.find('[data-testid="segment-form"]').trigger('submit');
    await flushPromises();
    expect(sent(requests, 'POST', '/api/segments')).toHaveLength(0);
    const issueAt = (key: string) => wrapper.find(`[data-testid="segment-issue"][data-issue-for="${key}"]`);
    expect(issueAt('conditions.0.value').text()).toBe('Enter a number.');
    expect(issueAt('conditions.1.field').text()).toBe('Enter the trait’s name.');
    wrapper.unmount();
  });

  it.each(['viewer', 'csm'] as const)('shows a %s the segments without any write control', async (role) => {
    const { wrapper } = await mountStudio(role);
    expect(rowIds(wrapper)).toEqual(['enterprise', 'smb', 'renewing', 'default']);
    expect(wrapper.text()).toContain('only admins can change them');
    for (const id of [
      'segment-new',
      'segment-move-up',
      'segment-move-down',
      'segment-edit',
      'segment-delete',
    ])
      expect(wrapper.find(`[data-testid="${id}"]`).exists()).toBe(false);
    const first = row(wrapper, 'enterprise');
    expect(first.attributes('draggable')).toBeUndefined();
    expect(first.attributes('tabindex')).toBeUndefined();
    expect(wrapper.find('input, select, textarea').exists()).toBe(false);
    wrapper.unmount();
  });

  it('renders a segment name and a trait name as text, never as markup', async () => {
    const evil = '<img src=x onerror=alert(1)>';
    const list = segmentList();
    list[0] = segment('evil', evil, 1, { conditions: [{ field: 'traits.<b>x</b>', op: 'eq', value: evil }] });
    const { wrapper } = await mountStudio('admin', 'segments', {}, list);
    expect(row(wrapper, 'evil').find('[data-testid="segment-row-name"]').text()).toBe(evil);
    expect(row(wrapper, 'evil').find('[data-testid="segment-rule"]').text()).toBe(
      `trait “<b>x</b>” is “${evil}”`,
    );
    await row(wrapper, 'evil').find('[data-testid="segment-move-down"]').trigger('click');
    await flushPromises();
    expect(wrapper.find('[data-testid="segment-announcement"]').text()).toBe(
      `${evil} moved to position 2 of 3`,
    );
    expect(wrapper.find('img').exists()).toBe(false);
    expect(wrapper.find('b').exists()).toBe(false);
    wrapper.unmount();
  });
});
