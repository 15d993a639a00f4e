import type { VueWrapper } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  byTestId,
  config,
  model,
  mountModels,
  settle,
  studioRoutes,
  type,
  validationFailed,
} from './studio-model-fixtures';

const mounted: VueWrapper[] = [];
async function open(...args: Parameters<typeof mountModels>) {
  const result = await mountModels(...args);
  mounted.push(result.wrapper);
  return result;
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
});
afterEach(() => {
  for (const w of mounted.splice(0)) w.unmount();
  vi.useRealTimers();
});

describe('Models tab: picking and creating models', () => {
  it('opens the default segment’s model, says which segments use it, and follows ?model=', async () => {
    const { server, router } = await open(
      studioRoutes('admin', {
        'GET /api/models/enterprise': () => ({ body: model(undefined, 'enterprise') }),
      }),
    );
    const select = byTestId('model-select') as HTMLSelectElement;
    expect(select.value).toBe('default');
    expect([...select.options].map((o) => o.textContent?.trim())).toEqual([
      'Default model (default)',
      'Enterprise (enterprise)',
    ]);
    expect(byTestId('model-used-by').textContent).toContain('Large, All accounts');

    await type(select, 'enterprise');
    await settle();
    expect(router.currentRoute.value.query.model).toBe('enterprise');
    expect(server.requests.some((r) => r.url === '/api/models/enterprise')).toBe(true);
    expect(byTestId('model-used-by').textContent).toContain('No segment uses this model yet');
  });

  it('creates a model from a copy of the published default model and opens it', async () => {
    const created = vi.fn((req: { body: unknown }) => {
      const body = req.body as { id: string; name: string };
      return { status: 201, body: { ...model(undefined, body.id), name: body.name } };
    });
    const { server, router } = await open(
      studioRoutes('admin', {
        'POST /api/models': (req) =>
          (req.body as { id: string }).id === 'taken'
            ? validationFailed([{ path: ['id'], message: "model 'taken' exists" }])
            : created(req),
        'GET /api/models/large': () => ({ body: model(undefined, 'large') }),
      }),
    );
    byTestId('model-new').click();
    await settle();
    byTestId('model-create-submit').click();
    await settle();
    expect(byTestId('model-create').textContent).toContain('Start with a letter');
    expect(server.requests.some((r) => r.method === 'POST' && r.url === '/api/models')).toBe(false);

    await type(byTestId('model-create-id'), 'taken');
    await type(byTestId('model-create-name'), 'Large accounts');
    byTestId('model-create-submit').click();
    await settle();
    expect(byTestId('model-create').textContent).toContain("model 'taken' exists");

    await type(byTestId('model-create-id'), 'large');
    byTestId('model-create-submit').click();
    await settle();
    const body = server.requests.filter((r) => r.url === '/api/models' && r.method === 'POST').at(-1)?.body;
    expect(body).toEqual({ id: 'large', name: 'Large accounts', config: config() });
    expect(router.currentRoute.value.query.model).toBe('large');
    expect(document.querySelector('[data-testid="model-create"]')).toBeNull();
  });
});
