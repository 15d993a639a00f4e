import type { AlertSeverity } from '../alerts/rules';
import { addDays } from '../time';
import type { TaskPriority } from './kinds';

/** The due windows a task list can be filtered by, relative to today. */
export const DUE_FILTERS = ['overdue', 'today', 'week'] as const;
export type DueFilter = (typeof DUE_FILTERS)[number];

/** Rescheduling presets the SPA offers. */
export const DUE_PRESETS = ['today', 'tomorrow', 'in3days', 'nextWeek'] as const;
export type DuePreset = (typeof DUE_PRESETS)[number];

/** The length of "this week": today and the six days after it. */
export const WEEK_DAYS = 7;

/**
 * The due day a preset names, from `today` (a UTC `YYYY-MM-DD`); `nextWeek` is seven days on.
 * @example duePresetDay('in3days', '2026-02-27') // '2026-03-02'
 */
export function duePresetDay(preset: DuePreset, today: string): string {
  const offset = { today: 0, tomorrow: 1, in3days: 3, nextWeek: 7 }[preset];
  return addDays(today, offset);
}

/**
 * The inclusive `[from, to]` day range of a due filter (`from` null: no lower bound). `overdue` is before
 * today, `week` is today and the {@link WEEK_DAYS} − 1 days after it.
 * @example dueRange('week', '2026-05-01') // { from: '2026-05-01', to: '2026-05-07' }
 */
export function dueRange(due: DueFilter, today: string): { from: string | null; to: string } {
  if (due === 'overdue') return { from: null, to: addDays(today, -1) };
  if (due === 'today') return { from: today, to: today };
  return { from: today, to: addDays(today, WEEK_DAYS - 1) };
}

/**
 * When a task made from an alert is due and how urgent it is: a critical alert today and urgent, a
 * warning today and high, an info alert in three days at normal priority.
 * @example alertTaskDue('info', '2026-05-01') // { dueDate: '2026-05-04', priority: 'normal' }
 */
export function alertTaskDue(
  severity: AlertSeverity,
  today: string,
): { dueDate: string; priority: TaskPriority } {
  if (severity === 'critical') return { dueDate: today, priority: 'urgent' };
  if (severity === 'warning') return { dueDate: today, priority: 'high' };
  return { dueDate: addDays(today, 3), priority: 'normal' };
}

/** The groups of "My work", in the order shown. */
export const WORK_GROUPS = ['overdue', 'today', 'week', 'later'] as const;
export type WorkGroup = (typeof WORK_GROUPS)[number];

/**
 * The group of a due day: before today `overdue`, today `today`, within the week after today `week`, else
 * `later`.
 * @example workGroupOf('2026-05-03', '2026-05-01') // 'week'
 */
export function workGroupOf(dueDate: string, today: string): WorkGroup {
  if (dueDate < today) return 'overdue';
  if (dueDate === today) return 'today';
  return dueDate <= addDays(today, WEEK_DAYS - 1) ? 'week' : 'later';
}

/**
 * Items grouped by {@link workGroupOf} of their `dueDate`, each group in due order (stable for equal days).
 * @example groupByDue([{ dueDate: '2026-04-30' }], '2026-05-01').overdue.length // 1
 */
export function groupByDue<T extends { dueDate: string }>(
  items: readonly T[],
  today: string,
): Record<WorkGroup, T[]> {
  const groups: Record<WorkGroup, T[]> = { overdue: [], today: [], week: [], later: [] };
  const sorted = [...items].sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : 0));
  for (const item of sorted) groups[workGroupOf(item.dueDate, today)].push(item);
  return groups;
}

/**
 * Counts of open tasks by due window, as the navigation badge shows them (`week` includes today).
 * @example dueCounts(['2026-04-30', '2026-05-01'], '2026-05-01') // { overdue: 1, today: 1, week: 1 }
 */
export function dueCounts(
  dueDates: readonly string[],
  today: string,
): { overdue: number; today: number; week: number } {
  const weekEnd = addDays(today, WEEK_DAYS - 1);
  let overdue = 0;
  let dueToday = 0;
  let week = 0;
  for (const d of dueDates) {
    if (d < today) overdue++;
    if (d === today) dueToday++;
    if (d >= today && d <= weekEnd) week++;
  }
  return { overdue, today: dueToday, week };
}
