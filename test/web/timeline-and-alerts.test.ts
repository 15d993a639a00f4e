import { flushPromises } from '@vue/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { ref } from 'vue';
import { matchesFilters, useAlerts } from '../../web/src/composables/useAlerts';
import { useTimeline } from '../../web/src/composables/useTimeline';
import { alertItem } from './alert-fixtures';
import { fakeApi } from './fetch';
import { withSetup } from './with-setup';

const entry = (id: string) => ({
  id,
  at: '2026-11-01T00:00:00Z',
  kind: 'touchpoint',
  title: id,
  detail: null,
  actor: null,
  meta: {},
});

describe('useTimeline', () => {
  it('loads newest first, appends older pages with `before`, and stops at the end', async () => {
    const server = fakeApi({
      'GET /api/accounts/acme/timeline': (req) => {
        const before = new URL(req.url, 'http://x').searchParams.get('before');
        if (!before) return { body: { items: [entry('c'), entry('b')], nextBefore: 'cursor-1' } };
        // The page boundary repeats an entry: it must not show twice.
        return { body: { items: [entry('b'), entry('a')], nextBefore: null } };
      },
    });
    vi.stubGlobal('fetch', server.fetch);
    const { result: timeline, wrapper } = withSetup(() => useTimeline(ref('acme'), { pageSize: 2 }));
    await flushPromises();
    expect(timeline.items.value.map((i) => i.id)).toEqual(['c', 'b']);
    expect(new URL(server.requests[0]!.url, 'http://x').searchParams.get('limit')).toBe('2');
    expect(timeline.hasMore.value).toBe(true);

    await timeline.loadMore();
    expect(new URL(server.requests[1]!.url, 'http://x').searchParams.get('before')).toBe('cursor-1');
    expect(timeline.items.value.map((i) => i.id)).toEqual(['c', 'b', 'a']);
    expect(timeline.hasMore.value).toBe(false);

    await timeline.loadMore();
    expect(server.requests).toHaveLength(2);

    await timeline.reload();
    expect(new URL(server.requests[2]!.url, 'http://x').searchParams.has('before')).toBe(false);
    expect(timeline.items.value.map((i) => i.id)).toEqual(['c', 'b']);
    wrapper.unmount();
  });

  it('starts over when the account changes', async () => {
    const server = fakeApi({
      'GET /api/accounts/acme/timeline': () => ({ body: { items: [entry('acme-1')], nextBefore: null } }),
      'GET /api/accounts/globex/timeline': () => ({ body: { items: [entry('globex-1')], nextBefore: null } }),
    });
    vi.stubGlobal('fetch', server.fetch);
    const id = ref('acme');
    const { result: timeline, wrapper } = withSetup(() => useTimeline(id));
    await flushPromises();
    id.value = 'globex';
    await flushPromises();
    expect(timeline.items.value.map((i) => i.id)).toEqual(['globex-1']);
    wrapper.unmount();
  });
});

const alert = alertItem;

describe('useAlerts', () => {
  it('sends every filter to the API and reloads when one changes', async () => {
    const server = fakeApi({
      'GET /api/alerts': () => ({
        body: { items: [alert(2, { severity: 'critical' }), alert(1)], nextCursor: null },
      }),
    });
    vi.stubGlobal('fetch', server.fetch);
    const { result: inbox, wrapper } = withSetup(() =>
      useAlerts({ filters: { assignee: 'ana@example.com' }, account: () => 'acme' }),
    );
    await flushPromises();
    expect(Object.fromEntries(new URL(server.requests[0]!.url, 'http://x').searchParams)).toEqual({
      status: 'open',
      account: 'acme',
      assignee: 'ana@example.com',
      limit: '50',
    });
    inbox.filters.assignee = null;
    inbox.filters.severity = 'critical';
    await flushPromises();
    expect(server.requests).toHaveLength(2);
    expect(new URL(server.requests[1]!.url, 'http://x').searchParams.get('severity')).toBe('critical');
    expect(inbox.items.value.map((a) => a.id)).toEqual([2]);
    wrapper.unmount();
  });

  it('acts on an alert and drops it from an inbox it no longer belongs in', async () => {
    const server = fakeApi({
      'GET /api/alerts': () => ({ body: { items: [alert(2), alert(1)], nextCursor: null } }),
      'POST /api/alerts/2/assign': (req) => ({
        body: alert(2, { assignee: (req.body as { assignee: string }).assignee }),
      }),
      'POST /api/alerts/1/close': (req) => ({
        body: alert(1, { status: 'closed', closeNote: (req.body as { note?: string }).note ?? null }),
      }),
    });
    vi.stubGlobal('fetch', server.fetch);
    const { result: inbox, wrapper } = withSetup(() => useAlerts());
    await flushPromises();
    await inbox.actions.assign(2, 'ana@example.com');
    expect(server.requests.at(-1)!.body).toEqual({ assignee: 'ana@example.com' });
    expect(inbox.items.value.find((a) => a.id === 2)?.assignee).toBe('ana@example.com');
    await inbox.actions.close(1, 'Sponsor called back');
    expect(server.requests.at(-1)!.body).toEqual({ note: 'Sponsor called back' });
    expect(inbox.items.value.map((a) => a.id)).toEqual([2]);
    wrapper.unmount();
  });

  it('matches filters field by field', () => {
    const base = { status: 'open', severity: null, ruleId: null, assignee: null } as const;
    expect(matchesFilters(alert(1), base)).toBe(true);
    expect(matchesFilters(alert(1, { status: 'snoozed' }), base)).toBe(false);
    expect(matchesFilters(alert(1), { ...base, ruleId: 'other' })).toBe(false);
    expect(matchesFilters(alert(1, { assignee: 'x' }), { ...base, status: null, assignee: 'x' })).toBe(true);
  });
});
