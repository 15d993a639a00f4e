import { shallowRef } from 'vue';
import { type TaskCounts, taskCounts } from '../api/tasks';
import { useApi } from './useApi';

// One badge for the whole shell: the nav reads it, My work and the task panels refresh it after a change.
const counts = shallowRef<TaskCounts | null>(null);

/**
 * The signed-in member's open tasks overdue and due today, as the navigation badge shows them.
 * @example const { badge, refresh } = useTaskCounts(); await refresh()
 */
export function useTaskCounts() {
  const api = useApi();
  async function refresh(): Promise<void> {
    try {
      counts.value = await taskCounts(api);
    } catch {
      // A badge is a hint: a failed count leaves the last one (or none) rather than an error in the menu.
    }
  }
  const badge = () => (counts.value ? counts.value.overdue + counts.value.today : 0);
  return { counts, badge, refresh };
}
