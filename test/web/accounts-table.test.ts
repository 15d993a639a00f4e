import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defineComponent } from 'vue';
import { createMemoryHistory, createRouter } from 'vue-router';
import {
  CHANGE_WINDOWS as CONTRACT_CHANGE_WINDOWS,
  DEFAULT_CHANGE_DAYS as CONTRACT_DEFAULT_CHANGE_DAYS,
} from '../../shared/contracts/accounts';
import { CHANGE_WINDOWS, DEFAULT_CHANGE_DAYS } from '../../web/src/api/accounts';
import {
  parseTableQuery,
  sortFor,
  sortOrderOf,
  toListParams,
  toTableQuery,
  useAccountsTable,
} from '../../web/src/composables/useAccountsTable';
import { i18n } from '../../web/src/i18n';
import { fakeApi } from './fetch';

const page = (total: number) => ({ items: [], nextCursor: null, total });

async function mountTable(path: string) {
  const server = fakeApi({ 'GET /api/accounts': () => ({ body: page(120) }) });
  vi.stubGlobal('fetch', server.fetch);
  let table!: ReturnType<typeof useAccountsTable>;
  const Host = defineComponent({
    setup() {
      table = useAccountsTable({ debounceMs: 200 });
      return () => null;
    },
  });
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [{ path: '/accounts', component: Host }],
  });
  await router.push(path);
  const wrapper = mount(Host, { global: { plugins: [i18n, router] } });
  await flushPromises();
  return { wrapper, router, table, requests: server.requests };
}

const queryOf = (url: string) => Object.fromEntries(new URL(url, 'http://x').searchParams);

afterEach(() => {
  vi.useRealTimers();
});

describe('accounts table view ⇄ URL', () => {
  it('reads a shared link, dropping values the API would reject', () => {
    const view = parseTableQuery({
      q: 'acme',
      tier: 'red,yellow,',
      stage: 'renewal',
      sort: '-arr',
      page: '3',
      size: '50',
      owner: 'me',
    });
    expect(view).toEqual({
      q: 'acme',
      tier: ['red', 'yellow'],
      segment: null,
      owner: 'me',
      stage: 'renewal',
      sort: '-arr',
      changeDays: 7,
      page: 3,
      pageSize: 50,
    });
    const junk = parseTableQuery({ stage: 'zombie', sort: '-colour', page: '-2', size: '7', change: '14' });
    expect([junk.stage, junk.sort, junk.page, junk.pageSize, junk.changeDays]).toEqual([
      null,
      null,
      1,
      25,
      7,
    ]);
  });

  it('writes only what differs from the defaults, and round-trips', () => {
    const view = parseTableQuery({});
    expect(toTableQuery(view)).toEqual({});
    const shared = { ...view, tier: ['red'], sort: '-score' as const, page: 2, pageSize: 100 };
    expect(toTableQuery(shared)).toEqual({ tier: 'red', sort: '-score', page: '2', size: '100' });
    expect(parseTableQuery(toTableQuery(shared) as Record<string, string>)).toEqual(shared);
    const month = { ...view, changeDays: 30 as const };
    expect(toTableQuery(month)).toEqual({ change: '30' });
    expect(parseTableQuery({ change: '1' }).changeDays).toBe(1);
  });

  it('offers the change windows the API declares, with the same default', () => {
    expect(CHANGE_WINDOWS).toEqual([...CONTRACT_CHANGE_WINDOWS]);
    expect(DEFAULT_CHANGE_DAYS).toBe(CONTRACT_DEFAULT_CHANGE_DAYS);
  });

  it('pages by offset: page 3 of 25 skips 50 rows', () => {
    const params = toListParams({ ...parseTableQuery({}), page: 3, pageSize: 25, segment: 'smb' });
    expect(params).toMatchObject({ limit: 25, offset: 50, segment: 'smb' });
  });

  it('maps header clicks to sort keys and back', () => {
    expect(sortFor('score', 'descend')).toBe('-score');
    expect(sortFor('arr', 'ascend')).toBe('arr');
    expect(sortFor('arr', false)).toBeNull();
    expect(sortFor('tier', 'ascend')).toBeNull();
    expect(sortOrderOf('-lastSeen', 'lastSeen')).toBe('descend');
    expect(sortOrderOf('-lastSeen', 'name')).toBe(false);
  });
});

describe('useAccountsTable', () => {
  it('requests what the URL says', async () => {
    const { requests, wrapper } = await mountTable('/accounts?tier=red,yellow&sort=-arr&page=2&owner=me');
    expect(requests).toHaveLength(1);
    expect(queryOf(requests[0]!.url)).toEqual({
      tier: 'red,yellow',
      sort: '-arr',
      owner: 'me',
      limit: '25',
      offset: '25',
    });
    wrapper.unmount();
  });

  it('a filter change goes to the URL, back to page 1, and reloads', async () => {
    const { requests, router, table, wrapper } = await mountTable('/accounts?page=4');
    await table.update({ stage: 'growth' });
    await flushPromises();
    expect(router.currentRoute.value.query).toEqual({ stage: 'growth' });
    expect(queryOf(requests.at(-1)!.url)).toMatchObject({ stage: 'growth', offset: '0' });
    await table.setSort('score', 'descend');
    await flushPromises();
    expect(router.currentRoute.value.query).toEqual({ stage: 'growth', sort: '-score' });
    await table.setPage(2);
    await flushPromises();
    expect(router.currentRoute.value.query).toEqual({ stage: 'growth', sort: '-score', page: '2' });
    expect(queryOf(requests.at(-1)!.url)).toMatchObject({ sort: '-score', offset: '25' });
    expect(table.exportUrl.value).toBe('/api/accounts/export.csv?stage=growth&sort=-score');
    // The change window goes to the URL, the list and the export alike.
    await table.update({ changeDays: 30 });
    await flushPromises();
    expect(router.currentRoute.value.query).toEqual({ stage: 'growth', sort: '-score', change: '30' });
    expect(queryOf(requests.at(-1)!.url)).toMatchObject({ changeDays: '30', offset: '0' });
    expect(table.exportUrl.value).toBe('/api/accounts/export.csv?stage=growth&sort=-score&changeDays=30');
    wrapper.unmount();
  });

  it('debounces the search box into the URL', async () => {
    vi.useFakeTimers();
    const { requests, router, table, wrapper } = await mountTable('/accounts');
    table.search.value = 'ac';
    await vi.advanceTimersByTimeAsync(100);
    table.search.value = 'acme';
    await vi.advanceTimersByTimeAsync(150);
    expect(requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(100);
    await flushPromises();
    expect(router.currentRoute.value.query).toEqual({ q: 'acme' });
    expect(requests).toHaveLength(2);
    expect(queryOf(requests[1]!.url).q).toBe('acme');
    wrapper.unmount();
  });

  it('follows the URL when it changes underneath (back button)', async () => {
    const { router, table, requests, wrapper } = await mountTable('/accounts?q=acme');
    expect(table.search.value).toBe('acme');
    await router.replace('/accounts?q=globex');
    await flushPromises();
    expect(table.search.value).toBe('globex');
    expect(queryOf(requests.at(-1)!.url).q).toBe('globex');
    wrapper.unmount();
  });
});
