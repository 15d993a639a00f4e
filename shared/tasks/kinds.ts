// The enumerations of tasks, a leaf module: alert rules (playbook templates) and contracts import it.

/** Task priorities, least urgent first. */
export const TASK_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type TaskPriority = (typeof TASK_PRIORITIES)[number];

/** Task statuses: `open` until done or cancelled; `done` may go back to `open`. */
export const TASK_STATUSES = ['open', 'done', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** Where a task came from. */
export const TASK_SOURCES = ['manual', 'alert', 'playbook', 'touchpoint'] as const;
export type TaskSource = (typeof TASK_SOURCES)[number];
