import { describe, expect, it, vi } from 'vitest';
import {
  byTestId,
  config,
  model,
  settle,
  setUpModelsTab,
  studioRoutes,
  type,
  validationFailed,
} from './studio-model-fixtures';

const open = setUpModelsTab();

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

describe('Models tab: unsaved edits', () => {
  const withEnterprise = () =>
    studioRoutes('admin', { 'GET /api/models/enterprise': () => ({ body: model(undefined, 'enterprise') }) });
  const weight = () => byTestId('measure-weight-login') as HTMLInputElement;
  const select = () => byTestId('model-select') as HTMLSelectElement;
  const QUESTION = 'This draft has unsaved changes. Leave it and lose them?';
  // happy-dom has no dialogs: the browser's confirm is stubbed (and unstubbed after each test by setup.ts).
  const stubConfirm = (answer: boolean) => {
    const confirm = vi.fn((_question: string) => answer);
    vi.stubGlobal('confirm', confirm);
    return confirm;
  };

  it('asks before another model replaces unsaved edits, and stays on this one when declined', async () => {
    const { router, server } = await open(withEnterprise());
    await type(weight(), '60');
    const confirm = stubConfirm(false);

    await type(select(), 'enterprise');
    await settle();
    expect(confirm).toHaveBeenCalledExactlyOnceWith(QUESTION);
    expect(router.currentRoute.value.query.model).toBeUndefined();
    expect(select().value).toBe('default');
    expect(weight().value).toBe('60');
    expect(byTestId('draft-dirty')).toBeTruthy();
    expect(server.requests.some((r) => r.url === '/api/models/enterprise')).toBe(false);

    confirm.mockReturnValue(true);
    await type(select(), 'enterprise');
    await settle();
    expect(confirm).toHaveBeenCalledTimes(2);
    expect(router.currentRoute.value.query.model).toBe('enterprise');
    expect(select().value).toBe('enterprise');
    expect(server.requests.some((r) => r.url === '/api/models/enterprise')).toBe(true);
    expect(document.querySelector('[data-testid="draft-dirty"]')).toBeNull();
  });

  it('asks before leaving the page with unsaved edits: declined stays, accepted leaves', async () => {
    const { router } = await open(withEnterprise());
    await type(weight(), '60');
    const confirm = stubConfirm(false);

    await router.push('/accounts/acme');
    await settle();
    expect(confirm).toHaveBeenCalledExactlyOnceWith(QUESTION);
    expect(router.currentRoute.value.name).toBe('studio');
    expect(weight().value).toBe('60');

    confirm.mockReturnValue(true);
    await router.push('/accounts/acme');
    await settle();
    expect(router.currentRoute.value.name).toBe('account');
    expect(document.querySelector('[data-testid="model-editor"]')).toBeNull();
  });

  it('asks nothing when no edit would be lost', async () => {
    const { router } = await open(withEnterprise());
    const confirm = stubConfirm(false);
    // Edited, but the same model stays open (another studio tab keeps it).
    await type(weight(), '60');
    await router.replace({ name: 'studio', params: { tab: 'segments' } });
    expect(router.currentRoute.value.params.tab).toBe('segments');
    // Saved nothing, changed nothing: switch freely.
    await type(weight(), '50');
    await type(select(), 'enterprise');
    await settle();
    expect(router.currentRoute.value.query.model).toBe('enterprise');
    await router.push('/accounts/acme');
    expect(router.currentRoute.value.name).toBe('account');
    expect(confirm).not.toHaveBeenCalled();
  });
});
