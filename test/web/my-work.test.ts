import { flushPromises, mount, RouterLinkStub } from '@vue/test-utils';
import { describe, expect, it, vi } from 'vitest';
import type { Task } from '../../web/src/api/tasks';
import SuccessPlan from '../../web/src/components/account/SuccessPlan.vue';
import { i18n } from '../../web/src/i18n';
import MyWorkView from '../../web/src/views/MyWorkView.vue';
import { fakeApi } from './fetch';

const TODAY = '2026-05-01';
const ana = { id: 1, email: 'ana@example.com', name: 'Ana', role: 'csm' as const };

const task = (id: number, dueDate: string, title = `Task ${id}`): Task => ({
  id,
  account: 'acme',
  accountName: 'Acme',
  title,
  ownerEmail: ana.email,
  dueDate,
  priority: 'normal',
  status: 'open',
  source: 'manual',
  alertId: null,
  alertTitle: null,
  alertMessages: null,
  touchpointId: null,
  ruleId: null,
  createdBy: ana.email,
  completedAt: null,
  createdAt: '2026-04-01T00:00:00.000Z',
  updatedAt: '2026-04-01T00:00:00.000Z',
});

function mountWork(tasks: Task[]) {
  let open = [...tasks];
  const server = fakeApi({
    'GET /api/auth/me': () => ({ body: { member: ana, csrfToken: 'c1', actor: {} } }),
    'GET /api/tasks': () => ({ body: { items: open, nextCursor: null } }),
    'GET /api/tasks/counts': () => ({ body: { overdue: 0, today: 0, week: 0 } }),
    'GET /api/alerts': () => ({
      body: {
        items: [{ id: 9, account: 'acme', accountName: 'Acme', title: '<b>Usage fell</b>' }],
        nextCursor: null,
      },
    }),
    'PATCH /api/tasks/2': (req) => {
      const patch = req.body as Partial<Pick<Task, 'status' | 'dueDate'>>;
      if (patch.status === 'done') open = open.filter((t) => t.id !== 2);
      else open = open.map((t) => (t.id === 2 ? { ...t, ...patch } : t));
      return { body: open.find((t) => t.id === 2) ?? { ...tasks[1], status: 'done' } };
    },
  });
  vi.stubGlobal('fetch', server.fetch);
  const wrapper = mount(MyWorkView, {
    props: { today: TODAY },
    global: { plugins: [i18n], stubs: { RouterLink: RouterLinkStub } },
  });
  return { wrapper, server };
}

const titlesIn = (wrapper: ReturnType<typeof mount>, group: string) =>
  wrapper.findAll(`[data-testid="work-group-${group}"] [data-testid="task-title"]`).map((w) => w.text());

describe('My work', () => {
  it('groups my open tasks into overdue, today, this week and later, and lists my alerts as text', async () => {
    const { wrapper, server } = mountWork([
      task(1, '2026-04-28'),
      task(2, '2026-05-01', '<img src=x onerror=alert(1)>'),
      task(3, '2026-05-05'),
      task(4, '2026-06-01'),
    ]);
    await flushPromises();
    expect(titlesIn(wrapper, 'overdue')).toEqual(['Task 1']);
    expect(titlesIn(wrapper, 'today')).toEqual(['<img src=x onerror=alert(1)>']);
    expect(titlesIn(wrapper, 'week')).toEqual(['Task 3']);
    expect(titlesIn(wrapper, 'later')).toEqual(['Task 4']);
    expect(wrapper.find('img').exists()).toBe(false);
    expect(wrapper.find('[data-testid="work-alert-9"]').text()).toContain('<b>Usage fell</b>');
    const taskQuery = new URL(server.requests.find((r) => r.url.startsWith('/api/tasks?'))!.url, 'http://x');
    expect(taskQuery.searchParams.get('owner')).toBe('me');
    expect(taskQuery.searchParams.get('status')).toBe('open');
    const alertQuery = new URL(server.requests.find((r) => r.url.startsWith('/api/alerts'))!.url, 'http://x');
    expect(alertQuery.searchParams.get('assignee')).toBe(ana.email);
    wrapper.unmount();
  });

  it('completes a task and reschedules one with a preset, then reloads', async () => {
    const { wrapper, server } = mountWork([task(1, '2026-04-28'), task(2, '2026-04-30')]);
    await flushPromises();
    const row = () => wrapper.find('[data-testid="task-2"]');
    await row().find('[data-testid="task-reschedule"]').setValue('tomorrow');
    await flushPromises();
    const patches = () => server.requests.filter((r) => r.method === 'PATCH');
    expect(patches()[0]!.body).toEqual({ dueDate: '2026-05-02' });
    expect(titlesIn(wrapper, 'week')).toEqual(['Task 2']);

    await row().find('[data-testid="task-complete"]').trigger('click');
    await flushPromises();
    expect(patches()[1]!.body).toEqual({ status: 'done' });
    expect(wrapper.find('[data-testid="task-2"]').exists()).toBe(false);
    wrapper.unmount();
  });

  it('shows the Chinese strings', async () => {
    i18n.global.locale.value = 'zh';
    const { wrapper } = mountWork([task(1, '2026-04-28')]);
    await flushPromises();
    expect(wrapper.find('h1').text()).toBe('我的工作');
    expect(wrapper.find('[data-testid="work-group-overdue"] h2').text()).toContain('已逾期');
    expect(wrapper.find('[data-testid="task-complete"]').text()).toBe('完成');
    wrapper.unmount();
  });
});

describe('Success plan', () => {
  const goal = {
    id: 5,
    account: 'acme',
    title: '<script>x</script> Annual report',
    targetDate: '2026-12-01',
    status: 'planned',
    note: null,
    createdAt: '2026-04-01T00:00:00.000Z',
    updatedAt: '2026-04-01T00:00:00.000Z',
  };

  it('lists goals as text and lets a CSM add a goal and change a status inline', async () => {
    let goals = [goal];
    const server = fakeApi({
      'GET /api/accounts/acme/goals': () => ({ body: { items: goals } }),
      'POST /api/accounts/acme/goals': (req) => {
        const g = { ...goal, id: 6, ...(req.body as object) };
        goals = [...goals, g];
        return { status: 201, body: g };
      },
      'PATCH /api/goals/5': (req) => {
        goals = goals.map((g) => (g.id === 5 ? { ...g, ...(req.body as object) } : g));
        return { body: goals[0] };
      },
    });
    vi.stubGlobal('fetch', server.fetch);
    const wrapper = mount(SuccessPlan, {
      props: { externalId: 'acme', editable: true },
      global: { plugins: [i18n] },
    });
    await flushPromises();
    expect(wrapper.find('[data-testid="goal-5"] [data-testid="goal-title"]').text()).toBe(goal.title);
    expect(wrapper.find('script').exists()).toBe(false);

    await wrapper.find('[data-testid="goal-5"] [data-testid="goal-status"]').setValue('at_risk');
    await flushPromises();
    expect(server.requests.find((r) => r.method === 'PATCH')!.body).toEqual({ status: 'at_risk' });

    await wrapper.find('[data-testid="goal-new-title"]').setValue('Onboarding done');
    await wrapper.find('[data-testid="goal-new-date"]').setValue('2026-06-01');
    await wrapper.find('[data-testid="goal-form"]').trigger('submit');
    await flushPromises();
    expect(server.requests.find((r) => r.method === 'POST')!.body).toEqual({
      title: 'Onboarding done',
      targetDate: '2026-06-01',
    });
    expect(wrapper.findAll('[data-testid="goal-title"]').map((w) => w.text())).toContain('Onboarding done');
    wrapper.unmount();
  });

  it('is read-only for a viewer', async () => {
    const server = fakeApi({ 'GET /api/accounts/acme/goals': () => ({ body: { items: [goal] } }) });
    vi.stubGlobal('fetch', server.fetch);
    const wrapper = mount(SuccessPlan, {
      props: { externalId: 'acme', editable: false },
      global: { plugins: [i18n] },
    });
    await flushPromises();
    expect(wrapper.find('[data-testid="goal-form"]').exists()).toBe(false);
    expect(wrapper.find('[data-testid="goal-status"]').exists()).toBe(false);
    expect(wrapper.find('[data-testid="goal-status-text"]').text()).toBe('Planned');
    wrapper.unmount();
  });
});
