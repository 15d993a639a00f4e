import type {
  CreateGoalInput,
  CreateTaskInput,
  Goal,
  Task,
  TaskCounts,
  TaskPage,
  UpdateGoalInput,
  UpdateTaskInput,
} from '../../../shared/contracts/tasks';
import type { ApiClient } from './client';

export type { Goal, Task, TaskCounts, TaskPage };

export interface ListTasksParams {
  /** `me` or a member's email. */
  owner?: string;
  status?: 'open' | 'done';
  due?: 'overdue' | 'today' | 'week';
  /** Account external id. */
  account?: string;
  limit?: number;
  cursor?: string | null;
}

/**
 * One page of tasks, earliest due first.
 * @example const { items } = await listTasks(api, { owner: 'me', status: 'open' })
 */
export function listTasks(api: ApiClient, params: ListTasksParams, signal?: AbortSignal): Promise<TaskPage> {
  return api.get<TaskPage>('/api/tasks', { query: { ...params }, signal });
}

/** The caller's open tasks by due window, for the navigation badge. */
export function taskCounts(api: ApiClient, signal?: AbortSignal): Promise<TaskCounts> {
  return api.get<TaskCounts>('/api/tasks/counts', { query: { owner: 'me' }, signal });
}

/** `POST /api/tasks` */
export function createTask(api: ApiClient, input: CreateTaskInput): Promise<Task> {
  return api.post<Task>('/api/tasks', input);
}

/** `PATCH /api/tasks/:id`: complete, reopen, reschedule … */
export function updateTask(api: ApiClient, id: number, patch: UpdateTaskInput): Promise<Task> {
  return api.patch<Task>(`/api/tasks/${id}`, patch);
}

/** `POST /api/alerts/:id/task`: the alert's task, created now or already there. */
export function alertToTask(api: ApiClient, alertId: number): Promise<Task> {
  return api.post<Task>(`/api/alerts/${alertId}/task`, {});
}

/** An account's success plan. */
export function listGoals(
  api: ApiClient,
  externalId: string,
  signal?: AbortSignal,
): Promise<{ items: Goal[] }> {
  return api.get<{ items: Goal[] }>(`/api/accounts/${encodeURIComponent(externalId)}/goals`, { signal });
}

export function createGoal(api: ApiClient, externalId: string, input: CreateGoalInput): Promise<Goal> {
  return api.post<Goal>(`/api/accounts/${encodeURIComponent(externalId)}/goals`, input);
}

export function updateGoal(api: ApiClient, id: number, patch: UpdateGoalInput): Promise<Goal> {
  return api.patch<Goal>(`/api/goals/${id}`, patch);
}

export function deleteGoal(api: ApiClient, id: number): Promise<void> {
  return api.delete(`/api/goals/${id}`);
}
