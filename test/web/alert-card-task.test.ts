import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import AlertCard from '../../web/src/components/alerts/AlertCard.vue';
import { i18n } from '../../web/src/i18n';
import { alertItem } from './alert-fixtures';
import { fakeApi } from './fetch';

const Page = { render: () => null };
const router = createRouter({
  history: createMemoryHistory(),
  routes: [
    { path: '/', component: Page },
    { path: '/accounts/:externalId', name: 'account', component: Page },
  ],
});
const handlers = { assign: vi.fn(), snooze: vi.fn(), close: vi.fn() };

afterEach(() => vi.unstubAllGlobals());

describe('AlertCard in the inbox', () => {
  it('turns an open alert into a task for a CSM, and offers nothing to a viewer or on a closed alert', async () => {
    const server = fakeApi({
      'POST /api/alerts/5/task': () => ({
        status: 201,
        body: {
          id: 9,
          title: 'Alert 5',
          status: 'open',
          dueDate: '2026-11-02',
          priority: 'high',
          accountExternalId: 'acme',
        },
      }),
      'GET /api/tasks/counts': () => ({ body: { overdue: 0, today: 1, week: 1 } }),
    });
    vi.stubGlobal('fetch', server.fetch);
    const csm = mount(AlertCard, {
      props: { alert: alertItem(5), actions: handlers, taskButton: true },
      global: { plugins: [i18n, router] },
    });
    await csm.get('[data-testid="alert-to-task-5"]').trigger('click');
    await flushPromises();
    expect(server.requests.some((r) => r.method === 'POST' && r.url.endsWith('/api/alerts/5/task'))).toBe(
      true,
    );
    expect(csm.get('[data-testid="alert-task-done"]').text()).toContain('Alert 5');

    const viewer = mount(AlertCard, {
      props: { alert: alertItem(6), taskButton: true },
      global: { plugins: [i18n, router] },
    });
    expect(viewer.find('[data-testid="alert-to-task-6"]').exists()).toBe(false);
    const closed = mount(AlertCard, {
      props: { alert: alertItem(7, { status: 'closed' }), actions: handlers, taskButton: true },
      global: { plugins: [i18n, router] },
    });
    expect(closed.find('[data-testid="alert-to-task-7"]').exists()).toBe(false);
  });
});
