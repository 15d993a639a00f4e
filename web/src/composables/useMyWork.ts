import { computed } from 'vue';
import { groupByDue, WORK_GROUPS } from '../../../shared/tasks/due';
import { type AlertPage, listAlerts } from '../api/alerts';
import { listTasks, type Task, updateTask } from '../api/tasks';
import { useApi } from './useApi';
import { useAuth } from './useAuth';
import { useLoader } from './useLoader';
import { useTaskCounts } from './useTaskCounts';

/** Today as the API counts due days: the UTC calendar day. */
export const utcToday = (now: Date = new Date()) => now.toISOString().slice(0, 10);

/**
 * "My work": the member's open tasks grouped overdue / today / this week / later (from `today`), their open
 * assigned alerts, and the complete and reschedule actions (each reloads the list and the nav badge).
 * @example const work = useMyWork(); work.groups.value.overdue
 */
export function useMyWork(options: { today?: () => string } = {}) {
  const api = useApi();
  const auth = useAuth();
  const { refresh } = useTaskCounts();
  const today = options.today ?? (() => utcToday());
  const tasks = useLoader((signal) => listTasks(api, { owner: 'me', status: 'open', limit: 200 }, signal));
  const alerts = useLoader(async (signal): Promise<AlertPage> => {
    await auth.ensureLoaded();
    const email = auth.member.value?.email;
    // Only a signed-in member has alerts of their own (an API token has no email to be assigned).
    if (!email) return { items: [], nextCursor: null };
    return listAlerts(api, { status: 'open', assignee: email, limit: 50 }, signal);
  });
  const groups = computed(() => groupByDue(tasks.data.value?.items ?? [], today()));

  async function change(task: Task, patch: Parameters<typeof updateTask>[2]): Promise<void> {
    await updateTask(api, task.id, patch);
    await Promise.all([tasks.reload(), refresh()]);
  }

  return {
    tasks,
    alerts,
    groups,
    groupNames: WORK_GROUPS,
    today,
    complete: (task: Task) => change(task, { status: 'done' }),
    reschedule: (task: Task, dueDate: string) => change(task, { dueDate }),
  };
}
