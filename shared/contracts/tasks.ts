import { z } from 'zod';
import { alertMessagesSchema } from '../alerts/messages';
import { DUE_FILTERS } from '../tasks/due';
import { TASK_PRIORITIES, TASK_SOURCES, TASK_STATUSES } from '../tasks/kinds';
import { calendarDayInput } from './revenue';

// Tasks (CTAs) and success plans. Days are real calendar `YYYY-MM-DD` (UTC); timestamps ISO 8601.

const isoTimestamp = z.iso.datetime({ offset: true }).meta({ description: 'ISO 8601 timestamp' });

const ownerEmail = z
  .string()
  .trim()
  .max(320)
  .pipe(z.email())
  .transform((s) => s.toLowerCase())
  .meta({ description: "The owning member's email, stored lower-cased.", example: 'csm@example.com' });

const title = z.string().trim().min(1, 'a task needs a title').max(200).meta({ example: 'Call the sponsor' });

/** `/api/tasks/:id`, `/api/goals/:id` */
export const taskIdParam = z.object({ id: z.coerce.number().int().positive() });

/** `POST /api/tasks`: the owner defaults to the caller, the priority to `normal`. */
export const createTaskInput = z
  .object({
    accountExternalId: z.string().min(1).max(256),
    title,
    dueDate: calendarDayInput,
    ownerEmail: ownerEmail.optional().meta({ description: 'Default: the caller.' }),
    priority: z.enum(TASK_PRIORITIES).default('normal'),
    alertId: z.number().int().positive().optional().meta({ description: 'An alert of the same account.' }),
  })
  .strict()
  .meta({ id: 'CreateTaskInput' });
export type CreateTaskInput = z.input<typeof createTaskInput>;

/** `PATCH /api/tasks/:id`: `done` stamps `completedAt`, back to `open` clears it. At least one field. */
export const updateTaskInput = z
  .object({
    status: z.enum(TASK_STATUSES).optional(),
    title: title.optional(),
    dueDate: calendarDayInput.optional(),
    ownerEmail: ownerEmail.nullable().optional(),
    priority: z.enum(TASK_PRIORITIES).optional(),
  })
  .strict()
  .refine((v) => Object.keys(v).length > 0, 'change at least one field')
  .meta({ id: 'UpdateTaskInput' });
export type UpdateTaskInput = z.input<typeof updateTaskInput>;

/** A follow-up task created with a touchpoint (`POST /api/accounts/:externalId/touchpoints`). */
export const followUpInput = z.object({ title, dueDate: calendarDayInput }).strict().meta({
  id: 'FollowUpInput',
  description: 'Creates an open task owned by the caller, linked to the touchpoint.',
});

/** `GET /api/tasks`: keyset paging by due day then id. */
export const listTasksQuery = z.object({
  owner: z
    .string()
    .trim()
    .min(1)
    .max(320)
    .optional()
    .meta({ description: '`me` (the caller) or an email; absent: every owner.' }),
  status: z.enum(['open', 'done']).optional(),
  due: z.enum(DUE_FILTERS).optional().meta({
    description:
      '`overdue` before today, `today`, `week` today and the next 6 days (UTC days of the request).',
  }),
  account: z.string().min(1).max(256).optional().meta({ description: "The account's external id." }),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z
    .string()
    .max(64)
    .regex(/^\d{4}-\d{2}-\d{2}~\d{1,15}$/, 'not a cursor this API made')
    .optional()
    .meta({ description: 'The `nextCursor` of the previous page.' }),
});
export type ListTasksQuery = z.infer<typeof listTasksQuery>;

/** One task. */
export const taskSchema = z
  .object({
    id: z.number().int().positive(),
    account: z.string().meta({ description: "The account's external id." }),
    accountName: z.string(),
    title: z.string(),
    ownerEmail: z.string().nullable(),
    dueDate: z.string(),
    priority: z.enum(TASK_PRIORITIES),
    status: z.enum(TASK_STATUSES),
    source: z.enum(TASK_SOURCES),
    alertId: z.number().int().nullable(),
    alertTitle: z.string().nullable(),
    alertMessages: alertMessagesSchema.nullable().meta({
      description:
        "The linked alert's texts as message keys and parameters, to show its title in the reader's language.",
    }),
    touchpointId: z.number().int().nullable(),
    ruleId: z.string().nullable(),
    createdBy: z.string(),
    completedAt: isoTimestamp.nullable(),
    createdAt: isoTimestamp,
    updatedAt: isoTimestamp,
  })
  .meta({ id: 'Task' });
export type Task = z.infer<typeof taskSchema>;

/** `GET /api/tasks` */
export const taskPageSchema = z
  .object({
    items: z.array(taskSchema),
    nextCursor: z
      .string()
      .nullable()
      .meta({ description: 'Pass as `cursor` for the next page; null at the end.' }),
  })
  .meta({ id: 'TaskPage' });
export type TaskPage = z.infer<typeof taskPageSchema>;

/** `GET /api/tasks/counts` */
export const taskCountsQuery = z.object({
  owner: z.string().trim().min(1).max(320).default('me').meta({ description: '`me` or an email.' }),
});

/** Open tasks by due window (`week` includes today). */
export const taskCountsSchema = z
  .object({ overdue: z.number().int(), today: z.number().int(), week: z.number().int() })
  .meta({ id: 'TaskCounts' });
export type TaskCounts = z.infer<typeof taskCountsSchema>;

// Success plans

/** Statuses of a success-plan goal. */
export const GOAL_STATUSES = ['planned', 'on_track', 'at_risk', 'achieved', 'missed'] as const;

/** `POST /api/accounts/:externalId/goals` */
export const createGoalInput = z
  .object({
    title: z.string().trim().min(1).max(200).meta({ example: 'Annual data report delivered' }),
    targetDate: calendarDayInput,
    status: z.enum(GOAL_STATUSES).default('planned'),
    note: z.string().trim().max(2000).nullable().optional(),
  })
  .strict()
  .meta({ id: 'CreateGoalInput' });
export type CreateGoalInput = z.input<typeof createGoalInput>;

/** `PATCH /api/goals/:id`: at least one field. */
export const updateGoalInput = z
  .object({
    title: z.string().trim().min(1).max(200).optional(),
    targetDate: calendarDayInput.optional(),
    status: z.enum(GOAL_STATUSES).optional(),
    note: z.string().trim().max(2000).nullable().optional(),
  })
  .strict()
  .refine((v) => Object.keys(v).length > 0, 'change at least one field')
  .meta({ id: 'UpdateGoalInput' });
export type UpdateGoalInput = z.input<typeof updateGoalInput>;

/** One goal of an account's success plan. */
export const goalSchema = z
  .object({
    id: z.number().int().positive(),
    account: z.string(),
    title: z.string(),
    targetDate: z.string(),
    status: z.enum(GOAL_STATUSES),
    note: z.string().nullable(),
    createdAt: isoTimestamp,
    updatedAt: isoTimestamp,
  })
  .meta({ id: 'Goal' });
export type Goal = z.infer<typeof goalSchema>;

/** `GET /api/accounts/:externalId/goals`, by target date. */
export const goalListSchema = z.object({ items: z.array(goalSchema) }).meta({ id: 'GoalList' });
