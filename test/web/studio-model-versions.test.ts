import { describe, expect, it, vi } from 'vitest';
import { errorBody } from './fetch';
import { byTestId, config, model, settle, setUpModelsTab, studioRoutes, type } from './studio-model-fixtures';

const open = setUpModelsTab();

describe('Models tab: publish, history, diff and rollback', () => {
  it('publishes the saved draft with its note and shows the new history', async () => {
    let current = model(config([60, 20, 20]));
    const publish = vi.fn(() => {
      const next = model();
      const draft = current.versions[0];
      if (draft)
        next.versions.unshift({
          ...draft,
          status: 'published',
          note: 'Login matters more',
          publishedBy: 'ana@example.com',
          publishedAt: '2026-11-02T10:00:00.000Z',
        });
      for (const v of next.versions.slice(1)) v.status = 'retired';
      current = next;
      return { body: { id: 'default', publishedVersion: 3 } };
    });
    const { server } = await open(
      studioRoutes('admin', {
        'GET /api/models/default': () => ({ body: current }),
        'POST /api/models/default/publish': publish,
      }),
    );
    const rows = () => [...document.querySelectorAll<HTMLElement>('[data-testid="version-row"]')];
    expect(rows().map((r) => r.dataset.version)).toEqual(['3', '2', '1']);
    expect(rows()[0]?.dataset.status).toBe('draft');
    expect(rows()[1]?.textContent).toContain('Spring weights');
    expect(rows()[1]?.textContent).toContain('ana@example.com');

    // Unsaved edits block publishing until saved.
    await type(byTestId('measure-weight-login'), '55');
    expect((byTestId('publish') as HTMLButtonElement).disabled).toBe(true);
    await type(byTestId('measure-weight-login'), '60');
    expect((byTestId('publish') as HTMLButtonElement).disabled).toBe(false);

    await type(byTestId('publish-note'), '  Login matters more ');
    byTestId('publish').click();
    await settle();
    expect(server.requests.find((r) => r.url === '/api/models/default/publish')?.body).toEqual({
      note: 'Login matters more',
    });
    expect(rows()[0]?.dataset.status).toBe('published');
    expect(rows()[0]?.textContent).toContain('Login matters more');
    expect((byTestId('publish') as HTMLButtonElement).disabled).toBe(true);
    expect((byTestId('publish-note') as HTMLTextAreaElement).value).toBe('');
  });

  it('compares any two versions side by side: added, removed and changed', async () => {
    const { server } = await open(
      studioRoutes('admin', { 'GET /api/models/default': () => ({ body: model(config([60, 20, 20])) }) }),
    );
    expect((byTestId('diff-from') as HTMLSelectElement).value).toBe('2');
    expect((byTestId('diff-to') as HTMLSelectElement).value).toBe('3');
    await type(byTestId('diff-from'), '1');
    expect(server.requests.at(-1)?.url).toBe('/api/models/default/diff?from=1&to=3');
    expect(byTestId('diff-added').textContent).toContain('Seat activation');
    expect(byTestId('diff-added').textContent).toContain('weight 10 %');
    expect(byTestId('diff-removed').textContent).toContain('CSM rating');
    const change = byTestId('diff-changed').querySelector('[data-testid="diff-change"]');
    expect([...(change?.children ?? [])].map((c) => c.textContent?.trim())).toEqual([
      'Login rateWeight (%)',
      '40',
      '60',
    ]);
    expect(byTestId('diff-changed').textContent).toContain('Version 1');
    expect(byTestId('diff-tiers').textContent).toContain('From score');
    expect(byTestId('diff-settings').textContent).toContain('50 %');
    expect(byTestId('diff-settings').textContent).toContain('25 %');
  });

  it('offers to discard an open draft when a rollback is refused with 409, then rolls back', async () => {
    let draftOpen = true;
    const rollback = vi.fn(() =>
      draftOpen
        ? { status: 409, body: errorBody('CONFLICT', "model 'default' has an open draft (version 3)") }
        : { body: { id: 'default', publishedVersion: 4 } },
    );
    const discard = vi.fn(() => {
      draftOpen = false;
      return { status: 204 };
    });
    const { server } = await open(
      studioRoutes('admin', {
        'GET /api/models/default': () => ({ body: draftOpen ? model(config([60, 20, 20])) : model() }),
        'POST /api/models/default/rollback': rollback,
        'DELETE /api/models/default/draft': discard,
      }),
    );
    expect(document.querySelector('[data-testid="rollback-2"]')).toBeNull(); // the published one
    byTestId('rollback-1').click();
    await settle();
    await type(byTestId('rollback-note'), 'Back to v1');
    byTestId('rollback-submit').click();
    await settle();
    expect(rollback).toHaveBeenCalledTimes(1);
    expect(byTestId('rollback-conflict').textContent).toContain('A draft is open');
    expect(discard).not.toHaveBeenCalled();

    byTestId('rollback-discard-draft').click();
    await settle();
    const writes = server.requests.filter(
      (r) => r.method !== 'GET' && !r.url.includes('validate') && !r.url.includes('preview'),
    );
    expect(writes.map((r) => `${r.method} ${r.url}`)).toEqual([
      'POST /api/models/default/rollback',
      'DELETE /api/models/default/draft',
      'POST /api/models/default/rollback',
    ]);
    expect(writes[2]?.body).toEqual({ version: 1, note: 'Back to v1' });
    expect(document.querySelector('[data-testid="rollback-confirm"]')).toBeNull();
  });
});
